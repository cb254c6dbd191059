"""Inline Markdown typed in free text: which spans of a line GitHub would render as such.

Authors type `` `code` ``, `*emphasis*`, `**strong**`, `~~struck~~` and `[links](https://…)` by
habit; the export keeps those spans and escapes everything else (see `export`). This module only
recognises them, with markdown-it's inline parser judging delimiters as GitHub's cmark-gfm 0.29
does where CommonMark has moved on since (symbols are not punctuation, tildes are looked past,
how far a failed search bounds later ones), and set up to accept what the export may keep and
nothing else:

- code spans, emphasis and strong (`*` and `_`), strikethrough with exactly two tildes (one is
  "approximately", three or more GitHub shows as typed);
- links and autolinks to http(s) and mailto addresses only;
- never raw HTML, entities (shown as typed) or images (shown as typed); a backslash is shown as
  typed, and the character after it is never markup.

markdown-it is imported the first time a line might hold inline Markdown: `might_have_markup`
is a cheap test that most lines fail, so exports of plain text never pay for the import.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.state_inline import Delimiter
    from markdown_it.token import Token

__all__ = ["Piece", "might_have_markup", "parse", "skeleton"]


class Piece:
    """A part of a line: `text` (the source, to escape), `mark` (an emphasis, strong or
    strikethrough delimiter, kept), `code` (a code span's content), `link` / `/link` (around a
    link's text; `/link` holds the address and title), `autolink` (the source, `<…>`)."""

    # Not a NamedTuple: creating one costs milliseconds of every headless start.
    __slots__ = ("kind", "title", "value")

    def __init__(self, kind: str, value: str = "", title: str = "") -> None:
        self.kind = kind
        self.value = value
        self.title = title

    def __repr__(self) -> str:
        return f"Piece({self.kind!r}, {self.value!r}, {self.title!r})"


# `_` can open emphasis only when not after a letter or digit, close only when not before one.
_UNDERSCORE_OPEN = re.compile(r"(?<![^\W_])_")
_UNDERSCORE_CLOSE = re.compile(r"_(?![^\W_])")
_AUTOLINK_START = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)")
_DELIMITER = re.compile(r"[*`\[\]<~]|(?<![^\W_])_|_(?![^\W_])")

MAX_DELIMITERS = 256
"""A line with more characters that could be markup than this is text: pasted output, not
prose (and markdown-it's time grows with them: ~50 µs each)."""


def might_have_markup(line: str) -> bool:
    """False when `line` surely holds no span `parse` would find (most lines), or holds too
    many characters that could be markup to be worth looking: a few scans."""
    found = line.count("`") > 1 or line.count("*") > 1 or line.count("~~") > 1 or (
        "](" in line or bool(_AUTOLINK_START.search(line))
    )
    if not found:
        opener = _UNDERSCORE_OPEN.search(line)
        found = bool(opener and _UNDERSCORE_CLOSE.search(line, opener.start() + 1))
    delimiters = itertools.islice(_DELIMITER.finditer(line), MAX_DELIMITERS + 1)
    return found and sum(1 for _ in delimiters) <= MAX_DELIMITERS


# --- markdown-it, restricted ---------------------------------------------------------------


