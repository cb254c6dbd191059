"""The incident's key metrics in the timeline section: TTD / TTA / TTM / TTR, and a one-line
phase bar (detect, acknowledge, mitigate, recover) drawn in proportion."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...core.metrics import Metrics, metrics
from ...core.model import PostMortem
from ...core.timeutil import format_minutes

PHASE_STYLES = {
    "Detect": "$text on $warning-muted",
    "Acknowledge": "$text on $accent-muted",
    "Mitigate": "$text on $primary-muted",
    "Recover": "$text on $success-muted",
}
"""Each phase's colours, from the theme (light and dark alike)."""
WAITING = "Phases: give the first symptom and the later milestones a time to see them here."


def phase_cells(phases: list[tuple[str, int]], width: int) -> list[tuple[str, int]]:
    """(phase, columns) for a bar `width` columns wide: in proportion to the minutes, every
    phase that lasted at least one column wide; zero-length phases left out. Columns add up to
    `width` (or to fewer, when there are more phases than columns)."""
    shown = [(name, minutes) for name, minutes in phases if minutes > 0]
    total = sum(minutes for _, minutes in shown)
    if not shown or width <= 0:
        return []
    # Largest remainders: each phase its floor share, at least 1, the rest to the largest parts.
    exact = [minutes * width / total for _, minutes in shown]
    cells = [max(1, int(x)) for x in exact]
    order = sorted(range(len(shown)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(cells) < width and order:
        cells[order[i % len(order)]] += 1
        i += 1
    while sum(cells) > width and max(cells) > 1:
        widest = max(range(len(cells)), key=lambda k: cells[k])
        cells[widest] -= 1
    return [(name, n) for (name, _), n in zip(shown, cells, strict=True)]


def _segment(name: str, minutes: int, columns: int) -> str:
    """The text inside a phase's stretch of the bar: as much of `Detect 3m` as fits."""
    for text in (f" {name} {format_minutes(minutes)} ", f" {name} ", f" {name[0]} ", name[0]):
        if len(text) <= columns:
            return text.ljust(columns)
    return " " * columns


class MetricsBar(Widget):
    """Two lines: the four figures (`TTD 3m · TTA 5m · TTM 1h 4m · TTR 1h 35m`, with why one is
    missing when there is room), and the phase bar under them.

    It reads the document on every paint: `refresh()` it when the timeline or the header's
    times change.
    """

    DEFAULT_CSS = """
    MetricsBar {
        height: 2;
        margin: 1 0 0 0;
    }
    """

    compact: reactive[bool] = reactive(False)
    """Force the short form of missing figures (`n/a`), whatever the width."""

    def __init__(self, doc: PostMortem, *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        doc: the post-mortem whose timeline is measured (read on every paint).
        id: the widget's id.
        """
        super().__init__(id=id)
        self.doc = doc

    def figures_line(self, result: Metrics, width: int) -> Content:
        """The four figures, fitted to `width`: missing ones say why when there is room."""
        def build(full: bool) -> Content:
            parts: list[Content] = []
            for f in result.figures:
                label = Content.styled(f.definition.abbreviation, "$text-accent")
                if f.minutes is not None:
                    value = Content(f" {f.text}")
                elif f.out_of_order:
                    value = Content.styled(" out of order" if full else " ⚠", "$text-warning")
                else:
                    value = Content.styled(f" {f.text}" if full else " n/a", "$text-muted")
                parts.append(Content.assemble(label, value))
            return Content(" · ").join(parts)

        full = build(True)
        if not self.compact and (width <= 0 or full.cell_length <= width):
            return full
        return build(False)

    def bar_line(self, result: Metrics, width: int) -> Content:
        phases = dict(result.phases())
        cells = phase_cells(list(phases.items()), width)
        if not cells:
            return Content.styled(WAITING, "$text-muted").truncate(max(width, 1), ellipsis=True)
        return Content.assemble(*(
            (_segment(name, phases[name], n), PHASE_STYLES[name]) for name, n in cells
        ))

    def render(self) -> Content:
        result = metrics(self.doc)
        width = self.content_size.width
        return Content("\n").join([self.figures_line(result, width), self.bar_line(result, width)])
