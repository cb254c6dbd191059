"""A labelled choice among an enumeration of the model (severity, status, ...)."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Select, Static

from ...core.model import error_message


class ChoiceField(Vertical):
    """Pick one value of an enumeration; each choice shows its one-line meaning if it has one."""

    DEFAULT_CSS = """
    ChoiceField {
        height: auto;
        margin-bottom: 1;
    }
    ChoiceField > Label {
        color: $text-muted;
        text-style: bold;
    }
    ChoiceField > .field--hint {
        color: $text-muted;
        height: auto;
    }
    """

    class Changed(Message):
        """The document took a new choice."""

        def __init__(self, field: ChoiceField) -> None:
            self.field = field
            super().__init__()

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self,
        target: BaseModel,
        attr: str,
        choices: type[Enum],
        *,
        label: str | None = None,
        allow_blank: bool = True,
        id: str | None = None,
    ) -> None:
        """Args:
        target: the part of the document that holds the value.
        attr: the attribute of `target` this field edits.
        choices: the enumeration whose members are offered.
        label: shown above; the model field's title when None.
        allow_blank: whether "not chosen yet" is a choice.
        id: the widget's id; the wizard uses it to return to this field on resume.
        """
        super().__init__(id=id)
        self.target = target
        self.attr = attr
        self.choices = choices
        self.label = label or type(target).model_fields[attr].title or attr
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
        yield Select(
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
        self.query_one(Select).focus(scroll_visible)
        return self
