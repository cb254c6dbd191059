"""Pilot tests of moving through tables and lists as an author does: Tab from cell to cell,
choosing by typing, reading cut text whole, and resuming on the cell left."""

from __future__ import annotations

import datetime as dt

import pytest
from kit import make_app, wait_for
from textual.widget import Widget
from textual.widgets import DataTable

from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.model import (
    ActionItem,
    ActionStatus,
    Category,
    PostMortem,
    Priority,
    Reviewer,
)
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.bullet_list import BulletList
from postmortem_tui.tui.widgets.editable_table import EditableTable

SIZE = (100, 30)
NARROW = (80, 24)
TODAY = dt.date(2025, 3, 4)


# Overdue flags, history dates and the completeness check all read today as TODAY.
pytestmark = pytest.mark.usefixtures("clock")


def blank() -> PostMortem:
    return PostMortem.new(title="Quote feed stalled", incident_id="INC-20250303-001",
                          when=dt.date(2025, 3, 3))


def with_actions() -> PostMortem:
    doc = blank()
    doc.actions = [ActionItem(id=1, action="Alert on rejects", owner="Ana"),
                   ActionItem(id=2, action="Share the key prefix", owner="Luis")]
    return doc


def grid_of(app: PostmortemApp, widget_id: str) -> EditableTable:
    found = app.screen.query(f"#{widget_id}").first()
    assert isinstance(found, EditableTable)
    return found


def where(t: EditableTable) -> tuple[int, str]:
    return t.cursor_row, t.cursor_attr


def inside(app: PostmortemApp, widget: Widget) -> bool:
    focused = app.focused
    return focused is not None and (focused is widget or widget in focused.ancestors)


def lines(app: PostmortemApp, widget: Widget | None = None) -> list[str]:
    """What the screen shows (in `widget`'s region only, if given)."""
    shown = [strip.text for strip in app.screen._compositor.render_strips()]
    if widget is None:
        return shown
    r = widget.region
    return [line[r.x:r.right] for line in shown[r.y:r.bottom]]


def words(shown: list[str]) -> str:
    return " ".join(" ".join(shown).split())


async def focused_on(pilot, t: EditableTable) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: pilot.app.focused is t.grid and bool(t.grid.columns))
    await pilot.pause()


# --- Tab in a table --------------------------------------------------------------------------


async def test_tab_moves_cell_by_cell_and_on_to_the_next_row(store):
    app = make_app(store, doc=blank(), section="timeline", field="timeline-rows")
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "timeline-rows")
        await focused_on(pilot, t)
        assert where(t) == (0, "time")
        await pilot.press("tab")
        assert where(t) == (0, "event")
        await pilot.press("tab")
        assert where(t) == (0, "actor")
        await pilot.press("tab")  # on to the next row, past the milestone marker
        assert where(t) == (1, "time")
        assert app.focused is t.grid
        await pilot.press("shift+tab")
        assert where(t) == (0, "actor")
        await pilot.press("shift+tab", "shift+tab")
        assert where(t) == (0, "time")
        assert app.focused is t.grid


async def test_tab_in_the_edit_box_saves_and_moves_the_same_way(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline", field="timeline-rows")
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "timeline-rows")
        await focused_on(pilot, t)
        await pilot.press("right", "right")  # the actor
        await pilot.press("O", "p", "s")
        assert t.editing == (0, "actor")
        await pilot.press("tab")
        await pilot.pause()
        assert t.editing is None and doc.timeline[0].actor == "Ops"
        assert where(t) == (1, "time") and app.focused is t.grid
        await pilot.press("9")
        assert t.editing == (1, "time")
        await pilot.press("shift+tab")
        await pilot.pause()
        # "9" is not a time: the box stays open with the model's message, nothing moves.
        assert t.editing == (1, "time") and t.invalid
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("shift+tab")
        assert where(t) == (0, "actor") and app.focused is t.grid


