"""core/draft_session.py on its own, without a UI: the lock, the file under its ID, the first
history row, writes in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem_tui.core import history
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.draft_session import DraftSession, Prepared
from postmortem_tui.core.locking import DraftLock, DraftLockedError
from postmortem_tui.core.model import Author, PostMortem
from postmortem_tui.core.store import DraftStore

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def opened(store: DraftStore) -> DraftSession:
    doc, path = store.new(title="Feed", when=DAY)  # INC-20261120-001
    session = DraftSession.open(store, doc, path)
    yield session
    session.release()


def test_open_takes_the_lock_and_release_lets_it_go(store: DraftStore) -> None:
    doc, path = store.new(title="Feed", when=DAY)
    session = DraftSession.open(store, doc, path)
    with pytest.raises(DraftLockedError):
        DraftLock(path).acquire()
    with pytest.raises(DraftLockedError):
        DraftSession.open(store, doc, path)
    session.release()
    again = DraftSession.open(store, doc, path)
    again.release()


def test_the_first_save_adds_the_history_row_once_and_completes_its_author(
    opened: DraftSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "os_user_name", lambda: "")
    doc = opened.doc
    assert doc.history == []
    assert opened.prepare().history
    assert [(h.version, h.changes, h.author) for h in doc.history] == [
        ("0.1", history.INITIAL_CHANGES, "")
    ]
    assert opened.prepare() == Prepared()  # nothing new: no row, no message
    doc.signoff.author = Author(name="An")  # saved while the name is being typed
    assert opened.prepare().history and doc.history[0].author == "An"
    doc.signoff.author = Author(name="Ana Restrepo")
    assert opened.prepare().history and doc.history[0].author == "Ana Restrepo"
    doc.history[0].author = "Ana R."  # the author's own correction stays
    doc.signoff.author = Author(name="Ana Restrepo Gómez")
    assert not opened.prepare().history and doc.history[0].author == "Ana R."
    assert len(doc.history) == 1


def test_an_id_derived_from_the_date_follows_it_and_the_lock_moves(
    store: DraftStore, opened: DraftSession
) -> None:
    old = opened.path
    opened.doc.header.date = DAY - dt.timedelta(days=1)
    prepared = opened.prepare()
    new = store.folder / "INC-20261119-001.toml"
    assert prepared.incident_id and prepared.renamed_to == new and prepared.not_renamed is None
    assert opened.path == new and opened.doc.header.incident_id == "INC-20261119-001"
    assert not old.exists() and read_draft(new).header.date == DAY - dt.timedelta(days=1)
    assert opened.lock is not None and opened.lock.draft == new and opened.lock.held
    assert not DraftLock(old).path.exists()  # no lock file for a name that is gone
    with pytest.raises(DraftLockedError):
        DraftLock(new).acquire()


def test_an_edited_id_never_refiles_over_another_draft_and_says_so_once(
    store: DraftStore, opened: DraftSession
) -> None:
    _, other = store.new(title="Other", when=DAY)  # INC-20261120-002
    opened.doc.header.incident_id = "INC-20261120-002"
    prepared = opened.prepare()
    assert prepared.renamed_to is None
    assert prepared.not_renamed is not None and "already exists" in prepared.not_renamed
    assert opened.prepare().not_renamed is None  # said once; saved under the old name
    assert read_draft(other).header.title == "Other"
    DraftLock(other).acquire()  # the other draft's lock was let go, not kept
    opened.doc.header.incident_id = "INC-20261120-007"
    assert opened.prepare().renamed_to == store.folder / "INC-20261120-007.toml"
    assert store.ids() == {"INC-20261120-002", "INC-20261120-007"}


def test_a_draft_outside_the_folder_keeps_its_name_and_id(
    store: DraftStore, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "colleague.toml"
    outside.parent.mkdir()
    doc = PostMortem.new(title="Colleague", incident_id="INC-20261120-004", when=DAY)
    store.save(doc, outside)
    session = DraftSession.open(store, doc, outside)
    try:
        assert session.in_place
        doc.header.date = DAY - dt.timedelta(days=3)
        doc.header.incident_id = "INC-20261117-009"
        prepared = session.prepare()
        assert not prepared.incident_id and prepared.renamed_to is None
        assert session.path == outside and doc.header.incident_id == "INC-20261117-009"
    finally:
        session.release()


def test_an_older_snapshot_never_lands_over_a_newer_save(opened: DraftSession) -> None:
    opened.doc.header.title = "Feed 1"
    first = opened.snapshot()
    opened.doc.header.title = "Feed 2"
    second = opened.snapshot()
    assert "Feed" not in repr(first)  # the data is never turned into text by accident
    assert not opened.is_latest(first.generation) and opened.is_latest(second.generation)
    assert opened.write(second)
    assert not opened.write(first)  # overtaken
    assert read_draft(opened.path).header.title == "Feed 2"
    opened.doc.header.title = "Feed 3"
    third = opened.snapshot()
    opened.doc.header.title = "Feed 4"
    opened.save()  # quitting: written at once, on this thread
    assert not opened.write(third)
    assert not opened.is_latest(third.generation)
    assert read_draft(opened.path).header.title == "Feed 4"


def test_a_read_only_draft_prepares_and_recovers_nothing(store: DraftStore) -> None:
    doc, path = store.new(title="Feed", when=DAY)
    holder = DraftLock(path)
    holder.acquire()
    try:
        session = DraftSession(store, doc, path, read_only=True)
        doc.header.date = DAY - dt.timedelta(days=1)
        assert session.prepare() == Prepared()
        assert doc.history == [] and session.path == path
        assert session.save_recovery() is None
    finally:
        holder.release()


def test_the_recovery_file_sits_beside_the_draft_and_leaves_it_alone(
    store: DraftStore, opened: DraftSession
) -> None:
    before = opened.path.read_bytes()
    opened.doc.header.title = "Feed, as typed"
    recovered = opened.save_recovery()
    assert recovered is not None and recovered.parent == opened.path.parent
    assert read_draft(recovered).header.title == "Feed, as typed"
    assert opened.path.read_bytes() == before
    assert store.ids() == {opened.path.stem}
