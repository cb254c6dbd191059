"""A review rule as data: its name, where it looks, what it says, how much it weighs, and the
function that finds it.

Each family of rules lives in its own module (`actions`, `whys`, `timeline`, `summary`,
`consistency`) as a tuple `RULES`; `core/review/__init__.py` puts them together in the order
`postmortem check REF --rules` lists them. A rule's function gets a `Context` (the document,
today, the team's settings) and yields `Hit`s: where in the document, and what exactly is wrong
there. The finding shown is the hit's text, then the rule's suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from ..findings import Finding, Path
from ..model import PostMortem
from .config import ReviewConfig, Severity


@dataclass(frozen=True)
class Hit:
    """One thing a rule found."""

    path: Path
    """Where to fix it: `("actions", 2, "action")`."""
    text: str
    """What is wrong there, naming the item: `Action item 3 ('investigate the feed') ...`."""
    suggestion: str | None = None
    """What to do, when it depends on the hit (None: the rule's own; "": none, for a check that
    moved here from a section and keeps its message)."""


@dataclass(frozen=True)
class Rule:
    """A review rule: what it finds, where, how much it weighs, and the function finding it."""

    name: str
    """How the team's settings and `--rules` name it: `action-vague`."""
    section: str
    """The section its findings belong to (the wizard shows them there); a finding's own path
    names it (a rule reading several sections, the secrets one, lists them here)."""
    where: str
    """The field it reads, as a path: `actions[].action`."""
    message: str
    """What it finds, in general (for `--rules` and the README)."""
    suggestion: str
    """What to do about it."""
    check: Callable[[Context], Iterable[Hit]]
    severity: Severity = "hint"

    def findings(self, ctx: Context) -> list[Finding]:
        setting = ctx.config.setting(self.name)
        if not setting.enabled:
            return []
        blocking = (setting.severity or self.severity) == "blocking"
        return [
            Finding(str(hit.path[0]), hit.path, _said(hit, self), blocking)
            for hit in self.check(ctx)
        ]


def _said(hit: Hit, rule: Rule) -> str:
    suggestion = rule.suggestion if hit.suggestion is None else hit.suggestion
    return f"{hit.text} — {suggestion}" if suggestion else hit.text


class Context:
    """What every rule reads, with what several rules work out once per review."""

    def __init__(self, doc: PostMortem, today: dt.date, config: ReviewConfig) -> None:
        """Args:
        doc: the post-mortem under review.
        today: COT; deadlines and dates are judged against it.
        config: the team's settings.
        """
        self.doc = doc
        self.today = today
        self.config = config

    @cached_property
    def people(self) -> dict[str, str]:
        """Folded name or name part -> the name as written, from the timeline's actors and the
        sign-off (see `people.names_in_document`)."""
        from .people import names_in_document

        return names_in_document(self.doc)