def _validate_link(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://", "mailto:"))


def _literal_image(state: StateInline, silent: bool) -> bool:
    """An image is kept as the text that was typed (not a link either)."""
    from markdown_it.rules_inline import image

    start = state.pos
    if not image(state, True):
        return False
    if not silent:
        state.pending += state.src[start : state.pos]
    return True


def _autolink(state: StateInline, silent: bool) -> bool:
    """`<https://…>` as typed; one holding `&` stays text (GitHub would decode an entity)."""
    from markdown_it.rules_inline import autolink

    start = state.pos
    if not autolink(state, True):
        return False
    if not silent:
        source = state.src[start : state.pos]
        if "&" in source:
            state.pending += source
        else:
            state.push("autolink", "", 0).content = source
    return True


def _is_space(char: str) -> bool:
    return char in " \t\n\f\r" or unicodedata.category(char) == "Zs"


def _is_punct(char: str) -> bool:
    # GitHub's cmark-gfm follows CommonMark 0.29: symbols (`€`, `✓`) are not punctuation.
    return char in _ASCII_PUNCT or unicodedata.category(char).startswith("P")


_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _flank_as_github(state: StateInline, start: int, first: int) -> None:
    """Whether the delimiter run at `start` (up to `state.pos`) can open or close, by
    cmark-gfm's rules, on the delimiters added from index `first`."""
    # cmark-gfm looks past tildes (strikethrough's delimiter) on either side.
    src = state.src
    before = " "
    if start > 0:
        i = start - 1
        while i > 0 and src[i] == "~":
            i -= 1
        before = src[i]
    j = state.pos
    while j < state.posMax and src[j] == "~":
        j += 1
    after = src[j] if j < state.posMax else " "
    left = not _is_space(after) and (
        not _is_punct(after) or _is_space(before) or _is_punct(before)
    )
    right = not _is_space(before) and (
        not _is_punct(before) or _is_space(after) or _is_punct(after)
    )
    opens, closes = left, right
    if state.src[start] == "_":  # not inside a word
        opens = left and (not right or _is_punct(before))
        closes = right and (not left or _is_punct(after))
    for delimiter in state.delimiters[first:]:
        delimiter.open, delimiter.close = opens, closes


def _emphasis(state: StateInline, silent: bool) -> bool:
    from markdown_it.rules_inline import emphasis

    start, first = state.pos, len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    _flank_as_github(state, start, first)
    return True


def _strikethrough(state: StateInline, silent: bool) -> bool:
    """Only a run of exactly two tildes strikes through; other runs are text."""
    from markdown_it.rules_inline import strikethrough

    if silent or state.src[state.pos] != "~":
        return False
    start, first = state.pos, len(state.delimiters)
    end = start
    while end < state.posMax and state.src[end] == "~":
        end += 1
    if end - start != 2:
        state.pending += state.src[start:end]
        state.pos = end
        return True
    if not strikethrough.tokenize(state, silent):
        return False
    _flank_as_github(state, start, first)
    return True


def _pair_delimiters(delimiters: list[Delimiter]) -> None:
    """markdown-it's `processDelimiters` (MIT licence), but for one thing: as in cmark-gfm
    0.29, what GitHub runs, a failed search for an opener bounds later searches by marker and
    closer length mod 3 only, not also by whether the closer can open (so `**a*b[****`
    emphasises only `b[`, as on GitHub)."""
    openers_bottom: dict[int, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for index, closer in enumerate(delimiters):
        jumps.append(0)
        # Markers of one run have adjacent tokens and the same character.
        if delimiters[header].marker != closer.marker or last_token != closer.token - 1:
            header = index
        last_token = closer.token
        closer.length = closer.length or 0
        if not closer.close:
            continue
        bottoms = openers_bottom.setdefault(closer.marker, [-1, -1, -1])
        bottom = bottoms[closer.length % 3]
        opener_index = header - jumps[header] - 1
        new_bottom = opener_index
        while opener_index > bottom:
            opener = delimiters[opener_index]
            if opener.marker == closer.marker and opener.open and opener.end < 0:
                odd = (
                    (opener.close or closer.open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    last_jump = (
                        jumps[opener_index - 1] + 1
                        if opener_index > 0 and not delimiters[opener_index - 1].open
                        else 0
                    )
                    jumps[index] = index - opener_index + last_jump
                    jumps[opener_index] = last_jump
                    closer.open = False
                    opener.end = index
                    opener.close = False
                    new_bottom = -1
                    last_token = -2
                    break
            opener_index -= jumps[opener_index] + 1
        if new_bottom != -1:
            bottoms[closer.length % 3] = new_bottom


def _balance_pairs(state: StateInline) -> None:
    _pair_delimiters(state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _pair_delimiters(meta["delimiters"])


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero")
    md.enable(["escape", "backticks", "strikethrough", "emphasis", "link", "image", "autolink"])
    # Keep backslash escapes as their own tokens, to show them as typed.
    md.disable("text_join")
    md.inline.ruler.at("image", _literal_image)
    md.inline.ruler.at("autolink", _autolink)
    md.inline.ruler.at("strikethrough", _strikethrough)
    md.inline.ruler.at("emphasis", _emphasis)
    md.inline.ruler2.at("balance_pairs", _balance_pairs)
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def _tokens(line: str) -> list[Token]:
    blocks = _parser().parseInline(line)
    return (blocks[0].children or []) if blocks else []


_MARKS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


def parse(line: str) -> tuple[list[Piece], list[str]] | None:
    """`line` (one line, no control characters) in pieces, and its `skeleton`; None when it
    holds no inline Markdown at all, so the caller escapes it whole."""
    tokens = _tokens(line)
    pieces: list[Piece] = []
    text: list[str] = []
    spans = False
    target = ("", "")  # the address and title of the link being read (links do not nest)
    for token in tokens:
        kind = token.type
        if kind == "text":
            text.append(token.content)
            continue
        if kind == "text_special":  # a backslash escape: its source, `\\*`
            text.append(token.markup)
            continue
        if "".join(text):
            pieces.append(Piece("text", "".join(text)))
        text = []
        spans = True
        if kind in _MARKS:
            pieces.append(Piece("mark", token.markup))
        elif kind == "code_inline":
            pieces.append(Piece("code", token.content))
        elif kind == "link_open":
            target = (str(token.attrs.get("href", "")), str(token.attrs.get("title", "")))
            pieces.append(Piece("link"))
        elif kind == "link_close":
            pieces.append(Piece("/link", *target))
        elif kind == "autolink":
            pieces.append(Piece("autolink", token.content))
        else:  # nothing else is enabled; whatever it is, escape the line whole
            return None
    if "".join(text):
        pieces.append(Piece("text", "".join(text)))
    return (pieces, _skeleton(tokens)) if spans else None


def skeleton(line: str) -> list[str]:
    """The spans markdown-it finds in `line` written by the export, with the text between
    them as it shows: the same skeleton as the typed line's means the same rendering."""
    return _skeleton(_tokens(line), typed=False)


def _skeleton(tokens: list[Token], *, typed: bool = True) -> list[str]:
    """`typed`: the line as the author typed it, whose backslashes show (the export escapes
    them); else the export's own line, whose escapes do not."""
    out: list[str] = []
    text: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "text":
            text.append(token.content)
            continue
        if kind == "text_special":
            text.append(token.markup if typed else token.content)
            continue
        if kind == "autolink":  # typed, or a bare URL the export made one
            text.append(token.content[1:-1])
            continue
        # Spaces at the edges of text do not change what pairs with what (and the export
        # trims those inside a link's brackets).
        shown = "".join(text).strip()
        if shown:
            out.append("text " + shown)
        text = []
        if kind in _MARKS:
            out.append(f"{kind} {token.markup}")
        elif kind == "code_inline":
            out.append(f"code {token.content}")
        elif kind == "link_open":
            out.append(f"link {token.attrs.get('href', '')} {token.attrs.get('title', '')}")
        else:
            out.append(kind)
    shown = "".join(text).strip()
    if shown:
        out.append("text " + shown)
    return out
