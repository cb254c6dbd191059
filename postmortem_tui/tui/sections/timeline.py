"""Timeline: what happened when, in COT, from the first symptom to the incident closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Static

from ...core import timeutil
from ...core.model import EARLY_MINUTES, Milestone, TimelineEvent
from ...core.timeutil import format_hhmm
from ..widgets.editable_table import Column, EditableTable
from ..widgets.metrics_bar import MetricsBar
from ..widgets.table_keys import TABLE_KEYS, TIMELINE_KEYS
from .base import SectionForm

NEXT_DAY = "+1d"


def _shown(t: dt.time | None) -> str:
    return format_hhmm(t) or "—"

COLUMNS = (
    Column("milestone", "", width=1, read_only=True),
    Column("time", "Time", kind="time", width=8,
           hint="24-hour, Colombia time; earlier than the start time = the next day. "
                f"{TIMELINE_KEYS.name('now')} puts in the time now."),
    Column("event", "Event", ratio=3, min_width=16),
    Column("actor", "Actor", ratio=1, min_width=8,
           hint="Who or what acted: a system, a role or a name."),
)


class TimelineForm(SectionForm):
    """The timeline table, its order, and the header times it can set.

    Rows are sorted on demand (the `sort` key), never behind the author's back: the line under the
    table says when they are out of order. Times are read against the start time (or the first
    time, while the start is unknown) by the model's rule: up to six hours before it is before
    it, earlier is the next day, shown with +1d.
    """

    key = "timeline"

    BINDINGS = TIMELINE_KEYS.bindings()
    """
    | Key(s) | What it does |
    | :- | :- |
    | Ctrl+T | timeline: the time now (COT) in the current row's time |
    | Ctrl+O | timeline: sort the rows by time (only on this key: rows never jump on their own) |
    | Ctrl+U | timeline: the header's start/end follow first symptom / service restored |
    | Ctrl+L | timeline: import events from a shell history, a log, the pager or a Slack export |

    Its table runs them in order with typing (the bindings name them in the footer); the
    table's own keys are `EditableTable.BINDINGS`.
    """

    DEFAULT_CSS = """
    TimelineForm #timeline-order {
        color: $text-warning;
        height: auto;
    }
    TimelineForm #timeline-order.-ok {
        color: $text-muted;
    }
    TimelineForm #timeline-header {
        color: $text-accent;
        height: auto;
    }
    """

    def __init__(self, doc: Any) -> None:
        super().__init__(doc)
        self._anchor = doc.timeline_anchor()

    def compose(self) -> ComposeResult:
        yield Static("4. Timeline (all times in COT, Colombia time)", classes="section--title")
        yield MetricsBar(self.doc, id="timeline-metrics")
        yield EditableTable(
            self.doc.timeline, COLUMNS,
            label="Timeline",
            new_row=lambda index: TimelineEvent(),
            confirm_delete=self._confirm_delete,
            render_cell=self._render_cell,
            describe=self._describe,
            keys_hint=TIMELINE_KEYS.hint("cursor"),
            keys=TIMELINE_KEYS.handlers(self),
            id=self.field_id(),
        )
        yield Static("", id="timeline-order", markup=False)
        yield Static("", id="timeline-header", markup=False)

    def on_mount(self) -> None:
        self._show_notes()

    @property
    def table(self) -> EditableTable:
        return self.query_one(f"#{self.field_id()}", EditableTable)

    # --- cells ---------------------------------------------------------------------------

    def _render_cell(self, index: int, row: TimelineEvent, column: Column) -> Text | None:
        if column.attr == "milestone":
            return Text("◆" if row.milestone else "", style="bold")
        if column.attr == "time" and self._next_day(row):
            return Text.assemble(format_hhmm(row.time), (NEXT_DAY, "dim"))
        if column.attr == "event" and not row.event and row.milestone is not None:
            # The key discovery's text is the author's to write: show what the row is for.
            return Text(row.milestone.label, style="dim italic")
        return None

    def _describe(self, index: int, row: TimelineEvent, column: Column) -> str:
        notes = []
        if row.milestone is not None:
            notes.append(f"◆ Milestone: {row.milestone.label}")
        if self._next_day(row):
            notes.append("the next day (the incident crossed midnight)")
        return " · ".join(notes)

    def _next_day(self, row: TimelineEvent) -> bool:
        # The model's one rule, as the export and the check read it.
        return row.time is not None and self.doc.is_next_day(row.time)

    def _confirm_delete(self, index: int, row: TimelineEvent) -> str | None:
        if row.milestone is None:
            return None
        return (
            f'"{row.milestone.label}" is one of the template\'s nine milestones; the final '
            f"export needs it.\n\nDelete it anyway? ({TABLE_KEYS.name('undo')} brings it back.)"
        )

    # --- notes under the table -----------------------------------------------------------

    def _show_notes(self) -> None:
        self.query_one(MetricsBar).refresh()  # the key metrics follow the times
        order = self.query_one("#timeline-order", Static)
        if self.doc.timeline_is_chronological():
            anchor = format_hhmm(self._anchor)
            early = EARLY_MINUTES // 60
            order.update(
                f"Rows are in time order. A time up to {early} hours before {anchor} is before "
                "it; an earlier one is the next day (+1d)."
                if anchor else "Rows are in time order."
            )
            order.add_class("-ok")
        else:
            order.update(
                f"⚠ Rows are not in time order: {TIMELINE_KEYS.name('sort')} sorts them by time "
                "(rows are never reordered on their own)."
            )
            order.remove_class("-ok")
        self.query_one("#timeline-header", Static).update(self._header_offer())

    def _suggested(self) -> tuple[Any, Any]:
        return (
            self.doc.milestone_time(Milestone.FIRST_SYMPTOM),
            self.doc.milestone_time(Milestone.SERVICE_RESTORED),
        )

    def _header_offer(self) -> str:
        h = self.doc.header
        start, end = self._suggested()
        differs = (start is not None and start != h.start_time) or (
            end is not None and end != h.end_time
        )
        if not differs:
            return ""
        return (
            f"Header says {_shown(h.start_time)} – {_shown(h.end_time)}; the timeline says first "
            f"symptom {_shown(start)}, service restored {_shown(end)}. "
            f"{TIMELINE_KEYS.name('use_times')} makes the header's start and end follow the "
            "timeline."
        )

    def _anchor_moved(self) -> None:
        anchor = self.doc.timeline_anchor()
        if anchor != self._anchor:
            self._anchor = anchor
            self.table.refresh_column("time")

    def on_show(self, event: events.Show) -> None:
        # The header's start time may have changed on its own form.
        self._anchor_moved()
        self._show_notes()

    @on(EditableTable.Changed)
    def _changed(self, event: EditableTable.Changed) -> None:
        # Typing ("edit") is left alone: the notes follow when the cell is saved.
        if event.action != "edit":
            self._anchor_moved()
            self._show_notes()

    # --- actions -------------------------------------------------------------------------

    def action_now(self) -> None:
        now = format_hhmm(timeutil.now_cot().time())
        table = self.table
        if table.editing is not None:
            if table.editing[1] == "time":
                table.editor.set_text(now)
            return
        if table.rows:
            table.start_edit("time", text=now)

    def action_sort(self) -> None:
        table = self.table
        if table.editing is not None:
            return
        rows = self.doc.timeline
        ordered = self.doc.sorted_timeline()
        if ordered == rows:
            self.notify("The timeline is already in time order.", timeout=3)
            return
        current = rows[table.cursor_row] if rows else None
        # In place: the table edits this very list.
        rows[:] = ordered
        table.refresh_rows(0)
        if current is not None:
            table.goto(next(i for i, r in enumerate(rows) if r is current))
        self.notify("Rows sorted by time.", timeout=3)
        self.post_message(EditableTable.Changed(table, "sort", table.cursor_row))

    def action_import_events(self) -> None:
        """Events from a shell history, a log, the pager or a Slack export (its own screen)."""
        from ..screens.import_events import import_into

        import_into(self)

    def action_use_times(self) -> None:
        start, end = self._suggested()
        h = self.doc.header
        changed = []
        if start is not None and start != h.start_time:
            changed.append(("start_time", start))
        if end is not None and end != h.end_time:
            changed.append(("end_time", end))
        if not changed:
            self.notify("The header already follows the timeline.", timeout=3)
            return
        for attr, value in changed:
            setattr(h, attr, value)
        # The header's form (if built) shows them, and the draft is saved.
        self.post_message(self.SetElsewhere(self, tuple(("header", a) for a, _ in changed)))
        self.notify(
            "Header: " + ", ".join(
                f"{'start' if a == 'start_time' else 'end'} {format_hhmm(v)}" for a, v in changed
            ),
            timeout=4,
        )
        self._anchor_moved()
        self._show_notes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_times":
            return bool(self._header_offer())
        return True


FORM = TimelineForm
