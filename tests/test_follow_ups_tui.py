"""The wizard's side of following up: the home screen's follow-ups (overdue action items and
follow-up reviews due this week, across drafts; Enter opens the post-mortem on the item), the
palette's review steps with the command line's refusals, and a Closed post-mortem read-only."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from kit import FrozenClock, make_app, wait_for, wait_for_draft
from textual.widgets import DataTable, Input

from postmortem_tui.core.model import ActionItem, FollowUp, PostMortem, Status
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.review_steps import steps
from postmortem_tui.tui.screens.confirm import ConfirmScreen
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.reason_dialog import ReasonDialog
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.sections.base import SectionForm
from postmortem_tui.tui.widgets.editable_table import EditableTable
from postmortem_tui.tui.widgets.follow_ups import FollowUpsPanel
from postmortem_tui.tui.widgets.title_bar import TitleBar

SIZE = (100, 30)
TODAY = dt.date(2025, 3, 4)  # the `clock` fixture's day
FIXED_MTIME = 1_735_700_000


@pytest.fixture
def folder(store: DraftStore, clock: FrozenClock, complete_doc: PostMortem) -> DraftStore:
    """Two drafts: one with an overdue item and a review due this week, one with nothing due."""
    doc = complete_doc  # INC-20250303-001
    doc.actions.append(ActionItem(id=2, action="Alert on certificate expiry", owner="Pedro Núñez",
                                  priority="P1", due="2025-03-01"))  # type: ignore[arg-type]
    doc.signoff.follow_ups = [
        FollowUp(date=dt.date(2025, 3, 17), review_type="30-day retrospective", owner="Ana"),
        FollowUp(date=dt.date(2025, 3, 6), review_type="Action items check", owner="Luis"),
    ]
    os.utime(store.save(doc), (FIXED_MTIME, FIXED_MTIME))
    calm = PostMortem.new(title="Matching engine restart loop", incident_id="INC-20250301-001",
                          when=dt.date(2025, 3, 1))
    calm.actions = [ActionItem(id=1, action="Later", due=dt.date(2025, 4, 1))]
    os.utime(store.save(calm), (FIXED_MTIME - 86400, FIXED_MTIME - 86400))
    return store


async def home_loaded(pilot) -> FollowUpsPanel:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                   and pilot.app.screen.query_one("#home-drafts", DataTable).row_count == 2)
    panel = pilot.app.screen.query_one(FollowUpsPanel)
    await wait_for(pilot, lambda: panel.items, what="the follow-ups")
    return panel


def in_table(app) -> str | None:  # type: ignore[no-untyped-def]
    """The id of the wizard's table that has the focus (its grid, or its edit box)."""
    if not isinstance(app.screen, WizardScreen) or app.focused is None:
        return None
    return next((a.id for a in app.focused.ancestors_with_self if isinstance(a, EditableTable)),
                None)


