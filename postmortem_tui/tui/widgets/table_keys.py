"""The keys of the editable tables, of the bullet lists, of the timeline and of its Import
events, each written once.

Each widget's `BINDINGS`, the line of keys under a table, the edit box's keys, the F1 help and
the docstring table under each `BINDINGS` are made from these maps (a test holds the docstrings
to them). The bullet lists take the tables' keys for the same verbs. The timeline's own keys are
its form's, which its table runs in order with typing (`KeyMap.handlers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

When = Literal["cursor", "editing", "any"]
"""`cursor`: on the widget's cursor, nothing being edited; `editing`: while a value is being
edited (a table's edit box is open, or a bullet is in the box under its list); `any`: both."""

# The same verbs have the same keys in tables and bullet lists.
ADD = "ctrl+a,insert"
DELETE = "delete,ctrl+d"
UNDO = "ctrl+z"
MOVE_UP = "shift+up"
MOVE_DOWN = "shift+down"

_NAMES = {"escape": "Esc", "pageup": "PgUp", "pagedown": "PgDn", "slash": "/"}


def key_name(key: str) -> str:
    """A Textual key as the help writes it: `ctrl+a` is Ctrl+A, `escape` is Esc; a letter
    alone stays as it is typed (`n`)."""
    *modifiers, last = key.split("+")
    if len(last) == 1:
        last = last.upper() if modifiers else last
    else:
        last = _NAMES.get(last, last.capitalize())
    return "+".join([*(m.capitalize() for m in modifiers), last])


@dataclass(frozen=True)
class TableKey:
    """One key of a table or a bullet list: the binding it makes and how each place names it.

    Args:
        keys: Textual key names, comma-separated as in a `Binding` (`ctrl+a,insert`).
        action: the widget's action, with its parameters as Textual writes them (`move(-1)`).
        description: the binding's description, which the footer shows.
        when: when the key applies; the widget's `check_action` asks this.
        show: whether the footer shows it.
        key_display: how the footer writes the key (Textual's own way when None).
        priority: a priority binding, run as the key is read (see the table's Enter and Esc).
        hint: its words in the line of keys under the widget ("" for none).
        help: its row in F1 help and the docstring; "" when the row of a key before it, named
            in that row's `help_keys`, covers it.
        help_keys: the keys as that row names them (default: `keys`, written as `key_name`).
    """

    keys: str
    action: str
    description: str
    when: When = "cursor"
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    hint: str = ""
    help: str = ""
    help_keys: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The Textual key names, one by one."""
        return tuple(key.strip() for key in self.keys.split(","))

    @property
    def action_name(self) -> str:
        """The action without its parameters (`move`), as `check_action` is asked."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show,
                       key_display=self.key_display, priority=self.priority)

    def applies(self, when: When) -> bool:
        return self.when in (when, "any")


@dataclass(frozen=True)
class KeyMap:
    """The keys of one kind of widget, in the order of its bindings (the footer's order).

    Args:
        keys: the keys.
        on_cursor: where a `cursor` or `any` key applies, as its help row begins.
        editing: where an `editing` key applies, as its help row begins.
    """

    keys: tuple[TableKey, ...]
    on_cursor: str
    editing: str

    def bindings(self) -> list[BindingType]:
        """The widget's `BINDINGS`."""
        return [key.binding() for key in self.keys]

    def on(self, when: Literal["cursor", "editing"]) -> dict[str, TableKey]:
        """Each Textual key name that applies `when`, to the key it is."""
        return {name: key for key in self.keys if key.applies(when) for name in key.names}

    def when(self, action_name: str) -> When | None:
        """When the action applies; None if it is none of this map's."""
        return next((k.when for k in self.keys if k.action_name == action_name), None)

    def name(self, action: str) -> str:
        """The first key of an action as the help writes it (`undo`: Ctrl+Z), for messages."""
        return key_name(next(k for k in self.keys if k.action == action).names[0])

    def hint(self, when: Literal["cursor", "editing"]) -> str:
        """The line of keys that apply `when`, as the widget shows it."""
        return " · ".join(k.hint for k in self.keys if k.hint and k.applies(when))

    def handlers(self, owner: object) -> dict[str, Callable[[], object]]:
        """Each Textual key name to the owner's action method (`action_now`), for an
        `EditableTable`'s `keys`: the table runs them in order with typing."""
        return {name: getattr(owner, f"action_{key.action_name}")
                for key in self.keys for name in key.names}

    def rows(self) -> str:
        """The keys' rows of a Markdown table of keys (F1 help)."""
        lines = []
        for key in self.keys:
            if key.help:
                where = self.editing if key.when == "editing" else self.on_cursor
                keys = key.help_keys or " or ".join(key_name(name) for name in key.names)
                lines.append(f"| {keys} | {where}: {key.help} |\n")
        return "".join(lines)

    def markdown(self) -> str:
        """A Markdown table of the keys, as the docstring under the widget's `BINDINGS` has it."""
        return "| Key(s) | What it does |\n| :- | :- |\n" + self.rows()