async def test_tab_at_the_last_cell_leaves_to_the_next_field(store):
    doc = blank()
    doc.signoff.reviewers = [Reviewer(name="Ana"), Reviewer(name="Luis")]
    app = make_app(store, doc=doc, section="signoff", field="signoff-reviewers")
    async with app.run_test(size=SIZE) as pilot:
        reviewers = grid_of(app, "signoff-reviewers")
        follow_ups = grid_of(app, "signoff-follow_ups")
        await focused_on(pilot, reviewers)
        await pilot.press("shift+tab")  # the first cell: back to the field before
        await pilot.pause()
        assert not inside(app, reviewers)
        assert inside(app, app.screen.query_one("#signoff-author-date_written"))
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is reviewers.grid)
        for _ in range(2 * 4 - 1):
            await pilot.press("tab")
        assert where(reviewers) == (1, "approved") and app.focused is reviewers.grid
        await pilot.press("tab")  # the last cell: on to the next field
        await wait_for(pilot, lambda: app.focused is follow_ups.grid)


async def test_tab_on_an_empty_table_goes_to_the_next_field(store):
    app = make_app(store, doc=blank(), section="signoff", field="signoff-reviewers")
    async with app.run_test(size=SIZE) as pilot:
        reviewers = grid_of(app, "signoff-reviewers")
        await wait_for(pilot, lambda: app.focused is reviewers.grid)
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is grid_of(app, "signoff-follow_ups").grid)


# --- choosing by typing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "keys", "expected"),
    [
        ("priority", ["P", "1"], Priority.P1),
        ("priority", ["p", "2"], Priority.P2),
        ("priority", ["1"], Priority.P1),
        ("status", ["i", "n"], ActionStatus.IN_PROGRESS),
        ("status", ["d"], ActionStatus.DONE),
        ("category", ["p", "r", "e"], Category.PREVENT_RECURRENCE),
        ("category", ["P", "R", "O"], Category.PROCESS_CHANGES),
        ("category", ["t"], Category.TRAINING),
        ("category", ["d", "e", "t"], Category.IMPROVE_DETECTION),  # a later word counts too
    ],
)
async def test_typing_on_a_choice_cell_chooses_by_prefix(store, column, keys, expected):
    doc = with_actions()
    app = make_app(store, doc=doc, section="actions", field="actions-rows")
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "actions-rows")
        await focused_on(pilot, t)
        t.goto(1, column)
        await pilot.pause()
        await pilot.press(*keys)
        assert t.editing == (1, column)
        await pilot.press("enter")
        await pilot.pause()
        assert t.editing is None
        assert getattr(doc.actions[1], column) is expected


async def test_typing_yes_or_no_on_approved(store):
    doc = blank()
    doc.signoff.reviewers = [Reviewer(name="Ana")]
    app = make_app(store, doc=doc, section="signoff", field="signoff-reviewers")
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "signoff-reviewers")
        await focused_on(pilot, t)
        t.goto(0, "approved")
        await pilot.pause()
        await pilot.press("y", "tab")
        await pilot.pause()
        assert doc.signoff.reviewers[0].approved is True
        t.goto(0, "approved")
        await pilot.pause()
        await pilot.press("N", "enter")
        await pilot.pause()
        assert doc.signoff.reviewers[0].approved is False


@pytest.mark.parametrize("size", [NARROW, SIZE])
async def test_category_meanings_are_whole_and_wrap_at_words(store, size):
    doc = with_actions()
    app = make_app(store, doc=doc, section="actions", field="actions-rows")
    async with app.run_test(size=size) as pilot:
        t = grid_of(app, "actions-rows")
        await focused_on(pilot, t)
        t.goto(0, "category")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        box = t.editor.query_one("#cell-box")
        shown = [line.rstrip() for line in lines(app, box)]
        assert "…" not in words(shown)
        for category in Category:
            assert f"{category.value} — {category.meaning}" in words(shown)
        # Each choice starts a line; what goes on under it is indented past the marker, and
        # each line was wrapped at a word.
        names = [c.value for c in Category] + ["Not chosen yet"]
        starts = [line for line in shown if not line.startswith("    ")]
        assert [line[2:].split(" — ")[0] for line in starts] == names, shown
        assert all(len(line) <= box.content_size.width for line in shown)


# --- cut text ----------------------------------------------------------------------------------

LONG_TITLE = "Equity orders rejected at market open after a risk-limit cache key change"


