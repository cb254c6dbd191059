"""The key metrics in the wizard follow the times as the author changes them."""

from __future__ import annotations

import datetime as dt

from kit import make_app, wait_for

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import Milestone
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.widgets.editable_table import EditableTable
from postmortem_tui.tui.widgets.metrics_bar import MetricsBar
from postmortem_tui.tui.widgets.title_bar import TitleBar


async def test_a_new_time_updates_the_figures_the_bar_and_the_title(store: DraftStore) -> None:
    doc = demo_document(dt.date(2025, 3, 4), incident_id="INC-20250228-001")
    app = make_app(store, doc=doc, section="timeline", field="timeline-rows", save_delay=3600)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_for(pilot, lambda: app.screen.query(MetricsBar))
        bar = app.screen.query_one(MetricsBar)
        title = app.screen.query_one(TitleBar)
        await wait_for(pilot, lambda: "TTR 1h 35m" in str(bar.render()))
        assert str(title.render()).endswith("Duration 1h 35m · TTR 1h 35m")
        table = app.screen.query_one(EditableTable)
        restored = next(i for i, r in enumerate(doc.timeline)
                        if r.milestone is Milestone.SERVICE_RESTORED)
        table.goto(restored, "time")
        table.focus()
        await pilot.pause()
        assert table.start_edit("time", text="11:15")
        await pilot.press("enter")
        await wait_for(pilot, lambda: doc.timeline[restored].time == dt.time(11, 15))
        await wait_for(pilot, lambda: "TTR 2h" in str(bar.render()))
        assert "Recover 56m" in str(bar.render())
        await wait_for(pilot, lambda: str(title.render()).endswith("TTR 2h"))
