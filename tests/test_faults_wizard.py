"""Faults around the wizard: kills, signals, locks, crashes, failing writes.

The signal and kill tests run the real command in a pseudo-terminal, as a user's terminal would.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from kit import make_app, wait_for, wait_until

from postmortem_tui.core.atomic import TEMP_PREFIX
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.locking import DraftLock, DraftLockedError
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.crash_guard import crash_report
from postmortem_tui.tui.save_session import SAVE_DELAY
from postmortem_tui.tui.screens.confirm import ConfirmScreen
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.save_status import SaveStatus

SIZE = (100, 30)


# The real command, with the autosave's delay set first (its only difference).
SLOW_AUTOSAVE = (
    "import sys; from postmortem_tui.tui.app import PostmortemApp; "
    "PostmortemApp.__init__.__kwdefaults__['save_delay'] = float(sys.argv.pop(1)); "
    "from postmortem_tui.cli import main; main()"
)


def spawn_wizard(folder: Path, ref: str, save_delay: float | None = None) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    command = ["-m", "postmortem_tui"]
    if save_delay is not None:
        command = ["-c", SLOW_AUTOSAVE, str(save_delay)]
    child = pexpect.spawn(
        sys.executable, [*command, "--dir", str(folder), "open", ref],
        env=env, dimensions=(30, 100), timeout=30,
    )
    child.expect("Saved|All changes saved")  # the wizard's first frame is up
    return child


def title_bar_shows(title: str) -> re.Pattern[bytes]:
    """The title bar's "ID · title", drawn from the document (the field shows it sooner)."""
    return re.compile(rb"\xc2\xb7 (\x1b\[[0-9;]*m)*" + re.escape(title.encode()))


def title_of(path: Path) -> str:
    try:
        return read_draft(path).header.title
    except DraftError:
        return ""


@pytest.fixture
def draft(store: DraftStore) -> Path:
    _, path = store.new(title="Feed")
    return path


# --- processes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_signal_saves_pending_edits_and_exits(store, draft, sig, code):
    # No autosave within the test: only the signal handler can save this.
    child = spawn_wizard(store.folder, draft.stem, save_delay=600)
    child.send("XYZ")
    child.expect(title_bar_shows("FeedXYZ"))  # the document has it
    assert title_of(draft) == "Feed"
    child.kill(sig)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, (child.exitstatus, child.signalstatus)
    assert read_draft(draft).header.title == "FeedXYZ"
    assert not DraftLock(draft).path.exists() or DraftLock(draft).path.read_text() == ""


def test_kill_9_leaves_the_last_autosave_and_next_start_cleans_up(store, draft):
    child = spawn_wizard(store.folder, draft.stem)
    child.send("ABC")
    wait_until(lambda: title_of(draft) == "FeedABC")
    child.send("DEF")
    child.expect("DEF")
    child.kill(signal.SIGKILL)
    child.close()
    # The draft on disk is a whole, parsable autosave: the old one or the newest.
    assert read_draft(draft).header.title in {"FeedABC", "FeedABCDEF"}
    leftover = store.folder / f"{TEMP_PREFIX}{draft.name}.killed"
    leftover.write_text("half a save")
    again = spawn_wizard(store.folder, draft.stem)  # the kill left no lock behind
    again.sendcontrol("q")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert not leftover.exists()


def test_a_lock_from_a_killed_process_does_not_block(store, draft):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; "
         "from postmortem_tui.core.locking import DraftLock; "
         # Holds the lock until killed.
         "DraftLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)",
         str(draft)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(DraftLockedError) as info:
        DraftLock(draft).acquire()
    assert info.value.holder is not None and info.value.holder.pid == holder.pid
    holder.kill()
    holder.wait()
    lock = DraftLock(draft)
    lock.acquire()
    assert lock.held
    lock.release()


# --- in the app ---------------------------------------------------------------------------


async def test_second_terminal_is_told_who_holds_it_and_can_read_only(store, draft):
    other = DraftLock(draft)
    other.acquire()
    try:
        app = make_app(store, draft)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert f"process {os.getpid()}" in app.screen.message
            app.screen.query_one("#yes").press()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, WizardScreen) and screen.read_only
            assert "read-only" in str(screen.query_one("#wizard-title").render())
            before = draft.read_bytes()
            await pilot.press("x")
            await pilot.pause(0.3)  # nothing to wait for: no save must come (six save delays)
            assert draft.read_bytes() == before
    finally:
        other.release()


async def test_second_terminal_can_go_back_instead(store, draft):
    other = DraftLock(draft)
    other.acquire()
    try:
        app = make_app(store, draft, save_delay=SAVE_DELAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            assert isinstance(app.screen, HomeScreen)
    finally:
        other.release()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EIO])
