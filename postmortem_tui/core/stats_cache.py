"""The stats cache (`.stats.json`): each draft's `stats.Facts`, so `postmortem stats` and the
Trends screen read only the drafts that changed (`draft_cache`). Nothing cached depends on the
day: overdue and late are worked out by `stats.aggregate`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .draft_cache import DraftCache
from .stats import Facts, facts_of, from_row, to_row

CACHE: DraftCache[Facts] = DraftCache(
    kind="stats",
    file_name=".stats.json",
    row_format=1,
    compute=facts_of,
    failed=lambda path, error: Facts(path, error=error),
    to_row=to_row,
    from_row=from_row,
)
STATS_FILE = CACHE.file_name


def list_facts(folder: Path, paths: Iterable[Path]) -> list[Facts]:
    """The facts of the drafts `paths` of `folder`, in no order."""
    return CACHE.items(folder, paths)
