"""The stats cache: each draft's `stats.Facts`, kept in one hidden file of the drafts folder
under the draft's name and stat (as `summary_cache` keeps what `list` shows), so `postmortem
stats` and the Trends screen read only the drafts that changed since the last time.

{"stamp": {"stats_format": N, schema, release, core code},
 "drafts": {file name: {"stat": [...], **stats.to_row()} | {"stat": [...], "error": ...}}}

Nothing cached depends on the day (overdue and late are worked out by `stats.aggregate`), so a
row lasts exactly as long as its file is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .draft_file import parse_draft, read_bytes
from .errors import DraftError
from .stats import Facts, facts_of, from_row, to_row
from .summary_cache import code_stamp, read_cache, stat_key, write_cache

STATS_FILE = ".stats.json"
"""The cache of each draft's facts (hidden: never taken for a draft)."""
FORMAT = 1
"""Bump when what a row holds changes: older caches are ignored."""


def _stamp() -> dict[str, Any]:
    # The release, schema and core code, as the summaries' (a changed model, reader or metric
    # may read a draft otherwise); without loading the model, which a warm cache never needs.
    from .. import __version__
    from .schema import SCHEMA_VERSION

    return {
        "stats_format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "version": __version__,
        "code": code_stamp(),
    }


def list_facts(folder: Path, paths: Iterable[Path]) -> list[Facts]:
    """The facts of the drafts `paths` of `folder`, in no order.

    A cache that cannot be read, or that other code wrote, is ignored and rewritten; one that
    cannot be written (a read-only folder) is done without.
    """
    cache = folder / STATS_FILE
    stamp = _stamp()
    cached = read_cache(cache, stamp)
    rows: dict[str, Any] = {}
    found: list[Facts] = []
    for path in paths:
        try:
            key = stat_key(path.stat())
        except OSError:
            continue
        row = cached.get(path.name)
        facts = _cached(row, key, path)
        if facts is not None:
            rows[path.name] = row
        else:
            facts, lasting = _read(path)
            if lasting:
                rows[path.name] = _row(facts, key, path)
        found.append(facts)
    if rows != cached and folder.is_dir():
        write_cache(cache, stamp, rows)
    return found


def _read(path: Path) -> tuple[Facts, bool]:
    """A draft's facts, and whether they last as long as the file is unchanged (not when the
    file could not be read: permissions and I/O errors pass)."""
    try:
        raw = read_bytes(path)
    except DraftError as exc:
        return Facts(path, error=str(exc)), False
    try:
        doc = parse_draft(raw, path)
    except DraftError as exc:
        return Facts(path, error=str(exc)), str(exc).startswith(f"{path}: ")
    return facts_of(doc, path), True


def _row(facts: Facts, key: list[int], path: Path) -> dict[str, Any]:
    if facts.error is not None:
        # Without the path, which depends on how the folder is named.
        return {"stat": key, "error": facts.error.removeprefix(f"{path}: ")}
    return {"stat": key, **to_row(facts)}


def _cached(row: Any, key: list[int], path: Path) -> Facts | None:
    """The cached facts of an unchanged file; None to read the file."""
    if not isinstance(row, dict) or row.get("stat") != key:
        return None
    rest = {k: v for k, v in row.items() if k != "stat"}
    if set(rest) == {"error"}:
        error = rest["error"]
        return Facts(path, error=f"{path}: {error}") if isinstance(error, str) else None
    try:
        return from_row(rest, path)
    except ValueError:
        return None
