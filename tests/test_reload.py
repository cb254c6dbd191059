"""The open draft changed on disk by another process (a sync, an editor, the writer a read-only
viewer follows): the wizard takes the change in within a second, keeps what the author types,
and never writes an older document over the newer file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from kit import make_app, type_text, wait_for, wait_for_draft

from postmortem_tui.core import history
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.confirm import ConfirmScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.field_input import FieldInput
from postmortem_tui.tui.widgets.long_text_field import LongTextField
from postmortem_tui.tui.widgets.save_status import SaveStatus

SIZE = (100, 30)
DAY = dt.date(2026, 11, 20)
UNSAVED = 3600.0  # an autosave delay no test reaches: what is typed stays in memory only


@pytest.fixture(autouse=True)
def _no_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "os_user_name", lambda: "")


@pytest.fixture
def draft(store: DraftStore) -> Path:
    doc, path = store.new(title="Feed", when=DAY)
    doc.summary = "As written first."
    store.save(doc, path)
    return path


def elsewhere(path: Path, change: Callable[[PostMortem], object]) -> None:
    """Another process (a sync, an editor) rewrites the draft's file."""
    doc = read_draft(path)
    change(doc)
    DraftStore(path.parent).save(doc, path)


def title_input(app: PostmortemApp) -> FieldInput:
    return app.screen.query_one("#header-title", FieldInput)


def said(app: PostmortemApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_typing_goes_on_while_another_section_changes_on_disk(store, draft) -> None:
    app = make_app(store, draft, save_delay=UNSAVED)
    async with app.run_test(size=SIZE) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        await pilot.press("end")
        await type_text(pilot, " stalled")
        elsewhere(draft, lambda d: setattr(d, "summary", "Written by a sync."))
        on_disk = await wait_for_draft(pilot, draft, lambda d: "stalled" in d.header.title)
        assert on_disk.summary == "Written by a sync."
        assert on_disk.header.title == "Feed stalled"  # the merge kept the unsaved typing
        assert app.doc is not None and app.doc.summary == "Written by a sync."
        await type_text(pilot, "!")
        assert title.input.value == "Feed stalled!" and title.input.cursor_position == 13
        assert "Executive" in said(app) or "summary" in said(app).lower()


async def test_a_field_changed_on_both_sides_keeps_the_authors_and_says_so(store, draft) -> None:
    app = make_app(store, draft, doc=read_draft(draft), section="summary", save_delay=UNSAVED)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(LongTextField)))
        area = app.screen.query_one(LongTextField).text_area
        await wait_for(pilot, lambda: app.focused is area)
        await type_text(pilot, "Mine. ")
        elsewhere(draft, lambda d: setattr(d, "summary", "Theirs."))
        await wait_for(pilot, lambda: "Changed on disk and here" in said(app))
        assert "summary" in said(app).lower()
        on_disk = await wait_for_draft(pilot, draft, lambda d: "Mine." in d.summary)
        assert on_disk.summary == area.text == "Mine. As written first."


async def test_the_focused_field_takes_a_value_it_did_not_change(store, draft) -> None:
    app = make_app(store, draft, save_delay=UNSAVED)
    async with app.run_test(size=SIZE) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        title.input.cursor_position = 2
        elsewhere(draft, lambda d: setattr(d.header, "title", "Feed renamed on disk"))
        await wait_for(pilot, lambda: title.input.value == "Feed renamed on disk")
        assert app.focused is title.input and title.input.cursor_position == 2
        status = app.screen.query_one(SaveStatus)
        await wait_for(pilot, lambda: "Reloaded from disk" in str(status.render()))


async def test_a_read_only_viewer_sees_the_writers_saves_as_they_land(store, draft) -> None:
    writer = DraftLock(draft)
    writer.acquire()  # another terminal has it open for writing
    try:
        app = make_app(store, draft)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            app.screen.query_one("#yes").press()
            await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen)
                           and bool(app.screen.query("#header-title")))
            title = title_input(app)
            for text in ("Feed, first save", "Feed, second save"):
                elsewhere(draft, lambda d, t=text: setattr(d.header, "title", t))  # type: ignore[misc]
                await wait_for(pilot, lambda t=text: title.input.value == t,  # type: ignore[misc]
                               timeout=3.0)
            status = app.screen.query_one(SaveStatus)
            await wait_for(pilot, lambda: "Reloaded from disk ·" in str(status.render()))
            bar = app.screen.query_one("#wizard-title")
            await wait_for(pilot, lambda: "second save" in bar.render_line(0).text)
            assert read_draft(draft).header.title == "Feed, second save"  # never written here
    finally:
        writer.release()


async def test_a_spoilt_file_is_said_once_and_the_document_kept(store, draft) -> None:
    app = make_app(store, draft, save_delay=UNSAVED)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        await pilot.press("end")
        await type_text(pilot, " typed")
        draft.write_text("schema_version = 1\n[header\n", encoding="utf-8")
        await wait_for(pilot, lambda: "not a valid draft" in said(app))
        assert title.input.value == "Feed typed"
        assert app.doc is not None and app.doc.summary == "As written first."
        app.action_save_now()  # the author's document replaces the spoilt file
        on_disk = await wait_for_draft(pilot, draft, lambda d: d.header.title == "Feed typed")
        assert on_disk.summary == "As written first."
        assert said(app).count("not a valid draft") == 1


