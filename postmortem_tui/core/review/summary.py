"""Review rules for the executive summary: read by people who were not in the incident channel.

Short sentences, no unexplained acronyms (the built-in list below plus the team's, in
`review.toml`), and both the impact and the resolution stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .rules import Context, Hit, Rule
from .words import listed, stem, words

KNOWN_ACRONYMS = frozenset(
    listed("""
    US USA UK EU USD COP EUR GBP FX ETF IPO CEO CFO CTO COO CIO CISO IT ID IDs OK AM PM COT
    UTC PDF FAQ TV PIN ATM VAT GDP P0 P1 P2 P3 Q1 Q2 Q3 Q4
    """)
)
"""Acronyms every reader of a trading firm's post-mortem knows."""

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
_ACRONYM = re.compile(r"(?<![\w.-])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w-])")
_ACRONYM_LAST = re.compile(_ACRONYM.pattern + r"\s*$")
_PARENTHESES = re.compile(r"\(([^()]*)\)")

_IMPACT_WORDS = frozenset(
    stem(w) for w in listed("""
    impact affected affect unable could couldn't cannot down outage rejected delayed missed
    lost loss failed stopped halted refused unavailable degraded slow wrong incorrect
    erroneous clients users customers orders trades revenue
    """)
)
_RESOLUTION_WORDS = frozenset(
    stem(w) for w in listed("""
    restored resolved fixed rolled reverted recovered resumed mitigated renewed restarted
    replaced undoing undid undo reloaded corrected repaired back normal
    """)
)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _long(ctx: Context) -> Iterator[Hit]:
    limit = ctx.config.max_sentence_words
    lengths = [len(s.split()) for s in sentences(ctx.doc.summary)]
    over = [n for n in lengths if n > limit]
    if len(over) == 1:
        yield Hit(
            ("summary",),
            f"Executive summary: a sentence has {over[0]} words, more than {limit}",
        )
    elif over:
        yield Hit(
            ("summary",),
            f"Executive summary: {len(over)} sentences are longer than {limit} words (the "
            f"longest {max(over)})",
        )


def unexplained_acronyms(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Acronyms in `text` that are neither widely known nor spelled out beside it, as in
    `Bolsa de Valores de Colombia (BVC)` or `BVC (the Colombian stock exchange)`."""
    allowed = KNOWN_ACRONYMS | known
    found: list[str] = []
    explained: set[str] = set()
    for m in _PARENTHESES.finditer(text):
        inside = m.group(1).strip()
        whole = _ACRONYM.fullmatch(inside)
        if whole:  # `Bolsa de Valores de Colombia (BVC)`
            explained.add(whole.group(1))
        tail = _ACRONYM_LAST.search(text[: m.start()]) if len(inside.split()) >= 2 else None
        if tail:  # `BVC (the Colombian stock exchange)`
            explained.add(tail.group(1))
    for m in _ACRONYM.finditer(text):
        word = m.group(1)
        if len(word) < 2 or word in allowed or word + m.group(2) in allowed:
            continue
        if word not in explained and word not in found:
            found.append(word)
    return found


def _acronyms(ctx: Context) -> Iterator[Hit]:
    found = unexplained_acronyms(ctx.doc.summary, ctx.config.acronyms)
    if found:
        named = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        yield Hit(("summary",), f"Executive summary uses unexplained acronyms: {named}")


def _states(text: str, vocabulary: frozenset[str]) -> bool:
    return any(stem(w) in vocabulary for w in words(text))


def _impact(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.summary
    if text.strip() and not _states(text, _IMPACT_WORDS):
        yield Hit(("summary",), "Executive summary does not say the impact")


def _resolution(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.summary
    if text.strip() and not _states(text, _RESOLUTION_WORDS):
        yield Hit(("summary",), "Executive summary does not say how it was resolved")


RULES: tuple[Rule, ...] = (
    Rule(
        "summary-long-sentence", "summary", "summary",
        "Sentences longer than the team's limit ({config.max_sentence_words} words)",
        "split them: one idea a sentence reads well to non-engineers",
        _long,
    ),
    Rule(
        "summary-acronym", "summary", "summary",
        "Unexplained acronyms (the team extends the known list in review.toml)",
        "spell each one out once, e.g. 'Bolsa de Valores de Colombia (BVC)'",
        _acronyms,
    ),
    Rule(
        "summary-impact", "summary", "summary",
        "A summary that does not state the impact",
        "say who or what was affected and how much (orders, clients, minutes, money)",
        _impact,
    ),
    Rule(
        "summary-resolution", "summary", "summary",
        "A summary that does not state the resolution",
        "say how service was restored (rolled back, fixed, restarted)",
        _resolution,
    ),
)
