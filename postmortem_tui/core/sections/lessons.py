"""Lessons learned: what went well, what could be improved, what we will do differently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declaration import Blocks, Section

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import count_filled

    ls = doc.lessons
    lists = (
        ("went_well", "What went well", ls.went_well),
        ("could_improve", "What could be improved", ls.could_improve),
        ("do_differently", "What we will do differently", ls.do_differently),
    )
    for name, label, items in lists:
        c.require_count(count_filled(items), 1, ("lessons", name), f"{label}: nothing listed")
        c.blank_items(items, ("lessons", name), label)
        for i, item in enumerate(items):
            c.blameless(("lessons", name, i), f"{label}, item {i + 1}", item)
    return any(count_filled(items) for _, _, items in lists)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    ll = doc.lessons
    return [
        md.heading(2, "Lessons Learned"),
        md.heading(3, "What Went Well"),
        md.bullets(ll.went_well),
        md.heading(3, "What Could Be Improved"),
        md.bullets(ll.could_improve),
        md.heading(3, "What We Will Do Differently"),
        md.bullets(ll.do_differently),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.lessons import parse as read

    read(part, ctx)


SECTION = Section(
    key="lessons",
    title="Lessons Learned",
    guidance=(
        "What went well (e.g. \"Alert fired within 2 minutes\"), what could be improved "
        "(e.g. \"Runbook was missing steps for this scenario\") and what we will do "
        "differently."
    ),
    export=export,
    check=check,
    parse=parse,
)
