"""The open draft watched on disk: a change by another process (a sync, an editor, the writer a
read-only viewer follows) is noticed within a second and taken in, keeping what the author types.

`DraftWatch` looks at the file's stat every `INTERVAL` seconds (one `os.stat` on the UI
thread). When it changed, a worker reads and validates the file (`DraftSession.read_disk`) and
reports `Found`; the document takes it in on the UI thread (`DraftSession.take_in`: a three-way
merge, the author's edits kept; read-only, all of it), and then:

- the fields whose value changed show it again, except one holding text the model refused
  (the author's typing) and the focused one unless its cursor can be kept (a table cell being
  typed in waits: nothing is taken in until its editor closes, as `timeline add`'s rows wait);
- the author is told what came from disk and what was kept (changed on both sides), by the
  sections' and fields' names; a file that is not a valid draft, or gone, is said once;
- the draft is saved when the merge kept something the file has not;
- the screen hears `Reloaded` (the title, the sidebar's marks, the preview), and the status line
  says when (`SaveState.reloaded_at`).

A save refused because the file changed (`SaveSession.DiskChanged`) is taken in the same way.
A widget with nothing to draw, mounted by the save session it serves.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any
from weakref import WeakValueDictionary

from textual import work
from textual.message import Message
from textual.widget import Widget

from ..core import draft_session
from ..core.draft_session import DiskVersion
from ..core.record import Record
from .widgets.document_field import DocumentField, is_table
from .widgets.field_input import FieldInput

if TYPE_CHECKING:
    from textual.widgets import Input, TextArea

    from .save_session import SaveSession

INTERVAL = 0.5
"""Seconds between two looks at the file's stat: a change is shown within the second."""


