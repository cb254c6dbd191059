"""Text as a terminal shows it: display width, cutting to a width, and control characters.

Pure functions and `str.translate` tables shared by the command line, the prompts, the wizard
and the export. Whatever the author typed or pasted must never drive the terminal (an ESC starts
an escape sequence, a bidi override reorders the rest of the line), and what stands for a
control character depends on where it is shown: the named tables below say which and why.
"""

from __future__ import annotations

import functools

CONTROL_CODES = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
"""C0 controls, DEL and C1 controls: the characters a terminal acts on instead of showing."""

BIDI_CODES = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Bidi embeddings, overrides and isolates: they reorder what follows them on the line."""


def _picture(code: int) -> str:
    # C0 controls have pictures at U+2400 + code, DEL at U+2421; C1 controls have none.
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def pictures_table(
    *, spaces: str = "", keep: str = "", drop_bidi: bool = False
) -> dict[int, str | None]:
    """A `str.translate` table showing each control character as a visible, inert picture
    (ESC as ␛), except those in `spaces` (a space) and `keep` (left as they are); bidi
    controls are dropped with `drop_bidi`."""
    table: dict[int, str | None] = {c: _picture(c) for c in CONTROL_CODES}
    table.update({ord(c): " " for c in spaces})
    for c in keep:
        del table[ord(c)]
    if drop_bidi:
        table.update(dict.fromkeys(BIDI_CODES))
    return table


def dropped_table(*, spaces: str = "", keep: str = "") -> dict[int, str | None]:
    """A `str.translate` table dropping each control character, except those in `spaces` (a
    space) and `keep` (left as they are)."""
    table: dict[int, str | None] = dict.fromkeys(CONTROL_CODES)
    table.update({ord(c): " " for c in spaces})
    for c in keep:
        del table[ord(c)]
    return table


PICTURES = pictures_table()
"""Every control as its picture: a one-line field, where each character must take one cell
(the cursor arithmetic counts on it) and a pasted line break must stay visible."""

ONE_LINE = pictures_table(spaces="\t\n\r", drop_bidi=True)
"""A value in a line of command output (`list`, `check`, errors): line breaks and tabs become
spaces, so a value never breaks the line it is in."""

PROMPT_LINE = pictures_table(spaces="\t", drop_bidi=True)
"""A line the plain prompts write: only tabs become spaces; a line break inside a value is
shown (␊), not joined into the line."""

CODE = pictures_table(keep="\t\n")
"""Inside an exported code block, which keeps tabs and line breaks."""

NO_CONTROLS = dropped_table()
"""Dropped: text the wizard draws, where Rich already counts controls as zero cells wide."""

INLINE = dropped_table(spaces="\t\v\f", keep="\n")
"""Exported text outside code: tabs and form feeds are spaces, line breaks stay."""


def shown_in_a_field(text: str) -> str:
    """`text` with its controls as pictures (cheap when there are none)."""
    return text if text.isprintable() else text.translate(PICTURES)


def without_controls(text: str) -> str:
    """`text` without control characters (cheap when there are none)."""
    return text if text.isprintable() else text.translate(NO_CONTROLS)


def one_line(text: str) -> str:
    """`text` safe to show in a line of command output."""
    return text.translate(ONE_LINE)


def char_width(ch: str) -> int:
    """Columns one character takes in a terminal: 2 for wide (CJK, most emoji), 0 for
    combining marks and format characters, else 1 (as Rich counts them)."""
    import unicodedata  # not at import: `postmortem list` starts without it when all is ASCII

    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@functools.lru_cache(maxsize=4096)  # the same names and labels recur in every row
def display_width(text: str) -> int:
    """Columns `text` takes in a terminal."""
    if text.isascii():  # one column a character: `list` of 1,000 drafts measures 6,000 cells
        return len(text)
    return sum(char_width(ch) for ch in text)


def cut(text: str, width: int) -> str:
    """`text`, cut with an ellipsis if it takes more than `width` columns."""
    if text.isascii():
        return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
    used = 0
    for i, ch in enumerate(text):
        used += char_width(ch)
        if used > width:
            kept = text[:i]
            while kept and display_width(kept) > width - 1:  # room for the ellipsis
                kept = kept[:-1]
            return kept + "…"
    return text


def fit(text: str, width: int) -> str:
    """`text` cut with an ellipsis and padded to exactly `width` columns."""
    text = cut(text, width)
    return text + " " * (width - display_width(text))
