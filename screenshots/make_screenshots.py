"""Regenerate the README's screenshots by driving the real app with the demo post-mortem.

    python screenshots/make_screenshots.py [OUT_DIR]

Writes SVGs next to this file (or into OUT_DIR, to look before replacing them). Each shot is the
app exactly as a user sees it at 120x32 right after the README's Quick start: the demo is
written by `postmortem demo` itself, so it has the ID that command gives today. The drafts
folder is `postmortems` in a scratch working folder (the drafts list shows the folder as given),
so no temporary path appears on screen; the scratch folder is also home, so your own settings
do not show either.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer

from postmortem_tui.core.store import ENV_DIR, DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.wizard import WizardScreen

HERE = Path(__file__).resolve().parent
SIZE = (120, 32)
FOLDER = Path("postmortems")
"""The drafts folder, relative to the scratch working folder: what the drafts list shows."""

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


async def shoot(
    store: DraftStore, path: Path | None, name: str, steps: Steps, out: Path
) -> None:
    app = PostmortemApp(store, open_path=path, save_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await steps(pilot)
        await _footer_drawn(pilot)
        app.save_screenshot(str(out / f"{name}.svg"))
    print(f"wrote {out / name}.svg")


async def _trends(pilot: Pilot[int]) -> None:
    from postmortem_tui.tui.screens.trends import TrendsScreen

    await pilot.pause(0.3)
    await pilot.press("t")
    for _ in range(200):  # the drafts are read in a thread
        screen = pilot.app.screen
        if isinstance(screen, TrendsScreen) and screen.stats is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)


def write_history(folder: Path, today: dt.date) -> None:
    """A quarter of incidents for the Trends screen: the demo post-mortem again and again, its
    severity, date and response times varied, some action items done."""
    from postmortem_tui.core.demo import demo_document
    from postmortem_tui.core.model import ActionStatus, Milestone, Severity, Status

    store = DraftStore(folder)
    store.ensure_folder()
    severities = (Severity.P1, Severity.P2, Severity.P0, Severity.P2, Severity.P3, Severity.P1)
    for n in range(22):
        doc = demo_document(today)
        day = today - dt.timedelta(days=4 + 5 * n)
        doc.header.date = day
        doc.header.severity = severities[n % len(severities)]
        doc.header.status = Status.DRAFT if n < 3 else Status.CLOSED
        late = (n * 7) % 40  # minutes every milestone after the alert comes later
        for row in doc.timeline:
            if row.time is not None and row.milestone not in (None, Milestone.FIRST_SYMPTOM):
                moment = dt.datetime.combine(day, row.time) + dt.timedelta(minutes=late)
                row.time = moment.time()
        for i, action in enumerate(doc.actions):
            if n > 3 and (n + i) % 4:  # older incidents' items mostly done
                action.status = ActionStatus.DONE
            elif action.due is not None:
                action.due = day + dt.timedelta(days=10 + 3 * i)
        doc.header.incident_id = store.next_incident_id(day)
        store.save(doc)


async def _footer_drawn(pilot: Pilot[int]) -> None:
    """Until the footer shows its keys on a few frames in a row: it draws them again a few
    frames after each change of focus, and a loaded machine caught it empty."""
    seen = 0
    for _ in range(200):
        footers = pilot.app.screen.query(Footer)
        seen = seen + 1 if all(f.children for f in footers) else 0
        if seen >= 4:
            return
        await pilot.pause(0.05)


def write_demo(folder: Path) -> str:
    """Run `postmortem --dir FOLDER demo`, as the README says; the ID it prints."""
    result = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), "demo"],
        capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
    )
    return result.stdout.strip()


def _isolate(scratch: Path) -> None:
    """Settings and data folders inside the scratch folder, for the app and `demo` alike."""
    os.environ.pop(ENV_DIR, None)
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = str(scratch)
    os.chdir(scratch)


async def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        _isolate(Path(scratch))
        ident = write_demo(FOLDER)
        store = DraftStore(FOLDER)
        path = store.resolve(ident)
        when = store.load(path).header.date or dt.date.today()
        older = store.new(title="Market-data gap after exchange failover",
                          when=when - dt.timedelta(days=12))[1]
        # Saved a little while ago (the demo) and on the day of its incident (the other).
        now = dt.datetime.now().timestamp()
        os.utime(path, (now - 25 * 60, now - 25 * 60))
        stamp = dt.datetime.combine(when - dt.timedelta(days=12), dt.time(16, 20)).timestamp()
        os.utime(older, (stamp, stamp))
        await shoot(store, None, "home", _nothing, out)
        for section in ("header", "impact", "root_cause", "timeline", "actions"):
            await shoot(store, path, section, _go_to(section), out)
        await shoot(store, path, "five_whys", _go_to("root_cause", focus="#root_cause-whys"), out)
        await shoot(store, path, "preview", _go_to("timeline", keys=("f5",)), out)
        history = Path("history")
        write_history(history, when)
        await shoot(DraftStore(history), None, "trends", _trends, out)
        os.chdir(HERE)  # out of the scratch folder before it is removed
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)))
