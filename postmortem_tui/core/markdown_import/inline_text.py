"""Inline Markdown source back to the text that was typed: the export's escaping undone.

The export (`core/markdown.py`) writes typed text with every character that could start
Markdown backslash-escaped, bare URLs as `<autolinks>`, line breaks as a trailing `\\` (or
`<br>` in a table cell), and inline Markdown the author typed (code spans, emphasis, links)
kept as typed. So reading it back is: drop the backslash of an escape, unwrap an autolink, split
at line breaks, and copy code spans and link destinations as they are. A document written by
hand may also hold HTML entities (`&amp;`), `<br/>`, soft line breaks (a paragraph wrapped in
an editor: they join with a space) and lines ending in two spaces (hard breaks).

Where two readings are possible (`<https://x.y>` typed as such, or a bare URL the export
wrapped), each line is checked against the export's own escaping, so the text read back writes
the same Markdown again.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from typing import Any

from .. import markdown as md

__all__ = ["as_read", "cell_text", "line_text", "other_readings", "paragraph_text", "segments"]

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Characters where something other than copying happens; the text between is copied in bulk.
_SPECIAL = re.compile(r"[\\\n`<&\]]")
_SPECIAL_STARS = re.compile(r"[\\\n`<&\]*]")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_URI_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^\x00-\x20<>]*)>")
_EMAIL_AUTOLINK = re.compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_BARE_URL = re.compile(r"(?i:https?|ftp)://[^\s<>|`\\\"\x00-\x1f\x7f]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _closing_backticks(src: str, start: int, run: int) -> int:
    """Where the backtick run of exactly `run` closing a code span opened before `start`
    begins, or -1."""
    fence = "`" * run
    pos = src.find(fence, start)
    while pos >= 0:
        end = pos + run
        if end >= len(src) or src[end] != "`":
            return pos
        while end < len(src) and src[end] == "`":
            end += 1
        pos = src.find(fence, end)
    return -1


def _link_tail(src: str, start: int) -> int:
    """The end of `(destination "title")` at `start` (a `(` after `]`), or -1: markdown-it's
    own reading of a link's destination and title."""
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    n = len(src)
    pos = start + 1
    while pos < n and src[pos] in " \t\n":
        pos += 1
    if pos < n and src[pos] != ")":
        dest = parseLinkDestination(src, pos, n)
        if not dest.ok:
            return -1
        pos = dest.pos
        while pos < n and src[pos] in " \t\n":
            pos += 1
        if pos < n and src[pos] in "\"'(":
            title = parseLinkTitle(src, pos, n)
            if title.ok:
                pos = title.pos
                while pos < n and src[pos] in " \t\n":
                    pos += 1
    return pos + 1 if pos < n and src[pos] == ")" else -1


