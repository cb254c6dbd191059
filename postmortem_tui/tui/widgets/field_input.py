"""A labelled one-line field bound to one attribute of a document part."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...core.model import error_message
from ..format import as_text
from ..sections.base import SectionForm
from .fast_input import FastInput


def focus_field(field: Widget, target: Widget, scroll_visible: bool) -> None:
    """Give `target`, inside the form field `field`, the focus as the wizard does (opening a
    section, resuming, jumping to a field): a one-line value is not selected, and rather than
    Textual's scroll to the centre (which, before the form's first layout, scrolls its title
    away) the form's first field is shown under the section's title, another with its label."""
    if isinstance(target, FastInput):
        target.focus_keeping_cursor(scroll_visible=False)
    else:
        target.focus(scroll_visible=False)
    if scroll_visible:
        field.call_after_refresh(_reveal, field)


def _reveal(field: Widget) -> None:
    form = next((a for a in field.ancestors if isinstance(a, SectionForm)), None)
    if form is not None and form.fields()[:1] == [field]:
        form.scroll_home(animate=False)
    else:
        field.scroll_visible(animate=False)


class FieldInput(Vertical):
    """One field of the document: a label, an input, and the model's message when it is wrong.

    Every keystroke is offered to the model; an accepted value is written to the document at
    once, a refused one stays in the input with the model's message under it and is reported as
    invalid, so the wizard never saves it as something else.
    """

    DEFAULT_CSS = """
    FieldInput {
        height: auto;
        margin-bottom: 1;
    }
    FieldInput > Label {
        color: $text-muted;
        text-style: bold;
    }
    FieldInput > .field--hint {
        color: $text-muted;
        height: auto;
    }
    FieldInput > Input {
        background: $boost;
    }
    FieldInput > Input:focus {
        background: $surface-lighten-1;
    }
    FieldInput.-invalid > Input {
        background: $error 25%;
    }
    FieldInput.-invalid > .field--hint {
        color: $text-error;
    }
    """

    invalid: reactive[bool] = reactive(False)
    """True while the input holds a value the model refuses."""

    class Changed(Message):
        """The field's text changed: `valid` says whether the document took it."""

        def __init__(self, field: FieldInput, valid: bool) -> None:
            self.field = field
            self.valid = valid
            super().__init__()

        @property
        def control(self) -> FieldInput:
            return self.field

    def __init__(
        self,
        target: BaseModel,
        attr: str,
        *,
        label: str | None = None,
        placeholder: str = "",
        hint: str = "",
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        target: the part of the document that holds the value (e.g. `doc.header`).
        attr: the attribute of `target` this field edits.
        label: shown above the input; the model field's title when None.
        placeholder: shown in the empty input, e.g. the accepted form `HH:MM`.
        hint: a line under the input while the value is fine.
        id: the widget's id; the wizard uses it to return to this field on resume.
        """
        super().__init__(id=id)
        self.target = target
        self.attr = attr
        title = type(target).model_fields[attr].title or attr
        self.label = label or title
        self.placeholder = placeholder
        self.hint = hint
        self._error: str | None = None
        self._shown_hint: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield FastInput(
            value=as_text(getattr(self.target, self.attr)),
            placeholder=self.placeholder,
            compact=True,
            # Tab selects the value, so typing replaces it; resuming here never does.
            select_on_focus=False,
            select_on_tab=True,
            id="field-input",
        )
        yield Static(self.hint, classes="field--hint", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def error(self) -> str | None:
        """The model's message while the value is refused."""
        return self._error

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if as_text(getattr(self.target, self.attr)) == event.value and not self.invalid:
            return
        try:
            setattr(self.target, self.attr, event.value)
        except ValidationError as exc:
            self._error = error_message(exc)
            self.invalid = True
        else:
            self._error = None
            self.invalid = False
        self._show_hint()
        self.post_message(self.Changed(self, valid=not self.invalid))

    def watch_invalid(self, invalid: bool) -> None:
        self.set_class(invalid, "-invalid")

    def _show_hint(self) -> None:
        hints = self.query(".field--hint")
        if hints:
            text = self._error if self.invalid and self._error else self.hint
            if text == self._shown_hint:
                return  # most keystrokes change nothing here: no relayout
            self._shown_hint = text
            hint = hints.first(Static)
            hint.update(text)
            hint.display = bool(text)

    def on_mount(self) -> None:
        self._show_hint()

    def refresh_from_model(self) -> None:
        """Show the document's value again (after something else changed it)."""
        self._error = None
        self.invalid = False
        self._show_hint()
        self.input.value = as_text(getattr(self.target, self.attr))

    def focus(self, scroll_visible: bool = True) -> FieldInput:
        focus_field(self, self.input, scroll_visible)
        return self
