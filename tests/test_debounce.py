"""tui/debounce.py on its own: a fake owner (its timers are fired by hand) and a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from kit import wait_for
from textual.app import App

from postmortem_tui.tui.debounce import EARLY, SOON, Debounce


class FakeTimer:
    def __init__(self, owner: FakeOwner, delay: float, callback: Callable[[], object]) -> None:
        self.owner, self.delay, self.callback = owner, delay, callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


class FakeOwner:
    """Timers and next turns recorded; `advance` moves the clock and fires what is due."""

    def __init__(self) -> None:
        self.now = 100.0
        self.timers: list[tuple[float, FakeTimer]] = []
        self.soon: list[Callable[[], object]] = []

    def clock(self) -> float:
        return self.now

    def set_timer(self, delay: float, callback: Callable[[], object]) -> FakeTimer:
        timer = FakeTimer(self, delay, callback)
        self.timers.append((self.now + delay, timer))
        return timer

    def call_later(self, callback: Callable[..., object], *args: Any) -> bool:
        self.soon.append(lambda: callback(*args))
        return True

    def next_turn(self) -> None:
        soon, self.soon = self.soon, []
        for callback in soon:
            callback()

    def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [t for at, t in self.timers if at <= self.now + 1e-9 and not t.stopped]
        self.timers = [(at, t) for at, t in self.timers if t not in due]
        for timer in due:
            timer.callback()

    @property
    def live_timers(self) -> list[float]:
        return [t.delay for _, t in self.timers if not t.stopped]


@pytest.fixture
def owner() -> FakeOwner:
    return FakeOwner()


def debounce(owner: FakeOwner, runs: list[float], **options: Any) -> Debounce:
    return Debounce(owner, lambda: runs.append(owner.now), clock=owner.clock, **options)


def test_a_poke_runs_the_job_after_the_quiet(owner: FakeOwner) -> None:
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5)
    job.poke()
    assert job.pending and owner.live_timers == [0.5]
    owner.advance(0.4)
    assert runs == []
    job.poke()  # the quiet starts again
    owner.advance(0.4)
    assert runs == []
    owner.advance(0.1)
    assert runs == [100.9] and not job.pending
    assert job.pokes == 2 and job.first_poke is None


def test_steady_pokes_run_the_job_by_the_longest_wait(owner: FakeOwner) -> None:
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5, max_wait=0.8)
    for _ in range(10):  # a poke every 0.2 s: the quiet never comes
        job.poke()
        owner.advance(0.2)
    # Run 0.8 s after the first poke, then 0.8 s after the first poke that followed it.
    assert runs == pytest.approx([100.8, 101.6])


def test_a_poke_near_the_longest_wait_runs_the_job_just_after_itself(owner: FakeOwner) -> None:
    # Keys every 0.1 s: the deadline (0.8 s after the first) falls on a key; the poke before it
    # runs the job SOON after its own frame instead, in the gap before the next key.
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5, max_wait=0.8)
    for _ in range(7):
        job.poke()
        owner.advance(0.1)
    assert owner.live_timers == pytest.approx([0.2]) and runs == []  # 0.2 s left: waits
    job.poke()  # 0.1 s left: the next key would come at the deadline
    assert EARLY >= 0.1 and SOON < 0.1
    assert owner.live_timers == [SOON]
    owner.advance(SOON)
    assert runs == pytest.approx([100.7 + SOON]) and not job.pending


def test_a_poke_after_the_longest_wait_runs_on_the_next_turn(owner: FakeOwner) -> None:
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5, max_wait=0.8)
    job.poke()
    job.first_poke = owner.now - 5  # a busy owner: the longest wait is long over
    job.poke()
    assert owner.live_timers == [] and job.pending  # no timer of 0 s: it would never fire
    job.poke()  # more keys before that turn: still the one run, not put off behind them
    assert len(owner.soon) == 1
    owner.next_turn()
    assert runs == [100.0] and not job.pending


def test_schedule_replaces_the_wait_and_ignores_the_longest_one(owner: FakeOwner) -> None:
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5, max_wait=0.8)
    job.schedule(3.0)  # a retry
    assert owner.live_timers == [3.0] and job.pokes == 0 and job.first_poke is None
    owner.advance(3.0)
    assert runs == [103.0]
    job.poke()
    job.schedule(0.01)  # at once
    owner.advance(0.01)
    assert runs == pytest.approx([103.0, 103.01])
    owner.advance(1.0)
    assert len(runs) == 2  # the poke's own wait was replaced


def test_cancel_flush_and_run_now(owner: FakeOwner) -> None:
    runs: list[float] = []
    job = debounce(owner, runs, delay=0.5)
    assert not job.flush() and runs == []
    job.poke()
    job.cancel()
    assert not job.pending and owner.live_timers == []
    owner.advance(1.0)
    assert runs == []
    job.poke()
    assert job.flush() and runs == [101.0] and not job.pending
    owner.advance(1.0)
    assert runs == [101.0]  # the flushed wait does not run again
    job.run_now()
    assert runs == [101.0, 102.0]
    job.poke()
    owner.next_turn()
    job.cancel()  # a cancelled next-turn run does not happen either
    job.schedule(0)
    job.cancel()
    owner.next_turn()
    assert runs == [101.0, 102.0]


async def test_it_runs_on_a_textual_owners_timers() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        runs: list[str] = []
        job = Debounce(app, lambda: runs.append("ran"), delay=0.05, max_wait=0.1)
        job.poke()
        await wait_for(pilot, lambda: runs == ["ran"])
        job.schedule(0)
        await wait_for(pilot, lambda: runs == ["ran", "ran"])
