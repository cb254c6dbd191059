"""Contributing factors: every factor that played a part, even if not the primary cause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..placeholders import NOT_YET
from .declaration import Blocks, Section
from .template import numbered

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import shorten

    factors = doc.factors
    c.require(bool(factors), ("factors",), "No contributing factors listed")
    for i, f in enumerate(factors):
        n = i + 1
        if not (f.title.strip() or f.description.strip() or f.contribution.strip()):
            c.block(("factors", i), f"Contributing factor {n} is empty (fill it in or remove it)")
            continue
        name = f" ({shorten(f.title)})" if f.title.strip() else ""
        c.require_all(
            f"Contributing factor {n}{name}",
            [
                (bool(f.title.strip()), ("factors", i, "title"), "title"),
                (bool(f.description.strip()), ("factors", i, "description"), "description"),
                (bool(f.contribution.strip()), ("factors", i, "contribution"), "contribution"),
            ],
        )
        text = f"{f.title}\n{f.description}\n{f.contribution}"
        c.blameless(("factors", i), f"contributing factor {n}", text)
    return any(f.title.strip() or f.description.strip() or f.contribution.strip() for f in factors)


FACTORS_INTRO = (
    "List all factors that contributed to the incident, even if they weren't the primary cause:"
)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    items: list[str] = []
    for f in doc.factors:
        if not any(md.text_lines(t) for t in (f.title, f.description, f.contribution)):
            continue
        title = md.bold_title(f.title) or "Untitled factor"
        subitems = [("Description: ", f.description), ("Contribution: ", f.contribution)]
        items.append(numbered(title, len(items) + 1, subitems))
    return [
        md.heading(2, "Contributing Factors"),
        FACTORS_INTRO,
        "\n\n".join(items) if items else NOT_YET,
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.factors import parse as read

    read(part, ctx)


SECTION = Section(
    key="factors",
    title="Contributing Factors",
    guidance=(
        "Every factor that contributed to the incident, even if it wasn't the primary cause: "
        "what the factor was and how it contributed."
    ),
    export=export,
    check=check,
    parse=parse,
    rows=True,
)
