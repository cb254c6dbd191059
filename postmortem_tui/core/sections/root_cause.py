"""Root cause analysis: what happened, why (the 5 Whys), why it was not caught earlier."""

from __future__ import annotations

import re
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
    from ..findings import MIN_WHYS, SHORT_WHAT_HAPPENED_WORDS, count_filled, count_words

    rc = doc.root_cause
    p = "root_cause"
    what = rc.what_happened.strip()
    if c.require(bool(what), (p, "what_happened"), "What happened is missing"):
        words = count_words(what)
        if words < SHORT_WHAT_HAPPENED_WORDS:
            c.weak(
                (p, "what_happened"),
                f"What happened is short ({words} words): be specific about the sequence of "
                "events and the components involved",
            )
    c.require(
        bool(rc.why_it_happened.strip()), (p, "why_it_happened"), "Why it happened is missing"
    )

    answered = 0
    last_answered = -1
    for i, why in enumerate(rc.whys):
        q, b = why.question.strip(), why.because.strip()
        if q and b:
            answered += 1
            last_answered = i
        elif b:
            c.block((p, "whys", i, "question"), f"5 Whys #{i + 1} has an answer but no question")
        elif q:
            c.block(
                (p, "whys", i, "because"),
                f"5 Whys #{i + 1} has a question but no answer (answer it, or clear the question)",
            )
    c.require_count(
        answered,
        MIN_WHYS,
        (p, "whys"),
        f"5 Whys: {answered} answered, at least {MIN_WHYS} needed (question and because)",
    )
    for i, why in enumerate(rc.whys[: max(last_answered, 0)]):
        if not why.question.strip() and not why.because.strip():
            c.weak((p, "whys", i), f"5 Whys #{i + 1} is empty, between answered ones")

    c.require_count(
        count_filled(rc.gaps),
        1,
        (p, "gaps"),
        "Why it wasn't caught earlier: no gap listed (monitoring, testing or process)",
    )
    c.blank_items(rc.gaps, (p, "gaps"), "Why it wasn't caught earlier")

    c.blameless((p, "what_happened"), "What happened", rc.what_happened)
    c.blameless((p, "why_it_happened"), "Why it happened", rc.why_it_happened)
    for i, why in enumerate(rc.whys):
        c.blameless((p, "whys", i), f"5 Whys #{i + 1}", f"{why.question}\n{why.because}")
    for i, gap in enumerate(rc.gaps):
        c.blameless((p, "gaps", i), f"gap {i + 1}", gap)

    return bool(
        what
        or rc.why_it_happened.strip()
        or rc.snippet.strip()
        or any(w.question.strip() or w.because.strip() for w in rc.whys)
        or count_filled(rc.gaps)
    )


def _whys(doc: PostMortem) -> str:
    from .. import markdown as md

    items: list[str] = []
    for why in doc.root_cause.whys:
        question = md.bold_title(why.question)
        because = why.because.strip()
        if not question and not md.text_lines(because):
            continue
        # The template writes "Because ..."; the author may have typed it already.
        label = "Because " if md.text_lines(because) else ""
        if re.match(r"because\b", because, re.IGNORECASE):
            label, because = "", "B" + because[1:]
        items.append(numbered(question or "Why?", len(items) + 1, [(label, because)]))
    return "\n\n".join(items) if items else NOT_YET


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    rc = doc.root_cause
    blocks = [
        md.heading(2, "Root Cause Analysis"),
        md.heading(3, "What Happened?"),
        md.paragraphs(rc.what_happened),
    ]
    if md.code_text(rc.snippet):
        blocks.append(md.code(rc.snippet, rc.snippet_language))
    return [
        *blocks,
        md.heading(3, "Why Did It Happen?"),
        md.paragraphs(rc.why_it_happened),
        "**5 Whys Analysis:**",
        _whys(doc),
        md.heading(3, "Why Wasn't It Caught Earlier?"),
        md.bullets(rc.gaps),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.root_cause import parse as read

    read(part, ctx)


SECTION = Section(
    key="root_cause",
    title="Root Cause Analysis",
    guidance=(
        "A detailed technical explanation of what went wrong, specific about the sequence of "
        "events and the components involved; why it happened (the 5 Whys: each question "
        "follows from the previous answer); and why it wasn't caught earlier (gaps in "
        "monitoring, testing or process). Systems and processes, not people."
    ),
    export=export,
    check=check,
    parse=parse,
)