async def test_write_errors_keep_the_old_draft_and_say_why(store, draft, monkeypatch, code):
    before = draft.read_bytes()
    real_write = os.write

    def failing_write(fd: int, data: bytes) -> int:
        raise OSError(code, os.strerror(code))

    app = make_app(store, draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "write", failing_write)
        await pilot.press("!")
        status = app.screen.query_one(SaveStatus)
        await wait_for(pilot, lambda: status.state == "failed")
        assert status.state == "failed"
        assert os.strerror(code) in str(status.render())
        assert draft.read_bytes() == before
        assert not list(store.folder.glob(TEMP_PREFIX + "*"))
        # Quitting in that state asks before discarding.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in app.screen.message
        monkeypatch.setattr(os, "write", real_write)
        await pilot.press("escape")  # stay
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)  # it saves, then exits
    assert app.return_code == 0
    assert read_draft(draft).header.title == "Feed!"


async def test_autosave_worker_error_keeps_the_app_up(store, draft, monkeypatch):
    def boom(self, data, path):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr(DraftStore, "save_snapshot", boom)
    app = make_app(store, draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("!")
        status = app.screen.query_one(SaveStatus)
        await wait_for(pilot, lambda: status.state == "failed")
        assert status.state == "failed"
        assert app.is_running
        assert isinstance(app.screen, WizardScreen)


async def test_a_crash_saves_a_recovery_file_and_reports_no_draft_text(store, draft, monkeypatch):
    from postmortem_tui.tui.sections.header import HeaderForm

    def explode(self, event):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"bad value {self.doc.header.title}")

    monkeypatch.setattr(HeaderForm, "on_document_field_changed", explode)
    app = make_app(store, draft, save_delay=3600)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"SECRET")
            await pilot.pause()
    assert app.recovered_to is not None
    assert read_draft(app.recovered_to).header.title.startswith("FeedS")
    assert read_draft(draft).header.title == "Feed"  # the draft itself is untouched
    report = crash_report(app._crash, app.recovered_to)
    assert "RuntimeError" in report and "SECRET" not in report and "Feed" not in report
    assert str(app.recovered_to) in report
    assert draft.stem in app.recovered_to.name
    assert store.ids() == {draft.stem}  # a recovery file is not a draft


def test_the_draft_path_as_a_symlink_is_never_written_through(store, draft, tmp_path):
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes(draft.read_bytes())
    draft.unlink()
    draft.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    doc = read_draft(draft)
    with pytest.raises(DraftError, match="symbolic link"):
        store.save(doc, draft)
    assert elsewhere.read_bytes() == before


def test_a_read_only_drafts_folder_is_named_in_the_message(store, draft, monkeypatch):
    # Tests run as root in CI, where chmod cannot make a folder read-only: refuse as it would.
    import tempfile

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    before = draft.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DraftError, match="cannot write drafts here: Permission denied") as info:
        store.save(read_draft(draft), draft)
    assert str(store.folder) in str(info.value)
    assert draft.read_bytes() == before


def test_a_missing_drafts_folder_is_created_private(tmp_path):
    store = DraftStore(tmp_path / "not" / "there")
    _, path = store.new(title="x")
    assert path.parent == store.folder
    assert oct(store.folder.stat().st_mode & 0o777) == oct(0o700)


def test_control_sequences_in_text_never_reach_the_terminal(store):
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.strip import Strip

    pasted = "A\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x9b2J\x00B"
    strip = Strip([Segment(pasted, Style(bold=True)), Segment(pasted)])
    # What Textual does with every line of every widget (tests/test_textual_internals.py).
    for line_filter in PostmortemApp(store).get_line_filters():
        strip = strip.apply_filter(line_filter, Color(0, 0, 0))
    out = strip.render(Console(color_system="truecolor"))
    assert "\x1b]" not in out and "\x07" not in out and "\x9b" not in out and "\x00" not in out
    assert "A[31mRED[0m ]0;pwned 2JB" in out
    # Textual's own styling still gets through.
    assert out.startswith("\x1b[1m")


