"""One action item changed outside the wizard (`postmortem actions set`): validated by the
model, all or nothing, and recorded in the document history.

Allowed on a Closed post-mortem: follow-up goes on after closing, and each change is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .errors import DraftError
from .history import record_change
from .model import ActionItem, HistoryEntry, PostMortem

FIELDS = ("status", "owner", "due", "link")
"""What `actions set` may change, in the order a history row names them."""


class ActionUpdateError(DraftError):
    """The item does not exist, or the model refused a value (nothing was changed)."""


def find_item(doc: PostMortem, item_id: int) -> ActionItem:
    for item in doc.actions:
        if item.id == item_id:
            return item
    ident = doc.header.incident_id or "this post-mortem"
    ids = ", ".join(str(a.id) for a in doc.actions)
    have = f"its items are {ids}" if ids else "it has no action items"
    raise ActionUpdateError(f"{ident} has no action item {item_id}; {have}")


def _shown(value: object) -> str:
    from .text import cut, one_line

    if value is None or value == "":
        return "(none)"
    text = getattr(value, "value", value)
    if isinstance(text, dt.date):
        text = text.isoformat()
    return cut(one_line(str(text)), 80)


def update_action(
    doc: PostMortem,
    item_id: int,
    changes: Mapping[str, str],
    today: dt.date,
    *,
    author: str | None = None,
) -> HistoryEntry | None:
    """Set the item's fields named in `changes` (any of `FIELDS`) from the text given, as the
    model validates them; add a history row saying what changed. None when nothing did.

    Raises `ActionUpdateError` naming the field for a refused value; the item is then unchanged.
    """
    from pydantic_core import ValidationError

    from .model import error_message

    item = find_item(doc, item_id)
    trial = item.model_copy()
    for name in FIELDS:
        if name not in changes:
            continue
        try:
            setattr(trial, name, changes[name])
        except ValidationError as exc:
            raise ActionUpdateError(f"action item {item_id}: {error_message(exc)}") from None
    said = []
    for name in FIELDS:
        old, new = getattr(item, name), getattr(trial, name)
        if name in changes and old != new:
            said.append(f"{ActionItem.label_of(name).lower()} {_shown(old)} → {_shown(new)}")
            setattr(item, name, new)
    if not said:
        return None
    return record_change(doc, f"Action item {item_id}: " + "; ".join(said), today, author=author)
