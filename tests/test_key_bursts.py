"""Keys that arrive together (a paste of keys, a script, typing ahead of a busy screen) act as
the same keys typed one by one: Tab, Shift+Tab, editing keys and the screen's keys keep their
place among the letters around them."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest
from kit import make_app, wait_for
from textual import events
from textual.app import App, ComposeResult
from textual.keys import _character_to_key
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

from postmortem_tui.core.model import FollowUp, PostMortem, Reviewer
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.key_order import KeyOrder
from postmortem_tui.tui.widgets.editable_table import EditableTable

SIZE = (100, 30)

pytestmark = pytest.mark.usefixtures("clock")


def blank(title: str = "") -> PostMortem:
    return PostMortem.new(title=title, incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))


NAMED = frozenset({
    "tab", "enter", "escape", "backspace", "delete", "home", "end", "left", "right", "up", "down",
    "f1", "f2", "f3",
})


def keys_of(*keys: str) -> list[events.Key]:
    """Key events as the app reads them from the terminal: each of `keys` is a key's name
    (`tab`, `shift+tab`, `ctrl+s`), or text, one key a character."""
    found = []
    for name in keys:
        if name in NAMED or "+" in name:
            found.append(events.Key(name, None))
        else:
            found.extend(events.Key(_character_to_key(char), char) for char in name)
    for key in found:
        key._sender = None  # as the terminal's reader thread makes them (made here: the app)
    return found


@pytest.fixture(params=["slowly", "at_once"])
def pace(request: pytest.FixtureRequest) -> str:
    """Each test types its keys one by one (each handled before the next: the expected
    outcome), then all at once (as the terminal delivers keys read together)."""
    return str(request.param)


async def send(pilot: Any, app: PostmortemApp, pace: str, *keys: str) -> None:
    for key in keys_of(*keys):
        app.post_message(key)
        if pace == "slowly":
            await pilot.pause()


def focused_id(app: PostmortemApp) -> str:
    """The id of the document field that holds the focus."""
    node = app.focused
    while node is not None and not (node.id or "").startswith(
        ("header-", "signoff-", "summary", "root_cause-")
    ):
        node = node.parent  # type: ignore[assignment]
    return node.id if node is not None and node.id else ""


async def ready(pilot: Any, app: PostmortemApp, field: str) -> None:
    await wait_for(pilot, lambda: focused_id(app) == field)


async def test_tabs_then_digits_land_in_the_start_time(store, pace):
    doc = blank("Burst test")
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        await send(pilot, app, pace, "tab", "tab", "tab", "0915")
        await wait_for(pilot, lambda: doc.header.start_time == dt.time(9, 15))
        assert doc.header.title == "Burst test"
        assert focused_id(app) == "header-start_time"


@pytest.mark.parametrize(("keys", "expected"), [
    (("abc", "backspace", "d"), "abd"),
    (("abc", "left", "left", "x", "end", "y"), "axbcy"),
    (("abc", "home", "x", "right", "delete", "z"), "xazc"),
    (("abc def", "ctrl+w", "x"), "abc x"),
])
async def test_editing_keys_keep_their_place_among_letters(store, pace, keys, expected):
    doc = blank()
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        await send(pilot, app, pace, *keys, "tab", "tab")
        await wait_for(pilot, lambda: focused_id(app) == "header-date")
        assert doc.header.title == expected


async def test_tab_out_of_the_title_then_typing(store, pace):
    doc = blank()
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        # Tab selects the date, so what is typed replaces it; Shift+Tab comes back to the ID.
        await send(pilot, app, pace,
                   "Outage", "tab", "tab", "2025-03-02", "tab", "shift+tab", "shift+tab", "x")
        await wait_for(pilot, lambda: app.focused is not None and isinstance(app.focused, Input)
                       and app.focused.value == "x")
        assert doc.header.title == "Outage"
        assert doc.header.date == dt.date(2025, 3, 2)
        assert focused_id(app) == "header-incident_id"


async def test_screen_keys_then_typing(store, pace):
    doc = blank("Title")
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        await send(pilot, app, pace, "!", "ctrl+s", "f3", "Hello", "f2", "?")
        await wait_for(pilot, lambda: doc.header.title == "Title!?" and doc.summary == "Hello")
        assert focused_id(app) == "header-title"


async def test_a_text_box_edits_in_order_and_tabs_on(store, pace):
    doc = blank("Title")
    app = make_app(store, doc=doc, section="root_cause")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        first = app.focused
        assert isinstance(first, TextArea)
        await send(pilot, app, pace,
                   "abc", "backspace", "d", "enter", "e", "tab", "x", "shift+tab", "end", "f")
        await wait_for(pilot, lambda: first.text == "abd\nef" and app.focused is first)
        second = first.screen.focus_chain[first.screen.focus_chain.index(first) + 1]
        assert isinstance(second, Input) and second.value == "x"


def signoff_table(app: PostmortemApp, name: str) -> EditableTable:
    return app.screen.query_one(f"#signoff-{name}", EditableTable)


async def test_tab_into_a_table_types_in_its_cells(store, pace):
    doc = blank("Title")
    app = make_app(store, doc=doc, section="signoff", field="signoff-author-date_written")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "signoff-author-date_written")
        # Into the empty reviewers table: typing starts its first row; Tab saves, next cell.
        await send(pilot, app, pace, "tab", "Ana", "tab", "SRE", "enter")
        reviewers = doc.signoff.reviewers
        await wait_for(pilot, lambda: len(reviewers) == 1 and reviewers[0].role == "SRE"
                       and signoff_table(app, "reviewers").editing is None)
        assert reviewers[0].name == "Ana"


async def test_tab_out_of_a_table_and_shift_tab_back(store, pace):
    doc = blank("Title")
    doc.signoff.reviewers = [Reviewer(name="Ana", role="SRE")]
    doc.signoff.follow_ups = [FollowUp()]
    doc.wizard.row, doc.wizard.column = 0, "approved"  # left on the table's last cell
    app = make_app(store, doc=doc, section="signoff", field="signoff-reviewers")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "signoff-reviewers")
        reviewers = signoff_table(app, "reviewers")
        await wait_for(pilot, lambda: reviewers.position == (0, "approved"))
        # Past the last cell into the follow-ups table, typed in its first cell; Shift+Tab back
        # from there to the reviewers' last cell, then to the role typed over.
        await send(pilot, app, pace,
                   "tab", "2025-03-05", "tab", *["shift+tab"] * 4, "Lead", "enter")
        await wait_for(pilot, lambda: doc.signoff.reviewers[0].role == "Lead"
                       and reviewers.editing is None)
        assert doc.signoff.follow_ups[0].date == dt.date(2025, 3, 5)
        assert doc.signoff.reviewers[0].name == "Ana"


async def test_a_dialog_opened_and_closed_then_typing(store, pace):
    doc = blank("Title")
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        # F1 help and the command palette open over the wizard; Esc closes them, with the
        # widget the key was in: what is typed next goes back to the title.
        await send(pilot, app, pace, "a", "f1", "escape", "b", "ctrl+p", "escape", "c")
        await wait_for(pilot, lambda: doc.header.title == "Titleabc")
        assert focused_id(app) == "header-title"


async def test_a_paste_keeps_its_place_among_keys(store, pace):
    doc = blank()
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app, "header-title")
        for key in keys_of("ab", "backspace"):
            app.post_message(key)
        app.post_message(events.Paste("CD"))
        await send(pilot, app, pace, "tab", "tab", "2025-03-02")
        await wait_for(pilot, lambda: doc.header.date == dt.date(2025, 3, 2))
        assert doc.header.title == "aCD"


# --- what key_order relies on in Textual ----------------------------------------------------


def changed(what: str) -> str:
    return f"Textual changed: {what}. Review tui/key_order.py before widening the pin."


def test_textual_still_has_what_key_order_relies_on() -> None:
    assert list(inspect.signature(Message._bubble_to).parameters) == ["self", "widget"], changed(
        "Message._bubble_to(self, widget)")
    key = events.Key("a", "a")
    assert key._stop_propagation is False and key.stop()._stop_propagation, changed(
        "Message._stop_propagation")
    source = inspect.getsource(MessagePump._on_message)
    assert "message._bubble_to(self._parent)" in source, changed("how a message bubbles")
    # The only stop Textual itself makes: a message the app sent, at the app's door.
    assert "message._sender == self._parent" in source, changed("when a message stops itself")
    assert "forward_target = self.focused or self.screen" in inspect.getsource(App.on_event), (
        changed("where the app sends a key"))


class Bare(App[None]):
    """Textual's own app: a field, and Tab to the next."""

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")


class Ordered(KeyOrder[None], Bare):
    pass


@pytest.mark.parametrize("app_class", [Bare, Ordered])
async def test_textual_itself_still_lets_letters_overtake_a_tab(app_class: type[Bare]) -> None:
    # Fails for Bare once Textual keeps keys in order itself: then key_order can go.
    app = app_class()
    async with app.run_test() as pilot:
        first, second = app.query_one("#first", Input), app.query_one("#second", Input)
        await wait_for(pilot, lambda: first.has_focus)
        for key in keys_of("ab", "backspace", "tab", "cd"):
            app.post_message(key)
        await wait_for(pilot, lambda: second.has_focus and len(first.value + second.value) >= 3)
        await pilot.pause()
        in_order = (first.value, second.value) == ("a", "cd")
        assert in_order == (app_class is Ordered), (first.value, second.value)