async def test_pasted_logs_too_large_to_edit_are_shown_and_kept_exactly(store, draft):
    from postmortem_tui.tui.widgets.long_text_field import LARGE_TEXT, LongTextField

    doc = read_draft(draft)
    logs = "10:00:01 ERROR \x1b[31mrejected\x1b[0m order\r\n" * (LARGE_TEXT // 30)
    doc.appendix.logs = logs
    doc.summary = "mixed\r\nline\nendings"
    doc.wizard.section = "appendix"
    store.save(doc, draft)
    app = make_app(store, draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#appendix-logs", LongTextField)
        assert field.large and not field.query("TextArea")
        note = str(field.query_one(".field--large-note").render())
        assert "too large to edit here" in note and "F4" in note
        await pilot.press("f2", "f2", "f2", "f2", "f2", "f2", "f2", "f2")
        await pilot.pause()
        summary = app.screen.query_one("#summary-summary", LongTextField)
        assert summary.large  # a TextArea would rewrite the mixed line endings
        status = app.screen.query_one(SaveStatus)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: status.saved_at is not None)  # "Saved hh:mm:ss"
    back = read_draft(draft)
    assert back.appendix.logs == logs
    assert back.summary == "mixed\r\nline\nendings"


async def test_after_staying_on_a_failed_quit_the_retries_go_on(store, draft, monkeypatch):
    import postmortem_tui.tui.save_session as save_session

    monkeypatch.setattr(save_session, "RETRY_DELAY", 0.3)
    real_write = os.write
    disk = {"full": True}

    def write(fd: int, data: bytes) -> int:
        if disk["full"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    app = make_app(store, draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "write", write)
        await pilot.press("!")
        status = app.screen.query_one(SaveStatus)
        await wait_for(pilot, lambda: status.state == "failed")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")  # stay
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        disk["full"] = False  # space is freed; no key is pressed from now on
        await wait_for(pilot, lambda: title_of(draft) == "Feed!")
        await wait_for(pilot, lambda: status.state == "saved")


async def test_a_draft_opened_by_path_outside_the_folder_is_edited_in_place(store, tmp_path):
    from postmortem_tui.core.model import PostMortem

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / "colleague.toml"
    doc = PostMortem.new(title="Colleague", incident_id="INC-20261120-004")
    store.save(doc, outside)
    app = make_app(store, outside)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        said = " ".join(f"{n.title} {n.message}" for n in app._notifications)
        assert str(outside) in said and "in place" in said
        await pilot.press("!")
        await wait_for(pilot, lambda: title_of(outside) == "Colleague!")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert read_draft(outside).header.title == "Colleague!"
    assert [p.name for p in elsewhere.iterdir() if not p.name.startswith(".")] == [
        "colleague.toml"
    ]
    assert not store.folder.exists() or not [
        p for p in store.folder.iterdir() if p.name != ".summaries.json"
    ]


async def test_read_only_is_always_shown_and_a_key_says_why_once(store, draft):
    doc = read_draft(draft)
    doc.header.title = "Equity orders rejected at market open after a risk-limit change " * 3
    store.save(doc, draft)
    other = DraftLock(draft)
    other.acquire()
    try:
        app = make_app(store, draft)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            app.screen.query_one("#yes").press()
            await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
            await pilot.pause()
            line = app.screen.query_one("#wizard-title").render_line(0).text
            assert "[read-only]" in line and "…" in line, line
            assert "ctrl+s" not in app.screen.active_bindings  # no "Save" that saves nothing
            before = draft.read_bytes()
            await pilot.press("x", "y", "backspace")

            def told() -> list[object]:
                return [n for n in app._notifications if n.title == "Read-only"]

            await wait_for(pilot, told)
            await pilot.press("z")
            await pilot.pause(0.2)  # nothing to wait for: a second notice must not come
            assert len(told()) == 1
            assert "another terminal" in told()[0].message  # type: ignore[attr-defined]
            assert draft.read_bytes() == before
            theirs = read_draft(draft)
            theirs.summary = "Written in the other terminal"
            store.save(theirs, draft)
            app.action_save_now()  # as the palette's "Draft: Save now" would
            await pilot.pause(0.3)  # nothing to wait for: no save must happen
            assert read_draft(draft).summary == "Written in the other terminal"
    finally:
        other.release()


def test_the_wizards_export_never_draws_on_a_terminal_nor_waits_on_a_pipe(
    store, draft, tmp_path, monkeypatch
):
    import pty

    from postmortem_tui.core import atomic

    app = make_app(store, draft, save_delay=SAVE_DELAY)
    leader, follower = pty.openpty()
    try:
        terminal = Path(os.ttyname(follower))
        with pytest.raises(DraftError, match="is a terminal"):
            app.write_export(terminal, "# over the screen\n")
        os.set_blocking(leader, False)
        with pytest.raises(BlockingIOError):
            os.read(leader, 100)  # nothing reached the terminal
    finally:
        os.close(leader)
        os.close(follower)
    monkeypatch.setattr(atomic, "READER_WAIT", 0.2)
    fifo = tmp_path / "nobody.md"
    os.mkfifo(fifo)
    with pytest.raises(DraftError, match="nobody reads from"):
        app.write_export(fifo, "# md\n")


def test_the_wizards_export_writes_into_a_fifo_and_never_over_a_draft(store, draft, tmp_path):
    import stat
    import threading

    app = make_app(store, draft, save_delay=SAVE_DELAY)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    app.write_export(fifo, "# through the pipe\n")
    reader.join(10)
    assert got == [b"# through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # written into, not replaced by a file
    _, other = store.new(title="Other")
    link = tmp_path / "other.md"
    link.symlink_to(other)
    before = other.read_bytes()
    with pytest.raises(DraftError, match="drafts folder"):
        app.write_export(link, "# md\n")
    assert other.read_bytes() == before and link.is_symlink()
