"""A complete example post-mortem: a realistic trading incident with every section filled in.

Dates are relative to `today` so the example never looks stale: the incident happened on the
last trading day (Monday to Friday) at least three days ago; the action items and follow-ups are
due in the coming weeks. The language is blameless
throughout: systems and processes, with people only as actors and owners.
"""

from __future__ import annotations

import datetime as dt

from . import timeutil
from .model import (
    ActionItem,
    ActionStatus,
    Appendix,
    Author,
    Category,
    ContributingFactor,
    FollowUp,
    Header,
    HistoryEntry,
    Impact,
    Lessons,
    Link,
    Milestone,
    PostMortem,
    Priority,
    RelatedIncident,
    Resolution,
    Reviewer,
    RootCause,
    Severity,
    SignOff,
    Status,
    TimelineEvent,
    Why,
)

TITLE = "Equity orders rejected at market open after a risk-limit cache key change"

SUMMARY = (
    "For 95 minutes after the Colombian stock exchange opened, our trading platform rejected "
    "every equity order it received. A configuration change released the evening before moved "
    "where one system stores each account's trading limits, but the system that checks orders "
    "against those limits kept looking in the old place. When the old limits expired at 09:15, "
    "it could find no limits and, as designed, refused every order rather than risk an unchecked "
    "one. About 1,240 client orders could not be placed, an estimated 41,250 US dollars in "
    "revenue was lost, and no incorrect trades were made. Service was restored by undoing the "
    "change and reloading the limits; the team is now making the two systems share one setting "
    "and adding an alert that fires within a minute of orders being refused this way."
)

WHAT_HAPPENED = (
    "The pre-trade risk service (risk-gateway) checks every equity order against the account's "
    "position limits before the order gateway sends it to the exchange. It reads the limits from "
    "a Redis cache that the limits-loader job fills from the risk database every 60 seconds, "
    "under keys such as limits:ACC-10442. Each key is written with a 12-hour expiry as a "
    "safety net against stale limits.\n"
    "\n"
    "At 21:15 the evening before, release 2024.11.3 of limits-loader changed its key prefix from "
    "limits: to limits:v2: as the first step of a schema migration. From then on, the loader "
    "refreshed only the new keys. risk-gateway still read the old prefix and kept working on the "
    "keys written before the release until they expired, 12 hours later, at 09:15 - the opening "
    "auction of the BVC equity session.\n"
    "\n"
    "From 09:15 every lookup missed. risk-gateway is configured to fail closed (on_missing: "
    "reject), so it rejected each order with reason NO_LIMIT instead of letting it through "
    "unchecked. The order gateway stayed up and healthy, so the only visible symptom was the "
    "reject rate."
)

SNIPPET = """\
# limits-loader/config/production.yaml (release 2024.11.3)
cache:
  key_prefix: "limits:v2:"   # was "limits:"
  ttl_seconds: 43200         # 12 hours

# risk-gateway/config/production.yaml (unchanged)
limits_cache:
  key_prefix: "limits:"
  on_missing: reject         # fail closed: no limit, no order"""

WHY_IT_HAPPENED = (
    "The cache key prefix is a contract between two services, but it was configured separately "
    "in each of them, and nothing checked that they agreed. The release process treated the "
    "change as internal to limits-loader, and the 12-hour expiry delayed the failure until the "
    "next market open, long after the release had been verified."
)

WHYS = [
    (
        "Why did the order gateway reject every equity order from 09:15?",
        "the pre-trade risk service found no position limits for any account and, failing "
        "closed, rejected each order with reason NO_LIMIT",
    ),
    (
        "Why did the pre-trade risk service find no position limits?",
        "the limit keys it reads (prefix limits:) expired at 09:15 and had not been refreshed",
    ),
    (
        "Why had the limits: keys not been refreshed?",
        "since the previous evening's release, the limits loader wrote only to the new prefix "
        "limits:v2:",
    ),
    (
        "Why did the loader and the risk service use different prefixes?",
        "the prefix is set in two separate configuration files, and the release changed only "
        "the loader's",
    ),
    (
        "Why is the prefix set in two places, with nothing checking that they agree?",
        "the shared configuration library has no single definition of cache key names, and the "
        "release checklist has no step for services that read a changed key",
    ),
]

GAPS = [
    "No alert on NO_LIMIT rejects: the reject-rate alert only fires when more than 50% of orders "
    "are rejected for 3 minutes, and its runbook points at exchange connectivity",
    "No integration test runs limits-loader and risk-gateway together against one cache, so the "
    "prefix mismatch passed both services' test suites",
    "The release was verified the evening before, outside trading hours, when no orders flow and "
    "the old keys were still valid for another 12 hours",
]

