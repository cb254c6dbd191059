"""A `kill` or a closed terminal stops `postmortem quick` as Ctrl+C does.

SIGTERM and SIGHUP raise `Signalled` (a `KeyboardInterrupt`, as Ctrl+C's is) where the run is,
or, during a question, end that question's prompt: raised in the middle of prompt_toolkit's
event loop, the exception could land in its clean-up and escape as a traceback. The question
then raises it (`raise_if_signalled`), so the run stops there either way.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import Any


class Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised as Ctrl+C is (asyncio lets only those through)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


PENDING: list[int] = []
"""A signal that arrived during a prompt, until the flow has stopped for it."""


def raise_if_signalled() -> None:
    """Stop the run for a signal that arrived during the question just asked."""
    if PENDING:
        raise Signalled(PENDING[0])


def _running_prompt() -> Any:
    """The prompt_toolkit application asking a question now, if any (never imports it)."""
    current = sys.modules.get("prompt_toolkit.application.current")
    app = current.get_app_or_none() if current is not None else None
    return app if app is not None and app.is_running and app.loop is not None else None


def _end_prompt(app: Any, signum: int) -> None:
    with contextlib.suppress(Exception):  # the prompt has just ended: `ask` raises instead
        app.exit(exception=Signalled(signum))


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """`kill` or a closed terminal stops the run as Ctrl+C does -- every answer is saved
    already -- so the terminal's mode is put back and the lock released on the way out."""

    def stop(signum: int, frame: object) -> None:
        app = _running_prompt()
        if app is None:
            raise Signalled(signum)
        # Raised in the middle of a prompt's event loop, the exception could land in asyncio's
        # or prompt_toolkit's own clean-up and escape as a traceback: the prompt ends with it
        # instead, as it does on Ctrl+C. Should the answer win the race, `ask` raises it.
        PENDING.append(signum)
        app.loop.call_soon_threadsafe(_end_prompt, app, signum)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue  # Windows has no SIGHUP
        with contextlib.suppress(ValueError):  # not the main thread (an embedding program)
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        PENDING.clear()
