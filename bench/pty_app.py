"""A program in a real pseudo-terminal, its output fed to a terminal emulator (pyte).

The harness reads what the program writes as it arrives and notes the time each chunk came in;
a string is "visible" at the time the chunk that completed it arrived, so the emulator's own
parsing never counts against the program.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte
from ptyprocess import PtyProcess

COLUMNS, LINES = 100, 30
TERM = "xterm-256color"


class Timeout(Exception):
    """The program did not show what was awaited in time; carries the screen."""


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a spawned program: the caller's, less what would change the run."""
    drop = ("POSTMORTEM_DIR", "NO_COLOR", "TEXTUAL", "TEXTUAL_DEVTOOLS", "COLUMNS", "LINES",
            "TMUX", "STY", "PYTHONSTARTUP")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("TEXTUAL_")}
    env.update(TERM=TERM, LANG="C.UTF-8", LC_ALL="C.UTF-8", COLORTERM="truecolor")
    env.update(extra or {})
    return env


class PtyApp:
    """One spawned program at 100x30. Use as a context manager: it is always ended."""

    def __init__(self, argv: Sequence[str], *, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        self.argv = list(argv)
        self.env = env if env is not None else clean_env()
        self.cwd = cwd
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.proc: PtyProcess | None = None
        self.started = 0.0
        self.transcript_bytes = 0

    # --- life ------------------------------------------------------------------------------

    def start(self) -> float:
        """Spawn the program; returns the start time (perf_counter)."""
        self.started = time.perf_counter()
        self.proc = PtyProcess.spawn(self.argv, env=self.env, cwd=str(self.cwd or os.getcwd()),
                                     dimensions=(LINES, COLUMNS))
        return self.started

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def close(self) -> None:
        """End the program (SIGTERM, then SIGKILL) and reap it."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.isalive():
                proc.kill(signal.SIGTERM)
                deadline = time.monotonic() + 2
                while proc.isalive() and time.monotonic() < deadline:
                    self._drain(proc, 0.05)
                if proc.isalive():
                    proc.kill(signal.SIGKILL)
            proc.close(force=True)
        except Exception:  # already gone
            with contextlib.suppress(OSError):
                os.kill(proc.pid, signal.SIGKILL)

    def __enter__(self) -> PtyApp:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- output ----------------------------------------------------------------------------

    def _drain(self, proc: PtyProcess, timeout: float) -> float | None:
        """Read what is there within `timeout`; returns the arrival time, None if nothing."""
        ready, _, _ = select.select([proc.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(proc.fd, 1 << 16)
        except OSError:  # EIO: the program has ended
            raise Timeout("the program ended:\n" + self.text()) from None
        arrived = time.perf_counter()
        if not data:
            raise Timeout("the program ended:\n" + self.text())
        self.transcript_bytes += len(data)
        self.stream.feed(data)
        return arrived

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def visible(self, needle: str) -> bool:
        return any(needle in line for line in self.screen.display)

    def wait_for(self, check: Callable[[], bool] | str, timeout: float = 30.0) -> float:
        """Read until `check` holds (or the string is on the screen); returns the arrival time
        of the chunk that made it so."""
        assert self.proc is not None
        predicate = (lambda: self.visible(check)) if isinstance(check, str) else check
        if predicate():
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Timeout(f"not seen in {timeout:.0f}s: {check!r}\n--- screen ---\n"
                              + self.text())
            arrived = self._drain(self.proc, min(remaining, 0.5))
            if arrived is not None and predicate():
                return arrived

    def pump(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full terminal) for `seconds`."""
        assert self.proc is not None
        deadline = time.perf_counter() + seconds
        while (remaining := deadline - time.perf_counter()) > 0:
            self._drain(self.proc, remaining)

    # --- input -----------------------------------------------------------------------------

    def send(self, keys: str) -> float:
        """Write keys to the program; returns the time just before the write."""
        assert self.proc is not None
        sent = time.perf_counter()
        os.write(self.proc.fd, keys.encode("utf-8"))
        return sent

    # --- memory ----------------------------------------------------------------------------

    def peak_rss_kib(self) -> int:
        """The program's peak resident set size so far (VmHWM), in KiB; 0 where /proc does not
        tell (not Linux)."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0
