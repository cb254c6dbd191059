"""`import --update`: a reviewer's edited export merged back into its draft, field by field."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from test_import_roundtrip import drafts

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.markdown_import import import_markdown
from postmortem_tui.core.markdown_import.merge import merge
from postmortem_tui.core.model import PostMortem, Status, TimelineEvent


def edited(doc: PostMortem, *replacements: tuple[str, str]) -> PostMortem:
    text = to_markdown(doc)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return import_markdown(text).doc


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=drafts())
def test_an_unedited_export_changes_nothing(doc: PostMortem) -> None:
    """Whatever the draft holds that the export does not show (control characters, blank
    items, the timeline's order, milestones), merging its own export keeps it exactly."""
    merged, changes = merge(doc, import_markdown(to_markdown(doc)).doc)
    assert changes == []
    assert merged == doc


def test_changed_fields_rows_and_items() -> None:
    draft = demo_document(dt.date(2025, 3, 4))
    draft.lessons.went_well.insert(1, "  \x07 ")  # blank: not exported, not a change
    draft.timeline[2].actor = "Ana\x1b[0m"  # the export drops the escape
    file = edited(
        draft,
        ("**Severity**: P1", "**Severity**: P0"),
        ("| On-call acknowledged ", "| On-call acknowledged (paged twice) "),
        ("- The rollback of limits-loader took under two minutes and worked as documented\n",
         ""),
        ("### What Could Be Improved\n\n", "### What Could Be Improved\n\n- A new lesson\n"),
    )
    merged, changes = merge(draft, file)
    where = [c.where for c in changes]
    assert where == [
        "Header > Severity",
        "Timeline, row 3 > Event",
        "Lessons > What went well, item 2",
        "Lessons > What could be improved, item 1",
    ]
    assert changes[0].describe() == "Header > Severity: P1 → P0"
    assert changes[2].new == "(removed)" and changes[3].old == "(added)"
    assert merged.timeline[2].actor == "Ana\x1b[0m"  # its event changed, not its actor
    assert merged.timeline[2].milestone == draft.timeline[2].milestone
    assert merged.lessons.could_improve[0] == "A new lesson"
    assert to_markdown(merged) == to_markdown(file)


def test_a_row_added_to_the_timeline_is_one_change() -> None:
    draft = demo_document(dt.date(2025, 3, 4))
    text = to_markdown(draft)
    row = next(line for line in text.split("\n") if line.startswith("| 09:31 "))
    added = "| 09:33 | Desk lead joined the bridge | Carlos |"
    merged, changes = merge(draft, import_markdown(text.replace(row, row + "\n" + added)).doc)
    assert [c.describe() for c in changes] == [
        "Timeline, row 6: (added) → 09:33 | 'Desk lead joined the bridge' | 'Carlos'"]
    assert TimelineEvent(time=dt.time(9, 33), event="Desk lead joined the bridge",
                         actor="Carlos") in merged.timeline
    assert [r.milestone for r in merged.timeline if r.milestone] == [
        r.milestone for r in draft.timeline if r.milestone]


def test_the_status_is_not_merged() -> None:
    draft = demo_document(dt.date(2025, 3, 4))
    file = edited(draft, ("**Status**: Reviewed", "**Status**: Closed"))
    merged, changes = merge(draft, file)
    assert changes == [] and merged.header.status is Status.REVIEWED
