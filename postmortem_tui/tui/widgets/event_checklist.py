"""The proposed events of an import, one checkbox a line: Space checks, Enter adds the checked
ones, M makes a proposed milestone of an event (or an event of it), A checks all or none."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import SelectionList

from .table_keys import EVENT_LIST_KEYS


class EventChecklist(SelectionList[int]):
    """A `SelectionList` of proposals by index, whose Enter confirms instead of toggling; the
    keys are under `BINDINGS`."""

    BINDINGS = EVENT_LIST_KEYS.bindings()
    """
    | Key(s) | What it does |
    | :- | :- |
    | Enter | in the list: add the checked events |
    | Space | in the list: check / uncheck the event |
    | m | in the list: give the event's time to the milestone it proposes, or not |
    | a | in the list: check every event not in the timeline yet, or none |
    """

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
