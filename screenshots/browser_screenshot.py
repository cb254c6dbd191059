"""The README's picture of the wizard in a browser: `postmortem serve` on the demo post-mortem,
drawn by headless Chromium (Debian's `chromium`, /usr/bin/chromium) driven by Playwright.

    python screenshots/browser_screenshot.py [OUT.png]

Writes `browser.png` next to this file by default (1280x800, textual-serve's default font
size). As in make_screenshots.py, the demo is written by `postmortem demo` in a scratch working
folder that is also home, its drafts folder `postmortems`, so no temporary path or setting of
yours shows. The server listens on 127.0.0.1 (a free port) and is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (1280, 800)
FOLDER = Path("postmortems")


def _isolate(scratch: Path) -> None:
    os.environ.pop("POSTMORTEM_DIR", None)
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = str(scratch)
    os.chdir(scratch)


def _settled(page: Any, screen_text: Callable[[Any], str]) -> None:
    """Until the page's terminal shows the same text on a few looks in a row."""
    seen, last = 0, ""
    for _ in range(100):
        now = screen_text(page)
        seen, last = (seen + 1 if now == last else 0), now
        if seen >= 4:
            return
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    out = (Path(argv[1]) if len(argv) > 1 else HERE / "browser.png").resolve()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    # The tests' kit starts the server and reads the page's terminal.
    sys.path.insert(0, str(HERE.parent / "tests"))
    from browser_kit import open_page, screen_text, serving, wait_for_text
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        _isolate(Path(scratch))
        ident = subprocess.run(
            [sys.executable, "-m", "postmortem_tui", "--dir", str(FOLDER), "demo"],
            capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
        ).stdout.strip()
        with sync_playwright() as playwright, serving(FOLDER, ident) as url:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = open_page(browser, url, size=SIZE)
                wait_for_text(page, "All changes saved")
                page.locator("#terminal").click()
                for _ in range(3):
                    page.keyboard.press("F3")  # to the timeline
                wait_for_text(page, "Section 4/12")
                page.keyboard.press("F5")  # and its live preview beside it
                wait_for_text(page, "All Times in COT", timeout=60)
                _settled(page, screen_text)
                page.mouse.move(0, 0)
                page.screenshot(path=str(out))
            finally:
                browser.close()
        os.chdir(HERE)  # out of the scratch folder before it is removed
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
