"""The key metrics: every definition missing, equal, across midnight and out of order."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.metrics import DEFINITIONS, metrics, order_problems, to_record
from postmortem_tui.core.model import Milestone, PostMortem


def incident(start: str | None = "09:00", **times: str | None) -> PostMortem:
    """A new document starting at `start`, its milestones timed by name (`alert_triggered=`)."""
    doc = PostMortem.new(when=dt.date(2025, 2, 28))
    doc.header.start_time = start
    for row in doc.timeline:
        if row.milestone is not None and row.milestone.value in times:
            row.time = times[row.milestone.value]
    return doc


KEYS = [d.key for d in DEFINITIONS]
MILESTONE_OF = {d.key: d.milestone.value for d in DEFINITIONS}


def test_definitions_are_rootlys() -> None:
    assert [(d.abbreviation, d.milestone) for d in DEFINITIONS] == [
        ("TTD", Milestone.ALERT_TRIGGERED),
        ("TTA", Milestone.ON_CALL_ACKNOWLEDGED),
        ("TTM", Milestone.MITIGATION_APPLIED),
        ("TTR", Milestone.SERVICE_RESTORED),
    ]


def test_demo_figures() -> None:
    got = metrics(demo_document(dt.date(2025, 3, 4)))
    assert [f.minutes for f in got.figures] == [3, 5, 64, 95]
    assert [f.text for f in got.figures] == ["3m", "5m", "1h 4m", "1h 35m"]
    assert got.phases() == [("Detect", 3), ("Acknowledge", 2), ("Mitigate", 59), ("Recover", 31)]


@pytest.mark.parametrize("key", KEYS)
def test_each_figure_from_the_first_symptom(key: str) -> None:
    doc = incident(first_symptom="09:05", **{MILESTONE_OF[key]: "09:47"})
    figure = metrics(doc)[key]
    assert figure.minutes == 42
    assert figure.text == "42m"
    assert not order_problems(doc)


@pytest.mark.parametrize("key", KEYS)
def test_missing_milestone_is_not_zero(key: str) -> None:
    doc = incident(first_symptom="09:05")
    figure = metrics(doc)[key]
    assert figure.minutes is None
    name = {"ttd": "alert triggered", "tta": "on-call acknowledged",
            "ttm": "mitigation applied", "ttr": "service restored"}[key]
    assert figure.text == f"n/a (no {name})"
    assert not order_problems(doc)


@pytest.mark.parametrize("key", KEYS)
def test_missing_first_symptom(key: str) -> None:
    doc = incident(**{MILESTONE_OF[key]: "09:30"})
    figure = metrics(doc)[key]
    assert figure.minutes is None
    assert figure.text == "n/a (no first symptom)"


def test_missing_row_altogether() -> None:
    doc = incident(first_symptom="09:05", alert_triggered="09:10")
    doc.timeline = [r for r in doc.timeline if r.milestone is not Milestone.ALERT_TRIGGERED]
    assert metrics(doc)["ttd"].text == "n/a (no alert triggered)"


@pytest.mark.parametrize("key", KEYS)
def test_equal_times_are_zero(key: str) -> None:
    doc = incident(first_symptom="09:05", **{MILESTONE_OF[key]: "09:05"})
    figure = metrics(doc)[key]
    assert figure.minutes == 0
    assert figure.text == "0m"
    assert not order_problems(doc)


@pytest.mark.parametrize("key", KEYS)
def test_across_midnight(key: str) -> None:
    doc = incident("23:40", first_symptom="23:50", **{MILESTONE_OF[key]: "00:10"})
    assert metrics(doc)[key].minutes == 20
    assert not order_problems(doc)


def test_first_symptom_before_the_start_and_after_midnight() -> None:
    # The first symptom often comes before the declared start; the rest runs past midnight.
    doc = incident("23:55", first_symptom="23:30", alert_triggered="23:58",
                   on_call_acknowledged="00:02", mitigation_applied="01:30",
                   service_restored="02:05")
    assert [f.minutes for f in metrics(doc).figures] == [28, 32, 120, 155]


def test_without_a_start_time_the_first_timed_row_anchors() -> None:
    doc = incident(None, first_symptom="23:50", alert_triggered="00:05")
    assert metrics(doc)["ttd"].minutes == 15


@pytest.mark.parametrize("key", KEYS)
def test_out_of_order_is_a_finding_not_a_number(key: str) -> None:
    doc = incident(first_symptom="09:30", **{MILESTONE_OF[key]: "09:20"})
    figure = metrics(doc)[key]
    assert figure.minutes is None
    assert figure.out_of_order
    assert figure.text == "n/a (milestones out of order)"
    problems = order_problems(doc)
    assert len(problems) == 1
    row = next(i for i, r in enumerate(doc.timeline) if r.milestone.value == MILESTONE_OF[key])
    assert problems[0].path == ("timeline", row, "time")
    assert "out of order" in problems[0].message
    assert "09:20" in problems[0].message and "09:30" in problems[0].message
    assert figure.definition.abbreviation in problems[0].message


def test_out_of_order_across_midnight() -> None:
    # 23:50 then a restore "at 23:40": read as ten minutes before, not 23h50m after.
    doc = incident("23:45", first_symptom="23:50", service_restored="23:40")
    assert metrics(doc).ttr.out_of_order
    assert len(order_problems(doc)) == 1


def test_first_milestone_row_with_a_time_counts() -> None:
    doc = incident(first_symptom="09:00", alert_triggered="09:04")
    extra = doc.timeline[1].model_copy(update={"time": dt.time(9, 9)})
    doc.timeline.insert(2, extra)
    assert metrics(doc)["ttd"].minutes == 4


def test_phases_never_negative_and_skip_unknown() -> None:
    # Acknowledged before the alert (someone saw it first): that phase is empty, not negative.
    doc = incident(first_symptom="09:00", alert_triggered="09:10",
                   on_call_acknowledged="09:06", service_restored="10:00")
    assert metrics(doc).phases() == [("Detect", 10), ("Acknowledge", 0), ("Recover", 50)]
    assert incident().header.start_time is not None
    assert metrics(incident()).phases() == []


def test_record_names_the_milestones_used() -> None:
    doc = incident(first_symptom="09:05", alert_triggered="09:09")
    record = to_record(metrics(doc))
    assert list(record) == KEYS
    assert record["ttd"] == {
        "name": "Time to Detect",
        "minutes": 4,
        "text": "4m",
        "from": {"milestone": "first_symptom", "time": "09:05"},
        "to": {"milestone": "alert_triggered", "time": "09:09"},
        "reason": None,
    }
    assert record["ttr"]["minutes"] is None
    assert record["ttr"]["reason"] == "no service restored"
    assert record["ttr"]["to"] == {"milestone": "service_restored", "time": None}


def test_check_blocks_on_milestones_out_of_order() -> None:
    from postmortem_tui.core.completeness import assess

    doc = demo_document(dt.date(2025, 3, 4))
    assert not [f for r in assess(doc) for f in r.findings if "out of order" in f.message]
    # First symptom 09:15 -> 09:19, after the alert at 09:18, and the two rows swapped.
    doc.timeline[0].time = dt.time(9, 19)
    doc.timeline[1], doc.timeline[0] = doc.timeline[0], doc.timeline[1]
    assert doc.timeline_is_chronological()
    timeline = next(r for r in assess(doc) if r.key == "timeline")
    found = [f for f in timeline.findings if f.message.startswith("Milestones out of order")]
    assert len(found) == 1 and found[0].blocking
    assert "TTD" in found[0].message
    assert found[0].path == ("timeline", 0, "time")
