"""F1: what a good answer looks like for the current section, and the keys; on the drafts list,
its keys."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ...core.sections import section
from ..widgets.table_keys import BULLET_KEYS, TABLE_KEYS, TIMELINE_KEYS, key_name
from .home import HomeScreen

_WIZARD_KEYS = """\
| Key | What it does |
|---|---|
| Tab / Shift+Tab | next / previous field (a filled one is selected: typing replaces it) |
| Type its first letters | on a choice (severity, status): the one they start (`p1`, `1`, `r`) |
| F3 or Ctrl+N | next section |
| F2 | previous section |
| Ctrl+G | the sections list, which Tab passes by (Enter opens one) |
| Ctrl+P | command palette: every section and action |
| Ctrl+S | save now (every change is saved within a second anyway) |
| F4 | open a long text in `$EDITOR` |
"""

_CHOICE_CELL = """\
| Type its first letters | on a choice cell: the one they start (`1`, `in`, `det`, `y`) |
"""

_SECTION_KEYS = """\
| F5 | show or hide the preview of the exported Markdown |
| F6 | preview the whole document or only this section |
| Ctrl+R | export: what is missing, then write the file or copy the Markdown |
| F10 | back to the drafts list |
| Ctrl+Q | quit (the draft is saved first) |
"""

KEYS = (_WIZARD_KEYS + BULLET_KEYS.rows() + TABLE_KEYS.rows() + _CHOICE_CELL
        + TIMELINE_KEYS.rows() + _SECTION_KEYS)
"""The keys table of the help: the wizard's keys, the bullet lists', tables' and timeline's
(from their key maps), and the sections' own."""

TABLES = f"""\
**Tables.** Each value is checked as you type; a refused one stays in the edit box with the
reason and is not saved. Timeline rows are sorted only when you press {TIMELINE_KEYS.name("sort")}
(the line under the table says when they are out of order); a time up to six hours before the
start time is before it, an earlier one is the next day and shows +1d. Milestone rows (◆) ask
before they are deleted. In the 5 Whys, saving an answer asks the next Why from it; the last
answer is the root cause candidate. Past due dates of open action items are flagged with !. The
document history gets a row on the first save and on each status change.
"""


ACCEPTED = """\
**Accepted forms.** Times: `HH:MM` (or `H:MM`, `HHMM`), 24-hour, Colombia time (an end earlier
than the start is the next day). Dates: `YYYY-MM-DD`. Counts: whole numbers (`1240` or
`1,240`). Money: `$41,250`, `41250.50`, `USD 1,200`, `COP 168.000.000`. Incident IDs:
`INC-YYYYMMDD-NNN`.
"""




def binding_rows(bindings: Iterable[BindingType], where: str) -> str:
    """The rows of a keys table made from a screen's `BINDINGS`: each binding's keys, and what
    its tooltip (else its description) says it does."""
    rows: list[tuple[list[str], str]] = []
    for binding in Binding.make_bindings(bindings):
        # make_bindings gives one binding a key: "slash,ctrl+f" is one row again.
        what = binding.tooltip or binding.description
        if rows and rows[-1][1] == what:
            rows[-1][0].append(binding.key)
        else:
            rows.append(([binding.key], what))
    return "".join(
        f"| {' or '.join(key_name(k) for k in keys)} | {where}: {what} |\n" for keys, what in rows
    )


HOME_KEYS = "| Key | What it does |\n|---|---|\n" + binding_rows(HomeScreen.BINDINGS,
                                                                  "on the drafts list")
"""The drafts list's keys, from its bindings."""

HOME = """\
The drafts in the folder, newest first, with how complete each is. A draft that cannot be read
says why when you press Enter on it.
"""

CLOSE = "Esc, F1 or q closes this help"


class HelpScreen(ModalScreen[None]):
    """Help for one section of the wizard, or for the drafts list."""

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
        border-title-align: left;
        border-subtitle-align: right;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen .help-close {
        color: $text-muted;
    }
    """

    def __init__(self, section_key: str | None = None) -> None:
        """Args:
        section_key: the section whose guidance is shown; None for the drafts list's help.
        """
        super().__init__()
        self.section_key = section_key

    def compose(self) -> ComposeResult:
        if self.section_key is None:
            title = "Drafts"
            text = f"## The drafts list\n\n{HOME}\n\n### Keys\n\n{HOME_KEYS}"
        else:
            s = section(self.section_key)
            title = s.title
            text = (f"## {s.title}\n\n{s.guidance}\n\n{ACCEPTED}\n\n{TABLES}\n\n### Keys\n\n"
                    f"{KEYS}\n\n### On the drafts list (F10)\n\n{HOME_KEYS}")
        # How to close it is said where it opens (the border and the first line), not only
        # below the keys table, out of sight at 80x24.
        with VerticalScroll() as box:
            box.border_title = f"Help · {title}"
            box.border_subtitle = CLOSE
            yield Static(f"{CLOSE}; ↑/↓ and PgUp/PgDn scroll.", classes="help-close")
            yield Markdown(text)
            yield Static(f"{CLOSE}.", id="help-close", classes="help-close")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
