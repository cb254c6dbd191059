"""A one-line input whose keystrokes repaint the field, not the whole screen, and which keeps
all of a paste."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


class FastInput(Input):
    """Textual's `Input`, minus a full-screen layout on every keystroke.

    `Input` records its content width in `virtual_size`, a reactive that lays out the whole
    screen whenever it changes: with a form of fields and a large draft that is most of the
    cost of a keystroke. The field's own size never depends on its text, so the width is
    stored without that layout; the field still repaints and scrolls to the cursor as before.
    """

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)  # sets the same size again: no change, no layout
        self.refresh()

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; the draft keeps all of it, exactly (line
        # breaks and escapes are shown inert, and the model says if the field refuses them).
        event.prevent_default()
        event.stop()
        if event.text:
            start, end = sorted(self.selection)
            self.replace(event.text, start, end)
