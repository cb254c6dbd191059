"""Three-way merge of drafts (core/draft_merge.py): two people's edits of the demo post-mortem."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.draft_file import from_data
from postmortem_tui.core.draft_merge import (
    MISSING,
    Conflict,
    MergeResult,
    in_time_order,
    label_of,
    merge3,
)
from postmortem_tui.core.toml_writer import render, snapshot

Data = dict[str, Any]
Edit = Callable[[Data], None]

_BASE_TEXT = render(snapshot(demo_document(dt.date(2026, 12, 1), "INC-20261201-001")))


def base() -> Data:
    return tomllib.loads(_BASE_TEXT)


def loads_stable(data: Data) -> None:
    """The merged data loads through the model and writes back the same bytes."""
    text = render(data)
    doc = from_data(tomllib.loads(text))
    assert render(snapshot(doc)) == text


# --- edits, by section -------------------------------------------------------------------------

words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12).map(
    lambda s: s.strip() or "x"
)
times = st.tuples(st.integers(9, 12), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")


def set_in(*path: str | int) -> Callable[[Any], Edit]:
    def make(value: Any) -> Edit:
        def edit(data: Data) -> None:
            target: Any = data
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value

        return edit

    return make


def _append_row(section: str) -> Callable[[Any], Edit]:
    def make(row: Any) -> Edit:
        def edit(data: Data) -> None:
            data.setdefault(section, []).append(row)

        return edit

    return make


def _delete_row(section: str) -> Callable[[int], Edit]:
    def make(index: int) -> Edit:
        def edit(data: Data) -> None:
            rows = data[section]
            del rows[index % len(rows)]

        return edit

    return make


def _edit_row(section: str, key: str) -> Callable[[tuple[int, Any]], Edit]:
    def make(args: tuple[int, Any]) -> Edit:
        index, value = args

        def edit(data: Data) -> None:
            rows = data[section]
            rows[index % len(rows)][key] = value

        return edit

    return make


def _append_bullet(section: str, key: str) -> Callable[[str], Edit]:
    def make(text: str) -> Edit:
        def edit(data: Data) -> None:
            data[section].setdefault(key, []).append(text)

        return edit

    return make


timeline_rows = st.builds(lambda t, e: {"time": t, "event": e, "actor": "System"}, times, words)
action_rows = st.builds(
    lambda n, a: {"id": n, "action": a, "owner": "Ana", "status": "Open", "link": ""},
    st.integers(6, 9), words,
)
factor_rows = st.builds(
    lambda t: {"title": t, "description": "d", "contribution": "c"}, words
)

EDITS: dict[str, st.SearchStrategy[Edit]] = {
    "header": st.one_of(words.map(set_in("header", "title")),
                        st.sampled_from(["P1", "P2", "P3"]).map(set_in("header", "severity"))),
    "summary": words.map(set_in("summary")),
    "impact": st.one_of(words.map(set_in("impact", "financial_description")),
                        words.map(_append_bullet("impact", "qualitative"))),
    "timeline": st.one_of(
        timeline_rows.map(_append_row("timeline")),
        st.tuples(st.integers(0, 99), words).map(_edit_row("timeline", "event")),
        st.integers(0, 99).map(_delete_row("timeline")),
    ),
    "root_cause": st.one_of(words.map(set_in("root_cause", "why_it_happened")),
                            words.map(_append_bullet("root_cause", "gaps"))),
    "factors": st.one_of(factor_rows.map(_append_row("factors")),
                         st.tuples(st.integers(0, 99), words).map(_edit_row("factors", "title"))),
    "resolution": words.map(set_in("resolution", "immediate_fix")),
    "actions": st.one_of(
        action_rows.map(_append_row("actions")),
        st.tuples(st.integers(0, 99), st.sampled_from(["Open", "Done", "In Progress"])).map(
            _edit_row("actions", "status")),
    ),
    "lessons": words.map(_append_bullet("lessons", "went_well")),
    "appendix": words.map(set_in("appendix", "logs")),
    "signoff": words.map(set_in("signoff", "author", "name")),
}


def edited(data: Data, edits: list[Edit]) -> Data:
    data = copy.deepcopy(data)
    for edit in edits:
        edit(data)
    return data


def edits_of(sections: list[str]) -> st.SearchStrategy[list[Edit]]:
    return st.lists(st.one_of(*(EDITS[s] for s in sections)), min_size=1, max_size=4)


any_edits = edits_of(list(EDITS))
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_edits)
def test_one_side_changed_takes_that_side(edits: list[Edit]) -> None:
    b = base()
    x = edited(b, edits)
    for result in (merge3(b, b, x), merge3(b, x, b), merge3(b, x, x)):
        assert isinstance(result, MergeResult)
        assert result.conflicts == []
        assert result.merged == x


@FAST
@given(st.data())
def test_edits_to_different_sections_never_conflict(data: st.DataObject) -> None:
    keys = list(EDITS)
    mine = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
    others = [k for k in keys if k not in mine]
    theirs = data.draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
    b = base()
    ours_edits = data.draw(edits_of(mine))
    theirs_edits = data.draw(edits_of(theirs))
    o, t = edited(b, ours_edits), edited(b, theirs_edits)
    result = merge3(b, o, t)
    assert result.conflicts == []
    for key in mine:
        assert result.merged.get(key) == o.get(key)
    for key in theirs:
        assert result.merged.get(key) == t.get(key)
    loads_stable(result.merged)


@FAST
@given(st.lists(timeline_rows, min_size=1, max_size=3), st.lists(timeline_rows, min_size=1,
                                                                  max_size=3))
def test_timeline_rows_added_on_both_sides_are_all_kept_in_time_order(
    mine: list[Data], theirs: list[Data]
) -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["timeline"] += mine
    t["timeline"] += theirs
    o, t = in_time_order(o), in_time_order(t)  # as the wizard keeps them
    result = merge3(b, o, t)
    assert result.conflicts == []
    rows = result.merged["timeline"]
    for row in [*mine, *theirs]:
        assert row in rows
    doc = from_data(copy.deepcopy(result.merged))
    assert doc.timeline_is_chronological()
    loads_stable(result.merged)


def test_a_value_changed_on_both_sides_is_a_conflict_keeping_ours() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["impact"]["financial_amount"] = "$1,000"
    t["impact"]["financial_amount"] = "$2,000"
    t["summary"] = "Theirs summary."
    result = merge3(b, o, t)
    assert result.conflicts == [
        Conflict(("impact", "financial_amount"), "Impact › Financial impact amount",
                 "$41,250", "$1,000", "$2,000")
    ]
    assert result.merged["impact"]["financial_amount"] == "$1,000"
    assert result.merged["summary"] == "Theirs summary."
    assert not result.clean
    loads_stable(result.merged)


def test_a_row_edited_on_both_sides_merges_field_by_field() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["actions"][1]["status"] = "Open"
    t["actions"][1]["owner"] = "Carlos Mejía"
    result = merge3(b, o, t)
    assert result.conflicts == []
    assert result.merged["actions"][1]["status"] == "Open"
    assert result.merged["actions"][1]["owner"] == "Carlos Mejía"
    o["actions"][1]["owner"] = "Julián Ortiz"
    conflict, = merge3(b, o, t).conflicts
    assert conflict.path == ("actions", 1, "owner")
    assert conflict.label == "Action Items › row 2 › Owner"


def test_a_row_edited_on_one_side_and_deleted_on_the_other_is_a_conflict() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["factors"][0]["title"] = "Ours"
    del t["factors"][0]
    result = merge3(b, o, t)
    conflict, = result.conflicts
    assert conflict.path == ("factors", 0)
    assert conflict.theirs is MISSING
    assert conflict.label == "Contributing Factors › row 1"
    assert result.merged["factors"][0]["title"] == "Ours"
    swapped = merge3(b, t, o)
    assert len(swapped.conflicts) == 1
    assert len(swapped.merged["factors"]) == len(b["factors"]) - 1


def test_action_items_added_on_both_sides_keep_apart_ids() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    row = dict(b["actions"][0], status="Open")
    o["actions"].append(dict(row, id=6, action="Ours"))
    t["actions"].append(dict(row, id=6, action="Theirs"))
    result = merge3(b, o, t)
    assert result.conflicts == []
    assert [(a["id"], a["action"]) for a in result.merged["actions"][-2:]] == [
        (6, "Ours"), (7, "Theirs")]
    loads_stable(result.merged)


def test_history_is_the_union_in_date_order_and_the_wizard_position_is_ours() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["history"].append({"version": "1.1", "date": dt.date(2026, 12, 3), "author": "A",
                         "changes": "Ours"})
    t["history"].append({"version": "1.1", "date": dt.date(2026, 12, 2), "author": "B",
                         "changes": "Theirs"})
    o["wizard"]["section"] = "impact"
    t["wizard"]["section"] = "timeline"
    result = merge3(b, o, t)
    assert result.conflicts == []
    assert [h["changes"] for h in result.merged["history"][-2:]] == ["Theirs", "Ours"]
    assert result.merged["wizard"]["section"] == "impact"
    loads_stable(result.merged)


def test_labels_name_sections_and_fields() -> None:
    assert label_of(("summary",)) == "Executive Summary"
    assert label_of(("timeline", 2, "event")) == "Timeline › row 3 › Event"
    assert label_of(("signoff", "author", "name")) == "Sign-off › Author › Author name"


def test_a_row_edited_next_to_a_deleted_one_is_still_an_edit() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["actions"][1]["status"] = "Open"
    del o["actions"][2]
    t["actions"][1]["owner"] = "Carlos Mejía"
    result = merge3(b, o, t)
    assert result.conflicts == []
    assert [a["id"] for a in result.merged["actions"]] == [1, 2, 4, 5]
    assert (result.merged["actions"][1]["status"], result.merged["actions"][1]["owner"]) == (
        "Open", "Carlos Mejía")
    t["actions"][2]["owner"] = "Ana Restrepo (edited)"
    conflict, = merge3(b, o, t).conflicts
    assert conflict.path == ("actions", 2) and conflict.ours is MISSING


def test_the_merged_data_is_its_own() -> None:
    b = base()
    o, t = copy.deepcopy(b), copy.deepcopy(b)
    o["summary"] = "Ours."
    merged = merge3(b, o, t).merged
    merged["impact"]["financial_amount"] = "$0"
    merged["timeline"].clear()
    assert t["impact"]["financial_amount"] == "$41,250" and t["timeline"]
