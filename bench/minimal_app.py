"""The baseline of the wizard figures: a minimal Textual app (Header, one Input, Footer).

Started the same way as the wizard (a new Python process in a pseudo-terminal), it shows
`KNOWN` in its input, which has the focus, so the harness can time its first frame and type into
it exactly as it does into the wizard.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

KNOWN = "Bench minimal app zq"


class MinimalApp(App[None]):
    TITLE = "minimal"

    def __init__(self, known: str = KNOWN) -> None:
        super().__init__()
        self.known = known

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=self.known, id="field")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    MinimalApp(sys.argv[1] if len(sys.argv) > 1 else KNOWN).run()
