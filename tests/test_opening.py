"""`postmortem open`: the draft's outline first, the wizard when the document is built."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kit import make_app, wait_for

from postmortem_tui.core import errors
from postmortem_tui.core.draft_file import read_draft, read_draft_data
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui import app as app_module
from postmortem_tui.tui.save_session import SAVE_DELAY
from postmortem_tui.tui.screens.opening import OpeningScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.field_input import FieldInput

SIZE = (100, 30)


@pytest.fixture
def draft(store: DraftStore) -> Path:
    doc, path = store.new(title="Quote feed stalled")
    doc.wizard.section = "impact"
    store.save(doc, path)
    return path


def hold_opening(monkeypatch: pytest.MonkeyPatch, longest: float) -> threading.Event:
    """The document is built only once the event is set (or `longest` seconds have passed):
    the opening screen stays up."""
    release = threading.Event()
    real = app_module.from_data

    def slow(data: dict[str, Any], source: str = "<draft>") -> Any:
        release.wait(longest)
        return real(data, source)

    monkeypatch.setattr(app_module, "from_data", slow)
    return release


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    release = hold_opening(monkeypatch, 10)
    yield release
    release.set()


async def test_outline_first_then_the_wizard_on_the_saved_section(store, draft, held):
    app = make_app(store, draft, data=read_draft_data(draft), save_delay=SAVE_DELAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OpeningScreen))
        opening = app.screen
        assert isinstance(opening, OpeningScreen)
        title = str(opening.query_one("#wizard-title").render())
        assert draft.stem in title and "Quote feed stalled" in title
        assert opening.section == "impact"
        assert app.doc is None  # nothing to save while it opens
        held.set()
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        await wait_for(pilot, lambda: wizard.form is not None)
        assert wizard.form is not None and wizard.form.id == "section-impact"
        assert app.doc is not None and app.path == draft


async def test_a_draft_the_model_refuses_closes_the_wizard_with_its_reason(store, draft):
    data = read_draft_data(draft)
    data["header"]["start_time"] = "9.15"
    app = make_app(store, draft, data=data, save_delay=SAVE_DELAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 2
    assert app.exit_message is not None
    assert str(draft) in app.exit_message and "HH:MM" in app.exit_message


def test_opening_screen_looks_like_the_wizard_frame(snap_compare, tmp_path, monkeypatch):
    # Held long enough for the picture; the app waits for the thread when it closes.
    hold_opening(monkeypatch, 2)
    # A fixed folder and date: the ID and title are in the picture.
    store = DraftStore(tmp_path / "drafts")
    doc, path = store.new(title="Quote feed stalled", when=dt.date(2026, 11, 20))
    doc.wizard.section = "timeline"
    store.save(doc, path)
    app = make_app(store, path, data=read_draft_data(path), save_delay=SAVE_DELAY)

    async def opening(pilot):  # type: ignore[no-untyped-def]
        await wait_for(pilot, lambda: isinstance(app.screen, OpeningScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=opening)


def test_the_outline_needs_neither_pydantic_nor_the_wizard(tmp_path: Path) -> None:
    """What `open` imports before its first frame (the rest loads behind the outline)."""
    script = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        from postmortem_tui.core.draft_file import read_draft_data
        from postmortem_tui.core.store import DraftStore
        from postmortem_tui.tui.app import PostmortemApp
        from postmortem_tui.tui.screens.opening import OpeningScreen

        path = Path(sys.argv[1])
        OpeningScreen(path.stem, read_draft_data(path))
        PostmortemApp(DraftStore(path.parent), open_path=path, data=read_draft_data(path))
        print(json.dumps(sorted(m for m in sys.modules if m.startswith(
            ("pydantic", "postmortem_tui.core.model", "postmortem_tui.tui.screens.wizard",
             "postmortem_tui.tui.sections", "markdown_it")))))
        """
    )
    store = DraftStore(tmp_path)
    _, path = store.new(title="Feed")
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert json.loads(proc.stdout) == []


def test_parse_errors_are_still_found_before_the_model(tmp_path: Path) -> None:
    bad = tmp_path / "INC-20261120-001.toml"
    bad.write_text('schema_version = 1\n[header]\ntitle = "unterminated\n')
    with pytest.raises(errors.DraftError, match="not valid TOML"):
        read_draft_data(bad)
    bad.write_text('title = "no version"\n')
    with pytest.raises(errors.DraftError, match="schema_version"):
        read_draft_data(bad)


@pytest.mark.parametrize(
    ("keys", "title"),
    [
        (["end", "space", "X", "Y"], "Quote feed stalled XY"),
        # Editing keys act through bindings that bubble up to the app while letters go straight
        # into the field: replayed in one burst, the letters overtook them (Textual issue 6605).
        (["end", "a", "b", "c", "backspace", "backspace", "d", "e"], "Quote feed stalledade"),
        (["home", "a", "b", "c", "left", "X"], "abXcQuote feed stalled"),
    ],
)
async def test_keys_typed_while_opening_reach_the_title_in_order(store, draft, held, keys, title):
    doc = read_draft(draft)
    doc.wizard.section, doc.wizard.field = "header", "header-title"
    store.save(doc, draft)
    app = make_app(store, draft, data=read_draft_data(draft))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OpeningScreen))
        await pilot.press(*keys)
        held.set()
        await wait_for(pilot, lambda: read_draft(draft).header.title == title)
        assert app.screen.query_one("#header-title", FieldInput).input.value == title


async def test_at_80_columns_both_frames_have_the_narrow_sidebar(
    store, draft, held, monkeypatch
):
    # Whether the wizard is narrow at each of its layouts, from the first one on (not only
    # after the resize event that follows it).
    compact_at_layout: list[bool] = []
    real = WizardScreen._refresh_layout

    def recording(self, size=None, scroll=False):  # type: ignore[no-untyped-def]
        compact_at_layout.append(self.has_class("-compact"))
        return real(self, size, scroll)

    monkeypatch.setattr(WizardScreen, "_refresh_layout", recording)
    app = make_app(store, draft, data=read_draft_data(draft), save_delay=SAVE_DELAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OpeningScreen))
        await pilot.pause()
        opening_width = app.screen.query_one("#sidebar").outer_size.width
        held.set()
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        await wait_for(pilot, lambda: wizard.form is not None and bool(compact_at_layout))
        await pilot.pause()
        assert opening_width == wizard.query_one("#sidebar").outer_size.width == 18
    assert compact_at_layout and all(compact_at_layout)
