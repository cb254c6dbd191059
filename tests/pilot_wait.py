"""Waiting on a running app in pilot tests: for a condition, never a fixed pause."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


async def wait_for(pilot: Any, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (the machine may be slow; never sleep blind)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)
