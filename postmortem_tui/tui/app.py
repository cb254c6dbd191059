"""The Textual app: the home screen, the wizard on an open draft, and leaving safely.

Saving the open draft is its `SaveSession` (tui/save_session.py), which the app makes when a
draft opens, hands to the wizard screen, and asks to save on quitting, leaving and signals."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.message import Message

from ..core.draft_file import from_data
from ..core.errors import DraftError
from ..core.store import DraftStore
from . import paste_fix
from .crash_guard import CrashGuard
from .key_order import KeyOrder
from .terminal_safety import TerminalSafety

# The screens, their widgets, the model and the draft's save session are imported when first
# needed (the opening thread imports them), so that `postmortem open` draws its first frame
# (the opening screen) before they have loaded.
if TYPE_CHECKING:
    from ..core.draft_session import DraftSession
    from ..core.locking import DraftLockedError
    from ..core.model import PostMortem
    from .save_session import SaveSession
    from .screens.home import HomeScreen
    from .screens.wizard import WizardScreen


class PostmortemApp(KeyOrder[int], CrashGuard[int], TerminalSafety[int]):
    """postmortem-tui.

    The app opens drafts and owns their save sessions; screens and widgets only edit the
    document they are given. The CLI and the tests build it the same way.
    """

    TITLE = "postmortem"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    class DraftBuilt(Message):
        """The opening thread has built the draft's document (and loaded the wizard)."""

        def __init__(self, path: Path, doc: PostMortem) -> None:
            """Args:
            path: the draft's file.
            doc: its document.
            """
            super().__init__()
            self.path = path
            self.doc = doc

    class OpeningFailed(Message):
        """The model refused the draft being opened."""

        def __init__(self, message: str) -> None:
            """Args:
            message: the model's one-line error.
            """
            super().__init__()
            self.message = message

    def __init__(
        self,
        store: DraftStore,
        *,
        open_path: Path | None = None,
        doc: PostMortem | None = None,
        data: dict[str, Any] | None = None,
        save_delay: float | None = None,
        handle_signals: bool = False,
    ) -> None:
        """Args:
        store: the drafts folder.
        open_path: a draft to open in the wizard at once (home screen when None).
        doc: that draft's document, when the caller has loaded it already.
        data: that draft's data as read from the file (`read_draft_data`), when the caller
            has read it but not built the document: the wizard's outline is shown at once
            and the document is built in the background.
        save_delay: seconds of quiet after an edit before it is saved (`SaveSession`; its
            `SAVE_DELAY` when None).
        handle_signals: save and exit on SIGTERM/SIGHUP/SIGINT (the command line does; tests that
            run inside pytest's process do not).
        """
        super().__init__()
        paste_fix.install()
        self.store = store
        self.session: SaveSession | None = None
        """The open draft's save session (None on the home screen)."""
        self._start_path = open_path
        self._start_doc = doc
        self._start_data = data
        self.exit_message: str | None = None
        self.save_delay = save_delay
        self._handle_signals = handle_signals

    @property
    def doc(self) -> PostMortem | None:
        """The open draft's document."""
        return self.session.draft.doc if self.session is not None else None

    @property
    def path(self) -> Path | None:
        """The open draft's file (it follows the incident ID)."""
        return self.session.draft.path if self.session is not None else None

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
        self._start_data = None  # the thread's now: the document, once built, is what is kept
        # After the outline is on the screen: a thread importing and validating from the start
        # would hold the GIL against the first frame.
        self.call_after_refresh(self._build_draft, path, data)

    # A description, not the `repr` of the draft's data (megabytes, on the UI thread).
    @work(thread=True, exclusive=True, group="open", description="open the draft")
    def _build_draft(self, path: Path, data: dict[str, Any]) -> None:
        """The document of the draft being opened, reported with `DraftBuilt` (or
        `OpeningFailed`)."""
        try:
            # Imported here too: loading the wizard's modules is half the wait.
            from .screens import wizard  # noqa: F401

            _preload_opening(data)
            doc = from_data(data, str(path))
        except DraftError as exc:
            self.post_message(self.OpeningFailed(str(exc)))
            return
        self.post_message(self.DraftBuilt(path, doc))

    def on_postmortem_app_draft_built(self, event: DraftBuilt) -> None:
        self.open_draft(event.path, event.doc)

    def on_postmortem_app_opening_failed(self, event: OpeningFailed) -> None:
        # As if `open` had refused the draft before the wizard started: said after it closes.
        self.exit_message = event.message
        self.exit(2, return_code=2)

    def go_home(self) -> None:
        from .screens.home import HomeScreen

        gc.enable()  # paused while starting (`run_app`)

        self._show(HomeScreen(self.store.folder))  # it reads the folder itself

    def _show(self, screen: HomeScreen | WizardScreen) -> None:
        if len(self.screen_stack) > 1:  # in place of the one shown (home, opening, wizard)
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_draft(self, path: Path, doc: PostMortem | None = None) -> None:
        """Open a draft in the wizard; read-only if another terminal is writing it."""
        from ..core.draft_session import DraftSession
        from ..core.locking import DraftLockedError

        try:
            doc = doc or self.store.load(path)
            draft = DraftSession.open(self.store, doc, path)
        except DraftLockedError as exc:
            self._offer_read_only(exc, doc)
            return
        except DraftError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            self.go_home()
            return
        self._edit(draft)

    def _edit(self, draft: DraftSession) -> None:
        from .save_session import SAVE_DELAY, SaveSession
        from .screens.opening import OpeningScreen
        from .screens.wizard import WizardScreen

        opening = self.screen if isinstance(self.screen, OpeningScreen) else None
        read_only = draft.read_only
        typed_ahead = opening.typed_ahead if opening is not None and not read_only else []
        self._close_session()  # a draft open before lets go of its lock
        delay = SAVE_DELAY if self.save_delay is None else self.save_delay
        self.session = SaveSession(draft, save_delay=delay)
        self._show(WizardScreen(
            draft.doc, session=self.session, read_only=read_only, typed_ahead=typed_ahead
        ))
        if not read_only:
            from .timeline_inbox_watch import watch_inbox

            watch_inbox(self)  # the rows `timeline add` queues while the draft is open here
        if draft.in_place and not read_only:
            self.notify(
                f"Editing {draft.path} in place: it is saved to that file, never moved into "
                f"the drafts folder ({self.store.folder}), and keeps its name.",
                title="Outside the drafts folder", timeout=10, markup=False,
            )

    def _offer_read_only(self, exc: DraftLockedError, doc: PostMortem | None) -> None:
        from ..core.draft_session import DraftSession
        from .screens.confirm import ConfirmScreen

        def answered(read_only: bool | None) -> None:
            if not read_only or doc is None:
                self.go_home()
                return
            self._edit(DraftSession(self.store, doc, exc.path, read_only=True))

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
        if self.session is not None:
            self.session.draft.release()

    def _close_session(self) -> None:
        self._release_lock()
        self.session = None

    def on_home_screen_open_draft(self, event: HomeScreen.OpenDraft) -> None:
        if event.at is None:
            self.open_draft(event.path)
            return
        # A follow-up chosen: the wizard opens on it, as on the field the author left.
        from ..core.model import WizardPosition

        try:
            doc = self.store.load(event.path)
        except DraftError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            return
        section, field, row, column = event.at
        doc.wizard = WizardPosition(section=section, field=field, row=row, column=column)
        self.open_draft(event.path, doc)

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
            self._close_session()
            self.go_home()

    # --- saving ------------------------------------------------------------------------

    def on_wizard_screen_edited(self, event: WizardScreen.Edited) -> None:
        if self.session is not None:
            self.session.edited()

    def action_save_now(self) -> None:
        if self.session is not None:
            self.session.save_now()

    def save_sync(self) -> str | None:
        """Write pending edits now, on this thread; the reason if it failed."""
        return self.session.save_sync() if self.session is not None else None

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
        from ..core.atomic import write_export

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
        self.run_worker(self._exit_settled(code), group="signal", description="exit")

    async def _exit_settled(self, code: int) -> None:
        """End the app once no part of the wizard's form is being mounted."""
        wizard = self._wizard
        if wizard is not None:
            await wizard.settle_before_leaving()
        self.exit(code)

    def save_recovery_file(self) -> Path | None:
        """On a crash, before the report (`CrashGuard`): what is in memory, beside the draft."""
        return self.session.save_recovery() if self.session is not None else None

    @property
    def _wizard(self) -> WizardScreen | None:
        from .screens.wizard import WizardScreen

        return next((s for s in self.screen_stack if isinstance(s, WizardScreen)), None)

    async def _ready_to_leave(self, what: str) -> bool:
        """Save everything; ask before losing anything that cannot be saved."""
        from .screens.confirm import ConfirmScreen

        wizard = self._wizard
        if wizard is not None:
            invalid = wizard.refusals()
            if invalid:
                lines = "\n".join(f"• {r.label}: {r.text!r} — {r.error}" for r in invalid)
                ok = await self.push_screen_wait(ConfirmScreen(
                    f"These values are not valid, so they are not saved:\n{lines}\n\n"
                    f"{what.capitalize()} anyway and lose them?",
                    yes=f"Lose them and {what}", no="Go back and fix",
                ))
                if not ok:
                    invalid[0].field.focus()
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
            await self._exit_settled(0)


