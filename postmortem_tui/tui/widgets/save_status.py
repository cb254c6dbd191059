"""Whether the draft on disk has everything typed: "Saved 12:04:31", "Saving…" or why not;
"Reloaded from disk · 12:04:31" when it last changed by another process's write (a read-only
viewer following the writer, a sync)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from ..save_session import SaveSession, SaveState


_STYLES = {"pending": "$text-warning", "failed": "bold $text-error"}
"""The text's colour by state ("saved": the widget's own, $text-success)."""


class SaveStatus(Static):
    """The save state of a `SaveSession`, always visible at the bottom right of the wizard: it
    watches the session's `state`."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto;
        min-width: 19;
        text-align: right;
        padding: 0 1;
        color: $text-success;
    }
    """

    state: reactive[str] = reactive("saved")
    """One of "saved", "pending", "failed" (the session's, as last shown)."""

    FITS = 17
    """The texts this long or shorter all take the `min-width`: switching between them (every
    first key after a save, every save) repaints the status alone, with no layout of the
    screen."""

    def __init__(self, session: SaveSession) -> None:
        """Args:
        session: whose state to show.
        """
        # There is one, and the wizard's CSS finds it by this id.
        super().__init__("", id="save-status", markup=False)
        self.session = session
        self.saved_at: dt.datetime | None = None
        self.reloaded_at: dt.datetime | None = None
        self.reason = ""
        self._shown = ""
        self._shown_state = ""

    def on_mount(self) -> None:
        self.watch(self.session, "state", self._follow)  # shown now, then on every change

    def _follow(self, state: SaveState) -> None:
        self.saved_at = state.saved_at
        self.reloaded_at = state.reloaded_at
        self.reason = state.reason
        self.state = state.status
        self._show()

    def _show(self) -> None:
        if self.state == "failed":
            text = f"Not saved: {self.reason}"
        elif self.state == "pending":
            text = "Saving…"
        elif self.reloaded_at is not None and (
            self.saved_at is None or self.reloaded_at >= self.saved_at
        ):
            text = f"Reloaded from disk · {self.reloaded_at:%H:%M:%S}"
        elif self.saved_at is not None:
            text = f"Saved {self.saved_at:%H:%M:%S}"
        else:
            text = "All changes saved"
        if text != self._shown or self.state != self._shown_state:
            same_width = max(cell_len(text), cell_len(self._shown)) <= self.FITS
            self._shown, self._shown_state = text, self.state
            # The colour in the text, not a class: a class restyles the widget (0.4 ms, on
            # the first key after every save).
            style = _STYLES.get(self.state)
            shown = Content.styled(text, style) if style else text
            self.update(shown, layout=not same_width)
