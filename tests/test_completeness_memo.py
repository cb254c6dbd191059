"""The incremental completeness pass (`core/assess_memo.Assessor`) equals a fresh `assess` after
any sequence of edits, and re-runs only what read what changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weak_draft import weak_draft

from postmortem_tui.core.assess_memo import Assessor, fingerprint
from postmortem_tui.core.completeness import assess
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import (
    ActionItem,
    Category,
    Milestone,
    PostMortem,
    Priority,
    Reviewer,
    Severity,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.review import config as review_config

TODAY = dt.date(2025, 3, 20)

WORDS = st.sampled_from([
    "", " ", "investigate the feed", "Add an alert when the queue exceeds 500", "Ana Restrepo",
    "Julián Ortiz", "platform team", "human error", "password=hunter2", "Bearer abcdefghijkl",
    "The BVC feed was down and orders were rejected; restored by a rollback.", "Monitoring",
    "Because the cache expired", "Why did the cache expire?", "(root cause)", "Train the desk",
    "x" * 50, "Mejía", "should have known",
])
TIMES = st.one_of(st.none(), st.builds(dt.time, st.integers(8, 13), st.integers(0, 59)))
DATES = st.one_of(st.none(), st.builds(dt.date, st.just(2025), st.integers(2, 5),
                                       st.integers(1, 28)))
INDEX = st.integers(0, 40)


def _row(doc: PostMortem, rows: list[Any], i: int) -> Any:
    return rows[i % len(rows)] if rows else None


def _edit_ops() -> st.SearchStrategy[Callable[[PostMortem], None]]:
    def setter(get: Callable[[PostMortem, int], Any], attr: str,
               values: st.SearchStrategy[Any]) -> st.SearchStrategy[Callable[[PostMortem], None]]:
        def make(i: int, value: Any) -> Callable[[PostMortem], None]:
            def op(doc: PostMortem) -> None:
                target = get(doc, i)
                if target is not None:
                    setattr(target, attr, value)
            op.__name__ = f"set {attr}={value!r} at {i}"
            return op
        return st.builds(make, INDEX, values)

    def list_op(name: str, make_row: Callable[[], Any], *, top: bool = True) -> st.SearchStrategy[
        Callable[[PostMortem], None]
    ]:
        def make(i: int, kind: str) -> Callable[[PostMortem], None]:
            def op(doc: PostMortem) -> None:
                rows = getattr(doc, name)
                if kind == "insert":
                    rows.insert(i % (len(rows) + 1), make_row())
                elif kind == "delete" and rows:
                    del rows[i % len(rows)]
                elif kind == "replace":
                    setattr(doc, name, list(rows))
            op.__name__ = f"{kind} {name} {i}"
            return op
        return st.builds(make, INDEX, st.sampled_from(["insert", "delete", "replace"]))

    header = lambda d, i: d.header  # noqa: E731
    impact = lambda d, i: d.impact  # noqa: E731
    row = lambda d, i: _row(d, d.timeline, i)  # noqa: E731
    action = lambda d, i: _row(d, d.actions, i)  # noqa: E731
    why = lambda d, i: _row(d, d.root_cause.whys, i)  # noqa: E731
    factor = lambda d, i: _row(d, d.factors, i)  # noqa: E731
    root = lambda d, i: d.root_cause  # noqa: E731
    appendix = lambda d, i: d.appendix  # noqa: E731
    author = lambda d, i: d.signoff.author  # noqa: E731
    reviewer = lambda d, i: _row(d, d.signoff.reviewers, i)  # noqa: E731
    fu = lambda d, i: _row(d, d.signoff.follow_ups, i)  # noqa: E731
    history = lambda d, i: _row(d, d.history, i)  # noqa: E731
    lessons = lambda d, i: d.lessons  # noqa: E731
    resolution = lambda d, i: d.resolution  # noqa: E731

    def set_summary(text: str) -> Callable[[PostMortem], None]:
        def op(doc: PostMortem) -> None:
            doc.summary = text
        op.__name__ = f"summary={text!r}"
        return op

    return st.one_of(
        setter(header, "title", WORDS),
        setter(header, "start_time", TIMES),
        setter(header, "end_time", TIMES),
        setter(header, "date", DATES),
        setter(header, "severity", st.sampled_from([None, *Severity])),
        st.builds(set_summary, WORDS),
        setter(impact, "trading_downtime_minutes", st.one_of(st.none(), st.integers(0, 300))),
        setter(impact, "erroneous_trades", st.one_of(st.none(), st.integers(0, 5))),
        setter(impact, "data_loss", st.sampled_from(["", "None", "Two orders lost"])),
        setter(impact, "qualitative", st.lists(WORDS, max_size=3)),
        setter(row, "time", TIMES),
        setter(row, "event", WORDS),
        setter(row, "actor", WORDS),
        setter(row, "milestone", st.sampled_from([None, *Milestone])),
        list_op("timeline", TimelineEvent),
        setter(why, "question", WORDS),
        setter(why, "because", WORDS),
        setter(root, "why_it_happened", WORDS),
        setter(root, "snippet", WORDS),
        setter(root, "gaps", st.lists(WORDS, max_size=3)),
        setter(factor, "title", WORDS),
        setter(factor, "description", WORDS),
        setter(action, "action", WORDS),
        setter(action, "owner", WORDS),
        setter(action, "due", DATES),
        setter(action, "priority", st.sampled_from([None, *Priority])),
        setter(action, "category", st.sampled_from([None, *Category])),
        list_op("actions", lambda: ActionItem(action="investigate the feed")),
        setter(resolution, "commands", WORDS),
        setter(lessons, "went_well", st.lists(WORDS, max_size=3)),
        setter(appendix, "logs", WORDS),
        setter(appendix, "config_after", WORDS),
        setter(author, "name", WORDS),
        setter(author, "date_written", DATES),
        setter(reviewer, "name", WORDS),
        setter(reviewer, "approved", st.sampled_from([None, True, False])),
        setter(fu, "date", DATES),
        setter(fu, "owner", WORDS),
        setter(history, "changes", WORDS),
    )


def _start(kind: str) -> PostMortem:
    if kind == "new":
        return PostMortem.new(title="t", when=TODAY)
    if kind == "weak":
        return weak_draft(TODAY)
    return demo_document(today=TODAY)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["new", "weak", "demo"]),
    st.lists(st.tuples(_edit_ops(), st.booleans()), min_size=1, max_size=25),
    st.sampled_from([TODAY, TODAY + dt.timedelta(days=400)]),
)
def test_after_any_edits_the_incremental_pass_equals_a_fresh_one(
    start: str, edits: list[tuple[Callable[[PostMortem], None], bool]], late: dt.date
) -> None:
    doc = _start(start)
    assessor = Assessor()
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)
    for edit, check_now in edits:
        try:
            edit(doc)
        except ValueError:
            continue  # the model refused the value: nothing changed
        if check_now:
            assert assessor.assess(doc, TODAY) == assess(doc, TODAY), edit.__name__
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)
    assert assessor.assess(doc, late) == assess(doc, late)  # another day: overdue items


def test_an_edit_reruns_only_what_read_it() -> None:
    doc = weak_draft(TODAY)
    assessor = Assessor()
    assessor.assess(doc, TODAY)
    assert len(assessor.ran) > 12  # the first pass runs everything
    assessor.assess(doc, TODAY)
    assert assessor.ran == []
    doc.header.title = "Another title"
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)
    assert assessor.ran == ["section:header"]
    doc.timeline[1].event = "Something else happened"
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)
    assert "section:timeline" in assessor.ran
    assert not any(k.startswith("rule:action") or k == "section:actions" for k in assessor.ran)


def test_new_review_settings_rerun_the_rules() -> None:
    doc = weak_draft(TODAY)
    assessor = Assessor()
    before = review_config.active()
    assessor.assess(doc, TODAY)
    try:
        review_config.use(dataclasses.replace(before, max_gap_minutes=5))
        assert assessor.assess(doc, TODAY) == assess(doc, TODAY)
        assert "rule:timeline-gap" in assessor.ran
    finally:
        review_config.use(before)
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)


def test_whys_and_reviewers_replaced_whole() -> None:
    doc = weak_draft(TODAY)
    assessor = Assessor()
    assessor.assess(doc, TODAY)
    doc.root_cause.whys = [Why(question="Why?", because="Because Julián Ortiz forgot")]
    doc.signoff.reviewers = [Reviewer(name="Julián Ortiz", role="Lead")]
    assert assessor.assess(doc, TODAY) == assess(doc, TODAY)


def test_a_fingerprint_tells_every_field() -> None:
    doc = weak_draft(TODAY)
    before = fingerprint(doc.timeline)
    doc.timeline[3].source_key = "abc"
    assert fingerprint(doc.timeline) != before
    before = fingerprint(doc.signoff)
    doc.signoff.author.role = "Lead"
    assert fingerprint(doc.signoff) != before


@pytest.mark.parametrize("attr", ["__dict__", "model_dump"])
def test_a_read_it_cannot_follow_counts_as_reading_everything(attr: str) -> None:
    from postmortem_tui.core.assess_memo import _ALL, _DocReader

    reads: set[tuple[str, str]] = set()
    getattr(_DocReader(weak_draft(TODAY), reads), attr)
    assert (_ALL, _ALL) in reads
