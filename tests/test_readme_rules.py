"""The README lists the review rules exactly as `check --rules` knows them (regenerate the table
with `python -m postmortem_tui.core.review.listing`)."""

from __future__ import annotations

from pathlib import Path

from postmortem_tui.core.review.listing import README_END, README_START, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_lists_the_rules() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    assert text[start:end] == markdown_table(), (
        "the README's review rules are out of date: paste the output of "
        "`python -m postmortem_tui.core.review.listing` between its markers"
    )
