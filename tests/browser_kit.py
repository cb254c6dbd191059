"""`postmortem serve` in a child process, and what a browser's page of it shows.

The page draws the wizard with xterm.js on a canvas, so its text is in no DOM node and no
accessibility tree. `SCREEN_HOOK`, added to the page before its scripts run, keeps textual-serve's
xterm.js terminal where `screen_text` can read its buffer: the very characters the browser shows.
(textual-serve's page sets the terminal, then its WebGL renderer, on one object; a setter for
`webglAddon` on Object.prototype sees that object once, then steps aside.)
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

START_LINE = re.compile(r"^Serving the wizard at (http://\S+) ")
START_TIMEOUT = 20.0

SCREEN_HOOK = """
Object.defineProperty(Object.prototype, "webglAddon", {
  configurable: true,
  set(value) {
    if (this.terminal && !window.__terminal) window.__terminal = this.terminal;
    Object.defineProperty(this, "webglAddon", {
      value, writable: true, configurable: true, enumerable: true,
    });
  },
});
"""

_SCREEN_JS = """() => {
  const t = window.__terminal;
  if (!t) return null;
  const buffer = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


def screen_text(page: Any) -> str:
    """The rows the page's terminal shows now ("" before it exists)."""
    return page.evaluate(_SCREEN_JS) or ""


def wait_for_text(page: Any, text: str, timeout: float = 30.0) -> str:
    """Until the page's terminal shows TEXT; the screen then. Fails with the screen as it was."""
    try:
        page.wait_for_function(
            f"text => ({_SCREEN_JS})()?.includes(text)", arg=text, timeout=timeout * 1000
        )
    except Exception as exc:
        raise AssertionError(
            f"the page never showed {text!r} in {timeout} s; it shows:\n{screen_text(page)}"
        ) from exc
    return screen_text(page)


def open_page(browser: Any, url: str, size: tuple[int, int] = (1280, 800)) -> Any:
    """A new page (its own browser context: its own session) on URL, with the screen hook."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.add_init_script(SCREEN_HOOK)
    page.goto(url)
    return page


def start_serving(folder: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """`postmortem --dir FOLDER serve --port 0 ARGS` in its own process group, once it answers;
    the process and its URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), "serve", "--port", "0",
         *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        ready = selector.select(START_TIMEOUT)
    line = proc.stdout.readline() if ready else ""
    match = START_LINE.match(line)
    if match is None:
        stop_serving(proc)
        raise AssertionError(f"serve did not start: {line!r} {proc.stderr and proc.stderr.read()}")
    return proc, match.group(1)


def stop_serving(proc: subprocess.Popen[str], timeout: float = 15.0) -> int:
    """SIGTERM to the server (it stops its wizards); the whole group killed if it hangs."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # its wizards too, if any were left
        proc.wait()


@contextlib.contextmanager
def serving(folder: Path, *args: str) -> Iterator[str]:
    """The server's URL while it runs."""
    proc, url = start_serving(folder, *args)
    try:
        yield url
    finally:
        stop_serving(proc)

