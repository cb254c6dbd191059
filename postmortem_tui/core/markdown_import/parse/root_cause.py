"""Root cause analysis: what happened (with a code snippet and its language), why it happened,
the 5 Whys (`**question**` with `- Because ...` under it), why it wasn't caught earlier."""

from __future__ import annotations

import re

from ... import markdown as md
from ...model import Why
from ...validators import check_language
from .. import values
from ..inline_text import line_text, paragraph_text
from ..reader import Block, ListItem, Part
from .common import (
    NOT_YET,
    Context,
    block_text,
    code_of,
    first_verified,
    is_marker,
    item_text,
    list_field,
    paragraphs_of,
    subsections,
    title_key,
    without_placeholder_lines,
    wordings,
)

_SUBSECTIONS = {
    "what": wordings("What Happened?", "What happened", "Description", "Details",
                     "Technical details"),
    "why": wordings("Why Did It Happen?", "Why did it happen", "Why it happened", "Causes",
                    "Root cause"),
    "whys": wordings("5 Whys", "5 Whys Analysis", "Five Whys", "The 5 Whys"),
    "gaps": wordings("Why Wasn't It Caught Earlier?", "Why wasn't it caught earlier",
                     "Why was it not caught earlier", "Detection gaps", "Gaps"),
}
WHYS_LABEL = "**5 Whys Analysis:**"
_WHYS_WORDS = wordings("5 Whys Analysis", "5 Whys", "Five Whys", "5 Whys analysis",
                       "The 5 Whys")
NO_QUESTION = "Why?"


def _snippet(blocks: list[Block], ctx: Context) -> list[Block]:
    """Takes the code blocks as the snippet (the first one's language); the rest is text."""
    rc = ctx.doc.root_cause
    codes = [b for b in blocks if b.kind == "code"]
    texts = []
    for n, block in enumerate(codes):
        code = without_placeholder_lines(code_of(block), block.line, ctx, "Snippet")
        if not md.code_text(code):
            continue
        texts.append(code)
        if n == 0:
            try:
                rc.snippet_language = check_language(block.language or "text", "Language")
            except ValueError:
                ctx.report.add(block.line, "value", f"snippet language {block.language!r} is "
                               "not one word: the snippet is text")
        else:
            ctx.report.add(block.line, "kept", "another code block: kept in the snippet")
    rc.snippet = "\n\n".join(texts)
    return [b for b in blocks if b.kind != "code"]


def _because_source(because: str) -> str:
    """How the export writes an answer under its question (without the `- `)."""
    text = because.strip()
    label = "Because " if md.text_lines(text) else ""
    if re.match(r"because\b", text, re.IGNORECASE):
        label, text = "", "B" + text[1:]
    return label + ("\\\n".join(md.text_lines(text)) or NOT_YET)


def because_of(source: str) -> str:
    """The answer from `Because ...` as the export writes it, or as written by hand."""
    src = source.strip()
    if src == NOT_YET:
        return ""
    candidates = []
    if src.startswith("Because "):
        candidates.append(paragraph_text(src[len("Because ") :]))
    candidates.append(paragraph_text(src))
    found = first_verified(src, candidates, _because_source)
    if found is not None:
        return found
    text = paragraph_text(src)
    return re.sub(r"^because[\s:,]+", "", text, flags=re.IGNORECASE)


def bold_title(source: str) -> str | None:
    """The title of `**title**` (a whole paragraph), as typed; None if it is not one."""
    src = source.strip()
    if len(src) < 4 or not src.startswith("**") or not src.endswith("**"):
        return None
    inner = src[2:-2]
    if "\n" in inner:
        return None
    return first_verified(inner, [line_text(inner)], md.bold_title) or line_text(inner)


def _split_question(text: str) -> tuple[str, str]:
    """`Why did X? Because Y` or `Why did X? -> Y`, written on one line by hand."""
    m = re.search(r"\s*(?:→|->|—|–)?\s*\bbecause\b[\s:,]*", text, re.IGNORECASE)
    if m and m.start() > 0:
        return text[: m.start()].strip(), text[m.end() :].strip()
    m = re.search(r"\?\s*(?:→|->|—|–|-|:)\s*", text)
    if m:
        return text[: m.start() + 1].strip(), text[m.end() :].strip()
    return text.strip(), ""


