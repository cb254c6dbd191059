"""The hidden preview pane costs the opening nothing of its own: RichLog (rich.pretty) and the
export's module load when the pane first opens, not with the wizard. In a fresh process, since
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

LAZY = ("textual.widgets._rich_log", "rich.pretty", "postmortem_tui.core.export")

async def main() -> None:
    store = DraftStore(Path(sys.argv[1]))
    doc = demo_document()
    doc.header.incident_id = "INC-20250304-001"
    doc.wizard.section, doc.wizard.field = sys.argv[2], ""
    app = PostmortemApp(store, open_path=store.save(doc), doc=doc, save_delay=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        for _ in range(400):
            await pilot.pause(0.05)
            if isinstance(app.screen, WizardScreen) and app.focused is not None:
                break
        assert isinstance(app.screen, WizardScreen), app.screen
        await pilot.pause()
        print("AT FOCUS", [m for m in LAZY if m in sys.modules])
        preview = app.screen.preview
        assert not preview.is_open and not preview.query("#preview-log")
        await pilot.press("f5")
        for _ in range(400):
            await pilot.pause(0.05)
            if preview.renders:
                break
        print("OPENED", preview.renders, [m for m in LAZY if m in sys.modules])

asyncio.run(main())
"""


def test_the_wizard_opens_without_the_preview_panes_modules(tmp_path: Path) -> None:
    for key in ("header", "timeline"):
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(tmp_path / key), key],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "AT FOCUS []" in proc.stdout, proc.stdout + proc.stderr
        assert (
            "OPENED 1 ['textual.widgets._rich_log', 'rich.pretty', 'postmortem_tui.core.export']"
            in proc.stdout
        ), proc.stdout + proc.stderr
