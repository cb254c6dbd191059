"""Round trip: for every draft, export -> import -> export gives the same bytes.

The drafts are generated with hostile text in every field (pipes, backticks, fences, HTML,
`#` at a line start, emoji, CRLF, control characters, the export's own fixed lines typed as
text); the export may drop what cannot be shown (control characters, spaces at the ends of
lines), so the property is on the export, not on the draft: what is read back writes the
same Markdown again.
"""

from __future__ import annotations

import datetime as dt
import difflib

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.markdown_import import import_markdown, values
from postmortem_tui.core.model import (
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

# Pieces of Markdown syntax and of the export's own lines, mixed into any text.
HOSTILE = [
    "|", "\\", "\\|", "`", "``", "```", "````", "~~~", "~~", "~", "*", "**", "_", "__", "# ",
    "## ", "#", "> ", "- ", "+ ", "* ", "1. ", "2) ", ":-", "---", "===", "<b>", "</b>",
    "<br>", "<br/>", "<script>", "<!-- c -->", "&amp;", "&#35;", "&", "[", "]", "](", "(",
    ")", "![i](http://x/i.png)", "[a](https://x.y/z)", "[t](https://x.y \"t\")",
    "<https://z.com>", "<mailto:a@b.c>", "https://x.y/a_b", "http://x.y/(a)", "www.x.y/_z_",
    "$", "\n", "\r\n", "\r", "\n\n", "\t", "  ", "\x1b[31m", "\x1b[0m", "\x00", "\x07", "\x0b",
    "\x85", "\u2028", "\u00a0", "🚀", "👩‍💻", "漢字", "é", "e\u0301", "{user_id}", "{", "}",
    "[x]", "[ ]", "{Name} and more",
    "Because ", "because ", "Why?", "*Not recorded yet.*", "*None.*", "*Untitled*", "—", ": ",
    " / ", "$41,250", " (Training)", "(Prevent Recurrence)", "# Before", "# After",
    "# (none)", "\n\n# After\n", "Description: ", " · ", "[#1](https://t.example/1)", "   ",
    "Untitled factor", "*No commands recorded.*", "# Commands or steps taken", "(+1 day)",
    "**5 Whys Analysis:**", "**x**", "*x*", "_x_", "a_b", "09:15", "First symptom occurred",
    "Alert triggered", "*Alert triggered: not recorded yet.*", "1,240",
]
TEXT = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(HOSTILE)), max_size=7).map(
    "".join
)
LINE = st.one_of(st.just(""), st.text(max_size=10), st.sampled_from(HOSTILE))
TIMES = st.one_of(st.none(), st.times().map(lambda t: dt.time(t.hour, t.minute)))
DATES = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
IDS = st.one_of(
    st.just(""),
    st.builds(lambda d, n: f"INC-{d:%Y%m%d}-{n:03d}", st.dates(dt.date(2000, 1, 1),
              dt.date(2040, 12, 31)), st.integers(1, 999)),
)
MONEY = st.sampled_from(["", "$41,250", "41250.50", "USD 1,200", "COP 168.000.000", "€5",
                         "1'000", "£ 3.5", "0", "US$ 7", "COL$ 9.000", "12 EUR"])
LINKS = st.sampled_from(["", "https://tracker.example/RISK-12", "https://git.example/a/b/45",
                         "http://x.y/", "https://x.y/a_(b)?q=1&r=2"])
VERSIONS = st.sampled_from(["0.1", "0.2", "1.0", "1.1", "2", "10.20", "1.", "0.1.2"])
LANGUAGES = st.sampled_from(["text", "yaml", "bash", "python", "c#", "c++", "json"])
COUNTS = st.one_of(st.none(), st.integers(0, 10_000_000))


def _rows(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size)


def diagram_safe(text: str) -> str:
    """`text` without the control characters the timeline diagram shows differently from
    the table, for a timed event (which the diagram draws): the diagram joins white space
    before it drops controls, and reads U+001C-U+001F as white space, so `a\\x1fb` is `ab`
    in the table but `a b` in the diagram; it drops only the escape character of a terminal
    escape sequence, which the table drops whole (`\\x1b[31mred`: `red`, `[31mred`)."""
    return "".join(c for c in text if c.isprintable() or c in "\t\n\r")


