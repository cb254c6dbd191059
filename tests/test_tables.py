"""Pilot tests of the wizard, part 2: the table editor in every table section, the timeline's
rules, the 5 Whys chain, action items, the document history, the preview and the export dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kit import make_app, type_text, wait_for, wait_for_draft
from textual import events
from textual.widgets import Button, Input, OptionList, Static

from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.export import section_markdown, to_markdown
from postmortem_tui.core.model import (
    ContributingFactor,
    Milestone,
    PostMortem,
    TimelineEvent,
    Why,
    next_why_question,
)
from postmortem_tui.core.timeutil import COT
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.confirm import ConfirmScreen
from postmortem_tui.tui.screens.export_dialog import ExportDialog
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.editable_table import EditableTable
from postmortem_tui.tui.widgets.field_input import FieldInput
from postmortem_tui.tui.widgets.preview_pane import DEBOUNCE
from postmortem_tui.tui.widgets.why_chain import WhyChain

SIZE = (100, 30)
TODAY = dt.date(2025, 3, 4)


# Overdue flags, history dates and the completeness check all read today as TODAY.
pytestmark = pytest.mark.usefixtures("clock")


def blank() -> PostMortem:
    return PostMortem.new(title="Quote feed stalled", incident_id="INC-20250303-001",
                          when=dt.date(2025, 3, 3))


def table(app: PostmortemApp, widget_id: str) -> EditableTable:
    found = app.screen.query_one(f"#{widget_id}")
    return found.table if isinstance(found, WhyChain) else found  # type: ignore[return-value]


def cell(t: EditableTable, row: int, attr: str) -> str:
    col = [c.attr for c in t.columns].index(attr)
    return str(t.grid.get_cell_at((row, col)))  # type: ignore[arg-type]


def saved(app: PostmortemApp) -> PostMortem:
    assert app.path is not None
    return read_draft(app.path)


# --- the editor ------------------------------------------------------------------------------


async def test_enter_edits_a_cell_and_enter_saves_it(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        assert app.focused is t.grid
        assert t.cursor_attr == "time"  # the marker column is skipped
        await pilot.press("enter")
        assert t.editing == (0, "time")
        await type_text(pilot, "09:15")
        await pilot.press("enter")
        await pilot.pause()
        assert t.editing is None and app.focused is t.grid
        assert doc.timeline[0].time == dt.time(9, 15)
        assert cell(t, 0, "time") == "09:15"
        await wait_for_draft(pilot, app.path, lambda d: d.timeline[0].time == dt.time(9, 15))
        assert saved(app).timeline[0].time == dt.time(9, 15)


async def test_typing_replaces_the_cell_and_esc_puts_it_back(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        await pilot.press("right")  # the event column
        await type_text(pilot, "Quotes")
        assert t.editing == (0, "event")
        # What is typed is in the document at once, so quitting never loses it.
        assert doc.timeline[0].event == "Quotes"
        await pilot.press("escape")
        await pilot.pause()
        assert t.editing is None
        assert doc.timeline[0].event == Milestone.FIRST_SYMPTOM.default_event
        await type_text(pilot, "Quotes")
        await pilot.press("enter")
        await wait_for(pilot, lambda: cell(t, 0, "event") == "Quotes")
        assert cell(t, 0, "event") == "Quotes"
        await wait_for_draft(pilot, app.path, lambda d: d.timeline[0].event == "Quotes")
        assert saved(app).timeline[0].event == "Quotes"


async def test_a_key_in_a_cell_repaints_the_box_not_the_screen(store, layouts):
    """A key changes what the edit box shows, not its size: it must not lay out the whole
    screen (which costs as much as the rest of the key on a big draft). A key that wraps the
    text onto another line does, so that the box grows."""
    doc = blank()
    app = make_app(store, doc=doc, section="timeline", save_delay=3600)  # no save meanwhile
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        t = table(app, "timeline-rows")
        await pilot.press("right")  # the event column
        await type_text(pilot, "Q")  # opens the box: that is a layout
        await wait_for(pilot, lambda: not screen.states_pending)  # the sidebar's marks too
        assert not screen.states_pending
        await pilot.pause()
        box = t.editor.query_one("#cell-box", Static)
        width = box.content_size.width
        layouts.clear()
        await type_text(pilot, "uotes stalled")
        await pilot.press("backspace", "left", "home", "end")
        await pilot.pause()
        assert doc.timeline[0].event == "Quotes stalle"
        assert str(box.render()) == "Quotes stalle "  # the cursor at the end is a space
        assert box.size.height == 1
        assert layouts == []
        await type_text(pilot, "x" * (width + 1 - len("Quotes stalle")))
        await pilot.pause()
        assert box.size.height == 2  # the text went onto a second line
        assert layouts


async def test_invalid_cell_shows_the_models_message_and_is_never_saved(store):
    doc = blank()
    doc.timeline[0].time = dt.time(9, 15)
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        await pilot.press("backspace")  # clears the cell into the edit box
        await type_text(pilot, "9.15")
        await pilot.pause()
        assert t.invalid
        message = str(t.editor.query_one("#cell-message").render())
        assert message == 'Time must be HH:MM (24-hour), got "9.15"'
        await pilot.press("enter")  # refused: the editor stays open with the text
        await pilot.pause()
        assert t.editing == (0, "time") and t.editor.text == "9.15"
        assert doc.timeline[0].time is None  # the last accepted value: the box was cleared
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert [r.error for r in screen.refusals()] == [message]
        await pilot.press("f3")  # cannot leave the section with a refused value
        await pilot.pause()
        assert screen.current == "timeline"
        await pilot.press("escape")
        await pilot.pause()
        assert doc.timeline[0].time == dt.time(9, 15)
        await wait_for_draft(pilot, app.path, lambda d: d.timeline[0].time == dt.time(9, 15))
        assert saved(app).timeline[0].time == dt.time(9, 15)


async def test_add_row_after_the_current_one(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        await pilot.press("down", "down")
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert len(doc.timeline) == 10
        assert doc.timeline[3].milestone is None and doc.timeline[4].milestone is not None
        assert t.editing == (3, "time")  # straight into the new row's first cell
        await type_text(pilot, "09:30")
        await pilot.press("enter")
        await pilot.pause()
        assert doc.timeline[3].time == dt.time(9, 30)
        assert "10 rows · row 4" in str(t.query_one("#table-title").render())
        assert t.grid.row_count == 10
        # The rows below moved down in the table as in the document.
        assert cell(t, 4, "event") == Milestone.INVESTIGATION_STARTED.label


async def test_delete_and_undo(store):
    doc = blank()
    doc.factors = [ContributingFactor(title=f"F{n}", description="d", contribution="c")
                   for n in range(1, 4)]
    app = make_app(store, doc=doc, section="factors")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "factors-rows")
        await pilot.press("down", "delete")
        await wait_for(pilot, lambda: [f.title for f in doc.factors] == ["F1", "F3"])
        assert [f.title for f in doc.factors] == ["F1", "F3"]
        await wait_for_draft(
            pilot, app.path, lambda d: [f.title for f in d.factors] == ["F1", "F3"]
        )
        assert [f.title for f in saved(app).factors] == ["F1", "F3"]
        assert cell(t, 1, "#") == "2"  # the numbers follow
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: [f.title for f in doc.factors] == ["F1", "F2", "F3"])
        assert [f.title for f in doc.factors] == ["F1", "F2", "F3"]
        await wait_for_draft(
            pilot, app.path, lambda d: [f.title for f in d.factors] == ["F1", "F2", "F3"]
        )
        assert [f.title for f in saved(app).factors] == ["F1", "F2", "F3"]
        assert cell(t, 1, "title") == "F2"


async def test_move_rows_up_and_down(store):
    doc = blank()
    doc.factors = [ContributingFactor(title=f"F{n}") for n in range(1, 4)]
    app = make_app(store, doc=doc, section="factors")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "factors-rows")
        await pilot.press("shift+down", "shift+down")
        await pilot.pause()
        assert [f.title for f in doc.factors] == ["F2", "F3", "F1"]
        assert t.cursor_row == 2 and cell(t, 2, "title") == "F1"
        await pilot.press("shift+up")
        await wait_for_draft(
            pilot, app.path, lambda d: [f.title for f in d.factors] == ["F2", "F1", "F3"]
        )
        assert [f.title for f in saved(app).factors] == ["F2", "F1", "F3"]
        assert [cell(t, i, "title") for i in range(3)] == ["F2", "F1", "F3"]


async def test_an_empty_table_starts_with_enter_or_typing(store):
    doc = blank()
    app = make_app(store, doc=doc, section="factors")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "factors-rows")
        assert t.has_class("-empty")
        await type_text(pilot, "x")  # typing on an empty table adds the first row
        await pilot.pause()
        assert len(doc.factors) == 1 and t.editing == (0, "title")
        await type_text(pilot, "Retries")
        await pilot.press("enter")
        await pilot.pause()
        assert doc.factors[0].title == "xRetries"


async def test_keys_typed_faster_than_the_screen_keeps_up_land_in_order(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # All at once, as a fast typist or a terminal replaying input sends them.
        burst = [*"09:15", "enter", "down", *"09:17", "enter", "down", "right", *"Alert", "enter"]
        for key in burst:
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))
        await wait_for(
            pilot, lambda: doc.timeline[2].event == "Alert"
            and table(app, "timeline-rows").editing is None,
        )
        assert [r.time for r in doc.timeline[:2]] == [dt.time(9, 15), dt.time(9, 17)]
        assert doc.timeline[2].event == "Alert"
        assert table(app, "timeline-rows").editing is None


async def test_a_paste_keeps_every_line(store):
    doc = blank()
    doc.factors = [ContributingFactor(title="Retries")]
    app = make_app(store, doc=doc, section="factors")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "factors-rows")
        await pilot.press("right")
        app.post_message(events.Paste("line one\nline two | `x`"))
        await pilot.pause()
        assert t.editing == (0, "description")
        await pilot.press("enter")
        await wait_for(pilot, lambda: doc.factors[0].description == "line one\nline two | `x`")
        assert doc.factors[0].description == "line one\nline two | `x`"
        await wait_for_draft(
            pilot, app.path, lambda d: d.factors[0].description == "line one\nline two | `x`"
        )
        assert saved(app).factors[0].description == "line one\nline two | `x`"
        assert cell(t, 0, "description") == "line one ⏎ line two | `x`"


async def test_quitting_with_a_refused_cell_asks_first(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "25:00")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Timeline · row 1 · Time: '25:00'" in app.screen.message
        await pilot.press("escape")  # go back and fix
        await pilot.pause()
        t = table(app, "timeline-rows")
        assert app.focused is t.grid and t.editing == (0, "time")


async def test_palette_and_help_name_the_new_keys(store):
    from postmortem_tui.tui.commands import WizardCommands
    from postmortem_tui.tui.screens.help import KEYS

    app = make_app(store, doc=blank(), section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [hit.text async for hit in WizardCommands(app.screen).discover()]
        for name in ("Draft: Export…", "View: Toggle preview", "Timeline: Sort rows by time"):
            assert name in names
    for key in ("Ctrl+A or Insert", "Ctrl+T", "Ctrl+O", "F5", "F6", "Ctrl+R"):
        assert f"| {key} |" in KEYS


# --- the timeline --------------------------------------------------------------------------


async def test_milestones_are_marked_and_ask_before_deletion(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        assert all(cell(t, i, "milestone") == "◆" for i in range(9))
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # "Keep it"
        await pilot.pause()
        assert len(doc.timeline) == 9
        await pilot.press("delete")
        await pilot.pause()
        app.screen.query_one("#yes", Button).press()
        await pilot.pause()
        assert len(doc.timeline) == 8
        assert doc.timeline[0].milestone is Milestone.ALERT_TRIGGERED
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert doc.timeline[0].milestone is Milestone.FIRST_SYMPTOM


async def test_rows_are_sorted_on_demand_across_midnight(store):
    doc = blank()
    doc.header.start_time = dt.time(23, 40)
    doc.timeline = [
        TimelineEvent(time=dt.time(23, 40), event="Start", actor="System"),
        TimelineEvent(time=dt.time(0, 10), event="After midnight", actor="Ana"),
        TimelineEvent(time=dt.time(23, 55), event="Before midnight", actor="Ana"),
    ]
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        form = app.screen.query_one("#section-timeline")
        assert cell(t, 1, "time") == "00:10+1d"  # before the start time: the next day
        assert cell(t, 2, "time") == "23:55"
        note = str(form.query_one("#timeline-order").render())
        assert "not in time order" in note and "Ctrl+O" in note
        await pilot.press("down")  # on "After midnight"
        await pilot.press("ctrl+o")
        order = ["Start", "Before midnight", "After midnight"]
        await wait_for(pilot, lambda: [r.event for r in doc.timeline] == order)
        assert [r.event for r in doc.timeline] == ["Start", "Before midnight", "After midnight"]
        assert doc.timeline_is_chronological()
        assert t.cursor_row == 2  # the cursor went with its row
        assert "in time order" in str(form.query_one("#timeline-order").render())
        await wait_for_draft(pilot, app.path, lambda d: [r.event for r in d.timeline] == order)
        assert [r.event for r in saved(app).timeline] == [
            "Start", "Before midnight", "After midnight"
        ]


async def test_a_new_time_never_moves_the_row_by_itself(store):
    doc = blank()
    doc.header.start_time = dt.time(23, 0)
    doc.timeline[0].time = dt.time(23, 5)
    doc.timeline[1].time = dt.time(23, 10)
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        await pilot.press("down", "down")
        await type_text(pilot, "00:30")
        await pilot.press("enter")
        await pilot.pause()
        assert cell(t, 2, "time") == "00:30+1d"  # after midnight: in order, the next day
        assert "in time order" in str(app.screen.query_one("#timeline-order").render())
        await pilot.press("up")
        await type_text(pilot, "22:50")  # before the start: out of order
        await pilot.press("enter")
        await pilot.pause()
        assert doc.timeline[1].time == dt.time(22, 50) and t.cursor_row == 1
        assert cell(t, 1, "time") == "22:50"
        assert "not in time order" in str(app.screen.query_one("#timeline-order").render())
        doc.header.start_time = dt.time(0, 0)
        await pilot.press("f2", "f3")  # the start changed elsewhere: the timeline follows
        await pilot.pause()
        assert cell(t, 2, "time") == "00:30"


async def test_now_key_fills_the_current_cot_time(store, clock):
    clock.set(dt.datetime.combine(TODAY, dt.time(14, 5), tzinfo=COT))
    doc = blank()
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        await pilot.press("down", "right", "ctrl+t")  # from the event column too
        await pilot.pause()
        assert t.editing == (1, "time") and t.editor.text == "14:05"
        await pilot.press("enter")
        await pilot.pause()
        assert doc.timeline[1].time == dt.time(14, 5)


async def test_header_start_and_end_follow_the_timeline(store):
    doc = blank()
    doc.timeline[0].time = dt.time(9, 15)
    doc.timeline[7].time = dt.time(10, 50)
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offer = str(app.screen.query_one("#timeline-header").render())
        assert "first symptom 09:15, service restored 10:50" in offer and "Ctrl+U" in offer
        await pilot.press("ctrl+u")
        await wait_for(pilot, lambda: doc.header.end_time == dt.time(10, 50))
        assert (doc.header.start_time, doc.header.end_time) == (dt.time(9, 15), dt.time(10, 50))
        assert str(app.screen.query_one("#timeline-header").render()) == ""
        await wait_for_draft(pilot, app.path, lambda d: d.header.end_time == dt.time(10, 50))
        assert saved(app).header.end_time == dt.time(10, 50)
        await pilot.press("f2", "f2", "f2")
        await pilot.pause()
        assert app.screen.query_one("#header-start_time", FieldInput).input.value == "09:15"


# --- the 5 Whys ------------------------------------------------------------------------------


async def test_whys_chain_each_question_from_the_answer_before(store):
    doc = blank()
    doc.root_cause.whys = [Why(question="Why did quotes stop?"), Why(), Why(question="Mine?")]
    app = make_app(store, doc=doc, section="root_cause", field="root_cause-whys")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "root_cause-whys")
        assert app.focused is t.grid
        await pilot.press("right")
        await type_text(pilot, "TLS failed.")
        await pilot.press("enter")
        await pilot.pause()
        assert doc.root_cause.whys[1].question == next_why_question("TLS failed.")
        assert cell(t, 1, "question") == doc.root_cause.whys[1].question
        # An answer changed again: the question the chain wrote follows it.
        await pilot.press("enter", "ctrl+u")  # ctrl+u in the box: delete to the start
        await pilot.press("backspace")
        await type_text(pilot, "cert expired")
        await pilot.press("enter")
        await pilot.pause()
        assert doc.root_cause.whys[1].question == next_why_question("cert expired")
        # ...but a question the author wrote is left alone.
        await pilot.press("down", "enter")
        await type_text(pilot, "manual")
        await pilot.press("enter")
        await pilot.pause()
        assert doc.root_cause.whys[2].question == "Mine?"
        # The chain can grow past five: a new Why is asked from the answer above it.
        await pilot.press("down", "enter")
        await type_text(pilot, "no owner")
        await pilot.press("enter", "ctrl+a")
        await pilot.pause()
        assert len(doc.root_cause.whys) == 4
        assert doc.root_cause.whys[3].question == next_why_question("no owner")
        candidate = str(app.screen.query_one("#whys-candidate").render())
        assert "Root cause candidate" in candidate and "no owner" in candidate
        await pilot.press("escape")
        await wait_for_draft(pilot, app.path, lambda d: len(d.root_cause.whys) == 4)
        assert len(saved(app).root_cause.whys) == 4


async def test_whys_chain_can_be_shorter_than_five(store):
    doc = blank()
    app = make_app(store, doc=doc, section="root_cause", field="root_cause-whys")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("delete")
        await wait_for(pilot, lambda: len(doc.root_cause.whys) == 2)
        assert len(doc.root_cause.whys) == 2
        await wait_for_draft(pilot, app.path, lambda d: len(d.root_cause.whys) == 2)
        assert len(saved(app).root_cause.whys) == 2


# --- action items --------------------------------------------------------------------------


async def test_action_items_ids_due_dates_and_choices(store):
    doc = blank()
    app = make_app(store, doc=doc, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "actions-rows")
        await pilot.press("enter")  # empty table: Enter adds the first row
        await pilot.pause()
        # The ID is assigned, so a new row starts on its action.
        assert doc.actions[0].id == 1 and t.editing == (0, "action")
        await type_text(pilot, "Alert")
        await pilot.press("enter", "ctrl+a")
        await pilot.pause()
        assert [a.id for a in doc.actions] == [1, 2]  # IDs assigned
        assert t.editing == (1, "action")
        await pilot.press("escape", "up", "right", "right", "right")
        assert t.cursor_attr == "due"
        await type_text(pilot, "2025-02-30")
        await pilot.pause()
        assert t.editor.error == 'Due date is not a real date: "2025-02-30"'
        await pilot.press("ctrl+u")
        await type_text(pilot, "2025-03-01")  # before TODAY and not done: flagged
        await pilot.press("enter")
        await pilot.pause()
        assert doc.actions[0].due == dt.date(2025, 3, 1)
        assert cell(t, 0, "due") == "2025-03-01!"
        # A choice: the list shows each category with its meaning, whole.
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        listed = " ".join(str(t.editor.query_one("#cell-box").render()).split())
        assert "› Prevent Recurrence — Changes to prevent the same issue from happening" in listed
        assert "Improve Detection — Better monitoring" in listed
        message = str(t.editor.query_one("#cell-message").render())
        assert message == "Type its first letters to choose, or ↑↓"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert doc.actions[0].category is not None
        assert doc.actions[0].category.value == "Improve Detection"
        # Done: no longer overdue.
        await pilot.press("left", "enter", "end", "enter")
        await wait_for(pilot, lambda: doc.actions[0].status.value == "Done"
                       and cell(t, 0, "due") == "2025-03-01")
        assert doc.actions[0].status.value == "Done"
        assert cell(t, 0, "due") == "2025-03-01"
        await wait_for_draft(
            pilot, app.path, lambda d: d.actions[0].category.value == "Improve Detection"
        )
        assert saved(app).actions[0].category.value == "Improve Detection"  # type: ignore[union-attr]


# --- the document history ------------------------------------------------------------------


async def test_history_row_on_first_save(store):
    doc = blank()
    doc.signoff.author.name = "Ana"
    app = make_app(store, doc=doc, section="history")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "history-rows")
        assert t.has_class("-empty")
        await pilot.press("ctrl+s")
        await wait_for_draft(pilot, app.path, lambda d: d.history)
        rows = saved(app).history
        assert [(h.version, h.date, h.author, h.changes) for h in rows] == [
            ("0.1", TODAY, "Ana", "Initial draft")
        ]
        assert t.grid.row_count == 1  # shown at once
        # A review step's row: tests/test_follow_ups_tui.py (the status is no field to type in).


# --- preview -------------------------------------------------------------------------------


async def test_preview_follows_the_section_and_renders_lazily(store, demo_doc):
    app = make_app(store, doc=demo_doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        preview = screen.preview
        await pilot.press("right")
        await type_text(pilot, "x")
        await pilot.press("escape")
        # Nothing to wait for: no render must come, within the debounce it would follow.
        await pilot.pause(DEBOUNCE + 0.2)
        assert preview.renders == 0  # hidden: never rendered
        await pilot.press("f5")
        await wait_for(pilot, lambda: preview.renders == 1)
        assert preview.is_open
        assert preview.text == section_markdown(demo_doc, "timeline")
        await pilot.press("f3")  # root cause: the preview follows
        await wait_for(pilot, lambda: preview.renders == 2)
        assert preview.text == section_markdown(demo_doc, "root_cause")
        await pilot.press("f6")  # the whole document, scrolled to the current section
        await wait_for(pilot, lambda: preview.renders == 3)
        await pilot.pause()
        assert preview.text == to_markdown(demo_doc)  # what the export writes
        assert preview.section_in_view() == "root_cause"
        await pilot.press("f2")
        await wait_for(pilot, lambda: preview.section_in_view() == "timeline")
        assert preview.section_in_view() == "timeline"
        assert preview.renders == 3  # same Markdown: scrolled, not drawn again
        # Typing is rendered once it pauses, not per key.
        await pilot.press("right")
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "| abc " in preview.text)
        assert "| abc " in preview.text
        assert preview.renders - 3 < 4  # fewer renders than keys (4 with Enter)


# --- export --------------------------------------------------------------------------------


async def test_export_dialog_lists_what_is_missing_and_jumps_to_it(store):
    doc = blank()
    app = make_app(store, doc=doc, section="summary")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert not dialog.complete
        messages = [f.message for f in dialog.findings]
        assert "Start time is missing" in messages
        assert dialog.query("#export-draft") and not dialog.query("#export-final")
        findings = dialog.query_one("#export-findings", OptionList)
        index = messages.index("Start time is missing")
        option = findings.get_option(f"finding-{index}")
        findings.highlighted = findings.get_option_index(option.id or "")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.current == "header"
        assert app.focused is screen.query_one("#header-start_time", FieldInput).input


async def test_export_jumps_to_a_table_row(store):
    doc = blank()
    app = make_app(store, doc=doc, section="summary")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        index = next(i for i, f in enumerate(dialog.findings)
                     if f.section == "timeline" and len(f.path) == 3)
        finding = dialog.findings[index]
        findings = dialog.query_one("#export-findings", OptionList)
        findings.highlighted = findings.get_option_index(f"finding-{index}")
        await pilot.press("enter")
        await pilot.pause()
        t = table(app, "timeline-rows")
        assert app.focused is t.grid
        assert (t.cursor_row, t.cursor_attr) == (finding.path[1], finding.path[2])


async def test_draft_export_writes_the_file(store, tmp_path):
    doc = blank()
    app = make_app(store, doc=doc, section="summary")
    out = tmp_path / "out" / "pm.md"
    out.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path_box = dialog.query_one("#export-path", Input)
        assert path_box.value == str(Path.cwd() / "INC-20250303-001.md")  # the default
        path_box.value = str(tmp_path / "missing-folder" / "pm.md")
        dialog.query_one("#export-draft", Button).press()
        await pilot.pause()
        assert "no such folder" in str(dialog.query_one("#export-message").render())
        path_box.value = str(out)
        dialog.query_one("#export-draft", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
    assert out.read_text(encoding="utf-8") == to_markdown(doc)


async def test_final_export_of_a_complete_document_and_copy(store, demo_doc, tmp_path):
    app = make_app(store, doc=demo_doc, section="history")
    out = tmp_path / "final.md"
    copied: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.complete
        assert app.focused is dialog.query_one("#export-final", Button)
        await pilot.press("ctrl+y")
        assert copied == [to_markdown(demo_doc)]
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
    assert out.read_text(encoding="utf-8") == to_markdown(demo_doc)


# --- many rows -----------------------------------------------------------------------------


async def test_500_rows_stay_quick(store):
    """Adding a row and editing a cell touch only what changed, so they cost the same with 500
    rows as with 5 (the benchmark measures the keystroke-to-screen time; here, what is redrawn)."""
    doc = blank()
    doc.timeline = [
        TimelineEvent(time=dt.time(9 + i // 60 % 12, i % 60), event=f"Event {i}", actor="Ana")
        for i in range(500)
    ]
    app = make_app(store, doc=doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = table(app, "timeline-rows")
        assert t.grid.row_count == 500
        drawn: list[int] = []
        rebuilt: list[bool] = []
        cells, rebuild = t._cells, t._rebuild
        t._cells = lambda index: (drawn.append(index), cells(index))[1]  # type: ignore[method-assign]
        t._rebuild = lambda: (rebuilt.append(True), rebuild())[1]  # type: ignore[method-assign]
        t.action_add()  # after row 1, then into its time cell
        await pilot.pause()
        assert len(doc.timeline) == 501 and t.editing == (1, "time")
        assert [cell(t, i, "event") for i in (0, 2, 500)] == [
            "Event 0", "Event 1", "Event 499"
        ]
        has_index = any(c.kind == "index" for c in t.columns)
        # The new row, plus the numbers below it when the table shows row numbers.
        assert not rebuilt and len(set(drawn)) <= (500 if has_index else 1), drawn[:10]
        await pilot.press("escape", "right")
        await type_text(pilot, "ab")
        drawn.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert doc.timeline[1].event == "ab" and cell(t, 1, "event") == "ab"
        assert not rebuilt and set(drawn) <= {1}, drawn[:10]
