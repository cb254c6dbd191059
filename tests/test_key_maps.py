"""The tables', bullet lists' and timeline's keys are written once (tui/widgets/table_keys.py): the
bindings, the line of keys under a table, the edit box's keys, the F1 help, the palette and the
docstrings are made from the maps, and the keys are run in order with typing."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import textwrap
from types import ModuleType

import pytest
from kit import wait_for
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from postmortem_tui.core.model import ContributingFactor, PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui import commands
from postmortem_tui.tui.screens import help as help_screen
from postmortem_tui.tui.screens import import_events
from postmortem_tui.tui.screens.home import HomeScreen
from postmortem_tui.tui.screens.import_events import ImportEventsScreen
from postmortem_tui.tui.sections import timeline
from postmortem_tui.tui.sections.timeline import TimelineForm
from postmortem_tui.tui.widgets import bullet_list, editable_table, event_checklist
from postmortem_tui.tui.widgets.bullet_list import BulletList
from postmortem_tui.tui.widgets.editable_table import Column, EditableTable
from postmortem_tui.tui.widgets.event_checklist import EventChecklist
from postmortem_tui.tui.widgets.table_keys import (
    BULLET_KEYS,
    EVENT_LIST_KEYS,
    IMPORT_KEYS,
    TABLE_KEYS,
    TIMELINE_KEYS,
    KeyMap,
    key_name,
)

MAPS = [(TABLE_KEYS, EditableTable, editable_table), (BULLET_KEYS, BulletList, bullet_list),
        (TIMELINE_KEYS, TimelineForm, timeline),
        (EVENT_LIST_KEYS, EventChecklist, event_checklist),
        (IMPORT_KEYS, ImportEventsScreen, import_events)]
IDS = ["table", "bullets", "timeline", "event list", "import"]


def bindings_docstring(module: ModuleType, cls: type) -> str:
    """The string under `cls.BINDINGS` in its module's source (where Textual documents keys)."""
    tree = ast.parse(inspect.getsource(module))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    for statement, after in zip(body.body, body.body[1:], strict=False):
        if (isinstance(statement, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "BINDINGS" for t in statement.targets)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)):
            return textwrap.dedent(str(after.value.value))
    raise AssertionError(f"no docstring under {cls.__name__}.BINDINGS")


@pytest.mark.parametrize(("keys", "cls", "module"), MAPS, ids=IDS)
def test_the_docstring_under_bindings_is_the_maps_table(keys: KeyMap, cls: type,
                                                        module: ModuleType) -> None:
    assert keys.markdown() in bindings_docstring(module, cls)


@pytest.mark.parametrize(("keys", "cls", "module"), MAPS, ids=IDS)
def test_the_bindings_are_the_maps_and_each_action_is_the_widgets(keys: KeyMap, cls: type,
                                                                  module: ModuleType) -> None:
    assert keys.bindings() == cls.BINDINGS  # type: ignore[attr-defined]
    for key in keys.keys:
        assert callable(getattr(cls, f"action_{key.action_name}", None)), key


@pytest.mark.parametrize("keys", [TABLE_KEYS, BULLET_KEYS, TIMELINE_KEYS], ids=IDS[:3])
def test_the_help_has_the_maps_rows_and_they_name_every_key(keys: KeyMap) -> None:
    assert keys.rows() in help_screen.KEYS
    for key in keys.keys:
        for name in key.names:
            assert key_name(name) in keys.rows(), (name, key)


def test_bullet_lists_take_the_tables_keys_for_the_same_verbs() -> None:
    table = {k.action_name: k.keys for k in TABLE_KEYS.keys}
    bullets = {k.action_name: k.keys for k in BULLET_KEYS.keys}
    for verb in ("edit", "add", "delete", "move"):
        assert bullets[verb] == table[verb], verb
    assert bullets["undo_delete"] == table["undo"]