TIMELINE = _rows(
    st.builds(
        TimelineEvent,
        time=TIMES,
        event=st.one_of(TEXT.map(diagram_safe), st.sampled_from([m.label for m in Milestone])),
        actor=LINE,
        milestone=st.one_of(st.none(), st.sampled_from(list(Milestone))),
    ),
    max_size=12,
)


@st.composite
def drafts(draw: st.DrawFn) -> PostMortem:
    return PostMortem(
        header=Header(
            title=draw(TEXT), incident_id=draw(IDS), date=draw(DATES),
            start_time=draw(TIMES), end_time=draw(TIMES),
            severity=draw(st.one_of(st.none(), st.sampled_from(list(Severity)))),
            status=draw(st.sampled_from(list(Status))),
        ),
        summary=draw(TEXT),
        impact=Impact(
            trading_downtime_minutes=draw(COUNTS), missed_trades=draw(COUNTS),
            erroneous_trades=draw(COUNTS), financial_amount=draw(MONEY),
            financial_description=draw(TEXT), users_affected=draw(TEXT),
            data_loss=draw(LINE), qualitative=draw(_rows(TEXT)),
        ),
        timeline=draw(TIMELINE),
        root_cause=RootCause(
            what_happened=draw(TEXT), snippet=draw(TEXT), snippet_language=draw(LANGUAGES),
            why_it_happened=draw(TEXT),
            whys=draw(_rows(st.builds(Why, question=TEXT, because=TEXT), 6)),
            gaps=draw(_rows(TEXT)),
        ),
        factors=draw(_rows(st.builds(ContributingFactor, title=TEXT, description=TEXT,
                                     contribution=TEXT))),
        resolution=Resolution(immediate_fix=draw(TEXT), commands=draw(TEXT),
                              verification=draw(_rows(TEXT))),
        actions=draw(_rows(st.builds(
            ActionItem, id=st.integers(1, 999), action=TEXT, owner=LINE,
            priority=st.one_of(st.none(), st.sampled_from(list(Priority))), due=DATES,
            status=st.sampled_from(list(ActionStatus)),
            category=st.one_of(st.none(), st.sampled_from(list(Category))), link=LINKS,
        ))),
        lessons=Lessons(went_well=draw(_rows(TEXT)), could_improve=draw(_rows(TEXT)),
                        do_differently=draw(_rows(TEXT))),
        appendix=Appendix(
            logs=draw(TEXT), metrics_note=draw(TEXT),
            metrics_links=draw(_rows(st.builds(Link, label=TEXT, target=TEXT))),
            config_before=draw(TEXT), config_after=draw(TEXT), config_language=draw(LANGUAGES),
            related=draw(_rows(st.builds(RelatedIncident, incident_id=IDS, date=DATES,
                                         similarity=TEXT))),
            references=draw(_rows(TEXT)),
        ),
        signoff=SignOff(
            author=Author(name=draw(LINE), role=draw(TEXT), date_written=draw(DATES)),
            reviewers=draw(_rows(st.builds(Reviewer, name=LINE, role=TEXT, date_reviewed=DATES,
                                           approved=st.one_of(st.none(), st.booleans())))),
            follow_ups=draw(_rows(st.builds(FollowUp, date=DATES, review_type=TEXT,
                                            owner=LINE))),
        ),
        history=draw(_rows(st.builds(HistoryEntry, version=VERSIONS, date=DATES, author=LINE,
                                     changes=TEXT))),
    )


def assume_no_placeholder(markdown: str) -> None:
    """The one known ambiguity: braces are text to the export, so a text that is exactly
    one of the seed template's placeholders (`{Name}`) reads back as the placeholder, empty
    (test_a_typed_placeholder_reads_as_one): property tests skip those drafts."""
    assume(not any(values.placeholders_in(line) for line in markdown.split("\n")))
    assume("[" not in markdown or not any(
        values.is_placeholder(cell) for line in markdown.split("\n") for cell in line.split("|")
    ))


