"""How the home screen and every section look, with the demo post-mortem loaded.

Regenerate after an intended change: `pytest tests/test_snapshots_wizard.py --snapshot-update`,
then look at the report or the SVGs under tests/__snapshots__/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from kit import make_app, wait_for
from textual.widgets import DataTable

from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.sections import SECTION_KEYS
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.wizard import WizardScreen

# A fixed, long-ago modification time: the home screen then shows a date, not "2 min ago".
FIXED_MTIME = 1_735_700_000


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DraftStore:
    """The test's own drafts folder, named as given (`--dir drafts`): the home screen shows it,
    so the picture is the same wherever the tests run."""
    monkeypatch.chdir(tmp_path)
    return DraftStore(Path("drafts"))


def saved_demo(store: DraftStore, demo_doc: PostMortem) -> Path:
    path = store.save(demo_doc)
    os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return path


def wizard_app(store: DraftStore, demo_doc: PostMortem, section: str) -> PostmortemApp:
    demo_doc.wizard.section = section
    demo_doc.wizard.field = ""
    path = saved_demo(store, demo_doc)
    # A long save delay: no save (and no "Saved hh:mm:ss") happens while the picture is taken.
    return make_app(store, path, doc=demo_doc, save_delay=3600)


@pytest.mark.parametrize("section", SECTION_KEYS)
def test_section(snap_compare, store, demo_doc, section):
    app = wizard_app(store, demo_doc, section)

    async def settle(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        assert isinstance(pilot.app.screen, WizardScreen)
        assert pilot.app.screen.current == section

    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_header_at_80x24(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "header")
    assert snap_compare(app, terminal_size=(80, 24))


def test_invalid_field(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "header")

    async def type_bad_time(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.query_one("#header-start_time Input").value = "9.15"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=type_bad_time)


def test_home(snap_compare, store, demo_doc, clock):
    # The demo's day (`clock`): nothing is overdue yet, so no follow-ups show.
    saved_demo(store, demo_doc)
    blank = PostMortem.new(
        title="Matching engine restart loop", incident_id="INC-20250301-001",
        when=dt.date(2025, 3, 1),
    )
    os.utime(store.save(blank), (FIXED_MTIME - 86400, FIXED_MTIME - 86400))
    app = make_app(store)

    async def loaded(pilot):  # type: ignore[no-untyped-def]
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                       and pilot.app.screen.query_one(DataTable).row_count == 2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=loaded)


def test_home_empty(snap_compare, store):
    app = make_app(store)

    async def loaded(pilot):  # type: ignore[no-untyped-def]
        await wait_for(pilot, lambda: "No post-mortems here yet"
                       in str(pilot.app.screen.query_one("#home-empty").render()))

    assert snap_compare(app, terminal_size=(100, 30), run_before=loaded)
