"""Pasted text reaches the draft exactly: ANSI escapes, CRLF, lone CR, in every kind of field."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest
from kit import make_app, wait_for
from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui import paste_fix
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.editable_table import EditableTable
from postmortem_tui.tui.widgets.fast_input import shown
from postmortem_tui.tui.widgets.field_input import FieldInput
from postmortem_tui.tui.widgets.long_text_field import LARGE_TEXT, LongTextField

SIZE = (100, 30)
ESC = "\x1b"
ANSI = f"{ESC}[31mred {ESC}[0m plain {ESC}]0;title\x07 end"
TEXTS = [
    ANSI,
    "line one\r\nline two\r\n",
    "50%\r100%\rdone",
    f"{ESC}",
    f"trailing escape {ESC}",
    f"{ESC}[2",  # the start of the end marker, but not it
    f"{ESC}[201",
    "pipes | `ticks` <b>html</b> 🚀",
    "",
]


def parse(chunks: list[str]) -> list[Message]:
    """What the patched parser reports for input arriving in these reads."""
    paste_fix.install()
    parser = XTermParser()
    return [token for chunk in chunks for token in parser.feed(chunk)]


def pastes(tokens: list[Message]) -> list[str]:
    return [t.text for t in tokens if isinstance(t, events.Paste)]


def keys(tokens: list[Message]) -> list[str]:
    return [t.key for t in tokens if isinstance(t, events.Key)]


# --- the parser ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS)
def test_a_bracketed_paste_is_one_exact_paste_event(text: str) -> None:
    tokens = parse([f"{BRACKETED_PASTE_START}{text}{BRACKETED_PASTE_END}"])
    assert pastes(tokens) == [text]
    assert keys(tokens) == []


@pytest.mark.parametrize("text", [ANSI, "a\r\nb"])
def test_a_paste_split_across_reads_anywhere_is_exact(text: str) -> None:
    stream = f"x{BRACKETED_PASTE_START}{text}{BRACKETED_PASTE_END}y"
    for cut in range(1, len(stream)):
        for second in range(cut + 1, len(stream) + 1):
            tokens = parse([stream[:cut], stream[cut:second], stream[second:]])
            assert pastes(tokens) == [text], (cut, second)
            assert keys(tokens) == ["x", "y"], (cut, second)


def test_keys_around_a_paste_are_still_keys() -> None:
    tokens = parse([f"a{ESC}[A{BRACKETED_PASTE_START}{ANSI}{BRACKETED_PASTE_END}{ESC}[Bb"])
    assert keys(tokens) == ["a", "up", "down", "b"]
    assert pastes(tokens) == [ANSI]


def test_two_pastes_in_one_read() -> None:
    one, two = f"{ESC}[1mone", f"two{ESC}[0m\r\n"
    tokens = parse([f"{BRACKETED_PASTE_START}{one}{BRACKETED_PASTE_END}"
                    f"{BRACKETED_PASTE_START}{two}{BRACKETED_PASTE_END}"])
    assert pastes(tokens) == [one, two]


def test_a_large_paste_in_small_reads() -> None:
    text = "".join(f"{ESC}[32m{n:06d} INFO ok{ESC}[0m\r\n" for n in range(20_000))
    stream = f"{BRACKETED_PASTE_START}{text}{BRACKETED_PASTE_END}"
    tokens = parse([stream[i:i + 1024] for i in range(0, len(stream), 1024)])
    assert pastes(tokens) == [text]


def test_a_lone_escape_key_is_still_the_escape_key() -> None:
    paste_fix.install()
    parser = XTermParser()
    assert keys(list(parser.feed(ESC))) == []  # waits to see whether a sequence follows
    parser._timeout_time = 0  # the escape delay has passed
    assert keys(list(parser.tick())) == ["escape"]
    # `ESC`, a pause, then `[200~` typed: keys, not the start of a paste.
    assert keys(list(parser.feed(ESC))) == []
    parser._timeout_time = 0
    list(parser.tick())
    tokens = list(parser.feed("[200~x"))
    assert pastes(tokens) == []
    assert "x" in keys(tokens)


def test_textual_still_has_what_the_fix_relies_on() -> None:
    """If this fails, Textual's input parser changed: review postmortem_tui/tui/paste_fix.py."""
    assert BRACKETED_PASTE_START == "\x1b[200~"
    assert BRACKETED_PASTE_END == "\x1b[201~"
    assert list(inspect.signature(paste_fix.ORIGINAL_FEED).parameters) == ["self", "data"]
    assert list(inspect.signature(paste_fix.ORIGINAL_TICK).parameters) == ["self"]
    paste_fix.install()
    assert XTermParser.feed is paste_fix.feed
    assert XTermParser.tick is paste_fix.tick
    # The fix hands the parser an empty paste and relies on it reporting one `Paste` for it.
    parser = XTermParser()
    tokens = list(paste_fix.ORIGINAL_FEED(parser, BRACKETED_PASTE_START + BRACKETED_PASTE_END))
    assert [type(t) for t in tokens] == [events.Paste]
    assert isinstance(events.Paste("x").text, str)


# --- the widgets --------------------------------------------------------------------------


@pytest.fixture
def draft(store: DraftStore) -> tuple[PostMortem, Path]:
    return store.new(title="Quote feed stalled", when=dt.date(2026, 11, 20))


