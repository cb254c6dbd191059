"""Regenerate the README's screenshots by driving the real app with the demo post-mortem.

    python screenshots/make_screenshots.py

Writes SVGs next to this file. Each shot is the app exactly as a user sees it at 100x30.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.storage import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.wizard import WizardScreen

HERE = Path(__file__).resolve().parent
SIZE = (120, 32)
TODAY = dt.date(2026, 3, 9)

Steps = Callable[[Pilot[int]], Awaitable[None]]


async def _nothing(pilot: Pilot[int]) -> None:
    await pilot.pause(0.3)


def _go_to(section: str, *, focus: str = "", keys: tuple[str, ...] = ()) -> Steps:
    async def steps(pilot: Pilot[int]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, WizardScreen)
        await screen.show_section(section)
        await pilot.pause(0.3)
        if focus:
            screen.query_one(focus).focus()
            await pilot.pause(0.3)
        if keys:
            await pilot.press(*keys)
            await pilot.pause(1.5)  # the preview renders after a short quiet spell

    return steps


async def shoot(store: DraftStore, path: Path | None, name: str, steps: Steps) -> None:
    app = PostmortemApp(store, open_path=path, save_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await steps(pilot)
        app.save_screenshot(str(HERE / f"{name}.svg"))
    print(f"wrote screenshots/{name}.svg")


async def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        store = DraftStore(Path(folder) / "drafts")
        store.ensure_folder()
        doc = demo_document(today=TODAY)
        when = doc.header.date or TODAY
        doc.header.incident_id = store.next_incident_id(when)
        path = store.save(doc)
        older = store.new(title="Market-data gap after exchange failover",
                          when=when - dt.timedelta(days=12))[1]
        stamp = dt.datetime(2026, 3, 9, 11, 40).timestamp()
        os.utime(path, (stamp, stamp))
        os.utime(older, (stamp - 12 * 86400, stamp - 12 * 86400))
        await shoot(store, None, "home", _nothing)
        for section in ("header", "impact", "root_cause", "timeline", "actions"):
            await shoot(store, path, section, _go_to(section))
        await shoot(store, path, "five_whys", _go_to("root_cause", focus="#root_cause-whys"))
        await shoot(store, path, "preview", _go_to("timeline", keys=("f5",)))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
