"""The Textual app: home screen, wizard, and the autosave that keeps every change on disk."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ..core.atomic import write_export
from ..core.draft_file import from_data
from ..core.errors import DraftError
from ..core.locking import DraftLock, DraftLockedError
from ..core.store import DraftStore, save_recovery
from ..core.toml_writer import snapshot
from . import paste_fix
from .crash_guard import CrashGuard
from .terminal_safety import TerminalSafety

# The screens, their widgets and the model (pydantic) are imported when first needed, so that
# `postmortem open` draws its first frame (the opening screen) before they have loaded.
if TYPE_CHECKING:
    from ..core.model import PostMortem
    from .screens.home import DraftRow, HomeScreen
    from .screens.wizard import WizardScreen
    from .widgets.save_status import SaveStatus

SAVE_DELAY = 0.5
"""Seconds of quiet after an edit before it is written: well within the promised second."""
SAVE_MAX_WAIT = 0.8
"""The longest an edit waits for its save while the typing goes on (the quiet never comes): the
promised second, less the time the write takes."""
RETRY_DELAY = 3.0


class PostmortemApp(CrashGuard[int], TerminalSafety[int]):
    """postmortem-tui.

    The app owns the open document and saving it; screens and widgets only edit the document
    they are given. The CLI and the tests build it the same way.
    """

    TITLE = "postmortem"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        store: DraftStore,
        *,
        open_path: Path | None = None,
        doc: PostMortem | None = None,
        data: dict[str, Any] | None = None,
        save_delay: float = SAVE_DELAY,
        handle_signals: bool = False,
    ) -> None:
        """Args:
        store: the drafts folder.
        open_path: a draft to open in the wizard at once (home screen when None).
        doc: that draft's document, when the caller has loaded it already.
        data: that draft's data as read from the file (`read_draft_data`), when the caller
            has read it but not built the document: the wizard's outline is shown at once
            and the document is built in the background.
        save_delay: seconds of quiet after an edit before it is saved; however steady the
            typing, an edit is saved at most `SAVE_MAX_WAIT` seconds (or `save_delay`, if
            longer) after it.
        handle_signals: save and exit on SIGTERM/SIGHUP/SIGINT (the command line does; tests that
            run inside pytest's process do not).
        """
        super().__init__()
        paste_fix.install()
        self.store = store
        self.doc: PostMortem | None = None
        self.path: Path | None = None
        self._start_path = open_path
        self._start_doc = doc
        self._start_data = data
        self.exit_message: str | None = None
        self.save_delay = save_delay
        self.save_max_wait = max(SAVE_MAX_WAIT, save_delay)
        self._unsaved_since: float | None = None  # monotonic time of the first unsaved edit
        self._timer: Timer | None = None
        self._dirty = False
        self._generation = 0
        self._written = 0
        self._write_lock = threading.Lock()
        self.last_saved: dt.datetime | None = None
        self.save_error: str | None = None
        self.read_only = False
        self._lock: DraftLock | None = None
        self._filed_day: str | None = None
        self._refused_id: str | None = None
        self._in_place = False  # a draft outside the drafts folder: edited where it is
        self._handle_signals = handle_signals

    # --- screens -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._handle_signals:
            self._install_signal_handlers()
        if self._start_path is not None and self._start_doc is None and self._start_data:
            self._open_in_background(self._start_path, self._start_data)
        elif self._start_path is not None:
            self.open_draft(self._start_path, self._start_doc)
        else:
            self.go_home()

    def _open_in_background(self, path: Path, data: dict[str, Any]) -> None:
        """Show the draft's outline now; build the document and the wizard in a thread."""
        from .screens.opening import OpeningScreen

        self.push_screen(OpeningScreen(path.stem, data))

        def build() -> None:
            try:
                # Imported here too: loading the wizard's modules is half the wait.
                from .screens import wizard  # noqa: F401

                doc = from_data(data, str(path))
            except DraftError as exc:
                self._report(self._opening_failed, str(exc))
                return
            self._report(self.open_draft, path, doc)

        # After the outline is on the screen: a thread importing and validating from the start
        # would hold the GIL against the first frame.
        self.call_after_refresh(self.run_worker, build, thread=True, group="open")

    def _opening_failed(self, message: str) -> None:
        # As if `open` had refused the draft before the wizard started: said after it closes.
        self.exit_message = message
        self.exit(2, return_code=2)

    def go_home(self) -> None:
        from .screens.home import HomeScreen

        home = HomeScreen(self.store.folder)
        self._show(home)
        self.run_worker(self._read_drafts, thread=True, exit_on_error=False, group="list")

    def _read_drafts(self) -> None:
        from .screens.home import DraftRow

        rows = [
            DraftRow(
                path=info.path,
                incident_id=info.incident_id,
                title=info.summary.title or "",
                severity=info.summary.severity or "",
                status=info.summary.status or "",
                percent=info.summary.percent_complete,
                modified=info.modified,
                error=info.error,
            )
            for info in self.store.summaries()
        ]
        self._report(self._drafts_read, rows)

    def _drafts_read(self, rows: list[DraftRow]) -> None:
        from .screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.show_drafts(rows)

    def _show(self, screen: HomeScreen | WizardScreen) -> None:
        if len(self.screen_stack) > 1:  # in place of the one shown (home, opening, wizard)
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_draft(self, path: Path, doc: PostMortem | None = None) -> None:
        """Open a draft in the wizard; read-only if another terminal is writing it."""
        try:
            doc = doc or self.store.load(path)
            lock = DraftLock(path)
            lock.acquire()
        except DraftLockedError as exc:
            self._offer_read_only(exc, doc)
            return
        except DraftError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            self.go_home()
            return
        lock.clean_temp_files()
        self._release_lock()
        self._lock = lock
        self._edit(doc, path, read_only=False)

    def _edit(self, doc: PostMortem, path: Path, *, read_only: bool) -> None:
        from .screens.opening import OpeningScreen
        from .screens.wizard import WizardScreen

        opening = self.screen if isinstance(self.screen, OpeningScreen) else None
        typed_ahead = opening.typed_ahead if opening is not None and not read_only else []
        self.doc, self.path = doc, path
        self._filed_day = doc.header.date.strftime("%Y%m%d") if doc.header.date else None
        self._refused_id = None
        self._in_place = not _inside(path, self.store.folder)
        self.read_only = read_only
        self._dirty = False
        self._unsaved_since = None
        self.save_error = None
        self._show(WizardScreen(doc, read_only=read_only, typed_ahead=typed_ahead))
        if self._in_place and not read_only:
            self.notify(
                f"Editing {path} in place: it is saved to that file, never moved into the "
                f"drafts folder ({self.store.folder}), and keeps its name.",
                title="Outside the drafts folder", timeout=10, markup=False,
            )

    def _offer_read_only(self, exc: DraftLockedError, doc: PostMortem | None) -> None:
        from .screens.confirm import ConfirmScreen

        def answered(read_only: bool | None) -> None:
            if not read_only or doc is None:
                self.go_home()
                return
            self._release_lock()
            self._edit(doc, exc.path, read_only=True)

        self.push_screen(
            ConfirmScreen(
                f"{exc}.\n\nEdits from two terminals would overwrite each other. You can read "
                "it here, or go back and open it in that terminal.",
                yes="Open read-only", no="Back to drafts", danger=False,
            ),
            callback=answered,
        )

    def on_unmount(self) -> None:
        self._release_lock()  # however the app ends

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def on_home_screen_open_draft(self, event: HomeScreen.OpenDraft) -> None:
        self.open_draft(event.path)

    def on_home_screen_new_draft(self, event: HomeScreen.NewDraft) -> None:
        try:
            doc, path = self.store.new()
        except DraftError as exc:
            self.notify(str(exc), title="Cannot start a draft", severity="error", markup=False)
            return
        self.open_draft(path, doc)

    def action_home(self) -> None:
        self.run_worker(self._home_flow(), exclusive=True, group="leave")

    async def _home_flow(self) -> None:
        if await self._ready_to_leave("go back to the drafts list"):
            self.doc = self.path = None
            self._release_lock()
            self.go_home()

    # --- autosave ------------------------------------------------------------------------

    @property
    def _wizard(self) -> WizardScreen | None:
        from .screens.wizard import WizardScreen

        return next((s for s in self.screen_stack if isinstance(s, WizardScreen)), None)

    def on_wizard_screen_edited(self, event: WizardScreen.Edited) -> None:
        self._dirty = True
        status = self._save_status
        if status is not None and self.save_error is None:
            status.pending()
        # Half a second of quiet, but never later than the max wait after the first unsaved
        # edit: a key every 0.2 s would otherwise put the save off for as long as it goes on.
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        delay = min(self.save_delay, self._unsaved_since + self.save_max_wait - now)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay <= 0:
            # The longest wait is over: save now (a timer of 0 s never fires in Textual 8).
            self.call_later(self._start_save)
            return
        self._timer = self.set_timer(delay, self._start_save)

    def action_save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._dirty = True
        self._start_save()

    def _start_save(self) -> None:
        self._timer = None
        if not self._dirty or self.doc is None or self.path is None or self.read_only:
            return  # read-only: the other terminal writes this draft
        if self._wizard is not None:
            self._wizard.before_save()  # the first save adds the first history row
        self._file_under_its_id()
        # The snapshot is taken here, on the UI thread, so the worker never sees a half edit.
        data = snapshot(self.doc)
        self._dirty = False
        self._unsaved_since = None
        self._generation += 1
        # A description, or Textual describes the worker by `repr` of its work: of the whole
        # snapshot, 25 ms of the UI thread on a large draft.
        self.run_worker(
            partial(self._write, data, self.path, self._generation),
            thread=True,
            exit_on_error=False,
            group="save",
            name="autosave",
            description="autosave",
        )

    def _file_under_its_id(self) -> None:
        """Keep the file named after the incident ID: an ID that was derived from the incident
        date follows a changed date, and an edited ID renames the draft."""
        assert self.doc is not None and self.path is not None
        if self._in_place:
            return  # someone else's file, opened by its path: it keeps its place and name
        h = self.doc.header
        day = h.date.strftime("%Y%m%d") if h.date else None
        if day and self._filed_day and day != self._filed_day and h.incident_id[4:12] == (
            self._filed_day
        ):
            h.incident_id = self.store.next_incident_id(h.date)
            if self._wizard is not None:
                self._wizard.refresh_field("header-incident_id")
        self._filed_day = day
        if not h.incident_id or h.incident_id == self.path.stem:
            return
        if h.incident_id == self._refused_id:
            return  # already said why not; keep saving under the old name
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
            self.notify(str(exc), title="Draft not renamed", severity="warning", markup=False)
            return
        if self._lock is not None:
            self._lock.discard()  # the old name is gone: so is its lock file
        self._lock = new_lock
        if self._wizard is not None:
            self._wizard.refresh_title()
        self.notify(f"Saved as {self.path.name}", title="Incident ID changed", markup=False)

    def _write(self, data: dict[str, Any], path: Path, generation: int) -> None:
        with self._write_lock:
            if generation <= self._written:
                return  # a newer save has already been written
            try:
                self.store.save_snapshot(data, path)
            except DraftError as exc:
                self._report(self._save_failed, str(exc))
                return
            self._written = generation
        self._report(self._save_done, generation)

    def _report(self, callback: Any, *args: Any) -> None:
        """Tell the UI thread how a save went; the draft is on disk whether or not the app is
        still there to hear it (a save can finish while the app is closing)."""
        if self.is_running:
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(callback, *args)

    @property
    def _save_status(self) -> SaveStatus | None:
        from .widgets.save_status import SaveStatus

        wizard = self._wizard
        found = wizard.query(SaveStatus) if wizard is not None and wizard.is_attached else None
        return found.first() if found else None

    def _save_done(self, generation: int) -> None:
        self.save_error = None
        self.last_saved = dt.datetime.now()
        status = self._save_status
        if status is not None and generation == self._generation and not self._dirty:
            status.saved(self.last_saved)

    def _save_failed(self, message: str) -> None:
        # Keep the text in memory, say why, and try again.
        reason = message.split(": not saved: ", 1)[-1]
        self.save_error = reason
        self._dirty = True
        status = self._save_status
        if status is not None:
            status.failed(reason)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RETRY_DELAY, self._start_save)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "autosave" and event.state is WorkerState.ERROR:
            self._save_failed(f"unexpected error: {type(event.worker.error).__name__}")

    def save_sync(self) -> str | None:
        """Write pending edits now, on this thread; the reason if it failed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.doc is None or self.path is None or self.read_only:
            return None
        # Written even when nothing looks pending: an edit's message may still be on its way
        # to the app when a signal or a quit arrives, and an unchanged draft rewrites the
        # same bytes.
        if self._wizard is not None:
            self._wizard.before_save()  # the first save adds the first history row
        self._file_under_its_id()
        failed: DraftError | None = None
        with self._write_lock:
            try:
                self.store.save(self.doc, self.path)
            except DraftError as exc:
                failed = exc
            else:
                self._generation += 1
                self._written = self._generation
        if failed is not None:
            # Said, and retried as an autosave would be: the author may stay (quit was refused).
            self._save_failed(str(failed))
            return self.save_error
        self._dirty = False
        self._unsaved_since = None
        self.save_error = None
        return None

    # --- export --------------------------------------------------------------------------

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's screenshot: Textual saves it in the Downloads folder, and fails
        where there is none (a server account); then it goes to the current folder."""
        if path is None:
            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            path = str(downloads if downloads.is_dir() else Path.cwd())
        super().action_screenshot(filename, path)

    def write_export(self, path: Path, text: str) -> Path:
        """Write exported Markdown (the export dialog asks); the file written, or `DraftError`
        with a message for the author. Screens never write files themselves."""
        target = path.expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if target.is_dir():
            raise DraftError(f"{target}: is a folder; type a file name")
        if not target.parent.is_dir():
            raise DraftError(f"{target.parent}: no such folder")
        # Storage's: devices and FIFOs are written into, a regular file replaced atomically,
        # and never the draft, another draft or anything in the drafts folder.
        return write_export(target, text, self.store.folder, self.path, full_screen=True)

    # --- leaving -------------------------------------------------------------------------

    def _install_signal_handlers(self) -> None:
        # Textual installs none for these: a closed SSH session (SIGHUP) or a `kill` (SIGTERM)
        # would otherwise lose the edits of the last half second.
        loop = asyncio.get_running_loop()
        # SIGINT too (a `kill -INT`; Ctrl+C is a key in the wizard): Python's default handler
        # would end the app with exit 0 and the last half second unsaved.
        handled = (
            (signal.SIGTERM, 128 + signal.SIGTERM),
            (signal.SIGHUP, 128 + signal.SIGHUP),
            (signal.SIGINT, 128 + signal.SIGINT),
        )
        for sig, code in handled:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._on_signal, sig, code)

    def _on_signal(self, sig: int, code: int) -> None:
        self.save_sync()
        self._release_lock()
        if sig == signal.SIGHUP:
            # The terminal is gone: restoring it would write to a dead tty, or block.
            os._exit(code)
        self.exit(code)

    def save_recovery_file(self) -> Path | None:
        """On a crash, before the report (`CrashGuard`): what is in memory, beside the draft."""
        if self.doc is None or self.path is None or self.read_only:
            return None
        return save_recovery(self.doc, self.path)

    async def _ready_to_leave(self, what: str) -> bool:
        """Save everything; ask before losing anything that cannot be saved."""
        from .screens.confirm import ConfirmScreen

        wizard = self._wizard
        if wizard is not None:
            invalid = wizard.invalid_fields()
            if invalid:
                lines = "\n".join(f"• {f.label}: {f.input.value!r} — {f.error}" for f in invalid)
                ok = await self.push_screen_wait(ConfirmScreen(
                    f"These values are not valid, so they are not saved:\n{lines}\n\n"
                    f"{what.capitalize()} anyway and lose them?",
                    yes=f"Lose them and {what}", no="Go back and fix",
                ))
                if not ok:
                    invalid[0].focus()
                    return False
        reason = self.save_sync()
        if reason is not None:
            ok = await self.push_screen_wait(ConfirmScreen(
                f"The draft could not be saved: {reason}\n\nYour latest changes are only in "
                f"memory. {what.capitalize()} anyway and lose them?",
                yes=f"Lose changes and {what}", no="Stay",
            ))
            return bool(ok)
        return True

    async def action_quit(self) -> None:
        self.run_worker(self._quit_flow(), exclusive=True, group="leave")

    async def _quit_flow(self) -> None:
        if await self._ready_to_leave("quit"):
            self._release_lock()
            self.exit(0)


