"""The test kit keeps its promises: the frozen clock reaches every module, a wait says what it
waited for."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from kit import FrozenClock, make_app, wait_for

import postmortem_tui
from postmortem_tui.core import timeutil
from postmortem_tui.core.store import DraftStore

# `from ...timeutil import today_cot` (or now_cot), on one line or in parentheses.
BY_NAME = re.compile(r"from\s+[.\w]*timeutil\s+import\s+(\([^)]*\)|[^\n]*)")


def test_every_module_reads_the_clock_through_timeutil() -> None:
    """The clock fixture patches `timeutil.now_cot` once: a module holding its own reference to
    `today_cot` or `now_cot` would read the real clock in tests."""
    root = Path(postmortem_tui.__file__).parent
    by_name = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        for names in BY_NAME.findall(path.read_text(encoding="utf-8"))
        if re.search(r"\b(today_cot|now_cot)\b", names)
    ]
    assert by_name == []


def test_the_clock_fixture_sets_today_and_now(clock: FrozenClock) -> None:
    assert timeutil.today_cot() == dt.date(2025, 3, 4)
    clock.set(dt.datetime(2026, 3, 2, 14, 5, tzinfo=timeutil.COT))
    assert timeutil.now_cot().time() == dt.time(14, 5)
    clock.set(dt.date(2026, 3, 9))
    assert timeutil.today_cot() == dt.date(2026, 3, 9)
    assert timeutil.now_cot().time() == dt.time(14, 5)  # a day keeps the time of day


async def test_a_wait_that_times_out_says_what_it_waited_for(store: DraftStore) -> None:
    app = make_app(store)
    async with app.run_test() as pilot:
        with pytest.raises(AssertionError, match="waiting for: the moon"):
            await wait_for(pilot, lambda: False, timeout=0.1, what="the moon")
        with pytest.raises(AssertionError, match=r"lambda: app\.return_code == 42"):
            await wait_for(pilot, lambda: app.return_code == 42, timeout=0.1)