def segments(
    src: str,
    *,
    bare_urls: bool | tuple[bool, ...] = True,
    slash_links: bool = False,
    underscores: bool | tuple[bool, ...] = False,
) -> list[tuple[str, str]]:
    """The lines of inline source `src`, each as (its source, the text it shows): split at
    hard breaks and `<br>`, soft breaks joined with a space, indentation dropped.

    `bare_urls`: whether an autolink to a web address reads as the bare address typed (the
    export wraps those), for all of them or for each in turn.
    `slash_links`: `\\<https://...>` is a typed backslash before a bare URL (the export
    leaves a backslash before a letter as it is, and the URL after it becomes an autolink),
    not an escaped `<`.
    `underscores`: emphasis marks (`*` not escaped) read as `_`, as they may have been typed
    (the export writes emphasis with `*`): all of them, or each in turn."""
    result: list[tuple[str, str]] = []
    out: list[str] = []
    n = len(src)
    seg_start = i = 0
    links = stars = 0

    def close(seg_end: int) -> None:
        result.append((src[seg_start:seg_end].strip(" \t"), "".join(out).strip()))
        out.clear()

    def skip_spaces(pos: int) -> int:
        while pos < n and src[pos] in " \t":
            pos += 1
        return pos

    special = _SPECIAL_STARS if underscores else _SPECIAL
    while i < n:
        m = special.search(src, i)
        if m is None:
            out.append(src[i:])
            break
        if m.start() > i:
            out.append(src[i : m.start()])
        i = m.start()
        c = src[i]
        if c == "\\":
            nxt = src[i + 1] if i + 1 < n else ""
            if nxt == "\n":  # a hard break
                close(i)
                i = seg_start = skip_spaces(i + 2)
            elif slash_links and nxt == "<" and _URI_AUTOLINK.match(src, i + 1):
                out.append("\\")
                i += 1
            elif nxt in _PUNCT and nxt:
                out.append(nxt)
                i += 2
            else:
                out.append("\\")
                i += 1
        elif c == "\n":
            spaces = 0
            while i - spaces > seg_start and src[i - spaces - 1] == " ":
                spaces += 1
            if spaces >= 2:  # two trailing spaces: a hard break
                close(i - spaces)
                i = seg_start = skip_spaces(i + 1)
            else:  # a soft break: the lines of a wrapped paragraph
                text = "".join(out).rstrip(" \t")
                out[:] = [text, " "] if text else []
                i = skip_spaces(i + 1)
        elif c == "`":
            j = i
            while j < n and src[j] == "`":
                j += 1
            closing = _closing_backticks(src, j, j - i)
            if closing < 0:
                out.append(src[i:j])
                i = j
            else:
                out.append(src[i : closing + j - i].replace("\n", " "))
                i = closing + j - i
        elif c == "<":
            br = _BR.match(src, i)
            link = _URI_AUTOLINK.match(src, i) or _EMAIL_AUTOLINK.match(src, i)
            if br:
                close(i)
                i = seg_start = skip_spaces(br.end())
            elif link:
                inner = link.group(1)
                wanted = bare_urls if isinstance(bare_urls, bool) else (
                    links >= len(bare_urls) or bare_urls[links])
                links += 1
                bare = wanted and _BARE_URL.fullmatch(inner)
                out.append(inner if bare else link.group(0))
                i = link.end()
            else:
                out.append("<")
                i += 1
        elif c == "&":
            entity = _ENTITY.match(src, i)
            if entity:
                out.append(html.unescape(entity.group(0)))
                i = entity.end()
            else:
                out.append("&")
                i += 1
        elif c == "*":  # only with `underscores`
            wanted = underscores if isinstance(underscores, bool) else (
                stars < len(underscores) and underscores[stars])
            stars += 1
            out.append("_" if wanted else "*")
            i += 1
        else:  # `]`: a link's destination and title are copied as written
            end = _link_tail(src, i + 1) if src.startswith("(", i + 1) else -1
            if end > 0:
                out.append(src[i:end])
                i = end
            else:
                out.append("]")
                i += 1
    close(n)
    return result


MAX_LINK_CHOICES = 8
"""Autolinks in a line up to which every way of reading them (typed, or wrapped bare URLs) is
tried; past it, all one way or all the other."""


MAX_CROSSED = 256
"""Readings of autolinks and emphasis together tried at most."""
MAX_MARK_CHOICES = 8
"""Emphasis spans in a line up to which each is tried as typed with `*` or with `_`."""


def _mark_pairs(source: str) -> list[list[int]]:
    """The emphasis and strong spans of a line the export wrote, each as the positions of its
    `*` among the line's unescaped ones (the export escapes every other `*`), so each span
    can be read as typed with `*` or with `_`."""
    from ..inline_markdown import _tokens

    pairs: list[list[int]] = []
    open_spans: list[list[int]] = []
    star = 0
    for token in _tokens(source):
        if token.type not in ("em_open", "em_close", "strong_open", "strong_close"):
            continue
        stars = list(range(star, star + len(token.markup)))
        star += len(token.markup)
        if token.type.endswith("_open"):
            open_spans.append(stars)
        elif open_spans:
            pairs.append(open_spans.pop() + stars)
    return pairs