def test_key_names_and_hints_as_shown() -> None:
    assert [key_name(k) for k in ("ctrl+a", "insert", "escape", "shift+tab", "pageup", "n",
                                  "slash")] == [
        "Ctrl+A", "Insert", "Esc", "Shift+Tab", "PgUp", "n", "/"]
    assert TABLE_KEYS.name("undo") == "Ctrl+Z"
    assert TABLE_KEYS.hint("cursor") == "⏎/type edit · ^A add · Del delete · ^Z undo · ⇧↑↓ move"
    assert TABLE_KEYS.hint("editing") == "Enter saves · Esc cancels"


def test_the_timeline_table_runs_the_forms_keys_and_says_them() -> None:
    form = TimelineForm(PostMortem.new(incident_id="INC-20250304-001", when=dt.date(2025, 3, 4)))
    handlers = TIMELINE_KEYS.handlers(form)
    assert set(handlers) == {"ctrl+t", "ctrl+o", "ctrl+u", "ctrl+l"}
    assert handlers["ctrl+o"] == form.action_sort
    assert TIMELINE_KEYS.hint("cursor") == "^T now · ^O sort · ^L import"
    # Its keys are its own: none is one the table runs itself, nor the data table's.
    assert not set(handlers) & (set(TABLE_KEYS.on("cursor")) | set(editable_table._GRID))
    # The help's other rows and the palette name no timeline key of their own.
    rest = help_screen.KEYS.replace(TIMELINE_KEYS.rows(), "")
    assert not any(f"| {key_name(name)} |" in rest for name in handlers)


def test_the_help_of_the_drafts_list_is_made_from_its_bindings() -> None:
    rows = help_screen.HOME_KEYS
    for binding in Binding.make_bindings(HomeScreen.BINDINGS):
        assert f"on the drafts list: {binding.tooltip}" in rows, binding
        assert key_name(binding.key) in rows, binding
    assert "| i | on the drafts list: import a post-mortem's Markdown" in rows
    assert "| / or Ctrl+F |" in rows


async def test_f1_on_the_drafts_list_shows_its_keys(store: DraftStore) -> None:
    from kit import make_app
    from textual.widgets import Markdown

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, help_screen.HelpScreen))
        shown = app.screen.query_one(Markdown).source
        assert shown.startswith("## The drafts list") and help_screen.HOME_KEYS in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_import_events_says_its_keys_from_the_maps() -> None:
    doc = PostMortem.new(incident_id="INC-20250304-001", when=dt.date(2025, 3, 4))

    class Importing(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ImportEventsScreen(doc))

    app = Importing()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ImportEventsScreen))
        shown = str(app.screen.query_one("#import-keys").render())
        assert shown == "⏎ read/add · Space check · M milestone · A all · ^O another · Esc cancel"


def test_the_palette_names_the_timeline_keys_from_the_map() -> None:
    source = inspect.getsource(commands)
    names = [name for key in TIMELINE_KEYS.keys for name in key.names]
    assert names and not any(key_name(name) in source for name in names)


def test_the_table_runs_the_data_tables_own_cursor_keys() -> None:
    grid = {b.key: b.action for b in Binding.make_bindings(DataTable.BINDINGS)}
    assert grid == {**editable_table._GRID, "enter": "select_cursor"}


# --- in a table ------------------------------------------------------------------------------


def factors(count: int) -> list[ContributingFactor]:
    return [ContributingFactor(title=f"F{n}") for n in range(1, count + 1)]


