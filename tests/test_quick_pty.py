"""`postmortem quick` end to end through a pseudo-terminal: the real questionary UI, real keys.

Each step waits for its question to be on the screen before typing, so nothing depends on
timing; the timeouts are generous only for a slow machine.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from kit import wait_until
from test_quick import FULL, Answer, FakePrompter  # the same script, the same fake

from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.prompts.quick import run_quick

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

TIMEOUT = 20
CTRL_U = "\x15"  # clear the line, so a pre-filled default is replaced
CTRL_C = "\x03"
CHOICE_KEYS = {"P0": "0", "P1": "1", "P2": "2", "P3": "3"}  # the shortcut of each choice
CHOICE_KEYS.update({"Prevent Recurrence": "1", "Improve Detection": "2", "Reduce Impact": "3"})
SELECTS = ("Severity", "priority", "category")
# An SGR sequence that sets a colour: 30-37/90-97 foreground, 40-47/100-107 background, 38/48.
COLOUR_RE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")


def spawn(
    folder: Path, *args: str, no_color: bool = False, program: Sequence[str] = ()
) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(
        sys.executable,
        list(program) or ["-m", "postmortem_tui", "--dir", str(folder), "quick", *args],
        env=env, dimensions=(30, 100), timeout=TIMEOUT, encoding="utf-8",
        codec_errors="replace",
    )
    child.delaybeforesend = None  # every send waits for its question already
    return child


def keys(key: str, answer: Answer) -> str:
    if isinstance(answer, bool):
        return "y\r" if answer else "n\r"  # a confirm, like every question, ends with Enter
    if key.endswith(SELECTS):
        return CHOICE_KEYS[answer] + "\r"
    return CTRL_U + answer + "\r"


def answer_all(child: pexpect.spawn, script: Sequence[tuple[str, Answer]]) -> Iterator[str]:
    """Answer each question of `script` once it is on the screen; yields each key."""
    for key, answer in script:
        yield key
        child.expect_exact(key)
        child.send(keys(key, answer))


@pytest.fixture
def reference(tmp_path: Path) -> str:
    """The draft the same answers give through the fake prompter."""
    store = DraftStore(tmp_path / "reference")
    assert run_quick(store, prompter=FakePrompter(FULL)) == 0
    (path,) = store.draft_paths()
    return path.read_text()


def only_draft(folder: Path) -> Path:
    (path,) = DraftStore(folder).draft_paths()
    return path


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_every_question_answered_in_the_real_ui(tmp_path: Path, reference: str) -> None:
    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, FULL):
        pass
    child.expect_exact("Completeness:")
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert "Continue in the wizard: postmortem --dir" in rest
    assert only_draft(folder).read_text() == reference


def test_wrong_answer_ctrl_c_and_resume_in_the_real_ui(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = spawn(folder, no_color=True)
    child.logfile_read = transcript = _Transcript()
    summary = next(i for i, (k, _) in enumerate(FULL) if k == "Executive summary")
    start = next(i for i, (k, _) in enumerate(FULL) if k == "Start time")
    for _ in answer_all(child, FULL[:start]):
        pass
    child.expect_exact("Start time")
    child.send(keys("Start time", "9.15"))
    child.expect_exact('Start time must be HH:MM (24-hour), got "9.15"')
    for _ in answer_all(child, FULL[start:summary]):  # asked again, below the message
        pass
    child.expect_exact("Executive summary")
    child.send("Half a sentence")
    child.send(CTRL_C)
    child.expect_exact("Stopped: 5 answers saved in INC-")
    child.expect_exact("the last: Severity.")
    rest = finish(child)
    assert child.exitstatus == 130, rest
    assert "quick --resume INC-" in rest
    assert not COLOUR_RE.search(transcript.text), "NO_COLOR must mean no colour"

    # --resume starts at the question that was interrupted; the half-typed answer was never
    # given, so it is asked for again.
    child = spawn(folder, "--resume", "INC")
    child.expect_exact("only the questions still unanswered")
    child.expect_exact("Executive summary")
    child.send(keys(*FULL[summary]))
    child.expect_exact("Timeline milestones")
    child.expect_exact("First symptom occurred")
    child.send(CTRL_C)
    child.expect_exact("Stopped: 1 answer saved in INC-")
    rest = finish(child)
    assert child.exitstatus == 130, rest
    doc = DraftStore(folder).load(only_draft(folder))
    assert doc.summary == FULL[summary][1]
    assert doc.header.title == FULL[0][1] and str(doc.header.end_time) == "10:47:00"


def header_up_to(key: str) -> list[tuple[str, Answer]]:
    return FULL[: next(i for i, (k, _) in enumerate(FULL) if k == key)]


def stop_at_summary(child: pexpect.spawn, folder: Path) -> PostMortem:
    child.expect_exact("Executive summary")
    child.send(CTRL_C)
    rest = finish(child)
    assert child.exitstatus == 130, rest
    return DraftStore(folder).load(only_draft(folder))


def test_the_enter_after_yes_does_not_answer_the_next_question(tmp_path: Path) -> None:
    """"y" then Enter, as one types: the Enter belongs to the yes, so the end time is still
    asked, and the next keys go where they were meant."""
    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, header_up_to("Has the incident ended?")):
        pass
    child.expect_exact("Has the incident ended?")
    child.send("y\r")
    child.expect_exact("End time")
    child.send("10:47\r")
    child.expect_exact("Severity")
    child.send("1\r")
    doc = stop_at_summary(child, folder)
    assert str(doc.header.end_time) == "10:47:00"
    assert doc.header.severity is not None and doc.header.severity.value == "P1"


@pytest.mark.parametrize("enter", ["\r", "\n"], ids=["CR", "LF"])
def test_answers_typed_ahead_reach_their_own_questions(tmp_path: Path, enter: str) -> None:
    """Typed before their questions appear; LF is how Enter arrives when typed while the
    terminal is between two questions (line mode turns CR into LF)."""
    folder = tmp_path / "drafts"
    child = spawn(folder)
    child.expect_exact("Title")
    answers = ["Quote feed stalled", "2026-03-02", "09:12", "y", "10:47", "1"]
    child.send("".join(a + enter for a in answers))  # all at once
    doc = stop_at_summary(child, folder)
    h = doc.header
    assert (h.title, str(h.date)) == ("Quote feed stalled", "2026-03-02")
    assert (str(h.start_time), str(h.end_time)) == ("09:12:00", "10:47:00")
    assert h.severity is not None and h.severity.value == "P1"


def test_enter_alone_picks_no_severity(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, header_up_to("Severity")):
        pass
    child.expect_exact("Severity")
    child.send("\r")
    child.expect_exact("Choose one")
    child.send("\x1b[B\x1b[B\x1b[B\r")  # arrow keys: down three times from nothing picked
    doc = stop_at_summary(child, folder)
    assert doc.header.severity is not None and doc.header.severity.value == "P2"


@pytest.mark.parametrize("at", ["Incident date", "Has the incident ended?", "Severity"])
def test_kill_int_stops_at_any_kind_of_question(tmp_path: Path, at: str) -> None:
    """SIGINT from outside (`kill -INT`) is Ctrl+C: every answer given is kept, exit 130."""
    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, header_up_to(at)):
        pass
    child.expect_exact(at)
    os.kill(child.pid, signal.SIGINT)
    child.expect_exact("Stopped: ")
    rest = finish(child)
    assert child.exitstatus == 130, rest
    assert DraftStore(folder).load(only_draft(folder)).header.title == FULL[0][1]


@pytest.mark.parametrize("at", ["Incident date", "Severity"])
def test_kill_term_stops_and_puts_the_terminal_back(tmp_path: Path, at: str) -> None:
    """`kill` stops the run as Ctrl+C does (every answer is saved already), but exits 143 --
    and the terminal gets its echo back, the lock is released."""
    import termios

    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, header_up_to(at)):
        pass
    child.expect_exact(at)
    os.kill(child.pid, signal.SIGTERM)
    child.expect_exact("Stopped: ")
    child.expect(pexpect.EOF)
    echo = termios.tcgetattr(child.child_fd)[3] & termios.ECHO  # the pty's mode, from our side
    child.close()
    assert child.exitstatus == 143, (child.signalstatus, child.before)
    assert echo
    draft = only_draft(folder)
    lock = DraftLock(draft)
    lock.acquire()
    lock.release()
    assert DraftStore(folder).load(draft).header.title == FULL[0][1]


def test_the_start_time_is_not_prefilled_with_now(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = spawn(folder)
    for _ in answer_all(child, header_up_to("Start time")):
        pass
    child.expect_exact("Start time")
    child.expect_exact('type "now" for ')
    child.send("\r")  # Enter alone: not known yet
    child.expect_exact("Has the incident ended?")
    child.send("y\r")
    child.expect_exact("Severity")  # no end time without a start
    child.send("2\r")
    doc = stop_at_summary(child, folder)
    assert doc.header.start_time is None and doc.header.end_time is None


def test_now_is_shown_as_the_time_it_stands_for(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = spawn(folder, no_color=True)
    child.logfile_read = transcript = _Transcript()
    for _ in answer_all(child, header_up_to("Start time")):
        pass
    child.expect(r'type "now" for (\d\d:\d\d)')
    shown = child.match.group(1)
    child.send("now\r")
    child.expect_exact("Has the incident ended?")
    (line,) = [row for row in screen(transcript.text) if row.startswith("? Start time")]
    assert line.rstrip().endswith(f"Enter to skip) {shown}")  # the time stored, not "now"
    child.send("n\r")
    child.expect_exact("Severity")
    child.send("0\r")
    doc = stop_at_summary(child, folder)
    assert str(doc.header.start_time)[:5] == shown


# `postmortem` whose first save waits for a file: keys can be typed while no question is asked.
HELD_FIRST_SAVE = """
import sys, time
from pathlib import Path
from postmortem_tui.core import store as store_module
from postmortem_tui.cli import main
saving, resume = Path(sys.argv[1]), Path(sys.argv[2])
save = store_module.DraftStore.save
def held(self, doc, path=None):
    if not saving.exists():
        saving.touch()
        while not resume.exists():  # the save is held until the test lets it go
            time.sleep(0.01)
    return save(self, doc, path)
