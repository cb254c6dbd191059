"""What every command prints through: the program's name, exit codes, colours, one-line errors."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

import click

PROG = "postmortem"
EXIT_INCOMPLETE = 1
EXIT_BAD_INPUT = 2


def dumb_terminal() -> bool:
    return os.environ.get("TERM") == "dumb"


def color() -> bool | None:
    """False when NO_COLOR is set (no-color.org) or the terminal is dumb; else click colours
    only a terminal."""
    return False if os.environ.get("NO_COLOR") or dumb_terminal() else None


def _stdout_failed(exc: OSError | None) -> CommandError:
    """The error for a standard output that is closed (`>&-`) or cannot be written."""
    # Nothing more goes to it: Python would otherwise report the failed flush again at exit.
    sys.stdout = None
    reason = "it is closed" if exc is None else exc.strerror or str(exc)
    return CommandError(f"cannot write to standard output: {reason}")


def out(text: str = "", *, err: bool = False) -> None:
    """One line of the command's own output (a message, a table row), coloured if allowed."""
    if err:
        click.echo(text, err=True, color=color())
        return
    if sys.stdout is None:  # started with it closed
        raise _stdout_failed(None)
    try:
        click.echo(text, color=color())
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click ends quietly on a closed pipe (`postmortem list | head`)
        raise _stdout_failed(exc) from None


def style(text: str, **styles: Any) -> str:
    return click.style(text, **styles)


class CommandError(click.ClickException):
    """Bad usage or unreadable input: one line on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        from ..core.text import one_line

        out(f"{PROG}: error: {one_line(self.message)}", err=True)


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn the core's and the OS's errors into one line and exit 2."""
    from ..core.errors import DraftError

    try:
        yield
    except DraftError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click ends quietly on a closed pipe (`postmortem list | head`)
        where = f"{exc.filename}: " if exc.filename else ""
        raise CommandError(f"{where}{exc.strerror or exc}") from None


def write_stdout(text: str) -> None:
    """Exact UTF-8 bytes, whatever the locale; the Markdown and JSON are data, not messages."""
    if sys.stdout is None:  # started with it closed
        raise _stdout_failed(None)
    buffer: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    try:
        if buffer is None:  # a replaced stdout (tests, embedding) takes text
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        raise _stdout_failed(exc) from None
