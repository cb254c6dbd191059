"""The wizard: the template's sections in a sidebar, one section's form at a time."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import ContentSwitcher, Static
from textual.worker import Worker, WorkerState

from ...core import history, timeutil
from ...core.completeness import SectionReport, assess
from ...core.findings import Path as DocPath
from ...core.model import PostMortem
from ...core.read_only import is_closed
from ...core.sections import SECTION_KEYS, field_id, locate, section
from ..commands import WizardCommands
from ..debounce import Debounce
from ..key_order import KeyOrder
from ..save_session import SaveSession
from ..sections.base import SectionForm, build_form
from ..widgets import crop_renders
from ..widgets.document_field import DocumentField, Refusal, is_table
from ..widgets.preview_pane import PreviewPane
from ..widgets.save_status import SaveStatus
from ..widgets.section_hints import SectionHints
from ..widgets.section_sidebar import COMPACT_SIDEBAR_WIDTH, SectionSidebar
from ..widgets.title_bar import TitleBar
from ..widgets.wizard_footer import WizardFooter

# Imported where they are used: the header form, where a draft opens, has no table and takes no
# pasted text to look through for secrets, and its first frame need not wait for them.
if TYPE_CHECKING:
    from ...core.assess_memo import Assessor
    from ..paste_secrets import SecretsPasted
    from ..widgets.editable_table import EditableTable
    from .paste_secrets import PasteDecision

crop_renders.install()  # a key repaints the lines it changed, not every widget around them

STATES_DELAY = 0.3
"""Seconds of quiet after an edit before the sidebar's marks are worked out again."""
# Below this width the sidebar makes way for the preview.
PREVIEW_WITH_SIDEBAR_WIDTH = 120
Assessed = tuple[int, dict[str, str], dict[str, SectionReport]]
"""A completeness pass: the edits it saw, each section's state, and the reports."""


LEAVE_WAIT = 2.0
"""Seconds the app waits, at most, for the form's part being mounted before it ends."""


