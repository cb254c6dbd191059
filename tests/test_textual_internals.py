"""What the app relies on in Textual beyond its documented use: each test names what changed.

Three modules reach into Textual where no public API does the job; each docstring says what it
relies on and the Textual versions it was checked against (pyproject.toml pins that range):

- `tui/crash_guard.py`: the private `App._handle_exception` and `App._fatal_error`.
- `tui/paste_fix.py`: the private `textual._xterm_parser.XTermParser.feed` / `tick`
  (its guard is `tests/test_paste.py::test_textual_still_has_what_the_fix_relies_on`; here,
  whether Textual still needs it).
- `tui/terminal_safety.py`: public, but documented as meant for Textual's own use: line filters.

And `widgets/fast_input.py` overrides private members of `Input` (keystroke speed).

When one of these fails after a Textual upgrade, read that module, fix it or drop it (a test
here that fails by saying Textual now does the job itself), then widen the pin.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.app import App, ComposeResult
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from postmortem_tui.tui import paste_fix
from postmortem_tui.tui.crash_guard import CrashGuard
from postmortem_tui.tui.terminal_safety import INERT, TerminalSafety

PASTED = "A\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x9b2J\x00B"
"""Terminal output as pasted: SGR and OSC escapes, a C1 CSI, a NUL."""


def parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


def changed(what: str, module: str) -> str:
    return f"Textual changed: {what}. Review postmortem_tui/tui/{module} before widening the pin."


# --- crash_guard.py -------------------------------------------------------------------------


def test_textual_still_has_the_crash_hooks_the_guard_overrides() -> None:
    assert parameters(App._handle_exception) == ["self", "error"], changed(
        "App._handle_exception(self, error)", "crash_guard.py")
    assert parameters(App._fatal_error) == ["self"], changed(
        "App._fatal_error(self)", "crash_guard.py")
    panic = inspect.signature(App.panic).parameters
    assert [p.kind for p in panic.values()][1:] == [inspect.Parameter.VAR_POSITIONAL], changed(
        "App.panic(*renderables)", "crash_guard.py")
    # The guard's own names must not shadow Textual's.
    for name in ("_crash", "recovered_to", "save_recovery_file"):
        assert not hasattr(App, name), changed(f"App now has {name!r} of its own", "crash_guard.py")


class _Crashing(CrashGuard[int]):
    """A crash in a handler; the recovery file is pretended, and counted."""

    def __init__(self, recovery: Path) -> None:
        super().__init__()
        self.recovery = recovery
        self.saves = 0

    def compose(self) -> ComposeResult:
        yield Static("incident text")

    def save_recovery_file(self) -> Path | None:
        self.saves += 1
        return self.recovery

    def on_mount(self) -> None:
        secret = "SECRET incident text"  # a local: Textual's own report would show it
        raise RuntimeError(secret)


def test_a_crash_goes_through_the_guard_and_prints_its_report_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The app's own crash (a recovery file with the draft, the report without its text) is
    # tests/test_faults_wizard.py::test_a_crash_saves_a_recovery_file_and_reports_no_draft_text;
    # this is what Textual must do for it: call the hooks, then print what `panic` was given.
    app = _Crashing(tmp_path / "INC-1.recovered.toml.bak")
    app.run(headless=True, size=(80, 24))
    printed = capsys.readouterr().err
    assert app.saves == 1, changed("an unhandled exception no longer reaches "
                                   "App._handle_exception", "crash_guard.py")
    assert app.return_code == 1, changed("App._handle_exception no longer sets exit code 1",
                                         "crash_guard.py")
    assert isinstance(app._crash, RuntimeError)
    assert "SECRET" not in printed, changed("App._fatal_error is no longer the report of a "
                                            "crash (a traceback with locals was printed)",
                                            "crash_guard.py")
    assert "postmortem crashed" in printed and "builtins.RuntimeError" in printed, changed(
        "what App.panic is given is no longer printed on exit", "crash_guard.py")
    assert "INC-1.recovered.toml.bak" in printed.replace("\n", "")  # wrapped to the width


# --- terminal_safety.py ---------------------------------------------------------------------


def test_textual_still_has_the_line_filter_api() -> None:
    assert parameters(LineFilter.apply) == ["self", "segments", "background"], changed(
        "LineFilter.apply(self, segments, background)", "terminal_safety.py")
    assert parameters(App.get_line_filters) == ["self"], changed(
        "App.get_line_filters(self)", "terminal_safety.py")
    assert parameters(Strip.apply_filter) == ["self", "filter", "background"], changed(
        "Strip.apply_filter(self, filter, background)", "terminal_safety.py")


def test_the_filter_drops_control_characters_and_nothing_else() -> None:
    plain = [Segment("plain text, │ box, 🚀 emoji")]
    assert INERT.apply(plain, Color(0, 0, 0)) is plain  # most lines: no copy
    strip = Strip([Segment(PASTED), Segment("ok")]).apply_filter(INERT, Color(0, 0, 0))
    assert strip.text == "A[31mRED[0m ]0;pwned 2JBok"
    assert strip.cell_length == len("A[31mRED[0m ]0;pwned 2JBok")


class _Shows(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(PASTED, markup=False, id="shown")


class _SafeShows(TerminalSafety[None], _Shows):
    pass


def _drawn(app: App[None]) -> str:
    widget = app.query_one("#shown", Widget)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "".join(line.render(app.console) for line in lines)


async def test_every_widget_line_passes_through_the_apps_line_filters() -> None:
    app = _SafeShows()
    async with app.run_test(size=(60, 5)):
        assert INERT in app.query_one("#shown", Widget).get_line_filters(), changed(
            "Widget.get_line_filters no longer returns the app's", "terminal_safety.py")
        drawn = _drawn(app)
    assert "]0;pwned" in drawn and "\x1b]0;" not in drawn and "\x07" not in drawn, changed(
        "a widget's lines no longer pass through the line filters (Widget.render_lines)",
        "terminal_safety.py")
    assert "\x9b" not in drawn and "\x00" not in drawn


async def test_textual_still_sends_control_characters_in_text_to_the_terminal() -> None:
    # If this fails, Textual drops them itself: terminal_safety.py may go.
    app = _Shows()
    async with app.run_test(size=(60, 5)):
        drawn = _drawn(app)
    assert "\x1b]0;pwned" in drawn, "Textual now filters control characters itself"


# --- paste_fix.py ---------------------------------------------------------------------------


def test_textual_still_breaks_a_paste_at_an_escape() -> None:
    # If this fails, Textual's parser keeps pasted escapes itself: paste_fix.py may go.
    parser = XTermParser()
    pasted = f"{BRACKETED_PASTE_START}a\x1b[31mb{BRACKETED_PASTE_END}"
    tokens = list(paste_fix.ORIGINAL_FEED(parser, pasted))
    texts = [t.text for t in tokens if isinstance(t, events.Paste)]
    assert texts != ["a\x1b[31mb"], "Textual now keeps escapes in bracketed pastes"


# --- widgets/fast_input.py ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "name", "relied_on"),
    [
        (Input, "_watch_value", ["self", "value"]),
        (Input, "_position_to_cell", ["self", "position"]),
        (Input, "_cell_offset_to_index", ["self", "offset"]),
        (Input, "_on_paste", ["self", "event"]),
        (Input, "_on_focus", ["self", "event"]),
        (Input, "_on_blur", ["self", "event"]),
        (Input, "render_line", ["self", "y"]),
        (TextArea, "_on_paste", ["self", "event"]),
    ],
)
def test_textual_still_has_the_input_methods_fast_input_overrides(
    owner: type[Widget], name: str, relied_on: list[str]
) -> None:
    where = "widgets/long_text_field.py" if owner is TextArea else "widgets/fast_input.py"
    method = getattr(owner, name, None)
    assert method is not None, changed(f"{owner.__name__}.{name} is gone", where)
    assert parameters(method) == relied_on, changed(
        f"{owner.__name__}.{name}({', '.join(relied_on)})", where)


@pytest.mark.parametrize("name", ["_value", "_cursor_offset"])
def test_textual_still_has_the_input_properties_fast_input_reads(name: str) -> None:
    assert isinstance(inspect.getattr_static(Input, name, None), property), changed(
        f"Input.{name} is no longer a property", "widgets/fast_input.py")


async def test_textual_input_still_keeps_the_state_fast_input_reads() -> None:
    class _Field(App[None]):
        def compose(self) -> ComposeResult:
            yield Input("value")

    app = _Field()
    async with app.run_test(size=(40, 3)):
        field = app.query_one(Input)
        assert isinstance(field._cursor_visible, bool), changed(
            "Input._cursor_visible", "widgets/fast_input.py")
        assert field._suggestion == "", changed("Input._suggestion", "widgets/fast_input.py")
        assert isinstance(field._cursor_offset, int)
