"""core/draft_session.py on its own, without a UI: the lock, the file under its ID, the first
history row, writes in order, the file compared before every write and merged when another
process changed it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui.core import draft_session, history
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.draft_session import ChangedOnDisk, DraftSession, Prepared
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


# --- another process changes the file: compared before every write, merged, never overwritten


def elsewhere(path: Path, change: Callable[[PostMortem], object]) -> None:
    """Another process (a sync, an editor, a command) rewrites the draft's file."""
    doc = read_draft(path)
    change(doc)
    DraftStore(path.parent).save(doc, path)


def test_a_write_from_elsewhere_is_merged_not_overwritten(opened: DraftSession) -> None:
    opened.doc.header.title = "Feed, typed here"
    taken = opened.snapshot()
    elsewhere(opened.path, lambda d: setattr(d, "summary", "Written by a sync."))
    with pytest.raises(ChangedOnDisk) as refused:
        opened.write(taken)
    assert read_draft(opened.path).header.title == "Feed"  # nothing written over it
    header, timeline = opened.doc.header, opened.doc.timeline
    reloaded = opened.take_in(refused.value.disk)
    assert reloaded is not None and reloaded.save and reloaded.conflicts == ()
    assert [label.lower() for label in reloaded.from_disk] == ["executive summary"]
    assert opened.doc.summary == "Written by a sync."
    assert opened.doc.header.title == "Feed, typed here"
    assert opened.doc.header is header and opened.doc.timeline is timeline  # in place
    assert not opened.write(taken)  # taken before the merge: it has not the sync's summary
    assert opened.take_in(refused.value.disk) is None  # taken in once
    assert opened.write(opened.snapshot())
    on_disk = read_draft(opened.path)
    assert (on_disk.header.title, on_disk.summary) == ("Feed, typed here", "Written by a sync.")


def test_the_synchronous_save_merges_first(opened: DraftSession) -> None:
    opened.doc.impact.missed_trades = 3
    elsewhere(opened.path, lambda d: setattr(d.impact, "erroneous_trades", 2))
    reloaded = opened.save()
    assert reloaded is not None and len(reloaded.from_disk) == 1
    assert reloaded.from_disk[0].startswith("Impact")
    on_disk = read_draft(opened.path).impact
    assert (on_disk.missed_trades, on_disk.erroneous_trades) == (3, 2)
    assert opened.save() is None  # its own write is no change


def test_a_field_changed_on_both_sides_keeps_the_authors(opened: DraftSession) -> None:
    opened.doc.summary = "Mine."
    elsewhere(opened.path, lambda d: setattr(d, "summary", "Theirs."))
    disk = opened.read_disk()
    assert disk is not None
    reloaded = opened.take_in(disk)
    assert reloaded is not None and reloaded.save
    assert len(reloaded.conflicts) == 1 and "summary" in reloaded.conflicts[0].lower()
    assert opened.doc.summary == "Mine."


def test_an_unchanged_file_costs_one_stat_and_saves_as_usual(
    opened: DraftSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Path] = []
    monkeypatch.setattr(draft_session, "read_bytes", lambda p: reads.append(p) or b"")
    for title in ("Feed 1", "Feed 2"):
        opened.doc.header.title = title
        assert opened.write(opened.snapshot())
    opened.save()
    assert not opened.changed_on_disk() and opened.read_disk() is None
    assert reads == [] and read_draft(opened.path).header.title == "Feed 2"


def test_the_same_bytes_written_again_are_no_change(opened: DraftSession) -> None:
    opened.save()
    raw = opened.path.read_bytes()
    opened.path.unlink()
    opened.path.write_bytes(raw)  # a checkout of the same text: another inode, same bytes
    assert opened.changed_on_disk()
    assert opened.read_disk() is None and not opened.changed_on_disk()


def test_a_file_spoilt_elsewhere_is_refused_and_the_document_kept(
    opened: DraftSession,
) -> None:
    opened.doc.summary = "Typed here."
    opened.path.write_text("schema_version = 1\n[header\ntitle = 'half an edit'\n")
    disk = opened.read_disk()
    assert disk is not None and disk.error is not None and "not valid TOML" in disk.error
    reloaded = opened.take_in(disk)
    assert reloaded is not None and reloaded.error == disk.error
    assert opened.doc.summary == "Typed here." and opened.read_disk() is None  # said once
    assert opened.write(opened.snapshot())  # the author's document replaces it
    assert read_draft(opened.path).summary == "Typed here."


def test_a_file_removed_elsewhere_is_saved_again(opened: DraftSession) -> None:
    opened.path.unlink()
    disk = opened.read_disk()
    assert disk is not None and disk.missing
    reloaded = opened.take_in(disk)
    assert reloaded is not None and reloaded.missing and opened.doc.header.title == "Feed"
    assert opened.write(opened.snapshot())
    assert read_draft(opened.path).header.title == "Feed"


def test_a_read_only_session_takes_everything_from_disk_but_its_place(
    store: DraftStore,
) -> None:
    doc, path = store.new(title="Feed", when=DAY)
    holder = DraftLock(path)
    holder.acquire()
    try:
        viewer = DraftSession(store, read_draft(path), path, read_only=True)
        viewer.doc.wizard.section = "timeline"
        doc.header.title = "Feed, as the writer saved it"
        doc.wizard.section = "impact"
        store.save(doc, path)
        disk = viewer.read_disk()
        assert disk is not None
        reloaded = viewer.take_in(disk)
        assert reloaded is not None and not reloaded.save
        assert viewer.doc.header.title == "Feed, as the writer saved it"
        assert viewer.doc.wizard.section == "timeline"  # where the viewer is stays its own
    finally:
        holder.release()


def test_copy_into_gives_a_documents_values_in_place(complete_doc: PostMortem) -> None:
    from postmortem_tui.core.draft_session import copy_into
    from postmortem_tui.core.toml_writer import snapshot

    big = complete_doc
    target = PostMortem.new(title="Small", incident_id="INC-20261120-001", when=DAY)
    rows = target.timeline
    copy_into(target, big)
    assert snapshot(target) == snapshot(big) and target.timeline is rows
    del big.timeline[3:]
    copy_into(target, big)
    assert snapshot(target) == snapshot(big) and target.timeline is rows


def test_rows_added_on_both_sides_are_all_kept(opened: DraftSession) -> None:
    from postmortem_tui.core.model import TimelineEvent

    opened.doc.timeline.append(TimelineEvent(event="Typed here"))
    elsewhere(opened.path, lambda d: d.timeline.append(TimelineEvent(event="From a sync")))
    rows = opened.doc.timeline
    reloaded = opened.save()
    assert reloaded is not None and reloaded.conflicts == ()
    events = [row.event for row in read_draft(opened.path).timeline]
    assert "Typed here" in events and "From a sync" in events
    assert opened.doc.timeline is rows and [row.event for row in rows] == events


def test_a_viewer_reads_the_file_once_first(store: DraftStore) -> None:
    doc, path = store.new(title="Feed", when=DAY)
    holder = DraftLock(path)
    holder.acquire()
    try:
        viewer = DraftSession(store, read_draft(path), path, read_only=True)
        assert viewer.changed_on_disk() and viewer.read_disk() is None  # as it was read
        read_before = read_draft(path)
        doc.summary = "Saved by the writer while the viewer was asked"
        store.save(doc, path)
        late = DraftSession(store, read_before, path, read_only=True)
        disk = late.read_disk()
        assert disk is not None and late.take_in(disk) is not None
        assert late.doc.summary == "Saved by the writer while the viewer was asked"
    finally:
        holder.release()
