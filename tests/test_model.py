"""The document model: validation messages as both UIs show them, durations, timeline order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic_core import ValidationError

from postmortem_tui.core.model import (
    ActionItem,
    ActionStatus,
    Category,
    Header,
    HistoryEntry,
    Impact,
    Milestone,
    PostMortem,
    Priority,
    RelatedIncident,
    RootCause,
    Severity,
    Status,
    TimelineEvent,
    Why,
    error_message,
    next_why_question,
)
from postmortem_tui.core.record import Record
from postmortem_tui.core.timeutil import format_hhmm, format_minutes, minutes_between
from postmortem_tui.core.validators import parse_money


def refused(part: Record, name: str, value: Any) -> str:
    """Assign like a UI does; return the message shown, and check the old value survived."""
    before = getattr(part, name)
    with pytest.raises(ValidationError) as info:
        setattr(part, name, value)
    assert getattr(part, name) == before
    return error_message(info.value)


# --- times, dates, IDs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9.15", 'Start time must be HH:MM (24-hour), got "9.15"'),
        ("9:5", 'Start time must be HH:MM (24-hour), got "9:5"'),
        ("24:00", 'Start time must be HH:MM (24-hour), got "24:00"'),
        ("12:60", 'Start time must be HH:MM (24-hour), got "12:60"'),
        ("noon", 'Start time must be HH:MM (24-hour), got "noon"'),
    ],
)
def test_start_time_messages(value: str, message: str) -> None:
    assert refused(Header(), "start_time", value) == message


@pytest.mark.parametrize("typed", ["9:15", "09:15", "0915"])
def test_short_forms_a_tired_person_types_are_accepted(typed: str) -> None:
    h = Header()
    h.start_time = typed  # type: ignore[assignment]
    assert h.start_time == dt.time(9, 15)


@pytest.mark.parametrize("value", ["1,2", "12,34", "1,2345", "١٢"])
def test_counts_refuse_misplaced_separators_and_other_digits(value: str) -> None:
    assert "must be a whole number" in refused(Impact(), "missed_trades", value)


def test_counts_take_thousands_separators() -> None:
    i = Impact()
    i.missed_trades = "1,240"  # type: ignore[assignment]
    assert i.missed_trades == 1240


def test_end_time_names_its_field() -> None:
    assert refused(Header(), "end_time", "25:00") == 'End time must be HH:MM (24-hour), got "25:00"'


def test_times_accepted_and_cleared() -> None:
    h = Header(start_time=" 09:05 ")  # type: ignore[arg-type]
    assert h.start_time == dt.time(9, 5)
    h.start_time = ""  # type: ignore[assignment]
    assert h.start_time is None
    h.end_time = "23:59"  # type: ignore[assignment]
    assert format_hhmm(h.end_time) == "23:59"


def test_long_bad_value_is_shortened_in_the_message() -> None:
    message = refused(TimelineEvent(), "time", "x" * 100)
    assert message == f'Time must be HH:MM (24-hour), got "{"x" * 39}…"'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("03/03/2025", 'Date must be a date as YYYY-MM-DD, got "03/03/2025"'),
        ("2025-3-3", 'Date must be a date as YYYY-MM-DD, got "2025-3-3"'),
        ("2025-02-30", 'Date is not a real date: "2025-02-30"'),
    ],
)
def test_date_messages(value: str, message: str) -> None:
    assert refused(Header(), "date", value) == message


def test_due_date_message_names_the_field() -> None:
    message = refused(ActionItem(), "due", "tomorrow")
    assert message == 'Due date must be a date as YYYY-MM-DD, got "tomorrow"'


def test_dates_accepted() -> None:
    h = Header(date="2024-02-29")  # type: ignore[arg-type]
    assert h.date == dt.date(2024, 2, 29)
    h.date = ""  # type: ignore[assignment]
    assert h.date is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("INC-2025-1", 'Incident ID must look like INC-YYYYMMDD-NNN, got "INC-2025-1"'),
        ("INC-20250303-01", 'Incident ID must look like INC-YYYYMMDD-NNN, got "INC-20250303-01"'),
        ("INC-20250230-001", 'Incident ID has no real date in it: "INC-20250230-001"'),
    ],
)
def test_incident_id_messages(value: str, message: str) -> None:
    assert refused(Header(), "incident_id", value) == message


def test_incident_id_normalised() -> None:
    assert Header(incident_id=" inc-20250303-007 ").incident_id == "INC-20250303-007"
    assert Header(incident_id="").incident_id == ""


def test_related_incident_id_has_its_own_label() -> None:
    message = refused(RelatedIncident(), "incident_id", "INC-1")
    assert message == 'Related incident ID must look like INC-YYYYMMDD-NNN, got "INC-1"'


# --- counts, money, choices -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("missed_trades", "-3", "Missed trades cannot be negative, got -3"),
        ("missed_trades", -3, "Missed trades cannot be negative, got -3"),
        (
            "erroneous_trades",
            "many",
            'Erroneous trades must be a whole number (0 or more), got "many"',
        ),
        (
            "erroneous_trades",
            "1.5",
            'Erroneous trades must be a whole number (0 or more), got "1.5"',
        ),
        (
            "trading_downtime_minutes",
            True,
            "Trading downtime (minutes) must be a whole number, got True",
        ),
    ],
)
def test_count_messages(name: str, value: Any, message: str) -> None:
    assert refused(Impact(), name, value) == message


def test_counts_accepted() -> None:
    im = Impact(missed_trades="1,200", erroneous_trades=" 0 ")  # type: ignore[arg-type]
    assert (im.missed_trades, im.erroneous_trades) == (1200, 0)
    im.missed_trades = ""  # type: ignore[assignment]
    assert im.missed_trades is None


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("$41,250", "USD", Decimal("41250")),
        ("41250.50", "USD", Decimal("41250.50")),
        ("USD 1,200", "USD", Decimal("1200")),
        ("COP 168.000.000", "COP", Decimal("168000000")),
        ("€1.200,50", "EUR", Decimal("1200.50")),
        ("0", "USD", Decimal("0")),
        ("1.200", "USD", Decimal("1200")),  # one separator + three digits: thousands
    ],
)
def test_money_parsed(text: str, currency: str, amount: Decimal) -> None:
    assert parse_money(text) == (currency, amount)
    assert Impact(financial_amount=text).financial_amount == text  # kept as typed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "lots",
            "Financial impact amount must be an amount such as $41,250, 41250.50 or "
            'COP 168.000.000, got "lots"',
        ),
        ("1,2,3", None),
        ("$-5", 'Financial impact amount cannot be negative, got "$-5"'),
    ],
)
def test_money_messages(value: str, message: str | None) -> None:
    shown = refused(Impact(), "financial_amount", value)
    if message is not None:
        assert shown == message
    else:
        assert shown.startswith("Financial impact amount must be an amount")


def test_choices_accept_any_case_and_refuse_with_the_list() -> None:
    h = Header(severity="p1", status="closed")  # type: ignore[arg-type]
    assert (h.severity, h.status) == (Severity.P1, Status.CLOSED)
    assert refused(h, "severity", "P4") == 'Severity must be one of P0, P1, P2, P3, got "P4"'
    assert (
        refused(h, "status", "Done") == 'Status must be one of Draft, Reviewed, Closed, got "Done"'
    )
    h.severity = ""  # type: ignore[assignment]
    assert h.severity is None


def test_action_item_choices() -> None:
    a = ActionItem(priority="p0", status="in progress", category="training")  # type: ignore[arg-type]
    assert (a.priority, a.status, a.category) == (
        Priority.P0,
        ActionStatus.IN_PROGRESS,
        Category.TRAINING,
    )
    assert refused(a, "priority", "P3") == 'Priority must be one of P0, P1, P2, got "P3"'
    assert refused(a, "status", "") == 'Status must be one of Open, In Progress, Done, got ""'
    assert refused(a, "category", "Misc").startswith("Category must be one of Prevent Recurrence")


def test_language_and_version_messages() -> None:
    assert refused(RootCause(), "snippet_language", "two words") == (
        'Snippet language must be one word such as bash, yaml or text, got "two words"'
    )
    assert RootCause(snippet_language="").snippet_language == "text"
    assert refused(HistoryEntry(), "version", "v1") == 'Version must look like 0.1 or 1.0, got "v1"'
    assert HistoryEntry(version="1.10").version == "1.10"


def test_message_of_a_structural_error_names_where() -> None:
    with pytest.raises(ValidationError) as info:
        PostMortem.model_validate({"header": {"title": 3}})
    assert error_message(info.value).startswith("header > title: ")


def test_unknown_keys_refused() -> None:
    with pytest.raises(ValidationError) as info:
        PostMortem.model_validate({"headr": {}})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_lone_surrogates_become_replacement_characters() -> None:
    doc = PostMortem(summary="a\ud800b")
    assert doc.summary == "a\ufffdb"
    doc.impact.qualitative = ["\udfff"]
    assert doc.impact.qualitative == ["\ufffd"]
    doc.summary = "ok \x1b[31m\r\n😀"  # everything else is kept exactly
    assert doc.summary == "ok \x1b[31m\r\n😀"


# --- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "minutes", "text", "crosses"),
    [
        ("09:15", "10:50", 95, "1h 35m", False),
        ("09:15", "09:45", 30, "30m", False),
        ("08:00", "10:00", 120, "2h", False),
        ("23:30", "01:15", 105, "1h 45m", True),
        ("23:59", "00:00", 1, "1m", True),
        ("10:00", "10:00", 0, "0m", False),
        ("10:00", "09:59", 1439, "23h 59m", True),
    ],
)
def test_duration(start: str, end: str, minutes: int, text: str, crosses: bool) -> None:
    h = Header(start_time=start, end_time=end)  # type: ignore[arg-type]
    assert h.duration_minutes == minutes
    assert h.duration == text
    assert h.crosses_midnight is crosses


def test_duration_unknown_without_both_times() -> None:
    h = Header(start_time="09:00")  # type: ignore[arg-type]
    assert (h.duration_minutes, h.duration) == (None, "")


def test_format_minutes() -> None:
    assert [format_minutes(m) for m in (0, 5, 60, 61, 1440, 1505)] == [
        "0m",
        "5m",
        "1h",
        "1h 1m",
        "1d",
        "1d 1h 5m",
    ]
    assert minutes_between(dt.time(23, 0), dt.time(1, 0)) == 120


# --- timeline -------------------------------------------------------------------------------


def timeline(start: str | None, *times: str | None) -> PostMortem:
    doc = PostMortem(header=Header(start_time=start))  # type: ignore[arg-type]
    doc.timeline = [TimelineEvent(time=t, event=f"e{i}") for i, t in enumerate(times)]  # type: ignore[arg-type]
    return doc


def test_timeline_across_midnight_is_chronological() -> None:
    doc = timeline("23:30", "23:30", "23:55", "00:10", "01:40")
    assert doc.timeline_offsets() == [0, 25, 40, 130]
    assert doc.timeline_is_chronological()


def test_timeline_out_of_order_across_midnight() -> None:
    doc = timeline("23:30", "00:10", "23:55")
    assert not doc.timeline_is_chronological()
    assert [r.event for r in doc.sorted_timeline()] == ["e1", "e0"]


def test_timeline_anchor_is_the_first_timed_row_without_a_start() -> None:
    doc = timeline(None, None, "22:00", "02:00")
    assert doc.timeline_anchor() == dt.time(22, 0)
    assert doc.timeline_offsets() == [None, 0, 240]
    assert doc.timeline_is_chronological()


def test_untimed_rows_stay_after_the_row_above() -> None:
    doc = timeline("09:00", "09:30", None, "09:10")
    assert [r.event for r in doc.sorted_timeline()] == ["e2", "e0", "e1"]
    assert not doc.timeline_is_chronological()


def test_minutes_between_milestones() -> None:
    doc = PostMortem.new()
    doc.timeline[0].time = "23:58"  # type: ignore[assignment]
    doc.timeline[1].time = "00:03"  # type: ignore[assignment]
    start = doc.milestone_time(Milestone.FIRST_SYMPTOM)
    alert = doc.milestone_time(Milestone.ALERT_TRIGGERED)
    assert start is not None and alert is not None and minutes_between(start, alert) == 5
    assert doc.milestone_time(Milestone.SERVICE_RESTORED) is None


# --- a new document -------------------------------------------------------------------------


def test_new_document_has_nine_milestones_and_five_whys() -> None:
    doc = PostMortem.new(title="T", incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))
    assert [row.milestone for row in doc.timeline] == list(Milestone)
    assert len(doc.timeline) == 9
    assert all(row.time is None for row in doc.timeline)
    assert doc.timeline[0].event == "First symptom occurred"
    assert doc.timeline[0].actor == "System"
    assert doc.timeline[1].actor == "Monitoring"
    assert doc.timeline[4].event == ""  # the key discovery is the author's to write
    assert doc.root_cause.whys == [Why() for _ in range(5)]
    assert doc.header.status is Status.DRAFT
    assert (doc.header.title, doc.header.incident_id, doc.header.date) == (
        "T",
        "INC-20250303-001",
        dt.date(2025, 3, 3),
    )


def test_next_action_id_and_why_question() -> None:
    doc = PostMortem()
    assert doc.next_action_id() == 1
    doc.actions = [ActionItem(id=4)]
    assert doc.next_action_id() == 5
    assert next_why_question("Because the cache expired.") == 'Why did "the cache expired" happen?'
    assert next_why_question("  ") == ""


def test_timeline_reads_times_just_before_the_start_as_before_it() -> None:
    doc = PostMortem.new()
    doc.header.start_time = "23:50"  # type: ignore[assignment]
    for row, t in zip(doc.timeline, ["23:45", "23:52", "00:10"], strict=False):
        row.time = t  # type: ignore[assignment]
    assert doc.timeline_offsets()[:3] == [-5, 2, 20]
    assert [doc.is_next_day(r.time) for r in doc.timeline[:3]] == [False, False, True]  # type: ignore[arg-type]
    doc.timeline[0].time, doc.timeline[2].time = doc.timeline[2].time, doc.timeline[0].time
    assert [r.time for r in doc.sorted_timeline() if r.time] == [
        dt.time(23, 45), dt.time(23, 52), dt.time(0, 10)
    ]


def test_a_refused_value_with_a_lone_surrogate_has_a_readable_message() -> None:
    message = refused(ActionItem(), "priority", "\ud800x")
    assert message == 'Priority must be one of P0, P1, P2, got "\ufffdx"'
