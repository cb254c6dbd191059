"""What a post-mortem still lacks before it is final, section by section.

Judged as a demanding reviewer would. A finding is either *blocking* (the final export refuses
the document until it is fixed) or *weak* (worth a look; never stops anything). The rules are
each section's `check` (`core/sections/<key>.py`), written with `core/findings.py`'s tools;
this module runs them over a document.

Section state: "empty" when nothing of the section has been filled in (the prefilled milestone
events and actors and the blank Whys of a new document count as nothing), "done" when there is
no blocking finding, else "partial". Empty list entries (a blank bullet) never count as content.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import timeutil
from .findings import Checks, Finding, Path, SectionReport, State
from .sections import SECTIONS

if TYPE_CHECKING:
    from .assess_memo import Assessor
    from .model import PostMortem
    from .sections.declaration import Section

__all__ = [
    "Finding",
    "Path",
    "SectionReport",
    "State",
    "assess",
    "assess_with_percent",
    "blocking_findings",
    "percent_complete",
]


@dataclass(frozen=True)
class _Assessed:
    """One section's report, with what the percentage needs of it."""

    report: SectionReport
    score: float  # 0..1 of the section's required things met; 0 when empty
    counts: bool  # towards the percentage


def _review_can_block() -> bool:
    """Whether the settings make a review rule blocking (every rule's own weight is a hint)."""
    from .review.config import active

    return any(s.enabled and s.severity == "blocking" for s in active().rules.values())


def _assess(doc: PostMortem, today: date | None, *, hints: bool = True) -> list[_Assessed]:
    """`hints=False` when only what blocks counts (the export's refusal, the percentage): the
    review rules then run only if the settings make one of them blocking."""
    day = today or timeutil.today_cot()
    if hints or _review_can_block():
        from .review.registry import review  # the review rules, with the folder's settings

        reviewed = review(doc, day)
    else:
        reviewed = {}
    out: list[_Assessed] = []
    for sec in SECTIONS:
        checks = Checks(sec.key)
        has_content = sec.check(doc, day, checks)
        out.append(section_report(
            sec, has_content, tuple(checks.findings), checks.met, checks.total,
            reviewed.get(sec.key, ()),
        ))
    return out


def section_report(
    sec: Section,
    has_content: bool,
    own: tuple[Finding, ...],
    met: int,
    total: int,
    reviewed: tuple[Finding, ...],
) -> _Assessed:
    """A section's report from what its check found (`own`, `met` of `total` required things
    met) and the review rules' findings in it."""
    findings = own + reviewed
    if not sec.blocks:
        findings = tuple(dataclasses.replace(f, blocking=False) for f in findings)
    blocked = any(f.blocking for f in findings)
    state: State = "empty" if not has_content else ("partial" if blocked else "done")
    if not has_content:
        score = 0.0
    elif not blocked:
        score = 1.0
    else:
        score = met / total if total else 0.0
    return _Assessed(SectionReport(sec.key, sec.title, state, findings), score, sec.blocks)


def assess(
    doc: PostMortem, today: date | None = None, *, memo: Assessor | None = None
) -> list[SectionReport]:
    """One report per section, in the template's order. `today` (COT) dates overdue items.

    `memo`: what earlier passes over this document found (the wizard's, after each edit): the
    same reports, re-running only the checks and rules that read what changed since."""
    if memo is not None:
        return memo.assess(doc, today)
    return [a.report for a in _assess(doc, today)]


def blocking_findings(doc: PostMortem, today: date | None = None) -> list[Finding]:
    """Everything that stops a final export, in the template's order."""
    return [
        f for a in _assess(doc, today, hints=False) for f in a.report.findings if f.blocking
    ]


def percent_complete(doc: PostMortem) -> int:
    """0..100: the share of required things filled in, each required section weighing the same.

    100 exactly when nothing blocks; an empty section counts 0 whatever its defaults.
    """
    return _percent(_assess(doc, None, hints=False))


def assess_with_percent(
    doc: PostMortem, today: date | None = None
) -> tuple[list[SectionReport], int]:
    """`assess` and `percent_complete` from one pass over the document."""
    assessed = _assess(doc, today)
    return [a.report for a in assessed], _percent(assessed)


def _percent(all_assessed: list[_Assessed]) -> int:
    assessed = [a for a in all_assessed if a.counts]
    blocked = any(a.report.blocking for a in assessed)
    if not blocked:
        return 100
    share = sum(a.score for a in assessed) / len(assessed)
    return min(99, int(share * 100))
