"""The home screen's follow-ups: overdue action items and follow-up reviews due this week (or
missed), across every draft; Enter chooses one, to open its post-mortem on it."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from ...core.action_report import FollowUpItem


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class FollowUpsPanel(Vertical):
    """What needs following up across the drafts, the most pressing first: each line an
    overdue action item or a follow-up review (date, incident, what, owner, how it stands).
    Hidden while there is nothing to follow up."""

    DEFAULT_CSS = """
    FollowUpsPanel {
        height: auto;
        max-height: 10;
        margin: 1 1 0 1;
        display: none;
    }
    FollowUpsPanel.-shown {
        display: block;
    }
    FollowUpsPanel #follow-ups-title {
        height: 1;
        text-style: bold;
        color: $text-warning;
    }
    FollowUpsPanel DataTable {
        height: auto;
        max-height: 9;
    }
    """

    FIXED_COLUMNS = 10 + 16 + 12 + 16
    WHAT_MIN = 12

    class Chosen(Message):
        """Open this follow-up's post-mortem on it."""

        def __init__(self, item: FollowUpItem) -> None:
            """Args:
            item: the follow-up chosen.
            """
            self.item = item
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        id: the widget's id.
        """
        super().__init__(id=id)
        self.items: list[FollowUpItem] = []

    def compose(self) -> ComposeResult:
        yield Static("Follow-ups", id="follow-ups-title", markup=False)
        table: DataTable[str | Content] = DataTable(
            cursor_type="row", zebra_stripes=True, id="follow-ups-table"
        )
        table.add_column("When", key="when", width=10)
        table.add_column("Incident", key="incident", width=16)
        table.add_column("What", key="what", width=self.WHAT_MIN)
        table.add_column("Owner", key="owner", width=12)
        table.add_column("", key="note", width=16)
        yield table

    @property
    def table(self) -> DataTable[str | Content]:
        return self.query_one("#follow-ups-table", DataTable)

    def show(self, items: Sequence[FollowUpItem]) -> None:
        """Show these follow-ups (the app reads them from the drafts folder)."""
        self.items = list(items)
        self._fill()

    def on_resize(self) -> None:
        if self.items:
            self._fill()  # the action's column takes the room there is

    def _fill(self) -> None:
        from textual.widgets.data_table import ColumnKey

        table = self.table
        # What was to be done takes whatever the other columns (and cell padding) leave.
        # The screen's width: hidden until now, the panel has none of its own yet.
        width = max(self.WHAT_MIN, self.screen.size.width - 2 - self.FIXED_COLUMNS - 2 * 5)
        table.columns[ColumnKey("what")].width = width
        table.clear()
        for n, item in enumerate(self.items):
            late = item.kind == "action" or item.note.endswith(" ago")  # a review missed
            note = Content.styled(item.note, "$text-error bold" if late else "$text-warning")
            what = ("" if item.kind == "action" else "Review: ") + " ".join(item.text.split())
            table.add_row(
                item.when.isoformat(),
                item.incident.incident_id,
                Content(what).truncate(width, ellipsis=True),
                Content(" ".join(item.owner.split()) or "—").truncate(12, ellipsis=True),
                note,
                key=str(n),
            )
        actions = sum(1 for i in self.items if i.kind == "action")
        reviews = len(self.items) - actions
        parts = [_plural(actions, "overdue action item")] if actions else []
        if reviews:
            parts.append(_plural(reviews, "follow-up review"))
        title = "Follow-ups: " + ", ".join(parts) + " · Enter opens it" if parts else ""
        self.query_one("#follow-ups-title", Static).update(title)
        self.set_class(bool(self.items), "-shown")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()  # not the drafts list's

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key.isdigit() and int(key) < len(self.items):
            self.post_message(self.Chosen(self.items[int(key)]))
