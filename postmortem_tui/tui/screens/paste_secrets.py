"""What a paste holding secrets would become, before it lands: paste it masked, keep it as it
is, or edit it first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ...core.secrets import Secret, kinds, redact

Choice = Literal["masked", "as_is", "edited"]
BOX_WIDTH = 100
"""The dialog's widest (paste_secrets.tcss)."""
SHOWN_SECRETS = 6
"""Lines listed before `... and N more`."""


@dataclass(frozen=True)
class PasteDecision:
    """What to paste, and how it was chosen."""

    choice: Choice
    text: str


def _lines(text: str, secrets: tuple[Secret, ...], width: int) -> list[str]:
    """`line 3, password: login user=svc password=<redacted:password>` for each secret."""
    from ...core.redaction import masked_line, shown_around
    from ...core.secrets import line_of

    shown = []
    for s in secrets[:SHOWN_SECRETS]:
        where = f"line {line_of(text, s)}, {s.kind}: "
        masked = shown_around(masked_line(text, s, secrets), s.mask, max(20, width - len(where)))
        shown.append(where + masked)
    if len(secrets) > SHOWN_SECRETS:
        shown.append(f"... and {len(secrets) - SHOWN_SECRETS} more")
    return shown


class PasteSecretsScreen(ModalScreen[PasteDecision | None]):
    """Asks before a paste holding secrets lands in the draft.

    Enter (or `m`) pastes it masked, each secret as `<redacted:KIND>`; `k` keeps it as it is
    (the wizard records that in the document history); `e` edits the masked text first, then
    Ctrl+S pastes it; Esc pastes nothing.
    """

    CSS_PATH = "paste_secrets.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Paste nothing"),
        Binding("m", "masked", "Paste masked", show=False),
        Binding("k", "as_is", "Keep as is", show=False),
        Binding("e", "edit", "Edit first", show=False),
        Binding("ctrl+s", "paste_edited", "Paste this", show=False),
    ]

    def __init__(self, label: str, text: str, secrets: tuple[Secret, ...]) -> None:
        """Args:
        label: the field pasted into (`Relevant logs`).
        text: the paste, as the terminal sent it.
        secrets: what `core.secrets` found in it.
        """
        super().__init__()
        # A pasted line break is a lone CR: lines are counted and shown on LF.
        self.text = text
        self.label = label
        self.secrets = secrets
        self.masked = redact(text, secrets)

    def compose(self) -> ComposeResult:
        shown = self.text.replace("\r\n", "\n").replace("\r", "\n")
        n = len(self.secrets)
        with Vertical(id="paste-box"):
            yield Static(
                f"This paste holds {n} secret{'s' if n != 1 else ''} ({kinds(self.secrets)})",
                id="paste-title", markup=False,
            )
            yield Static(
                f"Pasted into {self.label}. Masked, each becomes <redacted:KIND>:",
                id="paste-where", markup=False,
            )
            yield Static(
                "\n".join(_lines(
                    shown, _on_lf(self.text, shown, self.secrets),
                    min(self.app.size.width, BOX_WIDTH) - 6,  # the box's border and padding
                )),
                id="paste-lines", markup=False,
            )
            editor = TextArea(self.masked, id="paste-edit", soft_wrap=False)
            editor.display = False
            yield editor
            with Horizontal(id="paste-buttons"):
                yield Button("Paste masked (m)", id="masked", variant="success")
                yield Button("Keep as is (k)", id="as_is", variant="error")
                yield Button("Edit first (e)", id="edit")
                yield Button("Paste nothing (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#masked", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"masked": self.action_masked, "as_is": self.action_as_is,
                  "edit": self.action_edit, "cancel": self.action_cancel,
                  "paste-edited": self.action_paste_edited}.get(event.button.id or "")
        if action is not None:
            action()

    @property
    def editing(self) -> bool:
        return bool(self.query_one("#paste-edit", TextArea).display)

    def action_masked(self) -> None:
        if not self.editing:
            self.dismiss(PasteDecision("masked", self.masked))

    def action_as_is(self) -> None:
        if not self.editing:
            self.dismiss(PasteDecision("as_is", self.text))

    def action_edit(self) -> None:
        if self.editing:
            return
        editor = self.query_one("#paste-edit", TextArea)
        editor.display = True
        self.query_one("#paste-lines").display = False
        self.query_one("#paste-where", Static).update(
            f"Edit what will be pasted into {self.label}; Ctrl+S pastes it, Esc pastes nothing."
        )
        buttons = self.query_one("#paste-buttons")
        for button in buttons.query(Button):
            button.display = button.id == "cancel"
        buttons.mount(Button("Paste this (Ctrl+S)", id="paste-edited", variant="success"),
                      before=0)
        editor.focus()

    def action_paste_edited(self) -> None:
        if self.editing:
            self.dismiss(PasteDecision("edited", self.query_one("#paste-edit", TextArea).text))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the editor, letters are text, not choices.
        return not (action in ("masked", "as_is", "edit") and self.is_mounted and self.editing)


def _on_lf(text: str, shown: str, secrets: tuple[Secret, ...]) -> tuple[Secret, ...]:
    """The secrets of `text` placed in `shown` (its CRs made LFs; a CRLF is one character
    less)."""
    if len(shown) == len(text):
        return secrets
    from ...core.secrets import find_secrets

    return find_secrets(shown)
