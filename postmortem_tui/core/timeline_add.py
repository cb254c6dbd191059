"""`timeline add`: one event jotted into a draft's timeline while the incident runs, in time
order, saved at once.

It must take a moment: the draft's data is changed, not its document, since building the
pydantic model alone would double the command's start-up time. The new row is checked by the
model's own validators (`validators`), and a draft whose data is not as the tool writes it
(hand-edited times, an older schema) goes through the model instead, which says what is wrong.

While another process holds the draft's lock (the wizard has it open), the row is queued
beside the draft (`timeline_inbox`) for the wizard to take in, never written under it. A Closed
post-mortem is refused either way (the wizard would never take the row in).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import timeline_inbox, timeutil
from . import validators as v
from .draft_file import read_draft_data
from .errors import DraftError
from .locking import DraftLock, DraftLockedError, LockHolder
from .schema import SCHEMA_VERSION
from .timeline_rows import ROW_KEYS, insertion_index, row_data, source_key

if TYPE_CHECKING:
    from .store import DraftStore

SOURCE = "timeline add"
LOCK_WAIT = 1.0
"""Seconds to wait for a lock another command holds for a moment (two jots at once)."""
LONG_HELD = 2.0
"""A lock held this long is a wizard's, not a command's: the row is queued without waiting."""

_AGO_RE = re.compile(r"^-\s*(\d{1,4})\s*(m|min|h)$", re.IGNORECASE)


@dataclass(frozen=True)
class Added:
    """What `add_event` did."""

    path: Path
    row: dict[str, Any]
    index: int | None
    """Where the row went (0-based); None when it was queued."""
    rows: int
    """The timeline's rows now (0 when queued)."""
    taken: int = 0
    """Rows queued earlier (while the wizard had the draft) taken in with it."""
    queued: Path | None = None
    holder: LockHolder | None = None


def parse_at(text: str, now: dt.datetime) -> dt.datetime:
    """When `--at` says, in COT: `09:42` (today, COT), `-10m` / `-2h` ago, or a date and time
    (`2026-11-24 09:42`, ISO 8601 with any offset; without one it is COT)."""
    raw = text.strip()
    ago = _AGO_RE.match(raw)
    if ago:
        amount = int(ago.group(1))
        unit = dt.timedelta(hours=1) if ago.group(2).lower() == "h" else dt.timedelta(minutes=1)
        return now - amount * unit
    if re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", raw):
        raw = raw[: raw.rindex(":")]
    if len(raw) <= 5:
        try:
            t = v.parse_hhmm(raw, "--at")
        except ValueError:
            pass
        else:
            if t is not None:
                return dt.datetime.combine(now.date(), t, tzinfo=timeutil.COT)
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise DraftError(
            f'--at must be a time such as 09:42 (COT), -10m, or 2026-11-24T09:42-05:00; got "{raw}"'
        ) from None
    if when.tzinfo is None:
        return when.replace(tzinfo=timeutil.COT)
    return when.astimezone(timeutil.COT)


def new_row(text: str, actor: str, when: dt.datetime, noted: dt.datetime) -> dict[str, Any]:
    """The row of a jotted event, checked as the model checks typed text; `noted` is when it
    was jotted (kept as where it came from, and unique to it)."""
    event = _checked(text, "The event").strip()
    if not event:
        raise DraftError("the event text is empty: say what happened")
    who = _checked(actor, "The actor").strip()
    stamp = noted.astimezone(timeutil.COT).isoformat(timespec="microseconds")
    return row_data(
        when.astimezone(timeutil.COT).time().replace(second=0, microsecond=0),
        event,
        who,
        source=SOURCE,
        source_time=stamp,
        key=source_key("add", stamp, event),
    )


def _checked(text: str, what: str) -> str:
    try:
        v.check_size(text, what)
    except ValueError as exc:
        raise DraftError(str(exc)) from None
    return v.clean_text(text)


def in_progress(store: DraftStore, today: dt.date) -> list[Path]:
    """The drafts in progress today: status Draft, and dated or saved today (COT)."""
    found = []
    stamp = today.strftime("%Y%m%d")
    for path in sorted(store.draft_paths()):
        try:
            saved = dt.datetime.fromtimestamp(path.stat().st_mtime, timeutil.COT).date()
        except OSError:
            continue
        if path.stem[4:12] != stamp and saved != today:
            continue
        try:
            data = read_draft_data(path)
        except DraftError:
            continue
        header = data.get("header")
        header = header if isinstance(header, dict) else {}
        dated = str(header.get("date", "")) == today.isoformat()
        if header.get("status", "Draft") == "Draft" and (dated or saved == today):
            found.append(path)
    return found


