"""Review rules for the 5 Whys: does the chain go deeper at each step, and stop at a system?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Why
from .people import people_named
from .rules import Context, Hit, Rule
from .words import content_stems, normalized, overlap, quote

CHAIN = 5
"""The template asks for five."""
MIN_WHYS = 3
"""Fewer answered Whys block the export (the section's own check); this rule starts above."""
REPEAT_OVERLAP = 0.75
"""An answer sharing this share of its content words with an earlier one repeats it."""

# Where an author says why the chain stops short: in the last answer ("root cause", "outside
# our control"), or in "Why it happened", a sentence about the Whys/chain stopping or ending.
# Compiled (and cached by `re`) when first needed: only a chain of three or four answers asks.
_REASON_IN_ANSWER = (
    r"\b(?:root cause|stops? here|no further|nothing further|outside (?:of )?our control"
    r"|beyond our control|by design|out of scope)\b"
)
_REASON_IN_ANALYSIS = (
    r"[^.!?]*\b(?:whys?|chain)\b[^.!?]*\b(?:stops?|stopped|ends?|ended|short|fewer)\b"
    r"|[^.!?]*\b(?:stops?|stopped|ends?|ended)\b[^.!?]*\b(?:whys?|chain)\b"
)


def _answered(ctx: Context) -> list[tuple[int, Why]]:
    return [
        (i, w) for i, w in enumerate(ctx.doc.root_cause.whys)
        if w.question.strip() and w.because.strip()
    ]


def _repeats(ctx: Context) -> Iterator[Hit]:
    seen: list[tuple[int, str, frozenset[str]]] = []
    for i, w in _answered(ctx):
        norm, stems = normalized(w.because), content_stems(w.because)
        for j, norm_j, stems_j in seen:
            same = norm == norm_j or (
                min(len(stems), len(stems_j)) >= 2 and overlap(stems, stems_j) >= REPEAT_OVERLAP
            )
            if same:
                yield Hit(
                    ("root_cause", "whys", i, "because"),
                    f"5 Whys #{i + 1}'s answer repeats #{j + 1}'s ({quote(w.because)})",
                )
                break
        seen.append((i, norm, stems))


def stated_reason(ctx: Context) -> bool:
    """Whether the author says why the chain stops before five."""
    answered = _answered(ctx)
    if answered and re.search(_REASON_IN_ANSWER, answered[-1][1].because, re.IGNORECASE):
        return True
    return bool(re.search(_REASON_IN_ANALYSIS, ctx.doc.root_cause.why_it_happened, re.IGNORECASE))


def _short(ctx: Context) -> Iterator[Hit]:
    answered = len(_answered(ctx))
    if MIN_WHYS <= answered < CHAIN and not stated_reason(ctx):
        # The message the section's check gave before this rule took it over.
        yield Hit(
            ("root_cause", "whys"),
            f"5 Whys: {answered} of {CHAIN} answered; keep asking why until you reach a process "
            "or system cause",
            "",
        )


def _blames(ctx: Context) -> Iterator[Hit]:
    people = ctx.people
    if not people:
        return
    for i, w in _answered(ctx):
        named = people_named(w.because, people)
        if named:
            who = ", ".join(named)
            yield Hit(
                ("root_cause", "whys", i, "because"),
                f"5 Whys #{i + 1}'s answer names {who}",
            )


def _follows(ctx: Context) -> Iterator[Hit]:
    answered = _answered(ctx)
    answers = [(i, content_stems(w.because)) for i, w in answered]
    whys = ctx.doc.root_cause.whys
    for n, (i, w) in enumerate(answered):
        if n == 0 or answered[n - 1][0] != i - 1:
            continue  # the first, or after a gap the section's own check reports
        question = content_stems(w.question)
        previous = answers[n - 1][1]
        if question & previous:
            continue
        # Says nothing of the previous answer: out of order if it asks about another one.
        others = [(j, len(question & stems)) for j, stems in answers if j not in (i - 1, i)]
        best = max(others, key=lambda o: o[1], default=(None, 0))
        if best[0] is not None and best[1] > 0:
            yield Hit(
                ("root_cause", "whys", i, "question"),
                f"5 Whys #{i + 1}'s question does not follow #{i}'s answer "
                f"({quote(whys[i - 1].because, 30)}) but asks about #{best[0] + 1}'s",
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "why-repeats", "root_cause", "root_cause.whys[].because",
        "An answer that repeats an earlier one",
        "ask why of the previous answer to go one level deeper",
        _repeats,
    ),
    Rule(
        "whys-short", "root_cause", "root_cause.whys",
        "A chain shorter than the template's five without a stated reason",
        "keep asking why, or say in Why it happened why the chain stops here ('the Whys stop "
        "at three: ...') or end the last answer with '(root cause)'",
        _short,
    ),
    Rule(
        "why-names-person", "root_cause", "root_cause.whys[].because",
        "A because that names a person from the timeline's actors or the sign-off (blameless "
        "rule)",
        "describe the system or process that allowed it, not who did it",
        _blames,
    ),
    Rule(
        "why-does-not-follow", "root_cause", "root_cause.whys[].question",
        "A question that does not follow from the previous answer (the chain was edited out "
        "of order)",
        "reorder the Whys so each question asks why of the answer above it",
        _follows,
    ),
)
