"""Typing into the wizard's form fields: over a prefilled value, into a choice, on entering a
section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kit import make_app, type_text, wait_for
from textual.app import App, ComposeResult
from textual.widgets import Input, Select, TextArea
from textual.widgets.input import Selection

from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.model import PostMortem, Severity, Status
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.choice_field import ChoiceField
from postmortem_tui.tui.widgets.fast_input import LONG, FastInput, shown
from postmortem_tui.tui.widgets.field_input import FieldInput

SIZE = (100, 30)


@pytest.fixture
def draft(store: DraftStore) -> tuple[PostMortem, Path]:
    doc, path = store.new(title="Quote feed stalled", when=dt.date(2026, 12, 1))
    doc.root_cause.snippet_language = "text"
    store.save(doc, path)
    return doc, path


def wizard(app: PostmortemApp) -> WizardScreen:
    screen = app.screen
    assert isinstance(screen, WizardScreen)
    return screen


def field(app: PostmortemApp, widget_id: str) -> FieldInput:
    return app.screen.query_one(f"#{widget_id}", FieldInput)


async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))


# --- typing over a prefilled value --------------------------------------------------------


async def test_tab_into_a_prefilled_field_selects_it_so_typing_replaces_it(store, draft):
    doc, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        incident = field(app, "header-incident_id")
        await pilot.press("tab")
        assert app.focused is incident.input
        assert incident.input.selection == Selection(0, len(doc.header.incident_id))
        await type_text(pilot, "INC-20261124-002")
        assert incident.input.value == "INC-20261124-002"
        assert app.doc is not None and app.doc.header.incident_id == "INC-20261124-002"
        await pilot.press("tab")  # the date
        await type_text(pilot, "2026-11-24")
        assert app.doc.header.date == dt.date(2026, 11, 24)
        await pilot.press("shift+tab", "shift+tab")  # back to the title, selected too
        title = field(app, "header-title")
        assert app.focused is title.input
        assert title.input.selection == Selection(0, len("Quote feed stalled"))
        await type_text(pilot, "FX feed stalled")
        assert app.doc.header.title == "FX feed stalled"
        await wait_for(pilot, lambda: read_draft(app.path).header.title == "FX feed stalled")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["home"], "XINC-20261201-001"),
        (["end"], "INC-20261201-001X"),
        (["left"], "XINC-20261201-001"),
        (["right"], "INC-20261201-001X"),
        (["end", "left"], "INC-20261201-00X1"),
    ],
)
async def test_arrows_home_and_end_leave_the_value_to_edit(store, draft, keys, expected):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("tab", *keys, "X")
        assert field(app, "header-incident_id").input.value == expected


async def test_a_click_places_the_cursor(store, draft):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        incident = field(app, "header-incident_id")
        await pilot.click(incident.input, offset=(4, 0))
        await pilot.pause()
        assert app.focused is incident.input
        assert incident.input.selection.is_empty
        await type_text(pilot, "X")
        assert incident.input.value == "INC-X20261201-001"


async def test_landing_on_a_field_by_opening_keeps_its_value(store, draft):
    """The wizard's own focus (opening, resuming, entering a section) never arms a replace."""
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        title = field(app, "header-title")
        assert app.focused is title.input
        assert title.input.selection.is_empty
        await type_text(pilot, "!")
        assert title.input.value == "Quote feed stalled!"


async def test_every_one_line_field_selects_on_tab(store, draft):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        screen = wizard(app)
        await screen.show_section("root_cause")
        language = field(app, "root_cause-snippet_language")
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press("tab")
        assert app.focused is language.input
        assert language.input.selection == Selection(0, len("text"))
        await type_text(pilot, "bash")
        assert app.doc is not None and app.doc.root_cause.snippet_language == "bash"


# --- choices ------------------------------------------------------------------------------


async def focus_choice(pilot, widget_id: str) -> ChoiceField:  # type: ignore[no-untyped-def]
    app = pilot.app
    choice = app.screen.query_one(f"#{widget_id}", ChoiceField)
    choice.query_one(Select).focus()
    await wait_for(pilot, lambda: isinstance(app.focused, Select))
    return choice


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("p1", Severity.P1),
        ("P1", Severity.P1),
        ("1", Severity.P1),
        ("3", Severity.P3),
        ("p", Severity.P0),
        ("p2", Severity.P2),
    ],
)
async def test_typing_chooses_a_severity(store, draft, typed, expected):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        choice = await focus_choice(pilot, "header-severity")
        await pilot.press(*typed)
        assert choice.query_one(Select).value == expected
        assert app.doc is not None and app.doc.header.severity == expected
        assert not choice.query_one(Select).expanded
        await wait_for(pilot, lambda: read_draft(app.path).header.severity == expected)


async def test_the_status_is_shown_not_typed(store, draft):
    """The status moves through a review step (the palette), never by typing in its field."""
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        choice = app.screen.query_one("#header-status", ChoiceField)
        assert choice.disabled and not choice.query_one(Select).focusable
        assert "review step" in str(app.screen.query_one("#header-status-hint").render())
        await pilot.press("tab", "r", "c")
        assert app.doc is not None and app.doc.header.status == Status.DRAFT


