"""The choose-by-typing rule both choice fields and choice cells use."""

from __future__ import annotations

import pytest

from postmortem_tui.tui.typeahead import pick

CATEGORIES = ["Prevent Recurrence", "Improve Detection", "Reduce Impact", "Process Changes"]


@pytest.mark.parametrize(
    ("names", "typed", "key", "current", "expected"),
    [
        (["P0", "P1", "P2"], "", "1", -1, ("1", 1)),  # the number after a letter
        (["P0", "P1", "P2"], "p", "1", 0, ("p1", 1)),  # typing goes on
        (["Open", "In Progress", "Done"], "i", "n", 0, ("in", 1)),
        (CATEGORIES, "", "d", -1, ("d", 1)),  # a later word
        (CATEGORIES, "p", "p", 0, ("p", 3)),  # the same letter again goes on to the next
        (CATEGORIES, "pr", "x", 0, ("x", None)),  # nothing: the key alone is what is typed
    ],
)
def test_pick(
    names: list[str], typed: str, key: str, current: int, expected: tuple[str, int | None]
) -> None:
    assert pick(names, typed, key, current) == expected
