"""A draft open for editing and what saving it involves, without a UI.

`DraftSession` holds the document being edited, its file and:

- the lock on the file (`core/locking.py`), taken on opening and moved with the file;
- the file named after the incident ID: an ID derived from the incident date follows a changed
  date, and an edited ID refiles the draft (never over another draft). A draft opened by its
  path outside the drafts folder is edited in place: it keeps its name and place;
- the first history row (`core/history.py`): added by the first save when there is no history,
  and given the sign-off author once there is one (a name saved half typed is completed);
- the order of writes: a save is a numbered snapshot (its generation), written from any thread,
  and an older one never overwrites a newer one, nor a synchronous save.

When to save, and showing how it went, is the UI's (the wizard's `tui/save_session.py`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import timeutil
from .errors import DraftError
from .locking import DraftLock
from .store import DraftStore, save_recovery
from .toml_writer import snapshot

if TYPE_CHECKING:
    from .model import PostMortem


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
        new_lock = DraftLock(self.store.path_for(h.incident_id))
        try:
            new_lock.acquire()
            self.path = self.store.refile(self.doc, self.path)
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
        """Write a snapshot, from any thread; False if a newer save is on disk already.
        Raises `DraftError` if it cannot be written."""
        with self._write_lock:
            if taken.generation <= self._written:
                return False
            self.store.save_snapshot(taken.data, taken.path)
            self._written = taken.generation
        return True

    def save(self) -> None:
        """Write the document now, on this thread (quitting, a signal), after any write under
        way; raises `DraftError` if it cannot be written."""
        with self._write_lock:
            self.store.save(self.doc, self.path)
            self.generation += 1
            self._written = self.generation

    def is_latest(self, generation: int) -> bool:
        """No save was taken after this one."""
        return generation == self.generation

    def save_recovery(self) -> Path | None:
        """On a crash: what is in memory, to a file beside the draft; None if read-only."""
        if self.read_only:
            return None
        return save_recovery(self.doc, self.path)


def inside(path: Path, folder: Path) -> bool:
    """Whether a draft's file is directly in the drafts folder (by any name for either)."""
    try:
        # The file's folder, not the file, is resolved: a link in the folder is in the folder.
        return path.expanduser().absolute().parent.resolve() == folder.expanduser().resolve()
    except OSError:
        return False
