"""Log files: a time on each line (ISO 8601 / RFC 3339, syslog, access logs, epoch numbers, or
JSON lines with a time field), read as a stream.

A log may be hundreds of megabytes: it is read once, a line at a time as bytes; a line is
decoded only when its time is inside the window, and the time of a line is parsed once per
distinct second (the lines of one second share it). Memory holds the events in the window,
which are limited to what a timeline may hold. A gzip-compressed log (a rotated one) is read
the same way. Lines without a time (stack traces, continuation lines) are counted, not events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple, cast

from ..timeutil import COT
from ..validators import MAX_ROWS
from .clock import MONTHS, LocalTimes, any_time, syslog_year
from .event import ReadOptions, SourceError, SourceEvent, SourceReport
from .text import clean, mask_secrets

FAMILY = "log"
HEAD = 120
"""Bytes at the start of a line searched for its time."""
SECONDS_KEPT = 4096
"""Seconds whose time is kept for the next lines (a log goes forward: the recent ones)."""

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
_ISO = re.compile(
    rb"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)([.,]\d{1,9})?(Z|z|[+-]\d{2}(?::?\d{2})?)?"
    rb"(?![\d:])"
)
_SYSLOG = re.compile(
    rb"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2})"
    rb"(\.\d{1,9})?(?!\d)"
)
_ACCESS = re.compile(
    rb"\[(\d{2})/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d{2}:\d{2}:\d{2})"
    rb" ([+-]\d{4})\]"
)
_EPOCH = re.compile(rb"^\[?(\d{10}|\d{13}|\d{16}|\d{19})(\.\d{1,9})?(?![\d:])")
_SYSLOG_TAIL = re.compile(r"^(?P<host>\S+) (?P<prog>[^\s:\[]+)(?:\[\d+\])?: ?(?P<msg>.*)$", re.S)
_JSON_TIME_KEYS = ("time", "timestamp", "ts", "@timestamp", "t", "datetime", "date", "eventTime")
_JSON_TEXT_KEYS = ("msg", "message", "event", "log", "text")
_JSON_LEVEL_KEYS = ("level", "severity", "lvl", "levelname")
_JSON_ACTOR_KEYS = ("service", "app", "logger", "component", "name", "source")

_ZEROS = bytes.maketrans(b"123456789", b"000000000")


class Stamp(NamedTuple):
    """Where a line's time is and what it is."""

    when: dt.datetime
    """In COT, to the second."""
    start: int
    end: int
    fraction: bytes
    """The fraction of a second as written (`.043`), or empty."""


class _Layout(NamedTuple):
    """Where the timestamp of the last line read was, to read the next one without a search:
    lines of one log mostly share it."""

    start: int
    end: int
    shape: bytes
    """The timestamp with its digits as 0s: a line whose bytes there look the same has it."""
    key: tuple[tuple[int, int], tuple[int, int]]
    """The two parts of the line that make its time to the second (not the fraction)."""
    fraction: tuple[int, int]


