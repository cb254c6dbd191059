"""A table of the draft shown as it is, for sections whose editor is not built yet."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static


class ReadOnlyTable(Vertical):
    """What the draft holds for one table, clearly marked as not editable here."""

    DEFAULT_CSS = """
    ReadOnlyTable {
        height: auto;
        margin-bottom: 1;
    }
    ReadOnlyTable > Label {
        color: $text-muted;
        text-style: bold;
    }
    ReadOnlyTable > .readonly--note {
        color: $text-warning;
        text-style: italic;
    }
    ReadOnlyTable > DataTable {
        height: auto;
        max-height: 14;
    }
    """

    def __init__(
        self,
        label: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        id: str | None = None,
    ) -> None:
        """Args:
        label: shown above the table.
        columns: the column headings.
        rows: the cells, as text.
        id: the widget's id.
        """
        super().__init__(id=id)
        self.label = label
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Static(
            "Read-only: the table editor is not built yet. Edit this table in the draft's "
            "TOML file for now; the export includes it.",
            classes="readonly--note",
        )
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(*self.columns)
        table.add_rows(self.rows or [["—"] + [""] * (len(self.columns) - 1)])
        yield table
