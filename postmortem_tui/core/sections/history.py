"""Document history: the versions of this post-mortem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declaration import Blocks, Section
from .template import date_text

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    if not doc.history:
        c.weak(("history",), "Document history has no rows (the tool adds one when it saves)")
    for i, h in enumerate(doc.history):
        for name, label, ok in (
            ("date", "date", h.date is not None),
            ("author", "author", bool(h.author.strip())),
            ("changes", "changes", bool(h.changes.strip())),
        ):
            if not ok:
                c.weak(
                    ("history", i, name),
                    f"History row {i + 1} (version {h.version}) has no {label}",
                )
    return bool(doc.history)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    rows = [
        [h.version, date_text(h.date), md.cell(h.author), md.cell(h.changes)] for h in doc.history
    ]
    return [
        md.heading(2, "Document History"),
        md.table(["Version", "Date", "Author", "Changes"], rows),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.history import parse as read

    read(part, ctx)


SECTION = Section(
    key="history",
    title="Document History",
    guidance=(
        "Versions of this document: the tool adds a row on the first save and on each status "
        "change; edit them as you like."
    ),
    export=export,
    check=check,
    parse=parse,
    blocks=False,
    rows=True,
)
