"""`postmortem timeline add`: a jotted event lands in time order, saved at once, fast (no model),
and queued beside the draft while the wizard has it open."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kit import FrozenClock

from postmortem_tui.core import timeline_inbox
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import Milestone, PostMortem, TimelineEvent
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeline_add import add_event, in_progress, new_row, parse_at
from postmortem_tui.core.timeline_rows import ROW_KEYS, insert_events, insertion_index
from postmortem_tui.core.timeutil import COT
from postmortem_tui.core.toml_writer import to_toml

NOW = dt.datetime(2026, 11, 24, 9, 42, 17, tzinfo=COT)


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def run(*args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), *args],
        capture_output=True, text=True, encoding="utf-8", env=env,
        stdin=subprocess.DEVNULL, timeout=60,
    )


def demo_in(store: DraftStore) -> Path:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    return store.save(doc)


# --- where a row goes -------------------------------------------------------------------------


def test_a_row_goes_after_the_last_row_at_or_before_it() -> None:
    times = [t("09:15"), t("09:20"), None, t("09:40"), None]
    assert insertion_index(t("09:15"), times, t("09:30")) == 2  # before the untimed row
    assert insertion_index(t("09:15"), times, t("09:20")) == 2  # same minute: after it
    assert insertion_index(t("09:15"), times, t("09:50")) == 4
    # Before every timed row (the first symptom came before the declared start).
    assert insertion_index(t("09:15"), [None, t("09:15"), None], t("08:50")) == 1
    # No times at all: at the end (after the milestones not reached yet).
    assert insertion_index(None, [None, None], t("10:00")) == 2


def test_a_row_after_midnight_goes_after_the_evening_rows() -> None:
    times = [t("23:30"), t("23:50"), None]
    assert insertion_index(t("23:30"), times, t("00:10")) == 2
    assert insertion_index(t("23:30"), times, t("23:40")) == 1
    # Up to six hours before the start is before it, not the next day.
    assert insertion_index(t("23:30"), times, t("22:00")) == 0


def test_row_keys_follow_the_model() -> None:
    assert tuple(TimelineEvent.model_fields) == ROW_KEYS


def test_insert_events_skips_what_the_timeline_holds() -> None:
    doc = PostMortem.new(when=NOW.date())
    doc.header.start_time = t("09:15")
    row = TimelineEvent(time=t("09:30"), event="Restarted", source_key="k1")
    assert insert_events(doc, [row]) == [row]
    again = TimelineEvent(time=t("09:30"), event="Restarted", source_key="k1")
    assert insert_events(doc, [again]) == []
    assert sum(r.source_key == "k1" for r in doc.timeline) == 1


# --- --at and the row ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:05", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
        ("9:05", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
        ("09:05:59", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
        ("-10m", NOW - dt.timedelta(minutes=10)),
        ("-2h", NOW - dt.timedelta(hours=2)),
        ("2026-11-24T14:05:00Z", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
        ("2026-11-24 10:05-04:00", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
        ("2026-11-24 09:05", dt.datetime(2026, 11, 24, 9, 5, tzinfo=COT)),
    ],
)
def test_at(text: str, expected: dt.datetime) -> None:
    assert parse_at(text, NOW) == expected


@pytest.mark.parametrize("text", ["25:00", "soon", "9h", ""])
def test_a_bad_at_says_what_it_takes(text: str) -> None:
    with pytest.raises(DraftError, match="--at must be a time such as 09:42"):
        parse_at(text, NOW)


def test_new_row() -> None:
    row = new_row("  Restarted the feed | again  ", "SRE", NOW, NOW)
    assert row["time"] == "09:42" and row["event"] == "Restarted the feed | again"
    assert row["source"] == "timeline add" and row["source_time"].startswith("2026-11-24T09:42:17")
    TimelineEvent.model_validate(row)  # what the model accepts
    with pytest.raises(DraftError, match="empty"):
        new_row("   ", "", NOW, NOW)


# --- the draft ----------------------------------------------------------------------------------


def test_the_data_path_writes_what_the_model_would(store: DraftStore) -> None:
    for doc in (demo_document(), PostMortem.new(when=NOW.date())):
        store.ensure_folder()
        doc.header.incident_id = store.next_incident_id(doc.header.date)
        path = store.save(doc)
        for at in ("09:40", "09:15", "08:00", "11:30"):
            row = new_row(f"Jotted at {at}", "SRE", parse_at(at, NOW), NOW)
            added = add_event(store, path, row)
            insert_events(doc, [TimelineEvent.model_validate(row)])
            assert path.read_text(encoding="utf-8") == to_toml(doc)
            assert doc.timeline[added.index or 0].event == f"Jotted at {at}"
            assert added.rows == len(doc.timeline)
        assert read_draft(path).timeline_is_chronological() or doc.header.start_time is None


def test_a_hand_edited_draft_goes_through_the_model(store: DraftStore) -> None:
    path = demo_in(store)
    text = path.read_text(encoding="utf-8").replace('time = "09:38"', 'time = "9.38"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DraftError, match=r"timeline\[\d+\]\.time: Time must be HH:MM"):
        add_event(store, path, new_row("x", "", NOW, NOW))
    assert path.read_text(encoding="utf-8") == text  # nothing written


def test_a_closed_draft_is_refused(store: DraftStore) -> None:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    doc.header.status = "Closed"  # type: ignore[assignment]
    path = store.save(doc)
    before = path.read_bytes()
    with pytest.raises(DraftError, match="Closed"):
        add_event(store, path, new_row("x", "", NOW, NOW))
    assert path.read_bytes() == before


def test_a_closed_draft_open_in_the_wizard_is_refused_not_queued(store: DraftStore) -> None:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    doc.header.status = "Closed"  # type: ignore[assignment]
    path = store.save(doc)
    before = path.read_bytes()
    lock = DraftLock(path)
    lock.acquire()  # as the wizard holds it, read-only
    try:
        with pytest.raises(DraftError, match="Closed, so it is read-only; reopen it first"):
            add_event(store, path, new_row("x", "", NOW, NOW))
    finally:
        lock.release()
    assert path.read_bytes() == before
    assert not timeline_inbox.inbox_path(path).exists()


def test_queued_while_the_wizard_holds_the_lock_and_taken_in_after(store: DraftStore) -> None:
    path = demo_in(store)
    before = path.read_bytes()
    lock = DraftLock(path)
    lock.acquire()  # as the wizard holds it
    try:
        first = add_event(store, path, new_row("Jotted during", "SRE", parse_at("09:20", NOW),
                                               NOW))
        assert first.queued == timeline_inbox.inbox_path(path) and first.holder is not None
        assert path.read_bytes() == before  # nothing written under the wizard
        assert [r["event"] for r in timeline_inbox.pending(path)] == ["Jotted during"]
    finally:
        lock.release()
    later = NOW + dt.timedelta(seconds=1)
    second = add_event(store, path, new_row("After", "", parse_at("10:00", NOW), later))
    assert second.taken == 1 and second.queued is None
    events = [r.event for r in read_draft(path).timeline]
    assert events.count("Jotted during") == 1 and "After" in events
    assert timeline_inbox.pending(path) == []


def test_a_row_queued_twice_is_added_once(store: DraftStore) -> None:
    path = demo_in(store)
    row = new_row("Jotted", "", parse_at("09:20", NOW), NOW)
    timeline_inbox.queue(path, row)
    add_event(store, path, row)  # taken in, then the same row again: a crash in between
    assert [r.event for r in read_draft(path).timeline].count("Jotted") == 1


def test_queued_rows_spoilt_by_hand_are_left_out(store: DraftStore) -> None:
    path = demo_in(store)
    inbox = timeline_inbox.inbox_path(path)
    inbox.write_text('{"time": "99:99", "event": "bad", "source_key": "a"}\nnot json\n')
    add_event(store, path, new_row("Good", "", NOW, NOW))
    events = [r.event for r in read_draft(path).timeline]
    assert "Good" in events and "bad" not in events


def test_in_progress_today(store: DraftStore, clock: FrozenClock) -> None:
    today = clock.today
    assert in_progress(store, today) == []
    _, path = store.new(title="Running", when=today)
    assert in_progress(store, today) == [path]
    store.new(title="Another", when=today)
    assert len(in_progress(store, today)) == 2
    # A Reviewed draft, or one neither dated nor saved today, is not in progress.
    old = PostMortem.new(incident_id="INC-20240101-001", when=dt.date(2024, 1, 1))
    old_path = store.save(old)
    os.utime(old_path, (0, 0))
    assert old_path not in in_progress(store, today)


# --- the command ----------------------------------------------------------------------------------


def test_command_adds_and_says_where(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    store = DraftStore(folder)
    path = demo_in(store)
    proc = run("timeline", "add", path.stem[:12], "Restarted", "the", "feed", "--at", "09:50",
               "--actor", "SRE", folder=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"Added to {path.stem}: 09:50  Restarted the feed  (SRE)\n"
    rows = read_draft(path).timeline
    index = next(i for i, r in enumerate(rows) if r.event == "Restarted the feed")
    assert rows[index - 1].time is not None and rows[index - 1].time <= t("09:50")


def test_command_without_ref_uses_the_draft_in_progress_today(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    store = DraftStore(folder)
    proc = run("timeline", "add", "Nothing to add to", folder=folder)
    assert proc.returncode == 2 and "no draft is in progress today" in proc.stderr
    _, path = store.new(title="Running")
    proc = run("timeline", "add", "Paged", "the", "DBA", folder=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Added to {path.stem} (the draft in progress today): ")
    store.new(title="Another")
    proc = run("timeline", "add", "Which one", folder=folder)
    assert proc.returncode == 2 and "2 drafts are in progress today" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["INC-20990101-001", "x"], "no draft matches"),
        (["INC", "x", "--at", "nine"], "--at must be a time"),
        (["INC", "   "], "the event text is empty"),
    ],
)
def test_command_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    folder = tmp_path / "drafts"
    demo_in(DraftStore(folder))
    proc = run("timeline", "add", *args, folder=folder)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_command_refuses_a_closed_draft_open_in_the_wizard(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    store = DraftStore(folder)
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    doc.header.status = "Closed"  # type: ignore[assignment]
    path = store.save(doc)
    lock = DraftLock(path)
    lock.acquire()  # the wizard shows it read-only
    try:
        proc = run("timeline", "add", path.stem, "Too late", folder=folder)
    finally:
        lock.release()
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "is Closed, so it is read-only" in proc.stderr
    assert not timeline_inbox.inbox_path(path).exists()


def test_command_loads_no_model_and_no_ui(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    path = demo_in(DraftStore(folder))
    code = textwrap.dedent(
        """
        import json, sys
        from postmortem_tui.cli import cli
        try:
            cli.main(["--dir", sys.argv[1], "timeline", "add", "INC", "Jotted"],
                     standalone_mode=False)
        except SystemExit:
            pass
        print(json.dumps(sorted(m for m in sys.modules
              if m.split(".")[0] in ("textual", "questionary", "rich", "pydantic"))))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                          text=True, timeout=60, check=True, stdin=subprocess.DEVNULL)
    assert json.loads(proc.stdout.splitlines()[-1]) == []
    assert "Jotted" in [r.event for r in read_draft(path).timeline]


def test_milestones_keep_their_place(store: DraftStore) -> None:
    doc = PostMortem.new(incident_id="INC-20261124-001", when=NOW.date())
    doc.header.start_time = t("09:15")
    path = store.save(doc)
    add_event(store, path, new_row("Restarted", "", parse_at("09:30", NOW), NOW))
    rows = read_draft(path).timeline
    assert [r.milestone for r in rows if r.milestone] == list(Milestone)
