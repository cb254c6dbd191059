"""A paste into a field for logs, a snippet, configuration or commands is looked at for
secrets before it lands.

`hold` is called first thing by the text area's paste handler: a paste holding secrets is
held back (the handler does nothing more) and `SecretsPasted` is posted, which the wizard
answers with `PasteSecretsScreen` (accept masked, keep as is, or edit); `deliver` then pastes
the text chosen, which `hold` lets through. A paste without secrets, or into any other field,
goes on at once. The secrets are found by `core/secrets.py`, as `check` and `redact` find them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cache

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from ..core.secrets import Secret, find_secrets


@dataclass
class SecretsPasted(Message):
    """Posted (bubbling from the text area) when a paste held secrets and was held back."""

    area: TextArea
    """Where it was pasted: `deliver` pastes the text chosen there."""
    label: str
    """The field's label: `Relevant logs`."""
    path: tuple[str, str]
    """The field's place in the document: `("appendix", "logs")`."""
    text: str
    """The paste, as the terminal sent it."""
    secrets: tuple[Secret, ...]
    """What `core.secrets` found in it."""


@cache
def _checked_ids() -> dict[str, tuple[tuple[str, str], str]]:
    """Field id -> (path, label) of the fields whose pastes are looked at."""
    from ..core.redaction import PASTED_FIELDS
    from ..core.sections import field_id

    return {field_id(path): (path, label) for path, label in PASTED_FIELDS}


_let_through: weakref.WeakKeyDictionary[TextArea, str] = weakref.WeakKeyDictionary()


def hold(area: TextArea, event: events.Paste) -> bool:
    """Whether the paste is held back for the author to decide (True: `SecretsPasted` was
    posted and the paste must not land); False lets it land as usual."""
    if _let_through.get(area) == event.text:
        del _let_through[area]
        return False
    field = area.parent
    place = _checked_ids().get(field.id or "") if field is not None else None
    if place is None or not event.text:
        return False
    from ..core.review.config import active

    found = find_secrets(event.text, emails=active().secret_emails)
    if not found:
        return False
    event.prevent_default()
    event.stop()
    path, label = place
    area.post_message(SecretsPasted(area, getattr(field, "label", label), path, event.text, found))
    return True


def kept_note(event: SecretsPasted) -> str:
    """The document history's row for a paste kept as it is: `Kept 2 secrets (1 password,
    1 token) as pasted into the relevant logs` (`check` still points at them)."""
    from ..core.redaction import PASTED_FIELDS, FieldSecrets, summary

    label = dict(PASTED_FIELDS)[event.path]
    said = summary([FieldSecrets(event.path, label, event.text, event.secrets)])
    return "Kept " + said.replace(" in ", " as pasted into ", 1)


def deliver(area: TextArea, text: str) -> None:
    """Paste `text` where the held paste was going, as a paste (line endings as pastes have
    them), without looking at it again."""
    _let_through[area] = text
    area.post_message(events.Paste(text))