FACTORS = [
    (
        "Limit keys expire 12 hours after they are written",
        "Every limit key has a 12-hour expiry as a safety net against stale limits.",
        "It delayed the failure from the 21:15 release to 09:15, the market open, when order "
        "volume is highest and the release was no longer on anyone's mind.",
    ),
    (
        "Fail-closed design with no last-known-good fallback",
        "risk-gateway rejects an order when it cannot find the account's limits, and keeps no "
        "copy of the limits it read before.",
        "Rejecting is the safe choice, but without a short-lived fallback a cache problem stops "
        "all trading at once instead of degrading gradually.",
    ),
    (
        "Alert tuned for venue outages, not for internal rejects",
        "The only alert on rejected orders watches the overall reject rate and links to the "
        "exchange connectivity runbook.",
        "The first 20 minutes of investigation went to the exchange link, which was healthy.",
    ),
]

IMMEDIATE_FIX = (
    "Rolled limits-loader back to release 2024.11.2, which writes the limits: keys again, and "
    "forced an immediate full reload instead of waiting for the 60-second cycle. risk-gateway "
    "found limits on its next lookup; after a canary order on an internal account was accepted, "
    "order flow was re-enabled for all clients at 10:28 and the reject rate was back to its "
    "normal level by 10:50."
)

COMMANDS = """\
kubectl -n trading rollout undo deployment/limits-loader --to-revision=41
kubectl -n trading rollout status deployment/limits-loader --timeout=120s
kubectl -n trading exec deploy/limits-loader -- limits-loader reload --all --wait
redis-cli -h risk-cache.trading.svc --scan --pattern 'limits:ACC-*' | wc -l
kubectl -n trading exec deploy/risk-gateway -- risk-gateway check-limits --account ACC-00001"""

VERIFICATION = [
    "The cache held a limits: key for each of the 3,812 active accounts, matching the risk "
    "database",
    "A canary order on the internal test account was accepted by risk-gateway and filled on the "
    "exchange",
    "The NO_LIMIT reject count stayed at zero and the overall reject rate stayed at its normal "
    "0.3% for the rest of the session",
]

LOGS = """\
2024-11-14 09:15:00.112 WARN  risk-gateway limits_cache miss key=limits:ACC-10442
2024-11-14 09:15:00.113 INFO  risk-gateway order REJECTED id=7731904 acct=ACC-10442 reason=NO_LIMIT
2024-11-14 09:15:00.287 WARN  risk-gateway limits_cache miss key=limits:ACC-20017
2024-11-14 09:15:00.288 INFO  risk-gateway order REJECTED id=7731905 acct=ACC-20017 reason=NO_LIMIT
2024-11-14 09:15:01.004 INFO  limits-loader refreshed 3812 keys prefix=limits:v2: in 412ms
2024-11-14 10:19:47.530 INFO  limits-loader refreshed 3812 keys prefix=limits: in 398ms
2024-11-14 10:20:02.341 INFO  risk-gateway order ACCEPTED id=7740118 acct=ACC-00001"""

CONFIG_BEFORE = """\
cache:
  key_prefix: "limits:v2:"
  ttl_seconds: 43200"""

CONFIG_AFTER = """\
cache:
  key_prefix: "limits:"   # back to the prefix risk-gateway reads
  ttl_seconds: 43200"""


