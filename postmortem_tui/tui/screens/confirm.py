"""A yes/no question before something that cannot be undone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from .dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """Ask once; Enter on the focused button answers, Esc says no."""

    BINDINGS = [Binding("escape", "answer(False)", "Cancel")]

    def __init__(
        self, message: str, *, yes: str = "Yes", no: str = "Cancel", danger: bool = True
    ) -> None:
        """Args:
        message: the question, plain text.
        yes: the label of the button that goes ahead.
        no: the label of the button that goes back.
        danger: whether going ahead loses something (the button is red).
        """
        super().__init__()
        self.message = message
        self.yes = yes
        self.no = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, id="confirm-message", classes="dialog--message",
                         markup=False)
            with Horizontal():
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error" if self.danger else "success")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
