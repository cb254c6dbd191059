"""Blaming phrases: an ASCII text with none of their words skips the pattern, and finds what the
pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core import findings

_PIECES = ["human error", "Operator Error", "should have", "shouldn't have", "should not have",
           "should've", "shouldn't've", "careless", "CARELESSLY", "fault of", "his fault",
           "at fault", "blame", "blamed", "negligent", "incompetence", "sloppy", "Stupid",
           "screwed up", "dropped the ball", "error", "faulty", "blamer", " ", ".", "x", "ſloppy",
           "ı", "K", "é", "\n"]


def _by_the_pattern(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).lower() for m in findings._blame_re().finditer(text)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=12).map("".join))
def test_the_shortcut_finds_what_the_pattern_finds(text: str) -> None:
    assert findings._blame_phrases(text) == _by_the_pattern(text)


def test_phrases_found_once_each_in_order() -> None:
    text = "It was human error. Blame the operator; human error again, not their fault."
    assert findings._blame_phrases(text) == ["human error", "blame", "their fault"]
    assert findings._blame_phrases("The cache key changed at 09:14.") == []
