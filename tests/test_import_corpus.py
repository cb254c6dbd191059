"""Hand-written post-mortems (not made by the export) imported with the expected values.

Each document has the variations a person makes: `*` or `-` bullets, ragged tables with
alignment colons, escaped pipes, HTML entities, `~~~` and long fences, durations as `1h 35m`
or `95 min`, headings with trailing spaces, labels as `**Label:**`, setext headings, CRLF line
endings, the seed template's placeholders left in; and what cannot be mapped (an extra section,
a row with the wrong number of cells) reported with its line and kept.
"""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.markdown_import import NotAPostMortem, import_markdown
from postmortem_tui.core.model import (
    ActionStatus,
    Category,
    Milestone,
    Priority,
    Severity,
    Status,
)

# --- 1: the template filled in by hand, ragged ---------------------------------------------

RAGGED = """\
# Post-Mortem: FIX gateway dropped client sessions during the London open@SP@

**Incident ID:** INC-20250304-002
**Date:** March 4, 2025
**Duration:** 9:15 – 10:50 COT (95 min)
**Severity:** P1 - Major
**Status:** Draft

---

## Executive Summary@SP@

At the London open the FIX gateway dropped every client session twice in ten minutes.
Orders sent during the gaps were rejected; service came back after a config rollback.

## Impact

### Quantitative Impact

|Metric|Value|
|:--|--:|
|Trading Downtime|1h 35m|
|Missed Trades|1,843 trades|
|Erroneous Trades|none|
|Financial Impact|$41,250 / estimated lost commissions|
|Users/Systems Affected|42 clients &amp; the FIX gateway|
|Data Loss|None|

### Qualitative Impact

* Desk confidence dropped: traders moved to voice
* Two clients asked for a written explanation

## Timeline (All Times in COT - Colombia Time)

| Time | Event | Actor |
|---|---|---|
| 9:15 | First symptom occurred: sessions dropped | System |
| 9:18 | Alert fired: FixSessionsDown | Monitoring |
| 09:20 | On-call acknowledged | Ana |
| 09:31 | Gateway logs show `heartbeat_interval` of 5s \\| expected 30s | Ana |
| 10:19 | Mitigated: config rolled back | Julián |
| 10:50 | Service restored | Monitoring |
| 11:40 | Incident closed | Carlos | an extra cell |
| 11:45 | Notes sent |

## Root Cause Analysis

### What Happened?

The gateway's heartbeat interval was lowered from 30 s to 5 s by a config change.

~~~yaml
heartbeat_interval: 5   # was 30
~~~

### Why Did It Happen?

The change was meant for the test environment only.

**5 Whys Analysis:**

1. **Why did the sessions drop?**
   - Because the clients missed heartbeats.

2. **Why did they miss heartbeats?**
   - Because the interval was 5 s, shorter than their timeout.

### Why Wasn't It Caught Earlier?

- No alert on heartbeat failures
- The config diff was not reviewed

## Contributing Factors

1. **Shared config file**
   - Description: test and production read the same file
   - Contribution: the test change reached production

## Resolution

### Immediate Fix

Rolled the config back and restarted the gateway.

````bash
kubectl rollout undo deployment/fix-gateway
````

### Verification

- Sessions stayed up for an hour

## Action Items

| ID | Action | Owner | Priority | Due Date | Status |
|----|--------|-------|----------|----------|--------|
| 1 | Split the config per environment (Prevent Recurrence) | Julián | P0 | 2025-03-11 | WIP@LONG@
| 2 | Alert on heartbeat failures (Improve Detection) | Ana | P1 | 2025-03-18 | open |

## Customer Communication

We emailed every affected client at 11:00.

## Lessons Learned

### What Went Well

- The rollback took two minutes

### What Could Be Improved

- Config changes need review

### What We Will Do Differently

- Review every production config change

## Appendix

### B. Metrics and Graphs

- Dashboard: https://grafana.example.com/d/fix

### E. External References

- [FIX heartbeat spec](https://fixtrading.org/hb)

## Sign-off

### Post-Mortem Author

| Field | Value |
|-------|-------|
| Name | Ana Restrepo |
| Role | SRE |
| Date Written | 2025-03-05 |

## Document History

| Version | Date | Author | Changes |
|---------|------|--------|---------|
| 0.1 | 2025-03-05 | Ana Restrepo | Initial draft |
""".replace("@SP@", "   ").replace("WIP@LONG@", "In Progress |")  # spaces ending headings


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` where `needle` first appears."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def test_ragged_template() -> None:
    result = import_markdown(RAGGED)
    doc = result.doc
    h = doc.header
    assert h.title == "FIX gateway dropped client sessions during the London open"
    assert h.incident_id == "INC-20250304-002"
    assert h.date == dt.date(2025, 3, 4)
    assert (h.start_time, h.end_time) == (dt.time(9, 15), dt.time(10, 50))
    assert (h.severity, h.status) == (Severity.P1, Status.DRAFT)
    assert doc.summary.startswith("At the London open the FIX gateway dropped every client "
                                  "session twice in ten minutes. Orders sent")  # wrapped lines
    im = doc.impact
    assert (im.trading_downtime_minutes, im.missed_trades, im.erroneous_trades) == (95, 1843, 0)
    assert (im.financial_amount, im.financial_description) == (
        "$41,250", "estimated lost commissions")
    assert im.users_affected == "42 clients & the FIX gateway"
    assert im.qualitative == ["Desk confidence dropped: traders moved to voice",
                              "Two clients asked for a written explanation"]
    rows = doc.timeline
    assert [r.time for r in rows[:2]] == [dt.time(9, 15), dt.time(9, 18)]
    assert [r.milestone for r in rows] == [
        Milestone.FIRST_SYMPTOM, Milestone.ALERT_TRIGGERED, Milestone.ON_CALL_ACKNOWLEDGED,
        None, Milestone.MITIGATION_APPLIED, Milestone.SERVICE_RESTORED,
        Milestone.INCIDENT_CLOSED, None,
    ]
    assert rows[3].event == "Gateway logs show `heartbeat_interval` of 5s | expected 30s"
    assert rows[6].event == "Incident closed\nan extra cell"  # kept in the row
    assert (rows[7].event, rows[7].actor) == ("Notes sent", "")
    rc = doc.root_cause
    assert (rc.snippet, rc.snippet_language) == ("heartbeat_interval: 5   # was 30", "yaml")
    assert [(w.question, w.because) for w in rc.whys[:2]] == [
        ("Why did the sessions drop?", "the clients missed heartbeats."),
        ("Why did they miss heartbeats?", "the interval was 5 s, shorter than their timeout."),
    ]
    assert rc.gaps == ["No alert on heartbeat failures", "The config diff was not reviewed"]
    assert doc.factors[0].contribution == "the test change reached production"
    assert doc.resolution.commands == "kubectl rollout undo deployment/fix-gateway"
    a1, a2 = doc.actions
    assert (a1.action, a1.category, a1.status) == (
        "Split the config per environment", Category.PREVENT_RECURRENCE, ActionStatus.IN_PROGRESS)
    assert (a2.priority, a2.due, a2.status) == (Priority.P1, dt.date(2025, 3, 18),
                                                ActionStatus.OPEN)
    assert [(link.label, link.target) for link in doc.appendix.metrics_links] == [
        ("Dashboard", "https://grafana.example.com/d/fix")]
    assert doc.signoff.author.date_written == dt.date(2025, 3, 5)
    assert doc.history[0].changes == "Initial draft"
    # What had no place is kept and reported, with its line.
    assert doc.appendix.references[-1] == (
        "Customer Communication\nWe emailed every affected client at 11:00.")
    found = {(f.line, f.kind) for f in result.findings}
    assert found == {
        (line_of(RAGGED, "| 11:40 |"), "cells"),
        (line_of(RAGGED, "| 11:45 |"), "cells"),
        (line_of(RAGGED, "## Customer Communication"), "kept"),
    }


# --- 2: the seed template with its placeholders left in ---------------------------------------

SEED = """\
# Post-Mortem: {INCIDENT_TITLE}

**Incident ID**: INC-{YYYYMMDD}-{NNN}
**Date**: 2025-03-04
**Duration**: {START_TIME} - {END_TIME} ({DURATION})
**Severity**: P{0-3}
**Status**: {Draft | Reviewed | Closed}

---

## Executive Summary

Quotes from the FX venue stopped for 12 minutes after a certificate expired.

---

## Impact

### Quantitative Impact

| Metric | Value |
|--------|-------|
| Trading Downtime | 12 minutes |
| Missed Trades | {N} trades |
| Erroneous Trades | {N} trades |
| Financial Impact | ${amount} / {description} |
| Users/Systems Affected | {description} |
| Data Loss | {None / description} |

### Qualitative Impact

- {Impact on team confidence/morale}
- {Impact on stakeholder trust}
- {Compliance implications, if any}

---

## Timeline (All Times in COT - Colombia Time)

| Time | Event | Actor |
|------|-------|-------|
| 08:02 | First symptom occurred | System |
| {HH:MM} | Alert triggered | Monitoring |
| {HH:MM} | On-call acknowledged | {Name} |
| {HH:MM} | {Key discovery or action} | {Name} |

---

## Root Cause Analysis

### What Happened?

@DETAILED@

```
{Include relevant code snippets, configurations, or commands if helpful}
```

### Why Did It Happen?

{Analysis of the underlying causes. Use the "5 Whys" technique if appropriate.}

**5 Whys Analysis:**

1. **Why did {symptom} occur?**
   - Because {cause 1}

2. **Why did the certificate expire unnoticed?**
   - Because {cause 2}

---

## Resolution

### Immediate Fix

{What was done to restore service?}

```bash
# Commands or steps taken
{command 1}
{command 2}
```

---

## Action Items

| ID | Action | Owner | Priority | Due Date | Status |
|----|--------|-------|----------|----------|--------|
| 1 | {Prevent recurrence action} | {Name} | P{0-2} | {YYYY-MM-DD} | {Open/In Progress/Done} |
| 2 | Alert 30 days before a certificate expires | Ana | P1 | 2025-03-20 | Open |

---

## Sign-off

### Reviewers

| Name | Role | Date Reviewed | Approved |
|------|------|---------------|----------|
| {Name} | {Role} | {YYYY-MM-DD} | Yes/No |
""".replace("@DETAILED@", "{Detailed technical explanation of what went wrong. Be specific "
            "about the sequence of events and the technical components involved.}")


def test_seed_template_placeholders_are_empty_and_reported() -> None:
    result = import_markdown(SEED)
    doc = result.doc
    h = doc.header
    assert (h.title, h.incident_id, h.start_time, h.severity) == ("", "", None, None)
    assert h.date == dt.date(2025, 3, 4) and h.status is Status.DRAFT
    assert doc.summary.startswith("Quotes from the FX venue")
    im = doc.impact
    assert im.trading_downtime_minutes == 12 and im.missed_trades is None
    assert (im.financial_amount, im.financial_description, im.users_affected) == ("", "", "")
    assert im.qualitative == []
    assert [(r.time, r.event, r.actor) for r in doc.timeline] == [
        (dt.time(8, 2), "First symptom occurred", "System"),
        (None, "Alert triggered", "Monitoring"),
        (None, "On-call acknowledged", ""),
        (None, "", ""),
    ]
    rc = doc.root_cause
    assert (rc.what_happened, rc.snippet, rc.why_it_happened) == ("", "", "")
    assert [(w.question, w.because) for w in rc.whys[:2]] == [
        ("", ""), ("Why did the certificate expire unnoticed?", "")]
    assert (doc.resolution.immediate_fix, doc.resolution.commands) == ("", "")
    first, second = doc.actions
    assert (first.action, first.owner, first.priority, first.due) == ("", "", None, None)
    assert second.action == "Alert 30 days before a certificate expires"
    reviewer = doc.signoff.reviewers[0]
    assert (reviewer.name, reviewer.approved) == ("", None)
    placeholders = {(f.line, f.message.split("'")[1]) for f in result.findings
                    if f.kind == "placeholder"}
    assert (1, "{INCIDENT_TITLE}") in placeholders
    assert (line_of(SEED, "**Severity**"), "P{0-3}") in placeholders
    assert (line_of(SEED, "| Missed Trades |"), "{N} trades") in placeholders
    assert (line_of(SEED, "{command 1}"), "{command 1}") in placeholders
    assert (line_of(SEED, "| {Name} | {Role}"), "{Name}") in placeholders
    missing = {f.message for f in result.findings if f.kind == "missing"}
    assert any("Lessons Learned" in m for m in missing)  # not in the file: a new draft's


# --- 3: by hand, loosely: setext headings, lists for tables, CRLF ---------------------------

LOOSE = """\
Postmortem: Risk limits not loaded at the open
==============================================

- **Incident ID:** inc-20250310-001
- **Date:** 10 March 2025
- **Start time:** 9:30 am
- **Duration:** 1h 5m
- **Severity:** Sev 0
- **Status:** reviewed
- **Incident commander:** Carlos Mejía

Summary
-------

Limits were not loaded, so every order was refused for an hour.

## Impact

- Trading downtime: 65 minutes
- Missed trades: ~1,200 orders
- Financial impact: USD 1,200 (estimated)
- Customer trust took a hit

## Timeline

- **09:30** – First symptom: orders refused
- 09:34 Alert fired
- 10:35 - Service restored

## Root cause

The loader job crashed on a malformed row.

1. Why were orders refused? Because no limits were loaded.
2. **Why were no limits loaded?** The loader crashed.

## Contributing Factors

- **No input validation**: one bad row stops the whole load
- Monitoring gap: the job's failure raised no alert

## Lessons Learned

**What went well:**

- The desk switched to voice quickly

**What could be improved:**

- Loader failures should page

## Appendix

### Configuration Changes

Before:

```ini
strict = true
```

After:

```ini
strict = false
```

### Metrics

- [Grafana: risk](https://grafana.example.com/d/risk)

## Sign off

### Reviewers

| Name | Role | Date | Approved |
|:-----|:----:|-----:|:--------:|
| Laura Gómez | Risk | 2025-03-12 | ✅ |
| Carlos Mejía | Head of trading | 2025-03-12 | pending |

## History

| Version | Date | Author | Changes |
|--|--|--|--|
| v0.1 | 2025-03-11 | Ana | First draft |
| v1.0 | 2025-03-12 | Carlos | Reviewed |
""".replace("\n", "\r\n")


def test_loose_hand_written_document_with_crlf() -> None:
    result = import_markdown(LOOSE)
    doc = result.doc
    h = doc.header
    assert h.title == "Risk limits not loaded at the open"
    assert (h.incident_id, h.date) == ("INC-20250310-001", dt.date(2025, 3, 10))
    assert (h.start_time, h.end_time) == (dt.time(9, 30), dt.time(10, 35))  # start + 1h 5m
    assert (h.severity, h.status) == (Severity.P0, Status.REVIEWED)
    assert doc.summary == "Limits were not loaded, so every order was refused for an hour."
    im = doc.impact
    assert (im.trading_downtime_minutes, im.missed_trades) == (65, 1200)
    assert (im.financial_amount, im.financial_description) == ("USD 1,200", "estimated")
    assert im.qualitative == ["Customer trust took a hit"]
    assert [(r.time, r.event, r.milestone) for r in doc.timeline] == [
        (dt.time(9, 30), "First symptom: orders refused", Milestone.FIRST_SYMPTOM),
        (dt.time(9, 34), "Alert fired", Milestone.ALERT_TRIGGERED),
        (dt.time(10, 35), "Service restored", Milestone.SERVICE_RESTORED),
    ]
    rc = doc.root_cause
    assert rc.what_happened == "The loader job crashed on a malformed row."
    assert [(w.question, w.because) for w in rc.whys[:2]] == [
        ("Why were orders refused?", "no limits were loaded."),
        ("Why were no limits loaded?", "The loader crashed."),
    ]
    assert [(f.title, f.description) for f in doc.factors] == [
        ("No input validation", "one bad row stops the whole load"),
        ("Monitoring gap", "the job's failure raised no alert"),
    ]
    ll = doc.lessons
    assert (ll.went_well, ll.could_improve) == (["The desk switched to voice quickly"],
                                                ["Loader failures should page"])
    ap = doc.appendix
    assert (ap.config_before, ap.config_after, ap.config_language) == (
        "strict = true", "strict = false", "ini")
    assert [(link.label, link.target) for link in ap.metrics_links] == [
        ("Grafana: risk", "https://grafana.example.com/d/risk")]
    assert [(r.name, r.approved) for r in doc.signoff.reviewers] == [
        ("Laura Gómez", True), ("Carlos Mejía", None)]
    assert [h.version for h in doc.history] == ["0.1", "1.0"]
    # The label the template has no place for is kept, with its line (CRLF counts one).
    kept = [f for f in result.findings if f.kind == "kept"]
    assert [f.line for f in kept] == [line_of(LOOSE, "Incident commander")]
    assert "Incident commander" in ap.references[-1]


# --- 4: tables by hand: columns in another order, a category column, <br> in a cell ----------

TABLES = """\
# Post-Mortem: Settlement file sent twice

| Field | Value |
|---|---|
| Incident ID | INC-20250401-003 |
| Date | 2025-04-01 |
| Duration | 23:40 - 00:25 (+1 day) (45m) |
| Severity | P2 |
| Status | Draft |

## Executive Summary

The nightly settlement file went to the clearing house twice.

## Timeline (All Times in COT - Colombia Time)

| Time | Actor | Event | Notes |
|------|-------|-------|-------|
| 23:40 | Scheduler | First symptom occurred: second upload | retry after a timeout |
| 00:05 (+1 day) | Clearing house | Alert triggered: duplicate file | |
| 00:25 | Ops | Incident closed | |

## Action Items

| # | Action | Owner | Priority | Due | Status | Category |
|---|--------|-------|----------|-----|--------|----------|
| AI-1 | Make the upload idempotent<br>and log the file hash | Ops &lt;team&gt; | @AI1@
| AI-2 | Runbook: how to recall a file | Ana | P2 | 2025-04-30 | todo | Process Changes |
| AI-3 | Teach the on-call | Ana | P2 | 2025-05-15 | done | training |

## Appendix

### D. Related Incidents

| Incident ID | Date | Similarity |
|---|---|---|
| INC-20241102-001 | 2024-11-02 | Same retry \\| other file |

## Sign-off

### Follow-up Schedule

| Date | Review Type | Owner |
|------|-------------|-------|
| 2025-04-15 | Action items check | Carlos |
""".replace("@AI1@", "High | Apr 20, 2025 | WIP | prevention |")


def test_tables_by_hand() -> None:
    result = import_markdown(TABLES)
    doc = result.doc
    h = doc.header
    assert (h.incident_id, h.start_time, h.end_time) == (
        "INC-20250401-003", dt.time(23, 40), dt.time(0, 25))
    assert h.duration == "45m" and h.severity is Severity.P2
    rows = doc.timeline
    assert [(r.actor, r.event) for r in rows[:2]] == [
        ("Scheduler", "First symptom occurred: second upload\nNotes: retry after a timeout"),
        ("Clearing house", "Alert triggered: duplicate file"),
    ]
    assert doc.timeline_is_chronological()  # 00:05 is the next day
    a1, a2, a3 = doc.actions
    assert (a1.id, a1.action, a1.owner) == (
        1, "Make the upload idempotent\nand log the file hash", "Ops <team>")
    assert (a1.priority, a1.due, a1.status, a1.category) == (
        Priority.P1, dt.date(2025, 4, 20), ActionStatus.IN_PROGRESS,
        Category.PREVENT_RECURRENCE)
    assert (a2.status, a2.category) == (ActionStatus.OPEN, Category.PROCESS_CHANGES)
    assert (a3.status, a3.category) == (ActionStatus.DONE, Category.TRAINING)
    related = doc.appendix.related[0]
    assert (related.incident_id, related.similarity) == ("INC-20241102-001",
                                                         "Same retry | other file")
    assert doc.signoff.follow_ups[0].review_type == "Action items check"
    assert not [f for f in result.findings if f.kind not in ("missing",)]


# --- 5: an export a reviewer edited on GitHub ----------------------------------------------


def test_an_edited_export() -> None:
    from postmortem_tui.core.demo import demo_document

    draft = demo_document(dt.date(2025, 3, 4))
    edited = (
        to_markdown(draft)
        .replace("| 1,240 trades ", "| 1,250 trades ")
        .replace("- The rollback of limits-loader took under two minutes and worked as "
                 "documented", "* The rollback took under two minutes")
        .replace("### What Could Be Improved", "### What Could Be Improved   ")
    )
    doc = import_markdown(edited).doc
    assert doc.impact.missed_trades == 1250
    assert doc.lessons.went_well[1] == "The rollback took under two minutes"
    assert doc.lessons.could_improve == draft.lessons.could_improve
    assert doc.root_cause.whys == draft.root_cause.whys
    assert doc.timeline == [row.model_copy() for row in draft.sorted_timeline()]


# --- not a post-mortem -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "", "hello\n", "# README\n\nInstall with pip.\n\n## Usage\n\nRun it.\n",
    "\x00\x01binary", "## Summary\n\nOnly one section.\n",
])
def test_not_a_post_mortem(text: str) -> None:
    with pytest.raises(NotAPostMortem):
        import_markdown(text)
