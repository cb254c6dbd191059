"""Keep the author's text from reaching the terminal as control sequences.

Pasted terminal output carries ANSI and OSC escapes; a title such as `\\x1b]0;x\\x07` would
retitle the terminal window and swallow the rest of the line. `TerminalSafety` adds a line
filter, `Inert`, to the app's: Textual passes every line of every widget through the app's line
filters before the screen is composed, so that one place drops C0/C1 control characters from
the text of each segment (never from the styles Textual adds). Rich already counts those
characters as zero cells wide, so layouts and cursor positions are unchanged: `\\x1b[31mred`
shows as `[31mred`, inert. The draft keeps the text exactly as typed (and as pasted:
`paste_fix`).

Public Textual API only: `App.get_line_filters` and `textual.filter.LineFilter` (whose module
says it is meant for Textual's own use, hence the guard). It relies on `Widget.get_line_filters`
returning the app's, and on every widget's lines passing through them (`Widget.render_lines`).
Checked against Textual 8.2.0 to 8.2.8 (the range pinned in pyproject.toml);
`tests/test_textual_internals.py` fails, naming what changed, when Textual changes underneath.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.app import App, ReturnType
from textual.color import Color
from textual.filter import LineFilter

from ..core.text import without_controls as inert


class Inert(LineFilter):
    """A line filter that drops control characters from the text of the segments."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """`segments`, the same list when no text holds a control character (most lines)."""
        if all(text.isprintable() for text, _, _ in segments):
            return segments
        return [Segment(inert(text), style, control) for text, style, control in segments]


INERT = Inert()
"""The one instance: Textual caches filtered lines by filter, so it must not be made anew."""


class TerminalSafety(App[ReturnType]):
    """App mixin: every widget's text reaches the terminal through `Inert`."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters for the app (colours, NO_COLOR), then `Inert`."""
        return [*super().get_line_filters(), INERT]
