"""A horizontal bar chart drawn with block characters: one row a label, a bar of stacked parts
in proportion to a common scale, and a note after it. Fitted to its width on every paint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

BLOCK = "█"
PARTIAL = " ▏▎▍▌▋▊▉"
"""Eighths of a cell, for the end of a bar: a short bar still shows its length."""


@dataclass(frozen=True)
class Part:
    """One stacked part of a bar."""

    value: float
    style: str
    """A Textual style (`$error`, `$success 50%`...)."""


@dataclass(frozen=True)
class Row:
    label: str
    parts: Sequence[Part]
    note: str = ""
    """After the bar: the figure it stands for (`95m, p90 120m`)."""


def bar_pieces(parts: Sequence[Part], scale: float) -> list[tuple[str, str]]:
    """(text, style) of each part at `scale` cells per unit: the parts meet on whole cells
    (rounded where their sums fall), the last one ends in eighths of a cell, and a part that is
    there never vanishes entirely when it ends the bar. The bar never takes more cells than
    its total's value at `scale`, rounded up."""
    total = sum(p.value for p in parts)
    end_eighths = round(total * scale * 8)
    if total > 0 and end_eighths == 0:
        end_eighths = 1
    last_cell = end_eighths // 8
    pieces: list[tuple[str, str]] = []
    cum = 0.0
    start = 0
    # The bar ends in the last part that is there (its eighths are the whole bar's).
    last = max((i for i, p in enumerate(parts) if p.value > 0), default=len(parts) - 1)
    for i, part in enumerate(parts):
        cum += part.value
        if i > last:
            pieces.append(("", part.style))
        elif i < last:
            stop = min(max(start, round(cum * scale)), last_cell)
            pieces.append((BLOCK * (stop - start), part.style))
            start = stop
        else:
            eighth = end_eighths - last_cell * 8
            tail = PARTIAL[eighth] if eighth else ""
            pieces.append((BLOCK * max(0, last_cell - start) + tail, part.style))
    return pieces


class BarChart(Widget):
    """Rows of stacked horizontal bars on one scale: the longest bar fills the room left by the
    labels and notes. An empty chart shows its `empty` line."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
    }
    """

    rows: reactive[tuple[Row, ...]] = reactive((), layout=True)

    def __init__(
        self,
        rows: Sequence[Row] = (),
        *,
        empty: str = "Nothing to show yet.",
        id: str | None = None,  # noqa: A002 (Textual's keyword)
        classes: str | None = None,
    ) -> None:
        """Args:
        rows: the chart's rows, top to bottom.
        empty: the line shown when there are no rows.
        id: the widget's id.
        classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.empty = empty
        self.set_reactive(BarChart.rows, tuple(rows))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Content:
        if not self.rows:
            return Content.styled(self.empty, "$text-muted")
        width = self.content_size.width or 80
        label_w = max(len(r.label) for r in self.rows)
        note_w = max(len(r.note) for r in self.rows)
        room = max(4, width - label_w - note_w - 3)
        largest = max(sum(p.value for p in r.parts) for r in self.rows) or 1
        scale = room / largest
        lines = []
        for r in self.rows:
            bar = bar_pieces(r.parts, scale)
            used = sum(len(text) for text, _ in bar)
            padding = " " * max(0, room - used)
            lines.append(Content.assemble(
                (r.label.ljust(label_w), "$text-muted"), " ", *bar, padding, "  ",
                r.note.rjust(note_w),
            ))
        return Content("\n").join(lines)
