"""Action items across drafts (core): filters, order, the actions cache, and the trackers' CSV
and `gh` script read back as a tracker would read them, hostile text included."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import action_cache
from postmortem_tui.core.action_cache import ACTIONS_FILE
from postmortem_tui.core.action_report import (
    ActionQuery,
    ActionRow,
    DraftActions,
    Incident,
    fold,
    follow_up_items,
    from_row,
    owner_matches,
    select,
    to_row,
)
from postmortem_tui.core.model import ActionItem, FollowUp, HistoryEntry, PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.tracker_export import (
    GITLAB_HEADER,
    JIRA_HEADER,
    TITLE_MAX,
    description,
    gh_script,
    gitlab_csv,
    jira_csv,
    title_text,
    tracker_text,
)

TODAY = dt.date(2025, 3, 20)

HOSTILE = [
    'Say "no" to the, comma',
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1 retry budget",
    "-rf everything",
    "@SUM(A1:A9)",
    "line one\nline two\r\nline three\rline four",
    "$(rm -rf ~) `reboot` ; echo 'pwned' \\ \"",
    "tab\there, NUL\x00gone, ESC\x1b[31mred\x1b[0m, bell\x07",
    "Núñez’s café — 日本語 🚀",
    "",
]


def doc_with(
    ident: str,
    day: dt.date | None,
    items: list[ActionItem],
    *,
    title: str = "Quote feed stalled",
    status: str = "Draft",
) -> PostMortem:
    doc = PostMortem.new(title=title, incident_id=ident, when=day)
    doc.header.status = status  # type: ignore[assignment]
    doc.actions = items
    return doc


def item(n: int, **fields: object) -> ActionItem:
    return ActionItem(id=n, **fields)  # type: ignore[arg-type]


@pytest.fixture
def folder(store: DraftStore) -> DraftStore:
    store.save(doc_with("INC-20250301-001", dt.date(2025, 3, 1), [
        item(1, action="Renew the certificate", owner="Pedro Núñez", priority="P0",
             due="2025-03-10", status="Open", category="Prevent Recurrence"),
        item(2, action="Alert on expiry", owner="Ana Restrepo", priority="P1",
             due="2025-03-18", status="In Progress", category="Improve Detection"),
        item(3, action="Write the runbook", owner="Mariana Gil", priority="P2",
             due="2025-03-05", status="Done", category="Process Changes"),
        item(4, action="Train on-call", owner="Ana Restrepo", priority="P2",
             due="2025-04-01", status="Open", category="Training"),
    ]))
    store.save(doc_with("INC-20250310-001", dt.date(2025, 3, 10), [
        item(1, action="Cap the retries", owner="JULIÁN ORTIZ", priority="P1", due="2025-03-19"),
        item(2, action="Shed load earlier", owner="Pedro Nunez", priority="P0", due="2025-03-01"),
    ]))
    return store


def ids(rows: list[ActionRow]) -> list[tuple[str, int]]:
    return [(r.incident.incident_id, r.item_id) for r in rows]


# --- matching and order -------------------------------------------------------------------------


def test_the_filters_choices_are_the_models() -> None:
    from postmortem_tui.core.action_report import ACTION_STATUSES, PRIORITIES
    from postmortem_tui.core.model import ActionStatus, Priority

    assert tuple(s.value for s in ActionStatus) == ACTION_STATUSES
    assert tuple(p.value for p in Priority) == PRIORITIES


def test_owner_matching_ignores_case_and_accents_by_word() -> None:
    assert fold("Núñez") == "nunez" and fold("ÅNGSTRÖM") == "angstrom"
    assert owner_matches("nunez", "Pedro Núñez")
    assert owner_matches("NÚÑEZ", "pedro nunez")
    assert owner_matches("ana r", "Ana Restrepo")
    assert owner_matches("julian", "JULIÁN ORTIZ")
    assert not owner_matches("ana", "Mariana Gil")  # a word's start, not anywhere
    assert not owner_matches("ana x", "Ana Restrepo")


def test_newest_incident_first_and_overdue_first_within_it(folder: DraftStore) -> None:
    rows = select(folder.actions(), ActionQuery(), TODAY)
    assert ids(rows) == [
        # Newest incident first; its most overdue item first (19 days), then 1 day.
        ("INC-20250310-001", 2), ("INC-20250310-001", 1),
        # Overdue (10 days, then 2), then the rest in the document's order.
        ("INC-20250301-001", 1), ("INC-20250301-001", 2),
        ("INC-20250301-001", 3), ("INC-20250301-001", 4),
    ]
    assert [r.days_overdue(TODAY) for r in rows] == [19, 1, 10, 2, 0, 0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ActionQuery(open_only=True), {("INC-20250310-001", 1), ("INC-20250310-001", 2),
                                       ("INC-20250301-001", 1), ("INC-20250301-001", 2),
                                       ("INC-20250301-001", 4)}),
        (ActionQuery(overdue_only=True), {("INC-20250310-001", 1), ("INC-20250310-001", 2),
                                          ("INC-20250301-001", 1), ("INC-20250301-001", 2)}),
        (ActionQuery(status="Done"), {("INC-20250301-001", 3)}),
        (ActionQuery(status="In Progress"), {("INC-20250301-001", 2)}),
        (ActionQuery(owner="nunez"), {("INC-20250301-001", 1), ("INC-20250310-001", 2)}),
        (ActionQuery(priorities=frozenset({"P0"})), {("INC-20250301-001", 1),
                                                     ("INC-20250310-001", 2)}),
        (ActionQuery(priorities=frozenset({"P0", "P2"}), owner="ana"), {("INC-20250301-001", 4)}),
        (ActionQuery(since=dt.date(2025, 3, 10)), {("INC-20250310-001", 1),
                                                   ("INC-20250310-001", 2)}),
        (ActionQuery(since=dt.date(2025, 3, 11)), set()),
    ],
)
def test_filters(folder: DraftStore, query: ActionQuery, expected: set[tuple[str, int]]) -> None:
    assert set(ids(select(folder.actions(), query, TODAY))) == expected


def test_an_item_due_today_is_not_overdue_and_done_never_is() -> None:
    inc = Incident("INC-20250301-001", "", None, None, "Draft")
    row = ActionRow(inc, Path("x.toml"), 0, 1, "", "", None, TODAY, "Open", None)
    assert row.days_overdue(TODAY) == 0
    assert row.days_overdue(TODAY + dt.timedelta(days=3)) == 3
    done = ActionRow(inc, Path("x.toml"), 0, 1, "", "", None, TODAY, "Done", None)
    assert done.days_overdue(TODAY + dt.timedelta(days=3)) == 0


# --- the cache ----------------------------------------------------------------------------------


def test_rows_round_trip_through_the_cache_format(folder: DraftStore) -> None:
    for draft in folder.actions():
        again = from_row(json.loads(json.dumps(to_row(draft))), draft.path)
        assert again == draft
    for bad in ({}, {"incident": [], "actions": [], "follow_ups": []}, [1, 2],
                {"incident": ["I", "t", "2025-13-01", None, "Draft"], "actions": [],
                 "follow_ups": []}):
        with pytest.raises(ValueError):
            from_row(bad, Path("x.toml"))


def test_the_cache_is_used_and_never_stale(
    folder: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = folder.actions()
    assert (folder.folder / ACTIONS_FILE).is_file()
    reads: list[Path] = []
    real = action_cache.CACHE.read

    def counting(path: Path) -> tuple[DraftActions, bool]:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(action_cache.CACHE, "read", counting)
    again = folder.actions()
    assert reads == [] and sorted(again, key=lambda d: d.path) == sorted(
        first, key=lambda d: d.path)
    # A change to one draft: that one is read again, and shows the change.
    path = folder.folder / "INC-20250310-001.toml"
    doc = folder.load(path)
    doc.actions[0].status = "Done"  # type: ignore[assignment]
    folder.save(doc, path)
    changed = {d.path: d for d in folder.actions()}
    assert reads == [path]
    assert changed[path].actions[0].status == "Done"
    # A cache that is not ours, or not JSON, is ignored and rewritten.
    (folder.folder / ACTIONS_FILE).write_text('{"stamp": 1, "drafts": {}}')
    assert len(folder.actions()) == 2
    (folder.folder / ACTIONS_FILE).write_text("not json")
    assert len(folder.actions()) == 2
    assert json.loads((folder.folder / ACTIONS_FILE).read_text())["drafts"]


def test_the_caches_are_stamped_with_every_core_module_subpackages_included() -> None:
    from postmortem_tui.core.summaries import cache_stamp

    names = {entry.split(":")[0] for entry in cache_stamp()["code"]}
    assert {"model.py", "action_report.py", "sections/signoff.py"} <= names
    assert "actions_format" in action_cache.CACHE.stamp()


def test_an_unreadable_draft_is_reported_with_its_path(folder: DraftStore) -> None:
    bad = folder.folder / "INC-20250101-001.toml"
    bad.write_text("not toml [")
    for _ in range(2):  # read, then from the cache
        broken = [d for d in folder.actions() if d.error is not None]
        assert [d.path for d in broken] == [bad]
        assert broken[0].error is not None and broken[0].error.startswith(f"{bad}: not valid TOML")


# --- follow-ups for the home screen ---------------------------------------------------------------


def test_follow_ups_are_overdue_items_and_reviews_due_this_week_or_missed(
    store: DraftStore,
) -> None:
    doc = doc_with("INC-20250301-001", dt.date(2025, 3, 1), [
        item(1, action="Renew", due="2025-03-18"),
        item(2, action="Done already", due="2025-03-01", status="Done"),
        item(3, action="Later", due="2025-03-25"),
    ])
    doc.signoff.follow_ups = [
        FollowUp(date=dt.date(2025, 3, 20), review_type="Action items check", owner="Ana"),
        FollowUp(date=dt.date(2025, 3, 26), review_type="30-day retrospective"),
        FollowUp(date=dt.date(2025, 3, 27), review_type="Too far"),
        FollowUp(date=dt.date(2025, 3, 12), review_type="Missed one"),
        FollowUp(date=dt.date(2025, 3, 5), review_type="Recorded one"),
    ]
    doc.history = [HistoryEntry(version="0.1", date=dt.date(2025, 3, 6), author="Ana",
                                changes="Checked the items")]
    store.save(doc)
    closed = doc_with("INC-20250302-001", dt.date(2025, 3, 2), [item(1, due="2025-03-19")],
                      status="Closed")
    closed.signoff.follow_ups = [FollowUp(date=dt.date(2025, 3, 21), review_type="Close-out")]
    store.save(closed)
    items = follow_up_items(store.actions(), TODAY)
    assert [(i.kind, i.incident.incident_id, i.text, i.note) for i in items] == [
        ("review", "INC-20250301-001", "Missed one", "due 8 days ago"),
        ("action", "INC-20250301-001", "#1 Renew", "2 days overdue"),
        # A closed post-mortem's items go on; its review schedule has ended.
        ("action", "INC-20250302-001", "#1 Action item 1", "1 day overdue"),
        ("review", "INC-20250301-001", "Action items check", "due today"),
        ("review", "INC-20250301-001", "30-day retrospective", "in 6 days"),
    ]
    assert [i.index for i in items] == [3, 0, 0, 0, 1]


# --- trackers -----------------------------------------------------------------------------------


def hostile_rows() -> list[ActionRow]:
    inc = Incident("INC-20250301-001", 'Feed "stalled",\nagain', dt.date(2025, 3, 1), "P1",
                   "Draft")
    return [
        ActionRow(inc, Path("x.toml"), i, i + 1, text, HOSTILE[-2 - i % 3], "P0", TODAY, "Open",
                  "Prevent Recurrence", "https://jira.example.com/browse/RISK-1?a=1&b=2")
        for i, text in enumerate(HOSTILE)
    ]


def read_csv(text: str) -> list[list[str]]:
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def unguarded(cell: str) -> str:
    """What was meant: the `'` that keeps a spreadsheet from running a formula taken off."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def action_of(desc: str) -> str:
    """The action as typed: everything before the last blank line of a description."""
    return desc.rsplit("\n\n", 1)[0] if "\n\n" in desc else ""