class DraftWatch(Widget):
    """Notices the open draft changed on disk and takes the change in."""

    DEFAULT_CSS = """
    DraftWatch {
        display: none;
    }
    """

    class Found(Message, bubble=False):
        """The worker read the file (sent by its thread)."""

        def __init__(self, disk: DiskVersion | None) -> None:
            """Args:
            disk: what the file holds, None if it holds what was last read or written.
            """
            super().__init__()
            self.disk = disk

    class Reloaded(Message):
        """The document took in a change from disk: show what depends on all of it."""

        def __init__(self, reloaded: draft_session.Reloaded) -> None:
            """Args:
            reloaded: what taking it in did.
            """
            super().__init__()
            self.reloaded = reloaded

    def __init__(self, session: SaveSession) -> None:
        """Args:
        session: the open draft's save session (its draft, and saving what the merge kept).
        """
        super().__init__()
        self.session = session
        self._reading = False
        self._waiting: DiskVersion | None = None  # until no table cell is typed in
        self._stale: list[DocumentField] = []  # shown again once they lose the focus
        self._said: str | None = None  # the last warning, said once
        # By id: a field's `Changed` is a dataclass, compared by value and not hashable.
        self._echoes: WeakValueDictionary[int, DocumentField.Changed] = WeakValueDictionary()

    def on_mount(self) -> None:
        self.set_interval(INTERVAL, self.check, name="draft watch")

    def check(self) -> None:
        """Look at the file (a stat); read it in a worker if it changed."""
        self._show_stale()
        if self._waiting is not None:
            self.take_in(self._waiting)
        elif not self._reading and self.session.draft.changed_on_disk():
            self._reading = True
            self._read()

    @work(thread=True, exclusive=True, group="draft-watch", description="read the draft",
          exit_on_error=False)
    def _read(self) -> None:
        disk: DiskVersion | None = None
        try:
            disk = self.session.draft.read_disk()
        finally:
            with contextlib.suppress(RuntimeError):  # the app may be closing
                self.post_message(self.Found(disk))

    def on_draft_watch_found(self, message: Found) -> None:
        self._reading = False
        if message.disk is not None:
            self.take_in(message.disk)

    def catch_up(self) -> None:
        """Take in a change on disk now, on this thread (before a synchronous save)."""
        if self.session.draft.changed_on_disk():
            disk = self.session.draft.read_disk()
            if disk is not None:
                self.take_in(disk, wait=False)

    def take_in(self, disk: DiskVersion, *, wait: bool = True) -> None:
        """Merge `disk` into the document, show it, tell the author and save what it kept;
        while a table cell is typed in (its row may move), later (unless not `wait`)."""
        if not self.is_attached:
            return  # the draft was closed meanwhile
        fields = list(self.screen.query(DocumentField))
        if wait and any(is_table(f) and f.editing is not None for f in fields):
            self._waiting = disk
            return
        self._waiting = None
        before = [_plain(f.value) for f in fields]
        reloaded = self.session.draft.take_in(disk)
        if reloaded is not None:
            changed = [f for f, was in zip(fields, before, strict=True) if _plain(f.value) != was]
            self._show(reloaded, changed)

    def show(self, reloaded: draft_session.Reloaded) -> None:
        """Show what a synchronous save took in (the fields that changed are not known)."""
        if self.is_attached:
            self._show(reloaded, list(self.screen.query(DocumentField)))

    def _show(self, reloaded: draft_session.Reloaded, changed: list[DocumentField]) -> None:
        focused = self._focused_field()
        for field in changed:
            if field.invalid:
                continue  # it holds what the author is typing, which the model refused
            if field is focused:
                if _refresh_keeping_cursor(field):
                    self._heard(field)
                else:
                    self._stale.append(field)
            elif is_table(field) and field.editing is not None:
                self._stale.append(field)
            else:
                field.refresh_from_model()
                self._heard(field)
        self._tell(reloaded)
        self.post_message(self.Reloaded(reloaded))
        self.session.taken_in(
            save=reloaded.save and not reloaded.missing,
            shown=reloaded.error is None and not reloaded.missing,
        )

    def _show_stale(self) -> None:
        focused = self._focused_field()
        stale, self._stale = self._stale, []
        for field in stale:
            if field is focused or (is_table(field) and field.editing):
                self._stale.append(field)
            elif field.is_attached and not field.invalid:
                field.refresh_from_model()
                self._heard(field)

    def _heard(self, field: DocumentField) -> None:
        """Report a field shown again as changed, as `WizardScreen.set_field` does: its form
        follows (a duration, a word count, the timeline's notes). It is no edit of the
        author's: the wizard asks `echoed`, and saves nothing for it."""
        table = is_table(field)
        message = field.Changed(field, "import" if table else "edit")
        self._echoes[id(message)] = message
        field.post_message(message)

    def echoed(self, message: DocumentField.Changed) -> bool:
        """Whether a field's `Changed` only reports a value taken in from disk."""
        return self._echoes.get(id(message)) is message

    def _focused_field(self) -> DocumentField | None:
        node = self.screen.focused
        while node is not None and not isinstance(node, DocumentField):
            node = node.parent if isinstance(node.parent, Widget) else None
        return node

    def _tell(self, reloaded: draft_session.Reloaded) -> None:
        draft = self.session.draft
        if reloaded.error is not None or reloaded.missing:
            kept = ("The version last read is shown here." if draft.read_only else
                    "Your version is kept here, and saved there with your next edit.")
            if reloaded.missing:
                text = f"{draft.path.name} was removed or renamed on disk. {kept}"
            else:
                why = (reloaded.error or "").removeprefix(f"{draft.path}: ")
                text = f"{draft.path.name} is not a valid draft now ({why}). {kept}"
            if text != self._said:
                self._said = text
                self.notify(text, title="Draft changed on disk", severity="warning",
                            timeout=10, markup=False)
            return
        self._said = None
        if draft.read_only:
            return  # the writer's saves as they land: the status line says when
        lines = []
        if reloaded.from_disk:
            lines.append("From disk: " + ", ".join(reloaded.from_disk) + ".")
        if reloaded.conflicts:
            lines.append("Changed on disk and here, your text kept: "
                         + ", ".join(reloaded.conflicts) + ".")
        if lines:
            self.notify("\n".join(lines), title="Draft changed on disk",
                        severity="warning" if reloaded.conflicts else "information",
                        timeout=10 if reloaded.conflicts else 5, markup=False)


def _plain(value: Any) -> Any:
    """A field's value as plain data, to tell whether a merge changed it."""
    if isinstance(value, Record):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _refresh_keeping_cursor(field: DocumentField) -> bool:
    """Show the model's value in the focused field, the cursor where it was; False if that
    cannot be done here (a table, a list: shown once the focus leaves)."""
    if isinstance(field, FieldInput):
        box: Input = field.input
        at = box.cursor_position
        field.refresh_from_model()
        box.cursor_position = min(at, len(box.value))
        return True
    # Imported here: a draft opened on its header has no long text (nor the paste check it loads).
    from .widgets.long_text_field import LongTextField

    if isinstance(field, LongTextField) and not field.large:
        area: TextArea = field.text_area
        row, column = area.cursor_location
        field.refresh_from_model()
        last = area.document.line_count - 1
        row = min(row, last)
        area.cursor_location = (row, min(column, len(area.document.get_line(row))))
        return True
    return False
