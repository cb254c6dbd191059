"""A draft opened on its header loads no table and no paste check: those modules wait for the
form that needs them (they cost the first frame time and memory). In a fresh process, since
other tests import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, sys
from pathlib import Path
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.wizard import WizardScreen

async def main() -> None:
    store = DraftStore(Path(sys.argv[1]))
    doc = demo_document()
    doc.header.incident_id = "INC-20250304-001"
    doc.wizard.section, doc.wizard.field = "header", ""
    app = PostmortemApp(store, open_path=store.save(doc), doc=doc, save_delay=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, WizardScreen) and app.focused is not None:
                break
        assert isinstance(app.screen, WizardScreen), app.screen
        await pilot.pause()
        loaded = [m for m in ("postmortem_tui.tui.widgets.editable_table",
                              "postmortem_tui.tui.paste_secrets") if m in sys.modules]
        print("LOADED", loaded)

asyncio.run(main())
"""


def test_the_header_opens_without_the_tables_module(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "drafts")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