def _at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _timeline() -> list[TimelineEvent]:
    """The nine milestones and the steps between them, in order (COT)."""
    m = Milestone
    rows: list[tuple[str, str, str, Milestone | None]] = [
        ("09:15", "First symptom occurred: every equity order rejected with NO_LIMIT", "System",
         m.FIRST_SYMPTOM),
        ("09:18", "Alert triggered: OrderRejectRateHigh", "Monitoring", m.ALERT_TRIGGERED),
        ("09:20", "On-call acknowledged", "Ana Restrepo (on-call SRE)", m.ON_CALL_ACKNOWLEDGED),
        ("09:23", "Initial investigation started on the exchange connectivity runbook",
         "Ana Restrepo (on-call SRE)", m.INVESTIGATION_STARTED),
        ("09:31", "Equities desk reports client orders refused; priority clients moved to "
         "voice trading", "Equities desk", None),
        ("09:38", "Incident declared P1; incident channel and status page opened",
         "Carlos Mejía (incident commander)", None),
        ("09:43", "Key discovery: risk-gateway logs show a cache miss for every limits: key",
         "Ana Restrepo (on-call SRE)", m.KEY_DISCOVERY),
        ("10:02", "Root cause identified: limits-loader writes limits:v2: keys since the "
         "21:15 release", "Julián Ortiz (risk platform)", m.ROOT_CAUSE_IDENTIFIED),
        ("10:19", "Mitigation applied: limits-loader rolled back and limits reloaded",
         "Julián Ortiz (risk platform)", m.MITIGATION_APPLIED),
        ("10:20", "Canary order on the internal test account accepted",
         "Ana Restrepo (on-call SRE)", None),
        ("10:28", "Order flow re-enabled for all clients", "Carlos Mejía (incident commander)",
         None),
        ("10:50", "Service restored: reject rate back to its normal level",
         "Monitoring", m.SERVICE_RESTORED),
        ("11:40", "Incident closed after the desk confirmed normal trading",
         "Carlos Mejía (incident commander)", m.INCIDENT_CLOSED),
    ]
    return [
        TimelineEvent(time=_at(time), event=event, actor=actor, milestone=milestone)
        for time, event, actor, milestone in rows
    ]


