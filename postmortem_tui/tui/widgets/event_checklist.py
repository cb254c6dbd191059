"""The proposed events of an import, one checkbox a line: Space checks, Enter adds the checked
ones, M makes a proposed milestone of an event (or an event of it), A checks all or none."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import SelectionList


class EventChecklist(SelectionList[int]):
    """A `SelectionList` of proposals by index, whose Enter confirms instead of toggling.

    | Key(s) | What it does |
    | :- | :- |
    | Space | check / uncheck the event |
    | Enter | add the checked events |
    | M | give the event's time to the milestone it proposes, or not |
    | A | check every event not in the timeline yet, or none |
    """

    BINDINGS = [
        Binding("enter", "confirm", "Add checked", priority=True),
        Binding("space", "select", "Check", show=False),
        Binding("m", "milestone", "Milestone"),
        Binding("a", "all", "All/none"),
    ]

    DEFAULT_CSS = """
    EventChecklist {
        height: 1fr;
    }
    """

    class Confirmed(Message):
        """Enter: add the checked events."""

    class MilestoneToggled(Message):
        """M on the highlighted event."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class AllToggled(Message):
        """A: every event or none."""

    def action_confirm(self) -> None:
        self.post_message(self.Confirmed())

    def action_milestone(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.MilestoneToggled(self.get_option_at_index(
                self.highlighted).value))

    def action_all(self) -> None:
        self.post_message(self.AllToggled())