TABLE_KEYS = KeyMap(
    (
        # Enter and Esc are priority bindings: the footer then names them rather than the data
        # table's hidden Enter, and the table puts them back in order with typing.
        TableKey("enter", "edit", "Edit", priority=True, hint="⏎/type edit",
                 help="edit the cell (typing replaces it; Backspace clears it)",
                 help_keys="Enter, or just type"),
        TableKey("enter", "save_cell", "Save cell", "editing", priority=True,
                 hint="Enter saves", help="save / put the old value back",
                 help_keys="Enter / Esc"),
        TableKey("escape", "cancel_edit", "Cancel edit", "editing", priority=True,
                 hint="Esc cancels"),
        TableKey("tab", "next_cell(1)", "Next cell", "any", show=False,
                 help="next / previous cell, row after row, then the next field",
                 help_keys="Tab / Shift+Tab"),
        TableKey("shift+tab", "next_cell(-1)", "Previous cell", "any", show=False),
        TableKey("up", "next_row(-1)", "Save, row above", "editing", show=False,
                 help="save and move to the row above / below", help_keys="Up / Down"),
        TableKey("down", "next_row(1)", "Save, row below", "editing", show=False),
        TableKey(ADD, "add", "Add row", key_display="^a", hint="^A add",
                 help="add a row after the current one"),
        TableKey(DELETE, "delete", "Delete row", key_display="del", hint="Del delete",
                 help="delete the row, and bring it back",
                 help_keys="Delete or Ctrl+D, then Ctrl+Z"),
        TableKey(UNDO, "undo", "Undo delete", hint="^Z undo"),
        TableKey(MOVE_UP, "move(-1)", "Move up", key_display="⇧↑", hint="⇧↑↓ move",
                 help="move the row up / down", help_keys="Shift+Up / Shift+Down"),
        TableKey(MOVE_DOWN, "move(1)", "Move down", key_display="⇧↓", show=False),
        TableKey("backspace", "clear_cell", "Clear cell", show=False),
    ),
    on_cursor="in a table",
    editing="in a cell's edit box",
)
"""The editable table's keys. The data table's own cursor keys (arrows, PgUp/PgDn, Home/End,
Ctrl+Home/End) are its `DataTable.BINDINGS`, which the table runs in order with typing too."""

BULLET_KEYS = KeyMap(
    (
        TableKey("enter", "edit", "Edit", help="edit the bullet (typing starts a new one)",
                 help_keys="Enter, or just type"),
        TableKey(DELETE, "delete", "Delete", help="delete the bullet, and bring it back",
                 help_keys="Delete or Ctrl+D, then Ctrl+Z"),
        TableKey(UNDO, "undo_delete", "Undo delete", show=False),
        TableKey(MOVE_UP, "move(-1)", "Move up", help="move the bullet up / down",
                 help_keys="Shift+Up / Shift+Down"),
        TableKey(MOVE_DOWN, "move(1)", "Move down", show=False),
        TableKey(ADD, "add", "Add", help="go to the box under the list, for a new bullet"),
        TableKey("escape", "cancel_edit", "Cancel edit", "editing", show=False,
                 hint="Esc cancels", help="save the bullet / leave it as it was",
                 help_keys="Enter / Esc"),
    ),
    on_cursor="in a bullet list",
    editing="editing a bullet",
)
"""The bullet list's keys: the tables' keys for the same verbs."""

TIMELINE_KEYS = KeyMap(
    (
        TableKey("ctrl+t", "now", "Time now", "any", hint="^T now",
                 help="the time now (COT) in the current row's time"),
        TableKey("ctrl+o", "sort", "Sort by time", hint="^O sort",
                 help="sort the rows by time (only on this key: rows never jump on their own)"),
        TableKey("ctrl+u", "use_times", "Header times", show=False,
                 help="the header's start/end follow first symptom / service restored"),
        TableKey("ctrl+l", "import_events", "Import events", show=False, hint="^L import",
                 help="import events from a shell history, a log, the pager or a Slack export"),
    ),
    on_cursor="timeline",
    editing="timeline",
)
"""The timeline form's own keys, beside its table's (`TABLE_KEYS`)."""

EVENT_LIST_KEYS = KeyMap(
    (
        # Enter reads the source in the path box (an Input's own key) and adds in the list.
        TableKey("enter", "confirm", "Add checked", priority=True, hint="⏎ read/add",
                 help="add the checked events"),
        TableKey("space", "select", "Check", show=False, hint="Space check",
                 help="check / uncheck the event"),
        TableKey("m", "milestone", "Milestone", hint="M milestone",
                 help="give the event's time to the milestone it proposes, or not"),
        TableKey("a", "all", "All/none", hint="A all",
                 help="check every event not in the timeline yet, or none"),
    ),
    on_cursor="in the list",
    editing="in the list",
)
"""The keys of Import events' list of proposed events."""

IMPORT_KEYS = KeyMap(
    (
        TableKey("ctrl+o", "other_source", "Other source", hint="^O another",
                 help="back to the path, for another source"),
        TableKey("escape", "cancel", "Cancel", hint="Esc cancel", help="close, adding nothing"),
    ),
    on_cursor="anywhere",
    editing="anywhere",
)
"""The Import events screen's own keys."""
