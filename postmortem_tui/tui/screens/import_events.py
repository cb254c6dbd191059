"""Import events, from the timeline: a source's events (a shell history, a log, the pager, a
Slack export) proposed as rows, checked or not, added in time order."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Static
from textual.widgets.selection_list import Selection

from ...core import timeutil
from ...core.errors import DraftError
from ...core.text import fit
from ...core.timeline_import import (
    Plan,
    Proposal,
    Window,
    default_window,
    plan,
    read_all,
    window_for,
)
from ...core.timeline_sources import ReadOptions, SourceReport
from ..path_suggester import PathSuggester
from ..widgets.event_checklist import EventChecklist
from ..widgets.table_keys import EVENT_LIST_KEYS, IMPORT_KEYS

if TYPE_CHECKING:
    from ...core.model import PostMortem
    from ..sections.timeline import TimelineForm

PROGRESS_EVERY = 0.1
"""Seconds between two progress reports of a big source (the UI repaints for each)."""
ACTOR_WIDTH = 14


class ImportEventsScreen(ModalScreen[list[Proposal] | None]):
    """Reads sources in a thread (the screen answers keys meanwhile, with its progress shown)
    and lists their events in the window: those not in the timeline yet checked, those in it
    shown unchecked. Enter on the list closes the screen with the checked proposals; the form
    that opened it puts them in. Sources are read by the core; this screen writes nothing.

    In the path box Enter reads the source (again) and → takes the path's completion; in the
    window's boxes Enter reads every source again in the new window. The list's keys are
    `EventChecklist.BINDINGS`; the screen's own are under `BINDINGS`.
    """

    CSS_PATH = "import_events.tcss"

    BINDINGS = IMPORT_KEYS.bindings()
    """
    | Key(s) | What it does |
    | :- | :- |
    | Ctrl+O | anywhere: back to the path, for another source |
    | Esc | anywhere: close, adding nothing |
    """

    class Progress(Message):
        """How far the reading is."""

        def __init__(self, path: Path, done: int, total: int) -> None:
            self.path, self.done, self.total = path, done, total
            super().__init__()

    class Read(Message):
        """Sources read."""

        def __init__(self, reports: list[SourceReport], window: Window) -> None:
            self.reports, self.window = reports, window
            super().__init__()

    class Failed(Message):
        """A source could not be read (nothing of it is proposed)."""

        def __init__(self, message: str) -> None:
            self.message = message
            super().__init__()

    def __init__(self, doc: PostMortem, *, now: dt.datetime | None = None,
                 path: str = "") -> None:
        """Args:
        doc: the post-mortem; its timeline says which events are there already.
        now: the time (COT) an open incident's window ends; now when None.
        path: a source to offer in the path box.
        """
        super().__init__()
        self.doc = doc
        self.now = now
        self.initial_path = path
        self.reports: dict[Path, SourceReport] = {}
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Static("Import events into the timeline", id="import-title")
            with Horizontal(id="import-source"):
                yield Label("Source", classes="import-label")
                yield Input(
                    self.initial_path,
                    placeholder="~/.zsh_history, a log, pagerduty.json, a Slack folder "
                    "(→ completes)",
                    suggester=PathSuggester(), id="import-path",
                )
            with Horizontal(id="import-window"):
                yield Label("Window", classes="import-label")
                yield Input(placeholder="HH:MM", id="import-since")
                yield Label("to", id="import-to")
                yield Input(placeholder="HH:MM", id="import-until")
                yield Static("COT", id="import-day", markup=False)
            yield ProgressBar(show_eta=False, id="import-progress")
            yield Static("", id="import-status", markup=False)
            yield EventChecklist(id="import-events")
            yield Static("", id="import-count", markup=False)
            yield Static(f"{EVENT_LIST_KEYS.hint('cursor')} · {IMPORT_KEYS.hint('cursor')}",
                         id="import-keys", markup=False)

    def on_mount(self) -> None:
        try:
            window = default_window(self.doc, self._now())
        except DraftError:
            self._status("The incident has no start time: type the window (HH:MM, COT).")
        else:
            self._show_window(window)
        self.query_one("#import-progress").display = False
        self._count()
        self.query_one("#import-path", Input).focus()

    def _now(self) -> dt.datetime:
        return self.now or timeutil.now_cot()

    def _show_window(self, window: Window) -> None:
        self.query_one("#import-since", Input).value = f"{window.since:%H:%M}"
        self.query_one("#import-until", Input).value = f"{window.until:%H:%M}"
        day = f"COT, {window.since:%Y-%m-%d}" + (" (until now)" if window.open_ended else "")
        self.query_one("#import-day", Static).update(day)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    # --- reading ---------------------------------------------------------------------------

    def _window(self) -> Window | None:
        since = self.query_one("#import-since", Input).value.strip() or None
        until = self.query_one("#import-until", Input).value.strip() or None
        try:
            return window_for(self.doc, self._now(), since, until)
        except DraftError as exc:
            self._status(str(exc), error=True)
            self.query_one("#import-since", Input).focus()
            return None

    @on(Input.Submitted, "#import-path")
    def _path_given(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._status("Type the path of a source first.", error=True)
            return
        self._start([Path(text).expanduser()])

    @on(Input.Submitted, "#import-since, #import-until")
    def _window_given(self) -> None:
        if self.reports:
            self._start(list(self.reports))
        else:
            self.query_one("#import-path", Input).focus()

    def _start(self, paths: list[Path]) -> None:
        window = self._window()
        if window is None:
            return
        options = ReadOptions(since=window.since, until=window.until,
                              day=self.doc.header.date or self._now().date())
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(f"Reading {', '.join(p.name for p in paths)}…")
        self._read(paths, options, window)

    @work(thread=True, exclusive=True, group="import-read", description="read event sources")
    def _read(self, paths: list[Path], options: ReadOptions, window: Window) -> None:
        last = 0.0

        def heard(path: Path, done: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                last = now
                self.post_message(self.Progress(path, done, _size(path)))

        try:
            reports = read_all(paths, options, progress=heard)
        except DraftError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Read(reports, window))

    def on_import_events_screen_progress(self, message: Progress) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(message.total, 1), progress=min(message.done, message.total))
        self._status(f"Reading {message.path.name}… {message.done // (1024 * 1024):,} MB of "
                     f"{message.total // (1024 * 1024):,} MB")

    def on_import_events_screen_failed(self, message: Failed) -> None:
        self.query_one("#import-progress").display = False
        self._status(message.message, error=True)
        self.query_one("#import-path", Input).focus()

    def on_import_events_screen_read(self, message: Read) -> None:
        self.query_one("#import-progress").display = False
        for report in message.reports:
            self.reports[report.path] = report
        self.plan = plan(self.doc, list(self.reports.values()), message.window)
        self._fill()
        notes = []
        for report in message.reports:
            parts = [f"{report.path.name} ({report.family}): {len(report.events)} in the window"]
            parts += [f"{report.outside:,} outside"] if report.outside else []
            parts += [f"{report.left_out:,} left out"] if report.left_out else []
            notes.append(", ".join(parts))
        self._status("; ".join(notes))
        if self.plan.proposals:
            checklist = self.query_one(EventChecklist)
            checklist.highlighted = 0
            checklist.focus()

    # --- the list --------------------------------------------------------------------------

    def _prompt(self, p: Proposal) -> Text:
        """One line: the time, the event (cut to fit), its actor (a column), what it is."""
        note = ""
        if p.duplicate:
            note = "in the timeline"
        elif p.milestone is not None and not p.fill:
            note = f"M: ◆ {p.milestone.label}"
        # The box's border and padding, the checkbox, the time, the actor, the note.
        used = 6 + 4 + 7 + (ACTOR_WIDTH + 2) + (len(note) + 2 if note else 0)
        width = max(16, min(self.size.width, 120) - used)
        when = p.row.time.strftime("%H:%M") if p.row.time else "--:--"
        line = Text.assemble((when, "bold"), "  ", fit(p.label, width), "  ",
                             (fit(p.row.actor, ACTOR_WIDTH), "dim"))
        if note:
            line.append(f"  {note}", style="dim italic" if p.duplicate else "italic")
        return line

    def _fill(self) -> None:
        checklist = self.query_one(EventChecklist)
        checklist.clear_options()
        assert self.plan is not None
        checklist.add_options(
            Selection(self._prompt(p), i, p.chosen and not p.duplicate)
            for i, p in enumerate(self.plan.proposals)
        )
        self._count()

    def _count(self) -> None:
        proposals = self.plan.proposals if self.plan else []
        chosen = sum(p.chosen and not p.duplicate for p in proposals)
        duplicates = sum(p.duplicate for p in proposals)
        text = f"{chosen:,} of {len(proposals):,} events to add"
        if duplicates:
            text += f" · {duplicates:,} already in the timeline"
        milestones = [p.fills.label for p in proposals if p.fills and p.chosen]
        if milestones:
            text += " · ◆ " + ", ".join(milestones)
        self.query_one("#import-count", Static).update(text if proposals else "No events yet.")

    @on(EventChecklist.SelectedChanged)
    def _checked(self) -> None:
        if self.plan is None:
            return
        selected = set(self.query_one(EventChecklist).selected)
        for i, p in enumerate(self.plan.proposals):
            p.chosen = i in selected
        self._count()

    @on(EventChecklist.MilestoneToggled)
    def _milestone(self, message: EventChecklist.MilestoneToggled) -> None:
        if self.plan is None:
            return
        p = self.plan.proposals[message.index]
        if p.milestone is None or p.duplicate:
            self.notify("This event proposes no milestone.", timeout=3)
            return
        p.fill = not p.fill
        self.query_one(EventChecklist).replace_option_prompt_at_index(message.index,
                                                                       self._prompt(p))
        self._count()

    @on(EventChecklist.AllToggled)
    def _all(self) -> None:
        if self.plan is None:
            return
        checklist = self.query_one(EventChecklist)
        fresh = [i for i, p in enumerate(self.plan.proposals) if not p.duplicate]
        if all(self.plan.proposals[i].chosen for i in fresh):
            checklist.deselect_all()
        else:
            for i in fresh:
                checklist.select(i)

    @on(EventChecklist.Confirmed)
    def _confirmed(self) -> None:
        chosen = [p for p in self.plan.proposals if p.chosen and not p.duplicate] \
            if self.plan else []
        if not chosen:
            self.notify(f"No event is checked: {EVENT_LIST_KEYS.name('select')} checks one, "
                        f"{IMPORT_KEYS.name('cancel')} closes.", timeout=4)
            return
        self.dismiss(chosen)

    def action_other_source(self) -> None:
        box = self.query_one("#import-path", Input)
        box.focus()
        box.select_all()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_into(form: TimelineForm) -> None:
    """Open Import events from the timeline form, and put the events chosen there into its
    table (in time order; the wizard saves the draft as for any other change of the table)."""
    from ...core.timeline_import import apply
    from ..widgets.editable_table import EditableTable

    def chosen(proposals: list[Proposal] | None) -> None:
        if not proposals:
            return
        table = form.table
        applied = apply(form.doc, proposals)
        table.refresh_from_model()
        first = min((form.doc.timeline.index(r) for r in applied.rows), default=0)
        table.post_message(EditableTable.Changed(table, "import", first))
        count = len(applied.rows) + len(applied.milestones)
        filled = ", ".join(m.label for m, _ in applied.milestones)
        form.notify(f"{count:,} event{'s' if count != 1 else ''} added to the timeline"
                    + (f"; ◆ {filled}" if filled else ""), timeout=5)

    form.app.push_screen(ImportEventsScreen(form.doc), chosen)
