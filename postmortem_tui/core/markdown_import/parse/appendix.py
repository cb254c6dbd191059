"""The appendix: A logs (code), B metrics and graphs (a note, then `- label: link` bullets),
C configuration changes (one block, `# Before` and `# After`), D related incidents (table),
E external references (bullets)."""

from __future__ import annotations

import re

from ... import markdown as md
from ...model import Link, RelatedIncident
from ...validators import check_language, parse_incident_id
from .. import values
from ..inline_text import line_text
from ..reader import Block, Part
from .common import (
    NONE,
    NOT_YET,
    Context,
    block_text,
    code_of,
    first_verified,
    free_text,
    is_marker,
    list_field,
    paragraphs_of,
    subsections,
    table_rows,
    text_cell,
    value_cell,
    with_extra,
    without_placeholder_lines,
    wordings,
)

_SUBSECTIONS = {
    "logs": wordings("Relevant Logs", "Logs", "Log excerpts"),
    "metrics": wordings("Metrics and Graphs", "Metrics", "Graphs", "Dashboards",
                        "Metrics & Graphs"),
    "config": wordings("Configuration Changes", "Configuration", "Config changes", "Config"),
    "related": wordings("Related Incidents", "Related", "Similar incidents"),
    "references": wordings("External References", "References", "Links"),
}
_RELATED_COLUMNS = {
    "incident_id": wordings("Incident ID", "Incident", "ID"),
    "date": wordings("Date", "When"),
    "similarity": wordings("Similarity", "How related", "Relation", "Notes"),
}
BEFORE, AFTER, NO_CONFIG = "# Before", "# After", "# (none)"
_MARKER_LINE = re.compile(r"^\s*(?:#|//|--|;|/\*)?\s*(before|after)\s*:?\s*(?:\*/)?\s*$",
                          re.IGNORECASE)


def _logs(blocks: list[Block], ctx: Context) -> None:
    texts = []
    for block in blocks:
        if is_marker(block, NONE):
            continue
        text = code_of(block) if block.kind == "code" else block_text(block)
        text = without_placeholder_lines(text, block.line, ctx, "Relevant logs")
        if md.code_text(text):
            texts.append(text)
    ctx.doc.appendix.logs = "\n\n".join(texts)


def _link_source(link: tuple[str, str]) -> str:
    label, target = link
    label_text = md.one_line(label, block_start=True)
    target_text = md.one_line(target, block_start=not label_text) or NOT_YET
    return f"{label_text}: {target_text}" if label_text else target_text


def link_of(source: str, *, exported: bool = True) -> tuple[str, str]:
    """`label: target` as the export writes a link (a split written again), or by hand
    (`exported` False): `[label](url)`, `label: [text](url)`, a lone URL."""
    src = source.strip()
    lone = re.fullmatch(r"\[([^\]]+)\]\(\s*<?([^\s()<>]+)>?(?:\s+\"[^\"]*\")?\s*\)", src)
    if lone and not exported:
        return line_text(lone.group(1)), lone.group(2)
    candidates: list[tuple[str, str]] = []
    for m in re.finditer(": ", src):
        label, target = src[: m.start()], src[m.end() :]
        candidates.append((
            line_text(label, block_start=True),
            "" if target.strip() == NOT_YET else line_text(target),
        ))
    candidates.append(("", line_text(src, block_start=True)))
    found = first_verified(src, candidates, _link_source)
    if found is not None:
        return found
    if lone:
        return line_text(lone.group(1)), lone.group(2)
    return candidates[0] if len(candidates) > 1 else candidates[-1]


def _metrics(blocks: list[Block], ctx: Context) -> None:
    ap = ctx.doc.appendix
    lists = [b for b in blocks if b.kind in ("bullets", "ordered")]
    note = [b for b in blocks if b.kind not in ("bullets", "ordered")]
    if not lists and note and is_marker(note[-1], NONE):
        note = note[:-1]  # the export's line for no links
    ap.metrics_note = paragraphs_of(note, ctx, "Metrics and graphs", empty=None)
    links = []
    for block in lists:
        for item in block.items:
            source = item.blocks[0].text if item.blocks and item.blocks[0].kind == "paragraph" \
                else ""
            label, target = link_of(source, exported=ctx.exported)
            if values.is_placeholder(target):  # `- Dashboard: {link}`
                ctx.report.placeholder(item.line, target, f"Link {label!r}")
                target = ""
            target = free_text(target, item.line, ctx, "Link")
            label = free_text(label, item.line, ctx, "Link label")
            if label or target:
                links.append(Link(label=label, target=target))
            rest = [block_text(b) for b in item.blocks[1:]]
            if rest:
                ctx.keep(item.line, "text under a link", "\n".join(rest))
    ap.metrics_links = links


