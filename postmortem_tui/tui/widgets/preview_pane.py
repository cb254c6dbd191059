"""The live preview: the exported Markdown of the current section or the whole post-mortem."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Markdown, Static

from ...core.export import section_markdown, to_markdown
from ...core.model import PostMortem
from ...core.sections import SECTION_KEYS, section

Scope = Literal["section", "document"]

DEBOUNCE = 0.6
"""Seconds of quiet after an edit before the preview is rendered again."""


class PreviewPane(Vertical):
    """What the export will say, rendered by the same exporter as `postmortem export`.

    Rendered only while it is shown, and only once typing pauses, so it never slows typing
    down. In whole-document mode it scrolls to the section being edited.
    """

    DEFAULT_CSS = """
    PreviewPane {
        width: 1fr;
        height: 1fr;
        display: none;
        border-left: vkey $foreground 20%;
    }
    PreviewPane.-open {
        display: block;
    }
    PreviewPane > #preview-title {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    PreviewPane > VerticalScroll {
        height: 1fr;
        padding: 0 1;
    }
    PreviewPane Markdown {
        margin: 0;
        padding: 0;
    }
    """

    scope: reactive[Scope] = reactive("section", init=False)
    """`section`: the current section only; `document`: the whole export."""

    def __init__(self, doc: PostMortem, *, id: str | None = None) -> None:
        """Args:
        doc: the post-mortem being written.
        id: the widget's id.
        """
        super().__init__(id=id)
        self.doc = doc
        self.section_key = SECTION_KEYS[0]
        self._timer: Timer | None = None
        self._shown: tuple[Scope, str, str] | None = None
        self.renders = 0
        """How many times the Markdown was rendered (the tests check it stays lazy)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-title")
        with VerticalScroll(id="preview-scroll"):
            yield Markdown(id="preview-markdown", open_links=False)

    def on_mount(self) -> None:
        self._show_title()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def markdown(self) -> Markdown:
        return self.query_one("#preview-markdown", Markdown)

    def _show_title(self) -> None:
        what = (
            f"this section: {section(self.section_key).title}"
            if self.scope == "section" else "the whole post-mortem"
        )
        self.query_one("#preview-title", Static).update(
            Content.assemble(("Preview", "bold"), f" of {what}  ", ("F6 whole/section", "dim"))
        )

    # --- what to show --------------------------------------------------------------------

    def open(self, open: bool = True) -> None:
        self.set_class(open, "-open")
        if open:
            self._render_soon(0)
        elif self._timer is not None:
            self._timer.stop()
            self._timer = None

    def follow(self, key: str) -> None:
        """The author moved to another section."""
        if key == self.section_key:
            return
        self.section_key = key
        self._show_title()
        if self.is_open:
            self._render_soon(0)

    def changed(self) -> None:
        """The document changed: render again once typing pauses (if shown)."""
        if self.is_open:
            self._render_soon(DEBOUNCE)

    def watch_scope(self) -> None:
        self._show_title()
        if self.is_open:
            self._render_soon(0)

    def action_toggle_scope(self) -> None:
        self.scope = "document" if self.scope == "section" else "section"

    # --- rendering -----------------------------------------------------------------------

    def _render_soon(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        # A timer of 0 seconds is not allowed: "at once" is the next moment.
        self._timer = self.set_timer(max(delay, 0.01), self._render)

    def _text(self) -> str:
        if self.scope == "section":
            return section_markdown(self.doc, self.section_key)
        return to_markdown(self.doc)

    async def _render(self) -> None:
        self._timer = None
        if not self.is_open:
            return
        text = self._text()
        key = (self.scope, self.section_key, text)
        if self._shown is not None and self._shown[0] == self.scope and self._shown[2] == text:
            # Same Markdown: only the place to scroll to may have changed.
            self._shown = key
            self._scroll()
            return
        self._shown = key
        self.renders += 1
        await self.markdown.update(text)
        self._scroll()

    def _scroll(self) -> None:
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        if self.scope == "section" or self.section_key == SECTION_KEYS[0]:
            scroll.scroll_home(animate=False)
            return
        # Every section after the header starts with the export's only level-2 heading of it.
        wanted = SECTION_KEYS.index(self.section_key) - 1
        headings = [block for level, _, block in self.markdown.table_of_contents if level == 2]
        if 0 <= wanted < len(headings):
            target = self.markdown.query_one(f"#{headings[wanted]}")
            scroll.scroll_to_widget(target, animate=False, top=True)

    def heading_in_view(self) -> str:
        """The first heading at the top of the view (the tests check the scrolling)."""
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        top = scroll.scroll_y
        best = ""
        for _, title, block in self.markdown.table_of_contents:
            widget = self.markdown.query_one(f"#{block}")
            if widget.virtual_region.y <= top + 1:
                best = title
        return best
