"""A draft open for editing and what saving it involves, without a UI.

`DraftSession` holds the document being edited, its file and:

- the lock on the file (`core/locking.py`), taken on opening and moved with the file;
- the file named after the incident ID: an ID derived from the incident date follows a changed
  date, and an edited ID refiles the draft (never over another draft). A draft opened by its
  path outside the drafts folder is edited in place: it keeps its name and place;
- the first history row (`core/history.py`): added by the first save when there is no history,
  and given the sign-off author once there is one (a name saved half typed is completed);
- the order of writes: a save is a numbered snapshot (its generation), written from any thread,
  and an older one never overwrites a newer one, nor a synchronous save;
- the file as last read or written (`DiskState`: its stat, and a hash of its bytes) and the
  document it held (the base of a merge): before every write the file is compared with it (a
  stat; the bytes only when the stat changed), and a file another process changed meanwhile (a
  sync, an editor, `actions set`) is never overwritten: `write` refuses it (`ChangedOnDisk`),
  `take_in` merges it into the document in memory (`merge3`: the author's edits kept), and
  `save` does both before it writes.

When to save, and showing how it went, is the UI's (the wizard's `tui/save_session.py`).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import timeutil
from .draft_file import parse_draft, read_bytes
from .errors import DraftError
from .locking import DraftLock
from .store import DraftStore, digest, save_recovery
from .toml_writer import snapshot

if TYPE_CHECKING:
    from .model import PostMortem
    from .record import Record

# Keys of a draft that are each process's own: where the wizard stands, which format it writes.
_OWN = ("wizard", "schema_version")


@dataclass(frozen=True)
class Prepared:
    """What getting the document ready for a save changed, for the UI to show."""

    history: bool = False
    """The first history row was added, or given its author."""
    incident_id: bool = False
    """The incident ID followed a changed incident date."""
    renamed_to: Path | None = None
    """The draft was refiled under its new ID: its file now."""
    not_renamed: str | None = None
    """Why the draft keeps its old name (its new ID is another draft's): said once."""


@dataclass(frozen=True)
class Snapshot:
    """The document's data at one moment, to write to `path` (from any thread)."""

    data: dict[str, Any] = field(repr=False)  # a repr of a large draft costs the UI thread
    path: Path
    generation: int


StatKey = tuple[int, int, int, int]
"""A file's device, inode, size and modification time (ns): any write changes one of them."""


@dataclass(frozen=True)
class DiskState:
    """The draft's file as this session last read or wrote it."""

    key: StatKey | None
    """Its stat (`stat_key`); None: there was no file."""
    digest: bytes | None = None
    """A hash of its bytes (None: not known), to tell a rewrite of the same bytes (a `touch`,
    a checkout) from a change once the stat has changed."""


@dataclass(frozen=True)
class DiskVersion:
    """The draft's file as found changed by another process."""

    state: DiskState
    data: dict[str, Any] | None = field(default=None, repr=False)
    """The document it holds, as `snapshot` data (validated by the model); None if it holds
    none (gone, or refused: `error`)."""
    error: str | None = None
    """Why the file holds no document the model accepts (half written, edited by hand)."""
    doc: PostMortem | None = field(default=None, repr=False, compare=False)
    """That document, built (and validated) where the file was read."""

    @property
    def missing(self) -> bool:
        """The file is gone (removed, or renamed by another process)."""
        return self.state.key is None


@dataclass(frozen=True)
class Reloaded:
    """What taking in a file changed on disk did to the document in memory."""

    from_disk: tuple[str, ...] = ()
    """Where the document took the file's values (labels the author knows)."""
    conflicts: tuple[str, ...] = ()
    """Where both changed: the author's values kept."""
    error: str | None = None
    """The file was refused (not a valid draft): the document kept as it was."""
    missing: bool = False
    """The file is gone: the document kept, to be saved there again."""
    save: bool = False
    """The document has something the file has not (the author's edits): save it."""


class ChangedOnDisk(Exception):
    """`write` found the file changed by another process, and did not overwrite it."""

    def __init__(self, disk: DiskVersion) -> None:
        """Args:
        disk: what the file holds now (for `take_in`).
        """
        super().__init__("the draft changed on disk")
        self.disk = disk


class DraftSession:
    """A draft open for editing: its lock, its file, its first history row, its writes."""

    def __init__(
        self,
        store: DraftStore,
        doc: PostMortem,
        path: Path,
        *,
        lock: DraftLock | None = None,
        read_only: bool = False,
    ) -> None:
        """Args:
        store: the drafts folder.
        doc: the document, edited in place by the UI.
        path: its file.
        lock: the lock held on `path` (`open` takes it).
        read_only: another process writes this draft: never saved from here.
        """
        self.store = store
        self.doc = doc
        self.path = path
        self.lock = lock
        self.read_only = read_only
        self.in_place = not inside(path, store.folder)
        """Outside the drafts folder: saved where it is, under its own name."""
        self.generation = 0
        """The newest save taken (`snapshot`) or made (`save`)."""
        self._written = 0  # the newest generation on disk
        self._write_lock = threading.Lock()
        self._filed_day = doc.header.date.strftime("%Y%m%d") if doc.header.date else None
        self._refused_id: str | None = None
        self._first_save_noted = False
        self._history_author = ""  # the first row's author as the tool last set it
        # A viewer may have read the document long before (it was asked first): its first
        # look at the file reads it.
        self._known = DiskState(None if read_only else stat_key(path))
        """The file as last read or written; compared with the disk before every write."""
        self._base: dict[str, Any] = snapshot(doc)
        """The document the file held then: the base of a merge with another process's."""
        self._holds_base = True  # False while the file is gone, or spoilt

    @classmethod
    def open(cls, store: DraftStore, doc: PostMortem, path: Path) -> DraftSession:
        """Open `doc` (read from `path`) for editing, taking the draft's lock: raises
        `DraftLockedError` if another process has it."""
        lock = DraftLock(path)
        lock.acquire()
        lock.clean_temp_files()  # leftovers of a killed save: nobody else is writing
        return cls(store, doc, path, lock=lock)

    def release(self) -> None:
        """Let go of the lock (however the editing ends)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # --- before a save (on the thread that edits the document) ---------------------------

    def prepare(self) -> Prepared:
        """Get the document ready to be saved: the first history row, the file under its ID.
        Call it where the document is edited (the UI thread), before `snapshot` or `save`."""
        if self.read_only:
            return Prepared()
        noted = self._note_first_save()
        followed = self._follow_the_date()
        renamed_to, not_renamed = self._file_under_its_id()
        return Prepared(noted, followed, renamed_to, not_renamed)

    def _note_first_save(self) -> bool:
        # Imported here: history needs the model (pydantic), which loads after the first frame.
        from . import history

        changed = False
        if not self._first_save_noted:
            self._first_save_noted = True
            entry = history.record_first_save(self.doc, timeutil.today_cot())
            if entry is not None:
                self._history_author = entry.author
                changed = True
        # Saves come while the author types: a sign-off name saved half typed is completed.
        entry = history.complete_first_row(self.doc, self._history_author)
        if entry is not None:
            self._history_author = entry.author
            changed = True
        return changed

    def _follow_the_date(self) -> bool:
        """An ID derived from the incident date follows a changed date."""
        if self.in_place:
            return False  # someone else's file, opened by its path: it keeps its ID and name
        h = self.doc.header
        day = h.date.strftime("%Y%m%d") if h.date else None
        filed, self._filed_day = self._filed_day, day
        if day and filed and day != filed and h.incident_id[4:12] == filed:
            h.incident_id = self.store.next_incident_id(h.date)
            return True
        return False

    def _file_under_its_id(self) -> tuple[Path | None, str | None]:
        """Keep the file named after the incident ID; (the new file, why not renamed)."""
        h = self.doc.header
        if self.in_place or not h.incident_id or h.incident_id == self.path.stem:
            return None, None
        if h.incident_id == self._refused_id:
            return None, None  # already said why not; saved under the old name meanwhile
        if self.changed_on_disk():
            return None, None  # the other process's change is taken in first, then refiled
        new_lock = DraftLock(self.store.path_for(h.incident_id))
        try:
            new_lock.acquire()
            with self._write_lock:
                self.path = self.store.refile(self.doc, self.path)
                self._known = DiskState(stat_key(self.path))
                self._base = snapshot(self.doc)
        except DraftError as exc:
            # The lock file stays only where there is a draft to lock (another one).
            if new_lock.draft.exists():
                new_lock.release()
            else:
                new_lock.discard()
            self._refused_id = h.incident_id
            return None, str(exc)
        if self.lock is not None:
            self.lock.discard()  # the old name is gone: so is its lock file
        self.lock = new_lock
        return self.path, None

    # --- saving --------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The document as it is now, numbered as the newest save. Taken where the document is
        edited, so the thread writing it never sees half an edit."""
        data = snapshot(self.doc)
        self.generation += 1
        return Snapshot(data, self.path, self.generation)

    def write(self, taken: Snapshot) -> bool:
        """Write a snapshot, from any thread (unless the file holds it already); False if a
        newer save is on disk already (or the draft has moved to another file since).
        Raises `ChangedOnDisk` (nothing written) if another process changed the file since
        this session last read or wrote it, and `DraftError` if it cannot be written."""
        with self._write_lock:
            if taken.generation <= self._written or taken.path != self.path:
                return False
            disk = self._read_changed()
            if disk is not None:
                raise ChangedOnDisk(disk)
            # The file has this document already (the fields a reload showed again report
            # their values as edits): nothing to write.
            if taken.data != self._base or not self._holds_base:
                self._write_data(taken.data)
            self._written = taken.generation
        return True

    def save(self) -> Reloaded | None:
        """Write the document now, on this thread (quitting, a signal), after any write under
        way; raises `DraftError` if it cannot be written. A file another process changed
        meanwhile is merged into the document first (`take_in`): what that did, if it did."""
        with self._write_lock:
            disk = self._read_changed()
            reloaded = self._take_in(disk) if disk is not None else None
            self._write_data(snapshot(self.doc))
            self.generation += 1
            self._written = self.generation
        return reloaded

    def _write_data(self, data: dict[str, Any]) -> None:
        """Write `data` to the file, and remember it as the file's (under the write lock)."""
        written = self.store.save_snapshot(data, self.path)
        # Stat after the rename: a write by another process in between (microseconds) would
        # pass for this one; nothing short of a lock every writer takes could tell.
        self._known = DiskState(stat_key(self.path), written)
        self._base = data
        self._holds_base = True

    # --- the file changed by another process ---------------------------------------------

    def changed_on_disk(self) -> bool:
        """Whether the file's stat is not what this session last read or wrote (one
        `os.stat`; the bytes may still be the same: `read_disk` says)."""
        return stat_key(self.path) != self._known.key

    def read_disk(self) -> DiskVersion | None:
        """The file as another process left it (from any thread; it reads and validates),
        or None if it holds what this session last read or wrote."""
        with self._write_lock:
            return self._read_changed()

    def _read_changed(self) -> DiskVersion | None:
        key = stat_key(self.path)
        if key == self._known.key:
            return None
        raw, error = b"", None
        for _ in range(3):  # until the stat before and after the read agree
            if key is None:
                return DiskVersion(DiskState(None))
            try:
                raw, error = read_bytes(self.path), None
            except DraftError as exc:
                raw, error = b"", str(exc)
            after = stat_key(self.path)
            if after == key:
                break
            key = after
        state = DiskState(key, digest(raw) if error is None else None)
        if error is not None:
            return DiskVersion(state, error=error)
        if state.digest == self._known.digest:
            self._known = state  # rewritten with the same bytes
            return None
        try:
            doc = parse_draft(raw, self.path)
        except DraftError as exc:
            return DiskVersion(state, error=str(exc))
        data = snapshot(doc)
        if data == self._base:
            self._known = state  # the same document, written otherwise
            self._holds_base = True
            return None
        return DiskVersion(state, data, doc=doc)

    def take_in(self, disk: DiskVersion) -> Reloaded | None:
        """Merge a file another process changed (`read_disk`, `ChangedOnDisk`) into the
        document, in place, where the document is edited: what the author changed since the
        last read or write stays, the rest takes the file's values (read-only: all of it).
        None if it was taken in already.

        Saves taken before it are not written (their edits are in the document still)."""
        with self._write_lock:
            return self._take_in(disk)

    def _take_in(self, disk: DiskVersion) -> Reloaded | None:
        if disk.state == self._known:
            return None
        self._known = disk.state
        self._written = self.generation  # a snapshot taken before has not the file's changes
        self._holds_base = disk.data is not None
        if disk.missing:
            return Reloaded(missing=True, save=not self.read_only)
        if disk.data is None:
            return Reloaded(error=disk.error)
        ours = snapshot(self.doc)
        theirs = disk.data
        conflicts: list[str] = []
        if self.read_only or ours == self._base:
            # Nothing of the author's to keep (but where the wizard is): the file's document.
            merged = {**theirs, **{k: ours[k] for k in _OWN if k in ours}}
            source = disk.doc
        else:
            merged, conflicts = _merge3(self._base, ours, theirs)
            source = None
        self._base = theirs
        if merged != ours:
            try:
                if source is None:
                    source = parse_data(merged, self.path)
                else:
                    source.wizard = self.doc.wizard  # the author's own, as merged
                copy_into(self.doc, source)
            except (DraftError, ValueError) as exc:  # ValueError: pydantic's, on assignment
                return Reloaded(error=f"the merged document is refused: {exc}", save=True)
            merged = snapshot(self.doc)
        return Reloaded(
            from_disk=_labels(_differences(ours, merged)),
            conflicts=tuple(dict.fromkeys(conflicts)),
            save=_without_own(merged) != _without_own(theirs),
        )

    def is_latest(self, generation: int) -> bool:
        """No save was taken after this one."""
        return generation == self.generation

    def save_recovery(self) -> Path | None:
        """On a crash: what is in memory, to a file beside the draft; None if read-only."""
        if self.read_only:
            return None
        return save_recovery(self.doc, self.path)


def stat_key(path: Path) -> StatKey | None:
    """The file's `StatKey`; None if there is none (or it cannot be looked at)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def parse_data(data: dict[str, Any], path: Path) -> PostMortem:
    """The document of `snapshot` data, validated by the model (`DraftError` if refused)."""
    from .draft_file import from_data

    return from_data(data, str(path))


def _merge3(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The merged data (the author's at a conflict) and the conflicts' labels."""
    from .draft_merge import merge3  # only when a file changed elsewhere

    result = merge3(base, ours, theirs)
    return result.merged, [c.label for c in result.conflicts]


def _without_own(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _OWN}


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, ...]]:
    """Where two documents' data differ: a section's key, or a section's table and key."""
    paths: list[tuple[str, ...]] = []
    for key in dict.fromkeys([*a, *b]):
        if key in _OWN or a.get(key) == b.get(key):
            continue
        x, y = a.get(key), b.get(key)
        if isinstance(x, dict) and isinstance(y, dict):
            paths += [(key, k) for k in dict.fromkeys([*x, *y]) if x.get(k) != y.get(k)]
        else:
            paths.append((key,))
    return paths


def _labels(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_label(p) for p in paths))


def _label(path: tuple[str, ...]) -> str:
    from .draft_merge import label_of

    return label_of(path)


def copy_into(target: Record, source: Record) -> None:
    """Give `target` the values of `source` (a document or a part of one, of the same kind)
    in place: the parts and lists the wizard's fields edit stay the same objects, and only
    what differs is set (each value the model validated already)."""
    from .record import Record

    for name in type(target).model_fields:
        old, new = getattr(target, name), getattr(source, name)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            for i, item in enumerate(new[: len(old)]):
                kept = old[i]
                if type(kept) is type(item) and isinstance(kept, Record):
                    copy_into(kept, item)
                else:
                    old[i] = item
            del old[len(new):]
            old.extend(new[len(old):])
        elif type(old) is type(new) and isinstance(old, Record):
            copy_into(old, new)
        else:
            setattr(target, name, new)


def inside(path: Path, folder: Path) -> bool:
    """Whether a draft's file is directly in the drafts folder (by any name for either)."""
    try:
        # The file's folder, not the file, is resolved: a link in the folder is in the folder.
        return path.expanduser().absolute().parent.resolve() == folder.expanduser().resolve()
    except OSError:
        return False