async def test_the_same_letter_again_goes_to_the_next_choice(store, draft):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await focus_choice(pilot, "header-severity")
        await pilot.press("p")
        assert app.doc is not None and app.doc.header.severity == Severity.P0
        await pilot.press("2")
        assert app.doc.header.severity == Severity.P2
        await pilot.press("3")  # "p23" matches nothing: "3" on its own
        assert app.doc.header.severity == Severity.P3


async def test_typing_does_not_reach_the_app_keys(store, draft):
    """A letter typed on a choice is the choice's, whatever the screen binds it to."""
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        choice = await focus_choice(pilot, "header-severity")
        select = choice.query_one(Select)
        assert select.check_consume_key("r", "r")
        assert not select.check_consume_key("enter", None)


@pytest.mark.parametrize("width", [80, 100])
async def test_a_choice_and_its_meaning_are_readable(store, draft, width):
    doc, path = draft
    doc.header.severity = Severity.P1
    store.save(doc, path)
    app = make_app(store, path)
    async with app.run_test(size=(width, 30)) as pilot:
        await opened(pilot)
        await pilot.pause()
        region = app.screen.query_one("#header-severity", ChoiceField).query_one(Select).region
        strips = app.screen._compositor.render_strips()
        shown = " ".join(
            strips[y].text[region.x:region.right].replace("▼", "").strip()
            for y in range(region.y, region.bottom)
        )
        assert " ".join(shown.split()) == f"P1 — {Severity.P1.meaning}"


# --- entering a section -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.parametrize("key", ["root_cause", "resolution", "appendix"])
async def test_entering_a_section_keeps_its_title_and_first_label_in_view(
    store, demo_doc, size, key
):
    path = store.save(demo_doc)
    app = make_app(store, path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        screen = wizard(app)
        for _ in range(2):  # built, then shown again
            await screen.show_section(key)
            await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            form = screen.form
            assert form is not None
            assert form.scroll_y == 0
            title = form.query_one(".section--title")
            first = form.fields()[0]
            label = first.children[0]
            assert form.region.contains_region(title.region)
            assert form.region.contains_region(label.region)
            await screen.show_section("header")
            await opened(pilot)


async def test_resuming_further_down_shows_the_field_with_its_label(store, demo_doc):
    demo_doc.wizard.section = "root_cause"
    demo_doc.wizard.field = "root_cause-why_it_happened"
    path = store.save(demo_doc)
    app = make_app(store, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        form = wizard(app).form
        assert form is not None
        target = form.query_one("#root_cause-why_it_happened")
        assert app.focused is target.query_one(TextArea)
        assert form.region.contains_region(target.children[0].region)  # its label


async def test_counts_show_as_typed_with_thousands_separators(store, demo_doc):
    demo_doc.impact.missed_trades = 1843
    demo_doc.wizard.section = "impact"
    path = store.save(demo_doc)
    app = make_app(store, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#impact-missed_trades")))
        missed = field(app, "impact-missed_trades")
        assert missed.input.value == "1,843"
        assert field(app, "impact-financial_amount").input.placeholder.startswith("e.g. ")
        missed.input.focus()
        missed.input.value = "2,001"
        await wait_for(pilot, lambda: app.doc is not None and app.doc.impact.missed_trades == 2001)


# --- a long value in a one-line field -----------------------------------------------------


class _OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield FastInput(id="long")


@pytest.mark.parametrize("cursor", [0, 1, 1500, 2999, 3000])
@pytest.mark.parametrize("selected", [False, True])
async def test_a_long_value_is_drawn_as_input_draws_it(cursor, selected):
    """Only the part in view is drawn (typing stays instant after a long paste): the same
    cells and styles as Textual's Input draws from the whole value."""
    value = "".join(f"\x1b[3{n % 8}m{n:04d}\r\n" for n in range(300))[:3000]
    app = _OneField()
    async with app.run_test(size=(60, 5)) as pilot:
        field = app.query_one(FastInput)
        field.value = value
        field.focus()
        await pilot.pause()
        field.cursor_position = 0 if cursor else 1
        field.cursor_position = cursor
        if selected:
            field.selection = Selection(max(0, cursor - 30), cursor)
        await pilot.pause()
        assert len(value) >= LONG
        drawn = field.render_line(0)
        reference = Input.render_line(field, 0)
        assert drawn.text == reference.text
        assert list(drawn) == list(reference)
        assert shown(value[cursor - 5:cursor]) in drawn.text


async def test_a_long_prefilled_value_shows_the_cursor_when_the_field_is_reached(store):
    title = "Equity orders rejected at market open after a risk-limit cache key change (FX too)"
    _, path = store.new(title=title, when=dt.date(2026, 12, 1))
    app = make_app(store, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        field_input = field(app, "header-title").input
        await wait_for(pilot, lambda: field_input.scroll_x > 0)
        assert "(FX too)" in field_input.render_line(0).text