async def test_home_cuts_a_long_title_with_an_ellipsis_and_shows_it_whole(store):
    store.new(title="Short one", when=dt.date(2026, 1, 5))
    store.new(title=LONG_TITLE, when=dt.date(2026, 11, 20))
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and app.screen.query_one(DataTable).row_count == 2)
        await pilot.pause()
        screen = lines(app)
        row = next(line for line in screen if "Equity orders" in line and "INC-" in line)
        cut = row.split("Equity orders", 1)[1].split("  ")[0]
        assert cut.endswith("…"), row
        # The highlighted draft's title is on the screen whole, without opening it.
        assert LONG_TITLE in words(screen)
        await pilot.press("down")  # a title that fits needs nothing more
        await pilot.pause()
        screen = lines(app)
        assert not any("…" in line for line in screen if "Short one" in line)
        assert LONG_TITLE not in words(screen)


async def test_bullets_are_cut_with_an_ellipsis_and_the_highlighted_one_is_whole(store):
    doc = blank()
    long_bullet = ("The reject-rate alert pointed at exchange connectivity, so the first "
                   "twenty minutes went on the wrong system entirely")
    doc.lessons.went_well = [long_bullet, "Rollback took two minutes"]
    doc.lessons.could_improve = [long_bullet + " (again)"]
    app = make_app(store, doc=doc, section="lessons", field="lessons-went_well")
    async with app.run_test(size=NARROW) as pilot:
        bullets = app.screen.query_one("#lessons-went_well", BulletList)
        await wait_for(pilot, lambda: inside(app, bullets))
        await pilot.pause()
        other = lines(app, app.screen.query_one("#lessons-could_improve", BulletList))
        # The bullet of the list not in use is cut, with an ellipsis.
        assert [line.rstrip()[-1] for line in other if "reject-rate" in line] == ["…"]
        # The highlighted one, in the list in use, is whole, wrapped under its own text.
        shown = lines(app, bullets)
        assert long_bullet in words(shown)
        assert shown[1].startswith(" • T"), shown
        wrapped = [line for line in shown[2:] if not line.startswith(" • ")][:2]
        assert all(line.startswith("   ") and line[3] != " " for line in wrapped), shown
        await pilot.press("down")
        await pilot.pause()
        shown = lines(app, bullets)
        assert long_bullet not in words(shown) and "Rollback took two minutes" in words(shown)
        assert any(line.rstrip().endswith("…") for line in shown)


async def test_the_edit_box_label_is_cut_with_an_ellipsis(store):
    doc = with_actions()
    app = make_app(store, doc=doc, section="actions", field="actions-rows")
    async with app.run_test(size=NARROW) as pilot:
        t = grid_of(app, "actions-rows")
        await focused_on(pilot, t)
        t.goto(0, "category")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        label = t.editor.query_one("#cell-label")
        row = lines(app)[label.region.y][label.region.x:label.region.right].rstrip()
        assert row.startswith("Action items · row 1 · Category")
        assert row.endswith("…") or row.endswith("Esc cancels"), row


async def test_a_cell_drawn_by_its_section_and_a_heading_are_cut_with_an_ellipsis():
    from rich.text import Text
    from textual.app import App, ComposeResult

    from postmortem_tui.tui.widgets.editable_table import Column

    rows = [Reviewer(name="Ana")]

    def render_cell(index: int, row: Reviewer, column: Column) -> Text | None:
        return Text("a note drawn by the section, far longer than the cell", style="italic")

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield EditableTable(rows, [Column("name", "Name of the reviewer", width=12),
                                       Column("role", "Role", width=12)],
                                label="Reviewers", new_row=lambda index: Reviewer(),
                                render_cell=render_cell, id="one")

    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        t = app.query_one(EditableTable)
        await wait_for(pilot, lambda: bool(t.grid.columns) and t.grid.row_count == 1)
        await pilot.pause()
        shown = lines(app, t.grid)
        assert shown[0].split("  ")[0].strip() == "Name of the…", shown
        assert shown[1].split("  ")[0].strip().endswith("…"), shown


async def test_the_line_under_a_table_ends_with_an_ellipsis_when_the_cell_is_too_long(store):
    from postmortem_tui.core.model import ContributingFactor

    doc = blank()
    doc.factors = [
        ContributingFactor(title="Short", description="A limit key expires after 12 hours."),
        ContributingFactor(title="Long", description=" ".join(["The cache key prefix"] * 40)),
    ]
    app = make_app(store, doc=doc, section="factors", field="factors-rows")
    async with app.run_test(size=NARROW) as pilot:
        t = grid_of(app, "factors-rows")
        await focused_on(pilot, t)
        t.goto(0, "description")
        await pilot.pause()
        detail = t.query_one("#table-detail")
        assert words(lines(app, detail)) == "Description: A limit key expires after 12 hours."
        t.goto(1, "description")
        await pilot.pause()
        await pilot.pause()
        shown = [line.rstrip() for line in lines(app, detail)]
        assert len(shown) == 3 and shown[-1].endswith("…"), shown


