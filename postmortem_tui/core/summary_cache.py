"""The summaries cache: what listings show of each draft, kept in one hidden file of the drafts
folder under each draft's name and stat, so a listing reads only the drafts that changed.

{"stamp": summaries.cache_stamp(), "drafts": {file name: {"stat": [...], **Summary.to_row()}}}
An unreadable draft's error is kept without its path, which depends on how the folder is named.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import write_atomic
from .draft_file import parse_draft, read_bytes
from .errors import DraftError

if TYPE_CHECKING:
    from .summaries import Summary

SUMMARIES_FILE = ".summaries.json"
"""The cache of what listings show of each draft (hidden: never taken for a draft)."""


@dataclass(frozen=True)
class DraftSummary:
    """One file of the drafts folder as listings show it (`DraftStore.summaries`)."""

    path: Path
    modified: dt.datetime
    summary: Summary

    @property
    def incident_id(self) -> str:
        return self.path.stem

    @property
    def error(self) -> str | None:
        """Why the draft cannot be read, naming the file; None when it can."""
        return self.summary.error



def list_summaries(folder: Path, paths: Iterable[Path], today: dt.date) -> list[DraftSummary]:
    """What listings show of the drafts `paths` of `folder`, newest first.

    A cache that cannot be read, or that other code wrote, is ignored and rewritten; one that
    cannot be written (a read-only folder) is done without.
    """
    from . import summaries

    cache = folder / SUMMARIES_FILE
    # The folder's review settings decide what blocks and what is weak, as the code does.
    stamp = {**summaries.cache_stamp(), "review": _settings_key(folder)}
    cached = read_cache(cache, stamp)
    rows: dict[str, Any] = {}
    found: list[DraftSummary] = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        key = stat_key(st)
        row = cached.get(path.name)
        summary = _cached_summary(row, key, path, today)
        if summary is not None:
            rows[path.name] = row
        else:
            summary, lasting = _summarize(path, today)
            if lasting:
                rows[path.name] = _summary_row(summary, key, path)
        modified = dt.datetime.fromtimestamp(st.st_mtime).astimezone()
        found.append(DraftSummary(path, modified, summary))
    if rows != cached and folder.is_dir():
        write_cache(cache, stamp, rows)
    found.sort(key=lambda i: (i.modified, i.path.name), reverse=True)
    return found


def _settings_key(folder: Path) -> list[int] | None:
    """The stat key of the folder's review settings, None without them."""
    from .review.config import FILE_NAME

    try:
        return stat_key((folder / FILE_NAME).stat())
    except OSError:
        return None


def _summarize(path: Path, today: dt.date) -> tuple[Summary, bool]:
    """The summary of a draft file, and whether it lasts as long as the file is unchanged (not
    when the file could not be read: permissions and I/O errors pass)."""
    from . import summaries

    try:
        raw = read_bytes(path)
    except DraftError as exc:
        return summaries.unreadable(str(exc)), False
    try:
        doc = parse_draft(raw, path)
    except DraftError as exc:
        return summaries.unreadable(str(exc)), str(exc).startswith(f"{path}: ")
    return summaries.summarize(doc, today), True


def _summary_row(summary: Summary, key: list[int], path: Path) -> dict[str, Any]:
    row = summary.to_row()
    if summary.error is not None:
        row["error"] = summary.error.removeprefix(f"{path}: ")
    return {"stat": key, **row}


def _cached_summary(
    row: Any, key: list[int], path: Path, today: dt.date
) -> Summary | None:
    """The cached summary of an unchanged file that still holds today; None to read the file."""
    from .summaries import Summary

    if not isinstance(row, dict) or row.get("stat") != key:
        return None
    try:
        summary = Summary.from_row({k: v for k, v in row.items() if k != "stat"})
    except ValueError:
        return None
    if not summary.holds_on(today):
        return None
    if summary.error is not None:
        summary = dataclasses.replace(summary, error=f"{path}: {summary.error}")
    return summary


def code_stamp() -> list[str]:
    """The core's modules, each by name, size and modification time: a cache written by other
    code (a changed check, reader or model) is not used."""
    code = []
    core = Path(__file__).parent
    # Sub-packages too: a section's checks (core/sections/) change the percentages as well.
    for path in sorted(core.rglob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        code.append(f"{path.relative_to(core).as_posix()}:{st.st_size}:{st.st_mtime_ns}")
    return code


def stat_key(st: os.stat_result) -> list[int]:
    """What a cached row is kept under besides the file's name: it changes whenever the file
    does (a save replaces the file: a new inode and ctime, whatever the mtime)."""
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def read_cache(cache: Path, stamp: dict[str, Any]) -> dict[str, Any]:
    """The rows of a cache file written with `stamp`; none if it is missing, unreadable or
    written otherwise."""
    try:
        fd = os.open(cache, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as stream:
            data = json.loads(stream.read())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    rows = data.get("drafts")
    return rows if isinstance(rows, dict) else {}


def write_cache(cache: Path, stamp: dict[str, Any], rows: dict[str, Any]) -> None:
    """Write a cache file; one that cannot be written (a read-only folder) is done without."""
    text = json.dumps({"stamp": stamp, "drafts": rows}, separators=(",", ":"))
    with contextlib.suppress(DraftError, OSError):  # a cache: listing works without it
        write_atomic(cache, text)