async def on_section(pilot, key: str) -> WizardScreen:  # type: ignore[no-untyped-def]
    """The wizard, once it has opened, on section `key`."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    await wait_for(pilot, lambda: pilot.app.focused is not None)
    await screen.show_section(key)
    return screen


async def on_long_text(pilot, key: str) -> WizardScreen:  # type: ignore[no-untyped-def]
    """The wizard on section `key`, its first long text focused."""
    screen = await on_section(pilot, key)
    await wait_for(pilot, lambda: isinstance(pilot.app.focused, TextArea))
    return screen


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


PASTED = [ANSI, "one\r\ntwo\r\n", "a\rb", "x\ny"]
IN_LONG_TEXT = {"a\rb": "a\nb"}
"""What a long text stores of a paste, where it is not the paste itself: a terminal sends a
pasted line break as a lone CR."""


@pytest.mark.parametrize("text", PASTED)
async def test_a_paste_into_a_one_line_field_is_kept_exactly(store, draft, text):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        title = app.screen.query_one("#header-title", FieldInput)
        await pilot.press("end")
        await paste(pilot, text)
        assert title.input.value == "Quote feed stalled" + text
        # Shown inert, as pictures, with the cursor after the paste in view.
        line = title.input.render_line(0).text
        assert line.isprintable()
        assert shown(text)[-8:] in line
        await pilot.press("z")
        assert title.input.value == "Quote feed stalled" + text + "z"
        text += "z"
        assert app.doc is not None and app.doc.header.title == "Quote feed stalled" + text
        await wait_for(pilot, lambda: read_draft(path).header.title == "Quote feed stalled" + text)


@pytest.mark.parametrize("text", PASTED)
async def test_a_paste_into_a_long_text_is_kept_exactly(store, draft, text):
    doc, path = draft
    doc.summary = "Before."
    store.save(doc, path)
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_long_text(pilot, "summary")
        area = app.focused
        assert isinstance(area, TextArea)
        area.move_cursor(area.document.end)
        await paste(pilot, text)
        text = IN_LONG_TEXT.get(text, text)
        field = screen.query_one("#summary-summary", LongTextField)
        await wait_for(pilot, lambda: field.value == "Before." + text)
        assert app.doc is not None and app.doc.summary == "Before." + text
        # Typing goes on after the paste, wherever the text is shown.
        if not field.large:
            await pilot.press("z")
            assert app.doc.summary == "Before." + text + "z"
            text += "z"
        await wait_for(pilot, lambda: read_draft(path).summary == "Before." + text)


@pytest.mark.parametrize("text", PASTED)
async def test_a_paste_into_an_empty_long_text_is_still_editable(store, draft, text):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_long_text(pilot, "summary")
        await paste(pilot, text)
        text = IN_LONG_TEXT.get(text, text)
        field = screen.query_one("#summary-summary", LongTextField)
        await wait_for(pilot, lambda: field.value == text)
        assert not field.large  # one kind of line ending: edited in place
        assert field.text_area.text == text


@pytest.mark.parametrize("text", PASTED)
async def test_a_paste_into_a_table_cell_is_kept_exactly(store, draft, text):
    _, path = draft
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_section(pilot, "timeline")
        table = screen.query_one("#timeline-rows", EditableTable)
        await wait_for(pilot, lambda: table.grid.has_focus)
        event_column = [c.attr for c in table.columns].index("event")
        table.grid.move_cursor(row=0, column=event_column)
        await pilot.pause()
        await paste(pilot, text)
        await pilot.press("enter")
        assert app.doc is not None
        await wait_for(pilot, lambda: app.doc is not None and app.doc.timeline[0].event == text)
        await wait_for(pilot, lambda: read_draft(path).timeline[0].event == text)


async def test_a_paste_that_mixes_line_endings_is_kept_and_shown(store, draft):
    doc, path = draft
    doc.summary = "First line.\nSecond line."
    store.save(doc, path)
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_long_text(pilot, "summary")
        await paste(pilot, "log\r\nlines\r\n")
        field = screen.query_one("#summary-summary", LongTextField)
        expected = "log\r\nlines\r\nFirst line.\nSecond line."
        await wait_for(pilot, lambda: field.large and bool(field.query("#field-large")))
        assert field.value == expected
        assert app.focused is field.query_one("#field-large")
        note = field.query_one(".field--large-note", Static)
        assert "Mixed line endings (\\r\\n and \\n)" in str(note.render())
        await wait_for(pilot, lambda: read_draft(path).summary == expected)


async def test_lines_pasted_by_a_terminal_join_the_texts_own_line_endings(store, draft):
    # Terminals send a pasted line break as a lone CR; into a text with \n lines it is a \n.
    doc, path = draft
    doc.summary = "First line.\nSecond line."
    store.save(doc, path)
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_long_text(pilot, "summary")
        await paste(pilot, f"{ESC}[31mlog{ESC}[0m\rlines\r")
        field = screen.query_one("#summary-summary", LongTextField)
        expected = f"{ESC}[31mlog{ESC}[0m\nlines\nFirst line.\nSecond line."
        await wait_for(pilot, lambda: read_draft(path).summary == expected)
        assert not field.large


async def test_a_large_paste_of_terminal_logs_is_kept_and_shown(store, draft):
    _, path = draft
    line = f"{ESC}[33m09:%02d WARN{ESC}[0m cache miss %d\r\n"
    logs = "".join(line % (n % 60, n) for n in range(12_000))
    assert len(logs) > LARGE_TEXT
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_long_text(pilot, "appendix")
        await paste(pilot, logs)
        field = screen.query_one("#appendix-logs", LongTextField)
        await wait_for(pilot, lambda: bool(field.query("#field-large")))
        assert field.value == logs
        await wait_for(pilot, lambda: read_draft(path).appendix.logs == logs, timeout=10)
