"""How the table sections, the preview and the export dialog look, with the demo post-mortem.

Regenerate after an intended change: `pytest tests/test_snapshots_tables.py --snapshot-update`,
then look at the SVGs under tests/__snapshots__/test_snapshots_tables/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import FrozenClock, make_app, wait_for

from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.export_dialog import ExportDialog
from postmortem_tui.tui.screens.wizard import WizardScreen

SIZE = (100, 30)
SHOWN_CWD = "/home/ana/incidents"


@pytest.fixture(autouse=True)
def frozen(clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever reads the clock reads TODAY; the export dialog offers a file in the working
    folder, shown as a fixed one (the test's own folder is where anything would be written)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: cls(SHOWN_CWD)))


def wizard_app(store: DraftStore, doc: PostMortem, section: str, field: str = "") -> PostmortemApp:
    # A long save delay: no save (and no "Saved hh:mm:ss") happens while the picture is taken.
    return make_app(store, doc=doc, section=section, field=field, save_delay=3600)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert isinstance(pilot.app.screen, WizardScreen)
    await pilot.pause()


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("timeline", "timeline-rows"),
        ("root_cause", "root_cause-whys"),
        ("factors", "factors-rows"),
        ("actions", "actions-rows"),
        ("appendix", "appendix-related"),
        ("signoff", "signoff-reviewers"),
        ("history", "history-rows"),
    ],
)
def test_table_section(snap_compare, store, demo_doc, section, field):
    app = wizard_app(store, demo_doc, section, field)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_timeline_at_80x24(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "timeline", "timeline-rows")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


def test_cell_refused_with_the_models_message(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "timeline", "timeline-rows")

    async def type_bad_time(pilot):  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("down", "backspace", "9", "full_stop", "1", "5")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=type_bad_time)


def test_category_choices_with_their_meanings(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "actions", "actions-rows")

    async def open_category(pilot):  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press(*["right"] * 6, "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_category)


def test_preview_of_the_timeline(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "timeline", "timeline-rows")

    async def show_preview(pilot):  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("f5")
        preview = pilot.app.screen.preview
        await wait_for(pilot, lambda: preview.renders)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=show_preview)


def test_export_dialog_ready(snap_compare, store, demo_doc):
    app = wizard_app(store, demo_doc, "history", "history-rows")

    async def open_export(pilot):  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportDialog)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_export)


def test_export_dialog_with_missing_items(snap_compare, store, demo_doc):
    demo_doc.header.severity = None
    demo_doc.timeline[3].time = None
    demo_doc.actions[1].owner = ""
    demo_doc.signoff.reviewers[0].approved = None
    app = wizard_app(store, demo_doc, "summary")

    async def open_export(pilot):  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportDialog)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_export)
