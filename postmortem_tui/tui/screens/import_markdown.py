"""Import Markdown…, from the home screen: a post-mortem written in the template's Markdown (by
hand, or an export a reviewer edited) read into a new draft, after the author has seen what the
import found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import DraftError
from ...core.text import one_line
from ..path_suggester import PathSuggester

if TYPE_CHECKING:
    from ...core.markdown_import import Finding, Imported

FINDINGS_SHOWN = 500
"""Findings listed at most (the seed template left as it is has about a hundred)."""


def finding_text(f: Finding) -> str:
    """One finding as the list shows it: its line, section and message."""
    where = f"line {f.line}" if f.line else "document"
    section = f" · {f.section}" if f.section else ""
    return one_line(f"{where}{section}: {f.message}")


class ImportMarkdownScreen(ModalScreen["Imported | None"]):
    """Reads a Markdown file in a thread (the core reads it; this screen writes nothing) and
    shows what the import made of it: the title, the incident ID, how complete it is, and every
    finding with its line. Ctrl+S closes the screen with the result, for the home screen to
    file as a new draft; Esc closes it with nothing.

    | Key(s) | What it does |
    | :- | :- |
    | Enter (path) | read the file (again) |
    | → | take the path's completion |
    | Ctrl+S | import: a new draft, opened in the wizard |
    | Esc | close, importing nothing |
    """

    CSS_PATH = "import_markdown.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "import", "Import", priority=True),
    ]

    class Read(Message):
        """The file read."""

        def __init__(self, path: Path, result: Imported) -> None:
            self.path, self.result = path, result
            super().__init__()

    class Failed(Message):
        """The file could not be read, or is no post-mortem."""

        def __init__(self, message: str) -> None:
            self.message = message
            super().__init__()

    def __init__(self, taken: set[str], path: str = "") -> None:
        """Args:
        taken: the incident IDs of the drafts in the folder (a file's own ID among them is
            not used: the new draft gets the next free one).
        path: a file to offer in the path box.
        """
        super().__init__()
        self.taken = taken
        self.initial_path = path
        self.result: Imported | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="md-box"):
            yield Static("Import Markdown", id="md-title")
            with Horizontal(id="md-source"):
                yield Label("File", classes="md-label")
                yield Input(
                    self.initial_path, placeholder="a post-mortem in Markdown (→ completes)",
                    suggester=PathSuggester(), id="md-path",
                )
            yield Static("Type the file's path and press Enter to see what it holds.",
                         id="md-summary", markup=False)
            yield OptionList(id="md-findings")
            yield Static("⏎ read · Ctrl+S import as a new draft · Esc cancel", id="md-keys",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#md-findings").display = False
        self.query_one("#md-path", Input).focus()

    def _summary(self, text: str, *, error: bool = False) -> None:
        summary = self.query_one("#md-summary", Static)
        summary.update(text)
        summary.set_class(error, "-error")

    @on(Input.Submitted, "#md-path")
    def _path_given(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._summary("Type the path of a Markdown file first.", error=True)
            return
        self.result = None
        self._summary(f"Reading {Path(text).name}…")
        self._read(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="markdown-read", description="read a Markdown file")
    def _read(self, path: Path) -> None:
        from ...core.markdown_import import read_file

        try:
            result = read_file(path)
        except DraftError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Read(path, result))

    def on_import_markdown_screen_failed(self, message: Failed) -> None:
        self.query_one("#md-findings").display = False
        self._summary(message.message, error=True)
        self.query_one("#md-path", Input).focus()

    def on_import_markdown_screen_read(self, message: Read) -> None:
        from ...core.completeness import assess_with_percent

        self.result = message.result
        doc = message.result.doc
        reports, percent = assess_with_percent(doc)
        missing = sum(len(r.blocking) for r in reports)
        ident = doc.header.incident_id
        if not ident:
            id_line = "No incident ID: the draft gets the next free one."
        elif ident in self.taken:
            id_line = f"{ident} is in the drafts folder already: the draft gets the next free ID."
        else:
            id_line = f"Incident ID {ident}."
        findings = message.result.findings
        lines = [
            one_line(doc.header.title) or "(no title)",
            id_line,
            f"{percent}% complete" + (f", {missing} missing" if missing else "")
            + f" · {len(findings) or 'nothing'} to look at"
            + (" below" if findings else "") + ". Ctrl+S imports it.",
        ]
        self._summary("\n".join(lines))
        listing = self.query_one("#md-findings", OptionList)
        listing.clear_options()
        listing.add_options([Option(finding_text(f)) for f in findings[:FINDINGS_SHOWN]])
        listing.display = bool(findings)

    def action_import(self) -> None:
        if self.result is None:
            self._summary("Read a file first: type its path and press Enter.", error=True)
            return
        self.dismiss(self.result)

    def action_cancel(self) -> None:
        self.dismiss(None)
