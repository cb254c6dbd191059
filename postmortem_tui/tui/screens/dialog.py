"""The frame the small dialogs share (`ConfirmScreen`, `ReasonDialog`): a box in the middle of
the screen, its message, and its buttons on the right."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal dialog: compose a `Vertical` holding a `Static` with the class
    `dialog--message`, then a `Horizontal` of buttons (the one that goes ahead last)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 70;
        max-width: 95%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    Dialog .dialog--message {
        margin-bottom: 1;
    }
    Dialog Horizontal {
        height: auto;
        align-horizontal: right;
    }
    Dialog Button {
        margin-left: 2;
    }
    """
