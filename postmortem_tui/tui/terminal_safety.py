"""Keep the author's text from reaching the terminal as control sequences.

Pasted terminal output carries ANSI and OSC escapes; a title such as `\\x1b]0;x\\x07` would
retitle the terminal window and swallow the rest of the line. Every widget's text reaches the
terminal through `Strip.render`, so that one place drops C0/C1 control characters from the text
of each segment (never from the styles Textual adds). Rich already counts those characters as
zero cells wide, so layouts and cursor positions are unchanged: `\\x1b[31mred` shows as
`[31mred`, inert. The draft keeps the text exactly as typed (and as pasted: `paste_fix`).
"""

from __future__ import annotations

from rich.color import ColorSystem
from rich.console import Console
from textual.strip import Strip

from . import paste_fix

CONTROLS = {c: None for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}

_installed = False


def inert(text: str) -> str:
    """`text` without control characters (cheap when there are none)."""
    return text if text.isprintable() else text.translate(CONTROLS)


def _render(self: Strip, console: Console) -> str:
    # Textual's Strip.render (8.x), with the segment text passed through `inert`.
    if self._render_cache is None:
        color_system = console._color_system or ColorSystem.TRUECOLOR
        render = self.render_style
        self._render_cache = "".join(
            [
                inert(text) if style is None
                else render(style, inert(text), color_system=color_system)
                for text, style, _ in self._segments
            ]
        )
    return self._render_cache


def install() -> None:
    """Route all rendering through `inert`, and all input through `paste_fix` (idempotent)."""
    paste_fix.install()
    global _installed
    if not _installed:
        Strip.render = _render  # type: ignore[method-assign]
        _installed = True
