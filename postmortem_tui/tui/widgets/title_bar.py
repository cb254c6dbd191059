"""The wizard's title bar: the incident ID and title, and the read-only or Closed mark."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...core.model import PostMortem
from ..format import title_bar

TITLE_ROOM_MIN = 24
"""Columns the ID and title keep before the duration and TTR give way."""


def times_text(doc: PostMortem) -> Content:
    """The bar's right end: `Duration 1h 35m · TTR 1h 35m`, as far as they are known."""
    from ...core.metrics import metrics

    parts = []
    if doc.header.duration:
        parts.append(Content.assemble(("Duration ", "$text-muted not bold"),
                                      (doc.header.duration, "not bold")))
    ttr = metrics(doc).ttr
    if ttr.minutes is not None:
        parts.append(Content.assemble(("TTR ", "$text-muted not bold"), (ttr.text, "not bold")))
    return Content(" · ").join(parts)


class TitleBar(Widget):
    """The wizard's title bar, fitted to its width on every paint: a long title is cut with
    an ellipsis, never the read-only mark after it; the incident's duration and time to
    recover at the right end, while there is room for them."""

    def __init__(self, doc: PostMortem, *, read_only: bool) -> None:
        """Args:
        doc: the post-mortem whose ID and title are shown (read on every paint).
        read_only: show the read-only mark.
        """
        super().__init__(id="wizard-title")
        self.doc = doc
        self.read_only = read_only

    def render(self) -> Content:
        h = self.doc.header
        width = self.content_size.width
        closed = h.status.value == "Closed"  # read-only until reopened (core/read_only.py)
        times = times_text(self.doc)
        room = width - times.cell_length - 2
        if not width or not times.cell_length or room < TITLE_ROOM_MIN:
            return title_bar(
                h.incident_id, h.title, read_only=self.read_only, closed=closed,
                width=width or None,
            )
        bar = title_bar(h.incident_id, h.title, read_only=self.read_only, closed=closed,
                        width=room)
        return Content.assemble(bar, " " * (width - bar.cell_length - times.cell_length), times)
