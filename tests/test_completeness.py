"""What blocks a final export, what is only weak, and how complete a draft is."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from postmortem_tui.core.completeness import (
    Finding,
    SectionReport,
    assess,
    blocking_findings,
    percent_complete,
)
from postmortem_tui.core.model import (
    ActionItem,
    ContributingFactor,
    PostMortem,
    RelatedIncident,
    Reviewer,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.sections import SECTION_KEYS, SECTIONS, field_id, locate

TODAY = dt.date(2025, 3, 4)  # the day after the complete document's incident (see conftest)


def report(doc: PostMortem, key: str) -> SectionReport:
    return next(r for r in assess(doc, TODAY) if r.key == key)


def messages(doc: PostMortem, key: str, *, blocking: bool | None = None) -> list[str]:
    return [
        f.message for f in report(doc, key).findings if blocking is None or f.blocking is blocking
    ]


def resolve(doc: PostMortem, path: tuple[str | int, ...]) -> Any:
    node: Any = doc
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


# --- the whole document ---------------------------------------------------------------------


def test_complete_document(complete_doc: PostMortem) -> None:
    reports = assess(complete_doc, TODAY)
    assert [r.key for r in reports] == list(SECTION_KEYS)
    assert [r.title for r in reports] == [s.title for s in SECTIONS]
    assert {r.key: r.state for r in reports if r.state != "done"} == {"appendix": "empty"}
    assert [f for r in reports for f in r.findings] == []
    assert blocking_findings(complete_doc, TODAY) == []
    assert percent_complete(complete_doc) == 100


def test_demo_document_is_complete(demo_doc: PostMortem) -> None:
    assert blocking_findings(demo_doc, TODAY) == []
    assert all(r.state == "done" for r in assess(demo_doc, TODAY))
    assert percent_complete(demo_doc) == 100


def test_new_document_is_empty_everywhere() -> None:
    doc = PostMortem.new()
    reports = assess(doc, TODAY)
    assert {r.state for r in reports} == {"empty"}
    assert percent_complete(doc) == 0
    assert percent_complete(PostMortem()) == 0
    blocking = blocking_findings(doc, TODAY)
    assert {f.section for f in blocking} == set(SECTION_KEYS) - {"appendix", "history"}


# --- the declarations -----------------------------------------------------------------------


def test_each_section_is_declared_once_in_its_own_module_in_the_documents_order() -> None:
    import importlib

    parts = [name for name in PostMortem.model_fields if name not in ("schema_version", "wizard")]
    assert list(SECTION_KEYS) == parts  # the key is the document's attribute
    for s in SECTIONS:
        module = importlib.import_module(f"postmortem_tui.core.sections.{s.key}")
        assert module.SECTION is s
        assert s.parse is not None  # each section reads its part of a Markdown file back
        assert s.check.__module__ == s.export.__module__ == s.parse.__module__ == module.__name__


def test_a_path_locates_the_field_that_edits_it() -> None:
    assert locate(("header", "title")) == ("header-title", None, None)
    assert locate(("signoff", "author", "name")) == ("signoff-author-name", None, None)
    assert locate(("summary",)) == ("summary-summary", None, None)
    assert locate(("timeline",)) == ("timeline-rows", None, None)
    assert locate(("timeline", 3, "time")) == ("timeline-rows", 3, "time")
    assert locate(("root_cause", "whys", 2, "question")) == ("root_cause-whys", 2, "question")
    assert locate(("lessons", "went_well", 1)) == ("lessons-went_well", 1, None)
    assert field_id(("signoff", "reviewers", 0, "approved")) == "signoff-reviewers"


def test_new_draft_from_the_store_has_only_its_header_started() -> None:
    doc = PostMortem.new(incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))
    states = {r.key: r.state for r in assess(doc, TODAY)}
    assert states.pop("header") == "partial"
    assert set(states.values()) == {"empty"}
    assert 0 < percent_complete(doc) < 5
    assert messages(doc, "header") == [
        "Title is missing",
        "Start time is missing",
        "End time is missing",
        "Severity is missing",
    ]


def test_findings_point_into_the_document(complete_doc: PostMortem) -> None:
    docs = [PostMortem.new(), PostMortem(), complete_doc]
    broken = complete_doc.model_copy(deep=True)
    broken.timeline[2].actor = ""
    broken.actions[0].owner = ""
    broken.factors.append(ContributingFactor())
    broken.root_cause.whys[1].because = ""
    broken.signoff.reviewers.append(Reviewer(name="Bea"))
    docs.append(broken)
    for doc in docs:
        for r in assess(doc, TODAY):
            for f in r.findings:
                assert f.section == r.key
                assert f.path[0] in type(doc).model_fields
                resolve(doc, f.path)  # every index and name exists
                assert f.message and "\n" not in f.message


def test_findings_and_reports_are_frozen() -> None:
    r = assess(PostMortem(), TODAY)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.state = "done"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.findings[0].blocking = False  # type: ignore[misc]
    assert isinstance(r.findings[0], Finding)
    assert r.blocking == r.findings and r.weak == ()


def test_percent_grows_as_sections_are_filled(complete_doc: PostMortem) -> None:
    doc = PostMortem.new(incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))
    last = percent_complete(doc)
    for key in ("header", "summary", "impact", "timeline", "root_cause", "factors"):
        setattr(doc, key, getattr(complete_doc, key))
        now = percent_complete(doc)
        assert last < now < 100
        last = now


def test_percent_is_below_100_while_anything_blocks(complete_doc: PostMortem) -> None:
    complete_doc.signoff.author.role = ""
    assert 90 < percent_complete(complete_doc) < 100
    complete_doc.signoff.author.role = "SRE"
    complete_doc.timeline.append(TimelineEvent(time="10:20", event="x"))  # type: ignore[arg-type]
    assert percent_complete(complete_doc) == 99  # one of many things missing still shows


# --- header ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("title", "Title is missing"),
        ("incident_id", "Incident ID is missing"),
        ("date", "Date is missing"),
        ("start_time", "Start time is missing"),
        ("end_time", "End time is missing"),
        ("severity", "Severity is missing"),
    ],
)
def test_header_requirements(complete_doc: PostMortem, field: str, message: str) -> None:
    setattr(complete_doc.header, field, "")
    (finding,) = report(complete_doc, "header").findings
    assert finding == Finding("header", ("header", field), message, True)
    assert report(complete_doc, "header").state == "partial"


def test_header_weak_points(complete_doc: PostMortem) -> None:
    h = complete_doc.header
    h.date = dt.date(2025, 3, 9)  # after TODAY, and not the ID's date
    h.end_time = h.start_time
    assert messages(complete_doc, "header", blocking=False) == [
        "Date 2025-03-09 is in the future",
        "Incident ID INC-20250303-001 does not carry the incident date 2025-03-09",
        "Start and end time are the same: the duration is 0m",
        # A review rule's: the header and the timeline disagree.
        "End time 09:15 is not the timeline's service restored (10:02) — the incident ends when "
        "service is restored: make them agree",
    ]
    assert report(complete_doc, "header").state == "done"


def test_a_short_night_is_fine_but_a_day_long_one_is_questioned(complete_doc: PostMortem) -> None:
    h = complete_doc.header
    h.start_time, h.end_time = "23:30", "01:10"  # type: ignore[assignment]
    # (The review rules point out that the timeline says 09:15 to 10:02.)
    assert not [m for m in messages(complete_doc, "header") if "lasted" in m]
    h.start_time, h.end_time = "10:00", "09:00"  # type: ignore[assignment]
    (message,) = [m for m in messages(complete_doc, "header", blocking=False) if "lasted" in m]
    assert "lasted 23h" in message


# --- summary and impact ---------------------------------------------------------------------


def test_summary(complete_doc: PostMortem) -> None:
    complete_doc.summary = "   "
    assert report(complete_doc, "summary").state == "empty"
    assert messages(complete_doc, "summary", blocking=True) == ["Executive summary is missing"]
    complete_doc.summary = "Feed died. Fixed it."
    assert report(complete_doc, "summary").state == "done"
    assert messages(complete_doc, "summary", blocking=False) == [
        "Executive summary is very short (4 words): say what happened, the impact and how it "
        "was resolved",
        "Executive summary does not say the impact — say who or what was affected and how much "
        "(orders, clients, minutes, money)",  # a review rule's
    ]


@pytest.mark.parametrize(
    ("field", "empty", "path_end"),
    [
        ("trading_downtime_minutes", None, "trading_downtime_minutes"),
        ("missed_trades", None, "missed_trades"),
        ("erroneous_trades", None, "erroneous_trades"),
        ("financial_amount", "", "financial_amount"),
        ("users_affected", "", "users_affected"),
        ("data_loss", "", "data_loss"),
        ("qualitative", [" "], "qualitative"),
    ],
)
def test_impact_requirements(
    complete_doc: PostMortem, field: str, empty: Any, path_end: str
) -> None:
    setattr(complete_doc.impact, field, empty)
    blocking = report(complete_doc, "impact").blocking
    assert [f.path for f in blocking] == [("impact", path_end)]


def test_impact_zero_and_none_are_answers(complete_doc: PostMortem) -> None:
    im = complete_doc.impact
    im.trading_downtime_minutes = im.missed_trades = 0
    im.financial_amount, im.financial_description = "0", "no loss"
    im.data_loss = "None"
    assert messages(complete_doc, "impact") == []


def test_impact_weak_points(complete_doc: PostMortem) -> None:
    im = complete_doc.impact
    im.financial_description = ""
    im.trading_downtime_minutes = 90  # the incident lasted 47 minutes
    im.qualitative.append("")
    assert messages(complete_doc, "impact", blocking=False) == [
        "Financial impact has no description of what the amount is",
        "Qualitative impact: item 2 is empty",
        "Trading downtime (90 minutes) is longer than the incident (47m)",  # a review rule's
    ]


# --- timeline -------------------------------------------------------------------------------


def test_timeline_row_requirements(complete_doc: PostMortem) -> None:
    complete_doc.timeline[2].actor = ""
    complete_doc.timeline[4].time = None
    complete_doc.timeline[4].event = ""
    findings = report(complete_doc, "timeline").findings
    assert [(f.path, f.message) for f in findings] == [
        (("timeline", 2, "actor"), "Timeline row 3 (On-call acknowledged) has no actor"),
        (("timeline", 4, "time"), "Timeline row 5 (Key discovery or action) has no time or event"),
    ]


def test_timeline_needs_every_milestone(complete_doc: PostMortem) -> None:
    del complete_doc.timeline[1]
    assert messages(complete_doc, "timeline") == ["Timeline has no 'Alert triggered' row"]


def test_extra_rows_are_welcome(complete_doc: PostMortem) -> None:
    complete_doc.timeline.insert(
        5,
        TimelineEvent(time="09:33", event="Restarted the feed", actor="Ana"),  # type: ignore[arg-type]
    )
    assert messages(complete_doc, "timeline") == []


def test_timeline_out_of_order(complete_doc: PostMortem) -> None:
    complete_doc.timeline[3].time = "09:50"  # type: ignore[assignment]
    finding, review = report(complete_doc, "timeline").findings
    assert review.message.startswith(  # the review rule's, on the milestones' meaning
        "Milestones out of order: 'Root cause identified' at 09:38 comes before 'Initial "
        "investigation started' at 09:50"
    )
    assert finding.blocking
    assert finding.path == ("timeline", 4, "time")
    assert finding.message == "Timeline is out of order: row 5 at 09:30 comes after row 4 at 09:50"


def test_timeline_across_midnight(complete_doc: PostMortem) -> None:
    complete_doc.header.start_time, complete_doc.header.end_time = "23:50", "00:40"  # type: ignore[assignment]
    times = ["23:50", "23:52", "23:55", "23:58", "00:05", "00:10", "00:20", "00:40", "00:45"]
    for row, t in zip(complete_doc.timeline, times, strict=True):
        row.time = t  # type: ignore[assignment]
    complete_doc.impact.trading_downtime_minutes = 40
    assert report(complete_doc, "timeline").findings == ()
    complete_doc.timeline[4].time, complete_doc.timeline[5].time = (  # type: ignore[assignment]
        complete_doc.timeline[5].time,
        complete_doc.timeline[4].time,
    )
    (finding,) = report(complete_doc, "timeline").findings
    assert finding.message == "Timeline is out of order: row 6 at 00:05 comes after row 5 at 00:10"


def test_a_first_symptom_before_the_declared_start_is_not_the_next_day(
    complete_doc: PostMortem,
) -> None:
    complete_doc.header.start_time = "09:16"  # type: ignore[assignment]  # first symptom 09:15
    assert report(complete_doc, "timeline").findings == ()
    assert complete_doc.timeline_offsets()[0] == -1
    assert not complete_doc.is_next_day(complete_doc.timeline[0].time)  # type: ignore[arg-type]


def test_a_row_far_before_the_start_reads_as_the_next_day_and_is_explained(
    complete_doc: PostMortem,
) -> None:
    complete_doc.timeline[0].time = "02:15"  # type: ignore[assignment]  # seven hours early
    findings = report(complete_doc, "timeline").findings
    assert findings[0].blocking
    assert findings[0].message == (
        "Timeline row 1 at 02:15 is before the start time 09:15, so it reads as the next day "
        "and the rows are out of order; correct the start time or the row"
    )


def test_timeline_states() -> None:
    doc = PostMortem.new()
    doc.timeline[0].event = "  First symptom occurred "  # still the prefilled text
    assert report(doc, "timeline").state == "empty"
    doc.timeline[2].actor = "Ana"
    assert report(doc, "timeline").state == "partial"
    doc = PostMortem.new()
    doc.timeline[0].time = "09:00"  # type: ignore[assignment]
    assert report(doc, "timeline").state == "partial"
    assert report(PostMortem(), "timeline").state == "empty"


# --- root cause -----------------------------------------------------------------------------


def test_root_cause_requirements() -> None:
    doc = PostMortem.new()
    doc.root_cause.whys[0] = Why(question="Why?", because="Because.")
    doc.root_cause.whys[1] = Why(question="Why again?")
    doc.root_cause.whys[2] = Why(because="An answer")
    rep = report(doc, "root_cause")
    assert rep.state == "partial"
    assert [(f.path, f.message) for f in rep.blocking] == [
        (("root_cause", "what_happened"), "What happened is missing"),
        (("root_cause", "why_it_happened"), "Why it happened is missing"),
        (
            ("root_cause", "whys", 1, "because"),
            "5 Whys #2 has a question but no answer (answer it, or clear the question)",
        ),
        (("root_cause", "whys", 2, "question"), "5 Whys #3 has an answer but no question"),
        (
            ("root_cause", "whys"),
            "5 Whys: 1 answered, at least 3 needed (question and because)",
        ),
        (
            ("root_cause", "gaps"),
            "Why it wasn't caught earlier: no gap listed (monitoring, testing or process)",
        ),
    ]


def test_three_whys_are_enough_but_five_are_asked_for(complete_doc: PostMortem) -> None:
    rc = complete_doc.root_cause
    rc.whys = [*rc.whys[:3], Why(), Why()]
    assert report(complete_doc, "root_cause").blocking == ()
    assert messages(complete_doc, "root_cause", blocking=False) == [
        "5 Whys: 3 of 5 answered; keep asking why until you reach a process or system cause"
    ]
    rc.whys = [rc.whys[0], Why(), rc.whys[1], rc.whys[2]]
    assert "5 Whys #2 is empty, between answered ones" in messages(complete_doc, "root_cause")
    rc.whys = rc.whys[:2]
    assert report(complete_doc, "root_cause").state == "partial"


def test_short_what_happened_is_weak(complete_doc: PostMortem) -> None:
    complete_doc.root_cause.what_happened = "The certificate expired."
    assert messages(complete_doc, "root_cause") == [
        "What happened is short (3 words): be specific about the sequence of events and the "
        "components involved"
    ]


# --- factors, resolution, actions, lessons --------------------------------------------------


def test_factors(complete_doc: PostMortem) -> None:
    complete_doc.factors.append(ContributingFactor(title="Stale runbook"))
    complete_doc.factors.append(ContributingFactor())
    assert messages(complete_doc, "factors") == [
        "Contributing factor 2 (Stale runbook) has no description or contribution",
        "Contributing factor 3 is empty (fill it in or remove it)",
    ]
    complete_doc.factors = []
    assert report(complete_doc, "factors").state == "empty"
    assert messages(complete_doc, "factors") == ["No contributing factors listed"]


def test_resolution(complete_doc: PostMortem) -> None:
    complete_doc.resolution.commands = ""  # optional
    assert messages(complete_doc, "resolution") == []
    complete_doc.resolution.verification = [""]
    assert messages(complete_doc, "resolution") == [
        "Verification: no step says how the fix was verified",
        "Verification: item 1 is empty",
    ]


def test_action_item_requirements(complete_doc: PostMortem) -> None:
    complete_doc.actions[0].owner = ""
    complete_doc.actions.append(ActionItem(id=2, action="Add an expiry alert"))
    complete_doc.actions.append(ActionItem(id=3))
    rep = report(complete_doc, "actions")
    assert [(f.path, f.message) for f in rep.blocking] == [
        (("actions", 0, "owner"), "Action item 1 has no owner"),
        (("actions", 1, "owner"), "Action item 2 has no owner, priority or due date"),
        (("actions", 2), "Action item 3 is empty (fill it in or remove it)"),
    ]


def test_action_items_weak_points(complete_doc: PostMortem) -> None:
    a = complete_doc.actions[0]
    a.due = dt.date(2025, 3, 1)  # before TODAY
    a.category = None
    assert messages(complete_doc, "actions") == [
        "Action item 1 is overdue (due 2025-03-01, Open)",
        "Action item 1 has no category",
    ]
    a.status = "Done"  # type: ignore[assignment]
    a.category = "Training"  # type: ignore[assignment]
    assert messages(complete_doc, "actions") == ["No action item is to prevent recurrence"]


def test_duplicate_action_ids_block(complete_doc: PostMortem) -> None:
    complete_doc.actions.append(complete_doc.actions[0].model_copy())
    assert messages(complete_doc, "actions", blocking=True) == [
        "Action item ID 1 is used more than once"
    ]


def test_closed_with_open_items_is_weak(complete_doc: PostMortem) -> None:
    complete_doc.header.status = "Closed"  # type: ignore[assignment]
    assert "Status is Closed but 1 action item(s) are not Done" in messages(
        complete_doc, "actions", blocking=False
    )


def test_no_actions(complete_doc: PostMortem) -> None:
    complete_doc.actions = []
    assert report(complete_doc, "actions").state == "empty"
    assert messages(complete_doc, "actions") == ["No action items"]


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("went_well", "What went well"),
        ("could_improve", "What could be improved"),
        ("do_differently", "What we will do differently"),
    ],
)
def test_lessons_lists(complete_doc: PostMortem, field: str, label: str) -> None:
    setattr(complete_doc.lessons, field, [])
    assert messages(complete_doc, "lessons") == [f"{label}: nothing listed"]
    assert report(complete_doc, "lessons").state == "partial"


# --- appendix, sign-off, history ------------------------------------------------------------


def test_appendix_is_optional_and_never_blocks(complete_doc: PostMortem) -> None:
    ap = complete_doc.appendix
    assert report(complete_doc, "appendix").state == "empty"
    ap.related = [RelatedIncident(incident_id="INC-20250101-001")]
    ap.config_before = "timeout: 5"
    ap.logs = "09:15 connect failed password=hunter2 retry"
    rep = report(complete_doc, "appendix")
    assert rep.state == "done"
    assert rep.blocking == ()
    assert [f.message for f in rep.findings] == [
        "Configuration change has a before but no after",
        "Related incident 1 has no date",
        "Related incident 1 has no similarity",
        "The relevant logs may contain a secret ('password=...'); sanitize it",
    ]
    assert "hunter2" not in " ".join(f.message for f in rep.findings)
    assert blocking_findings(complete_doc, TODAY) == []


def test_signoff_requirements(complete_doc: PostMortem) -> None:
    complete_doc.signoff.author.role = ""
    complete_doc.signoff.reviewers = [Reviewer(name="Bea", approved=True, date_reviewed=TODAY)]
    assert messages(complete_doc, "signoff", blocking=True) == [
        "Author role is missing",
        "Reviewer 1 (Bea) has no role",
        "No reviewer with a name and role",
    ]


def test_reviewer_approval_is_weak_while_draft(complete_doc: PostMortem) -> None:
    complete_doc.signoff.reviewers[0].approved = None
    complete_doc.signoff.reviewers.append(Reviewer(name="Cai", role="CTO", approved=False))
    assert report(complete_doc, "signoff").state == "done"
    assert messages(complete_doc, "signoff", blocking=False) == [
        "Reviewer 1 (Luis) has not approved yet",
        "Reviewer 2 (Cai) did not approve",
    ]


@pytest.mark.parametrize("status", ["Reviewed", "Closed"])
def test_reviewer_approval_blocks_once_reviewed(complete_doc: PostMortem, status: str) -> None:
    complete_doc.header.status = status  # type: ignore[assignment]
    assert blocking_findings(complete_doc, TODAY) == []
    complete_doc.signoff.reviewers[0].approved = None
    (finding,) = blocking_findings(complete_doc, TODAY)
    assert finding.path == ("signoff", "reviewers", 0, "approved")
    assert finding.message == f"Status is {status} but reviewer 1 (Luis) has not approved"


def test_signoff_weak_points(complete_doc: PostMortem) -> None:
    so = complete_doc.signoff
    so.follow_ups = []
    so.reviewers.append(Reviewer())
    so.reviewers[0].date_reviewed = None
    assert messages(complete_doc, "signoff") == [
        "Reviewer 1 (Luis) has no review date",
        "Reviewer 2 is empty",
        "No follow-up schedule (action items check, 30-day retrospective, final close-out)",
    ]


def test_history_is_weak_only(complete_doc: PostMortem) -> None:
    complete_doc.history[0].author = ""
    assert messages(complete_doc, "history") == ["History row 1 (version 0.1) has no author"]
    complete_doc.history = []
    rep = report(complete_doc, "history")
    assert rep.state == "empty"
    assert [f.blocking for f in rep.findings] == [False]
    assert blocking_findings(complete_doc, TODAY) == []
    assert percent_complete(complete_doc) == 100


# --- blameless nudges -----------------------------------------------------------------------


def test_blameless_nudge_names_the_phrase_and_the_place(complete_doc: PostMortem) -> None:
    complete_doc.root_cause.whys[2].because = "Human error during the rollout"
    (finding,) = report(complete_doc, "root_cause").findings
    assert finding == Finding(
        "root_cause",
        ("root_cause", "whys", 2),
        "Blameless: 'human error' in 5 Whys #3 — describe the system or process that allowed it",
        False,
    )


def test_blameless_nudge_names_every_phrase_once(complete_doc: PostMortem) -> None:
    complete_doc.lessons.could_improve = ["Human error: we should have paged, human error again"]
    (finding,) = [f for f in report(complete_doc, "lessons").findings if "Blameless" in f.message]
    assert finding.message.startswith("Blameless: 'human error', 'should have' in ")


@pytest.mark.parametrize(
    "text",
    [
        "Ana should have checked the certificate",
        "a careless deploy",
        "It was the fault of the night shift",
        "We blame the vendor",
        "gross negligence",
        "The operator was negligent",
        "Bob shouldn't have restarted it",
    ],
)
def test_blameful_phrases_are_weak_findings(complete_doc: PostMortem, text: str) -> None:
    complete_doc.summary = complete_doc.summary + " " + text
    complete_doc.factors[0].description = text
    complete_doc.lessons.could_improve = [text]
    for key in ("summary", "factors", "lessons"):
        found = [f for f in report(complete_doc, key).findings if "Blameless" in f.message]
        assert len(found) == 1 and not found[0].blocking, key
    assert blocking_findings(complete_doc, TODAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "This post-mortem is blameless",
        "The blast radius was small",
        "a shoulder",
        "lazy loading of the limits cache",
    ],
)
def test_innocent_words_are_not_flagged(complete_doc: PostMortem, text: str) -> None:
    complete_doc.root_cause.why_it_happened = text
    assert messages(complete_doc, "root_cause") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("connect failed password=hunter2", "password"),
        ("Authorization: Bearer eyJhbGciOi", "authorization"),
        ('api_key: "k-123"', "api_key"),
        ("password: ****", None),
        ("token: <redacted>", None),
        ("API_KEY=$API_KEY", None),
        ("token bucket: 100 per second", None),
    ],
)
def test_secrets_in_pasted_text(complete_doc: PostMortem, text: str, flagged: str | None) -> None:
    complete_doc.resolution.commands = text
    found = messages(complete_doc, "resolution")
    if flagged is None:
        assert found == []
    else:
        assert found == [f"The commands run may contain a secret ('{flagged}=...'); sanitize it"]


def test_what_blocks_is_found_without_the_review_rules_unless_the_settings_make_one_block(
    demo_doc: PostMortem,
) -> None:
    from postmortem_tui.core.review import config
    from postmortem_tui.core.review.registry import RULES

    # The shortcut's premise: a rule blocks only when review.toml says so.
    assert {r.severity for r in RULES} == {"hint"}
    doc = demo_doc
    doc.actions[0].action = "Investigate the feed"  # a hint of the action-vague rule
    assert percent_complete(doc) == 100
    assert blocking_findings(doc, TODAY) == []
    blocking = config.ReviewConfig(rules={"action-vague": config.RuleSetting(severity="blocking")})
    config.use(blocking)
    try:
        found = blocking_findings(doc, TODAY)
        assert found == [f for r in assess(doc, TODAY) for f in r.findings if f.blocking]
        assert [f.path for f in found] == [("actions", 0, "action")]
        assert percent_complete(doc) < 100
    finally:
        config.use(config.DEFAULT)
