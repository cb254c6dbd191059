"""The edit row of an editable table: one cell of one row, validated by the model as it is typed."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from pydantic_core import ValidationError
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Static

from ...core.model import error_message
from ...core.record import Record
from .. import typeahead
from ..format import as_text

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

EditorKind = Literal["text", "line", "choice"]
"""`text`: free text, shown wrapped (line breaks that are pasted are kept); `line`: a short value
(a time, a date, a number); `choice`: a list to pick from."""

# Word boundaries for Ctrl+W.
_SPACE = " \t\n"
# A choice too long for the box goes on under itself, indented past the marker.
_CHOICE_INDENT = "    "


def update_in_place(widget: Static, content: Content) -> None:
    """Show `content` in `widget`, repainting only the widget while its height stays the same:
    a layout reflows the whole screen, which costs as much as the rest of a key."""
    width = widget.content_size.width
    # A widget's styles are the rules Textual itself measures with (annotated narrower).
    rules = cast("RulesMap", widget.styles)
    same_height = width > 0 and (
        widget.visual.get_height(rules, width) == content.get_height(rules, width)
    )
    widget.update(content, layout=not same_height)


class Choice(NamedTuple):
    """One entry of a choice list: its name, the value it stands for, what it means."""

    name: str
    value: Any
    meaning: str = ""

    @property
    def shown(self) -> str:
        return f"{self.name} — {self.meaning}" if self.meaning else self.name


class CellEditor(Vertical):
    """Edits one cell of the table that owns it; what is typed is assigned to the model at once.

    The editor never takes the focus: the table keeps it and hands every key to `key` (and every
    paste to `paste`) in the order they were typed, so no key is lost or misplaced however fast
    the author types. An accepted value is in the document as soon as it is typed (so quitting
    never loses it); a refused one stays in the box with the model's message under it and is not
    saved. The table binds keys to `accept` and `revert` (shown after the label: `keys_hint`).

    Keys in the box: Left/Right, Home/End (Ctrl+A/Ctrl+E), Backspace/Delete, Ctrl+U and Ctrl+K
    (delete to the start/end), Ctrl+W (delete a word); in a list: Up/Down, Home/End, or the
    first letters of a choice, any case (`p1` or `1` for P1, `in` for In Progress).
    """

    DEFAULT_CSS = """
    CellEditor {
        height: auto;
        display: none;
        background: $boost;
        padding: 0 1;
    }
    CellEditor > #cell-label {
        width: 1fr;
        color: $text-accent;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CellEditor > #cell-box {
        height: auto;
        max-height: 8;
        background: $surface-lighten-1;
    }
    CellEditor > #cell-box.-choices {
        max-height: 16;
        text-wrap: nowrap;  /* wrapped here, to its width (see `on_resize`) */
        text-overflow: ellipsis;
    }
    CellEditor > #cell-box.-refused {
        background: $error 25%;
    }
    CellEditor > #cell-message {
        color: $text-muted;
        height: auto;
    }
    CellEditor > #cell-message.-refused {
        color: $text-error;
    }
    """
    # Shown, hidden and flagged through `display` and a class on the one widget concerned: a
    # class on the editor itself would restyle all of it, which is slow to do on every key.

    invalid: reactive[bool] = reactive(False)
    """True while the box holds a value the model refuses (it is not saved)."""

    class Edited(Message):
        """The model took a new value while typing: `target.attr` changed."""

        def __init__(self, editor: CellEditor, target: Record, attr: str) -> None:
            self.editor = editor
            self.target = target
            self.attr = attr
            super().__init__()

        @property
        def control(self) -> CellEditor:
            return self.editor

    class Picked(Message):
        """A choice was clicked: the table saves it as if Enter was pressed."""

        def __init__(self, editor: CellEditor) -> None:
            self.editor = editor
            super().__init__()

        @property
        def control(self) -> CellEditor:
            return self.editor

    def __init__(
        self, *, keys_hint: str = "", id: str | None = None  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        keys_hint: the owner's keys for the box, shown after the label (Enter saves, ...).
        id: the widget's id.
        """
        super().__init__(id=id)
        self.keys_hint = keys_hint
        self.target: Record | None = None
        self.attr = ""
        self.kind: EditorKind = "text"
        self.label = ""
        self._hint = ""
        self._placeholder = ""
        self._original: Any = None
        self._error: str | None = None
        self._text = ""
        self._cursor = 0
        self._choices: list[Choice] = []
        self._index = 0
        self._choice_lines: list[int] = []  # the choice on each line of the list, for clicks
        self._typed = ""
        self._shown_message: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="cell-label")
        yield Static("", id="cell-box")
        yield Static("", id="cell-message", markup=False)

    # --- state ---------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.target is not None

    @property
    def error(self) -> str | None:
        """The model's message while the value is refused."""
        return self._error

    @property
    def text(self) -> str:
        """What the box holds now (the highlighted choice's text in a list)."""
        if self.kind == "choice":
            return as_text(self._chosen())
        return self._text

    def _chosen(self) -> Any:
        if 0 <= self._index < len(self._choices):
            return self._choices[self._index].value
        return self._original

    def watch_invalid(self, invalid: bool) -> None:
        if self.is_mounted:
            self.query_one("#cell-box").set_class(invalid, "-refused")
            self.query_one("#cell-message").set_class(invalid, "-refused")

    # --- opening and closing -------------------------------------------------------------

    def open(
        self,
        target: Record,
        attr: str,
        *,
        kind: EditorKind,
        label: str,
        hint: str = "",
        text: str | None = None,
        placeholder: str = "",
        choices: Sequence[Choice] = (),
    ) -> None:
        """Start editing `target.attr`.

        Args:
            target: the row being edited (a part of the document).
            attr: the attribute of `target` that is edited.
            kind: `text`, `line` or `choice`.
            label: says what is being edited, e.g. "Timeline · row 3 · Time".
            hint: shown under the box while the value is fine.
            text: start with this text instead of the current value (typing over a cell).
            placeholder: shown in an empty box, e.g. `HH:MM`.
            choices: what a `choice` offers, in order.
        """
        self.target, self.attr, self.kind = target, attr, kind
        self.label = label
        self._hint = hint
        self._placeholder = placeholder
        self._original = getattr(target, attr)
        self._error = None
        self.invalid = False
        self.query_one("#cell-label", Label).update(
            Content.assemble(label, (f"   {self.keys_hint}" if self.keys_hint else "", "dim"))
        )
        self.query_one("#cell-box").set_class(kind == "choice", "-choices")
        if kind == "choice":
            self._typed = ""
            self._choices = list(choices)
            values = [choice.value for choice in self._choices]
            # An unset cell starts on the first real choice, not on "not chosen yet".
            has = self._original is not None and self._original in values
            self._index = values.index(self._original) if has else 0
        else:
            self._text = as_text(self._original) if text is None else text
            self._cursor = len(self._text)
        self.display = True
        self._show()
        if kind == "choice":
            # The list's lines wrap to the box's width, known once it is laid out.
            self.call_after_refresh(self._show)
        if text is not None and kind != "choice":
            # Typing over a cell: the first key is already a change.
            self._assign(self._text)

    def close(self) -> None:
        """Hide the editor without touching the model."""
        self.target = None
        self._error = None
        self.invalid = False
        self.display = False

    # --- showing -------------------------------------------------------------------------

    def _show(self) -> None:
        if not self.is_open:
            return
        box = self.query_one("#cell-box", Static)
        update = self._update_box
        if self.kind == "choice":
            # Whole, wrapped at words: a meaning cut short is no help in choosing.
            width = max(len(_CHOICE_INDENT) + 8, box.content_size.width or self.app.size.width)
            lines = []
            self._choice_lines = []
            for i, choice in enumerate(self._choices):
                wrapped = textwrap.wrap(
                    choice.shown, width,
                    initial_indent="› " if i == self._index else "  ",
                    subsequent_indent=_CHOICE_INDENT,
                ) or ["  "]
                style = "reverse bold" if i == self._index else ""
                lines += [Content.styled(line, style) for line in wrapped]
                self._choice_lines += [i] * len(wrapped)
            update(box, Content("\n").join(lines))
        else:
            text = self._text
            if not text:
                update(box, Content.assemble((" ", "reverse"), (self._placeholder, "dim italic")))
            else:
                at = text[self._cursor] if self._cursor < len(text) else " "
                # A line break under the cursor shows as a cursor at the end of its line.
                cursor = (" ", "reverse") if at == "\n" else (at, "reverse")
                tail = text[self._cursor + (0 if at == "\n" else 1):]
                update(box, Content.assemble(text[: self._cursor], cursor, tail))
        self._show_message()

    @staticmethod
    def _update_box(box: Static, content: Content) -> None:
        # A key changes what the box shows, rarely its height (the number of wrapped lines).
        update_in_place(box, content)

    def _show_message(self) -> None:
        message = self._error if self.invalid and self._error else self._hint
        if self.kind == "choice" and not message:
            message = "Type its first letters to choose, or ↑↓"
        # Called twice for most keys, and the message rarely changes: a repaint (and the
        # layout it brings) only when it does.
        if message != self._shown_message:
            self._shown_message = message
            self.query_one("#cell-message", Static).update(message)

    # --- typing --------------------------------------------------------------------------

    def _assign(self, value: Any) -> None:
        assert self.target is not None
        try:
            setattr(self.target, self.attr, value)
        except ValidationError as exc:
            self._error = error_message(exc)
            self.invalid = True
        else:
            self._error = None
            self.invalid = False
            self.post_message(self.Edited(self, self.target, self.attr))
        self._show_message()

    def _set(self, text: str, cursor: int) -> None:
        changed = text != self._text
        self._text, self._cursor = text, max(0, min(cursor, len(text)))
        if changed:
            self._assign(text)
        self._show()

    def type(self, text: str) -> None:
        """Insert text at the cursor, as typed or pasted (line breaks and all)."""
        if not self.is_open or self.kind == "choice":
            return
        t, c = self._text, self._cursor
        self._set(t[:c] + text + t[c:], c + len(text))

    def set_text(self, text: str) -> None:
        """Replace what the box holds (e.g. the "now" key fills a time)."""
        if self.is_open and self.kind != "choice":
            self._set(text, len(text))

    def key(self, event: events.Key) -> bool:
        """Handle a key typed while the editor is open; False if it is not the editor's."""
        if not self.is_open:
            return False
        if self.kind == "choice":
            return self._choice_key(event)
        t, c = self._text, self._cursor
        key = event.key
        if event.is_printable and event.character:
            self.type(event.character)
        elif key == "backspace":
            if c:
                self._set(t[: c - 1] + t[c:], c - 1)
        elif key in ("delete", "ctrl+d"):
            self._set(t[:c] + t[c + 1:], c)
        elif key == "left":
            self._set(t, c - 1)
        elif key == "right":
            self._set(t, c + 1)
        elif key in ("home", "ctrl+a"):
            self._set(t, 0)
        elif key in ("end", "ctrl+e"):
            self._set(t, len(t))
        elif key == "ctrl+u":
            self._set(t[c:], 0)
        elif key == "ctrl+k":
            self._set(t[:c], c)
        elif key == "ctrl+w":
            start = len(t[:c].rstrip(_SPACE))
            while start and t[start - 1] not in _SPACE:
                start -= 1
            self._set(t[:start] + t[c:], start)
        else:
            return False
        return True

    def _choice_key(self, event: events.Key) -> bool:
        count = len(self._choices)
        key = event.key
        if key == "up":
            self._index = (self._index - 1) % count
        elif key == "down":
            self._index = (self._index + 1) % count
        elif key in ("home", "pageup"):
            self._index = 0
        elif key in ("end", "pagedown"):
            self._index = count - 1
        elif event.is_printable and event.character:
            # Typing picks by name: "p1" or "1" finds P1; the same letter again goes to the
            # next choice it starts.
            names = [choice.name for choice in self._choices]
            typed, found = typeahead.pick(names, self._typed, event.character, self._index)
            self._typed, self._index = typed, self._index if found is None else found
        else:
            return False
        self._show()
        return True

    def on_resize(self, event: events.Resize) -> None:
        # The list is wrapped to the box's width, which changes when the form's scrollbar
        # comes or goes (the list itself can bring it).
        if self.is_open and self.kind == "choice":
            self._show()

    def on_click(self, event: events.Click) -> None:
        # A click on a choice picks it.
        if not self.is_open or self.kind != "choice":
            return
        box = self.query_one("#cell-box", Static)
        offset = event.get_content_offset(box)
        if offset is not None and 0 <= offset.y < len(self._choice_lines):
            self._index = self._choice_lines[offset.y]
            self._show()
            self.post_message(self.Picked(self))

    # --- ending --------------------------------------------------------------------------

    def accept(self) -> bool:
        """Take the value (a choice: the highlighted one); False, with a bell, if refused."""
        if not self.is_open:
            return False
        if self.kind == "choice":
            self._assign(self._chosen())
        if self.invalid:
            self.app.bell()
            return False
        return True

    def revert(self) -> bool:
        """Put the value from before the edit back; whether the model changed."""
        if not self.is_open or self.target is None:
            return False
        changed = bool(getattr(self.target, self.attr) != self._original)
        if changed:
            # The value from before the edit was the model's own, so it is accepted again.
            setattr(self.target, self.attr, self._original)
        self.invalid = False
        self._error = None
        return changed
