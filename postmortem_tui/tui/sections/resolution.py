"""Resolution: the immediate fix, the commands run, the verification steps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ..widgets.bullet_list import BulletList
from ..widgets.long_text_field import LongTextField
from .base import SectionForm


class ResolutionForm(SectionForm):
    """How service was restored and how the fix was verified."""

    key = "resolution"

    def compose(self) -> ComposeResult:
        r = self.doc.resolution
        yield Static("7. Resolution", classes="section--title")
        yield LongTextField(r, "immediate_fix", label="Immediate fix",
                            hint="What was done to restore service?",
                            id=self.field_id("immediate_fix"))
        yield LongTextField(r, "commands", label="Commands or steps taken (bash)",
                            language="bash", code=True, id=self.field_id("commands"))
        yield BulletList(r.verification, label="Verification: how was the fix verified?",
                         placeholder="e.g. Quote latency back under 5 ms for 30 minutes",
                         id=self.field_id("verification"))


FORM = ResolutionForm
