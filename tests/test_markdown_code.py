"""A code block's text is cleaned in one scan (`markdown._code_clean`, `code_text`): the same
text as the ANSI pass, then the control pictures, then the blank first and last lines cut off,
line by line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import markdown as md


def _code_text_by_lines(text: str) -> str:
    plain = md._plain_newlines(text)
    lines = md._code_controls(plain).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


_BITS = st.sampled_from(
    ["\x1b", "\x9b", "[", "]", "\\", "P", "X", "^", "_", "\x07", "0", "31", ";", "m", "?", " ",
     "/", "~", "@", "\t", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\x0b", "\x0c",
     "\x1c", "\x7f", "\x80", "\x9f", "\xa0", "\u3000", "x", "é", "漢", "🚀", "```", "\ud800",
     "\xff"]
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BITS | st.text(max_size=3), max_size=30).map("".join))
def test_one_scan_cleans_a_code_block_as_the_passes_did(text: str) -> None:
    assert md.code_text(text) == _code_text_by_lines(text)


def test_a_pasted_log_with_colours_keeps_its_text() -> None:
    log = "\n \n\x1b[31mERROR\x1b[0m\tfailed\x1b]0;title\x07 ok\x1b\n\x01 x\x9b1m\n\n  \n"
    assert md.code_text(log) == "ERROR\tfailed ok\u241b\n\u2401 x"
    assert md.code_text(log) == _code_text_by_lines(log)
    assert md.code_text(" \n\t\n") == ""
    assert md.code_text("plain") == "plain"


_CELL_BITS = st.sampled_from(
    ["www.", "http://", "x://", "&amp;", "_x_", "a_b", "\\", "`", "*", "[", "]", "<", "|", "~",
     "$", "&", ":", "/", ".", " ", "\t", "\n", "\x1b[1m", "\xa0", "\u2028", "é", "x", "9", "#",
     "-", "1."]
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CELL_BITS | st.text(max_size=3), max_size=12).map("".join))
def test_a_cell_with_nothing_to_escape_is_its_text_as_the_full_pass_writes_it(text: str) -> None:
    full = "<br>".join(md.text_lines(text, block_start=False, in_cell=True))
    assert md.cell(text) == full
