"""The wizard's frame, drawn from a draft's raw data while the document is built."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...core.sections import SECTION_KEYS
from ..format import title_bar
from ..widgets.section_sidebar import COMPACT_SIDEBAR_WIDTH, SectionSidebar


class OpeningScreen(Screen[None]):
    """What `postmortem open` shows first: the draft's title, the sections with the one it
    will open on highlighted, and a word that it is opening.

    It needs neither pydantic nor the wizard's widgets, so it is on the screen while they
    load; the app then replaces it with the wizard, which draws the same frame and receives
    the keys typed meanwhile.
    """

    DEFAULT_CSS = """
    OpeningScreen #opening-message {
        width: auto;
        color: $text-muted;
    }
    """

    def __init__(self, incident_id: str, data: dict[str, Any]) -> None:
        """Args:
        incident_id: the draft's ID (its file name), shown if the data has none.
        data: the draft as read from its file, not yet checked by the model.
        """
        super().__init__()
        header = _table(data, "header")
        self.incident_id = _text(header.get("incident_id")) or incident_id
        self.title_text = _text(header.get("title"))
        section = _text(_table(data, "wizard").get("section"))
        self.section = section if section in SECTION_KEYS else SECTION_KEYS[0]
        self.typed_ahead: list[events.Key] = []
        """Keys pressed while opening, for the wizard (an author may start typing at once)."""

    def compose(self) -> ComposeResult:
        yield Static(title_bar(self.incident_id, self.title_text), id="wizard-title")
        with Horizontal(id="wizard-body"):
            sidebar = SectionSidebar(id="sidebar")  # no marks: not assessed yet
            sidebar.can_focus = False  # nothing to choose until the wizard is there
            yield sidebar
            with Middle(), Center():
                yield Static("Opening the draft…", id="opening-message")
        with Horizontal(id="wizard-status"):
            yield Static("", id="wizard-position")
        yield OpeningFooter()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < COMPACT_SIDEBAR_WIDTH, "-compact")  # first frame
        self.query_one(SectionSidebar).select_key(self.section)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.typed_ahead.append(events.Key(event.key, event.character))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < COMPACT_SIDEBAR_WIDTH, "-compact")


class OpeningFooter(Footer):
    """The footer with its keys in the first frame, composed again only if they change.

    Textual's Footer composes empty, then again with its keys once the screen has signalled
    its bindings: a compose and a layout of the screen more, just as the opening thread starts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[tuple[str, str, bool, str], ...] | None = None

    def _keys(self) -> tuple[tuple[str, str, bool, str], ...]:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._shown is None or self._keys() != self._shown:
            super().bindings_changed(screen)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    # Unchecked data: anything but a string is left for the model to report.
    return value if isinstance(value, str) else ""
