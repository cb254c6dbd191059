"""Home: the drafts in the folder, newest first; resume one or start a new one.

The screen reads the folder's summaries and follow-ups in a thread (`read_drafts`), which
reports back with `DraftsRead`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets.data_table import ColumnKey

from ..widgets.follow_ups import FollowUpsPanel

if TYPE_CHECKING:
    from ...core.action_report import FollowUpItem
    from ...core.markdown_import import Imported

Place = tuple[str, str, int | None, str | None]
"""Where the wizard opens a draft: section, field id, row, column (as `WizardPosition`)."""


@dataclass(frozen=True)
class DraftRow:
    """One line of the home screen, as the app read it from storage."""

    path: Path
    incident_id: str
    title: str
    severity: str
    status: str
    percent: int | None
    modified: dt.datetime
    error: str | None = None


def _ago(when: dt.datetime, now: dt.datetime) -> str:
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if when.date() == now.date():
        return when.strftime("today %H:%M")
    if seconds < 7 * 86400:
        return when.strftime("%a %H:%M")
    return when.strftime("%Y-%m-%d")


class HomeScreen(Screen[None]):
    """The drafts folder: Enter resumes the highlighted draft, n starts a new one."""

    BINDINGS = [
        Binding("n", "new", "New post-mortem"),
        Binding("i", "import_markdown", "Import Markdown…"),
        Binding("enter", "open", "Resume", show=True),
        Binding("slash,ctrl+f", "filter", "Filter"),
        Binding("t", "trends", "Trends"),
        Binding("f", "follow_ups", "Follow-ups"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-title {
        dock: top;
        height: 1;
        background: $panel;
        padding: 0 1;
        text-style: bold;
    }
    HomeScreen #home-filter {
        margin: 1 1 0 1;
        background: $boost;
    }
    HomeScreen #home-drafts {
        height: 1fr;
        margin: 1 1 0 1;
    }
    HomeScreen #home-empty {
        margin: 1 2;
        color: $text-muted;
        display: none;
    }
    HomeScreen.-empty #home-empty {
        display: block;
    }
    HomeScreen.-empty #home-drafts {
        display: none;
    }
    HomeScreen.-no-drafts #home-filter {
        display: none;
    }
    HomeScreen #home-detail {
        height: auto;
        max-height: 3;
        margin: 0 1;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    HomeScreen #home-folder {
        height: 1;
        color: $text-muted;
        padding: 0 1;
    }
    """

    TITLE_MIN = 20
    FIXED_COLUMNS = 17 + 3 + 8 + 5 + 13

    class OpenDraft(Message):
        """Resume this draft (where `at` says, if given)."""

        def __init__(self, path: Path, at: Place | None = None) -> None:
            self.path = path
            self.at = at
            super().__init__()

    class NewDraft(Message):
        """Start a new post-mortem."""

    @dataclass
    class DraftsRead(Message):
        """What `read_drafts` read of the folder, for the screen to show."""

        rows: list[DraftRow]
        """The drafts, newest first."""
        follow_ups: list[FollowUpItem]
        """Overdue action items and follow-up reviews due, across the drafts."""
        error: str | None = None
        """Why the folder could not be read (then there are no rows)."""

    def __init__(self, folder: Path) -> None:
        """Args:
        folder: the drafts folder, shown to the author and read by `read_drafts`.
        """
        super().__init__()
        self.folder = folder
        self.rows: list[DraftRow] = []
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Static("postmortem · drafts", id="home-title")
        yield Input(
            placeholder="Filter by ID, title, severity or status  (/)",
            compact=True, id="home-filter",
        )
        table: DataTable[str | Content] = DataTable(
            cursor_type="row", zebra_stripes=True, id="home-drafts"
        )
        table.add_column("ID", key="id", width=17)
        table.add_column("Title", key="title", width=self.TITLE_MIN)
        table.add_column("Sev", key="sev", width=3)
        table.add_column("Status", key="status", width=8)
        table.add_column("Done", key="done", width=5)
        table.add_column("Saved", key="saved", width=13)
        yield table
        yield Static(
            "Loading drafts…", id="home-empty", markup=False,
        )
        yield FollowUpsPanel(id="home-follow-ups")
        # The highlighted draft's title in full when the list had to cut it.
        yield Static("", id="home-detail", markup=False)
        yield Static(
            Content(f"Enter resumes the highlighted draft · folder: {self.folder}"),
            id="home-folder",
        )
        yield Footer()

    @work(thread=True, exclusive=True, group="drafts", exit_on_error=False)
    def read_drafts(self) -> None:
        """Read the drafts folder's summaries and follow-ups (cached, so only the drafts that
        changed are read); reported with `DraftsRead`. A newer call replaces one under way."""
        from ...core import timeutil
        from ...core.action_report import follow_up_items
        from ...core.errors import DraftError
        from ...core.store import DraftStore

        store = DraftStore(self.folder)
        try:
            rows = [
                DraftRow(
                    path=info.path,
                    incident_id=info.incident_id,
                    title=info.summary.title or "",
                    severity=info.summary.severity or "",
                    status=info.summary.status or "",
                    percent=info.summary.percent_complete,
                    modified=info.modified,
                    error=info.error,
                )
                for info in store.summaries()
            ]
        except (DraftError, OSError) as exc:
            self.post_message(self.DraftsRead([], [], error=str(exc)))
            return
        try:
            follow_ups = follow_up_items(store.actions(), timeutil.today_cot())
        except (DraftError, OSError):
            follow_ups = []  # the list of drafts is shown all the same
        self.post_message(self.DraftsRead(rows, follow_ups))

    @on(DraftsRead)
    def _drafts_read(self, event: DraftsRead) -> None:
        event.stop()
        if event.error is not None:
            self.notify(event.error, title="Cannot read the drafts folder", severity="error",
                        markup=False)
        self.show_drafts(event.rows)
        self.show_follow_ups(event.follow_ups)

    def show_drafts(self, rows: Sequence[DraftRow]) -> None:
        """Show the drafts read from the folder (the same rows again change nothing, so the
        cursor stays where it is)."""
        if self._loaded and list(rows) == self.rows:
            return
        self.rows = list(rows)
        self._loaded = True
        self._fill()

    def show_follow_ups(self, items: Sequence[FollowUpItem]) -> None:
        """Show the overdue action items and follow-up reviews read from the folder."""
        panel = self.query_one(FollowUpsPanel)
        if list(items) == list(panel.items):
            return
        panel.show(items)
        self.refresh_bindings()  # "f" is offered while there are some

    @on(FollowUpsPanel.Chosen)
    def _follow_up_chosen(self, event: FollowUpsPanel.Chosen) -> None:
        from ...core.sections import locate

        item = event.item
        section = "actions" if item.kind == "action" else "signoff"
        path = ("actions",) if item.kind == "action" else ("signoff", "follow_ups")
        place = locate((*path, item.index, "status" if item.kind == "action" else "date"))
        self.post_message(self.OpenDraft(item.path, (section, place.id, place.row, place.attr)))

    def action_follow_ups(self) -> None:
        self.query_one(FollowUpsPanel).table.focus()

    def on_resize(self) -> None:
        if self._loaded:
            self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        # The title takes whatever the fixed columns (and cell padding) leave.
        title_width = max(self.TITLE_MIN, self.size.width - self.FIXED_COLUMNS - 2 * 6 - 4)
        table.columns[ColumnKey("title")].width = title_width
        query = self.query_one("#home-filter", Input).value.strip().lower()
        table.clear()
        now = dt.datetime.now().astimezone()
        shown = 0
        for row in self.rows:
            haystack = f"{row.incident_id} {row.title} {row.severity} {row.status}".lower()
            if query and query not in haystack:
                continue
            shown += 1
            title = Content(row.title or "Untitled")
            if row.error:
                title = Content.styled("⚠ unreadable — Enter shows why", "$text-error")
            table.add_row(
                row.incident_id,
                title.truncate(title_width, ellipsis=True),
                row.severity or "—",
                row.status,
                "" if row.percent is None else f"{row.percent}%",
                _ago(row.modified, now),
                key=str(row.path),
            )
        empty = self.query_one("#home-empty", Static)
        if not self.rows:
            empty.update(
                "No post-mortems here yet.\n\nPress n to start one — or run `postmortem demo` "
                "in a shell to see a complete example."
            )
        elif not shown:
            empty.update("No draft matches the filter. Esc clears it.")
        self.set_class(shown == 0, "-empty")
        # With no drafts at all there is nothing to filter: keep the keys for "n".
        self.set_class(not self.rows, "-no-drafts")
        lead = "Enter resumes the highlighted draft · folder" if self.rows else "Drafts folder"
        self.query_one("#home-folder", Static).update(Content(f"{lead}: {self.folder}"))
        if not self.rows:
            self.set_focus(None)
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#home-detail", Static)
        table = self.query_one(DataTable)
        row = self._highlighted_row()
        width = table.columns[ColumnKey("title")].width
        shown = "" if row is None else (row.title or "Untitled")
        if row is not None and row.error:
            # Why it cannot be read; the folder is on the line below.
            shown = row.error.replace(str(row.path), row.path.name, 1)
        elif Content(shown).cell_length <= width:
            shown = ""
        detail.update(shown)
        detail.display = bool(shown) and table.row_count > 0

    def _highlighted_row(self) -> DraftRow | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.path) == key), None)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.read_drafts()

    @on(Input.Changed, "#home-filter")
    def _filter_changed(self) -> None:
        if self._loaded:
            self._fill()

    @on(Input.Submitted, "#home-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open_key(event.row_key.value)

    def _open_key(self, key: str | None) -> None:
        row = next((r for r in self.rows if str(r.path) == key), None)
        if row is None:
            return
        if row.error:
            self.notify(row.error, title="This draft cannot be opened", severity="error",
                        timeout=12, markup=False)
            return
        self.post_message(self.OpenDraft(row.path))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self._open_key(key)

    def action_new(self) -> None:
        self.post_message(self.NewDraft())

    def action_import_markdown(self) -> None:
        """A post-mortem's Markdown read into a new draft, after the report; its module loads
        only now."""
        from .import_markdown import ImportMarkdownScreen

        taken = {row.incident_id for row in self.rows}
        self.app.push_screen(ImportMarkdownScreen(taken), self._imported)

    def _imported(self, result: Imported | None) -> None:
        from ...core.errors import DraftError
        from ...core.markdown_import import file_as_new_draft
        from ...core.store import DraftStore

        if result is None:
            return
        try:
            path = file_as_new_draft(DraftStore(self.folder), result.doc)
        except DraftError as exc:
            self.notify(str(exc), title="Not imported", severity="error", markup=False)
            return
        self.post_message(self.OpenDraft(path))

    def action_trends(self) -> None:
        """Charts across the drafts; their module loads only now."""
        from ...core.store import DraftStore
        from .trends import TrendsScreen

        self.app.push_screen(TrendsScreen(DraftStore(self.folder).stats_facts))

    def action_filter(self) -> None:
        self.query_one("#home-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#home-filter", Input).value = ""
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Typing "n" in the filter box is text, not "new".
        if action in ("new", "import_markdown", "follow_ups") and self.query_one(
            "#home-filter", Input
        ).has_focus:
            return False
        return action != "follow_ups" or bool(self.query_one(FollowUpsPanel).items)
