"""The hint line under a section's form: the weak points of the section, as `check` lists them,
the focused field's first."""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...core.findings import Finding, SectionReport
from ...core.sections import field_id
from ...core.text import cut, one_line

SHOWN = 4
"""Weak points listed before `... and N more`; `SHOWN_SHORT` in a terminal under
`SHORT_HEIGHT` rows (at 80x24 the form needs the room)."""
SHOWN_SHORT = 2
SHORT_HEIGHT = 30


class SectionHints(Static):
    """The current section's weak points (never blocking: the review's hints and the checks'
    weak findings), one a line, each with its suggestion; hidden when there are none.

    The wizard calls `show` with the section's report after each completeness pass and when
    the section or the focused field changes. Hidden too while a table cell is edited.
    """

    DEFAULT_CSS = """
    SectionHints {
        height: auto;
        max-height: 7;
        padding: 0 1;
        background: $warning 10%;
        color: $text-muted;
        display: none;
    }
    SectionHints.-shown {
        display: block;
    }
    SectionHints.-shown.-editing {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        id: the widget's id.
        """
        super().__init__("", id=id, markup=False)
        self._findings: tuple[Finding, ...] = ()
        self._focused = ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the line shows, in its order (all of them, also those past `SHOWN`)."""
        return self._findings

    def show(self, report: SectionReport | None, focused: str = "") -> None:
        """Show the weak points of `report`, those of the field with id `focused` first."""
        weak = report.weak if report is not None else ()
        ordered = tuple(sorted(weak, key=lambda f: field_id(f.path) != focused))
        if ordered == self._findings and focused == self._focused:
            return
        self._findings, self._focused = ordered, focused
        self.set_class(bool(ordered), "-shown")
        self.update(self._render_lines())

    def _render_lines(self) -> Content:
        width = max(20, (self.size.width or 80) - 4)
        shown = SHOWN_SHORT if self.app.size.height < SHORT_HEIGHT else SHOWN
        if len(self._findings) == shown + 1:
            shown += 1  # the last one rather than a line saying there is one more
        lines: list[Content] = []
        for f in self._findings[:shown]:
            here = bool(self._focused) and field_id(f.path) == self._focused
            style = "$text-warning bold" if here else "$text-warning"
            lines.append(Content.from_markup(
                f"[{style}]![/] $message", message=cut(one_line(f.message), width)
            ))
        more = len(self._findings) - shown
        if more > 0:
            lines.append(Content(f"... and {more} more (the export dialog lists them all)"))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        # While a table cell is edited the line steps aside: the edit box (a choice's list with
        # its meanings) needs the rows at 80x24. A table refreshes the bindings when it opens
        # or closes its box, which the screen signals, as Textual's footer hears it.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # By its name: a form without a table never loads the edit box's module.
        self.set_class(any(box.display for box in screen.query("CellEditor")), "-editing")

    def on_resize(self) -> None:
        if self._findings:
            self.update(self._render_lines())
