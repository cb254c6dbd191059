"""Appendix: logs, metrics and graphs, configuration changes, related incidents, references."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...core.model import Link, RelatedIncident
from ..widgets.bullet_list import BulletList
from ..widgets.document_field import DocumentField
from ..widgets.editable_table import Column, EditableTable
from ..widgets.field_input import FieldInput
from ..widgets.long_text_field import LongTextField
from .base import SectionForm

RELATED_COLUMNS = (
    Column("incident_id", "Incident ID", kind="line", width=16, placeholder="INC-YYYYMMDD-NNN"),
    Column("date", "Date", kind="date", width=10),
    Column("similarity", "Similarity", ratio=1, min_width=12,
           hint="How it is related: same component, same failure mode, ..."),
)


def link_text(link: Link) -> str:
    return f"{link.label}: {link.target}" if link.label else link.target


def link_from_text(text: str) -> Link:
    """`Dashboard: https://…` -> label and link; a bare URL has no label."""
    label, sep, target = text.partition(": ")
    if not sep or "://" in label:
        return Link(target=text.strip())
    return Link(label=label.strip(), target=target.strip())


class AppendixForm(SectionForm):
    """Optional supporting material."""

    key = "appendix"

    def compose(self) -> ComposeResult:
        a = self.doc.appendix
        yield Static("10. Appendix (optional)", classes="section--title")
        yield LongTextField(a, "logs", label="A. Relevant logs",
                            hint="Key excerpts; sanitize any sensitive data.",
                            code=True, id=self.field_id("logs"))
        yield LongTextField(a, "metrics_note", label="B. Metrics and graphs",
                            hint="What the graphs show (optional).",
                            id=self.field_id("metrics_note"))
        yield BulletList(a.metrics_links, label="Dashboard and graph links",
                         placeholder="Label: link, e.g. Error rate graph: https://grafana/…",
                         to_text=link_text, from_text=link_from_text,
                         id=self.field_id("metrics_links"))
        yield FieldInput(a, "config_language", label="C. Configuration language",
                         placeholder="yaml, toml, json, ini…", id=self.field_id("config_language"))
        yield LongTextField(a, "config_before", label="Configuration before",
                            language=a.config_language, code=True,
                            id=self.field_id("config_before"))
        yield LongTextField(a, "config_after", label="Configuration after",
                            language=a.config_language, code=True, id=self.field_id("config_after"))
        yield EditableTable(
            a.related, RELATED_COLUMNS,
            label="D. Related incidents",
            new_row=lambda index: RelatedIncident(),
            empty_text="None: Ctrl+A adds a related incident.",
            wrap=2,
            id=self.field_id("related"),
        )
        yield BulletList(a.references, label="E. External references",
                         placeholder="Documentation, vendor status page, GitHub issue or PR…",
                         id=self.field_id("references"))

    def on_document_field_changed(self, event: DocumentField.Changed) -> None:
        if event.field.id == self.field_id("config_language") and event.valid:
            for key in ("config_before", "config_after"):
                field = self.query_one(f"#{self.field_id(key)}", LongTextField)
                field.set_language(self.doc.appendix.config_language)


FORM = AppendixForm
