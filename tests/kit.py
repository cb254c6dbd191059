"""The test kit: build the app, type into it, wait for what a test needs, freeze its clock.

A test waits for a condition (a widget's state, the screen, the draft on disk), never for a
fixed time: the machine may be slow, and a fixed pause is either too short or wasted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui.core import timeutil
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp

# Short enough to keep a test quick, long enough to leave the CPU to the app's threads.
POLL = 0.02


def make_app(
    store: DraftStore,
    path: Path | None = None,
    *,
    doc: PostMortem | None = None,
    section: str | None = None,
    field: str = "",
    save_delay: float = 0.05,
    **options: Any,
) -> PostmortemApp:
    """The app on `store`: the home screen; or the draft at `path`; or `doc`, saved first and
    opened where `section` and `field` say (as if the author had left it there). The app edits
    `doc` itself, so a test can look at it. A long `save_delay` means no autosave meanwhile."""
    if doc is not None:
        if section is not None:
            doc.wizard.section = section
            doc.wizard.field = field
        if path is None:
            path = store.save(doc)
        options["doc"] = doc
    return PostmortemApp(store, open_path=path, save_delay=save_delay, **options)


def _described(condition: Callable[[], object]) -> str:
    try:
        return inspect.getsource(condition).strip()
    except (OSError, TypeError):
        return repr(condition)


async def wait_for(
    pilot: Any, condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `condition()` holds, else fail saying what was awaited. A condition
    that raises (a row not there yet, a draft not written yet) is not met yet."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: Exception | None = None
    while True:
        try:
            if condition():
                return
            last = None
        except Exception as exc:  # not met yet; reported on timeout
            last = exc
        if loop.time() >= deadline:
            waited = what or _described(condition)
            raise AssertionError(f"timed out after {timeout} s waiting for: {waited}") from last
        await pilot.pause(POLL)


def wait_until(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """`wait_for` without an app: for a child process's effects (a file, a draft)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"timed out after {timeout} s waiting for: {what or _described(condition)}"
            )
        time.sleep(POLL)


async def wait_for_draft(
    pilot: Any, path: Path | None, predicate: Callable[[PostMortem], object],
    timeout: float = 10.0, what: str = "",
) -> PostMortem:
    """Wait until the draft on disk satisfies `predicate`; return what it holds then."""
    assert path is not None, "the app has no draft file"
    await wait_for(
        pilot, lambda: predicate(read_draft(path)), timeout,
        what or f"the draft {path.name} to hold: {_described(predicate)}",
    )
    return read_draft(path)


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` key by key, as the author would (Textual names each character's key)."""
    await pilot.press(*text)


@dataclass
class FrozenClock:
    """What the app reads as now (COT); `today` follows it."""

    now: dt.datetime

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def set(self, when: dt.datetime | dt.date) -> None:
        if not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, self.now.timetz())
        self.now = when


def freeze_clock(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> FrozenClock:
    """Every module reads the clock through `timeutil`, so one patch freezes it everywhere."""
    clock = FrozenClock(when)
    monkeypatch.setattr(timeutil, "now_cot", lambda: clock.now)
    return clock
