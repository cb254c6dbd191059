"""The small interface between the question flow and a prompt backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Choice:
    """One option of a `select`: the value the flow gets back and the line the person reads."""

    value: str
    title: str


class Prompter(Protocol):
    """Asks one question at a time and returns the raw answer.

    A backend never validates an answer; the flow assigns it to the model and shows the model's
    message with `error` when it is refused. Every method raises `KeyboardInterrupt` on Ctrl+C and
    `EOFError` when the input is closed.
    """

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str = "",
        aliases: Mapping[str, str] | None = None,
    ) -> str:
        """A line of text; `default` is offered (Enter alone accepts it, typing replaces it);
        `hint` says what fits; an answer that is a key of `aliases` (lower case; the hint says
        so) stands for its value, which is shown as the answer and returned."""
        ...

    def select(
        self, message: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str:
        """The value of one of `choices`; `default` is a choice's value, or None when the
        author must pick one (Enter alone is then refused and the question stays)."""
        ...

    def confirm(self, message: str, *, default: bool) -> bool:
        """Yes or no; the answer ends with Enter, which is never left for the next question."""
        ...

    def say(self, message: str) -> None:
        """A line of information: a section heading, a note."""
        ...

    def error(self, message: str) -> None:
        """Why the last answer was refused; the flow asks the same question again next."""
        ...


def choice_keys(choices: Sequence[Choice]) -> list[str]:
    """The key that picks each choice: the digit its value ends in when those are distinct
    (P0-P3 are 0-3, so typing the 1 of P1 picks P1), else 1, 2, 3..."""
    digits = [c.value[-1:] for c in choices]
    if all(d.isdigit() for d in digits) and len(set(digits)) == len(digits):
        return digits
    return [str(n) for n in range(1, len(choices) + 1)]