def assert_round_trip(
    doc: PostMortem, *, template_only: bool = False, generated: bool = True
) -> None:
    """`generated`: in a property test, which skips the drafts of the known ambiguity."""
    first = to_markdown(doc, template_only=template_only)
    if generated:
        assume_no_placeholder(first)
    again = to_markdown(import_markdown(first).doc, template_only=template_only)
    if again != first:
        diff = difflib.unified_diff(first.splitlines(True), again.splitlines(True), n=1)
        raise AssertionError("export -> import -> export differs:\n" + "".join(diff))


def text_everywhere(text: str) -> PostMortem:
    """The demo with `text` in every kind of place (and as the export's own lines)."""
    doc = demo_document(dt.date(2025, 3, 4), incident_id="INC-20250228-001")
    doc.header.title = text
    doc.summary = text
    im = doc.impact
    im.financial_description = im.users_affected = im.data_loss = text
    im.qualitative = [text, *im.qualitative]
    doc.timeline[4].event = diagram_safe(text)
    doc.timeline[5].actor = text
    doc.timeline.append(TimelineEvent(event=text, actor=text))
    rc = doc.root_cause
    rc.what_happened = rc.snippet = rc.why_it_happened = text
    rc.whys[0] = Why(question=text, because=text)
    rc.whys[1] = Why(question=text)
    rc.whys[2] = Why(because=text)
    rc.gaps = [*rc.gaps, text]
    doc.factors[0] = ContributingFactor(title=text, description=text, contribution=text)
    doc.factors[1] = ContributingFactor(title=text)
    doc.factors.append(ContributingFactor(description=text))
    res = doc.resolution
    res.immediate_fix = res.commands = text
    res.verification = [*res.verification, text]
    doc.actions[0].action = doc.actions[0].owner = text
    doc.actions[1].action = text
    doc.actions[1].category = None
    doc.lessons.went_well = [*doc.lessons.went_well, text]
    ap = doc.appendix
    ap.logs = ap.metrics_note = ap.config_before = text
    ap.config_after = ""
    ap.metrics_links = [
        *ap.metrics_links, Link(label=text, target=text), Link(label="", target=text),
        Link(label=text, target=""), Link(label=text + ": " + text, target=text),
    ]
    ap.related[0].similarity = text
    ap.references = [*ap.references, text]
    so = doc.signoff
    so.author.name = so.author.role = text
    so.reviewers[0].role = text
    so.follow_ups[0].owner = so.follow_ups[1].review_type = text
    doc.history[0].changes = doc.history[1].author = text
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT)
# A code span with a longer fence than the table writes, cut by the diagram inside it.
@example(text="``" + "![i](http://x/i.png)" * 3 + "``")
def test_any_text_in_every_field(text: str) -> None:
    assert_round_trip(text_everywhere(text))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=TIMELINE, start=TIMES, end=TIMES, day=DATES)
# The first symptom's row is worded as another milestone the figures show at its time.
@example(rows=[TimelineEvent(event="Alert triggered"),
               TimelineEvent(time=dt.time(5, 59), event="Alert triggered",
                             milestone=Milestone.FIRST_SYMPTOM),
               TimelineEvent(time=dt.time(5, 59), event="x",
                             milestone=Milestone.ALERT_TRIGGERED)],
         start=None, end=None, day=None)
# The anchor row is itself the first symptom, shown after an earlier one (00:00).
@example(rows=[TimelineEvent(time=dt.time(5, 59), milestone=Milestone.FIRST_SYMPTOM),
               TimelineEvent(time=dt.time(5, 59), milestone=Milestone.ALERT_TRIGGERED),
               TimelineEvent(time=dt.time(0, 0), milestone=Milestone.FIRST_SYMPTOM)],
         start=None, end=None, day=None)
