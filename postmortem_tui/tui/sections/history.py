"""Document history: the versions of this post-mortem."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...core import timeutil
from ...core.history import next_version
from ...core.model import HistoryEntry
from ..widgets.editable_table import Column, EditableTable
from .base import SectionForm

COLUMNS = (
    Column("version", "Version", kind="line", width=7, hint="Like 0.1 or 1.0."),
    Column("date", "Date", kind="date", width=10),
    Column("author", "Author", ratio=1, min_width=8),
    Column("changes", "Changes", ratio=3, min_width=12),
)


class HistoryForm(SectionForm):
    """The versions of the document; the tool adds rows, the author may edit them."""

    key = "history"

    def compose(self) -> ComposeResult:
        yield Static("12. Document History", classes="section--title")
        yield EditableTable(
            self.doc.history, COLUMNS,
            label="Document history",
            new_row=self._new_row,
            empty_text="No versions yet: the first save adds 0.1, each status change a row.",
            wrap=2,
            id=self.field_id(),
        )
        yield Static(
            "The tool adds a row on the first save and on each status change "
            "(Reviewed is the next whole version). Edit them as you like.",
            classes="history--note",
        )

    def _new_row(self, index: int) -> HistoryEntry:
        author = self.doc.signoff.author.name
        return HistoryEntry(
            version=next_version(self.doc), date=timeutil.today_cot(), author=author
        )



FORM = HistoryForm
