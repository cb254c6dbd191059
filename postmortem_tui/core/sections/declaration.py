"""What a section of the template declares, once, for every layer to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem

Blocks: TypeAlias = list[str]
"""A section's Markdown, block by block (headings, paragraphs, tables), joined by blank lines."""

Export: TypeAlias = "Callable[[PostMortem], Blocks]"
"""Writes the section of a document as the template's Markdown."""

Check: TypeAlias = "Callable[[PostMortem, date, Checks], bool]"
"""Records what the section lacks in `Checks` (the day, COT, dates overdue items) and says
whether anything of it has been filled in at all (an empty section is "empty", not "partial")."""

Parse: TypeAlias = "Callable[[Part, ImportContext], None]"
"""Reads the section's part of a Markdown file (`markdown_import.reader.Part`: its heading,
blocks and subsections, each with its line) into `ctx.doc`, and reports in `ctx.report` what
it could not map, with its line."""


@dataclass(frozen=True)
class Section:
    """One section of the template: the wizard, the checks, the export and the import all read
    this declaration.

    The key is also the document's attribute that holds the section (`doc.header`), the first
    name of every path into it (`("header", "title")`) and the first part of its fields' ids
    (`field_id`): one name, so none of them can drift from the others.
    """

    key: str
    """The section's name: `doc.<key>`, the draft's TOML table, `check --section`."""
    title: str
    """As the sidebar, the help and the check list it."""
    guidance: str
    """What a good section holds, shown in the help."""
    export: Export
    check: Check
    extras: Export | None = None
    """Blocks the export adds after the section's own: extra headings the template allows (the
    timeline's key metrics and diagram); `to_markdown(doc, template_only=True)` leaves them out."""
    parse: Parse | None = None
    """Markdown back into the document (`postmortem import`)."""
    optional: bool = False
    """The template marks it optional: an empty one is not reported as missing."""
    blocks: bool = True
    """Whether its findings can block the final export and it counts towards the percentage
    (the appendix and the document history never block)."""
    rows: bool = False
    """The section is one list of rows, edited as one table (the timeline, the action items)."""
