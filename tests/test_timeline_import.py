"""`postmortem timeline import`: the window, the rows in time order with where they came from,
nothing twice, milestones only where unset, nothing written when a source fails, and an export
unchanged by provenance."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kit import FrozenClock
from test_export import assert_structure
from timeline_samples import (
    DAY,
    END,
    START,
    at,
    write_alertmanager,
    write_app_log,
    write_pagerduty_log,
    write_slack_export,
    write_zsh,
)

from postmortem_tui.core import timeline_inbox
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import Milestone, PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeline_add import new_row
from postmortem_tui.core.timeline_import import (
    apply,
    default_window,
    event_text,
    plan,
    read_all,
    window_for,
)
from postmortem_tui.core.timeline_sources import ReadOptions, SourceEvent
from postmortem_tui.core.toml_writer import to_toml

NOW = at("12:00")


def incident(**header: object) -> PostMortem:
    doc = PostMortem.new(title="Order gateway rejects", incident_id="INC-20261124-001", when=DAY)
    doc.header.start_time, doc.header.end_time = START, END
    for name, value in header.items():
        setattr(doc.header, name, value)
    return doc


def sources(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_zsh(folder / ".zsh_history"),
        write_app_log(folder / "order-gateway.log"),
        write_pagerduty_log(folder / "pagerduty.json"),
        write_slack_export(folder / "slack"),
    ]


def imported(doc: PostMortem, paths: list[Path], **kw: object) -> list[str]:
    window = default_window(doc, NOW)
    options = ReadOptions(since=window.since, until=window.until, day=DAY)
    proposals = plan(doc, read_all(paths, options), window, **kw)  # type: ignore[arg-type]
    applied = apply(doc, proposals.proposals)
    return [r.event for r in applied.rows]


# --- the window ----------------------------------------------------------------------------------


def test_default_window_is_the_incident_and_half_an_hour_each_side() -> None:
    window = default_window(incident(), NOW)
    assert (window.since, window.until) == (at("08:45"), at("11:20"))
    assert window.describe() == "2026-11-24 08:45 – 11:20 COT"


def test_an_open_incident_goes_until_now() -> None:
    window = default_window(incident(end_time=None), NOW)
    assert window.until == NOW and window.open_ended
    assert window.describe().endswith("12:00 (now) COT")


def test_a_window_across_midnight() -> None:
    doc = incident(start_time=dt.time(23, 30), end_time=dt.time(0, 40))
    window = default_window(doc, NOW)
    assert (window.since, window.until) == (at("23:00"), at("01:10", day=DAY + dt.timedelta(1)))
    given = window_for(doc, NOW, "23:45", "00:15")
    assert given.until == at("00:15", day=DAY + dt.timedelta(1))


def test_since_and_until() -> None:
    doc = incident()
    window = window_for(doc, NOW, "09:00", None)
    assert (window.since, window.until) == (at("09:00"), at("11:20"))
    window = window_for(doc, NOW, "2026-11-24T14:00:00Z", "2026-11-24 10:00")
    assert (window.since, window.until) == (at("09:00"), at("10:00"))
    with pytest.raises(DraftError, match="--since must be HH:MM"):
        window_for(doc, NOW, "nine", None)


def test_no_start_time_needs_since() -> None:
    doc = incident(start_time=None)
    with pytest.raises(DraftError, match=r"has no start time.*give --since"):
        default_window(doc, NOW)
    assert window_for(doc, NOW, "09:00", "10:00").until == at("10:00")


# --- proposals and rows --------------------------------------------------------------------------


def test_a_full_import_into_a_new_draft(tmp_path: Path) -> None:
    doc = incident()
    added = imported(doc, sources(tmp_path))
    timed = [r for r in doc.timeline if r.time is not None]
    assert [r.time for r in timed] == sorted(r.time for r in timed)  # time order
    assert doc.timeline_is_chronological()
    assert "$ kubectl -n trading rollout undo deployment/limits-loader" in added
    loop = next(r for r in doc.timeline if r.event.startswith("$ for pod"))
    assert loop.event == "$ for pod in $(kubectl -n trading get pods -o name); do …"
    assert loop.full_text is not None and loop.full_text.endswith("\ndone")
    assert loop.source is not None and loop.source.startswith("zsh:")
    assert loop.source.endswith(".zsh_history:4") and loop.source_time and loop.source_key
    # The pager's alert and acknowledgement are the milestones' times, not rows of their own.
    assert doc.milestone_time(Milestone.ALERT_TRIGGERED) == dt.time(9, 16)
    ack = next(r for r in doc.timeline if r.milestone is Milestone.ON_CALL_ACKNOWLEDGED)
    assert (ack.time, ack.actor, ack.event) == (dt.time(9, 19), "Ana Restrepo",
                                                "On-call acknowledged")
    # Its resolution is an event; Service restored stays the author's to set.
    assert "PagerDuty: resolved by Ana Restrepo" in added
    assert doc.milestone_time(Milestone.SERVICE_RESTORED) is None


def test_importing_again_adds_nothing(tmp_path: Path) -> None:
    doc = incident()
    paths = sources(tmp_path)
    first = imported(doc, paths)
    rows = len(doc.timeline)
    assert first and imported(doc, paths) == []
    assert len(doc.timeline) == rows
    # The same source copied elsewhere is the same events.
    copy = tmp_path / "copy.log"
    copy.write_bytes((tmp_path / "order-gateway.log").read_bytes())
    assert imported(doc, [copy]) == []


def test_repeated_notifications_are_one_event(tmp_path: Path) -> None:
    doc = incident()
    added = imported(doc, [write_alertmanager(tmp_path / "am.json")])
    assert doc.milestone_time(Milestone.ALERT_TRIGGERED) == dt.time(9, 14)
    assert added == ["Alert resolved: RejectRate on trade-gw-1: Reject rate above 5%"]


def test_milestones_only_where_unset_and_typed_text_kept(tmp_path: Path) -> None:
    doc = incident()
    alert = next(r for r in doc.timeline if r.milestone is Milestone.ALERT_TRIGGERED)
    alert.time, alert.event = dt.time(9, 15), "Reject-rate alert paged the desk"
    added = imported(doc, [write_pagerduty_log(tmp_path / "pd.json")])
    assert (alert.time, alert.event) == (dt.time(9, 15), "Reject-rate alert paged the desk")
    assert "PagerDuty alert: [#2211] Order gateway reject rate above 5%" in added


def test_restored_can_be_taken(tmp_path: Path) -> None:
    doc = incident()
    window = default_window(doc, NOW)
    options = ReadOptions(since=window.since, until=window.until)
    proposals = plan(doc, read_all([write_pagerduty_log(tmp_path / "pd.json")], options), window)
    restored = next(p for p in proposals.proposals if p.milestone is Milestone.SERVICE_RESTORED)
    assert restored.chosen and not restored.fill
    restored.fill = True
    apply(doc, proposals.proposals)
    assert doc.milestone_time(Milestone.SERVICE_RESTORED) == dt.time(10, 48)


def test_actor_given_for_every_event(tmp_path: Path) -> None:
    doc = incident()
    imported(doc, [write_zsh(tmp_path / "h")], actor="On-call SRE")
    assert {r.actor for r in doc.timeline if r.source} == {"On-call SRE"}


def test_event_text() -> None:
    base = {"when": at("09:00"), "actor": "", "family": "log", "source": "x", "line": 1,
            "original": "x"}
    assert event_text(SourceEvent(text="a\nb", **base)) == "a …"  # type: ignore[arg-type]
    assert event_text(SourceEvent(text="ls -la /srv", shell=True, **base)) == (  # type: ignore[arg-type]
        "$ ls -la /srv"
    )


def test_provenance_is_not_exported(tmp_path: Path) -> None:
    doc = incident()
    imported(doc, sources(tmp_path))
    markdown = to_markdown(doc)
    bare = doc.model_copy(deep=True)
    for row in bare.timeline:
        row.source = row.source_time = row.source_key = row.full_text = None
    assert to_markdown(bare) == markdown
    assert "zsh:" not in markdown and "hunter2" not in markdown
    assert_structure(markdown)


def test_a_draft_without_provenance_is_written_as_before(store: DraftStore) -> None:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    path = store.save(doc)
    text = path.read_text(encoding="utf-8")
    assert "source" not in text
    assert to_toml(read_draft(path)) == text


# --- the command ---------------------------------------------------------------------------------


def run(*args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), *args],
        capture_output=True, text=True, encoding="utf-8", env=env,
        stdin=subprocess.DEVNULL, timeout=60,
    )


@pytest.fixture
def draft(store: DraftStore) -> Path:
    store.ensure_folder()
    return store.save(incident())


def test_command_imports_and_says_what(tmp_path: Path, store: DraftStore, draft: Path) -> None:
    paths = [str(p) for p in sources(tmp_path / "src")]
    proc = run("timeline", "import", "INC-20261124", *paths, folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first == "INC-20261124-001: 20 events added (window 2026-11-24 08:45 – 11:20 COT)"
    assert "  09:16  ◆ Alert triggered ← PagerDuty alert" in proc.stdout
    assert "Proposed: Service restored at 10:48" in proc.stdout
    assert ".zsh_history (zsh): 6 in the window, 1 outside, 1 left out" in proc.stderr
    again = run("timeline", "import", "INC-20261124", *paths, folder=store.folder)
    assert again.returncode == 0 and "0 events added" in again.stdout
    assert "Already in the timeline: 20" in again.stdout


def test_command_dry_run_and_json(tmp_path: Path, store: DraftStore, draft: Path) -> None:
    before = draft.read_bytes()
    log = str(write_app_log(tmp_path / "gw.log"))
    proc = run("timeline", "import", "INC", log, "--dry-run", "--json", "--grep", "reject",
               folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["dry_run"] and report["added"] == 3
    assert [e["time"] for e in report["events"]] == ["09:14", "09:20", "10:49"]
    assert report["sources"][0]["left_out"] == 3
    assert draft.read_bytes() == before


def test_a_source_that_fails_writes_nothing(tmp_path: Path, store: DraftStore,
                                            draft: Path) -> None:
    before = draft.read_bytes()
    good = str(write_zsh(tmp_path / "h"))
    bad = tmp_path / "pd.jsonl"
    bad.write_text('{"event": {"event_type": "incident.triggered"}}\n{oops\n', encoding="utf-8")
    proc = run("timeline", "import", "INC", good, str(bad), folder=store.folder)
    assert proc.returncode == 2
    assert proc.stderr == (f"postmortem: error: {bad}:2: not valid JSON: Expecting property "
                           "name enclosed in double quotes (column 2)\n")
    assert draft.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Olympus"], 'unknown time zone "Mars/Olympus"'),
        (["--grep", "("], "--grep: not a regular expression"),
        (["--format", "csv"], "--format must be one of bash, zsh"),
        (["--since", "nine"], "--since must be HH:MM"),
        (["--until", "2026-11-24T08:00", "--since", "09:00:00"], "the window ends"),
    ],
)
def test_command_bad_options_exit_2(tmp_path: Path, store: DraftStore, draft: Path,
                                    args: list[str], message: str) -> None:
    proc = run("timeline", "import", "INC", str(write_zsh(tmp_path / "h")), *args,
               folder=store.folder)
    assert proc.returncode == 2, proc
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in (
        proc.stderr
    )


def test_command_refuses_while_the_wizard_has_the_draft(tmp_path: Path, store: DraftStore,
                                                        draft: Path) -> None:
    before = draft.read_bytes()
    lock = DraftLock(draft)
    lock.acquire()
    try:
        proc = run("timeline", "import", "INC", str(write_zsh(tmp_path / "h")),
                   folder=store.folder)
    finally:
        lock.release()
    assert proc.returncode == 2
    assert "is open in another terminal" in proc.stderr and "Import events" in proc.stderr
    assert draft.read_bytes() == before


def test_command_takes_in_rows_queued_meanwhile(tmp_path: Path, store: DraftStore,
                                                draft: Path, clock: FrozenClock) -> None:
    timeline_inbox.queue(draft, new_row("Jotted in the wizard's time", "", at("09:40"), NOW))
    proc = run("timeline", "import", "INC", str(write_zsh(tmp_path / "h")), folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    assert "Jotted in the wizard's time" in [r.event for r in read_draft(draft).timeline]
    assert timeline_inbox.pending(draft) == []


def test_command_loads_no_ui(tmp_path: Path, store: DraftStore, draft: Path) -> None:
    code = (
        "import sys\n"
        "from postmortem_tui.cli import cli\n"
        "try:\n"
        "    cli.main(['--dir', sys.argv[1], 'timeline', 'import', 'INC', sys.argv[2]],\n"
        "             standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('textual', 'questionary', 'rich')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(store.folder), str(write_zsh(tmp_path / "h"))],
        capture_output=True, text=True, timeout=60, check=True, stdin=subprocess.DEVNULL,
    )
    assert proc.stdout.splitlines()[-1] == "[]"
    assert any(r.source for r in read_draft(draft).timeline)
