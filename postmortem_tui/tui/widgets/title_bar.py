"""The wizard's title bar: the incident ID and title, and the read-only or Closed mark."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...core.model import PostMortem
from ..format import title_bar


class TitleBar(Widget):
    """The wizard's title bar, fitted to its width on every paint: a long title is cut with
    an ellipsis, never the read-only mark after it."""

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
        return title_bar(
            h.incident_id, h.title, read_only=self.read_only, closed=closed, width=width or None
        )
