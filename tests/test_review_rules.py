"""The review rules: each one fires on a text that should trigger it and stays quiet on a
near-miss; the demo post-mortem (the example of a good one) passes them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import (
    ActionItem,
    ActionStatus,
    Category,
    Milestone,
    PostMortem,
    Priority,
    Severity,
    Why,
)
from postmortem_tui.core.review.config import DEFAULT, ReviewConfig
from postmortem_tui.core.review.registry import RULE_NAMES, RULES, review, rule
from postmortem_tui.core.review.rules import Context

TODAY = dt.date(2025, 3, 4)

Change = Callable[[PostMortem], None]


def demo() -> PostMortem:
    doc = demo_document(today=TODAY)
    doc.header.incident_id = "INC-" + (doc.header.date or TODAY).strftime("%Y%m%d") + "-001"
    return doc


def hits(name: str, doc: PostMortem, config: ReviewConfig = DEFAULT) -> list[str]:
    return [f.message for f in rule(name).findings(Context(doc, TODAY, config))]


def row_of(doc: PostMortem, milestone: Milestone) -> int:
    return next(i for i, r in enumerate(doc.timeline) if r.milestone is milestone)


def set_time(milestone: Milestone, hhmm: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.timeline[row_of(doc, milestone)].time = hhmm  # type: ignore[assignment]

    return change


def action(text: str, n: int = 0) -> Change:
    def change(doc: PostMortem) -> None:
        doc.actions[n].action = text

    return change


def owner(name: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.actions[0].owner = name

    return change


def due_after_incident(days: int, status: ActionStatus = ActionStatus.OPEN) -> Change:
    def change(doc: PostMortem) -> None:
        a = doc.actions[0]  # P0
        assert doc.header.date is not None
        a.due = doc.header.date + dt.timedelta(days=days)
        a.status = status

    return change


def items(*texts: str) -> Change:
    def change(doc: PostMortem) -> None:
        for n, text in enumerate(texts, 1):
            doc.actions[n].action = text

    return change


def categorised(category: Category, text: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.actions[4].category = category
        doc.actions[4].action = text

    return change


def because(n: int, text: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.root_cause.whys[n].because = text

    return change


def short_chain(reason_in_analysis: str = "", last_because: str = "") -> Change:
    def change(doc: PostMortem) -> None:
        whys = doc.root_cause.whys
        doc.root_cause.whys = [*whys[:3], Why(), Why()]
        if last_because:
            doc.root_cause.whys[2].because = last_because
        doc.root_cause.why_it_happened += reason_in_analysis

    return change


def swap_whys(a: int, b: int) -> Change:
    def change(doc: PostMortem) -> None:
        whys = list(doc.root_cause.whys)
        whys[a], whys[b] = whys[b], whys[a]
        doc.root_cause.whys = whys

    return change


def question(n: int, text: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.root_cause.whys[n].question = text

    return change


def drop_row(milestone: Milestone) -> Change:
    def change(doc: PostMortem) -> None:
        del doc.timeline[row_of(doc, milestone)]

    return change


def header(**values: str) -> Change:
    def change(doc: PostMortem) -> None:
        for name, value in values.items():
            setattr(doc.header, name, value)

    return change


def summary(text: str) -> Change:
    def change(doc: PostMortem) -> None:
        doc.summary = text

    return change


def impact(**values: object) -> Change:
    def change(doc: PostMortem) -> None:
        for name, value in values.items():
            setattr(doc.impact, name, value)

    return change


def pasted(section: str, name: str, text: str) -> Change:
    def change(doc: PostMortem) -> None:
        setattr(getattr(doc, section), name, text)

    return change


def both(*changes: Change) -> Change:
    def change(doc: PostMortem) -> None:
        for c in changes:
            c(doc)

    return change


LONG = (
    "For 95 minutes after the exchange opened our trading platform rejected every equity order "
    "it received because a configuration change released the evening before moved where one "
    "system stores the trading limits of each client account. Service was restored by undoing it."
)

# rule -> (changes that trigger it, near-misses that must not)
CASES: dict[str, tuple[list[Change], list[Change]]] = {
    "action-vague": (
        [action("Investigate the feed"), action("Be more careful with releases"),
         action("Monitor the reject rate"), action("Look into the limits cache")],
        [action("Investigate the feed stalls and alert when the lag exceeds 5 seconds"),
         action("Monitor the reject rate and page above 2%"),
         action("Add monitoring of NO_LIMIT rejects"),
         action("Review meeting notes go to the wiki so that the desk can read them")],
    ),
    "action-team-owner": (
        [owner("SRE team"), owner("risk-platform"), owner("@sre"), owner("SRE"),
         owner("Equities desk"), owner("TBD")],
        [owner("Ana Restrepo (SRE team)"), owner("Julián Ortiz"), owner("Núñez")],
    ),
    "action-deadline": (
        [due_after_incident(15), due_after_incident(60, ActionStatus.IN_PROGRESS)],
        [due_after_incident(14), due_after_incident(60, ActionStatus.DONE)],
    ),
    "action-duplicate": (
        [items("Add an alert on NO_LIMIT rejects", "Add alerting for NO_LIMIT rejects"),
         items("Page on-call on NO_LIMIT rejects", "page on-call on no-limit rejects.")],
        [items("Add an alert on NO_LIMIT rejects", "Add a runbook for NO_LIMIT rejects"),
         items("Add an alert", "Add a dashboard")],
    ),
    "action-category": (
        [categorised(Category.TRAINING, "Fix the cache key prefix in risk-gateway"),
         categorised(Category.TRAINING, "Refactor the limits loader"),
         categorised(Category.PREVENT_RECURRENCE, "Train the desk on voice trading")],
        [categorised(Category.TRAINING, "Add a session on the limits cache to onboarding"),
         categorised(Category.TRAINING, "Walk the rotation through the runbook"),
         categorised(Category.PREVENT_RECURRENCE, "Fix the cache key prefix in risk-gateway")],
    ),
    "why-repeats": (
        [because(2, "The pre-trade risk service found NO position limits for any account, "
                    "and (failing closed) rejected each order with reason NO_LIMIT!"),
         because(3, "the limit keys it read (prefix limits:) had expired at 09:15 and were "
                    "not refreshed")],
        [because(3, "the limit keys were set in two separate configuration files")],
    ),
    "whys-short": (
        [short_chain(), short_chain(" The release went out late.")],
        [short_chain(" The Whys stop at three: the release tooling is a vendor's."),
         short_chain(last_because="the loader wrote only the new prefix (root cause)")],
    ),
    "why-names-person": (
        [because(3, "Julián forgot to change the risk-gateway configuration"),
         because(3, "Julian Ortiz changed only the loader's file"),
         because(1, "Laura Gómez approved the release without a check")],
        [because(3, "the risk platform release changed only the loader's configuration"),
         because(3, "the analytics job and the loader disagreed on the prefix")],
    ),
    "why-does-not-follow": (
        [swap_whys(2, 3)],
        [question(4, "Why was nothing in place to catch it?"), swap_whys(0, 0)],
    ),
    "timeline-milestone-order": (
        [set_time(Milestone.ON_CALL_ACKNOWLEDGED, "09:17"),
         set_time(Milestone.SERVICE_RESTORED, "10:10")],
        [set_time(Milestone.ON_CALL_ACKNOWLEDGED, "09:18"),
         # Found after the service was back: a real order, not a mistake.
         set_time(Milestone.ROOT_CAUSE_IDENTIFIED, "11:00"),
         # Before the first symptom: the metrics' finding, not repeated here.
         set_time(Milestone.ALERT_TRIGGERED, "09:10")],
    ),
    "timeline-gap": (
        [drop_row(Milestone.ROOT_CAUSE_IDENTIFIED)],
        # 10:50 -> 11:40 (closed) is after the service was restored.
        [drop_row(Milestone.KEY_DISCOVERY)],
    ),
    "header-start-vs-symptom": (
        [header(start_time="09:30")],
        [header(start_time="09:18")],
    ),
    "header-end-vs-restored": (
        [header(end_time="11:40")],
        [header(end_time="10:53")],
    ),
    "summary-long-sentence": (
        [summary(LONG)],
        [summary(LONG.replace(" because", ". Because"))],
    ),
    "summary-acronym": (
        [summary("For 95 minutes the OMS rejected every equity order sent to the BVC. "
                 "Service was restored by a rollback.")],
        [summary("For 95 minutes the order management system (OMS) rejected every equity "
                 "order sent to the Bolsa de Valores de Colombia (BVC), costing US clients "
                 "41,250 USD. Service was restored by a rollback.")],
    ),
    "summary-impact": (
        [summary("A configuration change moved the cache key prefix. Service was restored by "
                 "undoing the change.")],
        [summary("A configuration change stopped client orders. Service was restored by "
                 "undoing the change.")],
    ),
    "summary-resolution": (
        [summary("Every equity order was rejected for 95 minutes after a configuration "
                 "change.")],
        [summary("Every equity order was rejected for 95 minutes after a configuration "
                 "change, until it was rolled back.")],
    ),
    "downtime-vs-duration": (
        [impact(trading_downtime_minutes=120)],
        [impact(trading_downtime_minutes=95)],
    ),
    "erroneous-trades-vs-data-loss": (
        [impact(erroneous_trades=3), impact(erroneous_trades=3, data_loss="none.")],
        [impact(erroneous_trades=3, data_loss="3 trade records corrected by hand"),
         impact(erroneous_trades=0)],
    ),
    "severity-vs-impact": (
        [header(severity="P3")],
        [both(header(severity="P3"),
              impact(trading_downtime_minutes=0, missed_trades=0, erroneous_trades=0)),
         header(severity="P2")],
    ),
    "secret-in-text": (
        [pasted("appendix", "logs", "09:15 login password=hunter22"),
         pasted("resolution", "commands", "curl -H 'Authorization: Bearer 0123456789abcdef01'"),
         pasted("root_cause", "snippet", "dsn: postgres://app:Sup3rS3cret@db/trading"),
         pasted("appendix", "config_after", "key AKIAIOSFODNN7EXAMPLE")],
        [pasted("appendix", "logs", "commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345 "
                                    "request_id=550e8400-e29b-41d4-a716-446655440000"),
         pasted("appendix", "config_before", "password: ${DB_PASSWORD}\ntoken_count: 5")],
    ),
}
MOVED = {"whys-short", "downtime-vs-duration", "secret-in-text"}
"""Checks the sections made before the review rules took them over: their messages are kept."""


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULE_NAMES)


def test_rules_are_data() -> None:
    for r in RULES:
        assert r.name and r.section and r.where and r.message and r.suggestion
        assert r.severity in ("hint", "blocking")
        assert r.name == r.name.lower() and " " not in r.name


def test_the_demo_passes_every_rule() -> None:
    for day in (TODAY + dt.timedelta(days=k) for k in range(7)):  # every weekday layout
        assert review(demo_document(today=day), day) == {}


@pytest.mark.parametrize(
    ("name", "n"), [(name, n) for name, (trig, _) in CASES.items() for n in range(len(trig))]
)
def test_trigger(name: str, n: int) -> None:
    doc = demo()
    CASES[name][0][n](doc)
    found = hits(name, doc)
    assert found, f"{name} did not fire"
    if name not in MOVED:
        assert all(" — " in message for message in found)  # each says what to do


@pytest.mark.parametrize(
    ("name", "n"), [(name, n) for name, (_, near) in CASES.items() for n in range(len(near))]
)
def test_near_miss(name: str, n: int) -> None:
    doc = demo()
    CASES[name][1][n](doc)
    assert hits(name, doc) == []


def test_findings_land_in_the_rule_section() -> None:
    doc = demo()
    for changes, _ in CASES.values():
        for change in changes:
            change(doc)
    found = review(doc, TODAY)
    for r in RULES:
        assert all(key in found for key in r.section.split(", ")), r.name
    assert all(f.section == key and not f.blocking for key, fs in found.items() for f in fs)


def test_messages_name_the_item() -> None:
    doc = demo()
    action("Investigate the feed", 2)(doc)
    (message,) = hits("action-vague", doc)
    assert message.startswith("Action item 3 ('Investigate the feed') says 'investigate'")
    doc = demo()
    because(3, "Julián forgot to change the risk-gateway configuration")(doc)
    assert hits("why-names-person", doc)[0].startswith("5 Whys #4's answer names Julián Ortiz")


def test_thresholds_come_from_the_config() -> None:
    doc = demo()
    drop_row(Milestone.ROOT_CAUSE_IDENTIFIED)(doc)  # 36 minutes without an event
    assert hits("timeline-gap", doc)
    assert hits("timeline-gap", doc, ReviewConfig(max_gap_minutes=40)) == []
    doc = demo()
    due_after_incident(20)(doc)
    assert hits("action-deadline", doc)
    weeks = {"P0": 3, "P1": 4, "P2": 8}
    assert hits("action-deadline", doc, ReviewConfig(deadline_weeks=weeks)) == []
    doc = demo()
    summary("The OMS rejected every order until it was restored.")(doc)
    assert hits("summary-acronym", doc)
    assert hits("summary-acronym", doc, ReviewConfig(acronyms=frozenset({"OMS"}))) == []
    doc = demo()
    action("Sort out the limits cache")(doc)
    assert hits("action-vague", doc) == []
    assert hits("action-vague", doc, ReviewConfig(vague_phrases=("sort out",)))
    doc = demo()
    owner("Riskops")(doc)
    assert hits("action-team-owner", doc) == []
    assert hits("action-team-owner", doc, ReviewConfig(team_aliases=("riskops",)))


def test_blameless_names_come_from_the_document() -> None:
    doc = demo()
    because(3, "Pedro forgot the risk-gateway file")(doc)
    assert hits("why-names-person", doc) == []  # nobody called Pedro in it
    doc.signoff.follow_ups[0].owner = "Pedro Páez"
    assert hits("why-names-person", doc)


def test_the_weak_draft_breaks_every_rule() -> None:
    from weak_draft import weak_draft

    doc = weak_draft(TODAY)
    for r in RULES:
        assert hits(r.name, doc), r.name


def test_a_new_document_has_no_review_findings() -> None:
    assert review(PostMortem.new(), TODAY) == {}


def test_empty_and_partial_items_are_left_to_the_section_checks() -> None:
    doc = demo()
    doc.actions.append(ActionItem(id=6))
    doc.actions.append(ActionItem(id=7, action="", owner="", priority=Priority.P0))
    doc.header.severity = Severity.P1
    assert review(doc, TODAY) == {}
