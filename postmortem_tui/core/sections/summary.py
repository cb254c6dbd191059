"""Executive summary: one paragraph for non-technical readers."""

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
    from ..findings import SHORT_SUMMARY_WORDS, count_words

    text = doc.summary.strip()
    if c.require(bool(text), ("summary",), "Executive summary is missing"):
        words = count_words(text)
        if words < SHORT_SUMMARY_WORDS:
            c.weak(
                ("summary",),
                f"Executive summary is very short ({words} words): say what happened, the "
                "impact and how it was resolved",
            )
        c.blameless(("summary",), "the executive summary", text)
    return bool(text)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    return [md.heading(2, "Executive Summary"), md.paragraphs(doc.summary)]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.summary import parse as read

    read(part, ctx)


SECTION = Section(
    key="summary",
    title="Executive Summary",
    guidance=(
        "One paragraph: what happened, the impact, and how it was resolved. It should be "
        "understandable by non-technical stakeholders: no jargon, no blame."
    ),
    export=export,
    check=check,
    parse=parse,
)
