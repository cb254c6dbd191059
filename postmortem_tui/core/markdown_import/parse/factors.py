"""Contributing factors: `1. **title**` with `- Description:` and `- Contribution:` under it
(or, by hand, `- **title**: description` bullets)."""

from __future__ import annotations

from ... import markdown as md
from ...model import ContributingFactor
from ..inline_text import line_text, paragraph_text
from ..reader import Block, ListItem, Part
from .common import (
    NOT_YET,
    Context,
    block_text,
    first_verified,
    free_text,
    is_marker,
    item_text,
    part_text,
    title_key,
)
from .root_cause import bold_title

FACTORS_INTRO = (
    "List all factors that contributed to the incident, even if they weren't the primary cause:"
)
UNTITLED = "Untitled factor"
_LABELS = {"description": "Description", "contribution": "Contribution"}


def labelled(source: str, label: str) -> str | None:
    """The text after `Label: ` (or `**Label:**`, `**Label**:`), as typed; None without it."""
    src = source.strip()
    exact = f"{label}: "
    if src.startswith(exact) or src == exact.strip():
        rest = src[len(exact) :]
        if rest.strip() == NOT_YET:
            return ""
        render = lambda t: "\\\n".join(md.text_lines(t)) or NOT_YET  # noqa: E731
        text = paragraph_text(rest)
        return first_verified(rest, [text], render) or text
    for form in (f"**{label}:**", f"**{label}**:", f"*{label}:*", f"{label}:", f"{label} -"):
        if src.lower().startswith(form.lower()):
            return paragraph_text(src[len(form) :])
    return None


def _factor(item: ListItem, ctx: Context) -> ContributingFactor:
    blocks = list(item.blocks)
    title = ""
    description: list[str] = []
    contribution: list[str] = []
    if blocks and blocks[0].kind == "paragraph":
        first = blocks.pop(0).text.strip()
        whole = bold_title(first)
        if whole is not None:
            title = whole
        elif first.startswith("**") and first.find("**", 2) > 2:
            end = first.find("**", 2)
            title = line_text(first[2:end])
            rest = paragraph_text(first[end + 2 :]).lstrip(":—–- ").strip()
            description += [rest] if rest else []
        else:
            text = paragraph_text(first)
            head, colon, rest = text.partition(": ")
            title, more = (head, rest) if colon and len(head) <= 80 else (text, "")
            description += [more] if more else []
    for block in blocks:
        items = block.items if block.kind == "bullets" else []
        if not items:
            description.append(block_text(block))
        for sub in items:
            source = sub.blocks[0].text if sub.blocks and sub.blocks[0].kind == "paragraph" else ""
            found = False
            for key, label in _LABELS.items():
                value = labelled(source, label) if len(sub.blocks) == 1 else None
                if value is not None:
                    (description if key == "description" else contribution).append(value)
                    found = True
                    break
            if not found:
                description.append(item_text(sub))
    desc, contrib = "\n".join(description), "\n".join(contribution)
    if title == UNTITLED and (md.text_lines(desc) or md.text_lines(contrib)):
        title = ""  # the export's stand-in for a title not written
    return ContributingFactor(
        title=free_text(title, item.line, ctx, "Factor title"),
        description=free_text(desc, item.line, ctx, "Factor description"),
        contribution=free_text(contrib, item.line, ctx, "Factor contribution"),
    )


def _is_intro(block: Block) -> bool:
    return block.kind == "paragraph" and title_key(block.text) == title_key(FACTORS_INTRO)


def parse(part: Part, ctx: Context) -> None:
    factors: list[ContributingFactor] = []
    for block in part.blocks:
        if block.kind in ("ordered", "bullets"):
            factors += [_factor(item, ctx) for item in block.items]
        elif not (_is_intro(block) or is_marker(block, NOT_YET)):
            ctx.keep(block.line, "text among the contributing factors", block_text(block))
    for sub in part.subsections:  # `### Factor title` with its text, by hand
        text = "\n".join(block_text(b) for b in sub.blocks)
        factors.append(ContributingFactor(title=line_text(sub.title), description=text))
        ctx.report.add(sub.line, "value", f"subsection {part_text(sub)[:40]!r}… read as a "
                       "contributing factor")
    ctx.doc.factors = factors
