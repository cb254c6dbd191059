"""A list of bullets edited as a list: add, edit, delete, reorder."""

from __future__ import annotations

from collections.abc import Callable, MutableSequence
from typing import Any, Literal

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label, ListItem, ListView, Static

from .document_field import DocumentField
from .fast_input import FastInput
from .table_keys import BULLET_KEYS


class BulletList(DocumentField):
    """Bullets of one list of the document (gaps, verification steps, lessons, ...).

    Type in the box under the list and press Enter to add a bullet. On the list, typing starts
    a new bullet in the box and the keys are the tables' (under `BINDINGS`): no letter is a
    command.
    """

    BINDINGS = BULLET_KEYS.bindings()
    """
    | Key(s) | What it does |
    | :- | :- |
    | Enter, or just type | in a bullet list: edit the bullet (typing starts a new one) |
    | Delete or Ctrl+D, then Ctrl+Z | in a bullet list: delete the bullet, and bring it back |
    | Shift+Up / Shift+Down | in a bullet list: move the bullet up / down |
    | Ctrl+A or Insert | in a bullet list: go to the box under the list, for a new bullet |
    | Enter / Esc | editing a bullet: save the bullet / leave it as it was |
    """

    DEFAULT_CSS = """
    BulletList > ListView {
        height: auto;
        max-height: 12;
        background: $surface;
    }
    BulletList > ListView > ListItem {
        padding: 0 1;
        layout: horizontal;
        height: auto;
    }
    BulletList > ListView > ListItem > .bullets--mark {
        width: 2;
    }
    /* One line a bullet, cut with an ellipsis (the highlighted one of the list in use is
       shown whole: `_show_whole`). */
    BulletList > ListView > ListItem > .bullets--text {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    BulletList > .bullets--empty {
        color: $text-muted;
        padding: 0 1;
        text-style: italic;
        display: none;
    }
    BulletList > #bullet-input {
        background: $boost;
    }
    BulletList > #bullet-input:focus {
        background: $surface-lighten-1;
    }
    BulletList > .bullets--hint {
        color: $text-muted;
        height: auto;
    }
    BulletList.-empty > ListView {
        display: none;
    }
    BulletList.-empty > .bullets--empty {
        display: block;
    }
    """

    def __init__(
        self,
        items: MutableSequence[Any],
        *,
        label: str,
        placeholder: str = "Type a bullet and press Enter",
        to_text: Callable[[Any], str] = str,
        from_text: Callable[[str], Any] = str,
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        items: the document's list, edited in place.
        label: shown above the list.
        placeholder: shown in the empty box under the list.
        to_text: how an item is shown and edited as one line of text.
        from_text: how a line of text becomes an item again.
        id: the widget's id (`core.sections.field_id`).
        """
        super().__init__(items, label=label, id=id)
        self.items = items
        self.placeholder = placeholder
        self.to_text = to_text
        self.from_text = from_text
        self._editing: int | None = None
        self._deleted: tuple[int, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield ListView(*(self._item(value) for value in self.items))
        yield Static("None yet.", classes="bullets--empty")
        # Never selected on focus: typing on the list, or Enter to edit, goes on at the end.
        yield FastInput(
            placeholder=self.placeholder, compact=True, select_on_focus=False, id="bullet-input"
        )
        yield Static("", classes="bullets--hint")

    def on_mount(self) -> None:
        self._sync_state()

    def _item(self, value: Any) -> ListItem:
        text = self._shown(value)
        return ListItem(Label("•", classes="bullets--mark"),
                        Label(Content(text), classes="bullets--text"))

    def _shown(self, value: Any) -> str:
        return self.to_text(value).replace("\n", " ⏎ ")

    @property
    def list_view(self) -> ListView:
        return self.query_one(ListView)

    @property
    def input(self) -> Input:
        return self.query_one("#bullet-input", Input)

    def _sync_state(self) -> None:
        self.set_class(not self.items, "-empty")
        hint = self.query_one(".bullets--hint", Static)
        hint.display = self._editing is not None
        if self._editing is not None:
            keys = BULLET_KEYS.hint("editing")
            hint.update(f"Editing bullet {self._editing + 1}: Enter saves, {keys}")

    async def _rebuild(self, index: int | None = None) -> None:
        view = self.list_view
        await view.clear()
        await view.extend(self._item(value) for value in self.items)
        if index is not None and self.items:
            view.index = max(0, min(index, len(self.items) - 1))
        self._sync_state()
        self._show_whole()

    def _changed(self) -> None:
        self.post_message(self.Changed(self))

    def _show_whole(self) -> None:
        """The highlighted bullet of the list in use wraps, whole, under its own text; the
        others take one line each."""
        view = self.list_view
        whole = view.index if view.has_focus else None
        for i, label in enumerate(view.query(".bullets--text").results(Label)):
            # A bullet that fits stays as it is: moving onto it needs no layout.
            width = label.content_size.width
            cut = i == whole and i < len(self.items) and (
                not width or cell_len(self._shown(self.items[i])) > width)
            wrap: Literal["wrap", "nowrap"] = "wrap" if cut else "nowrap"
            if label.styles.text_wrap != wrap:
                # Set here rather than by a rule on the highlight: Textual measures a widget
                # again when its text changes, not when its text-wrap does.
                label.styles.text_wrap = wrap
                label.refresh(layout=True)

    def on_resize(self, event: events.Resize) -> None:
        self._show_whole()
        # The box shows its example cut to its width, ending with an ellipsis.
        width = self.input.content_size.width or event.size.width
        example = Content(self.placeholder)
        fitted = example.truncate(width, ellipsis=True).plain if (
            example.cell_length > width) else self.placeholder
        if self.input.placeholder != fitted:
            self.input.placeholder = fitted

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        self._show_whole()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_whole()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_whole()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self._editing is not None:
            index, self._editing = self._editing, None
            if text:
                self.items[index] = self.from_text(text)
            else:
                del self.items[index]
            event.input.value = ""
            await self._rebuild(index)
            self.list_view.focus()
            self._changed()
            return
        if not text:
            return
        self.items.append(self.from_text(text))
        event.input.value = ""
        await self._rebuild(len(self.items) - 1)
        self._changed()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        self.action_edit()

    def on_key(self, event: events.Key) -> None:
        # Any printable key is no binding's.
        if event.is_printable and event.character and self.list_view.has_focus:
            # Typed on the list: the start of a new bullet (letters were commands once, and
            # what the author typed ran as them).
            event.stop()
            event.prevent_default()
            self.action_add()
            self.input.insert_text_at_cursor(event.character)

    def action_cancel_edit(self) -> None:
        self._editing = None
        self.input.value = ""
        self._sync_state()
        self.list_view.focus()

    def action_add(self) -> None:
        self._editing = None
        self.input.focus()
        self._sync_state()

    def action_edit(self) -> None:
        index = self.list_view.index
        if index is None or not self.items:
            return
        self._editing = index
        self.input.value = self.to_text(self.items[index])
        self.input.focus()
        self._sync_state()

    async def action_delete(self) -> None:
        index = self.list_view.index
        if index is None or not self.items or not self.list_view.has_focus:
            return
        self._deleted = (index, self.items.pop(index))
        await self._rebuild(index)
        self.notify(f"Bullet deleted; {BULLET_KEYS.name('undo_delete')} brings it back",
                    timeout=4)
        self._changed()

    async def action_undo_delete(self) -> None:
        if self._deleted is None:
            return
        index, value = self._deleted
        self._deleted = None
        self.items.insert(min(index, len(self.items)), value)
        await self._rebuild(index)
        self._changed()

    async def action_move(self, step: int) -> None:
        index = self.list_view.index
        if index is None or not self.list_view.has_focus:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        await self._rebuild(target)
        self._changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        when = BULLET_KEYS.when(action)
        if when == "editing":
            return self._editing is not None
        # The list's keys only while the list itself has focus, not the box under it.
        return self.list_view.has_focus if when is not None else True

    def refresh_from_model(self) -> None:
        self.call_later(self._rebuild, self.list_view.index)

    def goto(self, index: int | None = None, attr: str | None = None) -> None:
        self.focus()
        if index is not None and self.items:
            self.list_view.index = min(index, len(self.items) - 1)
            self.list_view.focus()

    def focus(self, scroll_visible: bool = True) -> BulletList:
        if self.items:
            self.list_view.focus(scroll_visible)
        else:
            self.input.focus(scroll_visible)
        return self
