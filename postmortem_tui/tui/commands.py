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
    """Go to any section, save, get help, go back to the drafts, take a review step."""

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
        form = screen.form
        if form is not None and form.key == "timeline":
            commands += [
                ("Timeline: Sort rows by time", partial(form.run_action, "sort"), "Ctrl+O"),
                ("Timeline: Put the time now in the current row", partial(form.run_action, "now"),
                 "Ctrl+T (COT)"),
                ("Timeline: Header start/end follow first symptom/service restored",
                 partial(form.run_action, "use_times"), "Ctrl+U"),
            ]
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
