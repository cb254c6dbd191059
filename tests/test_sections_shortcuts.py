"""The export's section shortcuts write what their patterns wrote: an amount shown as typed,
a title's trailing `#` run."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.sections import header, impact

_MONEY = st.text(alphabet=st.sampled_from(list("0123456789$€£.,' -_aZ¥\t\n|*#é٣"))
                 | st.characters(), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_MONEY)
def test_the_amount_check_reads_as_the_pattern_did(amount: str) -> None:
    by_pattern = re.fullmatch(r"[\w$€£.,' -]*", amount) is not None
    assert all(c.isalnum() or c in impact._MONEY_SAFE for c in amount) == by_pattern


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #\\*_")), max_size=12))
def test_a_title_heading_escapes_its_closing_hashes_as_before(title: str) -> None:
    doc = PostMortem()
    doc.header.title = title
    got = header._title(doc)
    from postmortem_tui.core import markdown as md

    line = md.one_line(title)
    line = re.sub(r"(?:^|(?<=\s))#+$", lambda m: "\\#" * len(m.group(0)), line)
    assert got == md.heading(1, "Post-Mortem: " + (line or "*Untitled*"))
