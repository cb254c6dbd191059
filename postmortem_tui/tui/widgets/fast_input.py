"""A one-line input whose keystrokes repaint the field, not the whole screen, which keeps all of
a paste, and whose value can be typed over when it is reached with Tab."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

# How the field shows its value: control characters (pasted line breaks, escapes) as pictures.
from ...core.text import shown_in_a_field as shown


class FastInput(Input):
    """Textual's `Input`, minus a full-screen layout on every keystroke.

    `Input` records its content width in `virtual_size`, a reactive that lays out the whole
    screen whenever it changes: with a form of fields and a large draft that is most of the
    cost of a keystroke. The field's own size never depends on its text, so the width is
    stored without that layout; the field still repaints and scrolls to the cursor as before.

    With `select_on_tab`, reaching the field with Tab or Shift+Tab selects its value, so the
    first key typed replaces it (arrows, Home and End keep it and move the cursor); a click
    places the cursor, and the app's own focus (`focus_keeping_cursor`) leaves it where it was.

    Relies on private members of `Input` (Textual has no public way to measure and draw the
    value, nor to store its width without a layout): it overrides `_watch_value`, `_value`,
    `_position_to_cell`, `_cell_offset_to_index`, `_on_focus`, `_on_blur` and `_on_paste`, and
    reads `_cursor_offset`, `_cursor_visible` and `_suggestion`. Checked against Textual 8.2.0
    to 8.2.8 (the range pinned in pyproject.toml); `tests/test_textual_internals.py` fails,
    naming what changed, when Textual changes underneath.
    """

    def __init__(self, *args: Any, select_on_tab: bool = False, **kwargs: Any) -> None:
        """Args:
        select_on_tab: select the value when Tab or Shift+Tab reaches the field (Textual's
            `select_on_focus` also selects on the app's own focus, e.g. on resume).
        """
        # Born valid, as `Input` makes it on mount with no validators: setting the class then
        # would restyle the input a second time.
        if not kwargs.get("validators"):
            kwargs["classes"] = " ".join(filter(None, (kwargs.get("classes"), "-valid")))
        super().__init__(*args, **kwargs)
        self.select_on_tab = select_on_tab
        self._keep_cursor = False

    def focus_keeping_cursor(self, scroll_visible: bool = True) -> FastInput:
        """Focus without selecting: the wizard landing here must not arm a replace."""
        if not self.has_focus:
            self._keep_cursor = True
        self.focus(scroll_visible)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        keep, self._keep_cursor = self._keep_cursor, False
        if self.select_on_tab and not keep and not event.from_app_focus:
            # Input's own focus handler runs after this one and keeps the selection.
            self.select_all()
        # Input leaves a value set before it is shown scrolled to its start, the cursor at
        # its end out of view: typing would go on where the author cannot see it.
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        cursor = Region(self._cursor_offset, 0, width=1, height=1)
        self.scroll_to_region(cursor, force=True, animate=False)

    def _on_blur(self, event: events.Blur) -> None:
        self._keep_cursor = False

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)  # sets the same size again: no change, no layout
        self.refresh()

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; the draft keeps all of it, exactly (line
        # breaks and escapes are shown as pictures, and the model says if the field refuses).
        event.prevent_default()
        event.stop()
        if event.text:
            start, end = sorted(self.selection)
            self.replace(event.text, start, end)

    # Input measures and draws `value` as it is, but Rich drops some control characters and
    # gives others no width: measured and drawn as `shown`, one cell per character. Text that
    # is all ASCII (typed, or pasted terminal output) is one cell a character: measured by its
    # length, and only the part in view is drawn, so a long paste does not slow typing.

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(shown(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    @property
    def content_width(self) -> int:
        value = self.value
        if self.password or not value or not value.isascii():
            return super().content_width
        return len(value) + 1  # and a cell for the cursor at the end

    def _position_to_cell(self, position: int) -> int:
        before = self.value[:position]
        return len(before) if before.isascii() else cell_len(shown(before))

    def _cell_offset_to_index(self, offset: int) -> int:
        offset += int(self.scroll_offset.x)
        value = self.value
        if value.isascii():
            return max(0, min(offset, len(value)))
        cells = 0
        for index, char in enumerate(shown(value)):
            width = get_character_cell_size(char)
            if cells <= offset < cells + width:
                return index
            cells += width
        return len(value) if offset >= cells else 0

    def render_line(self, y: int) -> Strip:
        value = self.value
        if y or len(value) < LONG or self.password or self._suggestion or not value.isascii():
            return super().render_line(y)
        # Input's drawing of its value, of the cells in view only.
        width = self.scrollable_content_region.width + 1
        start = int(self.scroll_offset.x)
        text = Text(shown(value[start:start + width]), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        if self.has_focus:
            if not self.selection.is_empty:
                low, high = sorted(self.selection)
                style = self.get_component_rich_style("input--selection")
                text.stylize_before(style, max(0, low - start), max(0, high - start))
            if self._cursor_visible:
                cursor = self.cursor_position - start
                if self.cursor_at_end:
                    text.pad_right(1)
                text.stylize(self.get_component_rich_style("input--cursor"), cursor, cursor + 1)
        options = self.app.console_options.update_width(width)
        strip = Strip(self.app.console.render(text, options)).crop(0, width)
        return strip.extend_cell_length(width).apply_style(self.rich_style)


LONG = 2_000
"""Characters from which only the part of the value in view is drawn."""
