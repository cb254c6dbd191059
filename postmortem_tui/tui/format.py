"""How model values are shown in a text field, and back."""

from __future__ import annotations

import datetime as dt
from enum import Enum

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
