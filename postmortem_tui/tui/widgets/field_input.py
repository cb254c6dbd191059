"""A labelled one-line field bound to one attribute of a document part."""

from __future__ import annotations

from pydantic_core import ValidationError
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from ...core.model import error_message
from ...core.record import Record
from ..format import as_text
from .document_field import DocumentField, Refusal
from .fast_input import FastInput


class FieldInput(DocumentField):
    """One field of the document: a label, an input, and the model's message when it is wrong.

    Every keystroke is offered to the model; an accepted value is written to the document at
    once, a refused one stays in the input with the model's message under it and is reported as
    invalid, so the wizard never saves it as something else.
    """

    DEFAULT_CSS = """
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

    def __init__(
        self,
        target: Record,
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
        id: the widget's id (`core.sections.field_id`).
        """
        super().__init__(target, attr, label=label, id=id)
        self.attr: str = attr
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

    def refusal(self) -> Refusal | None:
        if not self.invalid:
            return None
        return Refusal(self, self.label, self.input.value, self._error or "")

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
        self._error = None
        self.invalid = False
        self._show_hint()
        self.input.value = as_text(getattr(self.target, self.attr))

    def focus(self, scroll_visible: bool = True) -> FieldInput:
        self.focus_part(self.input, scroll_visible)
        return self
