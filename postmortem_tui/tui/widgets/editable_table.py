"""A table of the document edited in place: rows of one model, columns of its fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static

from ...core.record import Record
from ..format import as_text
from .cell_editor import CellEditor, Choice, EditorKind, update_in_place
from .document_field import DocumentField, Refusal
from .table_keys import TABLE_KEYS

ColumnKind = Literal["text", "line", "time", "date", "number", "choice", "bool", "index"]

_EDITOR: dict[str, EditorKind] = {
    "text": "text", "line": "line", "time": "line", "date": "line", "number": "line",
    "choice": "choice", "bool": "choice",
}
_PLACEHOLDER = {"time": "HH:MM", "date": "YYYY-MM-DD"}
SCROLLBAR = 1
DETAIL_LINES = 3
"""The most lines the current cell's full text takes under the table (then it ends with …)."""

# The table's keys by its state, and the data table's own cursor keys, which the table runs
# itself (see `on_key`). While a cell is edited, the keys for the cursor wait until it is saved:
# they would move or change rows under the open box.
_ON_CELL = TABLE_KEYS.on("cursor")
_EDITING = TABLE_KEYS.on("editing")
_GRID = {
    b.key: b.action for b in Binding.make_bindings(DataTable.BINDINGS) if b.key not in _ON_CELL
}
_WAIT = frozenset(_ON_CELL.keys() | _GRID.keys()) - _EDITING.keys()
_NEEDS_ROWS = frozenset({"delete", "move", "clear_cell"})


def _take(event: events.Key) -> None:
    """The key is the table's: neither the data table nor the form behind sees it."""
    event.stop()
    event.prevent_default()


@dataclass(frozen=True)
class Column:
    """One column of an editable table.

    Args:
        attr: the row model's attribute shown in the column (unused for `index`).
        heading: the column heading.
        kind: how the cell is edited: `text` (a wrapping box), `line`/`time`/`date`/`number`
            (one line), `choice` (one of `choices`), `bool` (yes / no / not yet), or `index` (the
            row's number, not editable).
        width: a fixed width in cells; None shares the width left by `ratio`.
        ratio: this column's share of the width left over by the fixed columns.
        min_width: the least a `ratio` column gets (the table scrolls sideways if need be).
        choices: the enumeration of a `choice` column; a member's `meaning` is shown with it.
        allow_blank: whether "not chosen yet" is offered in a `choice` or `bool` column.
        placeholder: shown in an empty cell and an empty edit box.
        hint: shown under the edit box while the value is fine.
        show: how a value reads in the table (default: as the edit box shows it).
        read_only: shown, never edited (e.g. a marker the tool sets).
    """

    attr: str
    heading: str
    kind: ColumnKind = "text"
    width: int | None = None
    ratio: int = 1
    min_width: int = 6
    choices: type[Enum] | None = None
    allow_blank: bool = True
    placeholder: str = ""
    hint: str = ""
    show: Callable[[Any], str] | None = None
    read_only: bool = False

    @property
    def editable(self) -> bool:
        return self.kind != "index" and not self.read_only


def _bool_text(value: object) -> str:
    return "" if value is None else ("Yes" if value else "No")


def one_line(text: str) -> str:
    """A cell shows one line; line breaks read as ⏎ (the edit box keeps them)."""
    if "\n" in text or "\r" in text:
        return " ⏎ ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return text


