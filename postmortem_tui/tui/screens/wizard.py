"""The wizard: the template's sections in a sidebar, one section's form at a time."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Static

from ...core.completeness import assess
from ...core.model import PostMortem
from ...core.sections import SECTION_KEYS, section
from ..commands import WizardCommands
from ..sections.base import SectionForm
from ..sections.registry import build_form
from ..widgets.bullet_list import BulletList
from ..widgets.choice_field import ChoiceField
from ..widgets.field_input import FieldInput
from ..widgets.long_text_field import LongTextField
from ..widgets.save_status import SaveStatus
from ..widgets.section_sidebar import SectionSidebar

FIELD_WIDGETS = (FieldInput, ChoiceField, LongTextField, BulletList)


class WizardScreen(Screen[None]):
    """Walks the author through the post-mortem, section by section.

    Forms are built the first time their section is shown, so a resumed draft opens as fast
    as an empty app. Every accepted edit is reported to the app as `Edited`, which saves it.
    """

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2,ctrl+pageup", "previous_section", "Prev section"),
        Binding("f3,ctrl+pagedown,ctrl+n", "next_section", "Next section"),
        Binding("ctrl+g", "focus_sidebar", "Sections", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+h", "home", "Drafts", show=False),
    ]

    COMMANDS = {WizardCommands}

    DEFAULT_CSS = """
    WizardScreen #wizard-title {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
        text-style: bold;
    }
    WizardScreen #wizard-body {
        height: 1fr;
    }
    WizardScreen #forms {
        width: 1fr;
        height: 1fr;
    }
    WizardScreen #wizard-status {
        height: 1;
        background: $panel;
    }
    WizardScreen #wizard-position {
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
    }
    """

    class Edited(Message):
        """The document changed: the app saves it."""

    def __init__(self, doc: PostMortem, *, read_only: bool = False) -> None:
        """Args:
        doc: the post-mortem to edit; the app owns saving it.
        read_only: show the draft without accepting edits (it is open elsewhere).
        """
        super().__init__()
        self.doc = doc
        self.read_only = read_only
        start = doc.wizard.section
        self.current = start if start in SECTION_KEYS else SECTION_KEYS[0]
        self._states_timer: object | None = None

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="wizard-title")
        with Horizontal(id="wizard-body"):
            yield SectionSidebar(self._states(), id="sidebar")
            yield ContentSwitcher(id="forms")
        with Horizontal(id="wizard-status"):
            yield Static("", id="wizard-position")
            yield SaveStatus(id="save-status")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_section(self.current, focus_field=self.doc.wizard.field or None)

    def _title(self) -> Content:
        h = self.doc.header
        title = h.title or "Untitled post-mortem"
        ro = "  [read-only]" if self.read_only else ""
        return Content.assemble((h.incident_id or "INC-?", "bold"), " · ", title, ro)

    def _states(self) -> dict[str, str]:
        return {report.key: report.state for report in assess(self.doc)}

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

    def invalid_fields(self) -> list[FieldInput]:
        """Fields across all built forms whose text the model refuses (not saved)."""
        return list(self.query("FieldInput.-invalid").results(FieldInput))

    async def show_section(self, key: str, *, focus_field: str | None = None) -> bool:
        """Show a section's form, building it the first time. False if the author must first
        fix an invalid field on the current one."""
        form = self.form
        if form is not None and key != self.current:
            bad = form.first_invalid()
            if isinstance(bad, FieldInput):
                self.notify(
                    f"{bad.label}: {bad.error}",
                    title="Fix this field first", severity="warning", markup=False,
                )
                bad.focus()
                return False
        switcher = self.query_one(ContentSwitcher)
        form_id = f"section-{key}"
        if not switcher.query_children(f"#{form_id}"):
            new_form = build_form(key, self.doc)
            await switcher.mount(new_form)
            if self.read_only:
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

    async def action_next_section(self) -> None:
        index = SECTION_KEYS.index(self.current)
        if index + 1 < len(SECTION_KEYS):
            await self.show_section(SECTION_KEYS[index + 1])

    async def action_previous_section(self) -> None:
        index = SECTION_KEYS.index(self.current)
        if index > 0:
            await self.show_section(SECTION_KEYS[index - 1])

    def action_focus_sidebar(self) -> None:
        self.query_one(SectionSidebar).focus()

    async def on_section_sidebar_chosen(self, event: SectionSidebar.Chosen) -> None:
        if await self.show_section(event.key):
            self.call_after_refresh(self._focus_in_form, None)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.current))

    async def action_save(self) -> None:
        await self.app.run_action("save_now")

    async def action_home(self) -> None:
        await self.app.run_action("home")

    # --- edits ---------------------------------------------------------------------------

    @on(FieldInput.Changed)
    @on(ChoiceField.Changed)
    @on(LongTextField.Changed)
    @on(BulletList.Changed)
    def _edited(self, event: Message) -> None:
        if self.read_only:
            return
        if isinstance(event, FieldInput.Changed) and event.field.attr == "title":
            self.query_one("#wizard-title", Static).update(self._title())
        self.post_message(self.Edited())
        self._schedule_states()

    def _schedule_states(self) -> None:
        # Completeness is recomputed once typing pauses, not on every keystroke.
        if self._states_timer is not None:
            self._states_timer.stop()  # type: ignore[attr-defined]
        self._states_timer = self.set_timer(0.3, self._refresh_states)

    def _refresh_states(self) -> None:
        self._states_timer = None
        self.query_one(SectionSidebar).show_states(self._states())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Remember the field, so resuming the draft lands on it.
        node: Widget | None = event.widget
        while node is not None and not isinstance(node, FIELD_WIDGETS):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        if node is not None and node.id and self.doc.wizard.field != node.id:
            self.doc.wizard.field = node.id
