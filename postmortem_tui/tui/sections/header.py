"""Header: title, incident ID, date, start/end time (COT), duration, severity, status."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ...core.model import Severity, Status
from ...core.sections import field_id
from ..widgets.choice_field import ChoiceField
from ..widgets.document_field import DocumentField
from ..widgets.field_input import FieldInput
from .base import SectionForm

STATUS_HINT = (
    "Changed by a review step: Ctrl+P, then Review: Mark reviewed, Close or Reopen "
    "(or `postmortem status`)"
)


class HeaderForm(SectionForm):
    """The document's header; the duration is computed from start and end, never typed."""

    key = "header"
    first_part = 2  # the section's title and the title field
    first_part_fields = (field_id(("header", "title")),)
    """The fields among the `first_part`: opened on one of them, the form mounts that part
    first (the wizard's `show_section`)."""

    DEFAULT_CSS = """
    HeaderForm #header-duration {
        margin-bottom: 1;
        color: $text-accent;
    }
    HeaderForm #header-status-hint {
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        h = self.doc.header
        yield Static("1. Header", classes="section--title")
        yield FieldInput(h, "title", placeholder="e.g. Quote feed stalled on the FX gateway",
                         id=self.field_id("title"))
        with Horizontal():
            yield FieldInput(h, "incident_id", placeholder="INC-YYYYMMDD-NNN",
                             hint="Assigned; editable",
                             id=self.field_id("incident_id"))
            yield FieldInput(h, "date", placeholder="YYYY-MM-DD", hint="Incident date (COT)",
                             id=self.field_id("date"))
        with Horizontal():
            yield FieldInput(h, "start_time", placeholder="HH:MM", hint="24-hour, COT",
                             id=self.field_id("start_time"))
            yield FieldInput(h, "end_time", placeholder="HH:MM",
                             hint="Earlier than the start = next day", id=self.field_id("end_time"))
        yield Static(self._duration_text(), id="header-duration", markup=False)
        yield ChoiceField(h, "severity", Severity, id=self.field_id("severity"))
        # Shown, never typed: the status moves through a review step (core/review_workflow.py).
        status = ChoiceField(h, "status", Status, allow_blank=False, id=self.field_id("status"))
        status.disabled = True
        yield status
        yield Static(STATUS_HINT, id="header-status-hint", markup=False)

    def _duration_text(self) -> str:
        h = self.doc.header
        if not h.duration:
            return "Duration: set the start and end time"
        suffix = " (ends the next day)" if h.crosses_midnight else ""
        return f"Duration: {h.duration}{suffix}"

    def on_document_field_changed(self, event: DocumentField.Changed) -> None:
        if event.field.id in (self.field_id("start_time"), self.field_id("end_time")):
            self.query_one("#header-duration", Static).update(self._duration_text())


FORM = HeaderForm
