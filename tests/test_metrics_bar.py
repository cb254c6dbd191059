"""The key metrics bar: figures and a phase bar in proportion, as times change."""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import Milestone, PostMortem
from postmortem_tui.tui.widgets.metrics_bar import WAITING, MetricsBar, phase_cells


class BarApp(App[None]):
    def __init__(self, doc: PostMortem) -> None:
        super().__init__()
        self.doc = doc

    def compose(self) -> ComposeResult:
        yield MetricsBar(self.doc, id="bar")


def lines(app: BarApp) -> list[str]:
    return str(app.query_one(MetricsBar).render()).split("\n")


def demo() -> PostMortem:
    return demo_document(dt.date(2025, 3, 4), incident_id="INC-20250228-001")


def test_cells_in_proportion() -> None:
    phases = [("Detect", 3), ("Acknowledge", 2), ("Mitigate", 59), ("Recover", 31)]
    cells = phase_cells(phases, 60)
    assert sum(n for _, n in cells) == 60
    assert [name for name, _ in cells] == ["Detect", "Acknowledge", "Mitigate", "Recover"]
    assert dict(cells)["Mitigate"] > dict(cells)["Recover"] > dict(cells)["Detect"] >= 1
    assert phase_cells([("Detect", 0), ("Recover", 10)], 20) == [("Recover", 20)]
    assert phase_cells([], 20) == []
    assert sum(n for _, n in phase_cells([("Detect", 1), ("Recover", 1000)], 10)) == 10
    assert dict(phase_cells([("Detect", 1), ("Recover", 1000)], 10))["Detect"] == 1


async def test_figures_and_bar_follow_the_times() -> None:
    doc = demo()
    app = BarApp(doc)
    async with app.run_test(size=(80, 5)) as pilot:
        figures, bar = lines(app)
        assert figures == "TTD 3m · TTA 5m · TTM 1h 4m · TTR 1h 35m"
        assert len(bar) == 80 and "Mitigate" in bar and "Recover" in bar
        restored = next(r for r in doc.timeline if r.milestone is Milestone.SERVICE_RESTORED)
        restored.time = None
        app.query_one(MetricsBar).refresh()
        await pilot.pause()
        figures, bar = lines(app)
        assert figures == "TTD 3m · TTA 5m · TTM 1h 4m · TTR n/a (no service restored)"
        assert "Recover" not in bar and "Mitigate" in bar


async def test_narrow_and_out_of_order() -> None:
    doc = demo()
    doc.timeline[1].time = dt.time(9, 10)  # the alert before the first symptom
    app = BarApp(doc)
    async with app.run_test(size=(30, 5)):
        figures, _ = lines(app)
        assert figures.startswith("TTD ⚠ · TTA 5m")


async def test_nothing_timed_yet() -> None:
    app = BarApp(PostMortem.new())
    async with app.run_test(size=(200, 5)):
        figures, bar = lines(app)
        assert figures.startswith("TTD n/a (no first symptom)")
        assert bar == WAITING


def test_bar_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BarApp(demo()), terminal_size=(80, 4))