class OneTable(App[None]):
    def __init__(self, rows: list[ContributingFactor], keys_hint: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.keys_hint = keys_hint

    def compose(self) -> ComposeResult:
        columns = [Column("title", "Title"), Column("description", "Description")]
        yield EditableTable(self.rows, columns, label="Factors",
                            new_row=lambda index: ContributingFactor(),
                            keys_hint=self.keys_hint, id="one")


async def table_ready(pilot) -> EditableTable:  # type: ignore[no-untyped-def]
    t = pilot.app.query_one(EditableTable)
    t.focus()
    await wait_for(pilot, lambda: pilot.app.focused is t.grid and bool(t.grid.columns))
    await pilot.pause()
    return t


async def test_the_line_of_keys_and_the_edit_box_say_the_maps_hints():
    app = OneTable(factors(2), keys_hint="^T now")
    async with app.run_test(size=(100, 20)) as pilot:
        t = await table_ready(pilot)
        shown = str(t.query_one("#table-keys").render())
        assert shown == f"{TABLE_KEYS.hint('cursor')} · ^T now"
        await pilot.press("enter")
        await wait_for(pilot, lambda: t.editing == (0, "title"))
        label = str(t.editor.query_one("#cell-label").render())
        assert label.endswith(TABLE_KEYS.hint("editing"))
        empty = inspect.signature(EditableTable).parameters["empty_text"].default
        assert TABLE_KEYS.name("add") in empty


async def test_table_keys_typed_ahead_land_in_order():
    rows = factors(3)
    app = OneTable(rows)
    async with app.run_test(size=(100, 20)) as pilot:
        t = await table_ready(pilot)
        # All at once, as a fast typist or a terminal replaying input sends them: each key must
        # act on the row the keys before it left.
        burst = ["down", "ctrl+a", *"New", "enter", "shift+up", "down", "delete", "x"]
        for key in burst:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(pilot, lambda: t.editing is not None and t.editor.text == "x")
        # F2 was deleted from under the new row moved up, and "x" typed on the row after it.
        assert [r.title for r in rows] == ["F1", "New", "x"]
        assert t.editing == (2, "title") and t._deleted[-1][1].title == "F2"


async def test_while_a_cell_is_edited_the_cursor_keys_wait():
    rows = factors(4)
    app = OneTable(rows)
    async with app.run_test(size=(100, 20)) as pilot:
        t = await table_ready(pilot)
        await pilot.press("down", "down", "x")
        assert t.editing == (2, "title")
        await pilot.press("ctrl+home", "pagedown", "shift+up", "ctrl+z", "insert")
        await pilot.pause()
        assert t.editing == (2, "title") and t.cursor_row == 2
        assert [r.title for r in rows] == ["F1", "F2", "x", "F4"]
        await pilot.press("down")  # saves, then the row below
        await wait_for(pilot, lambda: t.editing is None and t.cursor_row == 3)
        assert rows[2].title == "x"


async def test_the_footer_keys_follow_the_tables_state():
    app = OneTable(factors(2))
    async with app.run_test(size=(100, 20)) as pilot:
        t = await table_ready(pilot)

        def shown() -> list[str]:
            # One a key's action, as the footer shows them (Ctrl+A and Insert are one "Add row").
            return list(dict.fromkeys(b.binding.description
                                      for b in app.screen.active_bindings.values()
                                      if b.binding.show and b.node is t))

        assert shown() == ["Edit", "Add row", "Delete row", "Move up"]
        await pilot.press("delete")
        await wait_for(pilot, lambda: len(app.rows) == 1)
        assert shown() == ["Edit", "Add row", "Delete row", "Undo delete", "Move up"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: t.editing is not None)
        assert shown() == ["Save cell", "Cancel edit"]


# --- in a bullet list ------------------------------------------------------------------------


class OneList(App[None]):
    def __init__(self, items: list[str]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        yield BulletList(self.items, label="Went well", id="one")


async def test_esc_leaves_a_bullet_as_it_was():
    items = ["alert fired", "rollback worked"]
    app = OneList(items)
    async with app.run_test(size=(80, 16)) as pilot:
        bullets = app.query_one(BulletList)
        bullets.list_view.focus()
        await wait_for(pilot, lambda: bullets.list_view.index == 0)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: bullets.input.value == "rollback worked")
        hint = str(bullets.query_one(".bullets--hint").render())
        assert hint.endswith(BULLET_KEYS.hint("editing"))
        await pilot.press("end", "x")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is bullets.list_view)
        assert bullets.input.value == "" and items == ["alert fired", "rollback worked"]
        await pilot.press("escape")  # nothing being edited: not the list's key
        assert app.focused is bullets.list_view
