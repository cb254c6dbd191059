"""The live preview: the exported Markdown of the current section or the whole post-mortem."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import AwaitMount
from textual.widgets import Static

from ...core.model import PostMortem
from ...core.sections import SECTION_KEYS, section
from ..debounce import Debounce

if TYPE_CHECKING:
    from textual.widgets import RichLog

Scope = Literal["section", "document"]
Lines = list[list[Segment]]

DEBOUNCE = 0.6
"""Seconds of quiet after an edit before the preview is rendered again."""
NEXT_MOMENT = 0.01
"""How soon "at once" is: after what the change itself lays out (the pane shown, resized)."""


class _Rendered:
    """Lines rendered earlier (in a thread), handed to the log as they are."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines:
            yield from line
            yield new_line


def render_blocks(blocks: Iterable[str], width: int, code_theme: str) -> tuple[Lines, list[int]]:
    """Render Markdown blocks one after the other, with a rule between them; the lines and the
    line each block starts on. Plain Rich, so it runs off the UI thread."""
    # Imported the first time the preview is drawn: markdown-it costs ~50 ms of every start.
    from rich.markdown import Markdown

    console = Console(
        width=width, color_system="truecolor", force_terminal=True, legacy_windows=False,
        markup=False, emoji=False, highlight=False,
    )
    options = console.options.update(width=width)
    lines: Lines = []
    starts: list[int] = []
    for index, block in enumerate(blocks):
        if index:
            lines += [[], *console.render_lines(Rule(style="dim"), options), []]
        starts.append(len(lines))
        lines += console.render_lines(Markdown(block, code_theme=code_theme), options, pad=False)
    return lines, starts