def _actions(today: dt.date) -> list[ActionItem]:
    def due(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    return [
        ActionItem(
            id=1,
            action="Define the limits cache key prefix once, in the shared configuration "
            "library, and read it in both limits-loader and risk-gateway",
            owner="Julián Ortiz",
            priority=Priority.P0,
            due=due(7),
            status=ActionStatus.IN_PROGRESS,
            category=Category.PREVENT_RECURRENCE,
        ),
        ActionItem(
            id=2,
            action="Page on-call when NO_LIMIT rejects exceed zero for one minute, linking to "
            "a new limits-cache runbook",
            owner="Ana Restrepo",
            priority=Priority.P0,
            due=due(4),
            status=ActionStatus.DONE,
            category=Category.IMPROVE_DETECTION,
        ),
        ActionItem(
            id=3,
            action="Keep the last known good limits in risk-gateway memory for up to 15 "
            "minutes when the cache misses",
            owner="Julián Ortiz",
            priority=Priority.P1,
            due=due(21),
            status=ActionStatus.OPEN,
            category=Category.REDUCE_IMPACT,
        ),
        ActionItem(
            id=4,
            action="Add a release checklist step for services that read a changed cache key, "
            "and a pre-open smoke order at 08:45 every trading day",
            owner="Carlos Mejía",
            priority=Priority.P1,
            due=due(14),
            status=ActionStatus.OPEN,
            category=Category.PROCESS_CHANGES,
        ),
        ActionItem(
            id=5,
            action="Walk the on-call rotation through the pre-trade risk data flow and the new "
            "runbook",
            owner="Ana Restrepo",
            priority=Priority.P2,
            due=due(30),
            status=ActionStatus.OPEN,
            category=Category.TRAINING,
        ),
    ]


def _root_cause() -> RootCause:
    return RootCause(
        what_happened=WHAT_HAPPENED,
        snippet=SNIPPET,
        snippet_language="yaml",
        why_it_happened=WHY_IT_HAPPENED,
        whys=[Why(question=q, because=b) for q, b in WHYS],
        gaps=GAPS,
    )


def _appendix(incident: dt.date) -> Appendix:
    grafana = "https://grafana.example.com/d/risk-gateway/pre-trade-risk"
    window = f"from={incident.isoformat()}T09:00:00-05:00&to={incident.isoformat()}T11:00:00-05:00"
    return Appendix(
        logs=LOGS.replace("2024-11-14", incident.isoformat()),
        metrics_note="Grafana, pre-trade risk dashboard, 09:00-11:00 COT on the incident day.",
        metrics_links=[
            Link(label="Dashboard", target=f"{grafana}?{window}"),
            Link(label="Error rate graph", target=f"{grafana}?viewPanel=4&{window}"),
            Link(label="Latency graph", target=f"{grafana}?viewPanel=7&{window}"),
        ],
        config_before=CONFIG_BEFORE,
        config_after=CONFIG_AFTER,
        config_language="yaml",
        related=[
            RelatedIncident(
                incident_id=f"INC-{(incident - dt.timedelta(days=118)).strftime('%Y%m%d')}-002",
                date=incident - dt.timedelta(days=118),
                similarity="Limits cache emptied by a Redis failover; the same fail-closed "
                "rejects, for 6 minutes",
            )
        ],
        references=[
            "Redis EXPIRE command: https://redis.io/docs/latest/commands/expire/",
            "Release checklist for the trading platform: "
            "https://wiki.example.com/trading/release-checklist",
            "Pull request restoring the key prefix: "
            "https://git.example.com/trading/limits-loader/pull/418",
        ],
    )


def _signoff(incident: dt.date, today: dt.date) -> SignOff:
    return SignOff(
        author=Author(
            name="Ana Restrepo",
            role="Site Reliability Engineer, trading platform",
            date_written=incident + dt.timedelta(days=1),
        ),
        reviewers=[
            Reviewer(name="Carlos Mejía", role="Head of trading technology",
                     date_reviewed=today - dt.timedelta(days=1), approved=True),
            Reviewer(name="Laura Gómez", role="Risk and compliance officer",
                     date_reviewed=today, approved=True),
        ],
        follow_ups=[
            FollowUp(date=today + dt.timedelta(days=14), review_type="Action items check",
                     owner="Carlos Mejía"),
            FollowUp(date=incident + dt.timedelta(days=30), review_type="30-day retrospective",
                     owner="Ana Restrepo"),
            FollowUp(date=incident + dt.timedelta(days=60), review_type="Final close-out",
                     owner="Carlos Mejía"),
        ],
    )


def demo_document(today: dt.date | None = None, incident_id: str = "") -> PostMortem:
    """The example post-mortem, its incident a few days before `today` (COT, by default)."""
    today = today or timeutil.today_cot()
    incident = today - dt.timedelta(days=3)
    while incident.weekday() >= 5:  # the exchange does not open at weekends
        incident -= dt.timedelta(days=1)
    return PostMortem(
        header=Header(
            title=TITLE,
            incident_id=incident_id,
            date=incident,
            start_time=_at("09:15"),
            end_time=_at("10:50"),
            severity=Severity.P1,
            status=Status.REVIEWED,
        ),
        summary=SUMMARY,
        impact=Impact(
            trading_downtime_minutes=95,
            missed_trades=1240,
            erroneous_trades=0,
            financial_amount="$41,250",
            financial_description="estimated commission and spread revenue lost on the missed "
            "client orders",
            users_affected="312 client accounts on the equities desk; order gateway and "
            "pre-trade risk service",
            data_loss="None",
            qualitative=[
                "Team confidence: the desk and on-call engineers now doubt that a release "
                "verified the evening before is safe at the next open",
                "Stakeholder trust: three institutional clients asked for a written explanation "
                "of why their orders were refused",
                "Compliance: the rejects were correct risk behaviour, but the outage during the "
                "opening auction is reported to the exchange and the regulator within 24 hours",
            ],
        ),
        timeline=_timeline(),
        root_cause=_root_cause(),
        factors=[
            ContributingFactor(title=t, description=d, contribution=c) for t, d, c in FACTORS
        ],
        resolution=Resolution(
            immediate_fix=IMMEDIATE_FIX, commands=COMMANDS, verification=VERIFICATION
        ),
        actions=_actions(today),
        lessons=Lessons(
            went_well=[
                "Fail-closed risk checks worked as designed: no order reached the exchange "
                "without a limit check, and there were no erroneous trades",
                "The rollback of limits-loader took under two minutes and worked as documented",
                "The desk moved priority clients to voice trading within 16 minutes of the first "
                "symptom",
            ],
            could_improve=[
                "The reject-rate alert pointed at exchange connectivity, which cost 20 minutes "
                "of investigation",
                "The incident was declared P1 23 minutes after the alert; the severity guide "
                "has no example for internal rejects",
                "The release was verified outside trading hours, when the failure could not "
                "show yet",
            ],
            do_differently=[
                "Treat cache key names as contracts shared by every service that reads them",
                "Verify releases that touch the order path with a smoke order before the "
                "next open",
                "Alert on the reason for rejects, not only on their rate",
            ],
        ),
        appendix=_appendix(incident),
        signoff=_signoff(incident, today),
        history=[
            HistoryEntry(version="0.1", date=incident + dt.timedelta(days=1),
                         author="Ana Restrepo", changes="Initial draft"),
            HistoryEntry(version="0.2", date=today - dt.timedelta(days=1),
                         author="Ana Restrepo", changes="Added root cause analysis"),
            HistoryEntry(version="1.0", date=today, author="Carlos Mejía",
                         changes="Final version after review"),
        ],
    )
