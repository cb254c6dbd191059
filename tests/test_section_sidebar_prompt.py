"""The sidebar's section lines, put together without markup, are what the markup gave."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from postmortem_tui.core.sections import SECTIONS
from postmortem_tui.tui.widgets.section_sidebar import STATE_MARKS, section_prompt

MARKS = [(" ", "$text-muted"), *STATE_MARKS.values()]


def by_markup(mark: str, colour: str, number: int, title: str, count: int) -> Content:
    markup = f"[{colour}]$mark[/] $number. $title"
    if count:
        markup += " [$text-warning]!$count[/]"
    return Content.from_markup(
        markup, mark=mark, number=str(number), title=title, count=str(count)
    )


def same(a: Content, b: Content) -> bool:
    return a.plain == b.plain and list(a.spans) == list(b.spans) and a == b


def test_every_section_and_mark() -> None:
    for number, section in enumerate(SECTIONS, 1):
        for mark, colour in MARKS:
            for count in (0, 1, 12):
                got = section_prompt(mark, colour, number, section.title, count)
                assert same(got, by_markup(mark, colour, number, section.title, count))


@given(st.text(), st.sampled_from(MARKS), st.integers(1, 99), st.integers(0, 999))
def test_any_title(title: str, mark: tuple[str, str], number: int, count: int) -> None:
    got = section_prompt(*mark, number, title, count)
    assert same(got, by_markup(*mark, number, title, count))
