"""The review rules in the order they run (`RULES`), and `review`, which applies them to a
document with the active settings. Importing it loads the model; `config` does not."""

from __future__ import annotations

import datetime as dt

from ..findings import Finding
from ..model import PostMortem
from . import actions, consistency, pasted, summary, timeline, whys
from .config import ReviewConfig, active
from .rules import Context, Hit, Rule

RULES: tuple[Rule, ...] = (
    *summary.RULES,
    *consistency.RULES,
    *timeline.RULES,
    *whys.RULES,
    *actions.RULES,
    *pasted.RULES,
)
RULE_NAMES = tuple(r.name for r in RULES)
assert len(set(RULE_NAMES)) == len(RULE_NAMES), "rule names are unique"

__all__ = ["RULES", "RULE_NAMES", "Context", "Hit", "Rule", "review", "rule"]


def rule(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)


def review(
    doc: PostMortem, today: dt.date | None = None, config: ReviewConfig | None = None
) -> dict[str, tuple[Finding, ...]]:
    """The review's findings by section key (sections without any are left out), each
    section's in the order of `RULES`. `config`: the active settings by default."""
    from .. import timeutil

    ctx = Context(doc, today or timeutil.today_cot(), config or active())
    out: dict[str, list[Finding]] = {}
    for r in RULES:
        for finding in r.findings(ctx):
            out.setdefault(finding.section, []).append(finding)
    return {key: tuple(found) for key, found in out.items()}
