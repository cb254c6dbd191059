"""Rows put into a timeline from outside its table (`timeline add`, `timeline import`, the
wizard's "Import events"): where a row goes in time order, the key that says where it came
from, and a row as the draft holds it.

Pure and free of the model's imports: `timeline add` works on a draft's data (pydantic would
double its start-up time), the importers on the model; both place rows by the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .timeutil import format_hhmm, offset_from

if TYPE_CHECKING:
    from .model import PostMortem, TimelineEvent

ROW_KEYS = (
    "time", "event", "actor", "milestone", "source", "source_time", "source_key", "full_text",
)
"""A timeline row's keys in the draft, in the model's order (`TimelineEvent`): a row written
from data is the same text as one the wizard writes."""


def source_key(family: str, original_time: str, text: str) -> str:
    """What identifies an event of a source, whatever file it is read from: its kind (zsh,
    pagerduty, ...), its timestamp as written there, and its full text."""
    import hashlib  # here: the wizard imports this module on opening, and rarely hashes

    digest = hashlib.sha256(f"{family}\0{original_time}\0{text}".encode("utf-8", "replace"))
    return digest.hexdigest()[:20]


def anchor(start: dt.time | None, times: Sequence[dt.time | None]) -> dt.time | None:
    """What times are read against: the start time, else the first timed row (the model's
    `timeline_anchor`)."""
    if start is not None:
        return start
    return next((t for t in times if t is not None), None)


def insertion_index(start: dt.time | None, times: Sequence[dt.time | None], new: dt.time) -> int:
    """Where a row at `new` goes among rows at `times`: after the last timed row at or before
    it, so before the untimed rows that follow that one (milestones not reached yet); else just
    before the first timed row; at the end of a timeline without times."""
    base = anchor(start, times)
    if base is None:
        return len(times)
    offset = offset_from(base, new)
    after: int | None = None
    first: int | None = None
    for index, t in enumerate(times):
        if t is None:
            continue
        if first is None:
            first = index
        if offset_from(base, t) <= offset:
            after = index + 1
    if after is not None:
        return after
    return first if first is not None else len(times)


def row_data(
    time: dt.time,
    event: str,
    actor: str,
    *,
    source: str | None = None,
    source_time: str | None = None,
    key: str | None = None,
    full_text: str | None = None,
    milestone: str | None = None,
) -> dict[str, Any]:
    """A row as the draft's TOML data holds it (what `toml_writer.snapshot` makes of a
    `TimelineEvent`): the time as HH:MM, what is None left out."""
    values = {
        "time": format_hhmm(time), "event": event, "actor": actor, "milestone": milestone,
        "source": source, "source_time": source_time, "source_key": key, "full_text": full_text,
    }
    return {k: values[k] for k in ROW_KEYS if values[k] is not None}


def known_keys(rows: Iterable[TimelineEvent]) -> set[str]:
    """The source keys of a timeline's rows: what an import must not add again."""
    return {row.source_key for row in rows if row.source_key}


def insert_events(doc: PostMortem, rows: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    """Put timed `rows` into the document's timeline in time order (those at the same minute
    in the order given, after the rows already there); the rows put in.

    Rows whose source key the timeline already holds are left out: putting in the same events
    twice adds nothing.
    """
    keys = known_keys(doc.timeline)
    added: list[TimelineEvent] = []
    for row in rows:
        if row.time is None or (row.source_key and row.source_key in keys):
            continue
        times = [r.time for r in doc.timeline]
        doc.timeline.insert(insertion_index(doc.header.start_time, times, row.time), row)
        if row.source_key:
            keys.add(row.source_key)
        added.append(row)
    return added
