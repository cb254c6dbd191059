"""Questionary prompts for a capable terminal: arrow keys, shortcuts, pre-filled defaults.

Imported only when used, so plain and piped runs never load prompt_toolkit. Colours follow
prompt_toolkit, which honours `NO_COLOR`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary

from .base import Choice


def _answer(question: questionary.Question) -> Any:
    # `unsafe_ask` lets Ctrl+C through as KeyboardInterrupt (`ask` would swallow it and return
    # None); Ctrl+D in a text prompt ends it with EOFError.
    return question.unsafe_ask(patch_stdout=False)


class QuestionaryPrompter:
    """The `Prompter` on questionary."""

    def text(self, message: str, *, default: str = "", hint: str = "") -> str:
        answer = _answer(
            questionary.text(message, default=default, instruction=f"({hint})" if hint else None)
        )
        return "" if answer is None else str(answer)

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        options = [questionary.Choice(title=c.title, value=c.value) for c in choices]
        answer = _answer(
            questionary.select(
                message,
                choices=options,
                default=default,
                use_shortcuts=len(options) <= 9,
                instruction="(arrow keys or number, Enter)",
            )
        )
        return default if answer is None else str(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        answer = _answer(questionary.confirm(message, default=default, auto_enter=True))
        return default if answer is None else bool(answer)

    def say(self, message: str) -> None:
        questionary.print(message, style="bold")

    def error(self, message: str) -> None:
        questionary.print(f"  ! {message}", style="fg:ansired")
