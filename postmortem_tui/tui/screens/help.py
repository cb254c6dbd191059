"""F1: what a good answer looks like for the current section, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ...core.sections import section

KEYS = """\
| Key | What it does |
|---|---|
| Tab / Shift+Tab | next / previous field |
| F3 or Ctrl+N | next section |
| F2 | previous section |
| Ctrl+G | the sections list (Enter opens one) |
| Ctrl+P | command palette: every section and action |
| Ctrl+S | save now (every change is saved within a second anyway) |
| F4 | open a long text in `$EDITOR` |
| a / Enter / Delete / u / [ ] | in a list of bullets: add, edit, delete, undo, move |
| Ctrl+H | back to the drafts list |
| Ctrl+Q | quit (the draft is saved first) |
"""

ACCEPTED = """\
**Accepted forms.** Times: `HH:MM`, 24-hour, Colombia time (an end earlier than the start is
the next day). Dates: `YYYY-MM-DD`. Counts: whole numbers (`1240` or `1,240`). Money: `$41,250`,
`41250.50`, `USD 1,200`, `COP 168.000.000`. Incident IDs: `INC-YYYYMMDD-NNN`.
"""


class HelpScreen(ModalScreen[None]):
    """Help for one section."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 96;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-close {
        color: $text-muted;
    }
    """

    def __init__(self, section_key: str) -> None:
        """Args:
        section_key: the section whose guidance is shown.
        """
        super().__init__()
        self.section_key = section_key

    def compose(self) -> ComposeResult:
        s = section(self.section_key)
        with VerticalScroll():
            yield Markdown(f"## {s.title}\n\n{s.guidance}\n\n{ACCEPTED}\n\n### Keys\n\n{KEYS}")
            yield Static("Esc closes this help.", id="help-close")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
