"""The built-in reviewer: rules a demanding reviewer applies beyond the template's required
fields, as data (`RULES`), run by `review` and shown by `check`, the wizard's sidebar and each
section's hint line as hints. A hint never blocks an export; the team can make a rule blocking,
or switch it off, in `review.toml` (see `config`).

Families, one module each: `summary`, `consistency`, `timeline`, `whys`, `actions`, and
`pasted` (secrets in logs, snippets, configuration and commands, found by `core/secrets.py`).
"""

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
