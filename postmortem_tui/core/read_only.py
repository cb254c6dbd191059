"""A Closed post-mortem is read-only until it is reopened (`review_workflow`): what every
refused edit says, for the document and for a draft's raw data.

Free of the model (pydantic), so the commands that change a draft's data without building its
document (`timeline add`) can ask as cheaply. Action items stay updatable after closing
(`action_update`): follow-up goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import DraftError

if TYPE_CHECKING:
    from .model import PostMortem

CLOSED = "Closed"


def reopen_command(ident: str) -> str:
    return f"postmortem status {ident or 'REF'} Draft --reason TEXT"


def closed_message(ident: str) -> str:
    """What every refused edit of a Closed post-mortem says, with how to reopen it."""
    return (
        f"{ident or 'This post-mortem'} is Closed, so it is read-only; reopen it first with "
        f"`{reopen_command(ident)}` (its action items stay updatable: `postmortem actions set`)"
    )


class ClosedError(DraftError):
    """An edit of a Closed post-mortem (other than its action items)."""


def is_closed(doc: PostMortem) -> bool:
    return doc.header.status.value == CLOSED


def ensure_editable(doc: PostMortem) -> None:
    """Raise `ClosedError` (saying how to reopen) if the post-mortem is Closed."""
    if is_closed(doc):
        raise ClosedError(closed_message(doc.header.incident_id))


def is_closed_data(data: Mapping[str, Any]) -> bool:
    """Whether a draft's raw data (as `draft_file.read_draft_data` gives it) is Closed."""
    header = data.get("header")
    status = header.get("status") if isinstance(header, Mapping) else None
    return isinstance(status, str) and status.strip().lower() == CLOSED.lower()


def ensure_editable_data(data: Mapping[str, Any], ident: str) -> None:
    """`ensure_editable` for a draft's raw data."""
    if is_closed_data(data):
        raise ClosedError(closed_message(ident))
