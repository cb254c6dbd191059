"""Colombia time (COT, UTC-5, no daylight saving) and incident durations."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

COT = timezone(timedelta(hours=-5), "COT")
DAY_MINUTES = 24 * 60
EARLY_MINUTES = 6 * 60
"""A timeline time up to this long before the start is before it, not the next day."""


def now_cot() -> datetime:
    """The current time in Colombia."""
    return datetime.now(COT)


def today_cot() -> date:
    return now_cot().date()


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def minutes_between(start: time, end: time) -> int:
    """Minutes from start to end; an end earlier than the start is the next day."""
    return (minutes_of(end) - minutes_of(start)) % DAY_MINUTES


def offset_from(anchor: time, t: time) -> int:
    """Minutes from a timeline's anchor (its start time) to `t`: negative up to six hours
    before it (the first symptom often comes before the declared start), else forward,
    crossing midnight."""
    offset = minutes_between(anchor, t)
    return offset - DAY_MINUTES if offset > DAY_MINUTES - EARLY_MINUTES else offset


def format_minutes(minutes: int) -> str:
    """`1h 35m`, `45m`, `2h`, `1d 3h 5m`."""
    days, rest = divmod(minutes, DAY_MINUTES)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d"] if days else []
    if hours:
        parts.append(f"{hours}h")
    if mins or not parts:
        parts.append(f"{mins}m")
    return " ".join(parts)


def format_hhmm(t: time | None) -> str:
    return "" if t is None else f"{t.hour:02d}:{t.minute:02d}"
