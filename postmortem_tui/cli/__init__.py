"""The `postmortem` command line: one module per command (or family of commands), registered on
the group in `group.py` when the command is looked up (`group.COMMAND_MODULES`); what they
print goes through `output.py`.

The headless commands import only the core; the wizard (Textual) and the prompts (questionary)
are imported inside the commands that start them, so scripts start fast and never need a
terminal. Exit codes: 0 success, 1 the document is incomplete or a check failed, 2 bad usage or
unreadable/invalid input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import gc
import sys

from .group import cli
from .output import PROG

__all__ = ["cli", "main"]


def main() -> None:
    """The `postmortem` console script."""
    # No cyclic garbage collection while a command starts: its imports and the model allocate a
    # lot and free little, so the collector's passes (20-30 ms of `check`) found nothing. The
    # commands that run long turn it back on (`group.collect_again`), the others end first.
    gc.disable()
    # A title with emoji must not crash a terminal whose encoding cannot show it.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="replace")
    cli.main(prog_name=PROG)
