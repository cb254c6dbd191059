"""The opening screen's footer has its keys in the first frame and is not composed again when
the screen signals its bindings (Textual's Footer composes empty, then with its keys: a
compose and a layout more while the opening thread runs)."""

from __future__ import annotations

import pytest
from kit import make_app, wait_for
from test_opening import hold_opening

from postmortem_tui.core.draft_file import read_draft_data
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.screens.opening import OpeningFooter, OpeningScreen


async def test_the_opening_footer_is_composed_once_with_its_keys(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = hold_opening(monkeypatch, 10)
    doc, path = store.new(title="Quote feed stalled")
    store.save(doc, path)
    composed: list[int] = []
    signalled: list[int] = []
    recomposed: list[int] = []
    real_compose = OpeningFooter.compose
    real_changed = OpeningFooter.bindings_changed
    real_recompose = OpeningFooter.recompose

    def compose(self: OpeningFooter):  # type: ignore[no-untyped-def]
        composed.append(1)
        return real_compose(self)

    def changed(self: OpeningFooter, screen):  # type: ignore[no-untyped-def]
        signalled.append(1)
        real_changed(self, screen)

    async def recompose(self: OpeningFooter) -> None:
        recomposed.append(1)
        await real_recompose(self)

    monkeypatch.setattr(OpeningFooter, "compose", compose)
    monkeypatch.setattr(OpeningFooter, "bindings_changed", changed)
    monkeypatch.setattr(OpeningFooter, "recompose", recompose)
    app = make_app(store, path, data=read_draft_data(path))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, OpeningScreen) and signalled)
            await pilot.pause()
            await pilot.pause()
            footer = app.screen.query_one(OpeningFooter)
            keys = [key.key for key in footer.query("FooterKey")]
            assert keys and "ctrl+q" in keys, keys
            assert (composed, recomposed) == ([1], [])
            release.set()
    finally:
        release.set()

