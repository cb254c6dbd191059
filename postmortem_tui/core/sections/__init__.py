"""The template's sections, in order: one module a section, each declaring its `SECTION`.

Each module (`header.py`, ... `history.py`) holds everything about its section that is not UI:
its title and guidance, how it is exported (`export`), what it lacks (`check`) and, to come,
how it is read back from Markdown (`parse`). The wizard finds a section's form by the same key
(`tui/sections/<key>.py`). Light to import: the wizard's outline lists the sections before the
model (pydantic) has loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from . import (
    actions,
    appendix,
    factors,
    header,
    history,
    impact,
    lessons,
    resolution,
    root_cause,
    signoff,
    summary,
    timeline,
)
from .declaration import Section

if TYPE_CHECKING:
    from ..findings import Path

__all__ = ["SECTIONS", "SECTION_KEYS", "FieldPlace", "Section", "field_id", "locate", "section"]

SECTIONS: tuple[Section, ...] = (
    header.SECTION,
    summary.SECTION,
    impact.SECTION,
    timeline.SECTION,
    root_cause.SECTION,
    factors.SECTION,
    resolution.SECTION,
    actions.SECTION,
    lessons.SECTION,
    appendix.SECTION,
    signoff.SECTION,
    history.SECTION,
)

SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)

_BY_KEY = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    """The section called `key`; `KeyError` if there is none."""
    return _BY_KEY[key]


class FieldPlace(NamedTuple):
    """Where a path into the document is edited: the field's id, and in a list or a table the
    item or row (`row`) and the row's attribute (`attr`)."""

    id: str
    row: int | None
    attr: str | None


def field_id(path: Path) -> str:
    """The id of the field that edits `path`, the one name the wizard gives that field and a
    draft remembers it by: `("header", "title")` -> `header-title`, `("signoff", "author",
    "name")` -> `signoff-author-name`, a row of a list -> the list's field.

    A section that is one field is `<key>-<key>` (`summary-summary`), or `<key>-rows` when it
    is a list of rows (`timeline-rows`).
    """
    return locate(path).id


def locate(path: Path) -> FieldPlace:
    """The field that edits `path` (see `field_id`), and the row and attribute within it:
    `("timeline", 3, "time")` -> `timeline-rows`, row 3, column `time`."""
    index = next((i for i, part in enumerate(path) if isinstance(part, int)), len(path))
    names = [str(part) for part in path[:index]]
    if len(names) == 1:
        key = names[0]
        ident = f"{key}-rows" if section(key).rows else f"{key}-{key}"
    else:
        ident = "-".join(names)
    row = path[index] if index < len(path) else None
    after = path[index + 1 : index + 2]
    attr = after[0] if after and isinstance(after[0], str) else None
    return FieldPlace(ident, row if isinstance(row, int) else None, attr)
