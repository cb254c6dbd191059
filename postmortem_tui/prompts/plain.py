"""Plain line prompts: one question a line, read with `readline`.

Works wherever questionary cannot: input piped from a file, a dumb terminal, an emacs shell, a
screen reader (nothing moves on the screen, every line is read out once). No colour, no cursor
movement. When the input is not a terminal the answer is echoed after the question, so a
transcript of a piped run reads like the conversation it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

from ..core.text import PROMPT_LINE
from .base import Choice, choice_keys

_YES = frozenset({"y", "yes"})
_NO = frozenset({"n", "no"})


def printable(text: str) -> str:
    """`text` safe to write to a terminal, on one line."""
    return text.translate(PROMPT_LINE)


class PlainPrompter:
    """The `Prompter` over two text streams."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, echo: bool = False) -> None:
        """Args:
        stdin: where answers are read, one a line.
        stdout: where questions and messages go.
        echo: write each answer after its question (for input that is not a terminal).
        """
        self._in = stdin
        self._out = stdout
        self._echo = echo

    def _write(self, text: str) -> None:
        self._out.write(text)
        self._out.flush()

    def _line(self, prompt: str) -> str:
        self._write(prompt)
        line = self._in.readline()
        if not line:
            self._write("\n")
            raise EOFError
        line = line.removesuffix("\n").removesuffix("\r")
        if self._echo:
            self._write(printable(line) + "\n")
        return line

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str = "",
        aliases: Mapping[str, str] | None = None,
    ) -> str:
        parts = [printable(message)]
        if hint:
            parts.append(f" ({printable(hint)})")
        if default:
            parts.append(f" [{printable(default)}]")
        answer = self._line("".join(parts) + ": ")
        meant = (aliases or {}).get(answer.strip().lower())
        if meant is not None:
            self._write(f"  = {printable(meant)}\n")
            return meant
        return answer if answer.strip() else default

    def select(
        self, message: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str:
        self._write(printable(message) + ":\n")
        keys = choice_keys(choices)
        for key, choice in zip(keys, choices, strict=True):
            self._write(f"  {key}. {printable(choice.title)}\n")
        by_key = dict(zip(keys, (c.value for c in choices), strict=True))
        by_value = {c.value.lower(): c.value for c in choices}
        default_key = next((k for k, v in by_key.items() if v == default), None)
        span = f"{keys[0]}-{keys[-1]}"
        ask = f"Choose {span}" + (f" [{default_key}]" if default_key else "")
        while True:
            answer = self._line(ask + ": ").strip()
            if not answer and default_key is not None:
                return by_key[default_key]
            # Not `or`: a choice's value may be empty ("decide later").
            picked = by_key[answer] if answer in by_key else by_value.get(answer.lower())
            if picked is not None:
                return picked
            self._write(f"Choose one: {span}, then Enter.\n")

    def confirm(self, message: str, *, default: bool) -> bool:
        ask = printable(message) + (" [Y/n]: " if default else " [y/N]: ")
        while True:
            answer = self._line(ask).strip().lower()
            if not answer:
                return default
            if answer in _YES:
                return True
            if answer in _NO:
                return False
            self._write("Please answer y or n.\n")

    def say(self, message: str) -> None:
        self._write(printable(message) + "\n")

    def error(self, message: str) -> None:
        self._write(f"Error: {printable(message)}\n")
