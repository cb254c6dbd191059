"""The scan's lowering agrees with `str.lower` wherever either gives ASCII, positions kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.secrets import _ASCII_LOWER, _lowered

_PIECES = ["Token=", "PASS", "Key", "Bearer ", "://", "eyJ", "@", "A", "z", "\n", "✓", "é",
           "É", "ß", "Σ", "\ud800", "\udc00", "\u4141", "\U0001f600", "\u212a", "İ"]


def _reference(text: str) -> str:
    lowered = text.lower()
    return text.translate(_ASCII_LOWER) if len(lowered) != len(text) else lowered


def _ascii(text: str) -> list[str | None]:
    return [c if c.isascii() else None for c in text]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join))
def test_lowering_agrees_on_ascii(text: str) -> None:
    new = _lowered(text)
    assert len(new) == len(text)
    assert _ascii(new) == _ascii(_reference(text))


def test_megabytes_of_logs_lower_as_before() -> None:
    line = "GET /Api?Token=ABC \u00e9\u20ac \x1b[31mRED\n"
    text = line * (3 * 65536 // len(line) + 7)
    text = text[: 65535] + "\ud83d\ude00" + text[65537:]
    assert _lowered(text) == text.lower()
