"""`postmortem quick`: the real question flow, driven by a fake prompter.

The fake answers from a script of (part of the question, answer) pairs, in the habit of
Harlequin's config-wizard tests: each question takes the first unused pair whose key is in its
text, and a question no pair names takes what the flow offered it (its default; a choice offered
without one fails the test, as a person would have to pick). An exception as the answer is
raised, which is how Ctrl+C and a closed input are played.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from kit import FrozenClock
from pydantic import ValidationError

from postmortem_tui.core import atomic, draft_file, history
from postmortem_tui.core import store as store_module
from postmortem_tui.core.completeness import percent_complete
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.locking import DraftLock, DraftLockedError
from postmortem_tui.core.model import (
    ActionItem,
    Category,
    Header,
    Impact,
    Milestone,
    Part,
    PostMortem,
    Status,
    error_message,
)
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeutil import COT, today_cot
from postmortem_tui.prompts.backend import wants_plain_prompts
from postmortem_tui.prompts.base import Choice
from postmortem_tui.prompts.plain import PlainPrompter, printable
from postmortem_tui.prompts.quick import run_quick

Answer = str | bool | BaseException


class FakePrompter:
    """A `Prompter` that answers from a script and records everything it was asked."""

    def __init__(
        self,
        script: Sequence[tuple[str, Answer]] = (),
        *,
        interrupt_at: int | None = None,
        on_ask: Callable[[str], None] | None = None,
    ) -> None:
        """Args:
        script: (key, answer) pairs; a question takes the first unused pair whose key is in
            its text, else its default.
        interrupt_at: raise KeyboardInterrupt when asked question number N (1-based).
        on_ask: called with each question before it is answered.
        """
        self.unused = list(script)
        self.interrupt_at = interrupt_at
        self.on_ask = on_ask
        self.asked: list[str] = []
        self.offered: dict[str, object] = {}  # question -> the default it offered
        self.hints: dict[str, str] = {}
        self.errors: list[str] = []
        self.said: list[str] = []

    def _answer(self, message: str, default: Answer | None) -> Answer:
        self.asked.append(message)
        self.offered[message] = default
        if self.on_ask is not None:
            self.on_ask(message)
        if len(self.asked) == self.interrupt_at:
            raise KeyboardInterrupt
        for index, (key, answer) in enumerate(self.unused):
            if key in message:
                del self.unused[index]
                if isinstance(answer, BaseException):
                    raise answer
                return answer
        if default is None:  # Enter alone is refused: a person would have to choose
            pytest.fail(f"{message!r} has no default; the script must answer it")
        return default

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str = "",
        aliases: Mapping[str, str] | None = None,
    ) -> str:
        self.hints[message] = hint
        answer = self._answer(message, default)
        assert isinstance(answer, str), (message, answer)
        return (aliases or {}).get(answer.strip().lower(), answer)

    def select(
        self, message: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str:
        assert default is None or default in {c.value for c in choices}
        answer = self._answer(message, default)
        assert answer in {c.value for c in choices}, (message, answer)
        return str(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        answer = self._answer(message, default)
        assert isinstance(answer, bool), (message, answer)
        return answer

    def say(self, message: str) -> None:
        self.said.append(message)

    def error(self, message: str) -> None:
        self.errors.append(message)


# A whole run, every question answered, in the order the flow asks them.
FULL: list[tuple[str, Answer]] = [
    ("Title", "Quote feed stalled on the FX gateway"),
    ("Incident date", "2026-03-02"),
    ("Start time", "09:12"),
    ("Has the incident ended?", True),
    ("End time", "10:47"),
    ("Severity", "P1"),
    ("Executive summary", "FX quotes stopped for 95 minutes; the feed handler was restarted."),
    ("First symptom occurred", "09:12"),
    ("Alert triggered", "09:15"),
    ("On-call acknowledged", "09:17"),
    ("Initial investigation started", "09:20"),
    ("Key discovery or action", "09:41"),
    ("What was the key discovery", "Feed handler stuck on a full buffer"),
    ("Root cause identified", "10:05"),
    ("Mitigation applied", "10:22"),
    ("Service restored", "10:40"),
    ("Incident closed", "10:47"),
    ("Add a timeline event of your own", True),
    ("Event: what happened", "FX desk paused client quoting"),
    ("Event time", "09:30"),
    ("Event actor", "FX desk lead"),
    ("Add another timeline event?", False),
    ("Trading downtime", "95"),
    ("Missed trades", "14"),
    ("Erroneous trades", "0"),
    ("Financial impact: amount", "$41,250"),
    ("Financial impact: what is it", "Slippage on unhedged EUR/USD"),
    ("Users/systems affected", "FX desk; 3 venues"),
    ("Data loss", "None"),
    ("Why 1: the question", "Why did quotes stop?"),
    ("Why 1: Why did quotes stop?", "the feed handler's buffer filled up"),
    ('Why 2: Why did "the feed handler\'s buffer filled up" happen?', "a burst exceeded its size"),
    ('Why 3: Why did "a burst exceeded its size" happen?', ""),
    ("Resolution: what was done", "Restarted the feed handler with a larger buffer"),
    ("Add an action item?", True),
    ("Action 1: what will be done", "Alert on quote staleness"),
    ("Action 1: owner", "SRE team"),
    ("Action 1: priority", "P0"),
    ("Action 1: due date", "2026-03-09"),
    ("Action 1: category", "Improve Detection"),
    ("Add another action item?", True),
    ("Action 2: what will be done", "Size the buffer for a 10x burst"),
    ("Action 2: owner", "Market data team"),
    ("Action 2: priority", "P1"),
    ("Action 2: due date", "2026-03-16"),
    ("Action 2: category", "Reduce Impact"),
    ("Add another action item?", False),
]


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DraftStore:
    # Durability is storage's own business (and tested there); here it only slows each save.
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: None)
    return DraftStore(tmp_path / "drafts")


def only_draft(store: DraftStore) -> Path:
    paths = list(store.draft_paths())
    assert len(paths) == 1, paths
    return paths[0]


def disk(store: DraftStore) -> dict[str, str]:
    return {p.name: p.read_text() for p in store.draft_paths()}


def model_message(part: Part, name: str, value: str) -> str:
    """The message the model gives for `value`: what the flow must show, word for word."""
    with pytest.raises(ValidationError) as caught:
        setattr(part, name, value)
    return error_message(caught.value)


# --- a whole run ---------------------------------------------------------------------------------


def test_full_run_saves_every_answer_in_the_draft(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakePrompter(FULL)
    assert run_quick(drafts, prompter=fake) == 0
    assert fake.unused == [] and fake.errors == []

    path = only_draft(drafts)
    data = tomllib.loads(path.read_text())
    incident_id = data["header"]["incident_id"]
    assert path.name == f"{incident_id}.toml"
    assert data["header"] | {"incident_id": "?"} == {
        "title": "Quote feed stalled on the FX gateway",
        "incident_id": "?",
        "date": date(2026, 3, 2),
        "start_time": "09:12",
        "end_time": "10:47",
        "severity": "P1",
        "status": "Draft",
    }
    assert data["summary"].startswith("FX quotes stopped for 95 minutes")
    impact = data["impact"]
    assert (impact["trading_downtime_minutes"], impact["missed_trades"]) == (95, 14)
    assert (impact["erroneous_trades"], impact["financial_amount"]) == (0, "$41,250")
    assert impact["users_affected"] == "FX desk; 3 venues" and impact["data_loss"] == "None"
    rows = [(r.get("time"), r["event"], r["actor"]) for r in data["timeline"]]
    assert rows == [
        ("09:12", "First symptom occurred", "System"),
        ("09:15", "Alert triggered", "Monitoring"),
        ("09:17", "On-call acknowledged", ""),
        ("09:20", "Initial investigation started", ""),
        ("09:30", "FX desk paused client quoting", "FX desk lead"),  # placed by its time
        ("09:41", "Feed handler stuck on a full buffer", ""),
        ("10:05", "Root cause identified", ""),
        ("10:22", "Mitigation applied", ""),
        ("10:40", "Service restored", ""),
        ("10:47", "Incident closed", ""),
    ]
    whys = [(w["question"], w["because"]) for w in data["root_cause"]["whys"]]
    assert whys[:3] == [
        ("Why did quotes stop?", "the feed handler's buffer filled up"),
        ('Why did "the feed handler\'s buffer filled up" happen?', "a burst exceeded its size"),
        ("", ""),  # the author stopped at the third
    ]
    assert data["resolution"]["immediate_fix"].startswith("Restarted the feed handler")
    actions = [
        (a["id"], a["action"], a["owner"], a["priority"], a["due"], a["status"])
        for a in data["actions"]
    ]
    assert actions == [
        (1, "Alert on quote staleness", "SRE team", "P0", date(2026, 3, 9), "Open"),
        (2, "Size the buffer for a 10x burst", "Market data team", "P1", date(2026, 3, 16),
         "Open"),
    ]

    # like the wizard's first save, the first answer starts the document history
    assert [(h["version"], h["changes"]) for h in data["history"]] == [("0.1", "Initial draft")]

    doc = drafts.load(path)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Saved {incident_id}: {path}",
        f"Completeness: {percent_complete(doc)}%",
        f"Continue in the wizard: postmortem --dir {drafts.folder} open {incident_id}",
    ]


def test_the_wizard_command_needs_no_dir_for_the_default_folder(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(store_module.ENV_DIR, str(drafts.folder))
    assert run_quick(drafts, prompter=FakePrompter(FULL)) == 0
    incident_id = only_draft(drafts).stem
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Continue in the wizard: postmortem open {incident_id}"
    )


def test_defaults_are_today_and_the_next_action_id(drafts: DraftStore) -> None:
    """Enter on every question that offers something: today's date, no times, no skipped
    question stored as anything but empty, one action item defaulted but for its text and the
    choices, which the author always makes."""
    fake = FakePrompter([
        ("Severity", "P2"),
        ("Action 1: what will be done", "Page the secondary on-call"),
        ("Action 1: priority", "P1"),
    ])
    assert run_quick(drafts, prompter=fake) == 0
    doc = drafts.load(only_draft(drafts))
    today = today_cot()
    assert doc.header.date == today
    assert doc.header.incident_id.startswith(f"INC-{today:%Y%m%d}-")
    assert doc.header.start_time is None and doc.header.end_time is None
    assert doc.header.severity is not None and doc.header.severity.value == "P2"
    assert all(row.time is None for row in doc.timeline)
    assert doc.impact.missed_trades is None and doc.impact.financial_amount == ""
    (item,) = doc.actions
    assert (item.id, item.priority and item.priority.value) == (1, "P1")
    assert item.due is not None and (item.due - today).days == 14


# --- nothing is chosen for the author -----------------------------------------------------------


def test_severity_and_priority_have_no_default(drafts: DraftStore) -> None:
    """A choice is made by the author: a stray Enter never picks one."""
    fake = FakePrompter(FULL)
    assert run_quick(drafts, prompter=fake) == 0
    chosen = {m: d for m, d in fake.offered.items() if m.startswith("Severity") or "priority" in m}
    assert chosen == {"Severity": None, "Action 1: priority": None, "Action 2: priority": None}


def test_the_start_time_is_now_only_when_the_author_says_so(
    drafts: DraftStore, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 3, 2, 14, 5, tzinfo=COT))
    script = [(k, "now") if k in ("Start time", "End time") else (k, a) for k, a in FULL]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    assert fake.offered["Start time"] == "" and fake.offered["End time"] == ""
    assert 'type "now" for 14:05' in fake.hints["Start time"]
    doc = drafts.load(only_draft(drafts))
    assert (str(doc.header.start_time), str(doc.header.end_time)) == ("14:05:00", "14:05:00")


def test_now_is_understood_wherever_a_time_is_asked(
    drafts: DraftStore, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 3, 2, 10, 41, tzinfo=COT))
    now = {"Mitigation applied", "Event time"}
    script = [(k, "Now") if k in now else (k, a) for k, a in FULL]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    assert fake.errors == []
    doc = drafts.load(only_draft(drafts))
    times = {row.event: str(row.time) for row in doc.timeline}
    assert times["Mitigation applied"] == times["FX desk paused client quoting"] == "10:41:00"


def test_enter_on_the_start_time_leaves_it_unknown(drafts: DraftStore) -> None:
    script = [(k, "") if k == "Start time" else (k, a) for k, a in FULL]
    assert run_quick(drafts, prompter=FakePrompter(script)) == 0
    doc = drafts.load(only_draft(drafts))
    assert doc.header.start_time is None


# --- a question that depends on a skipped one is not asked ---------------------------------------


def test_no_end_time_without_a_start_time(drafts: DraftStore) -> None:
    script = [(k, "") if k == "Start time" else (k, a) for k, a in FULL if k != "End time"]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    assert not any(m.startswith("End time") for m in fake.asked)
    assert fake.unused == []
    # it has ended all the same: the resolution questions are asked
    assert "Service restored" in fake.asked and any("Resolution" in m for m in fake.asked)
    doc = drafts.load(only_draft(drafts))
    assert doc.header.end_time is None
    assert doc.resolution.immediate_fix.startswith("Restarted the feed handler")


def test_no_financial_description_without_an_amount(drafts: DraftStore) -> None:
    script = [(k, "") if k == "Financial impact: amount" else (k, a) for k, a in FULL]
    script = [(k, a) for k, a in script if k != "Financial impact: what is it"]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    assert not any("Financial impact: what is it" in m for m in fake.asked)
    assert fake.unused == []


def test_no_second_why_when_the_first_is_skipped(drafts: DraftStore) -> None:
    script = [(k, "") if k.startswith("Why 1: Why did") else (k, a) for k, a in FULL]
    script = [(k, a) for k, a in script if not k.startswith(("Why 2", "Why 3"))]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    assert not any(m.startswith("Why 2") for m in fake.asked)
    # resuming offers the skipped one again, and only it
    again = FakePrompter()
    assert run_quick(drafts, resume=only_draft(drafts).stem, prompter=again) == 0
    assert [m for m in again.asked if m.startswith("Why")] == ["Why 1: Why did quotes stop?"]


def test_cut_text_ends_with_an_ellipsis(drafts: DraftStore) -> None:
    long = "FX desk paused client quoting on every venue until the feed came back"
    script = [(k, long) if k == "Event: what happened" else (k, a) for k, a in FULL]
    cut = next(i for i, (k, _) in enumerate(script) if k == "Event time")
    assert run_quick(drafts, prompter=FakePrompter(script, interrupt_at=cut + 1)) == 130
    fake = FakePrompter(script[cut:])
    assert run_quick(drafts, resume=only_draft(drafts).stem, prompter=fake) == 0
    (asked,) = [m for m in fake.asked if m.startswith("Event time")]
    assert asked.endswith("\u2026)") and "..." not in asked
    assert len(asked) < len(f"Event time ({long})")


# --- one writer per draft ------------------------------------------------------------------------


def test_resume_refuses_a_draft_open_in_the_wizard(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, path = drafts.new(when=date(2026, 3, 2))
    before = path.read_text()
    wizard = DraftLock(path)
    wizard.acquire()
    try:
        fake = FakePrompter(FULL)
        assert run_quick(drafts, resume=doc.header.incident_id, prompter=fake) == 2
    finally:
        wizard.release()
    assert fake.asked == []
    assert path.read_text() == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("postmortem: error: ")
    assert f"{path.name} is open in another terminal (process {os.getpid()} on " in err


def lock_is_held(path: Path) -> bool:
    other = DraftLock(path)
    try:
        other.acquire()
    except DraftLockedError:
        return True
    other.release()
    return False


def test_quick_holds_the_lock_while_it_asks(drafts: DraftStore) -> None:
    """From the first save of a new draft (and under its new name once the incident date moves
    its ID), so the wizard opens it read-only meanwhile."""
    held: list[bool] = []

    def check(message: str) -> None:
        paths = list(drafts.draft_paths())
        held.append(bool(paths) and lock_is_held(paths[0]))

    script = [(k, "2026-02-27") if k == "Incident date" else (k, a) for k, a in FULL]
    assert run_quick(drafts, prompter=FakePrompter(script, on_ask=check)) == 0
    assert held[0] is False  # nothing saved yet
    assert all(held[1:]), held
    assert only_draft(drafts).stem.startswith("INC-20260227-")
    assert not lock_is_held(only_draft(drafts))
    # the lock file of the name the draft had before its date moved it is gone with it
    assert [p.name for p in drafts.folder.glob(".*.lock")] == [f".{only_draft(drafts).name}.lock"]


def test_resume_holds_the_lock_while_it_asks(drafts: DraftStore) -> None:
    _, path = drafts.new(when=date(2026, 3, 2))
    held: list[bool] = []
    fake = FakePrompter(FULL, on_ask=lambda _: held.append(lock_is_held(path)))
    assert run_quick(drafts, resume=path, prompter=fake) == 0
    assert held and all(held)


def test_resume_gives_the_first_history_row_the_sign_off_author(drafts: DraftStore) -> None:
    # A draft whose first row was saved before anyone signed (quick asks no name), signed since.
    doc, path = drafts.new(when=date(2026, 3, 2))
    history.record_first_save(doc, date(2026, 3, 2))
    doc.history[0].author = ""
    doc.signoff.author.name = "Ana Núñez"
    drafts.save(doc, path)
    assert run_quick(drafts, resume=path, prompter=FakePrompter(FULL)) == 0
    assert drafts.load(path).history[0].author == "Ana Núñez"


@pytest.mark.parametrize("ending", ["done", "ctrl-c", "eof", "save failed"])
def test_the_lock_is_released_however_quick_ends(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    _, path = drafts.new(when=date(2026, 3, 2))
    script: list[tuple[str, Answer]] = list(FULL)
    if ending == "ctrl-c":
        script.insert(3, ("Has the incident ended?", KeyboardInterrupt()))
    elif ending == "eof":
        script.insert(3, ("Has the incident ended?", EOFError()))
    elif ending == "save failed":
        def full_disk(data: dict[str, Any], where: Path) -> str:
            raise DraftError(f"{where}: not saved: No space left on device")

        monkeypatch.setattr(drafts, "save_snapshot", full_disk)
    code = run_quick(drafts, resume=path, prompter=FakePrompter(script))
    assert code == {"done": 0, "ctrl-c": 130, "eof": 2, "save failed": 2}[ending]
    assert not lock_is_held(path)


# --- wrong answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "wrong", "expected"),
    [
        ("Start time", "9.15", lambda: model_message(Header(), "start_time", "9.15")),
        ("Incident date", "2026-02-30", lambda: model_message(Header(), "date", "2026-02-30")),
        ("Missed trades", "-3", lambda: model_message(Impact(), "missed_trades", "-3")),
        ("Financial impact: amount", "lots", lambda: model_message(
            Impact(), "financial_amount", "lots")),
        ("Action 1: due date", "next week", lambda: model_message(
            ActionItem(), "due", "next week")),
    ],
)
def test_a_wrong_answer_is_asked_again_with_the_models_message(
    drafts: DraftStore, key: str, wrong: str, expected: Callable[[], str]
) -> None:
    script = list(FULL)
    at = next(i for i, (k, _) in enumerate(script) if k == key)
    script.insert(at, (key, wrong))
    fake = FakePrompter(script)

    assert run_quick(drafts, prompter=fake) == 0

    assert fake.errors == [expected()]
    assert fake.unused == []
    twice = [i for i, message in enumerate(fake.asked) if key in message]
    assert len(twice) == 2 and twice[1] == twice[0] + 1  # the same question, right away
    # and the right answer is what was kept
    data = tomllib.loads(only_draft(drafts).read_text())
    assert data["header"]["start_time"] == "09:12"
    assert data["impact"]["missed_trades"] == 14
    assert data["actions"][0]["due"] == date(2026, 3, 9)


def test_the_message_names_the_value_typed(drafts: DraftStore) -> None:
    fake = FakePrompter([
        ("Title", "t"), ("Start time", "9.15"), ("Start time", "09:15"), ("Severity", "P2"),
    ])
    run_quick(drafts, prompter=fake)
    assert fake.errors == ['Start time must be HH:MM (24-hour), got "9.15"']


# --- interruptions -------------------------------------------------------------------------------


def test_ctrl_c_at_question_7_keeps_the_first_six_answers(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakePrompter(FULL, interrupt_at=7)
    assert run_quick(drafts, prompter=fake) == 130
    assert "Executive summary" in fake.asked[6]

    path = only_draft(drafts)
    doc = drafts.load(path)
    h = doc.header
    assert h.title == "Quote feed stalled on the FX gateway"
    assert h.date == date(2026, 3, 2)
    assert (str(h.start_time), str(h.end_time)) == ("09:12:00", "10:47:00")
    assert h.severity is not None and h.severity.value == "P1"
    assert doc.summary == ""

    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"Stopped: 5 answers saved in {path.stem} ({path}), the last: Severity.",
        f"Continue with: postmortem --dir {drafts.folder} quick --resume {path.stem}",
    ]


def test_ctrl_c_before_any_answer_leaves_no_draft(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_quick(drafts, prompter=FakePrompter(FULL, interrupt_at=1)) == 130
    assert list(drafts.draft_paths()) == []
    assert "no draft was created" in capsys.readouterr().err


@pytest.fixture(scope="module")
def full_run_on_disk(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """The drafts folder when each question of a full run was asked, then at its end."""
    store = DraftStore(tmp_path_factory.mktemp("reference") / "drafts")
    seen: list[dict[str, str]] = []
    fake = FakePrompter(FULL, on_ask=lambda _: seen.append(disk(store)))
    assert run_quick(store, prompter=fake) == 0
    assert len(seen) == len(FULL)
    return [*seen, disk(store)]


def test_every_answer_is_on_disk_before_the_next_question(
    full_run_on_disk: list[dict[str, str]],
) -> None:
    for number, (key, answer) in enumerate(FULL[:-1], 1):
        if not isinstance(answer, str) or not answer:
            continue  # a yes/no or an empty answer changes nothing to save
        before, after = full_run_on_disk[number - 1], full_run_on_disk[number]
        assert after != before, f"question {number} ({key}) was not saved at once"
        (text,) = after.values()
        assert answer in text, key


@pytest.mark.parametrize("question", range(1, len(FULL) + 1))
def test_an_interruption_at_any_question_keeps_every_earlier_answer(
    drafts: DraftStore, question: int, full_run_on_disk: list[dict[str, str]]
) -> None:
    """Ctrl+C at question N leaves exactly what a full run had saved when it asked N; and
    `--resume` then asks the rest and ends with the same draft as an uninterrupted run."""
    assert run_quick(drafts, prompter=FakePrompter(FULL, interrupt_at=question)) == 130
    assert disk(drafts) == full_run_on_disk[question - 1]

    if question == 1:
        return  # nothing was saved, nothing to resume
    resumed = FakePrompter(FULL)
    assert run_quick(drafts, resume=only_draft(drafts).stem, prompter=resumed) == 0
    assert resumed.errors == []
    assert disk(drafts) == full_run_on_disk[-1]


def test_eof_from_the_prompter_exits_2_with_one_line(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    script = [*FULL[:3], ("Has the incident ended?", EOFError())]
    assert run_quick(drafts, prompter=FakePrompter(script)) == 2
    err = capsys.readouterr().err
    ref = only_draft(drafts).stem
    assert err.count("\n") == 1
    assert err.startswith("postmortem: error: the input ended before the last question; ")
    assert f"3 answers saved in {ref}" in err
    assert err.rstrip().endswith(f"quick --resume {ref}")


def test_a_failed_save_stops_with_one_line(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(doc: PostMortem, path: Path | None = None) -> Path:
        raise DraftError(f"{path}: not saved: No space left on device")

    monkeypatch.setattr(drafts, "save", full_disk)
    assert run_quick(drafts, prompter=FakePrompter(FULL)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert err.startswith("postmortem: error: ") and "Traceback" not in err
    assert "No space left on device, while saving Title; no draft was created" in err


def test_a_draft_that_cannot_be_created_stops_with_one_line(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(title: str = "", when: date | None = None) -> tuple[PostMortem, Path]:
        raise DraftError(f"{drafts.folder}/INC-x.toml: cannot create the draft: No space left")

    monkeypatch.setattr(drafts, "new", full_disk)
    fake = FakePrompter(FULL)
    assert run_quick(drafts, prompter=fake) == 2
    assert fake.asked == ["Title"]  # stopped at once, not after every question
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("postmortem: error: ")
    assert "cannot create the draft: No space left" in err
    assert "no draft was created" in err and "last good draft" not in err


def test_a_full_disk_through_the_real_store_stops_with_one_line(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_space(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", no_space)
    assert run_quick(drafts, prompter=FakePrompter(FULL)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err


def test_an_action_items_category_is_asked_and_can_wait(drafts: DraftStore) -> None:
    assert run_quick(drafts, prompter=FakePrompter(FULL)) == 0
    (path,) = drafts.draft_paths()
    doc = drafts.load(path)
    assert [a.category for a in doc.actions] == [Category.IMPROVE_DETECTION, Category.REDUCE_IMPACT]
    # Enter takes "later", a choice on the screen: the item has no category, and check says so.
    script = [(k, a) for k, a in FULL if not k.endswith("category")]
    fake = FakePrompter(script)
    assert run_quick(drafts, prompter=fake) == 0
    later = next(p for p in drafts.draft_paths() if p != path)
    assert [a.category for a in drafts.load(later).actions] == [None, None]
    assert fake.offered["Action 1: category"] == ""


# --- resuming ------------------------------------------------------------------------------------


def test_resume_asks_only_what_is_unanswered(drafts: DraftStore) -> None:
    doc, path = drafts.new(when=date(2026, 3, 2))
    h = doc.header
    h.title, h.start_time, h.end_time, h.severity = (  # type: ignore[assignment]
        "Quote feed stalled", "09:12", "10:47", "P1",
    )
    for row in doc.timeline:
        if row.milestone in (Milestone.FIRST_SYMPTOM, Milestone.ALERT_TRIGGERED):
            row.time = "09:15"  # type: ignore[assignment]
        if row.milestone is Milestone.KEY_DISCOVERY:
            row.time = "09:41"  # type: ignore[assignment]  # but no event yet
    doc.impact.missed_trades = 0
    doc.impact.data_loss = "None"
    doc.root_cause.whys[0].question = "Why did quotes stop?"
    doc.root_cause.whys[0].because = "the buffer filled up"
    doc.actions.append(ActionItem(id=1, action="Alert on staleness", owner="SRE"))
    drafts.save(doc, path)

    fake = FakePrompter([("Action 1: priority", "P1")])  # the rest take their defaults
    assert run_quick(drafts, resume=doc.header.incident_id[:12], prompter=fake) == 0

    assert fake.asked == [
        "Executive summary",
        "On-call acknowledged",
        "Initial investigation started",
        "What was the key discovery or action",
        "Root cause identified",
        "Mitigation applied",
        "Service restored",
        "Incident closed",
        "Add a timeline event of your own (a discovery, an action, a message)?",
        "Trading downtime, in minutes",
        "Erroneous trades",
        "Financial impact: amount",  # skipped, so not what it is
        "Users/systems affected",
        'Why 2: Why did "the buffer filled up" happen?',
        "Resolution: what was done to restore service",
        "Action 1: priority (Alert on staleness)",
        "Action 1: due date (Alert on staleness)",
        "Action 1: category (Alert on staleness)",
        "Add another action item?",
    ]
    assert fake.said[0] == (
        f"Continuing {doc.header.incident_id} (Quote feed stalled): "
        "only the questions still unanswered."
    )
    # What was there is untouched; the defaults taken are saved.
    again = drafts.load(path)
    assert again.header.title == "Quote feed stalled" and again.root_cause.whys[0] == (
        doc.root_cause.whys[0]
    )
    assert again.actions[0].priority is not None and again.actions[0].due is not None


def test_resume_of_a_complete_run_asks_only_the_two_loops(drafts: DraftStore) -> None:
    assert run_quick(drafts, prompter=FakePrompter(FULL)) == 0
    before = disk(drafts)
    fake = FakePrompter()
    assert run_quick(drafts, resume=only_draft(drafts), prompter=fake) == 0
    assert fake.asked == [
        "Add another timeline event?",
        'Why 3: Why did "a burst exceeded its size" happen?',  # the author stopped here
        "Add another action item?",
    ]
    assert disk(drafts) == before


def test_resume_finishes_a_half_added_event(drafts: DraftStore) -> None:
    cut = next(i for i, (k, _) in enumerate(FULL) if k == "Event time")
    assert run_quick(drafts, prompter=FakePrompter(FULL, interrupt_at=cut + 1)) == 130
    fake = FakePrompter(FULL[cut:])
    assert run_quick(drafts, resume=only_draft(drafts).stem, prompter=fake) == 0
    assert "Event time (FX desk paused client quoting)" in fake.asked
    doc = drafts.load(only_draft(drafts))
    row = next(r for r in doc.timeline if r.event == "FX desk paused client quoting")
    assert (str(row.time), row.actor) == ("09:30:00", "FX desk lead")


def test_resume_with_an_unknown_draft_exits_2(
    drafts: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakePrompter()
    assert run_quick(drafts, resume="INC-2099", prompter=fake) == 2
    assert fake.asked == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "INC-2099" in err


def test_resume_of_a_broken_draft_exits_2(
    drafts: DraftStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[header]\nstart_time = '9.15'\n")
    assert run_quick(drafts, resume=broken, prompter=FakePrompter()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Start time must be HH:MM" in err


# --- still ongoing -------------------------------------------------------------------------------


def ongoing_script() -> list[tuple[str, Answer]]:
    script = [(k, False) if k == "Has the incident ended?" else (k, a) for k, a in FULL]
    resolution = ("End time", "Service restored", "Incident closed", "Resolution")
    return [(k, a) for k, a in script if not k.startswith(resolution)]


def test_still_ongoing_skips_the_resolution_questions(drafts: DraftStore) -> None:
    fake = FakePrompter(ongoing_script())
    assert run_quick(drafts, prompter=fake) == 0
    assert fake.unused == []
    for skipped in ("End time", "Service restored", "Incident closed", "Resolution"):
        assert not any(skipped in message for message in fake.asked), skipped
    doc = drafts.load(only_draft(drafts))
    assert doc.header.end_time is None
    assert doc.header.status is Status.DRAFT
    assert doc.resolution.immediate_fix == ""
    assert any("Still ongoing" in line for line in fake.said)


def test_an_event_goes_after_the_last_earlier_row_not_after_milestones_to_come(
    drafts: DraftStore,
) -> None:
    script = [(k, "10:30") if k == "Event time" else (k, a) for k, a in ongoing_script()]
    assert run_quick(drafts, prompter=FakePrompter(script)) == 0
    doc = drafts.load(only_draft(drafts))
    assert [row.event for row in doc.timeline][-4:] == [
        "Mitigation applied",  # 10:22
        "FX desk paused client quoting",  # 10:30
        "Service restored",  # not yet
        "Incident closed",
    ]
    assert doc.timeline_is_chronological()


def test_resuming_an_ongoing_incident_asks_whether_it_has_ended(drafts: DraftStore) -> None:
    assert run_quick(drafts, prompter=FakePrompter(ongoing_script())) == 0
    fake = FakePrompter([
        ("Has the incident ended?", True), ("End time", "10:47"),
        ("Service restored", "10:40"), ("Incident closed", "10:47"),
        ("Resolution", "Restarted the feed handler"),
    ])
    assert run_quick(drafts, resume=only_draft(drafts).stem, prompter=fake) == 0
    assert fake.unused == []
    doc = drafts.load(only_draft(drafts))
    assert str(doc.header.end_time) == "10:47:00"
    assert doc.resolution.immediate_fix == "Restarted the feed handler"
    assert doc.header.status is Status.DRAFT


# --- the plain prompter --------------------------------------------------------------------------


def plain(lines: str, *, echo: bool = True) -> tuple[PlainPrompter, io.StringIO]:
    out = io.StringIO()
    return PlainPrompter(io.StringIO(lines), out, echo=echo), out


def test_plain_text_takes_the_default_on_an_empty_line() -> None:
    prompter, out = plain("\n  \nTyped\n")
    assert prompter.text("Date", default="2026-03-02", hint="YYYY-MM-DD") == "2026-03-02"
    assert prompter.text("Title") == ""
    assert prompter.text("Title", default="x") == "Typed"
    assert out.getvalue().splitlines()[0] == "Date (YYYY-MM-DD) [2026-03-02]: "


def test_plain_text_says_what_an_alias_stands_for() -> None:
    prompter, out = plain(" NOW \n\n")
    assert prompter.text("Start time", aliases={"now": "14:05"}) == "14:05"
    assert prompter.text("Start time", aliases={"now": "14:05"}) == ""
    assert out.getvalue().splitlines()[:2] == ["Start time:  NOW ", "  = 14:05"]


def test_plain_select_takes_a_number_a_value_or_the_default() -> None:
    choices = [Choice("P0", "P0  Critical"), Choice("P1", "P1  Major")]
    prompter, out = plain("1\np0\n\n7\nP9\n0\n")
    assert prompter.select("Severity", choices, default="P1") == "P1"
    assert prompter.select("Severity", choices, default="P1") == "P0"
    assert prompter.select("Severity", choices, default="P0") == "P0"
    assert prompter.select("Severity", choices, default="P0") == "P0"
    text = out.getvalue()
    # the number of P1 is 1: typing the digit of a severity picks that severity
    assert "  0. P0  Critical\n  1. P1  Major\nChoose 0-1 [1]: 1\n" in text
    assert text.count("Choose one: 0-1, then Enter.") == 2


def test_plain_select_takes_a_choice_whose_value_is_empty() -> None:
    choices = [Choice("Training", "Training"), Choice("", "decide later")]
    prompter, _ = plain("2\n")
    assert prompter.select("Category", choices, default="Training") == ""


def test_plain_select_without_a_default_waits_for_a_choice() -> None:
    choices = [Choice("a", "Apples"), Choice("b", "Pears")]
    prompter, out = plain("\n  \n2\n")
    assert prompter.select("Fruit", choices) == "b"
    text = out.getvalue()
    assert "  1. Apples\n  2. Pears\nChoose 1-2: \n" in text
    assert text.count("Choose one: 1-2, then Enter.") == 2


def test_plain_confirm() -> None:
    prompter, out = plain("\nYES\nn\nmaybe\ny\n")
    assert prompter.confirm("Ended?", default=True) is True
    assert prompter.confirm("Ended?", default=False) is True
    assert prompter.confirm("Ended?", default=True) is False
    assert prompter.confirm("Ended?", default=False) is True
    assert "Please answer y or n." in out.getvalue()
    assert out.getvalue().startswith("Ended? [Y/n]: \n")


def test_plain_prompter_raises_eof_when_the_input_ends() -> None:
    prompter, _ = plain("only one\n")
    assert prompter.text("First") == "only one"
    with pytest.raises(EOFError):
        prompter.text("Second")
    with pytest.raises(EOFError):
        prompter.confirm("Third", default=True)


def test_plain_prompter_never_writes_control_characters() -> None:
    prompter, out = plain("\x1b[2Jboom\r\n")
    assert prompter.text("Why did \x1b]0;x\x07 happen?") == "\x1b[2Jboom"  # kept as typed
    prompter.error("got \x1b[31m")
    written = out.getvalue()
    assert "\x1b" not in written and "\x07" not in written
    assert printable("\x1b[2J") == "␛[2J"


@pytest.mark.parametrize(
    ("env", "ttys", "plain_expected"),
    [
        ({"TERM": "xterm-256color"}, (True, True), False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, (True, True), False),  # colourless questionary
        ({"TERM": "dumb"}, (True, True), True),
        ({}, (True, True), sys.platform != "win32"),
        ({"TERM": "xterm"}, (False, True), True),  # piped input
        ({"TERM": "xterm"}, (True, False), True),  # output to a pipe
        ({"TERM": "xterm", "POSTMORTEM_PROMPTS": "plain"}, (True, True), True),
    ],
)
def test_the_backend_follows_the_terminal(
    env: dict[str, str], ttys: tuple[bool, bool], plain_expected: bool
) -> None:
    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    assert wants_plain_prompts(env, Stream(ttys[0]), Stream(ttys[1])) is plain_expected


# --- piped stdin, through the real command -------------------------------------------------------


def answers_file(script: Sequence[tuple[str, Answer]]) -> str:
    """The script as typed lines: y/n for yes/no; a choice by its value (P1), as one may."""
    lines = [("y" if a else "n") if isinstance(a, bool) else str(a) for _, a in script]
    return "".join(f"{line}\n" for line in lines)


def quick_command(folder: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR",)}
    env.update(NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), "quick", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=60,
    )


def test_piped_answers_run_the_same_questions_in_plain_mode(tmp_path: Path) -> None:
    script = list(FULL)
    script.insert(2, ("Start time", "9.15"))  # refused, asked again
    done = quick_command(tmp_path / "d", answers_file(script))

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "\x1b" not in out
    assert 'Start time (HH:MM, COT; type "now" for ' in out
    refused = '; Enter to skip): 9.15\nError: Start time must be HH:MM (24-hour), got "9.15"\n'
    assert refused in out
    assert "Severity:\n  0. P0  Critical: trading halted" in out
    store = DraftStore(tmp_path / "d")
    path = only_draft(store)
    assert out.endswith(
        f"Saved {path.stem}: {path}\nCompleteness: {percent_complete(store.load(path))}%\n"
        f"Continue in the wizard: postmortem --dir {tmp_path / 'd'} open {path.stem}\n"
    )
    # the same draft as the fake-driven run
    reference = DraftStore(tmp_path / "ref")
    assert run_quick(reference, prompter=FakePrompter(FULL)) == 0
    assert path.read_text() == only_draft(reference).read_text()


def test_stdin_closed_early_exits_2_and_keeps_the_answers(tmp_path: Path) -> None:
    done = quick_command(tmp_path / "d", answers_file(FULL[:6]))  # up to the severity
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("postmortem: error: the input ended before the last question")
    assert "Traceback" not in done.stderr
    doc = DraftStore(tmp_path / "d").load(only_draft(DraftStore(tmp_path / "d")))
    assert doc.header.title == "Quote feed stalled on the FX gateway"
    assert doc.header.severity is not None and doc.header.severity.value == "P1"
    assert doc.summary == ""

    resumed = quick_command(tmp_path / "d", answers_file(FULL[6:]), "--resume", "INC")
    assert resumed.returncode == 0, resumed.stderr
    assert "Continuing INC-" in resumed.stdout


def test_empty_stdin_creates_nothing(tmp_path: Path) -> None:
    done = quick_command(tmp_path / "d", "")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no draft was created" in done.stderr
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").glob("*.toml"))


def test_the_incident_id_follows_an_earlier_incident_date(store):
    """Written after midnight about yesterday's incident: the ID carries the incident's date."""
    script = [("Title", "Overnight batch stalled"), ("Incident date", "2026-11-26")]
    code = run_quick(store, prompter=FakePrompter(script, interrupt_at=3))
    assert code == 130
    assert store.ids() == {"INC-20261126-001"}
    doc = draft_file.read_draft(store.folder / "INC-20261126-001.toml")
    assert doc.header.title == "Overnight batch stalled"
    assert doc.header.date == date(2026, 11, 26)


def test_the_command_refuses_a_locked_draft_with_one_line(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d")
    _, path = store.new(when=date(2026, 3, 2))
    wizard = DraftLock(path)
    wizard.acquire()
    try:
        done = quick_command(tmp_path / "d", answers_file(FULL), "--resume", path.stem)
    finally:
        wizard.release()
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"postmortem: error: {path.name} is open in another terminal (process {os.getpid()} "
        f"on {socket.gethostname()}, since "
    )
    assert done.stderr.endswith("); finish there (or quit it), then resume\n")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


async def test_quick_and_the_wizard_file_a_new_draft_the_same_way(
    tmp_path: Path, clock: FrozenClock
) -> None:
    """Both through `DraftSession`: a new draft gets today's next ID and its first history row,
    and its ID and file follow an earlier incident date, the lock moving with them."""
    from kit import make_app, type_text, wait_for

    from postmortem_tui.tui.screens.home import HomeScreen
    from postmortem_tui.tui.screens.wizard import WizardScreen
    from postmortem_tui.tui.widgets.field_input import FieldInput

    title, day = "Overnight batch stalled", "2025-03-03"  # the clock says 2025-03-04
    by_quick = DraftStore(tmp_path / "quick")
    by_quick.new(when=date(2025, 3, 3))  # the day's first number is taken in both folders
    script = [("Title", title), ("Incident date", day)]
    assert run_quick(by_quick, prompter=FakePrompter(script, interrupt_at=3)) == 130

    by_wizard = DraftStore(tmp_path / "wizard")
    by_wizard.new(when=date(2025, 3, 3))
    app = make_app(by_wizard)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        await wait_for(pilot, lambda: app.focused is not None)
        await type_text(pilot, title)
        app.screen.query_one("#header-date", FieldInput).input.value = day
        await wait_for(pilot, lambda: "INC-20250303-002" in by_wizard.ids())
        await wait_for(pilot, lambda: app.session is not None and not app.session.dirty)

    def filed(store: DraftStore) -> tuple[object, ...]:
        path = store.folder / "INC-20250303-002.toml"
        doc = draft_file.read_draft(path)
        rows = [(h.version, h.date, h.author, h.changes) for h in doc.history]
        locks = sorted(p.name for p in store.folder.glob(".*.lock"))
        return store.ids(), doc.header.title, doc.header.date, rows, locks

    assert filed(by_quick) == filed(by_wizard)
    ids, *_, rows, locks = filed(by_quick)
    assert ids == {"INC-20250303-001", "INC-20250303-002"}  # today's (-20250304-) is gone
    assert len(rows) == 1 and rows[0][1] == date(2025, 3, 4)  # type: ignore[index]
    assert locks == [".INC-20250303-002.toml.lock"]


def test_resume_keeps_a_draft_outside_the_folder_and_a_hand_given_id_in_place(
    drafts: DraftStore, tmp_path: Path
) -> None:
    """As in the wizard: a draft opened by its path outside the folder is edited where it is,
    and an ID the author gave (not the date's) is not renumbered."""
    doc = PostMortem.new(incident_id="INC-20260301-001", when=date(2026, 3, 2))
    elsewhere = tmp_path / "shared" / "INC-20260301-001.toml"
    elsewhere.parent.mkdir()
    drafts.save(doc, elsewhere)
    assert run_quick(drafts, resume=elsewhere, prompter=FakePrompter(FULL)) == 0
    assert draft_file.read_draft(elsewhere).header.incident_id == "INC-20260301-001"
    assert list(drafts.draft_paths()) == []
