"""Sign-off: the author block, the reviewers, the follow-up schedule."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ...core.model import FollowUp, Reviewer
from ..widgets.editable_table import Column, EditableTable
from ..widgets.field_input import FieldInput
from .base import SectionForm

REVIEWER_COLUMNS = (
    Column("name", "Name", ratio=1, min_width=8),
    Column("role", "Role", ratio=1, min_width=8),
    Column("date_reviewed", "Reviewed", kind="date", width=10),
    Column("approved", "Approved", kind="bool", width=8, placeholder="not yet"),
)
FOLLOW_UP_COLUMNS = (
    Column("date", "Date", kind="date", width=10),
    Column("review_type", "Review type", ratio=2, min_width=10,
           hint="Action items check, 30-day retrospective, final close-out, ..."),
    Column("owner", "Owner", ratio=1, min_width=8),
)


class SignOffForm(SectionForm):
    """Who wrote it, who reviewed it, when it is followed up."""

    key = "signoff"

    def compose(self) -> ComposeResult:
        s = self.doc.signoff
        yield Static("11. Sign-off", classes="section--title")
        yield Static("Post-Mortem Author", classes="section--subtitle")
        with Horizontal():
            yield FieldInput(s.author, "name", label="Name", id=self.field_id("author", "name"))
            yield FieldInput(s.author, "role", label="Role", placeholder="e.g. SRE, on-call",
                             id=self.field_id("author", "role"))
        yield FieldInput(s.author, "date_written", label="Date written",
                         placeholder="YYYY-MM-DD", id=self.field_id("author", "date_written"))
        yield EditableTable(
            s.reviewers, REVIEWER_COLUMNS,
            label="Reviewers",
            new_row=lambda index: Reviewer(),
            empty_text="No reviewers yet: Ctrl+A adds one.",
            id=self.field_id("reviewers"),
        )
        yield EditableTable(
            s.follow_ups, FOLLOW_UP_COLUMNS,
            label="Follow-up schedule",
            new_row=lambda index: FollowUp(),
            empty_text="No follow-ups yet: Ctrl+A adds one.",
            id=self.field_id("follow_ups"),
        )


FORM = SignOffForm