def _config_source(pair: tuple[str, str]) -> str:
    before, after = md.code_text(pair[0]), md.code_text(pair[1])
    return f"{BEFORE}\n{before or NO_CONFIG}\n\n{AFTER}\n{after or NO_CONFIG}"


def config_pair(body: str) -> tuple[str, str] | None:
    """Before and after from one block as the export writes it, or with `Before:` / `// After`
    marker lines by hand; None when it has no markers."""
    if body.startswith(BEFORE + "\n"):
        rest = body[len(BEFORE) + 1 :]
        candidates = []
        marker = f"\n\n{AFTER}\n"
        at = rest.find(marker)
        while at >= 0:  # every place, overlapping ones too
            before, after = rest[:at], rest[at + len(marker) :]
            at = rest.find(marker, at + 1)
            pair = ("" if before == NO_CONFIG else before, "" if after == NO_CONFIG else after)
            if pair == ("", ""):  # typed `# (none)` itself, or the export says "None."
                pair = (before, "")
            candidates.append(pair)
        found = first_verified(body, candidates, _config_source)
        if found is not None:
            return found
    lines = body.split("\n")
    marks = [(i, m.group(1).lower()) for i, line in enumerate(lines)
             if (m := _MARKER_LINE.match(line))]
    if not marks:
        return None
    parts: dict[str, list[str]] = {"before": [], "after": []}
    for n, (i, which) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        parts[which] += lines[i + 1 : end]
    before = "\n".join(parts["before"]).strip("\n")
    after = "\n".join(parts["after"]).strip("\n")
    return (
        "" if before.strip() == NO_CONFIG else before,
        "" if after.strip() == NO_CONFIG else after,
    )


def _config(blocks: list[Block], ctx: Context) -> None:
    ap = ctx.doc.appendix
    codes = [b for b in blocks if b.kind == "code"]
    labels: list[str] = []
    for block in blocks:
        if block.kind == "code" or is_marker(block, NONE):
            continue
        text = block_text(block)
        if text.strip().strip("*_:").strip().lower() in ("before", "after"):
            labels.append(text.strip().strip("*_:").strip().lower())
        elif not values.is_placeholder(text):
            ctx.keep(block.line, "text about the configuration changes", text)
        else:
            ctx.report.placeholder(block.line, text, "Configuration changes")
    if not codes:
        return
    first = codes[0]
    language = first.language or "text"
    try:
        ap.config_language = check_language(language, "Language")
    except ValueError:
        ctx.report.add(first.line, "value", f"configuration language {language!r} is not one "
                       "word: read as text")
        ap.config_language = "text"
    texts = [without_placeholder_lines(code_of(b), b.line, ctx, "Configuration") for b in codes]
    pair = config_pair(texts[0]) if len(codes) == 1 else None
    if pair is None and len(codes) >= 2:  # a block for before, one for after
        pair = (texts[0], "\n\n".join(texts[1:]))
        if labels[:2] == ["after", "before"]:
            pair = (pair[1], pair[0])
    if pair is None:
        ctx.report.add(first.line, "value", "configuration block without `# Before` and "
                       "`# After`: read as the configuration after the change")
        pair = ("", texts[0])
    ap.config_before, ap.config_after = pair


def _related(blocks: list[Block], ctx: Context) -> None:
    rows = []
    for block in blocks:
        if block.kind == "table":
            for row in table_rows(block, ctx, _RELATED_COLUMNS, "Related incident"):
                ident = value_cell(row, "incident_id", ctx, "Related incident ID",
                                   lambda t: parse_incident_id(t.split()[0] if t.split() else t,
                                                               "Related incident ID"))
                rows.append(RelatedIncident(
                    incident_id=ident or "",
                    date=value_cell(row, "date", ctx, "Date", values.date),
                    similarity=with_extra(text_cell(row, "similarity", ctx, "Similarity"), row),
                ))
        elif not is_marker(block, NONE, NOT_YET):
            ctx.keep(block.line, "text among the related incidents", block_text(block))
    ctx.doc.appendix.related = rows


def parse(part: Part, ctx: Context) -> None:
    subs = subsections(part, ctx, _SUBSECTIONS)
    if subs[""]:
        ctx.keep(subs[""][0].line, "text at the top of the appendix",
                 "\n".join(block_text(b) for b in subs[""]))
    _logs(subs.get("logs", []), ctx)
    _metrics(subs.get("metrics", []), ctx)
    _config(subs.get("config", []), ctx)
    _related(subs.get("related", []), ctx)
    ctx.doc.appendix.references = list_field(subs.get("references", []), ctx,
                                             "External references")