# --- resume on the cell left -------------------------------------------------------------------


def with_follow_ups() -> PostMortem:
    from postmortem_tui.core.model import FollowUp

    doc = blank()
    doc.signoff.follow_ups = [FollowUp(review_type="Action items check", owner="Ana"),
                              FollowUp(review_type="30-day retrospective", owner="Luis")]
    return doc


@pytest.mark.parametrize(
    ("make", "section", "field", "keys", "cell", "size"),
    [
        (blank, "timeline", "timeline-rows", ["down", "down", "down", "right", "right"],
         (3, "actor"), SIZE),
        (with_follow_ups, "signoff", "signoff-follow_ups", ["down", "right", "right"],
         (1, "owner"), SIZE),
        (with_actions, "actions", "actions-rows", ["down", *["right"] * 6], (1, "category"),
         NARROW),
        (blank, "root_cause", "whys-table", ["down", "down", "right"], (2, "because"), SIZE),
    ],
)
async def test_resume_returns_to_the_row_and_column(store, make, section, field, keys, cell,
                                                    size):
    doc = make()
    doc.wizard.section, doc.wizard.field = section, field
    path = store.save(doc)
    app = make_app(store, path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen)
                       and bool(app.screen.query(f"#{field}")))
        t = grid_of(app, field)
        await focused_on(pilot, t)
        await pilot.press(*keys)
        assert where(t) == cell
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    position = read_draft(path).wizard
    assert (position.field, position.row, position.column) == (field, *cell)
    again = make_app(store, path)
    async with again.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, WizardScreen)
                       and bool(again.screen.query(f"#{field}")))
        t = grid_of(again, field)
        await wait_for(pilot, lambda: again.focused is t.grid and where(t) == cell)
        await pilot.pause()
        assert where(t) == cell and again.focused is t.grid
        # On the screen too: the form and the table scrolled to it.
        grid = t.grid
        x = grid._get_cell_region(grid.cursor_coordinate).x - grid.scroll_offset.x
        assert 0 <= x < grid.scrollable_content_region.width
        assert grid.region.overlaps(t.screen.query_one("#forms").region)


async def test_moving_the_cursor_does_not_write_the_draft(store):
    doc = blank()
    app = make_app(store, doc=doc, section="timeline", field="timeline-rows")
    writes: list[object] = []
    real = app.store.save_snapshot

    def counted(*args: object, **kwargs: object) -> object:
        writes.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    app.store.save_snapshot = counted  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "timeline-rows")
        await focused_on(pilot, t)
        await pilot.press("down", "down", "right", "tab", "down", "left")
        await wait_for(pilot, lambda: (doc.wizard.row, doc.wizard.column) == (3, "event"))
        await pilot.pause()
        # As with moving from field to field: in memory, written with the next save.
        assert app.session is not None and not app.session.dirty and writes == []
        await pilot.press("Q", "enter")
        await wait_for(pilot, lambda: len(writes) >= 1)
        position = read_draft(store.path_for(doc.header.incident_id)).wizard
        assert (position.row, position.column) == (3, "event")


async def test_the_whole_bullet_follows_the_highlight_and_the_focus(store):
    doc = blank()
    first = "The reject-rate alert pointed at exchange connectivity, so the first " * 2
    second = "The desk moved priority clients to voice trading within minutes, " * 2
    doc.lessons.went_well = [first.strip(), second.strip()]
    app = make_app(store, doc=doc, section="lessons", field="lessons-went_well")
    async with app.run_test(size=NARROW) as pilot:
        bullets = app.screen.query_one("#lessons-went_well", BulletList)
        await wait_for(pilot, lambda: inside(app, bullets))
        await pilot.pause()
        assert first.strip() in words(lines(app, bullets))
        await pilot.press("down")
        await pilot.pause()
        shown = [line.rstrip() for line in lines(app, bullets)]
        assert first.strip() not in words(shown) and second.strip() in words(shown)
        # The first takes one line again: no blank lines where its other lines were.
        assert shown[1].endswith("…") and shown[2].startswith(" • The desk"), shown
        await pilot.press("tab")  # to the box under the list: no bullet is in use
        await pilot.pause()
        shown = [line.rstrip() for line in lines(app, bullets)]
        assert shown[1].endswith("…") and shown[2].endswith("…"), shown


