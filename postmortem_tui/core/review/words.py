"""Reading free text the way the review rules need it: content words, crude stems, names.

Deliberately small: no language model, no dictionary. Rules compare texts by the content words
they share (stop words dropped, plural and tense endings cut, accents folded), which is enough
to tell a repeated answer from a new one and a question that follows an answer from one that
does not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

def listed(text: str) -> tuple[str, ...]:
    """The words of a literal word list written as a block of text."""
    return tuple(text.split())


_JOINERS = re.compile(r"[-'’]")

STOP_WORDS = frozenset(
    listed("""
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours happen happened happens occur occurred
    occurs get got still also any every one ones
    """)
)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without accents: `Mejía` and `mejia` compare equal."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stem: `refreshed`, `refreshes`, `refreshing` -> `refresh`; `limits` -> `limit`."""
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ied", "ies"):
                w += "y"
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # stopped -> stopp -> stop
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # expire / expired -> expir
    return w


@lru_cache(maxsize=2048)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the words of `text` that carry meaning (stop words and numbers dropped)."""
    parts = (p for w in words(text) for p in _JOINERS.split(w))
    return frozenset(
        stem(p) for p in parts if len(p) > 1 and fold(p) not in STOP_WORDS and not p.isdigit()
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets of stems: 1.0 the same, 0.0 nothing shared."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@lru_cache(maxsize=1024)
def normalized(text: str) -> str:
    """Text compared for being the same: folded, punctuation and spacing ignored."""
    return " ".join(fold(w) for w in words(text))


def quote(text: str, limit: int = 40) -> str:
    """A value quoted in a message, on one line and cut to `limit` columns."""
    from ..text import cut

    return "'" + cut(" ".join(text.split()), limit) + "'"
