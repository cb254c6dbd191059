"""The command line pauses cyclic garbage collection while the app starts; the wizard (or the
home screen) turns it back on once it is up, and it is on again however the app ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from kit import make_app, wait_for

from postmortem_tui.core.draft_file import read_draft_data
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui import app as app_module
from postmortem_tui.tui.screens.wizard import WizardScreen


@pytest.fixture(autouse=True)
def collections_back_on() -> Iterator[None]:
    yield
    gc.enable()


def test_run_app_pauses_collections_while_the_app_runs_and_turns_them_back_on(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, path = store.new(title="Feed")
    during: list[bool] = []

    def run(self: Any) -> int:
        during.append(gc.isenabled())
        raise RuntimeError("ended badly")

    monkeypatch.setattr(app_module.PostmortemApp, "run", run)
    with pytest.raises(RuntimeError):
        app_module.run_app(store, open_path=path, data=read_draft_data(path))
    assert during == [False]
    assert gc.isenabled()


async def test_the_wizard_turns_collections_back_on_once_it_is_up(store: DraftStore) -> None:
    _, path = store.new(title="Feed")
    gc.disable()
    app = make_app(store, path, data=read_draft_data(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        await wait_for(pilot, gc.isenabled)
        # The header whole (ended while its selects mount, the app crashes).
        await wait_for(pilot, lambda: bool(app.screen.query("#header-status SelectCurrent #label")))


async def test_the_home_screen_turns_collections_back_on(store: DraftStore) -> None:
    gc.disable()
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