async def test_a_save_refused_for_a_change_on_disk_saves_the_merge(store, draft) -> None:
    # The autosave comes first: its write finds the file changed before the watch does.
    app = make_app(store, draft, save_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        assert app.session is not None
        app.session.watch_disk.check = lambda: None  # type: ignore[method-assign]
        elsewhere(draft, lambda d: setattr(d.impact, "missed_trades", 7))
        await pilot.press("end")
        await type_text(pilot, "!")
        on_disk = await wait_for_draft(pilot, draft, lambda d: d.header.title == "Feed!")
        assert on_disk.impact.missed_trades == 7
        assert app.doc is not None and app.doc.impact.missed_trades == 7


async def test_quitting_merges_a_change_it_had_not_seen(store, draft) -> None:
    app = make_app(store, draft, save_delay=UNSAVED)
    async with app.run_test(size=SIZE) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        assert app.session is not None
        app.session.watch_disk.check = lambda: None  # type: ignore[method-assign]
        await pilot.press("end")
        await type_text(pilot, "!")
        elsewhere(draft, lambda d: setattr(d, "summary", "Written by a sync."))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code == 0)
    on_disk = read_draft(draft)
    assert (on_disk.header.title, on_disk.summary) == ("Feed!", "Written by a sync.")


async def test_a_queued_row_and_a_change_on_disk_both_land(store, draft) -> None:
    from postmortem_tui.core import timeline_inbox
    from postmortem_tui.core.timeline_add import new_row
    from postmortem_tui.core.timeutil import COT

    noted = dt.datetime(2026, 11, 20, 9, 40, tzinfo=COT)
    app = make_app(store, draft, save_delay=UNSAVED)
    async with app.run_test(size=SIZE) as pilot:
        title = title_input(app)
        await wait_for(pilot, lambda: app.focused is title.input)
        await pilot.press("end")
        await type_text(pilot, "!")
        elsewhere(draft, lambda d: setattr(d, "summary", "Written by a sync."))
        timeline_inbox.queue(draft, new_row("Jotted meanwhile", "", noted, noted))
        on_disk = await wait_for_draft(pilot, draft, lambda d: any(
            r.event == "Jotted meanwhile" for r in d.timeline
        ) and d.summary == "Written by a sync." and d.header.title == "Feed!")
        assert [r.event for r in on_disk.timeline].count("Jotted meanwhile") == 1
        await wait_for(pilot, lambda: timeline_inbox.pending(draft) == [])
        assert app.doc is not None and app.doc.summary == "Written by a sync."


async def test_a_reload_shows_in_its_form_and_writes_nothing_back(
    store, draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store, draft, doc=read_draft(draft), section="summary")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#summary-words")))
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: session.draft.doc.wizard.field == "summary-summary")
        session.save_now()  # the first save adds the history row, and where the author is
        await wait_for(pilot, lambda: read_draft(draft).history != [])
        await wait_for(pilot, lambda: session.state.status == "saved" and not session.dirty)
        written: list[Path] = []
        real = DraftStore.save_snapshot

        def counted(self: DraftStore, data: dict[str, object], path: Path) -> str:
            written.append(path)
            return real(self, data, path)

        monkeypatch.setattr(DraftStore, "save_snapshot", counted)
        elsewhere(draft, lambda d: setattr(d, "summary", "Five words from a sync."))
        assert len(written) == 1  # the other process's
        words = app.screen.query_one("#summary-words")
        await wait_for(pilot, lambda: str(words.render()) == "5 words")  # the form followed
        status = app.screen.query_one(SaveStatus)
        await wait_for(pilot, lambda: "Reloaded from disk" in str(status.render()))
        # The field shown again is no edit of the author's: nothing to save.
        assert not session.dirty and not session.autosave.pending
        assert len(written) == 1


async def test_a_cell_being_typed_in_is_waited_for(store, draft) -> None:
    from postmortem_tui.tui.widgets.editable_table import EditableTable

    app = make_app(store, draft, doc=read_draft(draft), section="timeline",
                   field="timeline-rows")
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#timeline-rows", EditableTable)
        await wait_for(pilot, lambda: app.focused is table.grid and bool(table.grid.columns))
        await pilot.press("right", "enter")
        await wait_for(pilot, lambda: table.editing is not None)
        await type_text(pilot, " (typed)")
        elsewhere(draft, lambda d: setattr(d, "summary", "Written by a sync."))
        assert app.session is not None
        watch = app.session.watch_disk
        await wait_for(pilot, lambda: watch._waiting is not None)  # seen, and held back
        assert app.doc is not None and app.doc.summary == "As written first."
        await pilot.press("enter")  # the cell is saved: the change comes in, and both land
        on_disk = await wait_for_draft(pilot, draft, lambda d: d.summary == "Written by a sync."
                                       and d.timeline[0].event.endswith(" (typed)"))
        assert app.doc.timeline[0].event == on_disk.timeline[0].event
