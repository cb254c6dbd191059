"""The scan's cheaper lowering agrees with `str.lower` wherever either gives ASCII (all the
patterns look at), positions kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.secrets import _ASCII_LOWER, _lowered

_PIECES = ["Token=", "PASS", "Key", "Bearer ", "://", "eyJ", "-----BEGIN ", "@", "A", "z", "\n",
           "✓", "é", "É", "İ", "\u212a", "ß", "Σ", "\U0001f600", "\ud800", "\udc00", "\u4141"]


def _reference(text: str) -> str:
    """How the scan lowered a text before."""
    lowered = text.lower()
    return text.translate(_ASCII_LOWER) if len(lowered) != len(text) else lowered


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join))
def test_lowered_agrees_on_ascii(text: str) -> None:
    new, old = _lowered(text), _reference(text)
    assert len(new) == len(text)
    assert [c if c.isascii() else None for c in new] == [c if c.isascii() else None for c in old]
