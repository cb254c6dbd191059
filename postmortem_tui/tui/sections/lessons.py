"""Lessons learned: what went well, what could be improved, what we will do differently."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ..widgets.bullet_list import BulletList
from .base import SectionForm


class LessonsForm(SectionForm):
    """Three lists of lessons."""

    key = "lessons"

    def compose(self) -> ComposeResult:
        ls = self.doc.lessons
        yield Static("9. Lessons Learned", classes="section--title")
        yield BulletList(ls.went_well, label="What went well",
                         placeholder='e.g. "Alert fired within 2 minutes of the issue starting"',
                         id=self.field_id("went_well"))
        yield BulletList(ls.could_improve, label="What could be improved",
                         placeholder='e.g. "Runbook was missing steps for this scenario"',
                         id=self.field_id("could_improve"))
        yield BulletList(ls.do_differently, label="What we will do differently",
                         placeholder="A specific change",
                         id=self.field_id("do_differently"))


FORM = LessonsForm
