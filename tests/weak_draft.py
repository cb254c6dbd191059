"""A deliberately weak post-mortem: the demo with one fault for every review rule, as a
reviewer would find them in a hurried draft. `check`, the wizard's sidebar and its sections
must each show every one of them."""

from __future__ import annotations

import datetime as dt

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import Category, Milestone, PostMortem, Severity, Why

WEAK_SUMMARY = (
    "A configuration change released by the OMS team the evening before moved the place where "
    "the limits loader writes each account's limits for the pre-trade risk service, so the risk "
    "service looked in the old place from the market open onward."
)


def weak_draft(today: dt.date) -> PostMortem:
    doc = demo_document(today=today)
    assert doc.header.date is not None
    doc.header.incident_id = "INC-" + doc.header.date.strftime("%Y%m%d") + "-007"
    doc.header.title = "A deliberately weak post-mortem"
    # Summary: one long sentence, an acronym, no impact, no resolution.
    doc.summary = WEAK_SUMMARY
    # Header and impact disagree with the timeline and with each other.
    doc.header.start_time = dt.time(9, 30)  # the first symptom is at 09:15
    doc.header.end_time = dt.time(11, 40)  # service was restored at 10:50
    doc.header.severity = Severity.P3
    doc.impact.trading_downtime_minutes = 200
    doc.impact.erroneous_trades = 3  # and data loss still says None
    # Timeline: acknowledged before the alert; 36 minutes with no event.
    rows = doc.timeline
    ack = next(r for r in rows if r.milestone is Milestone.ON_CALL_ACKNOWLEDGED)
    ack.time = dt.time(9, 17)  # the alert is at 09:18
    doc.timeline = [r for r in rows if r.milestone is not Milestone.ROOT_CAUSE_IDENTIFIED]
    # 5 Whys: four answered (no reason given), one names a person, the fourth question follows
    # the second answer rather than the third, and its answer repeats the first.
    w = doc.root_cause.whys
    w[1].because = "Julián Ortiz let the limit keys it reads (prefix limits:) expire at 09:15"
    doc.root_cause.whys = [
        w[0], w[1], w[3], Why(question=w[2].question, because=w[0].because), Why(),
    ]
    # Action items: vague, a team as owner, too late for its priority, two the same, Training
    # that changes code.
    a = doc.actions
    a[0].action = "Investigate the feed"
    a[1].owner = "SRE team"
    a[2].due = doc.header.date + dt.timedelta(days=60)  # a P1: four weeks
    a[3].action = "Add an alert on NO_LIMIT rejects"
    a[2].action = "Add alerting for NO_LIMIT rejects"
    a[4].category = Category.TRAINING
    a[4].action = "Fix the cache key prefix in risk-gateway"
    # A password left in the pasted logs.
    doc.appendix.logs += "\n10:19:40.001 INFO  limits-loader login user=svc password=hunter22"
    return doc
