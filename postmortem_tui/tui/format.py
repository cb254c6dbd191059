"""How values are shown in the wizard: a model value in a text field (and back), the title bar."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from textual.content import Content

from ..core.timeutil import format_hhmm


def as_text(value: object) -> str:
    """The text a field shows for a model value."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.time):
        return format_hhmm(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def title_bar(incident_id: str, title: str, *, read_only: bool = False) -> Content:
    """The wizard's title bar: `INC-… · title`."""
    ro = "  [read-only]" if read_only else ""
    return Content.assemble(
        (incident_id or "INC-?", "bold"), " · ", title or "Untitled post-mortem", ro
    )
