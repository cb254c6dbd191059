"""`Debounce`: a job run once changes pause, the one timer pattern of the wizard.

Its users: the autosave (half a second of quiet, and never more than 0.8 s after the first
unsaved edit however steady the typing), the live preview (rendered again once typing pauses)
and the sidebar's completeness marks.

How to use it, in a widget, screen or app (the owner, whose timers it uses)::

    class Preview(Widget):
        def __init__(self) -> None:
            super().__init__()
            self._render_soon = Debounce(self, self._render, delay=0.6)

        def changed(self) -> None:
            self._render_soon.poke()  # on every edit: the quiet starts again

        def opened(self) -> None:
            self._render_soon.schedule(0.01)  # soon, whatever the edits say

        def closed(self) -> None:
            self._render_soon.cancel()  # not wanted any more

- `poke()`: something changed. The job runs `delay` seconds after the last poke, but never
  later than `max_wait` (when given) after the first poke since the job last ran. A poke that
  finds that longest wait ending within `EARLY` runs the job just after itself (`SOON`) instead:
  steady typing puts the next key at the deadline (the first poke's key plus whole key gaps),
  and a job run then makes that key wait; run now, it has the gap until the next key.
- `schedule(delay)`: run the job `delay` seconds from now, in place of any wait so far (a
  retry, "at once"); not a poke, and the longest wait does not shorten it.
- `flush()`: run the job now if it is waiting; `run_now()`: run it now in any case.
- `cancel()`: forget the wait and the first poke; `pending` says whether a run is waiting.
- `pokes`: how many pokes so far. A job that works in the background notes it when it starts
  and drops its result if it has changed since (a newer edit is not in it).
- `first_poke`: when (on `clock`) the first poke since the last run came, or None.

A wait of zero or less runs the job on the owner's next turn (`call_later`): a Textual timer of
0 s never fires. The job runs on the owner's thread, never inside `poke`; the owner's timers
stop when it closes, and so does the job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

EARLY = 0.15
"""A poke this close to the longest wait's end runs the job `SOON` after itself."""
SOON = 0.02
"""Just after the poke's own frame (a key's frame is out within a few milliseconds)."""


class _Stoppable(Protocol):
    def stop(self) -> None: ...


class Owner(Protocol):
    """What `Debounce` needs of its owner: a Textual `MessagePump` (widget, screen, app)."""

    def set_timer(self, delay: float, callback: Callable[[], object]) -> _Stoppable: ...

    def call_later(self, callback: Callable[..., object], *args: Any) -> object: ...


class Debounce:
    """A job run once the pokes pause, and at the latest `max_wait` after the first one."""

    def __init__(
        self,
        owner: Owner,
        job: Callable[[], object],
        *,
        delay: float,
        max_wait: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Args:
        owner: whose timers run the job (a widget, screen or app).
        job: what to run, on the owner's thread.
        delay: seconds of quiet after a poke before the job runs.
        max_wait: the longest a poke waits for the job, however steady the pokes; None for
            no limit.
        clock: monotonic seconds (tests pass their own).
        """
        self.owner = owner
        self.job = job
        self.delay = delay
        self.max_wait = max_wait
        self.clock = clock
        self.pokes = 0
        self.first_poke: float | None = None
        self._timer: _Stoppable | None = None
        self._turn = 0  # the scheduled run that counts; older ones find it moved on
        self._pending = False
        self._soon = False  # the pending run is the owner's next turn

    @property
    def pending(self) -> bool:
        """A run is waiting (on a timer, or the owner's next turn)."""
        return self._pending

    def poke(self) -> None:
        """Something changed: run the job once the pokes pause (or the longest wait ends)."""
        self.pokes += 1
        now = self.clock()
        if self.first_poke is None:
            self.first_poke = now
        wait = self.delay
        if self.max_wait is not None:
            left = self.first_poke + self.max_wait - now
            wait = min(wait, left if left > EARLY else min(left, SOON))
        self._wait(wait)

    def schedule(self, delay: float) -> None:
        """Run the job `delay` seconds from now, in place of any wait so far."""
        self._wait(delay)

    def cancel(self) -> None:
        """Forget the wait (and the first poke: the next one starts a longest wait anew); the
        job does not run until the next poke or schedule."""
        self._unschedule()
        self.first_poke = None

    def flush(self) -> bool:
        """Run the job now if it is waiting; whether it ran."""
        if not self._pending:
            return False
        self.run_now()
        return True

    def run_now(self) -> None:
        """Run the job now, waiting or not (the wait is over)."""
        self.cancel()
        self.job()

    def _wait(self, wait: float) -> None:
        if wait <= 0 and self._soon:
            # Already coming on the owner's next turn: moving it back behind keys queued
            # meanwhile would put it off for as long as they keep coming.
            return
        self._unschedule()
        turn = self._turn
        self._pending = True
        if wait <= 0:
            self._soon = True
            self.owner.call_later(self._fire, turn)
        else:
            self._timer = self.owner.set_timer(wait, partial(self._fire, turn))

    def _fire(self, turn: int) -> None:
        if turn != self._turn or not self._pending:
            return  # cancelled, or replaced by a later wait
        self._timer = None
        self.run_now()

    def _unschedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._turn += 1
        self._pending = self._soon = False