def take_lock(path: Path) -> DraftLock | LockHolder | None:
    """The draft's lock, or who holds it: waits a moment for a command's short hold, not for
    a wizard's (None: held, holder unknown)."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        lock = DraftLock(path)
        try:
            lock.acquire()
            return lock
        except DraftLockedError as exc:
            holder = exc.holder
            held = (
                LONG_HELD + 1
                if holder is None
                else (dt.datetime.now().astimezone() - holder.since).total_seconds()
            )
            if held > LONG_HELD or time.monotonic() > deadline:
                return holder
        time.sleep(0.02)


def add_event(store: DraftStore, path: Path, row: dict[str, Any]) -> Added:
    """Put `row` (`new_row`) into the draft at `path` in time order and save it; or queue it
    while another process has the draft open. Rows queued earlier are taken in with it."""
    if not path.is_file():
        raise DraftError(f"{path}: no such draft")
    lock = take_lock(path)
    if not isinstance(lock, DraftLock):
        # Read as the wizard last saved it: a Closed one takes no queued row either.
        _refuse_closed(read_draft_data(path), path)
        return Added(path, row, None, 0, queued=timeline_inbox.queue(path, row), holder=lock)
    try:
        queued = timeline_inbox.pending(path)
        data = read_draft_data(path)
        _refuse_closed(data, path)
        placed = _add_to_data(data, [*queued, row])
        if placed is None:
            placed = _add_with_model(store, path, [*queued, row])
        else:
            store.save_snapshot(data, path)
        timeline_inbox.forget(path, [r["source_key"] for r in queued])
    finally:
        lock.release()
    index, rows, taken = placed
    return Added(path, row, index, rows, taken=taken)


def _refuse_closed(data: dict[str, Any], path: Path) -> None:
    from .read_only import ensure_editable_data

    ensure_editable_data(data, path.stem)  # says how to reopen it


def _time_of(value: object) -> dt.time | bool | None:
    """A row's time from the data; False when it is not as the tool writes it."""
    if value is None:
        return None
    if not isinstance(value, str):
        return False
    try:
        return v.parse_hhmm(value, "Time")
    except ValueError:
        return False


def _add_to_data(
    data: dict[str, Any], rows: list[dict[str, Any]]
) -> tuple[int, int, int] | None:
    """Insert `rows` (the last one the new row) into the data's timeline: the new row's index,
    the rows now, how many earlier ones went in; None if the data is not as the tool writes it
    (the model then does it, and says what is wrong)."""
    timeline = data.get("timeline")
    header = data.get("header", {})
    if data.get("schema_version") != SCHEMA_VERSION or not isinstance(timeline, list):
        return None
    if not isinstance(header, dict) or not all(isinstance(r, dict) for r in timeline):
        return None
    start = _time_of(header.get("start_time"))
    times = [_time_of(r.get("time")) for r in timeline]
    if start is False or any(t is False for t in times):
        return None
    keys = {r.get("source_key") for r in timeline}
    index, taken = -1, 0
    for row in rows:
        t = _time_of(row.get("time"))
        if not isinstance(t, dt.time) or row.get("source_key") in keys:
            continue
        clean = _clean_row(row)
        if clean is None:
            continue  # a queued row spoilt by hand is no event; the others still go in
        keys.add(row["source_key"])
        index = insertion_index(start, times, t)  # type: ignore[arg-type]
        timeline.insert(index, clean)
        times.insert(index, t)
        taken += 1
    return index, len(timeline), max(taken - 1, 0)


def _clean_row(row: dict[str, Any]) -> dict[str, Any] | None:
    """A row's known keys in the model's order, if each is text within the model's limits."""
    clean = {k: row[k] for k in ROW_KEYS if k != "milestone" and k in row}
    for value in clean.values():
        if not isinstance(value, str) or len(value) > v.MAX_TEXT_CHARS:
            return None
    return {k: v.clean_text(value) for k, value in clean.items()}


def _add_with_model(
    store: DraftStore, path: Path, rows: list[dict[str, Any]]
) -> tuple[int, int, int]:
    from pydantic_core import ValidationError

    from .draft_file import read_draft
    from .model import TimelineEvent, error_message
    from .timeline_rows import insert_events

    doc = read_draft(path)
    events = []
    for row in rows:
        try:
            events.append(TimelineEvent.model_validate(row))
        except ValidationError as exc:
            if row is rows[-1]:
                raise DraftError(error_message(exc)) from None
            # A queued row spoilt by hand is no event; the others still go in.
    added = insert_events(doc, events)
    store.save(doc, path)
    new = events[-1] if events else None
    index = next((i for i, r in enumerate(doc.timeline) if r is new), -1)
    return index, len(doc.timeline), max(len(added) - 1, 0)
