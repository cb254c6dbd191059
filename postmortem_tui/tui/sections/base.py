"""What every section form shares."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget

from ...core.model import PostMortem
from ...core.sections import section


class SectionForm(VerticalScroll, can_focus=False):
    """The form of one section: it edits the document it is given and never touches files.

    Not a focus stop itself (Tab would stop on the form between two fields, where typed keys
    go nowhere): focusing a field scrolls the form to it.

    Fields report their edits with their own `Changed` messages, which bubble up to the wizard.
    """

    DEFAULT_CSS = """
    SectionForm {
        padding: 0 2;
        height: 1fr;
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

    def __init__(self, doc: PostMortem) -> None:
        """Args:
        doc: the post-mortem being written.
        """
        super().__init__(id=f"section-{self.key}", classes="section-form")
        self.doc = doc

    @property
    def title(self) -> str:
        return section(self.key).title

    def fields(self) -> list[Widget]:
        """The fields of this form, in order (those with an id can be returned to)."""
        return [w for w in self.query("FieldInput, ChoiceField, LongTextField, BulletList")]

    def first_invalid(self) -> Widget | None:
        for w in self.query("FieldInput.-invalid"):
            return w
        return None

    def refresh_from_model(self) -> None:
        """Show the document's values again after an outside change."""
        for w in self.fields():
            refresh = getattr(w, "refresh_from_model", None)
            if refresh is not None:
                refresh()
