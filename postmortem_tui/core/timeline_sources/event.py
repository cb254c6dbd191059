"""What every source reader gives: events in COT with where they came from, the options a
reader follows, the one error a source that cannot be read raises, and reading a file whole."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DraftError
from ..timeline_rows import source_key
from ..timeutil import COT


class SourceError(DraftError):
    """A source, or a record in it, cannot be read: the message names the file and the line
    (or the record), and nothing is imported from any source."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def read_bytes(path: Path, limit: int, too_large: str) -> bytes:
    """The whole file at `path`, of at most `limit` bytes; else `SourceError` saying
    `too_large` (a larger file: never read whole) or why it cannot be read."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise SourceError(path, too_large)
    return raw


@dataclass(frozen=True, slots=True)
class SourceEvent:
    """One event read from a source."""

    when: dt.datetime
    """In COT."""
    text: str
    """The whole event as the source has it: a command, a log line's message, a chat message."""
    actor: str
    family: str
    """The kind of source: bash, zsh, fish, atuin, log, pagerduty, alertmanager, opsgenie,
    slack."""
    source: str
    """The file it was read from."""
    line: int
    """Where in it: a line, or the record's number in a JSON file or a database."""
    original: str
    """Its timestamp as the source writes it."""
    kind: str = ""
    """What a pager's event says about the incident: alert, ack, resolve (else empty)."""
    shell: bool = False
    """A shell command (shortened as one for the Event column)."""

    @property
    def key(self) -> str:
        """What identifies it whatever file it is read from (`timeline_rows.source_key`)."""
        return source_key(self.family, self.original, self.text)


@dataclass(frozen=True)
class ReadOptions:
    """What a reader keeps and how it reads times."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    tz: dt.tzinfo = COT
    """The zone of times written without an offset."""
    day: dt.date | None = None
    """The incident's date: the year of syslog times, which have none."""
    grep: re.Pattern[str] | None = None
    """Log lines (and chat messages) are kept only where this matches."""

    def keeps(self, when: dt.datetime) -> bool:
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until
        )


@dataclass
class SourceReport:
    """What reading one source gave."""

    path: Path
    family: str
    events: list[SourceEvent] = field(default_factory=list)
    """In the window, in time order."""
    outside: int = 0
    """Events outside the window."""
    untimed: int = 0
    """Lines or records without a time that could be read (continuation lines, stack traces)."""
    left_out: int = 0
    """Events read and left out on purpose (`--grep`, trivial commands, notifications)."""
    notes: list[str] = field(default_factory=list)
    """What a person should know (the first lines with a bad date, ...)."""

    def note(self, text: str, limit: int = 3) -> None:
        if len(self.notes) < limit:
            self.notes.append(text)


def to_cot(when: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """An aware time in COT; a naive one is read in `tz`."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(COT)


def from_epoch(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, COT)
