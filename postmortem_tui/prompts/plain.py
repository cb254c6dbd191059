"""Plain line prompts: one question a line, read with `readline`.

Works wherever questionary cannot: input piped from a file, a dumb terminal, an emacs shell, a
screen reader (nothing moves on the screen, every line is read out once). No colour, no cursor
movement. When the input is not a terminal the answer is echoed after the question, so a
transcript of a piped run reads like the conversation it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from .base import Choice

# What the author typed never drives the terminal (as the CLI does it): C0 controls become their
# Unicode pictures (ESC -> ␛), C1 controls U+FFFD, bidi overrides are dropped.
_TERMINAL_SAFE: dict[int, str | None] = {i: chr(0x2400 + i) for i in range(32)}
_TERMINAL_SAFE.update({9: " ", 127: "\u2421"})
_TERMINAL_SAFE.update({i: "\ufffd" for i in range(128, 160)})
_TERMINAL_SAFE.update({i: None for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_YES = frozenset({"y", "yes"})
_NO = frozenset({"n", "no"})


def printable(text: str) -> str:
    """`text` safe to write to a terminal, on one line."""
    return text.translate(_TERMINAL_SAFE)


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

    def text(self, message: str, *, default: str = "", hint: str = "") -> str:
        parts = [printable(message)]
        if hint:
            parts.append(f" ({printable(hint)})")
        if default:
            parts.append(f" [{printable(default)}]")
        answer = self._line("".join(parts) + ": ")
        return answer if answer.strip() else default

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        self._write(printable(message) + ":\n")
        for number, choice in enumerate(choices, 1):
            self._write(f"  {number}. {printable(choice.title)}\n")
        numbers = {str(n): c.value for n, c in enumerate(choices, 1)}
        by_value = {c.value.lower(): c.value for c in choices}
        default_number = next(
            (n for n, c in enumerate(choices, 1) if c.value == default), None
        )
        ask = f"Choose 1-{len(choices)}" + (f" [{default_number}]" if default_number else "")
        while True:
            answer = self._line(ask + ": ").strip()
            if not answer and default_number is not None:
                return default
            picked = numbers.get(answer) or by_value.get(answer.lower())
            if picked is not None:
                return picked
            self._write(f"Please answer with a number from 1 to {len(choices)}.\n")

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
