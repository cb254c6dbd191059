"""The scan lowers a long text in slices (its UTF-16 lowered at once held 6 MB for 1 MB of
logs) and still agrees with `str.lower` wherever either gives ASCII, positions kept, whatever
falls on a slice's edge."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core import secrets
from postmortem_tui.core.secrets import _ASCII_LOWER, _lowered

_PIECES = ["Token=", "PASS", "Key", "Bearer ", "://", "eyJ", "@", "A", "z", "\n", "✓", "é",
           "É", "ß", "Σ", "\ud800", "\udc00", "\u4141", "\U0001f600", "\u212a", "İ"]


def _reference(text: str) -> str:
    lowered = text.lower()
    return text.translate(_ASCII_LOWER) if len(lowered) != len(text) else lowered


def _ascii(text: str) -> list[str | None]:
    return [c if c.isascii() else None for c in text]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join),
       st.integers(0, 40))
def test_slices_agree_on_ascii(text: str, edge: int) -> None:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(secrets, "_LOWER_SLICE", edge // 2 + 1)  # edges everywhere
        new = _lowered(text)
    assert len(new) == len(text)
    assert _ascii(new) == _ascii(_reference(text))


def test_megabytes_of_logs_lower_as_before() -> None:
    line = "GET /Api?Token=ABC \u00e9\u20ac \x1b[31mRED\n"
    text = line * (3 * secrets._LOWER_SLICE // len(line) + 7)
    text = text[: secrets._LOWER_SLICE - 1] + "\ud83d\ude00" + text[secrets._LOWER_SLICE + 1 :]
    assert _lowered(text) == text.lower()
