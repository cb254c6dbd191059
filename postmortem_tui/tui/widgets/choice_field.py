"""A labelled choice among an enumeration of the model (severity, status, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from pydantic_core import ValidationError
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, Select, Static

from ...core.model import error_message
from ...core.record import Record
from .. import typeahead
from .document_field import DocumentField


def _name(value: Any) -> str:
    """What typing picks `value` by (`typeahead`): its text, "yes"/"no" for a bool."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value.value if isinstance(value, Enum) else value)


class ChoiceSelect(Select[Any]):
    """A `Select` that chooses by typing while it is closed: the first choice whose name starts
    with what was typed (case aside); the same letter again goes on to the next such choice.
    Enter, Space and the arrows open the list as before."""

    def __init__(self, options: Sequence[tuple[Content, Any]], **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        self._values = [value for _, value in options]
        self._typed = ""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and character != " "

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if self.expanded or not self.check_consume_key(event.key, character):
            return
        assert character is not None
        event.stop()
        event.prevent_default()
        values = self._values
        current = values.index(self.value) if self.value in values else -1
        typed, found = typeahead.pick([_name(v) for v in values], self._typed, character, current)
        if found is None:
            self._typed = ""
            self.app.bell()
            return
        self._typed = typed
        self.value = values[found]

    def _on_blur(self, event: events.Blur) -> None:
        self._typed = ""


class ChoiceField(DocumentField):
    """Pick one value of an enumeration; each choice shows its one-line meaning if it has one."""

    def __init__(
        self,
        target: Record,
        attr: str,
        choices: type[Enum],
        *,
        label: str | None = None,
        allow_blank: bool = True,
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        target: the part of the document that holds the value.
        attr: the attribute of `target` this field edits.
        choices: the enumeration whose members are offered.
        label: shown above; the model field's title when None.
        allow_blank: whether "not chosen yet" is a choice.
        id: the widget's id (`core.sections.field_id`).
        """
        super().__init__(target, attr, label=label, id=id)
        self.attr: str = attr
        self.choices = choices
        self.allow_blank = allow_blank

    @staticmethod
    def _meaning(member: Enum) -> str:
        return str(getattr(member, "meaning", ""))

    def compose(self) -> ComposeResult:
        current = getattr(self.target, self.attr)
        options = [
            (Content(f"{m.value} — {self._meaning(m)}" if self._meaning(m) else str(m.value)), m)
            for m in self.choices
        ]
        yield Label(self.label)
        yield ChoiceSelect(
            options,
            value=current if current is not None else Select.NULL,
            allow_blank=self.allow_blank,
            prompt="Not chosen yet",
            compact=True,
            id="field-select",
        )
        yield Static("", classes="field--hint", markup=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else event.value
        if value == getattr(self.target, self.attr):
            return
        try:
            setattr(self.target, self.attr, value)
        except ValidationError as exc:
            self.query_one(".field--hint", Static).update(error_message(exc))
            return
        self.post_message(self.Changed(self))

    def refresh_from_model(self) -> None:
        current = getattr(self.target, self.attr)
        self.query_one(Select).value = current if current is not None else Select.NULL

    def focus(self, scroll_visible: bool = True) -> ChoiceField:
        self.focus_part(self.query_one(Select), scroll_visible)
        return self