def test_jira_csv_reads_back_with_every_column_and_value() -> None:
    rows = hostile_rows()
    table = read_csv(jira_csv(rows))
    assert table[0] == list(JIRA_HEADER)
    assert len(table) == len(rows) + 1
    for row, cells in zip(rows, table[1:], strict=True):
        assert len(cells) == len(JIRA_HEADER)
        summary, desc, assignee, priority, due, category, incident = map(unguarded, cells)
        assert summary == (title_text(row.action)
                           or f"Action item {row.item_id} of INC-20250301-001")
        assert "\n" not in summary and "\x1b" not in summary
        assert action_of(desc) == tracker_text(row.action)
        assert "From the post-mortem INC-20250301-001: Feed \"stalled\", again" in desc
        assert f"Action item {row.item_id}" in desc
        assert "Link: https://jira.example.com/browse/RISK-1?a=1&b=2" in desc
        assert assignee == title_text(row.owner)
        assert (priority, due, category, incident) == (
            "Highest", "2025-03-20", "prevent-recurrence", "INC-20250301-001")


def test_gitlab_csv_reads_back() -> None:
    rows = hostile_rows()
    table = read_csv(gitlab_csv(rows))
    assert table[0] == list(GITLAB_HEADER)
    for row, cells in zip(rows, table[1:], strict=True):
        title, desc, due = map(unguarded, cells)
        assert title.startswith(title_text(row.action) or "Action item")
        assert action_of(desc) == tracker_text(row.action)
        assert due == "2025-03-20"