def _inside(path: Path, folder: Path) -> bool:
    """Whether a draft's file is directly in the drafts folder (by any name for either)."""
    try:
        # The file's folder, not the file, is resolved: a link in the folder is in the folder.
        return path.expanduser().absolute().parent.resolve() == folder.expanduser().resolve()
    except OSError:
        return False


def run_app(
    store: DraftStore,
    *,
    new_title: str | None = None,
    open_path: Path | None = None,
    start_new: bool = False,
    doc: PostMortem | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """Run the wizard from the command line; returns the exit code.

    `doc` is `open_path`'s document when the caller has built it already, `data` its data when
    the caller has read the file (`read_draft_data`): it is not read twice, and the wizard's
    outline shows while the document is built.
    """
    try:
        store.clean_temp_files()
        if start_new or new_title is not None:
            doc, open_path = store.new(title=new_title or "")
        elif open_path is not None and doc is None and data is None:
            doc = store.load(open_path)
    except DraftError as exc:
        print(f"postmortem: error: {exc}", file=sys.stderr)
        return 2
    app = PostmortemApp(store, open_path=open_path, doc=doc, data=data, handle_signals=True)
    result = app.run()
    if app.exit_message is not None:
        print(f"postmortem: error: {app.exit_message}", file=sys.stderr)
    return result if isinstance(result, int) else (app.return_code or 0)