def rows_of(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_lists_overdue_items_and_reviews_due_this_week(folder: DraftStore) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        panel = await home_loaded(pilot)
        assert panel.display
        assert rows_of(panel.table) == [
            ["2025-03-01", "INC-20250303-001", "#2 Alert on certificate expiry", "Pedro Núñez",
             "3 days overdue"],
            ["2025-03-06", "INC-20250303-001", "Review: Action items check", "Luis",
             "in 2 days"],
        ]
        title = str(panel.query_one("#follow-ups-title").render())
        assert title == "Follow-ups: 1 overdue action item, 1 follow-up review · Enter opens it"


async def test_enter_on_an_overdue_item_opens_its_post_mortem_on_it(folder: DraftStore) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f")
        assert isinstance(app.focused, DataTable) and app.focused.id == "follow-ups-table"
        await pilot.press("enter")
        await wait_for(pilot, lambda: in_table(app) == "actions-rows")
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.current == "actions"
        table = screen.query_one("#actions-rows", EditableTable)
        await wait_for(pilot, lambda: table.position == (1, "status"))


async def test_enter_on_a_review_opens_the_follow_up_schedule_on_it(folder: DraftStore) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f", "down", "enter")
        await wait_for(pilot, lambda: in_table(app) == "signoff-follow_ups")
        table = app.screen.query_one("#signoff-follow_ups", EditableTable)
        await wait_for(pilot, lambda: table.position == (1, "date"))


async def test_nothing_to_follow_up_shows_no_panel(store: DraftStore, clock: FrozenClock) -> None:
    store.save(PostMortem.new(title="Quiet", incident_id="INC-20250301-001",
                              when=dt.date(2025, 3, 1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and app.screen.query_one("#home-drafts", DataTable).row_count == 1)
        panel = app.screen.query_one(FollowUpsPanel)
        assert not panel.items and not panel.display
        assert app.screen.check_action("follow_ups", ()) is False


def test_the_home_panel_looks_right(snap_compare, folder: DraftStore,  # type: ignore[no-untyped-def]
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.folder.parent)
    app = make_app(DraftStore(Path(folder.folder.name)))

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await home_loaded(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=loaded)


# --- the review steps ---------------------------------------------------------------------


def palette_names(status: Status) -> list[str]:
    return [name for name, _, _ in steps(status)]


def test_the_palette_offers_the_steps_from_each_status() -> None:
    assert palette_names(Status.DRAFT) == ["Review: Mark reviewed", "Review: Close"]
    assert palette_names(Status.REVIEWED) == ["Review: Close", "Review: Back to draft…"]
    assert palette_names(Status.CLOSED) == ["Review: Reopen as draft…",
                                            "Review: Reopen as reviewed…"]


async def run_palette(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    from postmortem_tui.tui.commands import WizardCommands

    provider = WizardCommands(pilot.app.screen)
    hits = [hit async for hit in provider.discover() if hit.text == name]
    assert hits, f"no palette command {name!r}"
    hits[0].command()
    await pilot.pause()


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_mark_reviewed_refused_says_what_is_missing(
    store: DraftStore, clock: FrozenClock, complete_doc: PostMortem
) -> None:
    complete_doc.summary = ""
    app = make_app(store, doc=complete_doc)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        await run_palette(pilot, "Review: Mark reviewed")
        await wait_for(pilot, lambda: any("Cannot mark Reviewed yet" in n
                                          for n in notifications(app)))
        said = next(n for n in notifications(app) if "Cannot mark" in n)
        assert said == ("Cannot mark Reviewed yet: Missing:\n• Executive Summary: Executive "
                        "summary is missing")
        assert complete_doc.header.status is Status.DRAFT


async def test_review_close_reopen_from_the_palette(
    store: DraftStore, clock: FrozenClock, complete_doc: PostMortem
) -> None:
    app = make_app(store, doc=complete_doc)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await screen.show_section("history")
        history = screen.query_one("#history-rows", EditableTable)
        await run_palette(pilot, "Review: Mark reviewed")
        saved = await wait_for_draft(pilot, app.path, lambda d: d.header.status is Status.REVIEWED)
        assert [(h.version, h.changes) for h in saved.history] == [
            ("0.1", "Initial draft"), ("1.0", "Final version after review (approved by Luis)")]
        assert history.grid.row_count == 2  # the history table shows the step's row at once
        # Closing with the P0 item still open: asked, by its ID.
        await run_palette(pilot, "Review: Close")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "P0 action item 1 is not Done" in app.screen.message  # type: ignore[attr-defined]
        await pilot.click("#yes")
        saved = await wait_for_draft(pilot, app.path, lambda d: d.header.status is Status.CLOSED)
        assert saved.history[-1].changes == "Closed; P0 action item 1 accepted as open"
        # Read-only now: the mark, the forms disabled.
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.closed
        assert "[Closed · read-only]" in str(screen.query_one(TitleBar).render())
        assert all(form.disabled for form in screen.query(SectionForm))
        # Reopening asks why; an empty reason is not taken.
        await run_palette(pilot, "Review: Reopen as draft…")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one(Input).value = "The root cause was wrong"
        await pilot.click("#reason-go")
        saved = await wait_for_draft(pilot, app.path, lambda d: d.header.status is Status.DRAFT)
        assert saved.history[-1].changes == ("Reopened as Draft (was Closed): The root cause "
                                             "was wrong")
        await wait_for(pilot, lambda: app.screen is screen and not screen.closed)
        assert not any(form.disabled for form in screen.query(SectionForm))
        assert "read-only" not in str(screen.query_one(TitleBar).render())


async def test_reopening_can_be_cancelled(
    store: DraftStore, clock: FrozenClock, complete_doc: PostMortem
) -> None:
    complete_doc.header.status = Status.REVIEWED
    app = make_app(store, doc=complete_doc)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        await run_palette(pilot, "Review: Back to draft…")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert complete_doc.header.status is Status.REVIEWED


# --- a Closed post-mortem in the wizard -----------------------------------------------------


async def test_a_closed_post_mortem_opens_read_only(
    store: DraftStore, clock: FrozenClock, complete_doc: PostMortem
) -> None:
    complete_doc.header.status = Status.CLOSED
    path = store.save(complete_doc)
    before = path.read_bytes()
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.closed
        assert "[Closed · read-only]" in str(screen.query_one(TitleBar).render())
        await screen.show_section("actions")
        await pilot.pause()
        assert all(form.disabled for form in screen.query(SectionForm))
        await pilot.press("x")
        await wait_for(pilot, lambda: any("is Closed, so it is read-only" in n
                                          for n in notifications(app)))
        said = next(n for n in notifications(app) if "read-only" in n)
        assert "Reopen it from the command palette (Ctrl+P, \"Review: Reopen as draft\")" in said
        assert "postmortem actions set" in said
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_bytes() == before  # not even the wizard's position: it is as closed
