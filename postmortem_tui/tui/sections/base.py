"""What every section form shares, and how the wizard finds a section's form."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount, Widget

from ...core import sections
from ...core.findings import Path
from ...core.model import PostMortem
from ..widgets.document_field import DocumentField, is_table


class SectionForm(VerticalScroll, can_focus=False):
    """The form of one section: it edits the document it is given and never touches files.

    Each section's module, `tui/sections/<key>.py`, names its form `FORM` (`build_form`). Its
    fields are given their ids by `field_id`, from the same paths the checks report, so a
    finding leads to its field.

    Not a focus stop itself (Tab would stop on the form between two fields, where typed keys
    go nowhere): focusing a field scrolls the form to it. Fields report their edits with
    `DocumentField.Changed`, which bubbles up to the wizard.
    """

    DEFAULT_CSS = """
    SectionForm {
        padding: 0 2;
        height: 1fr;
        scrollbar-gutter: stable;
    }
    SectionForm Horizontal {
        height: auto;
    }
    SectionForm Horizontal > * {
        width: 1fr;
        margin-right: 2;
    }
    SectionForm > .section--title {
        text-style: bold;
        color: $accent;
        margin-bottom: 1;
    }
    """

    key = ""
    """The section's key (`core.sections`); its module has the same name."""

    first_part = 0
    """How many of the widgets the form composes are mounted first when it opens on its first
    field (`defer_rest`): the wizard focuses that field, then mounts the rest
    (`mount_rest`), so the field is there to type in a frame sooner. 0: all at once."""

    @dataclass
    class SetElsewhere(Message):
        """Posted when a form has set values of another section's part of the document (the
        timeline sets the header's start and end): the wizard shows them where that form is
        built, as if typed there, and saves."""

        form: SectionForm
        """The form that set them."""

        paths: tuple[Path, ...]
        """The values set, as paths into the document (`("header", "start_time")`)."""

        @property
        def control(self) -> SectionForm:
            """Alias for `form`."""
            return self.form

    def __init__(self, doc: PostMortem) -> None:
        """Args:
        doc: the post-mortem being written.
        """
        super().__init__(id=f"section-{self.key}", classes="section-form")
        self.doc = doc
        self.defer_rest = False
        """Mount only the `first_part` at first (set before mounting the form)."""
        self._rest: list[Widget] = []

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        if self.defer_rest and 0 < self.first_part < len(widgets):
            widgets, self._rest = widgets[: self.first_part], widgets[self.first_part :]
        await super().mount_composed_widgets(widgets)

    def mount_rest(self) -> AwaitMount | None:
        """Mount what `defer_rest` held back; None if all is there. Await it to know the form
        is whole."""
        rest, self._rest = self._rest, []
        return self.mount_all(rest) if rest else None

    @property
    def title(self) -> str:
        return sections.section(self.key).title

    def field_id(self, *names: str) -> str:
        """The id of this section's field for `doc.<key>.<names...>` (`core.sections.field_id`):
        `field_id("start_time")` is `header-start_time`; no names: the section's own field."""
        return sections.field_id((self.key, *names))

    def fields(self) -> list[DocumentField]:
        """The fields of this form, in order (not those inside another field)."""
        return [
            w
            for w in self.query(DocumentField)
            if not any(isinstance(a, DocumentField) for a in w.ancestors[: w.ancestors.index(self)])
        ]

    def first_invalid(self) -> DocumentField | None:
        """The first field holding text the model refuses; a table's cell after the others."""
        invalid = [w for w in self.query(DocumentField) if w.invalid]
        invalid.sort(key=is_table)
        return invalid[0] if invalid else None


def build_form(key: str, doc: PostMortem) -> SectionForm:
    """The form of section `key`, from its module `tui/sections/<key>.py` (imported the first
    time the section is shown, so start-up builds only what is shown)."""
    sections.section(key)  # a KeyError for a key that is not a section's
    module = importlib.import_module(f"{__package__}.{key}")
    form_class: type[SectionForm] = module.FORM
    return form_class(doc)
