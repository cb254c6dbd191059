"""The wizard's save session: every edit on disk within the promised second, and how it went.

`SaveSession` is handed the open draft (`core/draft_session.py`: its lock, its file named after
its ID, the first history row, writes in order) and does the timing and the telling:

- the autosave: `SAVE_DELAY` seconds of quiet after an edit, and never later than
  `SAVE_MAX_WAIT` after the first unsaved one however steady the typing (`tui/debounce.py`);
  `save_now` (Ctrl+S, the palette) at once;
- the snapshot is taken on the UI thread, where the document is edited, and written in a worker
  thread, which reports with `Saved` or `Failed`;
- a failed write is said, the edits stay in memory, and it is tried again every `RETRY_DELAY`
  seconds (a later edit tries sooner);
- `save_sync`: on quitting, going back to the drafts list, or a signal, on the calling thread;
- `state`, a `SaveState`, is what `SaveStatus` shows: it watches it;
- what the tool changed in the document, for the forms to show: `HistoryChanged`, `IdChanged`,
  `Refiled` (they bubble to the screen that mounts the session);
- the file changed by another process: a write finds it (`DiskChanged`: nothing written), and
  so does the session's `DraftWatch` within the second; either way the change is taken in and
  the merged document saved (`tui/draft_watch.py`).

A widget with nothing to draw: the wizard screen mounts the session it is handed, so its timers,
workers and messages live while the draft is open there; the app keeps it to save on quitting
and on signals, and to write the recovery file on a crash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from ..core.draft_session import ChangedOnDisk, DiskVersion, DraftSession, Prepared, Snapshot
from ..core.errors import DraftError
from .debounce import Debounce

if TYPE_CHECKING:
    from .draft_watch import DraftWatch

SAVE_DELAY = 0.5
"""Seconds of quiet after an edit before it is written: well within the promised second."""
SAVE_MAX_WAIT = 0.8
"""The longest an edit waits for its save while the typing goes on (the quiet never comes): the
promised second, less the time the write takes."""
RETRY_DELAY = 3.0
"""Seconds between tries of a save that failed (a full disk, a folder gone)."""


@dataclass(frozen=True)
class SaveState:
    """Whether the draft on disk has everything typed."""

    status: Literal["saved", "pending", "failed"] = "saved"
    """`saved`: all on disk; `pending`: edits waiting for their save; `failed`: the last save
    failed (the edits are in memory, and it is tried again)."""
    saved_at: dt.datetime | None = None
    """When the last save of this session reached the disk (None: none yet)."""
    reason: str = ""
    """Why the last save failed."""
    reloaded_at: dt.datetime | None = None
    """When the document last took in a change another process made to the file."""


class SaveSession(Widget):
    """Saves the open draft as it is edited, and says how that goes (`state`)."""

    DEFAULT_CSS = """
    SaveSession {
        display: none;
    }
    """

    state: var[SaveState] = var(SaveState())
    """The save state, as `SaveStatus` shows it."""

    class Saved(Message):
        """A save reached the disk (sent by the thread that wrote it)."""

        def __init__(self, generation: int) -> None:
            """Args:
            generation: which save (`DraftSession.snapshot`).
            """
            super().__init__()
            self.generation = generation

    class Failed(Message):
        """A save failed (sent by the thread that tried): nothing was written."""

        def __init__(self, error: str) -> None:
            """Args:
            error: the storage's message (`DraftError`).
            """
            super().__init__()
            self.error = error

    class DiskChanged(Message):
        """A save found the file changed by another process, and wrote nothing (sent by the
        thread that tried)."""

        def __init__(self, disk: DiskVersion) -> None:
            """Args:
            disk: what the file holds now.
            """
            super().__init__()
            self.disk = disk

    class HistoryChanged(Message):
        """The tool added the first history row, or gave it its author: show the history
        again."""

    class IdChanged(Message):
        """The incident ID followed a changed incident date: show the ID again."""

    class Refiled(Message):
        """The draft was saved under its new incident ID (and the old file removed)."""

        def __init__(self, path: Path) -> None:
            """Args:
            path: the draft's file now.
            """
            super().__init__()
            self.path = path

    def __init__(self, draft: DraftSession, *, save_delay: float = SAVE_DELAY) -> None:
        """Args:
        draft: the open draft (read-only: never saved, always "saved").
        save_delay: seconds of quiet after an edit before it is saved; however steady the
            typing, an edit is saved at most `SAVE_MAX_WAIT` seconds (or `save_delay`, if
            longer) after it.
        """
        super().__init__()
        self.draft = draft
        self.dirty = False
        """Edits not yet in a save (taken or written)."""
        self.error: str | None = None
        """Why the last save failed, until one succeeds."""
        self.autosave = Debounce(
            self, self._start_save, delay=save_delay, max_wait=max(SAVE_MAX_WAIT, save_delay)
        )
        # Imported here: it needs the widgets and the model, which load after the first frame.
        from .draft_watch import DraftWatch

        self.watch_disk: DraftWatch = DraftWatch(self)
        """Takes in what other processes write to the draft."""

    def compose(self) -> ComposeResult:
        yield self.watch_disk

    # --- what the UI says ----------------------------------------------------------------

    def edited(self) -> None:
        """The document changed: save it soon."""
        self.dirty = True
        if self.error is None and self.state.status != "pending":
            self.state = replace(self.state, status="pending")  # a failure stays shown
        self.autosave.poke()

    def save_now(self) -> None:
        """Save at once (Ctrl+S, the palette), whether or not anything looks edited."""
        self.dirty = True
        self.autosave.run_now()

    def save_sync(self) -> str | None:
        """Write the document now, on this thread (quitting, leaving, a signal); the reason if
        it failed (then it is said and retried, as a failed autosave is)."""
        self.autosave.cancel()
        if self.draft.read_only:
            return None  # the other terminal writes this draft
        # Written even when nothing looks pending: an edit's message may still be on its way
        # to the app when a signal or a quit arrives, and an unchanged draft rewrites the
        # same bytes.
        if self.watch_disk.is_attached:
            self.watch_disk.catch_up()  # shown as a reload is; a change after is merged by save
        self._show_prepared(self.draft.prepare())
        try:
            reloaded = self.draft.save()
        except DraftError as exc:
            self._failed(str(exc))
            return self.error
        if reloaded is not None and self.watch_disk.is_attached:
            self.watch_disk.show(reloaded)
        self.dirty = False
        self.error = None
        self.state = SaveState("saved", dt.datetime.now())
        return None

    def save_recovery(self) -> Path | None:
        """On a crash: what is in memory, to a file beside the draft (None if read-only)."""
        return self.draft.save_recovery()

    # --- the autosave --------------------------------------------------------------------

    def _start_save(self) -> None:
        if not self.dirty or self.draft.read_only:
            return
        self._show_prepared(self.draft.prepare())
        taken = self.draft.snapshot()
        self.dirty = False
        self._write(taken)

    # Not exclusive: a newer save must not mark an older one cancelled while it writes; the
    # draft's generations keep an older write from landing over a newer one. A description,
    # or Textual describes the worker by `repr` of its work: the whole snapshot, 25 ms of the
    # UI thread on a large draft.
    @work(thread=True, name="autosave", group="save", description="autosave",
          exit_on_error=False)
    def _write(self, taken: Snapshot) -> None:
        try:
            written = self.draft.write(taken)
        except ChangedOnDisk as exc:
            self._tell(self.DiskChanged(exc.disk))
        except DraftError as exc:
            self._tell(self.Failed(str(exc)))
        except Exception as exc:  # a bug: said as a failed save, the edits kept and retried
            self._tell(self.Failed(f"unexpected error: {type(exc).__name__}"))
        else:
            if written:
                self._tell(self.Saved(taken.generation))

    def _tell(self, message: Message) -> None:
        # The draft is on disk whether or not the app is still there to hear it (a save can
        # finish while the app is closing).
        with contextlib.suppress(RuntimeError):
            self.post_message(message)

    def on_save_session_saved(self, message: Saved) -> None:
        self.error = None
        if self.draft.is_latest(message.generation) and not self.dirty:
            self.state = SaveState("saved", dt.datetime.now())

    def on_save_session_failed(self, message: Failed) -> None:
        self._failed(message.error)

    def on_save_session_disk_changed(self, message: DiskChanged) -> None:
        message.stop()
        self.watch_disk.take_in(message.disk)

    def taken_in(self, *, save: bool, shown: bool = True) -> None:
        """The document took in a change from disk (`DraftWatch`); `save`: it has something
        the file has not (the author's edits kept), so it is saved now; `shown`: the file's
        document is shown (not a spoilt or missing file)."""
        if save and not self.draft.read_only:
            self.save_now()
        elif not self.dirty and self.error is None and not self.autosave.pending:
            # A save refused for the change leaves nothing to write: the file has it all.
            self.state = replace(self.state, status="saved")
        if shown:
            self.state = replace(self.state, reloaded_at=dt.datetime.now())

    def _failed(self, error: str) -> None:
        # Keep the text in memory, say why, and try again.
        reason = error.split(": not saved: ", 1)[-1]
        self.error = reason
        self.dirty = True
        self.state = SaveState("failed", self.state.saved_at, reason)
        self.autosave.schedule(RETRY_DELAY)

    def _show_prepared(self, prepared: Prepared) -> None:
        """Tell the screen what getting ready for the save changed in the document."""
        if prepared.history:
            self.post_message(self.HistoryChanged())
        if prepared.incident_id:
            self.post_message(self.IdChanged())
        if prepared.not_renamed is not None:
            self.notify(prepared.not_renamed, title="Draft not renamed", severity="warning",
                        markup=False)
        if prepared.renamed_to is not None:
            self.post_message(self.Refiled(prepared.renamed_to))
            self.notify(f"Saved as {prepared.renamed_to.name}", title="Incident ID changed",
                        markup=False)
