"""Choosing the prompt backend of `postmortem quick`: questionary in a capable terminal, plain
lines of text everywhere else (piped input, a dumb terminal, a screen reader, or when asked
with `POSTMORTEM_PROMPTS=plain`). Each backend is imported only when chosen."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TextIO

from .base import Prompter

PLAIN_ENV = "POSTMORTEM_PROMPTS"  # "plain" forces line prompts even in a capable terminal


def isatty(stream: TextIO | None) -> bool:
    """Whether `stream` is a terminal (a closed or missing one is not)."""
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def wants_plain_prompts(
    env: dict[str, str] | os._Environ[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> bool:
    """Line prompts unless both ends are a terminal that can run questionary."""
    env = os.environ if env is None else env
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    if env.get(PLAIN_ENV, "").strip().lower() == "plain":
        return True
    if not (isatty(stdin) and isatty(stdout)):
        return True
    term = env.get("TERM", "")
    return term == "dumb" or (not term and sys.platform != "win32")


def default_prompter() -> Prompter:
    """Questionary in a capable terminal, else plain lines on stdin/stdout."""
    if wants_plain_prompts():
        from .plain import PlainPrompter

        stdin = sys.stdin
        if stdin is None:
            import io

            stdin = io.StringIO("")
        # Undecodable bytes in piped input become U+FFFD instead of a traceback.
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        return PlainPrompter(stdin, sys.stdout, echo=not isatty(stdin))
    from .interactive import QuestionaryPrompter

    return QuestionaryPrompter()