def test_a_draft_from_before_keeps_loading_and_round_trips_the_cell(store):
    from postmortem_tui.core.toml_writer import render, snapshot

    doc = blank()
    text = render(snapshot(doc))
    assert "row =" not in text and "column =" not in text  # nothing written while unset
    path = store.save(doc)
    assert (read_draft(path).wizard.row, read_draft(path).wizard.column) == (None, None)
    doc.wizard.row, doc.wizard.column = 4, "actor"
    path = store.save(doc)
    assert (read_draft(path).wizard.row, read_draft(path).wizard.column) == (4, "actor")


async def test_resuming_on_a_row_gone_since_lands_on_the_last(store):
    doc = blank()
    doc.wizard.section, doc.wizard.field = "timeline", "timeline-rows"
    doc.wizard.row, doc.wizard.column = 40, "no_such_column"
    path = store.save(doc)
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen)
                       and bool(app.screen.query("#timeline-rows")))
        t = grid_of(app, "timeline-rows")
        await wait_for(pilot, lambda: app.focused is t.grid and t.cursor_row == 8)
        assert where(t) == (8, "time")


async def test_home_says_why_a_highlighted_draft_is_unreadable(store):
    store.ensure_folder()
    (store.folder / "INC-20260101-001.toml").write_text("schema_version = 1\n[header\n")
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and app.screen.query_one(DataTable).row_count == 1)
        await pilot.pause()
        detail = app.screen.query_one("#home-detail")
        assert detail.display
        assert words(lines(app, detail)).startswith("INC-20260101-001.toml: not valid TOML")


async def test_the_box_under_a_bullet_list_cuts_its_example_with_an_ellipsis(store, demo_doc):
    app = make_app(store, doc=demo_doc, section="lessons", field="lessons-went_well")
    async with app.run_test(size=NARROW) as pilot:
        bullets = app.screen.query_one("#lessons-went_well", BulletList)
        await wait_for(pilot, lambda: inside(app, bullets))
        await pilot.pause()
        shown = lines(app, bullets.input)[0].rstrip()
        assert shown.startswith('e.g. "Alert fired') and shown.endswith("…"), shown
        assert bullets.placeholder.endswith('starting"')  # the example itself is whole


async def test_moving_up_and_down_a_table_does_not_lay_out_the_screen(store, layouts):
    """The title's row number and the line under the table change on every move, their
    height rarely: only they are repainted (a layout costs as much as the rest of a key)."""
    app = make_app(
        store, doc=blank(), section="timeline", field="timeline-rows", save_delay=3600
    )
    async with app.run_test(size=SIZE) as pilot:
        t = grid_of(app, "timeline-rows")
        await focused_on(pilot, t)
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await wait_for(pilot, lambda: not screen.states_pending)
        await pilot.pause()
        layouts.clear()
        await pilot.press("down", "down", "down", "up", "down")
        await pilot.pause()
        assert where(t) == (3, "time")
        assert "row 4" in str(t.query_one("#table-title").render())
        assert "Initial investigation" in str(t.query_one("#table-detail").render())
        assert layouts == []


async def test_moving_between_bullets_that_fit_does_not_lay_out_the_screen(store, layouts):
    doc = blank()
    doc.lessons.went_well = ["Rollback took two minutes", "Desk moved clients to voice",
                             "Fail-closed checks held"]
    app = make_app(
        store, doc=doc, section="lessons", field="lessons-went_well", save_delay=3600
    )
    async with app.run_test(size=SIZE) as pilot:
        bullets = app.screen.query_one("#lessons-went_well", BulletList)
        await wait_for(pilot, lambda: inside(app, bullets))
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await wait_for(pilot, lambda: not screen.states_pending)
        await pilot.pause()
        layouts.clear()
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert bullets.list_view.index == 1
        assert layouts == []