class _Clock:
    """Finds and reads the time of a log line, keeping to the form the log has used so far.

    The time of a line is read once per distinct second: a line whose timestamp sits where the
    last one's did, in the same shape, is looked up by its bytes (the second and the offset).
    """

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.local = LocalTimes(options.tz)
        self.day = options.day or dt.datetime.now(COT).date()
        self.cache: dict[bytes, dt.datetime] = {}
        self.layout: _Layout | None = None
        self.syslog = False
        """Whether the last time found was a syslog one (its line names host and program)."""
        self.lasting = True
        """Whether the last time found is the same whatever came before (see `LocalTimes`)."""
        self.readers: list[Callable[[bytes], tuple[Stamp, _Layout, bool] | None]] = [
            self._iso, self._access, self._syslog, self._epoch,
        ]
        self.bad: list[tuple[bytes, str]] = []

    def stamp(self, head: bytes) -> Stamp | None:
        layout = self.layout
        if layout is not None and head[layout.start : layout.end].translate(_ZEROS) == (
            layout.shape
        ):
            (a, b), (c, d) = layout.key
            when = self.cache.get(head[a:b] + head[c:d])
            if when is not None:
                self.lasting = True
                a, b = layout.fraction
                return Stamp(when, layout.start, layout.end, head[a:b])
        for i, reader in enumerate(self.readers):
            found = reader(head)
            if found is not None:
                stamp, layout, lasting = found
                if i:  # this log's form first from now on
                    self.readers.insert(0, self.readers.pop(i))
                self.syslog = reader == self._syslog
                self.layout = layout
                self.lasting = lasting
                if lasting:
                    if len(self.cache) > SECONDS_KEPT:
                        self.cache.clear()
                    (a, b), (c, d) = layout.key
                    self.cache[head[a:b] + head[c:d]] = stamp.when
                return stamp
        return None

    def _found(
        self, head: bytes, m: re.Match[bytes], when: dt.datetime, lasting: bool,
        key: tuple[tuple[int, int], tuple[int, int]], fraction: tuple[int, int],
    ) -> tuple[Stamp, _Layout, bool]:
        start, end = m.span()
        shape = head[start:end].translate(_ZEROS)
        return (
            Stamp(when, start, end, head[fraction[0] : fraction[1]]),
            _Layout(start, end, shape, key, fraction),
            lasting,
        )

    def _iso(self, head: bytes) -> tuple[Stamp, _Layout, bool] | None:
        m = _ISO.search(head)
        if m is None:
            return None
        date, clock, _, offset = m.groups()
        text = f"{date.decode()}T{clock.decode()}{(offset or b'').decode()}"
        try:
            when = dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError as exc:
            self.bad.append((m.group(), str(exc)))
            return None
        lasting = True
        if when.tzinfo is not None:
            when = when.astimezone(COT)
        else:
            when, lasting = self.local.resolve(when)
        key = ((m.start(1), m.end(2)), m.span(4))
        return self._found(head, m, when, lasting, key, m.span(3))

    def _syslog(self, head: bytes) -> tuple[Stamp, _Layout, bool] | None:
        m = _SYSLOG.search(head, 0, 40)
        if m is None:
            return None
        month, day, clock, _ = m.groups()
        mon, mday = MONTHS[month.decode()], int(day)
        h, mi, s = (int(x) for x in clock.split(b":"))
        try:
            naive = dt.datetime(syslog_year(mon, mday, self.day), mon, mday, h, mi, s)
        except ValueError as exc:
            self.bad.append((m.group(), str(exc)))
            return None
        when, lasting = self.local.resolve(naive)
        key = ((m.start(1), m.end(3)), (0, 0))
        return self._found(head, m, when, lasting, key, m.span(4))

    def _access(self, head: bytes) -> tuple[Stamp, _Layout, bool] | None:
        m = _ACCESS.search(head)
        if m is None:
            return None
        day, month, year, clock, offset = m.groups()
        h, mi, s = (int(x) for x in clock.split(b":"))
        sign = -1 if offset[:1] == b"-" else 1
        try:
            tz = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:])))
            local = dt.datetime(int(year), MONTHS[month.decode()], int(day), h, mi, s, tzinfo=tz)
        except ValueError as exc:
            self.bad.append((m.group(), str(exc)))
            return None
        end = m.end()
        return self._found(head, m, local.astimezone(COT), True, (m.span(), (0, 0)), (end, end))

    def _epoch(self, head: bytes) -> tuple[Stamp, _Layout, bool] | None:
        m = _EPOCH.match(head)
        if m is None:
            return None
        start = m.start(1)
        try:
            when = dt.datetime.fromtimestamp(int(head[start : start + 10]), COT)
        except (OverflowError, OSError, ValueError):
            return None
        # The digits after the tenth are the fraction (milliseconds, ...), then any written one.
        fraction = (start + 10, m.end(1)) if m.end(1) > start + 10 else m.span(2)
        return self._found(head, m, when, True, ((start, start + 10), (0, 0)), fraction)


def _with_fraction(when: dt.datetime, fraction: bytes) -> dt.datetime:
    digits = fraction.lstrip(b".,")[:6]
    if not digits.isdigit():
        return when
    return when.replace(microsecond=int(digits.decode().ljust(6, "0")))


def _open(path: Path) -> tuple[IO[bytes], Callable[[], int]]:
    """The file as bytes (gunzipped if it is compressed), and how far into it reading is."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if raw.read(2) == b"\x1f\x8b":
        import gzip

        raw.seek(0)
        unzipped = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
        return unzipped, raw.tell
    raw.seek(0)
    return raw, raw.tell


def _message(text: str, start: int, end: int) -> str:
    """The line without its timestamp and the brackets and separators around it."""
    rest = (text[:start] + " " + text[end:]).replace("[ ]", " ").replace("[]", "")
    return " ".join(rest.replace("()", "").split()).strip(" -|:,")


def _json_line(
    line: bytes, options: ReadOptions, actor: str
) -> tuple[dt.datetime, str, str, str] | None:
    """A JSON log line's time (COT), message, actor and timestamp as written; None without a
    time."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    stamp = next((record[k] for k in _JSON_TIME_KEYS if k in record), None)
    if stamp is None:
        return None
    try:
        when = any_time(stamp, options.tz)
    except ValueError:
        return None
    text = next((str(record[k]) for k in _JSON_TEXT_KEYS if record.get(k) not in (None, "")),
                "")
    level = next((str(record[k]) for k in _JSON_LEVEL_KEYS if record.get(k)), "")
    if level and text:
        text = f"{level.upper()} {text}"
    if not text:
        text = json.dumps({k: v for k, v in record.items() if k not in _JSON_TIME_KEYS},
                          ensure_ascii=False)
    who = next((str(record[k]) for k in _JSON_ACTOR_KEYS if isinstance(record.get(k), str)),
               actor)
    return when, text, who, str(stamp)


