"""Asks why, before a step that needs a reason (reopening a post-mortem): the reason goes into
the document history."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from .dialog import Dialog


class ReasonDialog(Dialog[str | None]):
    """One line of text: Enter (or the button) gives it, Esc gives None. An empty reason is
    not taken: the step needs one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    ReasonDialog #reason-error {
        color: $text-error;
        height: auto;
    }
    ReasonDialog Horizontal {
        margin-top: 1;
    }
    """

    def __init__(self, message: str, *, go: str = "OK") -> None:
        """Args:
        message: what is asked, plain text.
        go: the label of the button that goes ahead.
        """
        super().__init__()
        self.message = message
        self.go = go

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, id="reason-message", classes="dialog--message",
                         markup=False)
            yield Input(placeholder="The reason, recorded in the document history",
                        id="reason-input")
            yield Static("", id="reason-error", markup=False)
            with Horizontal():
                yield Button("Cancel", id="reason-cancel")
                yield Button(self.go, id="reason-go", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#reason-go")
    def _go(self) -> None:
        reason = " ".join(self.query_one(Input).value.split())
        if not reason:
            self.query_one("#reason-error", Static).update("Say why: it is recorded.")
            self.query_one(Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
