"""Sign-off: the author block, the reviewers, the follow-up schedule."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ..format import as_text
from ..widgets.field_input import FieldInput
from ..widgets.readonly_table import ReadOnlyTable
from .base import SectionForm


def _approved(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


class SignOffForm(SectionForm):
    """Who wrote it, who reviewed it, when it is followed up."""

    key = "signoff"

    def compose(self) -> ComposeResult:
        s = self.doc.signoff
        yield Static("11. Sign-off", classes="section--title")
        yield Static("Post-Mortem Author", classes="section--subtitle")
        with Horizontal():
            yield FieldInput(s.author, "name", label="Name", id="signoff-author-name")
            yield FieldInput(s.author, "role", label="Role", placeholder="e.g. SRE, on-call",
                             id="signoff-author-role")
        yield FieldInput(s.author, "date_written", label="Date written",
                         placeholder="YYYY-MM-DD", id="signoff-author-date_written")
        yield ReadOnlyTable(
            "Reviewers", ["Name", "Role", "Date Reviewed", "Approved"],
            [(r.name, r.role, as_text(r.date_reviewed), _approved(r.approved))
             for r in s.reviewers],
            id="signoff-reviewers",
        )
        yield ReadOnlyTable(
            "Follow-up Schedule", ["Date", "Review Type", "Owner"],
            [(as_text(f.date), f.review_type, f.owner) for f in s.follow_ups],
            id="signoff-follow_ups",
        )
