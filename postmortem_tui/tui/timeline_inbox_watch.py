"""The wizard's side of `timeline add` while it has the draft open: the command cannot write a
draft whose lock the wizard holds, so it queues the event beside it (`core.timeline_inbox`).
Every second the wizard looks; rows queued since go into its timeline in time order, the draft
is saved at once, and only then are they forgotten, so neither side loses anything."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ..core.errors import DraftError

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..core.model import TimelineEvent
    from .app import PostmortemApp

INTERVAL = 1.0
"""Seconds between two looks at the queue."""

_WATCHES: WeakKeyDictionary[PostmortemApp, InboxWatch] = WeakKeyDictionary()


def watch_inbox(app: PostmortemApp) -> None:
    """Start looking at the queue of whatever draft the app has open (once per app)."""
    if app not in _WATCHES:
        _WATCHES[app] = InboxWatch(app)


class InboxWatch:
    """Looks at the open draft's queue and takes its rows in."""

    def __init__(self, app: PostmortemApp) -> None:
        """Args:
        app: the app whose open draft (its save session's) takes the rows.
        """
        self.app = app
        self._seen: tuple[str, int, int] | None = None  # the queue as last taken in
        self.timer: Timer = app.set_interval(INTERVAL, self.check, name="timeline inbox")

    def check(self) -> None:
        # Imported at the first look, a second after the draft opened, not while it opens.
        from ..core import timeline_inbox

        app = self.app
        session = app.session
        if session is None or session.draft.read_only:
            return
        doc, path = session.draft.doc, session.draft.path
        try:
            st = timeline_inbox.inbox_path(path).stat()
        except OSError:
            return
        seen = (str(path), st.st_size, st.st_mtime_ns)
        if st.st_size == 0 or seen == self._seen:
            return
        form = self._timeline_form()
        if form is not None and form.table.editing is not None:
            return  # not under a cell being typed in: once it is saved
        try:
            queued = timeline_inbox.pending(path)
        except DraftError:
            return
        from pydantic_core import ValidationError

        from ..core.model import TimelineEvent
        from ..core.timeline_rows import insert_events

        rows = []
        for data in queued:
            with contextlib.suppress(ValidationError):  # spoilt by hand: no event
                rows.append(TimelineEvent.model_validate(data))
        added = insert_events(doc, rows)
        if added:
            self._show(added)
            if app.save_sync() is not None:
                return  # not saved (the app says why, and retries): keep them queued
        try:
            timeline_inbox.forget(path, [str(d["source_key"]) for d in queued])
        except DraftError:
            return
        self._seen = None

    def _timeline_form(self) -> TimelineForm | None:
        from .sections.timeline import TimelineForm

        for screen in self.app.screen_stack:
            found = screen.query(TimelineForm)
            if found:
                return found.first()
        return None

    def _show(self, added: list[TimelineEvent]) -> None:
        from .screens.wizard import WizardScreen
        from .widgets.editable_table import EditableTable

        form = self._timeline_form()
        if form is not None:
            table = form.table
            table.refresh_from_model()
            doc = form.doc
            table.post_message(EditableTable.Changed(table, "import", doc.timeline.index(added[0])))
        else:
            for screen in self.app.screen_stack:
                if isinstance(screen, WizardScreen):
                    screen.post_message(WizardScreen.Edited())
        what = added[0].event if len(added) == 1 else f"{len(added)} events"
        self.app.notify(f"Added from the command line: {what}", title="Timeline", timeout=5,
                        markup=False)


if TYPE_CHECKING:
    from .sections.timeline import TimelineForm
