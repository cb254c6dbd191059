"""The cheap test for a line that may need escaping agrees with the one search it replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.markdown import _maybe_inline

_BEFORE = re.compile(r"[\\&_`*\[\]<|~$]|://|(?i:www)\.")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["w", "W", "ww", "www", "WwW", ".", ":", "/", "://", "x", " ",
                                 "_", "|", "\\", "$", "~", "é", "İ", "\u212a", "step 1: ok"])
                | st.text(max_size=4), max_size=12).map("".join))
def test_the_same_lines_may_need_escaping(line: str) -> None:
    assert _maybe_inline(line) is (_BEFORE.search(line) is not None)
