"""The actions cache (`.actions.json`): each draft's action items and follow-up reviews, so
`postmortem actions` and the home screen read only the drafts that changed (`draft_cache`).
Nothing cached depends on the day: how overdue an item is is worked out when it is shown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .action_report import DraftActions, draft_actions, from_row, to_row
from .draft_cache import DraftCache

CACHE: DraftCache[DraftActions] = DraftCache(
    kind="actions",
    file_name=".actions.json",
    row_format=1,
    compute=draft_actions,
    failed=lambda path, error: DraftActions(path, error=error),
    to_row=to_row,
    from_row=from_row,
)
ACTIONS_FILE = CACHE.file_name


def list_actions(folder: Path, paths: Iterable[Path]) -> list[DraftActions]:
    """The action items and follow-ups of the drafts `paths` of `folder`, in no order."""
    return CACHE.items(folder, paths)
