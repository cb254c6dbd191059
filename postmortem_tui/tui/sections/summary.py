"""Executive summary: one paragraph for non-technical readers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ..widgets.document_field import DocumentField
from ..widgets.long_text_field import LongTextField
from .base import SectionForm


class SummaryForm(SectionForm):
    """One paragraph: what happened, the impact, and how it was resolved."""

    key = "summary"

    DEFAULT_CSS = """
    SummaryForm LongTextField > TextArea {
        height: 12;
    }
    SummaryForm #summary-words {
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("2. Executive Summary", classes="section--title")
        yield LongTextField(
            self.doc, "summary",
            hint="What happened, the impact, and how it was resolved — for non-technical "
                 "readers: no jargon, no names.",
            id=self.field_id(),
        )
        yield Static(self._words(), id="summary-words")

    def _words(self) -> str:
        count = len(self.doc.summary.split())
        return f"{count} word{'s' if count != 1 else ''}"

    def on_document_field_changed(self, event: DocumentField.Changed) -> None:
        self.query_one("#summary-words", Static).update(self._words())


FORM = SummaryForm
