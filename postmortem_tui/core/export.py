"""The Markdown export: the team's template, filled in, valid GitHub Markdown whatever was typed.

`to_markdown` writes every section in the template's order (each section's own `export`, in
`core/sections/<key>.py`), a separator after each and the blameless footer; `section_markdown`
renders one section for the wizard's live preview. Pure functions of the document: the same
document always gives the same bytes. The Markdown itself (escaping, inline Markdown, cells,
tables, code fences) is written by `markdown`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markdown import NONE, NOT_YET
from .sections import SECTIONS, section

if TYPE_CHECKING:
    from .model import PostMortem
    from .sections import Section

__all__ = ["FOOTER", "NONE", "NOT_YET", "SEPARATOR", "section_markdown", "to_markdown"]

FOOTER = (
    "*This post-mortem follows the blameless incident analysis methodology. The goal is to learn "
    "and improve, not to assign blame. All times are in COT (Colombia Time, UTC-5).*"
)
SEPARATOR = "---"


def _blocks(s: Section, doc: PostMortem, template_only: bool) -> list[str]:
    if s.extras is None or template_only:
        return s.export(doc)
    return [*s.export(doc), *s.extras(doc)]


def section_markdown(doc: PostMortem, key: str, *, template_only: bool = False) -> str:
    """One section's Markdown (a key of `sections.SECTION_KEYS`), for a live preview."""
    try:
        found = section(key)
    except KeyError:
        raise KeyError(f"no such section: {key!r}") from None
    return "\n\n".join(_blocks(found, doc, template_only)) + "\n"


def to_markdown(doc: PostMortem, *, template_only: bool = False) -> str:
    """The whole post-mortem as the template's Markdown, ending with the blameless footer;
    with `template_only`, without the additions the template allows (`Section.extras`)."""
    sections = ["\n\n".join(_blocks(s, doc, template_only)) for s in SECTIONS]
    return f"\n\n{SEPARATOR}\n\n".join([*sections, FOOTER]) + "\n"
