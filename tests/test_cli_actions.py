"""`postmortem actions` and `postmortem actions set` as a user runs them: every filter and
flavour, the refusals (one line, exit 2), the lock, and the history row of each change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from kit import FrozenClock
from test_action_report import TODAY, doc_with, item
from test_cli import one_error_line, run

from postmortem_tui.cli import cli
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.store import DraftStore


def pm(store: DraftStore, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--dir", str(store.folder), *args], catch_exceptions=False)


@pytest.fixture
def folder(store: DraftStore, clock: FrozenClock) -> DraftStore:
    clock.set(TODAY)
    store.save(doc_with("INC-20250301-001", dt.date(2025, 3, 1), [
        item(1, action="Renew the certificate", owner="Pedro Núñez", priority="P0",
             due="2025-03-10", category="Prevent Recurrence"),
        item(2, action='Alert on expiry, "early"', owner="Ana Restrepo", priority="P1",
             due="2025-03-18", status="In Progress", category="Improve Detection"),
        item(3, action="Write the runbook\nwith the renewal steps", owner="Mariana Gil",
             priority="P2", due="2025-03-05", status="Done", category="Process Changes"),
    ]))
    store.save(doc_with("INC-20250310-001", dt.date(2025, 3, 10), [
        item(1, action="=cmd|' /C calc'!A0", owner="JULIÁN ORTIZ", priority="P1",
             due="2025-03-25"),
    ], title="Orders rejected", status="Closed"))
    return store


def listed(result: Result) -> list[tuple[str, str]]:
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()[1:] if line.startswith("INC-")]
    return [(r[0], r[1]) for r in rows]


def test_table_newest_first_overdue_first(folder: DraftStore) -> None:
    result = pm(folder, "actions")
    assert result.output.splitlines()[0].split() == [
        "INCIDENT", "#", "ACTION", "OWNER", "P", "DUE", "STATUS", "CATEGORY", "LATE"]
    assert listed(result) == [
        ("INC-20250310-001", "1"),
        ("INC-20250301-001", "1"), ("INC-20250301-001", "2"), ("INC-20250301-001", "3"),
    ]
    first_overdue = next(line for line in result.output.splitlines() if "Renew" in line)
    assert first_overdue.rstrip().endswith("10d")
    assert "Write the runbook with the renewal steps" in result.output  # one line a row
    assert result.output.rstrip().endswith("4 items in 2 post-mortems: 3 not done, 2 overdue.")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--open"], [("INC-20250310-001", "1"), ("INC-20250301-001", "1"),
                      ("INC-20250301-001", "2")]),
        (["--overdue"], [("INC-20250301-001", "1"), ("INC-20250301-001", "2")]),
        (["--status", "done"], [("INC-20250301-001", "3")]),
        (["--status", "In Progress"], [("INC-20250301-001", "2")]),
        (["--owner", "nunez"], [("INC-20250301-001", "1")]),
        (["--owner", "julian ortiz"], [("INC-20250310-001", "1")]),
        (["--priority", "p0"], [("INC-20250301-001", "1")]),
        (["--priority", "P0", "--priority", "P2"], [("INC-20250301-001", "1"),
                                                    ("INC-20250301-001", "3")]),
        (["--since", "2025-03-02"], [("INC-20250310-001", "1")]),
        (["--open", "--owner", "ana", "--since", "2025-03-01"], [("INC-20250301-001", "2")]),
    ],
)
def test_filters(folder: DraftStore, args: list[str], expected: list[tuple[str, str]]) -> None:
    assert listed(pm(folder, "actions", *args)) == expected


def test_nothing_matches(folder: DraftStore, store: DraftStore) -> None:
    assert pm(folder, "actions", "--owner", "nobody").output == "No action item matches.\n"


def test_json(folder: DraftStore) -> None:
    result = pm(folder, "actions", "--json", "--overdue")
    records = json.loads(result.output)
    assert [(r["incident_id"], r["item"], r["days_overdue"]) for r in records] == [
        ("INC-20250301-001", 1, 10), ("INC-20250301-001", 2, 2)]
    first = records[0]
    assert first["owner"] == "Pedro Núñez" and first["priority"] == "P0"
    assert first["due"] == "2025-03-10" and first["status"] == "Open"
    assert first["category"] == "Prevent Recurrence" and first["link"] is None
    assert first["incident_title"] == "Quote feed stalled" and first["incident_status"] == "Draft"
    assert Path(first["path"]).name == "INC-20250301-001.toml"


def test_csv_flavours(folder: DraftStore) -> None:
    jira = list(csv.reader(io.StringIO(pm(folder, "actions", "--csv", "jira").output,
                                       newline="")))
    assert jira[0] == ["Summary", "Description", "Assignee", "Priority", "Due Date", "Labels",
                       "Labels"]
    assert [r[0] for r in jira[1:]] == [
        "'=cmd|' /C calc'!A0", "Renew the certificate", 'Alert on expiry, "early"',
        "Write the runbook with the renewal steps"]
    assert jira[4][1].startswith("Write the runbook\nwith the renewal steps\n\n")
    assert jira[2][2:] == ["Pedro Núñez", "Highest", "2025-03-10", "prevent-recurrence",
                           "INC-20250301-001"]
    gitlab = list(csv.reader(io.StringIO(
        pm(folder, "actions", "--csv", "gitlab", "--open").output, newline="")))
    assert gitlab[0] == ["Title", "Description", "Due Date"]
    assert [(r[0], r[2]) for r in gitlab[1:]] == [
        ("'=cmd|' /C calc'!A0", "2025-03-25"), ("Renew the certificate", "2025-03-10"),
        ('Alert on expiry, "early"', "2025-03-18")]
    gh = pm(folder, "actions", "--csv", "gh", "--priority", "P0").output
    assert gh.startswith("#!/bin/sh\n")
    assert "gh issue create '--title=Renew the certificate'" in gh
    assert gh.count("gh issue create") == 1


def test_bad_usage(folder: DraftStore) -> None:
    for args in (["--open", "--overdue"], ["--status", "Later"], ["--priority", "P3"],
                 ["--since", "yesterday"], ["--json", "--csv", "jira"], ["--csv", "excel"]):
        result = CliRunner().invoke(cli, ["--dir", str(folder.folder), "actions", *args])
        assert result.exit_code == 2, (args, result.output)


def test_unreadable_drafts_are_said_after_the_table(folder: DraftStore) -> None:
    (folder.folder / "INC-20250101-001.toml").write_text("not toml [")
    result = pm(folder, "actions")
    assert "1 draft cannot be read, so its items are not shown:" in result.output
    assert "INC-20250101-001.toml: not valid TOML" in result.output


def test_an_empty_folder(store: DraftStore) -> None:
    assert pm(store, "actions").output.startswith("No drafts in ")


# --- actions set ----------------------------------------------------------------------------


def test_set_changes_the_item_and_records_it(folder: DraftStore) -> None:
    result = pm(folder, "actions", "set", "INC-20250301-001", "1", "--status", "done",
                "--owner", "Ana Restrepo", "--due", "2025-03-28",
                "--link", "https://jira.example.com/browse/RISK-12", "--author", "Luis Pérez")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "INC-20250301-001 v0.1: Action item 1: status Open → Done; owner Pedro Núñez → Ana "
        "Restrepo; due date 2025-03-10 → 2025-03-28; tracker link (none) → "
        "https://jira.example.com/browse/RISK-12\n"
    )
    doc = folder.load(folder.folder / "INC-20250301-001.toml")
    changed = doc.actions[0]
    assert (changed.status.value, changed.owner, changed.due, changed.link) == (
        "Done", "Ana Restrepo", dt.date(2025, 3, 28), "https://jira.example.com/browse/RISK-12")
    (row,) = doc.history
    assert (row.version, row.date, row.author) == ("0.1", TODAY, "Luis Pérez")
    assert row.changes.startswith("Action item 1: status Open → Done; owner")
    # The listing follows at once (the cache is keyed by the file).
    assert listed(pm(folder, "actions", "--status", "Done")) == [
        ("INC-20250301-001", "1"), ("INC-20250301-001", "3")]


def test_set_on_a_closed_post_mortem_is_allowed_and_recorded(folder: DraftStore) -> None:
    path = folder.folder / "INC-20250310-001.toml"
    doc = folder.load(path)
    doc.history = []
    from postmortem_tui.core.model import HistoryEntry

    doc.history = [HistoryEntry(version="1.0", date=TODAY, author="A", changes="Reviewed")]
    folder.save(doc, path)
    result = pm(folder, "actions", "set", "INC-20250310", "1", "--status", "in progress")
    assert result.exit_code == 0, result.output
    doc = folder.load(path)
    assert doc.header.status.value == "Closed" and doc.actions[0].status.value == "In Progress"
    assert doc.history[-1].version == "1.1"


def test_set_same_values_changes_nothing(folder: DraftStore) -> None:
    path = folder.folder / "INC-20250301-001.toml"
    result = pm(folder, "actions", "set", "INC-20250301-001", "2", "--status", "In Progress")
    assert result.exit_code == 0
    assert "already holds that; nothing changed" in result.output
    assert folder.load(path).history == []


def test_set_refusals_name_what_is_wrong(folder: DraftStore) -> None:
    path = folder.folder / "INC-20250301-001.toml"
    before = path.read_bytes()
    for args, message in (
        (["1", "--due", "2025-02-30"], 'action item 1: Due date is not a real date: "2025-02-30"'),
        (["1", "--status", "Later"], "action item 1: Status must be one of Open, In Progress, "
                                     'Done, got "Later"'),
        (["1", "--link", "jira/RISK-1"], "action item 1: Tracker link must be a web address "
                                         '(https://...), got "jira/RISK-1"'),
        (["9", "--status", "Done"], "INC-20250301-001 has no action item 9; its items are 1, 2, 3"),
    ):
        result = CliRunner().invoke(
            cli, ["--dir", str(folder.folder), "actions", "set", "INC-20250301-001", *args])
        assert result.exit_code == 2
        assert result.output == f"postmortem: error: {message}\n"
    # A valid value beside a refused one is not applied either.
    CliRunner().invoke(cli, ["--dir", str(folder.folder), "actions", "set", "INC-20250301-001",
                             "1", "--owner", "Luis", "--due", "soon"])
    assert path.read_bytes() == before
    result = CliRunner().invoke(
        cli, ["--dir", str(folder.folder), "actions", "set", "INC-20250301-001", "1"])
    assert result.exit_code == 2 and "nothing to change" in result.output


def test_set_is_refused_while_the_draft_is_open_elsewhere(folder: DraftStore) -> None:
    path = folder.folder / "INC-20250301-001.toml"
    before = path.read_bytes()
    lock = DraftLock(path)
    lock.acquire()
    try:
        proc = run("actions", "set", "INC-20250301-001", "1", "--status", "Done",
                   folder=folder.folder)
    finally:
        lock.release()
    line = one_error_line(proc)
    assert "INC-20250301-001.toml is open in another terminal (process " in line
    assert line.endswith("nothing was changed: make the change there, or quit the wizard there "
                         "and try again")
    assert path.read_bytes() == before
    # Once it is closed there, the change goes through.
    proc = run("actions", "set", "INC-20250301-001", "1", "--status", "Done",
               folder=folder.folder)
    assert proc.returncode == 0, proc.stderr


def test_errors_are_one_line_exit_2(folder: DraftStore) -> None:
    one_error_line(run("actions", "set", "nope", "1", "--status", "Done", folder=folder.folder))
    one_error_line(run("actions", "set", "INC-20250301-001", "1", "--due", "x",
                       folder=folder.folder))