class _Lines:
    """What a log's lines give, one line at a time (all but the quickest case)."""

    def __init__(self, path: Path, options: ReadOptions, report: SourceReport) -> None:
        self.path = path
        self.options = options
        self.report = report
        self.clock = _Clock(options)
        self.actor = path.name.split(".")[0] or "System"
        self.lo = options.since or dt.datetime.min.replace(tzinfo=COT)
        self.hi = options.until or dt.datetime.max.replace(tzinfo=COT)
        self.seconds_outside: set[bytes] = set()
        """The bytes of the seconds seen outside the window, where the log writes them
        (`key`): a later line with those bytes there is outside too, a lookup only."""
        self.key = (0, 0, 0, 0)

    def event(self, raw: bytes, number: int) -> SourceEvent | None:
        report = self.report
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            return None
        if line[:1] == b"{":
            found = _json_line(line, self.options, self.actor)
            if found is None:
                report.untimed += 1
                return None
            when, message, who, original = found
            if when < self.lo or when > self.hi:
                report.outside += 1
                return None
            full = clean(line.decode("utf-8", "replace"), one_line=True)
            text = clean(message, one_line=True)
        else:
            head = line[:HEAD]
            if b"\x1b" in head:
                line = _ANSI.sub(b"", line)
                head = line[:HEAD]
            clock = self.clock
            stamp = clock.stamp(head)
            if stamp is None:
                report.untimed += 1
                return None
            when, start, end, fraction = stamp
            layout = clock.layout
            if layout is not None:
                (a, b), (c, d) = layout.key
                self.key = (a, b, c, d)
            if when < self.lo or when > self.hi:
                if layout is not None and clock.lasting:
                    if len(self.seconds_outside) > SECONDS_KEPT:
                        self.seconds_outside.clear()
                    self.seconds_outside.add(head[a:b] + head[c:d])
                report.outside += 1
                return None
            when = _with_fraction(when, fraction)
            if when > self.hi:
                report.outside += 1
                return None
            full = clean(line.decode("utf-8", "replace"), one_line=True)
            # Where the timestamp is in the decoded line: after what the bytes before it are.
            start_c = len(line[:start].decode("utf-8", "replace"))
            end_c = start_c + (end - start)
            original = full[start_c:end_c]
            text, who = _message(full, start_c, end_c), self.actor
            if clock.syslog:
                tail = _SYSLOG_TAIL.match(text)
                if tail:
                    text, who = tail.group("msg"), tail.group("prog")
        if self.options.grep is not None and not self.options.grep.search(full):
            report.left_out += 1
            return None
        return SourceEvent(
            when=when, text=mask_secrets(text) or "(empty line)", actor=who, family=FAMILY,
            source=str(self.path), line=number, original=original,
        )


def read_log(
    path: Path,
    options: ReadOptions,
    *,
    progress: Callable[[int], None] | None = None,
    limit: int = MAX_ROWS,
) -> SourceReport:
    """The events of a log file inside the window (`--grep` applied to the whole line)."""
    report = SourceReport(path, FAMILY)
    lines = _Lines(path, options, report)
    outside = lines.seconds_outside
    events: list[SourceEvent] = []
    number = skipped = 0
    a = b = c = d = 0
    stream, where = _open(path)
    try:
        with stream:
            for number, raw in enumerate(stream, start=1):
                if not number & 0x3FFF and progress is not None:
                    progress(where())
                # Most lines of a big log: a second already seen outside the window.
                if raw[a:b] + raw[c:d] in outside:
                    skipped += 1
                    continue
                event = lines.event(raw, number)
                a, b, c, d = lines.key
                if event is None:
                    continue
                events.append(event)
                if len(events) > limit:
                    raise SourceError(
                        path,
                        f"more than {limit:,} events in the window: narrow it (--since, "
                        "--until) or keep the lines that matter (--grep)",
                    )
    except (OSError, EOFError) as exc:  # a truncated gzip, a read error
        reason = getattr(exc, "strerror", None) or exc
        raise SourceError(path, f"cannot read: {reason}", number) from None
    report.outside += skipped
    for text, reason in lines.clock.bad[:3]:
        report.note(f"a time that is not one was skipped: {text.decode(errors='replace')} "
                    f"({reason})")
    if number and not events and not report.outside and not report.left_out:
        raise SourceError(path, "no line has a time this reader knows (ISO 8601, syslog, an "
                                "access log's, epoch): not a log? --format names the source")
    events.sort(key=lambda e: e.when)
    report.events = events
    return report


def head_has_times(head: bytes) -> bool:
    """Whether the first lines of a file look like a log (for detecting the format)."""
    clock = _Clock(ReadOptions())
    lines = [line for line in head.splitlines()[:50] if line.strip()]
    timed = sum(
        1 for line in lines
        if (line[:1] == b"{" and _json_line(line, ReadOptions(), "") is not None)
        or clock.stamp(_ANSI.sub(b"", line[:HEAD])) is not None
    )
    return bool(lines) and timed * 3 >= len(lines)
