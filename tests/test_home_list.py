"""The drafts list reads its folder in a thread and reports back with a typed message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kit import wait_for
from textual.app import App
from textual.widgets import DataTable

from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.model import ActionItem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.screens.home import HomeScreen


class HomeOnly(App[None]):
    """The home screen on its own: no app reads the folder for it."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.read: list[HomeScreen.DraftsRead] = []

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.folder))

    def on_home_screen_drafts_read(self, event: HomeScreen.DraftsRead) -> None:
        self.read.append(event)  # the screen stops it: never seen here


async def test_the_list_is_read_by_the_screen_in_a_thread(store: DraftStore) -> None:
    doc, path = store.new(title="Quote feed stalled", when=dt.date(2025, 3, 3))
    doc.actions = [ActionItem(id=1, action="Alert on staleness", owner="SRE",
                              due=dt.date(2025, 3, 1))]
    store.save(doc, path)
    store.new(title="Second", when=dt.date(2025, 3, 4))
    app = HomeOnly(store.folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.rows)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert {r.title for r in home.rows} == {"Quote feed stalled", "Second"}
        table = home.query_one("#home-drafts", DataTable)
        assert table.row_count == 2
        await wait_for(pilot, lambda: home.query_one("#follow-ups-table", DataTable).row_count)
        assert app.read == []
        # The same rows again leave the cursor where it is.
        table.move_cursor(row=1)
        home.read_drafts()
        await wait_for(pilot, lambda: not home.workers)
        await pilot.pause()
        assert table.cursor_row == 1 and table.row_count == 2


async def test_a_folder_that_cannot_be_read_says_why(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: DraftStore) -> list[object]:
        raise DraftError(f"{self.folder}: cannot read the folder: Permission denied")

    monkeypatch.setattr(DraftStore, "summaries", unreadable)
    app = HomeOnly(store.folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen._loaded)
        assert "No post-mortems here yet" in str(app.screen.query_one("#home-empty").render())
        said = [n.message for n in app._notifications]
        assert said == [f"{store.folder}: cannot read the folder: Permission denied"]
