"""The duplicate action items found with bit counts are the pairs the plain set overlap finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.review.actions import DUPLICATE_OVERLAP, duplicate_pairs
from postmortem_tui.core.review.words import content_stems, normalized, overlap

_WORDS = ["restart", "restarted", "the", "cache", "Cache", "alert", "alerts", "on", "retry",
          "lag", "add", "page", "owner", "queue", "3", "db", "DB-pool", "fix", "it", "é"]


def _reference(texts: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Every pair compared as sets, as the rule was first written."""
    items = [(content_stems(t), normalized(t)) for t in texts]
    pairs: list[tuple[int, int]] = []
    reported: set[int] = set()
    for n, (stems_a, norm_a) in enumerate(items):
        for m in range(n + 1, len(items)):
            if m in reported:
                continue
            stems_b, norm_b = items[m]
            small, large = sorted((len(stems_a), len(stems_b)))
            if norm_a == norm_b or (
                small >= 2
                and small >= DUPLICATE_OVERLAP * large
                and overlap(stems_a, stems_b) >= DUPLICATE_OVERLAP
            ):
                reported.add(m)
                pairs.append((n, m))
    return tuple(pairs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join), max_size=25))
def test_duplicate_pairs_are_the_set_overlaps(texts: list[str]) -> None:
    assert duplicate_pairs(tuple(texts)) == _reference(tuple(texts))