# The first symptom's event is worded as another milestone, which the figures show elsewhere.
@example(rows=[TimelineEvent(time=dt.time(0, 0), event="x",
                             milestone=Milestone.SERVICE_RESTORED),
               TimelineEvent(time=dt.time(5, 59), event="x",
                             milestone=Milestone.ALERT_TRIGGERED),
               TimelineEvent(time=dt.time(5, 59), event="Service restored",
                             milestone=Milestone.FIRST_SYMPTOM)],
         start=None, end=None, day=None)
def test_any_timeline(
    rows: list[TimelineEvent], start: dt.time | None, end: dt.time | None, day: dt.date | None
) -> None:
    """Order, midnight and the milestones (which the key metrics and the diagram show)."""
    doc = PostMortem(header=Header(start_time=start, end_time=end, date=day), timeline=rows)
    assert_round_trip(doc)


def _row(hour: int, minute: int, milestone: Milestone | None = None) -> TimelineEvent:
    return TimelineEvent(time=dt.time(hour, minute), event="", actor="", milestone=milestone)


# Few times around the six hours before the anchor and midnight, few milestones and events
# worded as them: the rows the key metrics may be measured from collide far more often.
EDGE_TIMES = st.one_of(st.none(), st.sampled_from(
    [dt.time(h, m) for h, m in [(0, 0), (0, 1), (5, 59), (6, 0), (6, 1), (12, 0), (17, 59),
                                (18, 0), (18, 1), (23, 59)]]
))
EDGE_ROWS = st.lists(st.builds(
    TimelineEvent, time=EDGE_TIMES, actor=st.just(""),
    event=st.sampled_from(["", "x", "First symptom occurred", "Alert triggered",
                           "Service restored", "Alert fired", "*Not recorded yet.*"]),
    milestone=st.one_of(st.none(), st.sampled_from([
        Milestone.FIRST_SYMPTOM, Milestone.ALERT_TRIGGERED, Milestone.MITIGATION_APPLIED,
        Milestone.SERVICE_RESTORED])),
), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=EDGE_ROWS, start=EDGE_TIMES, end=EDGE_TIMES)
def test_any_timeline_of_colliding_milestones(
    rows: list[TimelineEvent], start: dt.time | None, end: dt.time | None
) -> None:
    assert_round_trip(PostMortem(header=Header(start_time=start, end_time=end), timeline=rows))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=drafts())
# The first timed row (the anchor) is not the first shown: the first symptom is 00:00 (+1 day).
@example(doc=PostMortem(timeline=[_row(6, 1, Milestone.ALERT_TRIGGERED),
                                  _row(0, 0, Milestone.FIRST_SYMPTOM),
                                  _row(6, 0, Milestone.FIRST_SYMPTOM)]))
def test_any_draft(doc: PostMortem) -> None:
    assert_round_trip(doc)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=drafts())
def test_any_draft_as_the_bare_template(doc: PostMortem) -> None:
    assert_round_trip(doc, template_only=True)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=drafts())
def test_an_export_saved_with_crlf_reads_the_same(doc: PostMortem) -> None:
    first = to_markdown(doc)
    assume_no_placeholder(first)
    assert to_markdown(import_markdown(first.replace("\n", "\r\n")).doc) == first


@pytest.mark.parametrize("today", [dt.date(2025, 3, 4), dt.date(2026, 12, 1)])
def test_demo_round_trip(today: dt.date) -> None:
    assert_round_trip(demo_document(today), generated=False)
    assert_round_trip(PostMortem.new(), generated=False)
    assert_round_trip(PostMortem(), generated=False)


def test_a_typed_placeholder_reads_as_one() -> None:
    """The documented ambiguity: a text typed exactly as a template placeholder exports as
    one, so it reads back empty (and is reported); any other braces are text."""
    doc = PostMortem.new()
    doc.summary = "{Name}"
    doc.impact.users_affected = "{user_id} and {Name}"
    result = import_markdown(to_markdown(doc))
    assert result.doc.summary == ""
    assert result.doc.impact.users_affected == "{user_id} and {Name}"
    assert any(f.kind == "placeholder" and "{Name}" in f.message for f in result.findings)
