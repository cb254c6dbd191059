"""The wizard's list of sections, each with how complete it is."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.sections import SECTIONS

STATE_MARKS: dict[str, tuple[str, str]] = {
    "done": ("●", "$text-success"),
    "partial": ("◐", "$text-warning"),
    "empty": ("○", "$text-muted"),
}


COMPACT_SIDEBAR_WIDTH = 100
"""Below this many columns a screen showing the sidebar has the class `-compact`, which
narrows it (app.tcss): the forms and tables need the room at 80 columns."""


def section_prompt(mark: str, colour: str, number: int, title: str, count: int) -> Content:
    """A section's line: what `Content.from_markup("[colour]$mark[/] $number. $title
    [$text-warning]!$count[/]")` gives (the count only when there is one), put together without
    parsing markup: the list is built for the opening screen, the wizard and every change of
    its marks."""
    text = f"{mark} {number}. {title}"
    spans = [Span(0, len(mark), colour)]
    if count:
        start = len(text) + 1
        text += f" !{count}"
        spans.append(Span(start, len(text), "$text-warning"))
    return Content(text, spans)


class SectionSidebar(OptionList):
    """The template's sections in order; choosing one shows its form.

    Each line carries a mark: ● done, ◐ partly done, ○ empty; and, after the title, how many
    weak points the section has (`!3`: the review's hints and the checks' weak findings, which
    the section's hint line lists).
    """

    DEFAULT_CSS = """
    SectionSidebar {
        width: 28;
        height: 1fr;
        border: none;
        border-right: vkey $foreground 20%;
        padding: 0;
    }
    """

    class Chosen(Message):
        """The author chose a section."""

        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    def __init__(self, states: Mapping[str, str] | None = None, *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        states: section key -> "done" / "partial" / "empty"; None: not known yet (no marks
            until `show_states`).
        id: the widget's id.
        """
        super().__init__(*self._section_options(states), id=id)
        self._states = None if states is None else dict(states)
        self._hints: dict[str, int] = {}

    @staticmethod
    def _section_options(
        states: Mapping[str, str] | None, hints: Mapping[str, int] | None = None
    ) -> list[Option]:
        options = []
        for number, section in enumerate(SECTIONS, 1):
            if states is None:
                mark, colour = " ", "$text-muted"
            else:
                mark, colour = STATE_MARKS[states.get(section.key, "empty")]
            count = (hints or {}).get(section.key, 0)
            options.append(Option(section_prompt(mark, colour, number, section.title, count),
                                  id=section.key))
        return options

    @property
    def states(self) -> dict[str, str] | None:
        """The states the marks show (None before the first `show_states`)."""
        return None if self._states is None else dict(self._states)

    def show_states(self, states: Mapping[str, str]) -> None:
        """Update the marks, keeping the highlighted section."""
        if dict(states) == self._states:
            return  # most edits change no section's state: no relayout
        self._states = dict(states)
        self._rebuild()

    @property
    def hints(self) -> dict[str, int]:
        """Section key -> the weak points counted after its title (sections without any are
        left out)."""
        return dict(self._hints)

    def show_hints(self, counts: Mapping[str, int]) -> None:
        """Update the weak points counted after each title (key -> count)."""
        counts = {key: n for key, n in counts.items() if n}
        if counts == self._hints:
            return
        self._hints = counts
        self._rebuild()

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(self._section_options(self._states, self._hints))
        self.highlighted = highlighted

    def select_key(self, key: str) -> None:
        self.highlighted = self.get_option_index(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