def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote() -> None:
    table = read_csv(jira_csv(hostile_rows()))
    starts = [cells[0][:2] for cells in table[2:6]]
    assert starts == ["'=", "'+", "'-", "'@"]
    for cells in table[1:]:
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_multi_line_values_are_quoted_and_controls_dropped() -> None:
    text = jira_csv(hostile_rows())
    assert '"line one\nline two\nline three\nline four' in text
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    assert "tab here, NUL" in text


def test_a_long_action_is_cut_in_the_title_and_whole_in_the_description() -> None:
    inc = Incident("INC-20250301-001", "", None, None, "Draft")
    long_action = "word " * 200
    row = ActionRow(inc, Path("x.toml"), 0, 1, long_action, "", None, None, "Open", None)
    title, desc, due = read_csv(gitlab_csv([row]))[1]
    assert len(title) == TITLE_MAX and title.endswith("…")
    assert action_of(desc) == long_action and due == ""


def gh_calls(script: str) -> list[list[str]]:
    """The `gh issue create` calls of a script, as the shell would pass them."""
    tokens = shlex.split(script, comments=True, posix=True)
    calls: list[list[str]] = []
    for token in tokens:
        if token == "gh":
            calls.append([])
        elif calls:
            calls[-1].append(token)
    return [c[2:] for c in calls if c[:2] == ["issue", "create"]]


