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
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"  # as typed and exported: 1,843 trades
    return str(value)


READ_ONLY_MARK = "[read-only]"
CLOSED_MARK = "[Closed · read-only]"
TITLE_SHOWN_MAX = 1000
"""Columns of a title the bar ever lays out, when it is not told its width."""


def title_bar(
    incident_id: str,
    title: str,
    *,
    read_only: bool = False,
    closed: bool = False,
    width: int | None = None,
) -> Content:
    """The wizard's title bar: `INC-… · title`, then `[read-only]` when the draft is (open
    elsewhere), `[Closed · read-only]` when the post-mortem is Closed.

    Given the `width` it has, the title is cut with an ellipsis first: the ID and the
    read-only mark always show."""
    # The ID and the separator are not bold (the title is, by the bar's style): an SVG
    # screenshot drawn without its own font gets wider bold glyphs, and a bold ID covered the
    # space after it (`INC-…001· Title`).
    head = Content.assemble(
        (incident_id or "INC-?", "$text-accent not bold"), (" · ", "not bold")
    )
    mark = CLOSED_MARK if closed else READ_ONLY_MARK if read_only else ""
    tail = Content.assemble("  ", (mark, "reverse")) if mark else Content()
    # No terminal is wider than this: a pasted megabyte of title costs no more than a line.
    shown = title[: 4 * (width or TITLE_SHOWN_MAX)] if title else "Untitled post-mortem"
    body = Content(shown)
    if width is not None:
        room = width - head.cell_length - tail.cell_length
        if body.cell_length > room:
            body = body.truncate(max(room, 1), ellipsis=True)
    return Content.assemble(head, body, tail)
