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

__all__ = ["FOOTER", "NONE", "NOT_YET", "SEPARATOR", "section_markdown", "to_markdown"]

FOOTER = (
    "*This post-mortem follows the blameless incident analysis methodology. The goal is to learn "
    "and improve, not to assign blame. All times are in COT (Colombia Time, UTC-5).*"
)
SEPARATOR = "---"


def section_markdown(doc: PostMortem, key: str) -> str:
    """One section's Markdown (a key of `sections.SECTION_KEYS`), for a live preview."""
    try:
        render = section(key).export
    except KeyError:
        raise KeyError(f"no such section: {key!r}") from None
    return "\n\n".join(render(doc)) + "\n"


def to_markdown(doc: PostMortem) -> str:
    """The whole post-mortem as the template's Markdown, ending with the blameless footer."""
    sections = ["\n\n".join(s.export(doc)) for s in SECTIONS]
    return f"\n\n{SEPARATOR}\n\n".join([*sections, FOOTER]) + "\n"
