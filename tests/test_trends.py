"""The Trends screen: charts of the drafts folder, from the home screen, usable at 80x24."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from kit import make_app, wait_for
from textual.app import App

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import Severity
from postmortem_tui.core.stats import Facts
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.screens.trends import TrendsScreen
from postmortem_tui.tui.widgets.bar_chart import BarChart

TODAY = dt.date(2025, 3, 14)


def sample() -> list[Facts]:
    """Four months of incidents, one of each severity and some without a TTR."""
    out = []
    for n in range(24):
        day = dt.date(2024, 12, 1) + dt.timedelta(days=5 * n)
        severity = ("P0", "P1", "P1", "P2", "P2", "P3")[n % 6]
        out.append(Facts(
            Path(f"INC-{day:%Y%m%d}-001.toml"), incident_id=f"INC-{day:%Y%m%d}-001", date=day,
            severity=severity, status="Draft" if n % 7 == 0 else "Closed",
            downtime_minutes=10 + n, missed_trades=3 * n, ttd=2 + n % 4, tta=5 + n % 6,
            ttm=20 + 3 * n, ttr=None if n % 5 == 0 else 40 + 4 * n,
            actions_done=n % 3, open_due=(day + dt.timedelta(days=30), None),
        ))
    out.append(Facts(Path("INC-20250101-009.toml"), error="INC-20250101-009.toml: not TOML"))
    return out


class TrendsApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(TrendsScreen(sample))


def loaded(app: App[None]) -> bool:
    return isinstance(app.screen, TrendsScreen) and app.screen.stats is not None


async def test_charts_from_the_facts(clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=clock.now.tzinfo))
    app = TrendsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        summary = str(screen.query_one("#trends-summary").render())
        assert summary.startswith("24 incidents · trading downtime 516 min")
        assert "1 unreadable" in summary
        months = screen.query_one("#trends-months", BarChart)
        assert [r.label for r in months.rows] == ["2024-12", "2025-01", "2025-02", "2025-03"]
        ttr = screen.query_one("#trends-ttr", BarChart)
        assert [r.label for r in ttr.rows] == ["P0", "P1", "P2", "P3"]
        actions = screen.query_one("#trends-actions", BarChart)
        assert [r.label for r in actions.rows] == ["Done", "Open", "Overdue"]
        drawn = str(months.render()).split("\n")
        assert all(len(line) <= months.content_size.width for line in drawn)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TrendsScreen))


def test_trends_at_80x24(snap_compare, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=clock.now.tzinfo))

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(pilot, lambda: loaded(pilot.app))

    assert snap_compare(TrendsApp(), terminal_size=(80, 24), run_before=settle)


async def test_from_the_home_screen(store: DraftStore, clock) -> None:  # type: ignore[no-untyped-def]
    store.ensure_folder()
    for n, sev in enumerate((Severity.P0, Severity.P2)):
        doc = demo_document(TODAY, incident_id=f"INC-2025030{n + 1}-001")
        doc.header.severity = sev
        store.save(doc)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#home-drafts"))
        await pilot.press("t")
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        assert isinstance(screen, TrendsScreen) and screen.stats is not None
        assert screen.stats.by_severity == {"P0": 1, "P2": 1}
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.query("#home-drafts"))


def test_the_home_screen_does_not_load_the_trends() -> None:
    code = (
        "import sys\n"
        "import postmortem_tui.tui.screens.home\n"
        "print([m for m in sys.modules if 'trends' in m or 'bar_chart' in m or 'plotext' in m])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == "[]"


def test_bar_pieces_add_up() -> None:
    from postmortem_tui.tui.widgets.bar_chart import Part, bar_pieces

    pieces = bar_pieces([Part(3, "a"), Part(0, "b"), Part(1.5, "c"), Part(0, "d")], 10 / 4.5)
    assert [style for _, style in pieces] == ["a", "b", "c", "d"]
    assert pieces[1][0] == "" and pieces[3][0] == ""
    assert sum(len(text) for text, _ in pieces) == 10
    assert bar_pieces([Part(0.01, "a")], 1)[0][0] == "▏"  # there, so never invisible
    assert bar_pieces([Part(0, "a")], 1)[0][0] == ""
