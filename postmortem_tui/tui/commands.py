"""The command palette's wizard commands, named "group: action"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.sections import SECTIONS

if TYPE_CHECKING:
    from ..core.model import Status
    from .screens.wizard import WizardScreen


class WizardCommands(Provider):
    """Go to any section, save, get help, go back to the drafts, take a review step, and the
    timeline's own actions (Import events from any section; the others on the timeline)."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen: WizardScreen = self.screen  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Go to: {s.title}", partial(screen.show_section, s.key), s.guidance[:80] + "…")
            for s in SECTIONS
        ]
        commands += [
            ("Draft: Save now", screen.action_save, "Write the draft to disk now (Ctrl+S)"),
            ("Draft: Export…", screen.action_export,
             "What is missing, then write the Markdown or copy it (Ctrl+R)"),
            ("View: Toggle preview", screen.action_toggle_preview,
             "The exported Markdown beside the form (F5)"),
            ("View: Preview whole document / this section", screen.action_preview_scope,
             "Switch what the preview shows (F6)"),
            ("Draft: Back to the drafts list", screen.action_home, "Home screen (F10)"),
            ("Help: This section", screen.action_help, "What a good answer looks like (F1)"),
            ("Section: Next", screen.action_next_section, "F3 or Ctrl+N"),
            ("Section: Previous", screen.action_previous_section, "F2"),
        ]
        from .review_steps import steps, take_step

        def step(target: Status) -> None:
            screen.run_worker(take_step(screen, target), group="review", exclusive=True,
                              description="review step")

        commands += [
            (name, partial(step, target), help_text)
            for name, target, help_text in steps(screen.doc.header.status)
        ]
        if screen.read_only or screen.closed:
            return commands  # nothing is edited here: only what reads or goes elsewhere
        from .widgets.table_keys import TIMELINE_KEYS  # when the palette opens, not at start

        key = TIMELINE_KEYS.name
        commands.append(("Timeline: Import events…", partial(self._import_events, screen),
                         f"From a shell history, a log, the pager or a Slack export "
                         f"({key('import_events')})"))
        form = screen.form
        if form is not None and form.key == "timeline":
            commands += [
                ("Timeline: Sort rows by time", partial(form.run_action, "sort"), key("sort")),
                ("Timeline: Put the time now in the current row", partial(form.run_action, "now"),
                 f"{key('now')} (COT)"),
                ("Timeline: Header start/end follow first symptom/service restored",
                 partial(form.run_action, "use_times"), key("use_times")),
            ]
        return commands

    @staticmethod
    async def _import_events(screen: WizardScreen) -> None:
        """Import events runs from the timeline: go there first (unless a refused value holds
        the author where they are)."""
        if not await screen.show_section("timeline"):
            return
        form = screen.form
        if form is not None:
            form.query_one(f"#{form.field_id()}").focus()
            await form.run_action("import_events")

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
