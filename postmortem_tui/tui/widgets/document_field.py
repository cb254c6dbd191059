"""What every field of the document shares: what it edits, whether the model refuses what it
holds, one message for every change, and how the wizard shows it again or goes to it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

from textual.containers import ScrollableContainer, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...core.record import Record
from .fast_input import FastInput

if TYPE_CHECKING:
    from .editable_table import EditableTable

TABLE_MODULE = f"{__package__}.editable_table"

Action = Literal["edit", "commit", "add", "delete", "restore", "move", "sort", "import"]


@dataclass(frozen=True)
class Refusal:
    """Text a field holds that the model refuses, so the document does not have it."""

    field: DocumentField
    """The field that holds it."""
    label: str
    """Where it is: `Start time`, `Timeline · row 3 · Time`."""
    text: str
    """What was typed."""
    error: str
    """The model's message."""


class DocumentField(Vertical):
    """One field of the document: it edits a value of a part of the document in place
    (`target.attr`), or a list of the document (`target`, with `attr` None).

    Every change is reported with `Changed`, which bubbles up through the section's form to the
    wizard, which saves the document. Fields receive the document and never touch files.
    """

    DEFAULT_CSS = """
    DocumentField {
        height: auto;
        margin-bottom: 1;
    }
    DocumentField > Label {
        color: $text-muted;
        text-style: bold;
    }
    DocumentField > .field--hint {
        color: $text-muted;
        height: auto;
    }
    """

    invalid: reactive[bool] = reactive(False)
    """True while the field holds text the model refuses (not in the document, never saved)."""

    @dataclass
    class Changed(Message):
        """Posted when a field has changed the document, or holds text the model refused.

        Can be handled using `on_document_field_changed` in the form or the wizard above the
        field (or `@on(DocumentField.Changed, "#field-id")`).
        """

        field: DocumentField
        """The field that changed."""

        action: Action = "edit"
        """What happened: `edit` (a value typed, already in the document); in lists and tables
        also `commit` (an edit finished), `add`, `delete`, `restore` (a delete undone), `move`,
        `sort` and `import` (rows brought in from outside)."""

        index: int | None = None
        """The item or the row it happened to in a list or a table (its new place after a
        `move`)."""

        attr: str | None = None
        """The attribute of the row (the table's column) an edit was in."""

        valid: bool = True
        """False while the field holds text the model refused: the document keeps its value."""

        @property
        def control(self) -> DocumentField:
            """Alias for `field`."""
            return self.field

    def __init__(
        self,
        target: Any,
        attr: str | None = None,
        *,
        label: str | None = None,
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        target: the part of the document that holds the value (e.g. `doc.header`), or the
            document's list the field edits in place (then `attr` is None).
        attr: the attribute of `target` this field edits.
        label: the field's name as shown; the model field's title when None.
        id: the widget's id (`core.sections.field_id`): the wizard returns to the field by it,
            and goes to it from a finding's path.
        """
        super().__init__(id=id)
        self.target = target
        self.attr = attr
        if label is None and attr is not None and isinstance(target, Record):
            label = type(target).model_fields[attr].title
        self.label = label or attr or ""

    @property
    def value(self) -> Any:
        """What the field edits, as the document holds it now."""
        return self.target if self.attr is None else getattr(self.target, self.attr)

    @property
    def error(self) -> str | None:
        """The model's message while the field is `invalid`."""
        return None

    def refusal(self) -> Refusal | None:
        """What the field holds that the model refuses, while it is `invalid`."""
        return None

    def refresh_from_model(self) -> None:
        """Show the document's value again (something other than this field changed it)."""
        raise NotImplementedError

    def goto(self, index: int | None = None, attr: str | None = None) -> None:
        """Focus the field; in a list or a table, on item or row `index` and the row's
        attribute `attr` (where a finding is)."""
        self.focus()

    def focus_part(self, part: Widget, scroll_visible: bool = True) -> None:
        """Give `part` of this field the focus as the wizard does (opening a section, resuming,
        jumping to a field): a one-line value is not selected, and rather than Textual's scroll
        to the centre (which, before the form's first layout, scrolls its title away) the
        form's first field is shown under the section's title, another with its label."""
        if isinstance(part, FastInput):
            part.focus_keeping_cursor(scroll_visible=False)
        else:
            part.focus(scroll_visible=False)
        if scroll_visible:
            self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        form = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if form is not None and form.query(DocumentField).first() is self:
            form.scroll_home(animate=False)
        else:
            self.scroll_visible(animate=False)


def is_table(widget: object) -> TypeGuard[EditableTable]:
    """Whether `widget` is a table field, without importing the tables' module: a wizard whose
    forms have no table (the header, where a draft opens) never loads it, and no widget can
    be a table before it is loaded."""
    module = sys.modules.get(TABLE_MODULE)
    return module is not None and isinstance(widget, module.EditableTable)