def _readings(source: str) -> list[dict[str, Any]]:
    """The other ways `segments` can read `source`: autolinks kept as typed (each, or all), a
    backslash before one as typed, emphasis typed with `_` (each span, or all)."""
    readings: list[dict[str, Any]] = []
    choices: list[bool | tuple[bool, ...]] = [False]
    if "<" in source:
        links = len(_URI_AUTOLINK.findall(source))
        if 1 < links <= MAX_LINK_CHOICES:
            choices += list(itertools.product((True, False), repeat=links))
        readings += [{"bare_urls": bare} for bare in choices]
        readings += [{"bare_urls": bare, "slash_links": True} for bare in (*choices, True)]
    if "*" in source:
        pairs = _mark_pairs(source)
        marks: list[bool | tuple[bool, ...]] = [True]
        if 1 < len(pairs) <= MAX_MARK_CHOICES:
            count = max((max(p) for p in pairs), default=-1) + 1
            for choice in itertools.product((True, False), repeat=len(pairs)):
                chosen = [False] * count
                for pair, underscore in zip(pairs, choice, strict=True):
                    for star in pair:
                        chosen[star] = underscore
                marks.append(tuple(chosen))
        readings += [{"underscores": u} for u in marks]
        readings += [{"underscores": True, "bare_urls": False}]
        if "<" in source and len(choices) * len(marks) <= MAX_CROSSED:
            # Both at once: an autolink typed as such beside emphasis typed with `_`.
            readings += [{"bare_urls": b, "underscores": u} for b in (True, *choices)
                         for u in marks]
    return readings


def other_readings(cell_source: str) -> list[str]:
    """A cell's other readings as whole texts (its lines joined), for a caller that can tell
    them apart by another part of the export (the timeline diagram shows events as typed)."""
    return [
        "\n".join(shown for _, shown in segments(cell_source, **reading) if shown)
        for reading in _readings(cell_source)
    ]


def _checked(source: str, shown: str, render: Callable[[str], str]) -> str:
    """`shown`, or another reading of `source` when only that writes `source` again."""
    if ("<" not in source and "*" not in source) or render(shown) == source:
        return shown  # (without either, there is no other reading to choose)
    for reading in _readings(source):
        other = segments(source, **reading)
        if len(other) == 1 and render(other[0][1]) == source:
            return str(other[0][1])
    return shown


def _render_line(text: str) -> str:
    return "\\\n".join(md.text_lines(text))


def as_read(cell_source: str) -> str:
    """A cell as the export writes it, as the table reader hands it over: `\\|` is `|`."""
    from .reader import escaped_split

    return "|".join(escaped_split(cell_source)) if "|" in cell_source else cell_source


def _render_cell_line(text: str) -> str:
    return as_read("<br>".join(md.text_lines(text, block_start=False, in_cell=True)))


def paragraph_text(src: str) -> str:
    """A paragraph's or a list item's source as typed: its lines joined with newlines."""
    lines = (_checked(s, shown, _render_line) for s, shown in segments(src))
    return "\n".join(line for line in lines if line)


def cell_text(src: str, *, bare_urls: bool = True) -> str:
    """A table cell's source (escaped pipes already unescaped by the table reader) as typed;
    `bare_urls=False`: autolinks kept as typed (the other reading of `<https://x.y>`)."""
    if not bare_urls:
        return "\n".join(shown for _, shown in segments(src, bare_urls=False) if shown)
    lines = (_checked(s, shown, _render_cell_line) for s, shown in segments(src))
    return "\n".join(line for line in lines if line)


def line_text(src: str, *, block_start: bool = False) -> str:
    """Source of one line (a heading, a label, a bold title) as typed: breaks become spaces."""
    parts = segments(src)
    if len(parts) == 1:
        source, shown = parts[0]
        return _checked(source, shown, lambda t: md.one_line(t, block_start=block_start))
    return " ".join(shown for _, shown in parts if shown)
