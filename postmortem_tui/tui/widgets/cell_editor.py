"""The edit row of an editable table: one cell of one row, validated by the model as it is typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...core.model import error_message
from ..format import as_text

EditorKind = Literal["text", "line", "choice"]
"""`text`: a wrapping box (free text; keeps line breaks that are pasted); `line`: a one-line
input (times, dates, numbers); `choice`: a list to pick from."""


class CellEditor(Vertical):
    """Edits one cell: what is typed is assigned to the row's model at once.

    An accepted value is in the document as soon as it is typed (so quitting never loses it),
    a refused one stays in the box with the model's message under it and is not saved. Enter
    closes the editor when the value is accepted; Esc puts the value from before back.
    """

    BINDINGS = [
        # Priority: Enter must close the editor, not add a line to the text box.
        Binding("enter", "commit", "Save cell", priority=True),
        Binding("escape", "cancel", "Cancel edit", priority=True),
    ]

    DEFAULT_CSS = """
    CellEditor {
        height: auto;
        display: none;
        background: $boost;
        padding: 0 1;
    }
    CellEditor > #cell-label {
        color: $text-accent;
        text-style: bold;
    }
    CellEditor > TextArea {
        height: auto;
        max-height: 5;
        background: $surface-lighten-1;
    }
    CellEditor > Input {
        background: $surface-lighten-1;
    }
    CellEditor > OptionList {
        height: auto;
        max-height: 7;
        background: $surface-lighten-1;
    }
    CellEditor > #cell-message {
        color: $text-muted;
        height: auto;
    }
    CellEditor > #cell-message.-invalid {
        color: $text-error;
    }
    CellEditor > TextArea.-invalid, CellEditor > Input.-invalid {
        background: $error 25%;
    }
    """
    # Showing, hiding and flagging set `display` or a class on the one widget concerned:
    # a class on the editor itself would restyle all its boxes, which is slow to do per key.

    invalid: reactive[bool] = reactive(False)
    """True while the box holds a value the model refuses (it is not saved)."""

    class Edited(Message):
        """The model took a new value while typing (or a choice)."""

        def __init__(self, editor: CellEditor) -> None:
            self.editor = editor
            super().__init__()

        @property
        def control(self) -> CellEditor:
            return self.editor

    class Closed(Message):
        """Editing ended: `committed` is False when Esc put the old value back."""

        def __init__(self, editor: CellEditor, committed: bool) -> None:
            self.editor = editor
            self.committed = committed
            super().__init__()

        @property
        def control(self) -> CellEditor:
            return self.editor

    def __init__(self, *, id: str | None = None) -> None:
        """Args:
        id: the widget's id.
        """
        super().__init__(id=id)
        self.target: BaseModel | None = None
        self.attr = ""
        self.kind: EditorKind = "text"
        self.label = ""
        self._hint = ""
        self._original: Any = None
        self._error: str | None = None
        self._values: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="cell-label")
        yield TextArea(
            "", soft_wrap=True, compact=True, show_line_numbers=False,
            highlight_cursor_line=False, id="cell-text",
        )
        yield Input("", compact=True, select_on_focus=False, id="cell-line")
        yield OptionList(id="cell-choice")
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
        """What the box holds now."""
        if self.kind == "text":
            return self.query_one(TextArea).text
        if self.kind == "line":
            return self.query_one(Input).value
        option = self._highlighted_value()
        return as_text(option)

    @property
    def input(self) -> Input | TextArea | OptionList:
        """The box being typed into (the app names it when it asks about invalid values)."""
        return self._box()

    def _box(self) -> Input | TextArea | OptionList:
        if self.kind == "text":
            return self.query_one(TextArea)
        if self.kind == "line":
            return self.query_one(Input)
        return self.query_one(OptionList)

    def watch_invalid(self, invalid: bool) -> None:
        if self.is_mounted:
            self._box().set_class(invalid, "-invalid")
            self.query_one("#cell-message").set_class(invalid, "-invalid")

    # --- opening and closing -------------------------------------------------------------

    def open(
        self,
        target: BaseModel,
        attr: str,
        *,
        kind: EditorKind,
        label: str,
        hint: str = "",
        text: str | None = None,
        placeholder: str = "",
        choices: Sequence[tuple[str, Any]] = (),
    ) -> None:
        """Start editing `target.attr`.

        Args:
            target: the row being edited (a part of the document).
            attr: the attribute of `target` that is edited.
            kind: which box: `text`, `line` or `choice`.
            label: says what is being edited, e.g. "Timeline · row 3 · Time".
            hint: shown under the box while the value is fine.
            text: start with this text instead of the current value (typing over a cell).
            placeholder: shown in an empty box, e.g. `HH:MM`.
            choices: (shown text, value) pairs for a `choice`.
        """
        self.target, self.attr, self.kind = target, attr, kind
        self.label = label
        self._hint = hint
        self._original = getattr(target, attr)
        self._error = None
        self.invalid = False
        self.query_one("#cell-label", Label).update(
            Content.assemble(label, ("   Enter saves · Esc puts the old value back", "dim"))
        )
        box = self._box()
        for other in (self.query_one(TextArea), self.query_one(Input), self.query_one(OptionList)):
            other.display = other is box
            other.set_class(False, "-invalid")
        current = as_text(self._original) if text is None else text
        if isinstance(box, TextArea):
            box.placeholder = placeholder
            box.load_text(current)
            box.move_cursor(box.document.end)
        elif isinstance(box, Input):
            box.placeholder = placeholder
            box.value = current
            box.cursor_position = len(current)
        else:
            self._values = [value for _, value in choices]
            box.set_options(Option(Content(shown)) for shown, _ in choices)
            # An unset cell starts on the first real choice, not on "not chosen yet".
            if self._original is not None and self._original in self._values:
                box.highlighted = self._values.index(self._original)
            elif self._values:
                box.highlighted = 0
        self.display = True
        self._show_message()
        box.focus()
        if text is not None and kind != "choice":
            # Typing over a cell: the first key is already a change.
            self._assign(text)

    def close(self) -> None:
        """Hide the editor without touching the model."""
        self.target = None
        self._error = None
        self.invalid = False
        self.display = False

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
            self.post_message(self.Edited(self))
        self._show_message()

    def _show_message(self) -> None:
        message = self._error if self.invalid and self._error else self._hint
        self.query_one("#cell-message", Static).update(message)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.is_open and self.kind == "text":
            self._edited(event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # A change queued before the editor moved to another cell is not this cell's.
        if self.is_open and self.kind == "line" and event.value == event.input.value:
            self._edited(event.value)

    def _edited(self, text: str) -> None:
        if self.target is None:
            return
        if as_text(getattr(self.target, self.attr)) == text and not self.invalid:
            return
        self._assign(text)

    def set_text(self, text: str) -> None:
        """Replace what the box holds (e.g. the "now" key fills a time)."""
        box = self._box()
        if isinstance(box, TextArea):
            box.load_text(text)
            box.move_cursor(box.document.end)
        elif isinstance(box, Input):
            box.value = text
            box.cursor_position = len(text)

    def _highlighted_value(self) -> Any:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._values):
            return self._original
        return self._values[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click on a choice picks it, as Enter does.
        event.stop()
        if self.is_open and self.kind == "choice":
            self.action_commit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    # --- actions -------------------------------------------------------------------------

    def action_commit(self) -> None:
        if not self.is_open:
            return
        if self.kind == "choice":
            self._assign(self._highlighted_value())
        if self.invalid:
            self.app.bell()
            return
        self.post_message(self.Closed(self, committed=True))

    def action_cancel(self) -> None:
        if not self.is_open or self.target is None:
            return
        if getattr(self.target, self.attr) != self._original:
            # The value from before the edit was the model's own, so it is accepted again.
            setattr(self.target, self.attr, self._original)
            self.post_message(self.Edited(self))
        self.invalid = False
        self._error = None
        self.post_message(self.Closed(self, committed=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"commit", "cancel"}:
            return self.is_open
        return True

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Leaving the box (Tab, a click elsewhere, another section) keeps an accepted value,
        # like moving off a spreadsheet cell; a refused one keeps the editor open.
        if not self.is_open or self.invalid:
            return
        self.call_after_refresh(self._left)

    def _left(self) -> None:
        focused = self.screen.focused if self.is_mounted else None
        if self.is_open and not self.invalid and (focused is None or self not in focused.ancestors):
            if self.kind == "choice":
                # Moving off a list is not choosing from it.
                self.post_message(self.Closed(self, committed=False))
            else:
                self.post_message(self.Closed(self, committed=True))
