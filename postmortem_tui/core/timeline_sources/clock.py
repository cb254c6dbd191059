"""Times as sources write them, to COT: ISO 8601 / RFC 3339 with any offset (or none), syslog's
`Nov 24 09:14:03` (no year, no zone), access logs' `24/Nov/2026:09:14:03 -0500`, and epoch
seconds, milliseconds, microseconds and nanoseconds.

`datetime.fromisoformat` reads ISO 8601 (Python 3.11 takes `Z`, any fraction and `+0000`); the
other forms are a few explicit patterns. No general date parser: python-dateutil would guess
at what it does not know (and drop unknown zone names such as COT), and costs its import.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..timeutil import COT

MONTHS = {
    m: i for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_ZONE_ALIASES = {"COT": COT, "UTC": dt.UTC, "Z": dt.UTC, "GMT": dt.UTC}


def zone(name: str) -> dt.tzinfo:
    """A time zone from its IANA name (`America/New_York`), `COT`, `UTC`, or an offset
    (`-05:00`); `ValueError` naming it otherwise."""
    text = name.strip()
    if text.upper() in _ZONE_ALIASES:
        return _ZONE_ALIASES[text.upper()]
    m = re.fullmatch(r"(?:UTC)?([+-])(\d{1,2})(?::?(\d{2}))?", text, re.IGNORECASE)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        delta = dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        if delta < dt.timedelta(hours=24):
            return dt.timezone(sign * delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f'unknown time zone "{text}": give an IANA name such as America/New_York, COT, UTC '
            "or an offset such as -05:00"
        ) from None


class LocalTimes:
    """Times written without an offset, read in one zone and in the order a log writes them.

    In the hour a change of daylight saving time repeats (01:00-02:00 in New York on the first
    Sunday of November), a time earlier than the one before it is the second pass through that
    hour. Outside that hour the answer does not depend on the order, and can be cached.
    """

    def __init__(self, tz: dt.tzinfo) -> None:
        """Args:
        tz: the zone the times are in.
        """
        self.tz = tz
        self._fixed = isinstance(tz, dt.timezone)
        self._last: dt.datetime | None = None
        self._second_pass = False

    def resolve(self, naive: dt.datetime) -> tuple[dt.datetime, bool]:
        """The time in COT, and whether it is the same whatever came before (cacheable)."""
        if self._fixed:
            return naive.replace(tzinfo=self.tz).astimezone(COT), True
        first = naive.replace(tzinfo=self.tz, fold=0)
        second = naive.replace(tzinfo=self.tz, fold=1)
        last, self._last = self._last, naive
        if first.utcoffset() == second.utcoffset():
            self._second_pass = False
            return first.astimezone(COT), True
        if last is not None and naive < last:
            self._second_pass = True
        return (second if self._second_pass else first).astimezone(COT), False


def syslog_year(month: int, day: int, near: dt.date) -> int:
    """The year of a syslog date (which has none): the one putting it nearest the incident."""
    best: tuple[int, int] | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            distance = abs((dt.date(year, month, day) - near).days)
        except ValueError:  # 29 February of a year without one
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return near.year if best is None else best[1]


def epoch(value: float | int | str) -> dt.datetime:
    """An epoch time in COT, in seconds, milliseconds, microseconds or nanoseconds (told apart
    by size: any of them for dates between 1973 and 2286)."""
    number = float(value)
    magnitude = abs(number)
    if magnitude >= 1e17:
        number /= 1e9
    elif magnitude >= 1e14:
        number /= 1e6
    elif magnitude >= 1e11:
        number /= 1e3
    try:
        return dt.datetime.fromtimestamp(number, COT)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"not a time: {value}") from None


def iso(text: str, tz: dt.tzinfo = COT) -> dt.datetime:
    """An ISO 8601 / RFC 3339 time in COT; one without an offset is in `tz`. `ValueError`
    otherwise."""
    when = dt.datetime.fromisoformat(text.strip())
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(COT)


def any_time(value: Any, tz: dt.tzinfo = COT) -> dt.datetime:
    """A JSON value holding a time: ISO text, or an epoch number (or its digits)."""
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value}")
    if isinstance(value, int | float):
        return epoch(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{9,19}(?:\.\d+)?", text):
            return epoch(text)
        return iso(text, tz)
    raise ValueError(f"not a time: {value!r}")
