"""What several sections of the template write the same way: dates, counts, "not yet", numbered
items with labelled sub-items, the next-day mark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..placeholders import NOT_YET

if TYPE_CHECKING:
    import datetime as dt

NEXT_DAY = "(+1 day)"


def date_text(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def count(n: int | None, unit: str) -> str:
    if n is None:
        return NOT_YET
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


def or_not_yet(text: str, empty: str = NOT_YET) -> str:
    return text if text else empty


def numbered(title: str, number: int, subitems: Sequence[tuple[str, str]]) -> str:
    """`1. **title**` (`title` from `md.bold_title`) with `- label text` sub-items indented under
    the title (3 spaces for `1. `, 4 for `10. `), their continuation lines under their text."""
    from .. import markdown as md

    marker = f"{number}. "
    pad = " " * len(marker)
    lines = [f"{marker}**{title}**"]
    for label, text in subitems:
        body = md.item_text(text, len(pad) + 2)
        lines.append(f"{pad}- {label}{body or NOT_YET}")
    return "\n".join(lines)
