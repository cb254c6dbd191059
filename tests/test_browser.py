"""The wizard in a real browser: `postmortem serve` on 127.0.0.1, driven in headless Chromium.

Debian's Chromium (/usr/bin/chromium), never a browser Playwright downloads; without it (or
without Playwright) these tests skip and say why. `.ci/run` installs it, so CI runs them.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from browser_kit import open_page, screen_text, serving, wait_for_text
from kit import wait_until

from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.store import DraftStore

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ""
TITLE = "Quote feed stalled on the FX gateway"
# The wizard takes in a draft changed on disk (another process's save) where it has this module.
FOLLOWS = importlib.util.find_spec("postmortem_tui.tui.draft_watch") is not None


def _without(reason: str) -> NoReturn:
    if os.environ.get("POSTMORTEM_BROWSER_TESTS") == "required":  # CI (.ci/run)
        pytest.fail(f"browser tests required, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        _without("no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)")
    try:
        from playwright import sync_api
    except ImportError:
        _without("playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        # As root (CI) Chromium refuses to start inside its sandbox.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    store = DraftStore(tmp_path / "drafts")
    _, path = store.new(title=TITLE)
    return path


def test_typing_in_the_browser_saves_the_draft(browser: Any, draft: Path) -> None:
    with serving(draft.parent) as url:
        page = open_page(browser, url)
        wait_for_text(page, draft.stem)  # the drafts list
        page.locator("#terminal").click()  # the terminal takes the keys
        page.keyboard.press("Enter")  # resume the highlighted draft
        wait_for_text(page, "All changes saved")  # the wizard, on the title
        page.keyboard.type(" (seen in a browser)")
        wait_for_text(page, f"{TITLE} (seen in a browser)")
        wait_until(
            lambda: read_draft(draft).header.title == f"{TITLE} (seen in a browser)",
            what="the title typed in the browser, saved in the draft",
        )
        wait_for_text(page, "Saved ")
        # Closing the tab right after typing loses nothing: the wizard saves as it ends (its
        # autosave waits for half a second of quiet, and the tab is gone before that).
        page.keyboard.type("!")
        wait_for_text(page, "(seen in a browser)!")
        page.context.close()
        wait_until(
            lambda: read_draft(draft).header.title == f"{TITLE} (seen in a browser)!",
            what="the key typed just before the tab closed, saved",
        )


def test_a_second_browser_on_the_draft_is_read_only(browser: Any, draft: Path) -> None:
    """And it follows the writer's saves, where the wizard reloads a draft changed on disk."""
    with serving(draft.parent, draft.stem) as url:  # every browser opens the draft
        writer = open_page(browser, url)
        wait_for_text(writer, "All changes saved")
        reader = open_page(browser, url, size=(1000, 700))
        offer = wait_for_text(reader, "Open read-only")
        assert f"{draft.name} is open in another" in " ".join(offer.split())
        reader.locator("#terminal").click()
        reader.keyboard.press("Tab")  # from "Back to drafts" to "Open read-only"
        reader.keyboard.press("Enter")
        wait_for_text(reader, "[read-only]")
        # The writer still writes.
        writer.locator("#terminal").click()
        writer.keyboard.type(" (live)")
        wait_until(lambda: read_draft(draft).header.title == f"{TITLE} (live)")
        assert "[read-only]" not in screen_text(writer)
        if FOLLOWS:
            wait_for_text(reader, f"{TITLE} (live)")  # within a second or so of the save
