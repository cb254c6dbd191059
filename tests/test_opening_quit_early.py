"""Ending the app (Ctrl+Q, or the SIGTERM the bench and `serve` send) in the frame after the
title field has the focus, while the rest of the header is still being mounted: the app ends
without a crash, and the draft is saved."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest
from kit import make_app, wait_for

from postmortem_tui.core.draft_file import read_draft, read_draft_data
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.wizard import WizardScreen


def _quit_right_after_the_focus(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> list[str]:
    done: list[str] = []
    real = WizardScreen._focus_in_form

    def focus_then_leave(self: WizardScreen, field_id: str | None) -> None:
        real(self, field_id)
        if done:
            return
        done.append(how)
        self.doc.header.title = "Quote feed stalled, edited"  # as if typed: saved on leaving
        self.session.edited()
        app = self.app
        assert isinstance(app, PostmortemApp)
        if how == "ctrl+q":
            app.call_later(app.simulate_key, "ctrl+q")
        else:
            # As the event loop runs a signal's handler (`loop.add_signal_handler`).
            asyncio.get_running_loop().call_soon(
                app._on_signal, signal.SIGTERM, 128 + signal.SIGTERM
            )

    monkeypatch.setattr(WizardScreen, "_focus_in_form", focus_then_leave)
    return done


@pytest.mark.parametrize("how", ["ctrl+q", "sigterm"])
@pytest.mark.parametrize("field", ["", "header-title"])
async def test_leaving_while_the_header_mounts_its_rest_ends_cleanly(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str, field: str
) -> None:
    doc, path = store.new(title="Quote feed stalled")
    doc.wizard.section, doc.wizard.field = "header", field
    store.save(doc, path)
    left = _quit_right_after_the_focus(monkeypatch, how)
    app = make_app(store, path, data=read_draft_data(path), save_delay=30)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: left)
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_value == (0 if how == "ctrl+q" else 128 + signal.SIGTERM)
    assert not list(path.parent.glob("*.recovered-*"))
    assert read_draft(path).header.title == "Quote feed stalled, edited"
