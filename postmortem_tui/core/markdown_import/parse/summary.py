"""The executive summary: its paragraphs (anything else in the section joins them as text)."""

from __future__ import annotations

from ..reader import Part
from .common import Context, paragraphs_of, part_text


def parse(part: Part, ctx: Context) -> None:
    text = paragraphs_of(part.blocks, ctx, "Executive summary")
    if part.subsections:  # `### Background` under the summary, by hand: its text, in order
        ctx.report.add(part.subsections[0].line, "kept",
                       "subsections in the summary: kept in its text")
    extra = [part_text(sub) for sub in part.subsections]
    ctx.doc.summary = "\n\n".join(t for t in (text, *extra) if t)
