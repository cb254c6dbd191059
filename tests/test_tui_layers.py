"""The wizard's widgets never import its screens or its app: they post messages, which the
screens answer."""

from __future__ import annotations

import ast
from pathlib import Path

from kit import wait_for
from textual.app import App, ComposeResult

from postmortem_tui.core.model import ContributingFactor
from postmortem_tui.tui.widgets.editable_table import Column, EditableTable

WIDGETS = Path(__file__).parent.parent / "postmortem_tui" / "tui" / "widgets"
ABOVE = ("screens", "sections", "app")


def imported(path: Path) -> list[str]:
    """The modules `path` imports, as paths under postmortem_tui.tui (`screens.confirm`)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 2:
                names.append(node.module)
            elif node.module.startswith("postmortem_tui.tui."):
                names.append(node.module.removeprefix("postmortem_tui.tui."))
        elif isinstance(node, ast.Import):
            names += [a.name.removeprefix("postmortem_tui.tui.") for a in node.names]
    return names


def test_widgets_import_no_screen_section_or_app() -> None:
    upward = {
        path.name: name for path in sorted(WIDGETS.glob("*.py")) for name in imported(path)
        if name.split(".")[0] in ABOVE
    }
    assert upward == {}


class OneTable(App[None]):
    def __init__(self, rows: list[ContributingFactor]) -> None:
        super().__init__()
        self.rows = rows
        self.asked: list[EditableTable.DeleteAsked] = []

    def compose(self) -> ComposeResult:
        yield EditableTable(self.rows, [Column("title", "Title")], label="Factors",
                            new_row=lambda index: ContributingFactor(),
                            confirm_delete=lambda index, row: f"Delete {row.title}?")

    def on_editable_table_delete_asked(self, event: EditableTable.DeleteAsked) -> None:
        self.asked.append(event)


async def test_a_row_that_asks_first_is_deleted_only_on_the_answer() -> None:
    rows = [ContributingFactor(title="F1"), ContributingFactor(title="F2")]
    app = OneTable(rows)
    async with app.run_test(size=(80, 16)) as pilot:
        t = app.query_one(EditableTable)
        t.focus()
        await wait_for(pilot, lambda: app.focused is t.grid and bool(t.grid.columns))
        await pilot.press("down", "delete")
        await wait_for(pilot, lambda: bool(app.asked))
        event = app.asked[0]
        assert (event.index, event.question) == (1, "Delete F2?") and len(rows) == 2
        event.table.answer_delete(event.index, False)
        assert len(rows) == 2
        await pilot.press("delete")
        await wait_for(pilot, lambda: len(app.asked) == 2)
        event.table.answer_delete(app.asked[1].index, True)
        assert [r.title for r in rows] == ["F1"] and app.focused is t.grid
