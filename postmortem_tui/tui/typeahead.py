"""Choosing by typing: the rule a choice field and a table's choice cell share.

What was typed picks the first choice whose name starts with it, case aside; failing that, the
first with a later word or number that does (`det` finds Improve Detection, `1` finds P1). A
key that extends nothing starts again after the current choice, so the same letter again goes
on to the next choice it starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Where typing may match a choice besides its start: a later word or the number after a letter.
_LATER_START = re.compile(r"(?<=[\s\-_/])\w|(?<=[^\W\d_])\d")


def _match(names: Sequence[str], typed: str, order: Sequence[int]) -> int | None:
    """The first of `order` whose name starts with `typed`, else has a later start that does."""
    found = next((i for i in order if names[i].startswith(typed)), None)
    if found is None:
        found = next((i for i in order if any(
            names[i].startswith(typed, m.start()) for m in _LATER_START.finditer(names[i])
        )), None)
    return found


def pick(names: Sequence[str], typed: str, character: str, current: int) -> tuple[str, int | None]:
    """What is typed so far after `character`, and the choice (an index of `names`) it picks,
    None for none; `typed` is what was typed before, `current` the choice shown (-1: none)."""
    lowered = [name.lower() for name in names]
    typed += character.lower()
    found = _match(lowered, typed, range(len(lowered)))
    if found is None:
        typed = character.lower()
        count = len(lowered)
        found = _match(lowered, typed, [(current + step) % count for step in range(1, count + 1)])
    return typed, found