class EditableTable(DocumentField):
    """Rows of one kind of the document (timeline events, action items, ...) in a table.

    Edited as a spreadsheet is: typing on a cell edits it, and the edit box saves and moves on;
    the keys are under `BINDINGS`. Every value goes through the row's model: a refused value
    stays in the box with the model's message and is never saved.

    Only the cells that change are redrawn, so a table of hundreds of rows stays quick.
    """

    BINDINGS = TABLE_KEYS.bindings()
    """
    | Key(s) | What it does |
    | :- | :- |
    | Enter, or just type | in a table: edit the cell (typing replaces it; Backspace clears it) |
    | Enter / Esc | in a cell's edit box: save / put the old value back |
    | Tab / Shift+Tab | in a table: next / previous cell, row after row, then the next field |
    | Up / Down | in a cell's edit box: save and move to the row above / below |
    | Ctrl+A or Insert | in a table: add a row after the current one |
    | Delete or Ctrl+D, then Ctrl+Z | in a table: delete the row, and bring it back |
    | Shift+Up / Shift+Down | in a table: move the row up / down |

    The data table's own keys move the cursor (arrows, PgUp/PgDn, Home/End, Ctrl+Home/End).
    The owner's `keys` are handled with these, in order with typing.
    """

    DEFAULT_CSS = """
    EditableTable > #table-title {
        color: $text-muted;
        text-style: bold;
    }
    EditableTable > DataTable {
        height: auto;
        max-height: 50vh;
        scrollbar-size-vertical: 1;
    }
    EditableTable > #table-empty {
        color: $text-muted;
        text-style: italic;
        padding: 0 1;
        display: none;
    }
    EditableTable.-empty > #table-empty {
        display: block;
    }
    EditableTable > #table-detail {
        height: auto;
        color: $text-muted;
        padding: 0 1;
        display: none;
    }
    EditableTable > #table-keys {
        color: $text-muted;
        padding: 0 1;
        display: none;
    }
    """

    class CursorMoved(Message):
        """The cursor is on another cell (`table.position`); reported from the first time the
        table is entered (see `resume`)."""

        def __init__(self, table: EditableTable) -> None:
            self.table = table
            super().__init__()

        @property
        def control(self) -> EditableTable:
            return self.table

    class DeleteAsked(Message):
        """A row asks before it is deleted (`confirm_delete` had a question): the screen asks
        the author `question` and gives the answer to `table.answer_delete(index, yes)`."""

        def __init__(self, table: EditableTable, index: int, question: str) -> None:
            self.table = table
            self.index = index
            self.question = question
            super().__init__()

        @property
        def control(self) -> EditableTable:
            return self.table

    class _KeyAction(Message):
        """Enter or Esc, handled after the keys typed before it (see `_in_order`)."""

        def __init__(self, action: str) -> None:
            self.action = action
            super().__init__()

    def __init__(
        self,
        rows: MutableSequence[Any],
        columns: Sequence[Column],
        *,
        label: str,
        new_row: Callable[[int], Record],
        confirm_delete: Callable[[int, Any], str | None] | None = None,
        render_cell: Callable[[int, Any, Column], Text | None] | None = None,
        describe: Callable[[int, Any, Column], str] | None = None,
        keys_hint: str = "",
        keys: Mapping[str, Callable[[], object]] | None = None,
        empty_text: str = f"No rows yet: {TABLE_KEYS.name('add')} adds one.",
        wrap: int = 1,
        start_column: str | None = None,
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        rows: the document's list of row models, edited in place.
        columns: what the table shows and edits, in order.
        label: the table's name, shown above it with the row count.
        new_row: makes the row inserted at an index (pre-filled as the table needs).
        confirm_delete: a question to ask before deleting a row (`DeleteAsked`), or None
            to delete at once.
        render_cell: a cell's text when it needs more than its value (flags, colours).
        describe: more about the current cell, shown under the table with its full text.
        keys_hint: the table's own keys, added to the key line under the table.
        keys: the owner's keys for this table (key -> callable), handled in order with typing;
            the owner's bindings show them in the footer.
        empty_text: shown while there are no rows.
        wrap: the most lines a row may take; longer text ends with …. Rows of one line are
            drawn cell by cell; taller rows relayout the table when a row's height changes,
            so keep `wrap` at 1 for tables that may grow to hundreds of rows.
        start_column: the column a new row is edited in first (the first editable one when
            None).
        id: the widget's id (`core.sections.field_id`).
        """
        super().__init__(rows, label=label, id=id)
        self.rows = rows
        self.columns = list(columns)
        self.new_row = new_row
        self.confirm_delete = confirm_delete
        self.render_cell = render_cell
        self.describe = describe
        self.keys_hint = keys_hint
        self.keys = dict(keys or {})
        self.empty_text = empty_text
        self.wrap = max(1, wrap)
        self.start_column = start_column
        self._widths: list[int] = []
        self._deleted: list[tuple[int, Any]] = []
        self._editing: tuple[int, str] | None = None
        self._pending_goto: tuple[int | None, str | None] | None = None
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield Static("", id="table-title", markup=False)
        yield DataTable(cursor_type="cell", zebra_stripes=True, id="table-grid")
        yield Static(self.empty_text, id="table-empty", markup=False)
        yield CellEditor(keys_hint=TABLE_KEYS.hint("editing"), id="table-editor")
        yield Static("", id="table-detail", markup=False)
        keys = TABLE_KEYS.hint("cursor")
        yield Static(f"{keys} · {self.keys_hint}" if self.keys_hint else keys,
                     id="table-keys", markup=False)

    def on_mount(self) -> None:
        self._sync_state()
        # Invalid while the edit box holds a value the model refuses (it is closed otherwise).
        self.watch(self.editor, "invalid", self._editor_invalid)

    def _editor_invalid(self, invalid: bool) -> None:
        self.invalid = invalid

    # --- parts ---------------------------------------------------------------------------

    @property
    def grid(self) -> DataTable[Any]:
        return self.query_one("#table-grid", DataTable)

    @property
    def editor(self) -> CellEditor:
        return self.query_one(CellEditor)

    @property
    def editing(self) -> tuple[int, str] | None:
        """(row, attribute) of the cell being edited."""
        return self._editing

    @property
    def error(self) -> str | None:
        return self.editor.error if self.invalid else None

    def refusal(self) -> Refusal | None:
        if not self.invalid:
            return None
        return Refusal(self, self.editor.label, self.editor.text, self.editor.error or "")

    @property
    def cursor_row(self) -> int:
        return self.grid.cursor_row if self.rows else -1

    @property
    def cursor_attr(self) -> str:
        return self.columns[self.grid.cursor_column].attr

    @property
    def position(self) -> tuple[int | None, str | None]:
        """(row, attribute) of the cursor; (None, None) while there are no rows."""
        if not self.rows or not self.grid.columns:
            return None, None
        return self.cursor_row, self.cursor_attr

    def column(self, attr: str) -> Column:
        return next(c for c in self.columns if c.attr == attr)

    # --- drawing -------------------------------------------------------------------------

    def _compute_widths(self, total: int) -> list[int]:
        padding = 2 * self.grid.cell_padding * len(self.columns)
        fixed = sum(c.width for c in self.columns if c.width is not None)
        flexible = [c for c in self.columns if c.width is None]
        free = max(0, total - SCROLLBAR - padding - fixed)
        # Each flexible column gets its least width first, then the rest by ratio; if even the
        # least widths do not fit, the table scrolls sideways rather than hide a column.
        shares = [c.min_width for c in flexible]
        extra = free - sum(shares)
        if extra > 0 and flexible:
            ratio_sum = max(1, sum(c.ratio for c in flexible))
            shares = [
                least + extra * c.ratio // ratio_sum
                for least, c in zip(shares, flexible, strict=True)
            ]
            # What rounding left over goes to the widest column, so they fill the width exactly.
            widest = max(range(len(flexible)), key=lambda i: flexible[i].ratio)
            shares[widest] += free - sum(shares)
        it = iter(shares)
        return [c.width if c.width is not None else next(it) for c in self.columns]

    def on_resize(self, event: events.Resize) -> None:
        widths = self._compute_widths(event.size.width)
        if widths != self._widths and event.size.width > 0:
            self._widths = widths
            self._rebuild()

    def _rebuild(self) -> None:
        """Lay the whole table out again: only when the widths or the whole list change."""
        grid = self.grid
        row, col = grid.cursor_coordinate
        grid.clear(columns=True)
        for column, width in zip(self.columns, self._widths, strict=True):
            heading = Text(column.heading, style="bold", no_wrap=True, overflow="ellipsis")
            grid.add_column(heading, width=width, key=column.attr)
        for index in range(len(self.rows)):
            cells = self._cells(index)
            grid.add_row(*cells, height=self._height(cells))
        if not self.columns[col].editable:
            col = next((i for i, c in enumerate(self.columns) if c.editable), col)
        if self.rows:
            grid.move_cursor(row=min(row, len(self.rows) - 1), column=col, scroll=False)
        self._sync_state()
        if self._pending_goto is not None:
            pending, self._pending_goto = self._pending_goto, None
            self.goto(*pending)

    def _cell(self, index: int, column: Column) -> Text:
        row = self.rows[index]
        if self.render_cell is not None:
            custom = self.render_cell(index, row, column)
            if custom is not None:
                custom.no_wrap, custom.overflow = True, "ellipsis"  # as the plain cells
                return custom
        if column.kind == "index":
            return Text(str(index + 1), style="dim", end="")
        value = getattr(row, column.attr)
        if column.show is not None:
            shown = column.show(value)
        elif column.kind == "bool":
            shown = _bool_text(value)
        else:
            shown = as_text(value)
        if not shown:
            placeholder = column.placeholder or _PLACEHOLDER.get(column.kind, "")
            return Text(placeholder, style="dim italic", end="")
        # A Text, not a str: the data table would read brackets typed by the author as markup.
        return Text(one_line(shown), no_wrap=True, overflow="ellipsis", end="")

    def _cells(self, index: int) -> list[Text]:
        cells = [self._cell(index, c) for c in self.columns]
        if self.wrap == 1:
            return cells
        return [self._fit(cell, width) for cell, width in zip(cells, self._widths, strict=True)]

    def _fit(self, text: Text, width: int, most: int | None = None) -> Text:
        """Wrap a cell to at most `most` (default: `wrap`) lines of `width`, ending with … if
        cut."""
        most = self.wrap if most is None else most
        text.no_wrap = False
        lines = text.wrap(self.app.console, max(1, width))
        if len(lines) <= most:
            return text
        kept = list(lines)[:most]
        kept[-1].rstrip()
        kept[-1].truncate(max(1, width - 1), overflow="crop")
        kept[-1].append("…")
        return Text("\n", end="").join(kept)

    def _height(self, cells: list[Text]) -> int:
        if self.wrap == 1:
            return 1
        return max(1, *(len(cell.wrap(self.app.console, max(1, w)))
                        for cell, w in zip(cells, self._widths, strict=True)))

    def refresh_rows(self, start: int, stop: int | None = None) -> None:
        """Redraw rows start..stop-1 from the model (only those cells)."""
        grid = self.grid
        if not grid.columns:
            return
        stop = len(self.rows) if stop is None else min(stop, len(self.rows))
        for index in range(max(0, start), stop):
            cells = self._cells(index)
            if self.wrap > 1:
                key = grid.coordinate_to_cell_key(Coordinate(index, 0)).row_key
                if grid.rows[key].height != self._height(cells):
                    # A row grew or shrank: the data table sizes rows only when they are added.
                    self._rebuild()
                    return
            for col, cell in enumerate(cells):
                grid.update_cell_at(Coordinate(index, col), cell)
        self._show_detail()

    def refresh_row(self, index: int) -> None:
        self.refresh_rows(index, index + 1)

    def refresh_column(self, attr: str) -> None:
        """Redraw one column of every row (e.g. times after the start time changed)."""
        grid = self.grid
        if not grid.columns:
            return
        if self.wrap > 1:
            self.refresh_rows(0)
            return
        col = next(i for i, c in enumerate(self.columns) if c.attr == attr)
        column = self.columns[col]
        for index in range(len(self.rows)):
            grid.update_cell_at(Coordinate(index, col), self._cell(index, column))

    def refresh_from_model(self) -> None:
        """Show the document's rows again after an outside change to the list."""
        if self._editing is not None:
            self.editor.close()
            self._editing = None
        if self._widths:
            self._rebuild()

    def _sync_state(self) -> None:
        self.set_class(not self.rows, "-empty")
        self._show_parts()
        count = len(self.rows)
        noun = "row" if count == 1 else "rows"
        where = f" · row {self.cursor_row + 1}" if count and self.grid.columns else ""
        # On every cursor move: repainted, without a layout of the screen unless it grows.
        update_in_place(self.query_one("#table-title", Static),
                        Content(f"{self.label} · {count} {noun}{where}"))
        self._show_detail()

    def _show_parts(self) -> None:
        # The full text of the cell and the keys show while the table is in use (set here, not
        # by a class on the table, which would restyle all of it on every focus change).
        focused = self.screen.focused if self.is_attached else None
        inside = focused is not None and self in focused.ancestors
        self.query_one("#table-detail").display = inside and self._editing is None
        self.query_one("#table-keys").display = inside

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_parts()

    def _show_detail(self) -> None:
        detail = self.query_one("#table-detail", Static)
        if not self.rows or not self.grid.columns:
            detail.update("")
            return
        index = self.cursor_row
        column = self.columns[self.grid.cursor_column]
        row = self.rows[index]
        parts: list[str] = []
        if column.kind != "index" and not column.read_only:
            value = getattr(row, column.attr)
            shown = _bool_text(value) if column.kind == "bool" else as_text(value)
            if shown:
                parts.append(f"{column.heading}: {shown}")
        if self.describe is not None:
            extra = self.describe(index, row, column)
            if extra:
                parts.append(extra)
        text = " · ".join(parts)
        width = max(1, self.size.width - 2)  # its padding; known even while it is hidden
        # Only what can show is wrapped (a cell may hold a pasted log).
        room = DETAIL_LINES * (width + 1) + 1  # more than the lines hold: the cut shows
        fitted = self._fit(Text(text[:room], end=""), width, DETAIL_LINES)
        update_in_place(detail, Content(fitted.plain))

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._sync_state()
        if self.grid.has_focus:
            # The form scrolls too, so the row under the cursor is never below the fold.
            self.call_after_refresh(self.grid.scroll_visible, animate=False)
        if self._resumed:
            self.post_message(self.CursorMoved(self))

    # --- editing -------------------------------------------------------------------------

    def _choices(self, column: Column) -> list[Choice]:
        if column.kind == "bool":
            options = [Choice("Yes", True), Choice("No", False)]
            return [*options, Choice("Not yet", None)] if column.allow_blank else options
        assert column.choices is not None
        options = [Choice(str(member.value), member, getattr(member, "meaning", ""))
                   for member in column.choices]
        return [*options, Choice("Not chosen yet", None)] if column.allow_blank else options

    def start_edit(self, attr: str | None = None, text: str | None = None) -> bool:
        """Open the edit box on the current row's cell (`attr`, else the cursor's column).

        `text` replaces the cell's value in the box, as when typing over a cell.
        """
        if not self.rows or not self.grid.columns:
            return False
        index = self.cursor_row
        if attr is None:
            column = self.columns[self.grid.cursor_column]
            if not column.editable:
                column = next(c for c in self.columns if c.editable)
        else:
            column = self.column(attr)
        col = self.columns.index(column)
        if self.grid.cursor_column != col:
            self.grid.move_cursor(column=col)
        kind = _EDITOR[column.kind]
        self._editing = (index, column.attr)
        self.editor.open(
            self.rows[index], column.attr,
            kind=kind,
            label=f"{self.label} · row {index + 1} · {column.heading or column.attr}",
            hint=column.hint,
            text=None if kind == "choice" else text,
            placeholder=column.placeholder or _PLACEHOLDER.get(column.kind, ""),
            choices=self._choices(column) if kind == "choice" else (),
        )
        self._sync_state()
        self.refresh_bindings()
        self.call_after_refresh(self.editor.scroll_visible, animate=False)
        return True

    @on(CellEditor.Edited)
    def _editor_edited(self, event: CellEditor.Edited) -> None:
        event.stop()
        # By the row itself: rows may have moved since.
        index = next((i for i, r in enumerate(self.rows) if r is event.target), None)
        if index is not None:
            self.post_message(self.Changed(self, "edit", index, event.attr))

    @on(CellEditor.Picked)
    def _editor_picked(self, event: CellEditor.Picked) -> None:
        event.stop()
        self._save()

    def _finish(self, *, committed: bool) -> None:
        """Close the edit box and show the row as the model has it now."""
        if self._editing is None:
            return
        index, attr = self._editing
        self.editor.close()
        self._editing = None
        if index < len(self.rows):
            self.refresh_row(index)
        self._sync_state()
        self.refresh_bindings()
        if committed:
            self.post_message(self.Changed(self, "commit", index, attr))

    def _save(self) -> bool:
        """Enter: keep the value and close the box; False while the model refuses it."""
        if self._editing is not None and self.editor.accept():
            self._finish(committed=True)
            return True
        return False

    def _cancel(self) -> None:
        """Esc: put the value from before back and close the box."""
        if self._editing is None:
            return
        index, attr = self._editing
        if self.editor.revert():
            self.post_message(self.Changed(self, "edit", index, attr))
        self._finish(committed=False)

    # The data table keeps the focus while a cell is edited, so every key reaches this table
    # in the order it was typed. Enter and Esc are priority bindings (so the footer names
    # them), and those run as soon as the key is read, before the keys typed just before are
    # handled: they send a message through the data table, which arrives after those keys.

    def _in_order(self, action: str) -> None:
        self.grid.post_message(self._KeyAction(action))

    @on(_KeyAction)
    def _key_action(self, event: _KeyAction) -> None:
        event.stop()
        # Decided now, not when the key was read: the key before may have opened the box.
        if event.action == "enter" and self._editing is None:
            self._edit_now()
        elif event.action == "enter":
            self._save()
        elif event.action == "cancel_edit":
            self._cancel()

    def action_save_cell(self) -> None:
        self._in_order("enter")

    def action_cancel_edit(self) -> None:
        self._in_order("cancel_edit")

    async def on_key(self, event: events.Key) -> None:
        # The other keys run here, from the same map as the bindings (which name them in the
        # footer): a binding runs only once its key has bubbled up to the app, after the keys
        # typed behind it reached this table; a priority one would have to be enabled whatever
        # the state, and the footer could no longer tell which keys apply.
        if not self.grid.has_focus:
            return
        editing = self._editing is not None
        if editing and self.editor.key(event):
            _take(event)
            return
        owner_key = self.keys.get(event.key)
        if owner_key is not None:
            _take(event)
            owner_key()
            return
        key = (_EDITING if editing else _ON_CELL).get(event.key)
        if key is not None and not key.priority:
            _take(event)
            await self.run_action(key.action)
        elif editing:
            if event.key in _WAIT:
                _take(event)
        elif event.key in _GRID:
            _take(event)
            await self.grid.run_action(_GRID[event.key])
        elif event.is_printable and event.character:
            # Typing on a cell starts editing it with that character, as in a spreadsheet.
            _take(event)
            self._type_on_cell(event)

    def _type_on_cell(self, event: events.Key) -> None:
        if not self.rows:
            # The first key on an empty table starts its first row.
            self.insert_row(0, self.new_row(0))
            self.post_message(self.Changed(self, "add", 0))
            attrs = [c.attr for c in self.columns]
            start = attrs.index(self.start_column) if self.start_column in attrs else 0
            self.grid.move_cursor(column=start)
        column = self.columns[self.grid.cursor_column]
        if not column.editable:
            column = next(c for c in self.columns if c.editable)
        if column.kind in ("choice", "bool"):
            # The key that opens the list also chooses: "1" on a priority is P1.
            if self.start_edit(column.attr):
                self.editor.key(event)
        else:
            self.start_edit(column.attr, text=event.character)

    def _next_cell(self, step: int) -> tuple[int, int] | None:
        """The editable cell `step` (1 or -1) away in reading order, row after row; None past
        the table's last (or before its first) editable cell."""
        if not self.rows or not self.grid.columns:
            return None
        count = len(self.columns)
        place = self.cursor_row * count + self.grid.cursor_column + step
        while 0 <= place < len(self.rows) * count:
            if self.columns[place % count].editable:
                return divmod(place, count)
            place += step
        return None

    def action_next_cell(self, step: int) -> None:
        """Save the cell being edited (a refused value stays), then the editable cell `step`
        (1 or -1) away, row after row; past the last (first) cell, the next (previous) field,
        so a table is tabbed through like the rest of the form."""
        if self._editing is not None and not self._save():
            return
        target = self._next_cell(step)
        if target is None:
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        self.grid.move_cursor(row=target[0], column=target[1])

    def action_next_row(self, step: int) -> None:
        """Save the cell being edited, then the same column `step` rows away."""
        if self._save():
            self.grid.move_cursor(row=self.grid.cursor_row + step)

    def on_paste(self, event: events.Paste) -> None:
        # A paste keeps every line (the box wraps them; the model stores them as they are).
        if not self.grid.has_focus or not event.text:
            return
        event.stop()
        if self._editing is not None:
            self.editor.type(event.text)
        elif self.rows:
            column = self.columns[self.grid.cursor_column]
            if column.editable and column.kind not in ("choice", "bool"):
                self.start_edit(column.attr, text=event.text)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_parts()
        # Leaving the table (Tab out, a click elsewhere, another section) keeps an accepted
        # value, like moving off a spreadsheet cell; a refused one keeps the box open.
        if self._editing is not None and not self.invalid and not self.grid.has_focus:
            if self.editor.kind == "choice":
                self._finish(committed=False)  # moving off a list is not choosing from it
            else:
                self._save()

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        # A click on the current cell edits it, as Enter does.
        event.stop()
        if self._editing is None:
            self.start_edit()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        when = TABLE_KEYS.when(action)
        if when is None:
            return True
        # The table's keys only while the table itself has focus, each in its state.
        if not self.grid.has_focus or (when != "any" and (when == "editing") != (
                self._editing is not None)):
            return False
        if action == "undo":
            return bool(self._deleted)
        return action not in _NEEDS_ROWS or bool(self.rows)

    def action_edit(self) -> None:
        self._in_order("enter")

    def _edit_now(self) -> None:
        if not self.rows:
            self.action_add()
        else:
            self.start_edit()

    def action_clear_cell(self) -> None:
        column = self.columns[self.grid.cursor_column]
        if column.kind in ("choice", "bool"):
            self.start_edit()
        else:
            self.start_edit(text="")

    def insert_row(self, index: int, row: Any) -> None:
        """Put a row in at `index`, in the model and the table."""
        self.rows.insert(index, row)
        grid = self.grid
        if grid.columns:
            # The data table only appends: add the row at the end, then move it to its place by
            # sorting on each row's place (no cell is drawn again, so 500 rows stay quick).
            before = [grid.get_cell_at(Coordinate(i, 0)) for i in range(grid.row_count)]
            cells = self._cells(index)
            grid.add_row(*cells, height=self._height(cells))
            place = {id(first): i + (i >= index) for i, first in enumerate(before)}
            place[id(cells[0])] = index
            grid.sort(self.columns[0].attr, key=lambda first: place[id(first)])
            if any(c.kind == "index" for c in self.columns):
                self.refresh_rows(index)
            grid.move_cursor(row=index)
        self._sync_state()

    def action_add(self) -> None:
        index = self.cursor_row + 1 if self.rows else 0
        self.insert_row(index, self.new_row(index))
        self.post_message(self.Changed(self, "add", index))
        first = self.start_column or next(c for c in self.columns if c.editable).attr
        self.start_edit(first)

    def action_delete(self) -> None:
        if not self.rows:
            return
        index = self.cursor_row
        question = self.confirm_delete(index, self.rows[index]) if self.confirm_delete else None
        if question:
            self.post_message(self.DeleteAsked(self, index, question))
        else:
            self._delete(index)

    def answer_delete(self, index: int, yes: bool) -> None:
        """The answer to `DeleteAsked`: delete row `index` if yes; the table has the focus
        again either way."""
        if yes and index < len(self.rows):
            self._delete(index)
        self.grid.focus()

    def _delete(self, index: int) -> None:
        row = self.rows.pop(index)
        self._deleted.append((index, row))
        grid = self.grid
        if grid.columns:
            grid.remove_row(grid.coordinate_to_cell_key(Coordinate(index, 0)).row_key)
            if any(c.kind == "index" for c in self.columns):
                self.refresh_rows(index)
        self._sync_state()
        self.refresh_bindings()
        undo = TABLE_KEYS.name("undo")
        self.notify(f"{self.label}: row {index + 1} deleted; {undo} brings it back", timeout=4)
        self.post_message(self.Changed(self, "delete", index))

    def action_undo(self) -> None:
        if not self._deleted:
            return
        index, row = self._deleted.pop()
        index = min(index, len(self.rows))
        self.insert_row(index, row)
        self.refresh_bindings()
        self.post_message(self.Changed(self, "restore", index))

    def action_move(self, step: int) -> None:
        index = self.cursor_row
        target = index + step
        if index < 0 or not 0 <= target < len(self.rows):
            return
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self.refresh_row(index)
        self.refresh_row(target)
        self.grid.move_cursor(row=target)
        self.post_message(self.Changed(self, "move", target))

    # --- outside -------------------------------------------------------------------------

    def goto(self, index: int | None = None, attr: str | None = None) -> None:
        """Focus the table on a row and column (the export dialog's "jump to")."""
        grid = self.grid
        grid.focus()
        if not grid.columns:
            # Not laid out yet (a form just built): go there once it is.
            self._pending_goto = (index, attr)
            return
        if not self.rows:
            return
        row = grid.cursor_row if index is None else max(0, min(index, len(self.rows) - 1))
        col = grid.cursor_column
        if attr is not None:
            col = next((i for i, c in enumerate(self.columns) if c.attr == attr), col)
        grid.move_cursor(row=row, column=col, scroll=True)

    def resume(self, index: int | None, attr: str | None) -> None:
        """Put the cursor on the cell the author left (row `index`, column `attr`) the first
        time the table is entered, and from then on report each move (`CursorMoved`).

        Later calls do nothing: the table keeps its own cursor for the rest of the session.
        """
        if self._resumed:
            return
        self._resumed = True
        if index is not None or attr is not None:
            self.goto(index, attr)

    def focus(self, scroll_visible: bool = True) -> EditableTable:
        self.grid.focus(scroll_visible)
        return self