def _why(item: ListItem, ctx: Context) -> Why | None:
    blocks = list(item.blocks)
    if not blocks or blocks[0].kind != "paragraph":
        return Why(because=item_text(item)) if blocks else None
    first = blocks[0].text.strip()
    question = bold_title(first)
    because = ""
    if question is None:
        if first.startswith("**") and first.find("**", 2) > 2:
            end = first.find("**", 2)
            question, because = line_text(first[2:end]), paragraph_text(first[end + 2 :])
            because = re.sub(r"^[\s:,.—–-]*(?:because\b[\s:,]*)?", "", because,
                             flags=re.IGNORECASE)
        else:
            question, because = _split_question(paragraph_text(first))
    answers = []
    for block in blocks[1:]:
        if block.kind == "bullets":
            for sub in block.items:
                sub_blocks = sub.blocks
                if sub_blocks and sub_blocks[0].kind == "paragraph" and len(block.items) == 1 \
                        and len(sub_blocks) == 1:
                    answers.append(because_of(sub_blocks[0].text))
                else:
                    answers.append(re.sub(r"^because[\s:,]+", "", item_text(sub),
                                          flags=re.IGNORECASE))
        else:
            answers.append(block_text(block))
    because = "\n".join(t for t in (because, *answers) if t)
    if question == NO_QUESTION and md.text_lines(because):
        question = ""  # the export's stand-in for a question not written
    if values.is_placeholder(question):
        ctx.report.placeholder(item.line, question, "Why")
        question = ""
    if values.is_placeholder(because.removeprefix("Because ")):
        ctx.report.placeholder(item.line, because, "Because")
        because = ""
    return Why(question=question, because=because)


def _whys(blocks: list[Block], ctx: Context) -> list[Why]:
    whys = []
    for block in blocks:
        if block.kind in ("ordered", "bullets"):
            whys += [w for w in (_why(item, ctx) for item in block.items) if w is not None]
        elif not is_marker(block, NOT_YET):
            ctx.report.add(block.line, "kept", "text among the 5 Whys: kept in why it happened")
            rc = ctx.doc.root_cause
            rc.why_it_happened = "\n\n".join(
                t for t in (rc.why_it_happened, block_text(block)) if t
            )
    return whys


def _split_why(blocks: list[Block]) -> tuple[list[Block], list[Block]] | None:
    """The blocks before and after the last `**5 Whys Analysis:**` line, if there is one."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.kind in ("paragraph", "heading") and title_key(block.text) in _WHYS_WORDS:
            return blocks[:index], blocks[index + 1 :]
    return None


def parse(part: Part, ctx: Context) -> None:
    rc = ctx.doc.root_cause
    subs = subsections(part, ctx, _SUBSECTIONS)
    if len(subs) == 1:  # no subsections, by hand: the lists are the whys, the rest text
        whys_blocks = [b for b in subs[""] if b.kind == "ordered"]
        subs = {"what": [b for b in subs[""] if b.kind != "ordered"], "whys": whys_blocks}
    elif subs[""]:
        subs["what"] = [*subs[""], *subs.get("what", [])]
    what = _snippet(subs.get("what", []), ctx)
    rc.what_happened = paragraphs_of(what, ctx, "What happened")
    why = subs.get("why", [])
    split = _split_why(why)
    if split is not None:
        why, whys_blocks = split
    elif "whys" not in subs:
        whys_blocks = [b for b in why if b.kind == "ordered"]
        why = [b for b in why if b.kind != "ordered"]
    else:
        whys_blocks = []
    rc.why_it_happened = paragraphs_of(why, ctx, "Why it happened")
    whys = _whys([*whys_blocks, *subs.get("whys", [])], ctx)
    rc.whys = whys + [Why() for _ in range(5 - len(whys))]
    rc.gaps = list_field(subs.get("gaps", []), ctx, "Why it wasn't caught earlier")
