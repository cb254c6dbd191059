"""Questionary prompts for a capable terminal: arrow keys, shortcuts, defaults offered.

Imported only when used, so plain and piped runs never load prompt_toolkit. Colours follow
prompt_toolkit, which honours `NO_COLOR`.

Every answer ends with Enter, and that Enter is the answer's own: a yes/no never lets it fall
through to the next question, so keys typed ahead reach the questions they were meant for.
A default is shown greyed in the empty line, not typed into it: Enter accepts it, typing
replaces it, Up brings it into the line to edit.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.filters import is_done
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style

from .base import Choice, choice_keys

_STYLE = Style([("placeholder", "fg:#858585 italic"), ("refused", "fg:ansired")])
_POINTER = "»"


def _answer(question: questionary.Question) -> Any:
    # `unsafe_ask` lets Ctrl+C through as KeyboardInterrupt (`ask` would swallow it and return
    # None); Ctrl+D in a text prompt ends it with EOFError.
    return question.unsafe_ask(patch_stdout=False)


def _select_question(
    message: str, choices: Sequence[Choice], default: str | None
) -> questionary.Question:
    """A list to pick from that starts with nothing picked when there is no default, so a
    stray Enter picks nothing (questionary's select always points at a choice)."""
    keys = choice_keys(choices)
    values = [c.value for c in choices]
    state: dict[str, Any] = {
        "at": values.index(default) if default in values else None,
        "refused": False,
    }
    how = f"{keys[0]}-{keys[-1]} or arrow keys, then Enter"

    def prompt_line() -> StyleAndTextTuples:
        tokens: StyleAndTextTuples = [
            ("class:qmark", "?"), ("class:question", f" {message} "),
        ]
        if state["at"] is not None and is_done():
            tokens.append(("class:answer", choices[state["at"]].title))
        else:
            tokens.append(("class:instruction", f"({how})"))
        return tokens

    def choice_lines() -> StyleAndTextTuples:
        tokens: StyleAndTextTuples = []
        for index, (key, choice) in enumerate(zip(keys, choices, strict=True)):
            if index == state["at"]:
                tokens.append(("class:pointer", f" {_POINTER} "))
                tokens.append(("[SetCursorPosition]", ""))
                tokens.append(("class:highlighted", f"{key}) {choice.title}"))
            else:
                tokens.append(("class:text", f"   {key}) {choice.title}"))
            tokens.append(("", "\n"))
        if state["refused"]:
            tokens.append(("class:refused", f"  ! Choose one: {how}"))
        else:
            tokens.pop()  # no blank line under the list
        return tokens

    bindings = KeyBindings()

    def pick(index: int) -> None:
        state["at"] = index % len(choices)
        state["refused"] = False

    for index, key in enumerate(keys):
        if len(key) == 1:
            bindings.add(key, eager=True)(lambda _event, i=index: pick(i))

    @bindings.add("down", eager=True)
    @bindings.add("j", eager=True)
    @bindings.add("c-n", eager=True)
    def _down(event: KeyPressEvent) -> None:
        pick(0 if state["at"] is None else state["at"] + 1)

    @bindings.add("up", eager=True)
    @bindings.add("k", eager=True)
    @bindings.add("c-p", eager=True)
    def _up(event: KeyPressEvent) -> None:
        pick(-1 if state["at"] is None else state["at"] - 1)

    @bindings.add("enter", eager=True)
    @bindings.add("c-j", eager=True)  # Enter typed ahead while the terminal was in line mode
    def _enter(event: KeyPressEvent) -> None:
        if state["at"] is None:
            state["refused"] = True
            return
        event.app.exit(result=values[state["at"]])

    @bindings.add("c-c", eager=True)
    @bindings.add("c-q", eager=True)
    @bindings.add("<sigint>", eager=True)  # `kill -INT`, which prompt_toolkit turns into a key
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add("c-d", eager=True)
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError)

    @bindings.add("<any>")
    def _other(event: KeyPressEvent) -> None:
        """Other keys (the P of P1) do nothing."""

    layout = Layout(
        HSplit([
            Window(FormattedTextControl(prompt_line), dont_extend_height=True, wrap_lines=True),
            ConditionalContainer(
                Window(
                    FormattedTextControl(choice_lines, show_cursor=False),
                    dont_extend_height=True, wrap_lines=True,
                ),
                filter=~is_done,
            ),
        ])
    )
    style = questionary.styles.merge_styles_default([_STYLE])
    app: Application[str] = Application(layout=layout, key_bindings=bindings, style=style)
    return questionary.Question(app)


class QuestionaryPrompter:
    """The `Prompter` on questionary."""

    @contextlib.contextmanager
    def holding_keys(self) -> Iterator[None]:
        """For the whole run: keys typed while no question is on the screen (an answer being
        saved) wait, unseen and as typed, for the next question. Between two questions
        prompt_toolkit puts back the terminal's mode, which would echo them over the screen
        and turn their Enter into a line feed; this makes that mode one without echo."""
        try:
            import termios

            fd = sys.stdin.fileno()
            before = termios.tcgetattr(fd)
        except (ImportError, AttributeError, ValueError, OSError):
            yield  # not a terminal that has modes (Windows, a replaced stdin)
            return
        held = [*before[:6], list(before[6])]
        held[0] &= ~termios.ICRNL
        held[3] &= ~(termios.ECHO | termios.ICANON)
        held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
        try:
            termios.tcsetattr(fd, termios.TCSANOW, held)  # NOW, not FLUSH: keep what is typed
        except termios.error:
            yield
            return
        try:
            yield
        finally:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(fd, termios.TCSANOW, before)

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str = "",
        aliases: Mapping[str, str] | None = None,
    ) -> str:
        bindings = KeyBindings()
        extra: dict[str, Any] = {}
        if default:
            extra = {
                "placeholder": [("class:placeholder", default)],
                "history": InMemoryHistory([default]),
            }
        if default or aliases:

            @bindings.add("enter", eager=True)
            def _accept(event: KeyPressEvent) -> None:
                line = event.current_buffer
                typed = line.text.strip()
                meant = (aliases or {}).get(typed.lower())
                if meant is not None:
                    line.text = meant  # the answer shown is what is stored
                elif not typed and default:
                    line.text = default  # shown as the answer, as if typed
                line.validate_and_handle()

        answer = _answer(
            questionary.text(
                message, instruction=f"({hint})" if hint else None, style=_STYLE,
                key_bindings=bindings, **extra,
            )
        )
        return "" if answer is None else str(answer)

    def select(
        self, message: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str:
        answer = _answer(_select_question(message, choices, default))
        return str(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        answer = _answer(questionary.confirm(message, default=default, auto_enter=False))
        return default if answer is None else bool(answer)

    def say(self, message: str) -> None:
        questionary.print(message, style="bold")

    def error(self, message: str) -> None:
        questionary.print(f"  ! {message}", style="fg:ansired")
