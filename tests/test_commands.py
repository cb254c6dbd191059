"""The command palette's wizard commands: each where it can run, its key from the key map."""

from __future__ import annotations

import datetime as dt

from kit import make_app, wait_for

from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.commands import WizardCommands
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.import_events import ImportEventsScreen
from postmortem_tui.tui.screens.wizard import WizardScreen

SIZE = (100, 30)
IMPORT = "Timeline: Import events…"


async def names(screen: WizardScreen) -> list[str]:
    return [str(hit.text) async for hit in WizardCommands(screen).discover()]


async def test_import_events_runs_from_any_section_of_the_wizard(store: DraftStore) -> None:
    _, path = store.new(title="Quote feed stalled", when=dt.date(2026, 11, 20))
    app = make_app(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.current == "header"
        hits = {str(h.text): h for h in [h async for h in WizardCommands(wizard).discover()]}
        assert "(Ctrl+L)" in str(hits[IMPORT].help)
        # The timeline's other actions are offered on the timeline only.
        assert "Timeline: Sort rows by time" not in hits
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen is not wizard)
        await pilot.press(*"import events", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportEventsScreen))
        assert wizard.current == "timeline"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is wizard)
        assert "Timeline: Sort rows by time" in await names(wizard)


async def test_a_closed_post_mortem_is_offered_no_edit(store: DraftStore,
                                                      complete_doc: PostMortem) -> None:
    complete_doc.header.status = "Closed"  # type: ignore[assignment]
    app = make_app(store, doc=complete_doc, section="timeline")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert isinstance(app.screen, WizardScreen)
        offered = await names(app.screen)
        assert "Go to: Timeline" in offered
        assert not [name for name in offered if name.startswith("Timeline: ")]


async def test_the_home_screen_offers_no_wizard_command(store: DraftStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert WizardCommands not in app.screen.COMMANDS
