"""tui/save_session.py without the wizard: a bare app mounts the session and its status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from kit import wait_for
from textual.app import App, ComposeResult
from textual.message import Message

from postmortem_tui.core import history
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.draft_session import DraftSession
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui import save_session as save_session_module
from postmortem_tui.tui.save_session import SAVE_MAX_WAIT, SaveSession, SaveState
from postmortem_tui.tui.widgets.save_status import SaveStatus

DAY = dt.date(2026, 11, 20)


class Host(App[None]):
    """The session and its status line, and what the session tells the screen."""

    def __init__(self, session: SaveSession) -> None:
        super().__init__()
        self.session = session
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield SaveStatus(self.session)
        yield self.session

    def on_save_session_history_changed(self, message: SaveSession.HistoryChanged) -> None:
        self.heard.append(message)

    def on_save_session_id_changed(self, message: SaveSession.IdChanged) -> None:
        self.heard.append(message)

    def on_save_session_refiled(self, message: SaveSession.Refiled) -> None:
        self.heard.append(message)


@pytest.fixture
def draft(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(history, "os_user_name", lambda: "")
    doc, path = store.new(title="Feed", when=DAY)
    session = DraftSession.open(store, doc, path)
    yield session
    session.release()


def title_of(path: Path) -> str:
    return read_draft(path).header.title


def test_the_autosave_keeps_the_promised_second(draft) -> None:
    session = SaveSession(draft, save_delay=0.5)
    assert session.autosave.delay == 0.5 and session.autosave.max_wait == SAVE_MAX_WAIT
    slow = SaveSession(draft, save_delay=5)
    assert slow.autosave.max_wait == 5  # a longer delay is not cut short


async def test_an_edit_is_pending_then_saved_and_the_status_follows(draft) -> None:
    # A delay no loaded machine reaches, so the pending state can be seen; then saved at once.
    session = SaveSession(draft, save_delay=60)
    app = Host(session)
    async with app.run_test() as pilot:
        status = app.query_one(SaveStatus)
        assert session.state == SaveState() and str(status.render()) == "All changes saved"
        draft.doc.header.title = "Feed!"
        session.edited()
        assert session.state.status == "pending" and session.dirty
        await wait_for(pilot, lambda: str(status.render()) == "Saving…")
        session.save_now()
        await wait_for(pilot, lambda: session.state.status == "saved")
        assert title_of(draft.path) == "Feed!"
        assert not session.dirty and session.state.saved_at is not None
        assert str(status.render()) == f"Saved {session.state.saved_at:%H:%M:%S}"
        # The first save added the first history row, and said so to the screen.
        assert read_draft(draft.path).history[0].changes == history.INITIAL_CHANGES
        assert [type(m) for m in app.heard] == [SaveSession.HistoryChanged]


async def test_the_file_follows_the_id_and_the_screen_is_told(draft, store) -> None:
    session = SaveSession(draft, save_delay=0.05)
    app = Host(session)
    async with app.run_test(notifications=True) as pilot:
        draft.doc.header.date = DAY - dt.timedelta(days=1)
        session.edited()
        new = store.folder / "INC-20261119-001.toml"
        await wait_for(pilot, lambda: session.state.status == "saved" and new.exists())
        kinds = [type(m) for m in app.heard]
        assert SaveSession.IdChanged in kinds and SaveSession.Refiled in kinds
        refiled = next(m for m in app.heard if isinstance(m, SaveSession.Refiled))
        assert refiled.path == new
        assert any(n.title == "Incident ID changed" for n in app._notifications)


async def test_a_failed_save_says_why_keeps_the_edit_and_tries_again(
    draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(save_session_module, "RETRY_DELAY", 0.2)
    tries = {"n": 0}
    real = DraftStore.save_snapshot

    def full_once(self: DraftStore, data: dict[str, Any], target: Path) -> str:
        tries["n"] += 1
        if tries["n"] == 1:
            raise DraftError(f"{target}: not saved: No space left on device")
        return real(self, data, target)

    monkeypatch.setattr(DraftStore, "save_snapshot", full_once)
    session = SaveSession(draft, save_delay=0.05)
    app = Host(session)
    async with app.run_test() as pilot:
        draft.doc.header.title = "Feed!"
        session.edited()
        await wait_for(pilot, lambda: session.state.status == "failed")
        assert session.state.reason == "No space left on device" == session.error
        assert session.dirty and title_of(draft.path) == "Feed"
        assert str(app.query_one(SaveStatus).render()) == "Not saved: No space left on device"
        session.edited()  # typing on: the failure stays shown until a save succeeds
        assert session.state.status == "failed"
        await wait_for(pilot, lambda: session.state.status == "saved")  # no edit needed
        assert title_of(draft.path) == "Feed!" and session.error is None


async def test_a_bug_in_the_write_is_a_failed_save_not_a_crash(
    draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    def on_fire(self: DraftStore, data: dict[str, Any], target: Path) -> None:
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr(DraftStore, "save_snapshot", on_fire)
    session = SaveSession(draft, save_delay=0.05)
    app = Host(session)
    async with app.run_test() as pilot:
        session.save_now()
        await wait_for(pilot, lambda: session.state.status == "failed")
        assert session.state.reason == "unexpected error: RuntimeError"
        assert app.is_running


async def test_save_sync_writes_at_once_on_the_calling_thread(
    draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SaveSession(draft, save_delay=3600)  # the autosave never comes
    app = Host(session)
    async with app.run_test() as pilot:
        draft.doc.header.title = "Feed, quitting"
        session.edited()
        assert session.autosave.pending
        assert session.save_sync() is None
        assert title_of(draft.path) == "Feed, quitting"  # before any await
        assert not session.autosave.pending and not session.dirty
        assert session.state.status == "saved"

        def full(self: DraftStore, data: dict[str, Any], path: Path) -> str:
            raise DraftError(f"{path}: not saved: No space left on device")

        monkeypatch.setattr(DraftStore, "save_snapshot", full)
        monkeypatch.setattr(save_session_module, "RETRY_DELAY", 3600)
        draft.doc.header.title = "Feed, full disk"
        assert session.save_sync() == "No space left on device"
        assert session.state.status == "failed" and session.dirty
        assert session.autosave.pending  # the retry is on its way
        await pilot.pause()


async def test_a_read_only_draft_is_never_written(store: DraftStore) -> None:
    doc, path = store.new(title="Feed", when=DAY)
    before = path.read_bytes()
    session = SaveSession(DraftSession(store, doc, path, read_only=True), save_delay=0.05)
    app = Host(session)
    async with app.run_test() as pilot:
        doc.header.title = "Feed, not mine"
        session.save_now()
        assert session.save_sync() is None
        await pilot.pause()
        assert path.read_bytes() == before
        assert session.state == SaveState() and app.heard == []
