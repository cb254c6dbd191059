"""Sections that are tables: shown read-only until the table editor lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ..format import as_text
from ..widgets.readonly_table import ReadOnlyTable
from .base import SectionForm


class TimelineView(SectionForm):
    key = "timeline"

    def compose(self) -> ComposeResult:
        yield Static("4. Timeline (all times in COT)", classes="section--title")
        yield ReadOnlyTable(
            "Timeline", ["Time", "Event", "Actor", "Milestone"],
            [(as_text(r.time), r.event, r.actor, r.milestone.label if r.milestone else "")
             for r in self.doc.timeline],
            id="timeline-rows",
        )


class FactorsView(SectionForm):
    key = "factors"

    def compose(self) -> ComposeResult:
        yield Static("6. Contributing Factors", classes="section--title")
        yield ReadOnlyTable(
            "Contributing factors", ["Title", "Description", "Contribution"],
            [(f.title, f.description, f.contribution) for f in self.doc.factors],
            id="factors-rows",
        )


class ActionsView(SectionForm):
    key = "actions"

    def compose(self) -> ComposeResult:
        yield Static("8. Action Items", classes="section--title")
        yield ReadOnlyTable(
            "Action items",
            ["ID", "Action", "Owner", "Priority", "Due Date", "Status", "Category"],
            [(str(a.id), a.action, a.owner, as_text(a.priority), as_text(a.due),
              as_text(a.status), as_text(a.category)) for a in self.doc.actions],
            id="actions-rows",
        )


class HistoryView(SectionForm):
    key = "history"

    def compose(self) -> ComposeResult:
        yield Static("12. Document History", classes="section--title")
        yield ReadOnlyTable(
            "Document history", ["Version", "Date", "Author", "Changes"],
            [(h.version, as_text(h.date), h.author, h.changes) for h in self.doc.history],
            id="history-rows",
        )
