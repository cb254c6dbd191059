"""A post-mortem in the template's Markdown back to a document, with a report of what could
not be mapped.

The file's `##` sections are matched to the template's by their headings (the template's
wording, or a common variant: `Summary`, `Action items`, `Sign off`), each read by its section's
parser; a section the template does not have is kept in the appendix's external references.
A section missing from the file is left as a new draft has it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic_core import ValidationError

from ..errors import DraftError
from ..model import PostMortem, error_message
from .inline_text import line_text
from .parse import header
from .parse.common import Context, part_text, title_key, wordings
from .reader import MdDocument, Part, read
from .report import Finding, Report

__all__ = ["SECTION_HEADINGS", "Imported", "NotAPostMortem", "import_markdown"]

Parser = Callable[[Part, Context], None]


class NotAPostMortem(DraftError):
    """The text has none of the template's title, labels or sections."""


@dataclass(frozen=True)
class Imported:
    doc: PostMortem
    findings: list[Finding]


# Section key -> the template's heading and others people give it. Each section's parser is
# declared with the section (`sections.<key>.SECTION.parse`).
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": ("Executive Summary", "Summary", "TL;DR", "Overview", "TLDR"),
    "impact": ("Impact", "Business impact", "Impact assessment"),
    "timeline": ("Timeline", "Timeline of events", "Timeline COT", "Chronology"),
    "root_cause": ("Root Cause Analysis", "Root cause", "RCA", "Root causes", "Analysis"),
    "factors": ("Contributing Factors", "Contributing factor", "Factors"),
    "resolution": ("Resolution", "Remediation", "Resolution and recovery", "Fix",
                   "Mitigation"),
    "actions": ("Action Items", "Actions", "Follow-up actions", "Next steps",
                "Action items and follow-ups"),
    "lessons": ("Lessons Learned", "Lessons", "Learnings", "Lessons learnt", "Retrospective"),
    "appendix": ("Appendix", "Appendices", "Supporting material"),
    "signoff": ("Sign-off", "Sign off", "Signoff", "Approval", "Approvals", "Sign-offs"),
    "history": ("Document History", "History", "Revision history", "Changelog", "Change log",
                "Versions"),
}
_HEADINGS = {key: wordings(*headings) for key, headings in SECTION_HEADINGS.items()}


def section_key(heading: str) -> str | None:
    """The template's section a `##` heading names, or None."""
    words = title_key(heading)
    for key, headings in _HEADINGS.items():
        if words in headings:
            return key
    if words.startswith("timeline"):  # `Timeline (All Times in COT - Colombia Time)`
        return "timeline"
    return None


def _is_post_mortem(tree: MdDocument, keys: list[str | None]) -> bool:
    known = {k for k in keys if k is not None}
    title = line_text(tree.title).lower() if tree.title is not None else ""
    titled = title.startswith(("post-mortem", "postmortem", "post mortem", "incident"))
    labels = sum(
        1 for b in tree.preamble if b.kind == "paragraph"
        for line in b.text.split("\n")
        if (split := header.split_label(line.rstrip("\\ "))) is not None
        and any(split[0] in words for words in header._LABELS.values())
    )
    return titled or len(known) >= 2 or labels >= 2


def _exported(tree: MdDocument) -> bool:
    """Whether the header's labels are as the export writes them: `**Incident ID**: ...`
    lines ending in a backslash (a hard break)."""
    first = next((b for b in tree.preamble if b.kind == "paragraph"), None)
    return first is not None and first.text.startswith("**Incident ID**: ") and all(
        line.endswith("\\") for line in first.text.split("\n")[:-1]
    )


def import_markdown(text: str) -> Imported:
    """The document a post-mortem's Markdown holds, and what the import found.

    Raises `NotAPostMortem` for a text that is no post-mortem at all.
    """
    tree = read(text)
    keys = [section_key(part.title) for part in tree.sections]
    if not _is_post_mortem(tree, keys):
        raise NotAPostMortem(
            "not a post-mortem: no '# Post-Mortem:' title, no header labels and fewer than "
            "two of the template's sections"
        )
    from ..sections import section

    report = Report()
    ctx = Context(PostMortem.new(), report, exported=_exported(tree))
    report.section = "Header"
    _run(section("header").parse, Part(tree.title or "", tree.title_line, tree.preamble), ctx)
    seen: set[str] = set()
    for part, key in zip(tree.sections, keys, strict=True):
        if key is None or key in seen:
            report.section = ""
            why = "is not in the template" if key is None else "appears twice"
            ctx.keep(part.line, f"section {line_text(part.title)!r} {why}", part_text(part))
            continue
        seen.add(key)
        report.section = SECTION_HEADINGS[key][0]
        _run(section(key).parse, part, ctx)
    report.section = ""
    for key, headings in SECTION_HEADINGS.items():
        if key not in seen:
            report.add(0, "missing", f"no {headings[0]!r} section: left as a new draft has it")
    if ctx.kept:
        refs = ctx.doc.appendix.references
        ctx.doc.appendix.references = [*refs, *ctx.kept]
    return Imported(ctx.doc, report.sorted())


def _run(parse: Parser | None, part: Part, ctx: Context) -> None:
    """A section's parser; a value the model refuses (a table past its row limit) is
    reported and the section left as it was read up to there."""
    if parse is None:  # a section declared without one
        ctx.keep(part.line, "a section that cannot be imported yet", part_text(part))
        return
    try:
        parse(part, ctx)
    except ValidationError as exc:
        ctx.report.add(part.line, "value", f"{error_message(exc)}; the rest of the section "
                       "is not imported")



