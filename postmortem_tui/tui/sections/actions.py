"""Action items: concrete follow-ups with an owner, a priority and a due date."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...core import timeutil
from ...core.model import ActionItem, ActionStatus, Category, Priority
from ..widgets.editable_table import Column, EditableTable
from .base import SectionForm

OVERDUE = "!"

SHORT_STATUS = {ActionStatus.OPEN: "Open", ActionStatus.IN_PROGRESS: "In prog.",
                ActionStatus.DONE: "Done"}
SHORT_CATEGORY = {
    Category.PREVENT_RECURRENCE: "Prevent",
    Category.IMPROVE_DETECTION: "Detect",
    Category.REDUCE_IMPACT: "Impact",
    Category.PROCESS_CHANGES: "Process",
    Category.TRAINING: "Training",
}

COLUMNS = (
    Column("id", "ID", kind="number", width=2, hint="Assigned; a whole number, unique."),
    Column("action", "Action", ratio=3, min_width=12,
           hint="One concrete change, e.g. \"Alert when orders are rejected for missing "
                "limits\"."),
    Column("owner", "Owner", ratio=1, min_width=8),
    Column("priority", "P", kind="choice", choices=Priority, width=2),
    Column("due", "Due", kind="date", width=11, hint="YYYY-MM-DD; a date in the past is flagged."),
    Column("status", "Status", kind="choice", choices=ActionStatus, allow_blank=False, width=8,
           show=lambda s: SHORT_STATUS.get(s, "")),
    Column("category", "Category", kind="choice", choices=Category, width=8,
           show=lambda c: SHORT_CATEGORY.get(c, "")),
)


def is_overdue(item: ActionItem, today: object) -> bool:
    return item.due is not None and item.due < today and item.status is not ActionStatus.DONE  # type: ignore[operator]


class ActionsForm(SectionForm):
    """The action items; IDs are assigned, past due dates flagged."""

    key = "actions"

    DEFAULT_CSS = """
    ActionsForm .actions--categories {
        color: $text-muted;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("8. Action Items", classes="section--title")
        yield EditableTable(
            self.doc.actions, COLUMNS,
            label="Action items",
            new_row=lambda index: ActionItem(id=self.doc.next_action_id()),
            render_cell=self._render_cell,
            describe=self._describe,
            empty_text="No action items yet: Ctrl+A adds one (Enter on the empty table does too).",
            wrap=2,
            start_column="action",  # the ID is assigned
            id=self.field_id(),
        )
        lines = "\n".join(f"• {c.value} ({SHORT_CATEGORY[c]}): {c.meaning}" for c in Category)
        yield Static(f"Categories:\n{lines}", classes="actions--categories", markup=False)


    def _render_cell(self, index: int, item: ActionItem, column: Column) -> Text | None:
        if column.attr == "due" and is_overdue(item, timeutil.today_cot()):
            assert item.due is not None
            return Text.assemble((item.due.isoformat(), "bold red"), (OVERDUE, "bold red"))
        return None

    def _describe(self, index: int, item: ActionItem, column: Column) -> str:
        notes = []
        if is_overdue(item, timeutil.today_cot()):
            notes.append(f"{OVERDUE} overdue: due {item.due} and not Done")
        if column.attr == "priority" and item.priority is not None:
            notes.append(item.priority.meaning)
        if column.attr == "category" and item.category is not None:
            notes.append(item.category.meaning)
        if column.attr not in ("action", "category") and item.action:
            notes.append(f"Action {item.id}: {item.action}")
        return " · ".join(notes)


FORM = ActionsForm
