"""The actions cache: each draft's action items and follow-up reviews, kept in one hidden file
of the drafts folder under the draft's name and stat (as `summary_cache` keeps what `list`
shows), so `postmortem actions` and the home screen read only the drafts that changed.

{"stamp": {"actions_format": N, "schema_version": ..., "version": ..., "code": [...]},
 "drafts": {file name: {"stat": [...], **action_report.to_row()} | {"stat": [...], "error": ...}}}

Nothing cached depends on the day (how overdue an item is is worked out when it is shown), so
a row lasts exactly as long as its file is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .action_report import DraftActions, draft_actions, from_row, to_row
from .draft_file import parse_draft, read_bytes
from .errors import DraftError
from .summary_cache import code_stamp, read_cache, stat_key, write_cache

ACTIONS_FILE = ".actions.json"
"""The cache of each draft's action items (hidden: never taken for a draft)."""
FORMAT = 1
"""Bump when what a row holds changes: older caches are ignored."""


def _stamp() -> dict[str, Any]:
    # The release, schema and core code, as the summaries' (a changed model or reader may read a
    # draft otherwise); without loading the model, which a listing from the cache never needs.
    from .. import __version__
    from .schema import SCHEMA_VERSION

    return {
        "actions_format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "version": __version__,
        "code": code_stamp(),
    }


def list_actions(folder: Path, paths: Iterable[Path]) -> list[DraftActions]:
    """The action items and follow-ups of the drafts `paths` of `folder`, in no order.

    A cache that cannot be read, or that other code wrote, is ignored and rewritten; one that
    cannot be written (a read-only folder) is done without.
    """
    cache = folder / ACTIONS_FILE
    stamp = _stamp()
    cached = read_cache(cache, stamp)
    rows: dict[str, Any] = {}
    found: list[DraftActions] = []
    for path in paths:
        try:
            key = stat_key(path.stat())
        except OSError:
            continue
        row = cached.get(path.name)
        draft = _cached(row, key, path)
        if draft is not None:
            rows[path.name] = row
        else:
            draft, lasting = _read(path)
            if lasting:
                rows[path.name] = _row(draft, key, path)
        found.append(draft)
    if rows != cached and folder.is_dir():
        write_cache(cache, stamp, rows)
    return found


def _read(path: Path) -> tuple[DraftActions, bool]:
    """A draft's actions, and whether they last as long as the file is unchanged (not when the
    file could not be read: permissions and I/O errors pass)."""
    try:
        raw = read_bytes(path)
    except DraftError as exc:
        return DraftActions(path, error=str(exc)), False
    try:
        doc = parse_draft(raw, path)
    except DraftError as exc:
        return DraftActions(path, error=str(exc)), str(exc).startswith(f"{path}: ")
    return draft_actions(doc, path), True


def _row(draft: DraftActions, key: list[int], path: Path) -> dict[str, Any]:
    if draft.error is not None:
        # Without the path, which depends on how the folder is named.
        return {"stat": key, "error": draft.error.removeprefix(f"{path}: ")}
    return {"stat": key, **to_row(draft)}


def _cached(row: Any, key: list[int], path: Path) -> DraftActions | None:
    """The cached actions of an unchanged file; None to read the file."""
    if not isinstance(row, dict) or row.get("stat") != key:
        return None
    rest = {k: v for k, v in row.items() if k != "stat"}
    if set(rest) == {"error"}:
        error = rest["error"]
        return DraftActions(path, error=f"{path}: {error}") if isinstance(error, str) else None
    try:
        return from_row(rest, path)
    except ValueError:
        return None