class PreviewPane(Vertical):
    """What the export will say: the Markdown of `core.export`, as `postmortem export` writes it.

    Rendered only while it is shown, once typing pauses, and in a worker thread, so typing never
    waits for it. In whole-document mode it scrolls to the section being edited.
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
    PreviewPane > RichLog {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    scope: reactive[Scope] = reactive("section", init=False)
    """`section`: the current section only; `document`: the whole export."""

    class Rendered(Message, bubble=False):
        """Lines drawn in the worker thread, for the log (`generation`: which render)."""

        def __init__(
            self, generation: int, keys: tuple[str, ...], blocks: tuple[str, ...],
            lines: Lines, starts: list[int], width: int,
        ) -> None:
            """Args:
            generation: which render this is; only the newest is shown.
            keys: the sections (and footer) rendered, in order.
            blocks: their Markdown.
            lines: the lines drawn.
            starts: the line each block starts on.
            width: the width drawn for.
            """
            super().__init__()
            self.generation = generation
            self.keys = keys
            self.blocks = blocks
            self.lines = lines
            self.starts = starts
            self.width = width

    def __init__(self, doc: PostMortem, *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        doc: the post-mortem being written.
        id: the widget's id.
        """
        super().__init__(id=id)
        self.doc = doc
        self.section_key = SECTION_KEYS[0]
        self.text = ""
        """The Markdown shown now."""
        self.renders = 0
        """How many times the Markdown was rendered (the tests check it stays lazy)."""
        self._render_soon = Debounce(self, self._start_render, delay=DEBOUNCE)
        self._shown: tuple[Scope, str, tuple[str, ...], int] | None = None
        self._starts: dict[str, int] = {}
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-title")
        # The log (`_mount_log`) when the pane first opens: RichLog's module (rich.pretty,
        # attrs) cost ~20 ms CPU of every opening otherwise, for a pane most never open.

    def on_mount(self) -> None:
        self._show_title()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def log_view(self) -> RichLog:
        from textual.widgets import RichLog

        return self.query_one("#preview-log", RichLog)

    def _mount_log(self) -> AwaitMount | None:
        """Mount the log the first time the pane opens; None once it is there."""
        if self.query("#preview-log"):
            return None
        from textual.widgets import RichLog

        return self.mount(RichLog(id="preview-log", wrap=False, markup=False,
                                  highlight=False, auto_scroll=False))

    async def _render_once_mounted(self, mounting: AwaitMount) -> None:
        await mounting
        # After the layout that gives the new log its width (drawn for that width, once).
        self.call_after_refresh(self._render_soon.schedule, NEXT_MOMENT)

    def _show_title(self) -> None:
        what = (
            f"this section: {section(self.section_key).title}"
            if self.scope == "section" else "the whole post-mortem"
        )
        self.query_one("#preview-title", Static).update(
            Content.assemble(("Preview", "bold"), f" of {what}  ", ("F6 whole/section", "dim"))
        )

    # --- what to show --------------------------------------------------------------------

    def open(self, shown: bool = True) -> None:
        self.set_class(shown, "-open")
        mounting = self._mount_log() if shown else None
        if mounting is not None:
            self.call_later(self._render_once_mounted, mounting)
        elif shown:
            self._render_soon.schedule(NEXT_MOMENT)
        else:
            self._render_soon.cancel()

    def follow(self, key: str) -> None:
        """The author moved to another section."""
        if key == self.section_key:
            return
        self.section_key = key
        self._show_title()
        if self.is_open:
            self._render_soon.schedule(NEXT_MOMENT)

    def changed(self) -> None:
        """The document changed: render again once typing pauses (if shown)."""
        if self.is_open:
            self._render_soon.poke()

    def watch_scope(self) -> None:
        self._show_title()
        if self.is_open:
            self._render_soon.schedule(NEXT_MOMENT)

    def action_toggle_scope(self) -> None:
        self.scope = "document" if self.scope == "section" else "section"

    def on_resize(self) -> None:
        if self.is_open:
            self._render_soon.schedule(DEBOUNCE / 2)

    # --- rendering -----------------------------------------------------------------------

    def _blocks(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(section keys, their Markdown): what `to_markdown` joins with `---` rules."""
        # Here, not at the top: the export's module (~6 ms CPU) is not for the opening's path.
        from ...core.export import FOOTER, section_markdown

        if self.scope == "section":
            return (self.section_key,), (section_markdown(self.doc, self.section_key),)
        keys = (*SECTION_KEYS, "footer")
        return keys, (*(section_markdown(self.doc, k) for k in SECTION_KEYS), FOOTER)

    def _start_render(self) -> None:
        if not self.is_open or not self.query("#preview-log"):
            return  # not shown, or its log still being mounted (which renders it then)
        # The Markdown is made here, on the UI thread (it is quick); only drawing it is not.
        keys, blocks = self._blocks()
        width = max(20, self.log_view.scrollable_content_region.width)
        shown = (self.scope, self.section_key, blocks, width)
        if self._shown is not None and self._shown[0] == self.scope and self._shown[2:] == (
            blocks, width
        ):
            # Same Markdown: only the place to scroll to may have changed.
            self._shown = shown
            self._scroll()
            return
        self._shown = shown
        self._generation += 1
        dark = self.app.current_theme.dark
        self._render_in_thread(
            self._generation, keys, blocks, width, "monokai" if dark else "default"
        )

    # Not exclusive: the newest render is the one shown (generations), an older one is never
    # cancelled halfway. A description, not `repr` of the whole document's Markdown.
    @work(thread=True, group="preview", description="preview", exit_on_error=False)
    def _render_in_thread(
        self, generation: int, keys: tuple[str, ...], blocks: tuple[str, ...], width: int,
        code_theme: str,
    ) -> None:
        lines, starts = render_blocks(blocks, width, code_theme)
        self.post_message(self.Rendered(generation, keys, blocks, lines, starts, width))

    def on_preview_pane_rendered(self, message: Rendered) -> None:
        if message.generation != self._generation:
            return  # a newer render is on its way
        log = self.log_view
        log.clear()
        log.write(_Rendered(message.lines), width=message.width, scroll_end=False)
        self._starts = dict(zip(message.keys, message.starts, strict=True))
        # As `to_markdown` joins the sections (each `section_markdown` ends with one newline).
        self.text = "\n\n---\n\n".join(b.removesuffix("\n") for b in message.blocks) + "\n"
        self.renders += 1
        self.call_after_refresh(self._scroll)

    def _scroll(self) -> None:
        log = self.log_view
        top = self._starts.get(self.section_key, 0) if self.scope == "document" else 0
        log.scroll_to(y=top, animate=False)

    def section_in_view(self) -> str:
        """The section at the top of the view (the tests check the scrolling)."""
        if not self._starts:
            return ""
        top = self.log_view.scroll_y
        return max(
            (key for key, start in self._starts.items() if start <= top),
            key=lambda k: self._starts[k], default="",
        )
