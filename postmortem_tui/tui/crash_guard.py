"""A crash of the wizard first saves what the author typed, then reports without their text.

Textual offers no public hook for an unhandled exception (in a handler, a timer, a worker, a
compose): every one reaches the private `App._handle_exception`, whose default report,
`App._fatal_error`, is a Rich traceback with the local variables, which hold incident text.
So `CrashGuard` overrides both, and nothing else does:

- `_handle_exception(self, error)`: called with the app's state still in memory, before the app
  closes; Textual's own (called on) sets the exit code 1, keeps the exception for `run_test` to
  raise, and calls `_fatal_error()`, or `panic(error)` for an exception with `__rich__`.
- `_fatal_error(self)`: no arguments, expected to leave a report and close the app; the report
  is left with the public `App.panic`.

Checked against Textual 8.2.0 to 8.2.8 (the range pinned in pyproject.toml);
`tests/test_textual_internals.py` fails, naming what changed, when Textual changes underneath.
"""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

from rich.text import Text
from textual.app import App, ReturnType


class CrashGuard(App[ReturnType]):
    """App mixin: an unhandled exception saves a recovery file, then a report without text."""

    _crash: Exception | None = None
    """The first unhandled exception, the one reported."""
    recovered_to: Path | None = None
    """Where `save_recovery_file` put what was in memory, if the app crashed."""

    def save_recovery_file(self) -> Path | None:
        """Write what is in memory beside the draft, before the crash report; the file written,
        or None when there is nothing to save. The app says how."""
        return None

    def _handle_exception(self, error: Exception) -> None:
        if self._crash is None:
            self._crash = error
            # A failure here must not hide the crash being reported.
            with contextlib.suppress(Exception):
                self.recovered_to = self.save_recovery_file()
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self.bell()
        self.panic(Text(crash_report(self._crash, self.recovered_to)))


def crash_report(error: BaseException | None, recovered_to: Path | None) -> str:
    """What went wrong, for a bug report: where, and the exception's type, but never its
    message or the local variables, which can hold incident text."""
    lines = ["postmortem crashed. This is a bug; please report it with the lines below."]
    if error is not None:
        for frame in traceback.extract_tb(error.__traceback__)[-8:]:
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        lines.append(f"{type(error).__module__}.{type(error).__qualname__}")
    if recovered_to is not None:
        lines.append(f"What you had typed was saved to {recovered_to}")
    return "\n".join(lines)
