"""Import Markdown… on the home screen: the report first, then a new draft opened in the wizard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kit import make_app, type_text, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.import_markdown import ImportMarkdownScreen
from postmortem_tui.tui.screens.wizard import WizardScreen

SIZE = (100, 30)
HAND_WRITTEN = """\
# Post-Mortem: Quote feed stalled

**Incident ID:** INC-20250304-007
**Date:** 2025-03-04

## Executive Summary

Quotes stopped for twelve minutes.

## Timeline

| Time | Event | Actor |
|---|---|---|
| 08:02 | First symptom occurred | System | extra |

## Party Notes

Cake.
"""


def summary(app: PostmortemApp) -> str:
    return str(app.screen.query_one("#md-summary", Static).render())


async def open_dialog(pilot: Pilot[None], app: PostmortemApp, path: Path) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportMarkdownScreen))
    await type_text(pilot, str(path))
    await pilot.press("enter")


async def test_the_report_then_a_new_draft_in_the_wizard(store: DraftStore,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "feed.md"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, path)
        await wait_for(pilot, lambda: "Quote feed stalled" in summary(app))
        assert "Incident ID INC-20250304-007." in summary(app)
        findings = app.screen.query_one("#md-findings", OptionList)
        shown = [str(findings.get_option_at_index(i).prompt) for i in range(findings.option_count)]
        assert any(s.startswith("line 14 · Timeline:") for s in shown)
        assert any("line 16" in s and "Party Notes" in s for s in shown)
        assert store.ids() == set()  # nothing written before the author says so
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert store.ids() == {"INC-20250304-007"}
        assert app.screen.doc.summary == "Quotes stopped for twelve minutes."


async def test_a_taken_id_gets_the_next_free_one(store: DraftStore, tmp_path: Path) -> None:
    doc = demo_document(dt.date(2025, 3, 4), incident_id="INC-20250304-001")
    store.save(doc)
    path = tmp_path / "export.md"
    path.write_text(to_markdown(doc), encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and app.screen.query_one(DataTable).row_count == 1)
        await open_dialog(pilot, app, path)
        await wait_for(pilot, lambda: "the draft gets the next free ID" in summary(app))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        day = doc.header.date or dt.date(2025, 3, 4)
        assert store.ids() == {"INC-20250304-001", f"INC-{day:%Y%m%d}-001"}


async def test_a_file_that_is_no_post_mortem_says_so_and_escape_imports_nothing(
    store: DraftStore, tmp_path: Path
) -> None:
    path = tmp_path / "README.md"
    path.write_text("# Tool\n\nInstall it.\n", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, path)
        await wait_for(pilot, lambda: "not a post-mortem" in summary(app))
        assert app.screen.query_one("#md-summary").has_class("-error")
        await pilot.press("ctrl+s")  # nothing read: nothing to import
        assert isinstance(app.screen, ImportMarkdownScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert store.ids() == set()
