"""Every section declared in the core has its form, and every place a check reports is a field
of that form, named by the same function."""

from __future__ import annotations

import datetime as dt
import importlib

from kit import make_app, wait_for

from postmortem_tui.core.completeness import assess
from postmortem_tui.core.model import (
    ActionItem,
    ContributingFactor,
    FollowUp,
    Link,
    PostMortem,
    RelatedIncident,
    Reviewer,
    Status,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.sections import SECTIONS, locate
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.sections.base import SectionForm, build_form
from postmortem_tui.tui.widgets.document_field import DocumentField

SIZE = (120, 40)


def test_every_section_has_its_form() -> None:
    doc = PostMortem.new()
    for s in SECTIONS:
        module = importlib.import_module(f"postmortem_tui.tui.sections.{s.key}")
        assert issubclass(module.FORM, SectionForm)
        assert module.FORM.key == s.key
        form = build_form(s.key, doc)
        assert form.title == s.title


def flawed_document() -> PostMortem:
    """A document with a finding in every kind of place: fields, lists, rows and cells."""
    doc = PostMortem.new(title="Feed", incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))
    doc.header.status = Status.REVIEWED
    doc.summary = "Too short, human error."
    doc.impact.qualitative = ["", "The desk lost trust"]
    doc.impact.financial_amount = "$10"
    doc.timeline.append(TimelineEvent(event="A row with no time"))
    doc.root_cause.whys = [Why(question="Why?"), Why(because="Because"), Why(), Why(
        question="Why again?", because="Because of that")]
    doc.root_cause.gaps = [""]
    doc.root_cause.snippet = "password=hunter2"
    doc.factors = [ContributingFactor(), ContributingFactor(title="Retries")]
    doc.resolution.verification = ["", "Latency back"]
    doc.actions = [ActionItem(id=1, action="Alert"), ActionItem(id=1), ActionItem(id=2)]
    doc.lessons.went_well = ["should have known"]
    doc.lessons.could_improve = [""]
    doc.appendix.metrics_links = [Link(label="Graph"), Link(target="https://x")]
    doc.appendix.config_before = "a: 1"
    doc.appendix.related = [RelatedIncident(similarity="same feed")]
    doc.appendix.references = [""]
    doc.signoff.author.name = "Ana"
    doc.signoff.reviewers = [Reviewer(name="Luis"), Reviewer()]
    doc.signoff.follow_ups = [FollowUp(owner="Ana")]
    return doc


async def test_every_finding_names_a_field_of_its_sections_form(store: DraftStore) -> None:
    doc = flawed_document()
    reports = assess(doc, dt.date(2025, 3, 4))
    findings = [f for r in reports for f in r.findings]
    assert len({locate(f.path).id for f in findings}) > 30
    app = make_app(store, doc=doc, save_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        for report in reports:
            assert await screen.show_section(report.key)
            form = screen.form
            assert form is not None and form.key == report.key
            for finding in report.findings:
                place = locate(finding.path)
                found = form.query(f"#{place.id}")
                assert found, (finding.path, place.id)
                assert isinstance(found.first(), DocumentField)
