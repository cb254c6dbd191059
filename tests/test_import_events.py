"""The wizard's Import events screen (Ctrl+L in the timeline), and the rows `timeline add`
queues while the wizard has the draft: pilot tests for the flow, a snapshot at 80x24."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kit import make_app, type_text, wait_for, wait_for_draft
from textual.widgets import Input, ProgressBar, Static
from timeline_samples import DAY, END, START, at, write_app_log, write_pagerduty_log, write_zsh

from postmortem_tui.core import timeline_add, timeline_inbox
from postmortem_tui.core.model import Milestone, PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeline_sources import shell
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.path_suggester import complete
from postmortem_tui.tui.screens import import_events
from postmortem_tui.tui.screens.import_events import ImportEventsScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.event_checklist import EventChecklist

SIZE = (80, 24)


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The samples in the working folder, typed by their relative names (no temp path on the
    screen)."""
    monkeypatch.chdir(tmp_path)
    write_zsh(tmp_path / "zsh_history")
    write_pagerduty_log(tmp_path / "pagerduty.json")
    return tmp_path


def incident() -> PostMortem:
    doc = PostMortem.new(title="Order gateway rejects", incident_id="INC-20261124-001", when=DAY)
    doc.header.start_time, doc.header.end_time = START, END
    return doc


def app_on_timeline(store: DraftStore, doc: PostMortem, **kw: Any) -> PostmortemApp:
    return make_app(store, doc=doc, section="timeline", **kw)


async def open_import(pilot: Any) -> ImportEventsScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WizardScreen)
                   and pilot.app.screen.form is not None
                   and pilot.app.screen.form.key == "timeline")
    await pilot.press("ctrl+l")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportEventsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ImportEventsScreen)
    await wait_for(pilot, lambda: screen.query_one("#import-path", Input).has_focus)
    return screen


async def read(pilot: Any, screen: ImportEventsScreen, path: str, rows: int) -> EventChecklist:
    box = screen.query_one("#import-path", Input)
    box.value = ""
    box.focus()
    await type_text(pilot, path)
    await pilot.press("enter")
    checklist = screen.query_one(EventChecklist)
    await wait_for(pilot, lambda: checklist.option_count == rows and checklist.has_focus,
                   what=f"{rows} events listed")
    return checklist


def count(screen: ImportEventsScreen) -> str:
    return str(screen.query_one("#import-count", Static).render())


async def test_import_from_the_timeline(store: DraftStore, sources: Path) -> None:
    doc = incident()
    app = app_on_timeline(store, doc)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        assert screen.query_one("#import-since", Input).value == "08:45"
        assert screen.query_one("#import-until", Input).value == "11:20"
        await read(pilot, screen, "zsh_history", 6)
        assert count(screen) == "6 of 6 events to add"
        await pilot.press("space")  # not the first one
        await wait_for(pilot, lambda: count(screen) == "5 of 6 events to add")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        events = [r.event for r in doc.timeline]
        assert "$ kubectl -n trading get pods" not in events
        assert "$ kubectl -n trading rollout undo deployment/limits-loader" in events
        loop = next(r for r in doc.timeline if r.event.startswith("$ for pod"))
        assert loop.full_text is not None and loop.full_text.endswith("\ndone")
        saved = await wait_for_draft(pilot, app.path, lambda d: len(d.timeline) == 9 + 5)
        assert saved.timeline_is_chronological()