class WizardScreen(Screen[None]):
    """Walks the author through the post-mortem, section by section.

    Forms are built the first time their section is shown, so a resumed draft opens as fast
    as an empty app. Every accepted edit is reported to the app as `Edited`, which saves it.
    """

    BINDINGS = [
        Binding("f1", "help", "Help"),
        # Short names: at 80 columns the footer has room for these after Help, Quit, Export.
        Binding("f2,ctrl+pageup", "previous_section", "Prev", tooltip="Previous section"),
        Binding("f3,ctrl+pagedown,ctrl+n", "next_section", "Next", tooltip="Next section"),
        Binding("ctrl+g", "focus_sidebar", "Sections", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("f5", "toggle_preview", "Preview"),
        # Priority over the text box's "select line" on F6, but only while the preview shows.
        Binding("f6", "preview_scope", "Whole/section", show=False, priority=True),
        # Not Ctrl+E: every text box uses it for "end of line".
        Binding("ctrl+r", "export", "Export"),
        # Not Ctrl+H: terminals send it as Backspace (it cleared a table cell instead).
        Binding("f10", "home", "Drafts", show=False),
    ]

    COMMANDS = {WizardCommands}
    # No automatic focus (None would mean the app's "*", the sidebar): the form's first field,
    # or the one the author was in, gets it in `_focus_in_form`.
    AUTO_FOCUS = ""

    # The title bar, body and status line are styled in app.tcss: the opening screen, shown
    # while this one loads, draws the same frame.
    DEFAULT_CSS = """
    WizardScreen #form-column {
        width: 1fr;
        height: 1fr;
    }
    WizardScreen #forms {
        height: 1fr;
    }
    WizardScreen.-preview.-narrow SectionSidebar {
        display: none;
    }
    """

    class Edited(Message):
        """The document changed: the app saves it."""

    def __init__(
        self,
        doc: PostMortem,
        *,
        session: SaveSession,
        read_only: bool = False,
        typed_ahead: Sequence[events.Key] = (),
    ) -> None:
        """Args:
        doc: the post-mortem to edit; the app owns saving it.
        session: what saves it (mounted here; the status line shows its state).
        read_only: show the draft without accepting edits (it is open elsewhere).
        typed_ahead: keys pressed before the wizard was there (on the opening screen),
            delivered once the first field has the focus, with those pressed meanwhile.
        """
        super().__init__()
        self.doc = doc
        self.session = session
        self.read_only = read_only
        # Closed: read-only, nothing saved, until reopened from the palette (review_steps).
        self.closed = is_closed(doc)
        session.draft.read_only = read_only or self.closed
        self._typed_ahead = list(typed_ahead)
        self._focus_placed = False
        start = doc.wizard.section
        self.current = start if start in SECTION_KEYS else SECTION_KEYS[0]
        # Completeness is worked out again once typing pauses, not on every keystroke; its
        # pokes count the edits (see `_refresh_states`).
        self._states_soon = Debounce(self, self._refresh_states, delay=STATES_DELAY)
        self._shown_edits = -1  # the sidebar shows the states as of this many edits
        self._states_worker: Worker[Assessed] | None = None
        # The last completeness pass's reports, for the hint line (shown with the marks).
        self._reports: dict[str, SectionReport] = {}
        self._read_only_said = False
        self._resumed = False
        self._rest_mounted: AwaitMount | None = None
        self._assessor: Assessor | None = None  # made at the first pass (its module is lazy)
        self._leaving = False

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Before the first frame (a resize comes after it), and before the widgets are there:
        # a class set on the screen later restyles every widget under it.
        self._fit(self.app.size.width)
        yield TitleBar(self.doc, read_only=self.read_only)
        with Horizontal(id="wizard-body"):
            # The section names are in the first frame; their marks follow once the first
            # completeness pass is done (`on_mount`), so it never delays that frame.
            yield SectionSidebar(id="sidebar")
            with Vertical(id="form-column"):
                yield ContentSwitcher(id="forms")
                yield SectionHints(id="section-hints")
            yield PreviewPane(self.doc, id="preview")
        with Horizontal(id="wizard-status"):
            yield Static("", id="wizard-position")
            yield SaveStatus(self.session)
        yield self.session
        yield WizardFooter()

    async def on_mount(self) -> None:
        field = self.doc.wizard.field or None
        await self.show_section(self.current, focus_field=field, field_first=True)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        # What is alive once the first frame is up (modules, the document, the widgets) stays
        # for the session: full garbage collections skip it from now on. A full collection,
        # which the autosave's and the completeness pass's allocations set off every few saves,
        # otherwise walks every object of the app (80 ms on a large draft) while a key waits.
        gc.freeze()
        gc.enable()  # the command line pauses collections while the app starts (`run_app`)
        self._refresh_states()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first time, every widget was styled as it was
        # mounted, just now: styling them all again is half the time of the first layout.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        gc.unfreeze()  # what this screen leaves behind can be collected again

    def refresh_title(self) -> None:
        """Show the document's ID and title as they are now."""
        # One line, docked: its size never changes, so no layout of the screen.
        self.query_one(TitleBar).refresh()

    def _states(self) -> dict[str, str]:
        return {key: report.state for key, report in self._assessed().items()}

    def _assessed(self) -> dict[str, SectionReport]:
        # `assess(self.doc)`, re-running only the checks and rules that read what changed.
        from ...core.assess_memo import Assessor

        if self._assessor is None:
            self._assessor = Assessor()
        return {report.key: report for report in assess(self.doc, memo=self._assessor)}

    @property
    def save_status(self) -> SaveStatus:
        return self.query_one(SaveStatus)

    @property
    def form(self) -> SectionForm | None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current is None:
            return None
        return switcher.get_child_by_id(switcher.current, SectionForm)

    # --- navigation ----------------------------------------------------------------------

    @property
    def preview(self) -> PreviewPane:
        return self.query_one(PreviewPane)

    def refusals(self) -> list[Refusal]:
        """What the fields of all built forms hold that the model refuses (so it is not
        saved): one-line fields first, then table cells."""
        fields = sorted(
            (f for f in self.query(DocumentField) if f.invalid),
            key=is_table,
        )
        return [r for r in (f.refusal() for f in fields) if r is not None]

    async def show_section(
        self, key: str, *, focus_field: str | None = None, field_first: bool = False
    ) -> bool:
        """Show a section's form, building it the first time. False if the author must first
        fix an invalid field on the current one. `field_first`: a form built now shows the
        part it mounts first, its first field focused, before the rest
        (`SectionForm.defer_rest`), when it is to focus no other field than one of that part."""
        form = self.form
        if form is not None and key != self.current:
            bad = form.first_invalid()
            refused = bad.refusal() if bad is not None else None
            if bad is not None and refused is not None:
                title = "Fix this cell first (or Esc)" if is_table(bad) else (
                    "Fix this field first")
                self.notify(f"{refused.label}: {refused.error}", title=title,
                            severity="warning", markup=False)
                bad.focus()
                return False
        switcher = self.query_one(ContentSwitcher)
        form_id = f"section-{key}"
        if not switcher.query_children(f"#{form_id}"):
            new_form = build_form(key, self.doc)
            # Also when resumed on a field of that part: a draft left in its title (where every
            # new draft starts) opens as fast as one left on no field.
            new_form.defer_rest = field_first and (
                focus_field is None or focus_field in getattr(new_form, "first_part_fields", ())
            )
            await switcher.mount(new_form)
            if self.read_only or self.closed:
                new_form.disabled = True
        switcher.current = form_id
        self.current = key
        self.query_one(SectionSidebar).select_key(key)
        number = SECTION_KEYS.index(key) + 1
        self.query_one("#wizard-position", Static).update(
            Content(f"Section {number}/{len(SECTION_KEYS)} · {section(key).title}")
        )
        if self.doc.wizard.section != key:
            self.doc.wizard.section = key
            self.doc.wizard.field = ""
        self.preview.follow(key)
        self._show_hints()
        self.call_after_refresh(self._focus_in_form, focus_field)
        return True

    def _focus_in_form(self, field_id: str | None) -> None:
        form = self.form
        if form is None:
            return
        target: Widget | None = None
        if field_id:
            found = form.query(f"#{field_id}")
            target = found.first() if found else None
        if target is None:
            fields = form.fields()
            target = fields[0] if fields else form
        target.focus()
        rest = None if self._leaving else form.mount_rest()
        if rest is not None:
            self._rest_mounted = rest
        if not self._focus_placed:
            # Right after the app has moved the focus (focus() queues that on the app), and on
            # this screen's queue after any key the app sent here before: those are kept too.
            self.app.call_later(self.call_later, self._deliver_typed_ahead, target)

    async def settle_before_leaving(self) -> None:
        """Hold back no more of the form, and wait for what is being mounted: the app ends
        after. Textual starts a widget mounted while the app closes without its children (a
        Select then fails in its own `on_mount`: `NoMatches`, a crash at the exit)."""
        self._leaving = True
        if self._rest_mounted is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.ensure_future(self._rest_mounted), LEAVE_WAIT)

    def _deliver_typed_ahead(self, target: Widget) -> None:
        """`target` has the focus: the keys pressed until now go to it, in order."""
        self._focus_placed = True
        # The focus may have moved before the form's first layout, too early to scroll.
        self.call_after_refresh(target.scroll_visible, animate=False)
        typed, self._typed_ahead = self._typed_ahead, []
        if typed:
            self.run_worker(self._replay(typed), group="typed-ahead", description="typed ahead")

    async def _replay(self, keys: list[events.Key]) -> None:
        if self._rest_mounted is not None:
            await self._rest_mounted  # a Tab typed ahead goes on to the next field
        # All at once, as a terminal sends keys read together: the app acts on them in order
        # (`key_order`).
        for key in keys:
            self.app.post_message(key)

    def on_key(self, event: events.Key) -> None:
        # Until the first field has the focus nothing has it: an author who types as soon as
        # the draft shows loses nothing.
        if not self._focus_placed:
            event.stop()
            self._typed_ahead.append(events.Key(event.key, event.character))
        elif (self.read_only or self.closed) and not self._read_only_said and (
            event.is_printable or event.key in ("backspace", "delete", "enter")
        ):
            # The forms are disabled, so a key that would edit reaches here: say why, once.
            from ..review_steps import closed_notice

            self._read_only_said = True
            self.notify(
                closed_notice(self.doc.header.incident_id) if self.closed else
                "This draft is open for writing in another terminal, so keys here change "
                "nothing. Edit it there, or quit there and open it again here.",
                title="Read-only", severity="warning", timeout=8, markup=False,
            )

    async def action_next_section(self) -> None:
        index = SECTION_KEYS.index(self.current)
        if index + 1 < len(SECTION_KEYS):
            await self._show_holding_keys(SECTION_KEYS[index + 1])

    async def action_previous_section(self) -> None:
        index = SECTION_KEYS.index(self.current)
        if index > 0:
            await self._show_holding_keys(SECTION_KEYS[index - 1])

    async def _show_holding_keys(self, key: str) -> None:
        # The form's field gets the focus after the next refresh: keys typed after F2/F3 wait
        # for it (`key_order`), as if typed once the form showed.
        release = self.app.hold_keys() if isinstance(self.app, KeyOrder) else None
        try:
            await self.show_section(key)
        finally:
            if release is not None:
                # After `_focus_in_form` (queued first) has queued its focus() on the app.
                self.call_after_refresh(self.app.call_later, release)

    # Tab never stops on the sections list (typed keys went nowhere there, and the next Tab
    # came back to select a filled cell): Ctrl+G, F2/F3 and the mouse reach it.
    def focus_next(self, selector: Any = "*") -> Widget | None:
        focused = super().focus_next(selector)
        return super().focus_next(selector) if isinstance(focused, SectionSidebar) else focused

    def focus_previous(self, selector: Any = "*") -> Widget | None:
        focused = super().focus_previous(selector)
        if isinstance(focused, SectionSidebar):
            return super().focus_previous(selector)
        return focused

    def action_focus_sidebar(self) -> None:
        # On a narrow screen the preview hides the sidebar: show it while it is in use.
        self.remove_class("-preview")
        self.query_one(SectionSidebar).focus()

    async def on_section_sidebar_chosen(self, event: SectionSidebar.Chosen) -> None:
        if await self.show_section(event.key):
            self.call_after_refresh(self._focus_in_form, None)
        self.set_class(self.preview.is_open, "-preview")

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.current))

    async def action_save(self) -> None:
        await self.app.run_action("save_now")

    async def action_home(self) -> None:
        await self.app.run_action("home")

    # --- edits ---------------------------------------------------------------------------

    def refresh_field(self, widget_id: str) -> None:
        """Show a value the app changed (e.g. the incident ID following the date)."""
        for widget in self.query(f"#{widget_id}").results(DocumentField):
            widget.refresh_from_model()
        self.refresh_title()

    @on(DocumentField.Changed)
    def _edited(self, event: DocumentField.Changed) -> None:
        if self.read_only or self.closed or self.session.watch_disk.echoed(event):
            return
        if event.field.target is self.doc.header and event.field.attr in (
            "title", "incident_id", "start_time", "end_time"
        ):
            self.refresh_title()  # the ID, the title, the duration (the status is never typed)
        if is_table(event.field) and event.action != "edit":
            self.refresh_title()  # a timeline time: the title bar's TTR
        self._changed()

    def _changed(self) -> None:
        """The document changed: save it, and show it in the sidebar's marks and the preview."""
        self.post_message(self.Edited())
        self._states_soon.poke()
        self.preview.changed()

    # What the save session changed in the document while saving it.

    def on_save_session_history_changed(self) -> None:
        self.history_changed()

    def on_save_session_id_changed(self) -> None:
        self.refresh_field("header-incident_id")

    def on_save_session_refiled(self) -> None:
        self.refresh_title()

    def on_draft_watch_reloaded(self) -> None:
        # Another process's change taken in (`DraftWatch`; its fields are shown again there).
        self.refresh_title()
        self._states_soon.poke()
        self.preview.changed()

    def on_secrets_pasted(self, event: SecretsPasted) -> None:
        """A paste holding secrets was held back (`tui/paste_secrets.py`): ask what lands."""
        from ..paste_secrets import deliver, kept_note
        from .paste_secrets import PasteSecretsScreen

        event.stop()

        def answered(decision: PasteDecision | None) -> None:
            if decision is None:
                return  # nothing pasted
            if decision.choice == "as_is":  # kept knowingly: the document history says so
                history.record_change(self.doc, kept_note(event), timeutil.today_cot())
                self.history_changed()
            deliver(event.area, decision.text)

        self.app.push_screen(PasteSecretsScreen(event.label, event.text, event.secrets), answered)

    def history_changed(self) -> None:
        """The tool added a history row: show it if the history form is built."""
        found = self.query(f"#{field_id(('history',))}")
        if found:
            from ..widgets.editable_table import EditableTable

            table = found.first(EditableTable)
            table.refresh_from_model()
        self._states_soon.poke()
        self.preview.changed()

    def set_field(self, section_key: str, attr: str, text: str) -> None:
        """Set a field of another section as if typed there (so its form shows it too)."""
        part = getattr(self.doc, section_key)
        setattr(part, attr, text)  # the model decides; the callers pass valid values
        self._set_elsewhere((section_key, attr))

    def on_section_form_set_elsewhere(self, event: SectionForm.SetElsewhere) -> None:
        for path in event.paths:
            self._set_elsewhere(path)

    def _set_elsewhere(self, path: DocPath) -> None:
        """A value of the document was set outside its field: the field shows it and reports
        it as if typed (its form updates, e.g. the header's duration, and the draft is saved);
        a field not built yet shows it when it is."""
        found = self.query(f"#{field_id(path)}").results(DocumentField)
        field = next(iter(found), None)
        if field is None:
            self.refresh_title()
            self._changed()
            return
        field.refresh_from_model()
        field.post_message(field.Changed(field))

    # The completeness pass (`assess`, up to 100 ms on a large draft) runs in a thread, on the
    # live document rather than on a copy: a deep copy costs 13 ms of the UI thread, a snapshot
    # 4 ms plus 15-20 ms to validate it again, all for a pass that only reads. The UI thread
    # goes on editing the document meanwhile, an attribute assignment or a list operation at a
    # time (each atomic under the GIL), so a pass that overlaps an edit may see a mix of before
    # and after, or fail (a list changing length under it). Hence: a pass's states are shown
    # only if no edit was reported since it started, every edit starts another pass 0.3 s
    # later, and a pass that failed is done again on the UI thread, where nothing changes
    # under it (and where a real error in `assess` surfaces as it always did).

    @property
    def states_pending(self) -> bool:
        """True until the sidebar's marks are those of the document as last edited."""
        return self._shown_edits != self._states_soon.pokes

    def _refresh_states(self) -> None:
        self._states_worker = self.run_worker(
            partial(self._assess_states, self._states_soon.pokes),
            thread=True,
            exclusive=True,
            group="sidebar-states",
            description="sidebar states",  # not `repr` of the work
            exit_on_error=False,
        )

    def _assess_states(self, edits: int) -> Assessed:
        reports = self._assessed()
        return edits, {key: r.state for key, r in reports.items()}, reports

    def _show_states(
        self, edits: int, states: dict[str, str], reports: dict[str, SectionReport] | None = None
    ) -> None:
        self._shown_edits = edits
        sidebar = self.query_one(SectionSidebar)
        sidebar.show_states(states)
        if reports is not None:
            self._reports = reports
            sidebar.show_hints({key: len(r.weak) for key, r in reports.items()})
            self._show_hints()

    def _show_hints(self) -> None:
        """The hint line: the current section's weak points, the focused field's first."""
        node: Widget | None = self.focused
        while node is not None and not isinstance(node, DocumentField):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        focused = (node.id or "") if node is not None else ""
        self.query_one(SectionHints).show(self._reports.get(self.current), focused)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._states_worker or not self.is_attached:
            return
        if event.state is WorkerState.SUCCESS and worker.result is not None:
            self._states_worker = None
            edits, states, reports = worker.result
            if edits == self._states_soon.pokes:
                self._show_states(edits, states, reports)
        elif event.state is WorkerState.ERROR:
            self._states_worker = None
            if not self._states_soon.pending:
                reports = self._assessed()
                states = {key: r.state for key, r in reports.items()}
                self._show_states(self._states_soon.pokes, states, reports)

    # --- preview and export --------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < PREVIEW_WITH_SIDEBAR_WIDTH, "-narrow")
        # At 80 columns the forms and tables need the room more than the section names do.
        self.set_class(width < COMPACT_SIDEBAR_WIDTH, "-compact")

    def action_toggle_preview(self) -> None:
        opening = not self.preview.is_open
        self.set_class(opening, "-preview")
        self.preview.open(opening)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "preview_scope":
            found = self.query(PreviewPane)
            return bool(found) and found.first().is_open
        if action == "save":
            return not self.read_only  # nothing to save: not offered
        return True

    def action_preview_scope(self) -> None:
        if not self.preview.is_open:
            self.action_toggle_preview()
        self.preview.action_toggle_scope()

    def action_export(self) -> None:
        from .export_dialog import ExportDialog, ExportWriter, JumpTo

        app = self.app
        if not isinstance(app, ExportWriter):
            return  # an app that cannot write files offers no export
        write = app.write_export
        ident = self.doc.header.incident_id or "postmortem"
        default = Path.cwd() / f"{ident}.md"

        async def chosen(jump: JumpTo | None) -> None:
            if jump is not None:
                await self.jump_to(jump.section, jump.path)

        self.app.push_screen(ExportDialog(self.doc, default_path=default, write=write), chosen)

    async def jump_to(self, section_key: str, path: DocPath) -> None:
        """Show a section and focus the field (or the table row) a completeness path names."""
        if not await self.show_section(section_key):
            return
        self.call_after_refresh(self._focus_path, path)

    def _focus_path(self, path: DocPath) -> None:
        form = self.form
        if form is None:
            return
        place = locate(path)  # the field's id, as the form named it
        found = form.query(f"#{place.id}")
        if not found:
            return
        from ..widgets.editable_table import EditableTable

        target = found.first(DocumentField)
        # A jump, not a resume: the cell saved in the draft must not take over when the table
        # first gets the focus.
        tables = [target] if is_table(target) else target.query(EditableTable)
        for table in tables:
            table.resume(None, None)
        target.goto(place.row, place.attr)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not isinstance(event.widget, SectionSidebar):
            self.set_class(self.preview.is_open, "-preview")
        self._show_hints()  # the focused field's weak points first
        # Remember the field (in a table, the cell), so resuming the draft lands on it. Only
        # in memory, as an edit is not: the next save writes it, and quitting saves.
        node: Widget | None = event.widget
        while node is not None and not isinstance(node, DocumentField):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        if node is None or not node.id:
            return
        position = self.doc.wizard
        if is_table(node):
            # Entered for the first time: back on the cell left, if this is the table.
            left = node.id == position.field
            node.resume(position.row if left else None, position.column if left else None)
        if position.field != node.id:
            position.field = node.id
            cell = node.position if is_table(node) else (None, None)
            if (position.row, position.column) != cell:
                position.row, position.column = cell

    def on_editable_table_delete_asked(self, event: EditableTable.DeleteAsked) -> None:
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            event.table.answer_delete(event.index, bool(yes))

        question = ConfirmScreen(event.question, yes="Delete it", no="Keep it")
        self.app.push_screen(question, answered)

    def on_editable_table_cursor_moved(self, event: EditableTable.CursorMoved) -> None:
        # The cell under the cursor of the table in use, for resuming there (in memory only,
        # as the field is: an arrow key is not an edit).
        position = self.doc.wizard
        if event.table.id == position.field and (position.row, position.column) != (
            cell := event.table.position
        ):
            position.row, position.column = cell
