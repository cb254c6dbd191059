"""Shared fixtures: a drafts folder, a complete document, the demo document."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings
from kit import FrozenClock, freeze_clock, wait_for

from postmortem_tui.core.model import (
    ActionItem,
    Author,
    ContributingFactor,
    FollowUp,
    HistoryEntry,
    Milestone,
    PostMortem,
    Reviewer,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeutil import COT

TODAY = dt.date(2025, 3, 4)

# CI explores the same examples on every run, so a submission never fails on a case no one has
# seen; runs elsewhere keep drawing new ones, and a failure prints the blob that replays it.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """The app's clock stopped at TODAY 10:00 COT for the whole test; `clock.set(...)` moves it."""
    return freeze_clock(monkeypatch, dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=COT))


def build_complete_doc() -> PostMortem:
    """A small post-mortem that passes every blocking check and has no weak points."""
    doc = PostMortem.new(
        title="Quote feed stalled on the FX gateway",
        incident_id="INC-20250303-001",
        when=dt.date(2025, 3, 3),
    )
    h = doc.header
    h.start_time = "09:15"  # type: ignore[assignment]  # the model parses text, as a UI sends it
    h.end_time = "10:02"  # type: ignore[assignment]
    h.severity = "P1"  # type: ignore[assignment]
    doc.summary = (
        "For 47 minutes the FX gateway stopped publishing quotes, so the desk could not price "
        "client orders. A certificate on the feed connection had expired; it was renewed and "
        "the feed restarted, and quotes resumed at 10:02."
    )
    im = doc.impact
    im.trading_downtime_minutes = 47
    im.missed_trades = 12
    im.erroneous_trades = 0
    im.financial_amount = "$41,250"
    im.financial_description = "estimated lost spread"
    im.users_affected = "FX desk, 3 clients"
    im.data_loss = "None"
    im.qualitative = ["Desk confidence in the gateway dropped"]
    times = ["09:15", "09:17", "09:19", "09:21", "09:30", "09:38", "09:45", "10:02", "10:10"]
    doc.timeline = [
        TimelineEvent(
            time=t,  # type: ignore[arg-type]
            event=m.default_event or "Found the expired certificate in the gateway log",
            actor=m.default_actor or "Ana (on-call)",
            milestone=m,
        )
        for t, m in zip(times, Milestone, strict=True)
    ]
    rc = doc.root_cause
    rc.what_happened = (
        "The gateway's TLS client certificate for the upstream quote feed expired at 09:15. "
        "The feed handler kept retrying the handshake silently, so no quotes reached the "
        "pricing engine while every health check still reported the process as up."
    )
    rc.why_it_happened = "Certificate renewal was manual and tracked nowhere."
    rc.whys = [
        Why(question="Why did quotes stop?", because="The TLS handshake failed"),
        Why(question="Why did the handshake fail?", because="The certificate had expired"),
        Why(question="Why had it expired?", because="Renewal was a manual yearly task"),
        Why(question="Why was it manual?", because="The gateway predates cert-manager"),
        Why(question="Why was it not migrated?", because="No owner for the gateway's infra"),
    ]
    rc.gaps = ["No alert on certificate expiry"]
    doc.factors = [
        ContributingFactor(
            title="Silent retries",
            description="The feed handler retried without logging at warning level",
            contribution="Hid the failure from the on-call engineer for 10 minutes",
        )
    ]
    doc.resolution.immediate_fix = "Renewed the certificate and restarted the feed handler."
    doc.resolution.verification = ["Quotes visible on the desk's screen"]
    doc.actions = [
        ActionItem(
            id=1,
            action="Move the gateway certificate to cert-manager",
            owner="Ana",
            priority="P0",  # type: ignore[arg-type]
            due=dt.date(2025, 3, 14),  # within a P0's two weeks of the incident
            category="Prevent Recurrence",  # type: ignore[arg-type]
        )
    ]
    doc.lessons.went_well = ["Alert fired within 2 minutes"]
    doc.lessons.could_improve = ["The runbook had no certificate step"]
    doc.lessons.do_differently = ["Track every certificate's expiry in one place"]
    doc.signoff.author = Author(name="Ana", role="SRE", date_written=dt.date(2025, 3, 3))
    doc.signoff.reviewers = [
        Reviewer(name="Luis", role="Head of trading tech", date_reviewed=TODAY, approved=True)
    ]
    doc.signoff.follow_ups = [
        FollowUp(date=dt.date(2025, 3, 17), review_type="Action items check", owner="Ana")
    ]
    doc.history = [
        HistoryEntry(version="0.1", date=dt.date(2025, 3, 3), author="Ana", changes="Initial draft")
    ]
    return doc


@pytest.fixture
def complete_doc() -> PostMortem:
    return build_complete_doc()


@pytest.fixture
def demo_doc() -> PostMortem:
    from postmortem_tui.core.demo import demo_document

    doc = demo_document(today=TODAY)
    doc.header.incident_id = "INC-" + (doc.header.date or TODAY).strftime("%Y%m%d") + "-001"
    return doc


async def sidebar_states_shown(pilot, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the wizard's sidebar marks are those of the document as last edited: they
    come from a completeness pass in a thread, after the first frame and after each edit."""
    from postmortem_tui.tui.screens.wizard import WizardScreen

    def shown() -> bool:
        wizard = next((s for s in pilot.app.screen_stack if isinstance(s, WizardScreen)), None)
        return wizard is None or not wizard.states_pending

    await wait_for(pilot, shown, timeout, "the sidebar's states")


async def focus_given(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the wizard has given a field the focus (it does after the section mounts,
    which a loaded machine may finish after the sidebar's states are shown)."""
    from postmortem_tui.tui.screens.wizard import WizardScreen

    if isinstance(pilot.app.screen, WizardScreen):
        await wait_for(pilot, lambda: pilot.app.focused is not None, 10, "a focused field")


@pytest.fixture
def snap_compare(snap_compare):  # type: ignore[no-untyped-def]
    """The plugin's `snap_compare`, taking its picture once the sidebar shows its states.

    The focused field's cursor then stops blinking, shown, as in a picture taken at once
    (a blinking one is caught hidden or not depending on the machine's load)."""
    import inspect

    def compare(app, *args, run_before=None, **kwargs):  # type: ignore[no-untyped-def]
        async def before(pilot) -> None:  # type: ignore[no-untyped-def]
            await sidebar_states_shown(pilot)
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await sidebar_states_shown(pilot)
            await focus_given(pilot)
            # Every cursor still: the focused one shown, the others hidden, whatever the load.
            for widget in pilot.app.screen.query("*"):
                if hasattr(widget, "cursor_blink"):
                    widget.cursor_blink = False

        return snap_compare(app, *args, run_before=before, **kwargs)

    return compare


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every full layout of a screen from now on (each costs about as much as the rest of a
    key on a big draft): tests check a key or a save asks for none."""
    from textual.screen import Screen

    seen: list[object] = []
    real = Screen._refresh_layout

    def counting(self, size=None, scroll=False):  # type: ignore[no-untyped-def]
        seen.append(self)
        return real(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return seen
