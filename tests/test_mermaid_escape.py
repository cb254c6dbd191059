"""`mermaid.escape` as one `str.translate` gives what the per-character rule gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.mermaid import _safe, escape


def _per_character(text: str) -> str:
    return "".join(ch if _safe(ch) else f"#{ord(ch)};" for ch in text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=40)
       | st.lists(st.sampled_from(["a", "Z", "9", ":", ";", "#", "%", "…", "→", "é", "\u0301",
                                   "\U0001f600", "\ud800", "\u200b", " ", "\t", "&", "*"]))
       .map("".join))
def test_escape_is_the_per_character_rule(text: str) -> None:
    assert escape(text) == _per_character(text)
    assert escape(text) == _per_character(text)  # the table's second look, from what it kept