async def test_duplicates_are_shown_unchecked(store: DraftStore, sources: Path) -> None:
    doc = incident()
    app = app_on_timeline(store, doc)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await read(pilot, screen, "zsh_history", 6)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        screen = await open_import(pilot)
        checklist = await read(pilot, screen, "zsh_history", 6)
        assert checklist.selected == []
        assert count(screen) == "0 of 6 events to add · 6 already in the timeline"
        await pilot.press("a")  # all: the duplicates stay out
        assert checklist.selected == []
        await pilot.press("enter")  # nothing to add: the screen stays and says so
        assert isinstance(app.screen, ImportEventsScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert len(doc.timeline) == 9 + 6


async def test_the_pager_fills_milestones_and_proposes_restored(
    store: DraftStore, sources: Path
) -> None:
    doc = incident()
    app = app_on_timeline(store, doc)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        checklist = await read(pilot, screen, "pagerduty.json", 4)
        assert count(screen) == "4 of 4 events to add · ◆ Alert triggered, On-call acknowledged"
        prompts = [str(checklist.get_option_at_index(i).prompt) for i in range(4)]
        assert prompts[0].startswith("09:16  ◆ Alert triggered ← PagerDuty alert")
        assert prompts[3].endswith("M: ◆ Service restored")
        await pilot.press("end", "m")
        await wait_for(pilot, lambda: count(screen).endswith("Service restored"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert doc.milestone_time(Milestone.ALERT_TRIGGERED) == dt.time(9, 16)
        assert doc.milestone_time(Milestone.ON_CALL_ACKNOWLEDGED) == dt.time(9, 19)
        assert doc.milestone_time(Milestone.SERVICE_RESTORED) == dt.time(10, 48)


async def test_a_source_that_cannot_be_read_says_why(store: DraftStore, sources: Path) -> None:
    app = app_on_timeline(store, incident())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await type_text(pilot, "nope.log")
        await pilot.press("enter")
        status = screen.query_one("#import-status", Static)
        await wait_for(pilot, lambda: status.has_class("-error"))
        assert str(status.render()) == "nope.log: no such file or folder"
        assert screen.query_one("#import-path", Input).has_focus
        assert screen.query_one(EventChecklist).option_count == 0


async def test_reading_keeps_the_screen_answering(
    store: DraftStore, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = import_events.read_all

    def slow(paths: list[Path], options: Any, *, progress: Callable[[Path, int], None],
             **kw: Any) -> Any:
        progress(paths[0], 100)
        release.wait(10)
        return real(paths, options, **kw)

    monkeypatch.setattr(import_events, "read_all", slow)
    monkeypatch.setattr(import_events, "PROGRESS_EVERY", 0.0)
    app = app_on_timeline(store, incident())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await type_text(pilot, "zsh_history")
        await pilot.press("enter")
        bar = screen.query_one(ProgressBar)
        await wait_for(pilot, lambda: bar.display and bar.progress == 100)
        assert str(screen.query_one("#import-status", Static).render()).startswith(
            "Reading zsh_history…")
        # Keys are answered while the source is read.
        until = screen.query_one("#import-until", Input)
        until.focus()
        await pilot.press("end", "backspace", "5")
        await wait_for(pilot, lambda: until.value == "11:25")
        release.set()
        await wait_for(pilot, lambda: screen.query_one(EventChecklist).option_count == 6)
        assert not bar.display


def test_path_completion(tmp_path: Path) -> None:
    (tmp_path / ".zsh_history").write_text("")
    (tmp_path / "order-gateway.log").write_text("")
    (tmp_path / "order-gateway.log.1.gz").write_text("")
    (tmp_path / "slack").mkdir()
    base = str(tmp_path)
    assert complete(f"{base}/.z") == f"{base}/.zsh_history"
    assert complete(f"{base}/or") == f"{base}/order-gateway.log"  # what both start with
    assert complete(f"{base}/sl") == f"{base}/slack/"
    assert complete(f"{base}/") is None  # hidden names only when asked for
    assert complete(f"{base}/nothing") is None


async def test_path_completion_in_the_box(store: DraftStore, sources: Path) -> None:
    app = app_on_timeline(store, incident())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        box = screen.query_one("#import-path", Input)
        await type_text(pilot, "pag")
        await wait_for(pilot, lambda: "pagerduty.json" in box.render_line(0).text)  # suggested
        await pilot.press("right")
        assert box.value == "pagerduty.json"


async def test_the_wizard_takes_in_what_timeline_add_queued(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_add, "LOCK_WAIT", 0.0)
    doc = incident()
    app = app_on_timeline(store, doc)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen)
                       and app.screen.form is not None)
        path = app.path
        assert path is not None
        row = timeline_add.new_row("Paged the DBA", "SRE", at("09:40"), at("09:41"))
        added = await asyncio.to_thread(timeline_add.add_event, store, path, row)
        assert added.queued is not None  # the wizard holds the lock
        await wait_for(pilot, lambda: "Paged the DBA" in [r.event for r in doc.timeline])
        saved = await wait_for_draft(
            pilot, path, lambda d: "Paged the DBA" in [r.event for r in d.timeline])
        assert [r.event for r in saved.timeline].count("Paged the DBA") == 1
        await wait_for(pilot, lambda: timeline_inbox.pending(path) == [])


def test_import_events_at_80x24(snap_compare: Any, store: DraftStore, sources: Path,
                                clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    clock.set(at("12:00"))
    monkeypatch.setattr(shell, "_owner", lambda path: "ana")  # whoever runs the tests
    app = app_on_timeline(store, incident(), save_delay=3600)

    async def loaded(pilot: Any) -> None:
        screen = await open_import(pilot)
        await read(pilot, screen, "zsh_history", 6)
        await read(pilot, screen, "pagerduty.json", 10)
        await pilot.press(*["down"] * 5, "space")  # the export of a password: not that one
        await wait_for(pilot, lambda: count(screen).startswith("9 of 10"))

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


async def test_several_sources_one_after_another(store: DraftStore, sources: Path) -> None:
    write_app_log(sources / "order-gateway.log")
    doc = incident()
    app = app_on_timeline(store, doc)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await type_text(pilot, "zsh_history")
        await pilot.press("enter")
        checklist = screen.query_one(EventChecklist)
        await wait_for(pilot, lambda: checklist.option_count == 6 and checklist.has_focus)
        await pilot.press("ctrl+o")  # back to the path, its text selected: typing replaces it
        assert screen.query_one("#import-path", Input).has_focus
        await type_text(pilot, "order-gateway.log")
        await pilot.press("enter")
        await wait_for(pilot, lambda: checklist.option_count == 12)
        assert count(screen) == "12 of 12 events to add"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert len(doc.timeline) == 9 + 12