store_module.DraftStore.save = held
sys.argv[:] = ["postmortem", *sys.argv[3:]]
main()
"""


def wait_for_file(path: Path) -> None:
    wait_until(path.exists, TIMEOUT, f"{path} to appear")


def test_keys_typed_between_two_questions_are_not_echoed(tmp_path: Path) -> None:
    """While an answer is being saved no question is on the screen; keys typed then wait,
    unseen, for the next question, instead of the terminal echoing them over the screen."""
    folder, saving, resume = tmp_path / "drafts", tmp_path / "saving", tmp_path / "resume"
    child = spawn(folder, no_color=True, program=[
        "-c", HELD_FIRST_SAVE, str(saving), str(resume), "--dir", str(folder), "quick",
    ])
    child.logfile_read = transcript = _Transcript()
    child.expect_exact("Title")
    child.send("Quote feed stalled\r")
    wait_for_file(saving)
    child.send("2026-03-02\r09:12\r")  # typed while the title is being saved
    resume.touch()
    child.expect_exact("Has the incident ended?")
    rows = [row.rstrip() for row in screen(transcript.text) if row.strip()]
    assert not any(row in ("2026-03-02", "09:12") for row in rows), rows
    assert rows[-3].endswith("(YYYY-MM-DD, COT) 2026-03-02"), rows
    assert rows[-2].endswith("Enter to skip) 09:12"), rows
    child.send(CTRL_C)
    finish(child)
    doc = DraftStore(folder).load(only_draft(folder))
    assert (str(doc.header.date), str(doc.header.start_time)) == ("2026-03-02", "09:12:00")


def test_the_terminal_mode_is_put_back_however_the_run_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import termios

    from postmortem_tui.prompts.interactive import QuestionaryPrompter

    leader, follower = os.openpty()
    try:
        with os.fdopen(follower, "r", closefd=False) as tty:
            monkeypatch.setattr(sys, "stdin", tty)
            before = termios.tcgetattr(follower)
            with pytest.raises(KeyboardInterrupt), QuestionaryPrompter().holding_keys():
                lflag = termios.tcgetattr(follower)[3]
                assert not lflag & (termios.ECHO | termios.ICANON)
                raise KeyboardInterrupt
            assert termios.tcgetattr(follower) == before
    finally:
        os.close(leader)
        os.close(follower)


def screen(output: str) -> list[str]:
    """The lines of the terminal after `output`, as a person sees them."""
    import pyte

    terminal = pyte.Screen(100, 30)
    pyte.Stream(terminal).feed(output)
    return list(terminal.display)


class _Transcript:
    """A pexpect log that keeps what the program wrote."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, data: str) -> None:
        self.text += data

    def flush(self) -> None:
        pass
