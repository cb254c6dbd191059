"""Completion of a typed path, as an input's suggestion (→ or End takes it): the rest of the one
name that fits, or of what all the names that fit start with; a folder ends with `/`."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

MAX_LISTED = 2000
"""Names read from one folder at most (a folder of a million files must not freeze a key)."""


def complete(value: str) -> str | None:
    """`value` completed as far as the file names under its folder allow; None when nothing
    fits or nothing is to be added."""
    if not value:
        return None
    typed = os.path.expanduser(value)
    folder, _, start = typed.rpartition("/")
    where = Path(folder or ("/" if typed.startswith("/") else "."))
    if value.startswith("~") and "/" not in value:
        return None  # ~user: not a folder's name
    names: list[str] = []
    try:
        with os.scandir(where) as entries:
            for i, entry in enumerate(entries):
                if i >= MAX_LISTED:
                    break
                if entry.name.startswith(start) and (start.startswith(".")
                                                      or not entry.name.startswith(".")):
                    names.append(entry.name + ("/" if entry.is_dir() else ""))
    except OSError:
        return None
    if not names:
        return None
    # What all the names start with: that of the first and last in order.
    first, last = min(names), max(names)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                min(len(first), len(last)))
    rest = first[len(start):size]
    return value + rest if rest else None


class PathSuggester(Suggester):
    """Suggests the rest of a file or folder name (the filesystem is read anew each time)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value)