def test_gh_script_quotes_every_text() -> None:
    rows = hostile_rows()
    calls = gh_calls(gh_script(rows))
    assert len(calls) == len(rows)
    for row, args in zip(rows, calls, strict=True):
        assert args[0] == "--title=" + (title_text(row.action) or
                                        f"Action item {row.item_id} of INC-20250301-001")
        assert args[1] == "--body=" + description(row)
        assert args[2:] == ["--label=P0", "--label=Prevent Recurrence"]


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_gh_script_runs_no_text_as_a_command(tmp_path: Path) -> None:
    # A stand-in `gh` records what it is given; the hostile texts must arrive as they are.
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    log = tmp_path / "calls.jsonl"
    fake.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
    )
    fake.chmod(0o755)
    rows = hostile_rows()
    script = tmp_path / "actions.sh"
    script.write_text(gh_script(rows), encoding="utf-8")
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
           "HOME": str(tmp_path)}
    proc = subprocess.run(["sh", str(script)], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    created = [c[2:] for c in calls if c[:2] == ["issue", "create"]]
    assert [c for c in calls if c[:2] == ["label", "create"]] == [
        ["label", "create", "P0"], ["label", "create", "Prevent Recurrence"]]
    assert len(created) == len(rows)
    for row, args in zip(rows, created, strict=True):
        assert args[1] == "--body=" + description(row)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actions.sh", "bin", "calls.jsonl"]


# --- property: any action text survives every flavour ---------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")).filter(
        lambda c: c not in "\u2028\u2029\x85" and not 0x202A <= ord(c) <= 0x202E
        and not 0x2066 <= ord(c) <= 0x2069
    ), max_size=80,
)


def _row(action: str, owner: str = "Ana") -> ActionRow:
    inc = Incident("INC-20250301-001", "Title", None, None, "Draft")
    return ActionRow(inc, Path("x.toml"), 0, 7, action, owner, "P1", None, "Open",
                     "Training", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(action=ANY_TEXT, owner=ANY_TEXT)
def test_any_action_text_survives_each_flavour(action: str, owner: str) -> None:
    # What the model stores: its own cleaning first.
    action = ActionItem(action=action).action
    row = _row(action, owner)
    expected = tracker_text(action).strip("\n")
    for table in (read_csv(jira_csv([row])), read_csv(gitlab_csv([row]))):
        assert len(table) == 2
        desc = unguarded(table[1][1])
        assert action_of(desc) == expected
        assert unguarded(table[1][0]) == (title_text(action) or
                                          "Action item 7 of INC-20250301-001")
    (args,) = gh_calls(gh_script([row]))
    assert args[1] == "--body=" + description(row)
    assert action_of(args[1].removeprefix("--body=")) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(action=PRINTABLE)
def test_printable_action_text_survives_exactly(action: str) -> None:
    # Without control characters nothing is dropped: the description holds the text as typed.
    row = _row(action)
    desc = unguarded(read_csv(gitlab_csv([row]))[1][1])
    assert action_of(desc) == action.strip("\n")