OPENING_MODULES = (
    "postmortem_tui.tui.draft_watch",  # the save session's watch on the file
    "postmortem_tui.tui.timeline_inbox_watch",
    "postmortem_tui.core.metrics",  # the title bar's time to recover
)
"""What opening a draft in the wizard imports where it is first used, on the UI thread, between
the built document and the form's first frame: the opening thread imports them first."""


def _preload_opening(data: dict[str, Any]) -> None:
    import importlib

    from ..core.sections import SECTION_KEYS

    wizard = data.get("wizard")
    key = wizard.get("section") if isinstance(wizard, dict) else None
    form = key if key in SECTION_KEYS else SECTION_KEYS[0]  # as the wizard picks it
    for name in (*OPENING_MODULES, f"{__package__}.sections.{form}"):
        importlib.import_module(name)


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
    # No cyclic garbage collection while the app starts (until the wizard or the home screen is
    # up): the imports and the first frames allocate a lot and free little, so the collector's
    # passes, a full one among them (30-50 ms), only delayed the form.
    gc.disable()
    try:
        result = app.run()
    finally:
        gc.enable()
    if app.exit_message is not None:
        print(f"postmortem: error: {app.exit_message}", file=sys.stderr)
    return result if isinstance(result, int) else (app.return_code or 0)
