"""Contributing factors: every factor that played a part, even if not the primary cause."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...core.model import ContributingFactor
from ..widgets.editable_table import Column, EditableTable
from .base import SectionForm

COLUMNS = (
    Column("#", "#", kind="index", width=2),
    Column("title", "Factor", ratio=2, min_width=10,
           hint='A short name: "Silent retries", "No staging parity".'),
    Column("description", "Description", ratio=3, min_width=12,
           hint="What the factor was: a system, a process or a condition, not a person."),
    Column("contribution", "Contribution", ratio=3, min_width=12,
           hint="How it contributed to the incident."),
)


class FactorsForm(SectionForm):
    """The contributing factors, one row each."""

    key = "factors"

    def compose(self) -> ComposeResult:
        yield Static("6. Contributing Factors", classes="section--title")
        yield EditableTable(
            self.doc.factors, COLUMNS,
            label="Contributing factors",
            new_row=lambda index: ContributingFactor(),
            empty_text="No factors yet: Ctrl+A adds one (Enter on the empty table does too).",
            wrap=3,
            id=self.field_id(),
        )



FORM = FactorsForm
