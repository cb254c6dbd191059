"""Root cause analysis: what happened (with a snippet), why, the 5 Whys, the gaps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ..widgets.bullet_list import BulletList
from ..widgets.document_field import DocumentField
from ..widgets.field_input import FieldInput
from ..widgets.long_text_field import LongTextField
from ..widgets.why_chain import WhyChain
from .base import SectionForm


class RootCauseForm(SectionForm):
    """The technical story, the chain of whys and the gaps that let it through."""

    key = "root_cause"

    def compose(self) -> ComposeResult:
        rc = self.doc.root_cause
        yield Static("5. Root Cause Analysis", classes="section--title")
        yield LongTextField(
            rc, "what_happened", label="What happened?",
            hint="Be specific about the sequence of events and the components involved.",
            id=self.field_id("what_happened"),
        )
        yield FieldInput(rc, "snippet_language", label="Snippet language",
                         placeholder="text, bash, yaml, python, sql…",
                         id=self.field_id("snippet_language"))
        yield LongTextField(rc, "snippet", label="Snippet (code, configuration or commands)",
                            language=rc.snippet_language, code=True, id=self.field_id("snippet"))
        yield LongTextField(
            rc, "why_it_happened", label="Why did it happen?",
            hint="The underlying causes: systems and processes, not people.",
            id=self.field_id("why_it_happened"),
        )
        yield WhyChain(rc.whys, id=self.field_id("whys"))
        yield BulletList(
            rc.gaps, label="Why wasn't it caught earlier?",
            placeholder='e.g. "No alert configured for this specific error condition"',
            id=self.field_id("gaps"),
        )

    def on_document_field_changed(self, event: DocumentField.Changed) -> None:
        if event.field.id == self.field_id("snippet_language") and event.valid:
            snippet = self.query_one(f"#{self.field_id('snippet')}", LongTextField)
            snippet.set_language(self.doc.root_cause.snippet_language)


FORM = RootCauseForm
