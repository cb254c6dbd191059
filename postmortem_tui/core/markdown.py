"""Writing GitHub Markdown from typed text: valid whatever was typed, what was meant kept.

The export's template (`export`) is made of these: paragraphs, bullets, table cells and tables,
code blocks and headings, each from the author's text.

Escaping rules, in short:
- Inline Markdown typed in free text is kept, as GitHub would render it: code spans, emphasis
  and strong (typed with `*` or `_`, written with `*`), `~~strikethrough~~`, links and
  `<autolinks>` to http(s) and mailto addresses. `inline_markdown` finds them; the line written
  is parsed again, alone and between punctuation (the `\\` or `<br>` that ends a line, the `**`
  of a bold title), and if its spans pair any other way it is all text. In a table cell a `|`
  in a code span is written `\\|`.
- All other text outside code blocks goes through `_escape_line`: ANSI escapes and control
  characters are dropped, every character that could start Markdown syntax anywhere in a line is
  backslash-escaped (`` ` * [ ] < | ~ $ ``, `_` unless inside a word, `\\` before punctuation,
  `&` before an entity), and so is one that could start a block at the start of a line
  (`# > - + =`, `1.`, `:-`). Leading and trailing spaces are dropped. Bare http(s) URLs become
  `<autolinks>`, so they stay clickable and are not mangled by the escaping.
- Several lines typed in a paragraph or a list item become hard line breaks (a trailing `\\`),
  indented to the item's content, so nothing can leave its list item; blank lines separate
  paragraphs. In a table cell the lines are joined with `<br>`.
- Code blocks keep the text but use a fence longer than any backtick run inside; ANSI escapes are
  dropped and other control characters shown as their Unicode control pictures (U+2400...).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence

from .inline_markdown import Piece, might_have_markup, skeleton
from .inline_markdown import parse as parse_inline
from .placeholders import EMPTY_CELL as EMPTY_CELL
from .placeholders import NONE as NONE
from .placeholders import NOT_YET as NOT_YET
from .text import CODE, INLINE, display_width

# Tables with a cell wider than this are not padded: one long cell must not pad every row.
MAX_PAD_WIDTH = 100

# --- text cleaning -----------------------------------------------------------------------------

# CSI (colours, cursor moves), OSC (titles, hyperlinks), DCS/SOS/PM/APC strings, 2-byte escapes,
# and the 8-bit CSI. Terminal formatting, not text.
_ANSI_PATTERN = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_NEWLINE_CHARS = ("\r", "\x85", "\u2028", "\u2029")


# Compiled when first needed: most texts hold neither (each pattern ~0.4 ms to compile, at
# every export).
@functools.cache
def _ansi() -> re.Pattern[str]:
    return re.compile(_ANSI_PATTERN)


@functools.cache
def _newlines() -> re.Pattern[str]:
    return re.compile("\r\n|[\r\x85\u2028\u2029]")


def _replacer(table: Mapping[int, str | None]) -> Callable[[str], str]:
    """`str.translate(table)`, as a regex substitution of only the characters it changes:
    the same text, but ~15x faster on a pasted megabyte of logs (translate with a dict table
    looks up every character)."""
    changed = {chr(c): v or "" for c, v in table.items() if v != chr(c)}

    @functools.cache  # compiled at the first text with a control character in it
    def pattern() -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(c) for c in changed) + "]")

    def replaced(text: str) -> str:
        return pattern().sub(lambda m: changed[m.group()], text)

    return replaced


# Outside code, control characters go; inside code they are shown as inert pictures.
_inline_controls = _replacer(INLINE)
_code_controls = _replacer(CODE)


def _plain_newlines(text: str) -> str:
    """Every newline convention as `\n`; terminal escapes dropped (skipped when absent)."""
    if any(c in text for c in _NEWLINE_CHARS):
        text = _newlines().sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _ansi().sub("", text)
    return text


def clean_lines(text: str) -> list[str]:
    """Text as lines: any newline convention, no terminal escapes, no control characters."""
    if text.isprintable():  # no newline, escape or control character at all: most cells
        return [text]
    return _inline_controls(_plain_newlines(text)).split("\n")


# --- inline escaping ---------------------------------------------------------------------------

_URL_TAIL = ".,:;!?'*_~"
_SPECIALS = (
    # A backslash escapes the next character only when that is punctuation (or ends the line).
    r"(?P<bs>\\)(?=[!-/:-@\[-`{-~]|$)"
    r"|(?P<ent>&)(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
    # `_` between two letters or digits can neither open nor close emphasis: keep snake_case.
    r"|(?P<us>(?<![^\W_])_|_(?![^\W_]))"
    r"|(?P<sp>[`*\[\]<|~$])"
)
_PLAIN = re.compile(_SPECIALS)
_INLINE = re.compile(
    # A URL becomes an autolink, inside which backslash escapes would show up literally.
    r"(?P<url>(?i:https?|ftp)://[^\s<>|`\\\"\x00-\x1f\x7f]+)"
    # GitHub links bare www. addresses from the raw text, up to a space or `<`, backslashes
    # included (a no-break space does not end it): kept as typed, or unlinked if it needs escapes.
    r"|(?P<www>(?<![^\s*_~(])(?i:www)\.[^ \t\n\v\f\r]*)|" + _SPECIALS
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What starts a block at the start of a line: heading, quote, list, setext underline, and the
# `:-` delimiter row that turns the line above into a one-column table.
_BLOCK_START = re.compile(r"^(?:(?P<mark>[#>+=-]|:(?=-))|(?P<num>[0-9]{1,9})(?=[.)]))")


def _escape_plain(text: str) -> str:
    return _PLAIN.sub(lambda m: "\\" + m.group(0), text)


def _url(url: str) -> str:
    """`<url>`, and what follows it (sentence punctuation, an entity) escaped after it."""
    entity = _ENTITY.search(url)  # would be decoded inside an autolink
    end = entity.start() if entity else len(url)
    while end and (
        url[end - 1] in _URL_TAIL
        or (url[end - 1] == ")" and url[:end].count(")") > url[:end].count("("))
    ):
        end -= 1
    if end <= url.index("://") + 3:
        return _escape_plain(url)
    return f"<{url[:end]}>" + _escape_plain(url[end:])


def _www(token: str) -> str:
    escaped = _escape_plain(token)
    # `www\.` is not linked, so the escapes inside work; a clean address stays a link.
    return token if escaped == token else token[:3] + "\\." + _escape_plain(token[4:])


def _escape_match(m: re.Match[str]) -> str:
    if m.group("url"):
        return _url(m.group("url"))
    if m.group("www"):
        return _www(m.group("www"))
    return "\\" + m.group(0)


# Every match of `_INLINE` holds one of these (`[\\&_`*\[\]<|~$]|://|(?i:www)\.`); a line
# with none (most) needs no escaping, and this test is far cheaper than `_INLINE`'s search.
_INLINE_CHARS = re.compile(r"[\\&_`*\[\]<|~$]")
_WWW = re.compile(r"(?i:www)\.")


def _maybe_inline(line: str) -> bool:
    """Whether `line` holds one of them: the characters' class searched alone, then `str.find`s
    (only `w` and `W` match `(?i:w)`), the `www.` search only when they allow it (half the time
    of one search for all of them)."""
    if _INLINE_CHARS.search(line) or "://" in line:
        return True
    return ("w" in line or "W" in line) and "." in line and _WWW.search(line) is not None


def escape(line: str) -> str:
    if not _maybe_inline(line):
        return line
    return _INLINE.sub(_escape_match, line)


# --- inline Markdown typed in free text ---------------------------------------------------


def _code_span(content: str) -> str:
    """A code span showing `content`: a backtick run it does not hold, spaces where needed."""
    runs = {len(run) for run in re.findall("`+", content)} if "`" in content else set()
    fence = "`" * next(n for n in range(1, len(runs) + 2) if n not in runs)
    # One space each side is taken off by the parser when both are there (or a backtick
    # would join the fence).
    edges = content[:1] + content[-1:]
    pad = " " if "`" in edges or (edges == "  " and content.strip(" ")) else ""
    return f"{fence}{pad}{content}{pad}{fence}"


_TITLE_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


def _link_end(href: str, title: str) -> str:
    """`](address "title")` closing a link; the address is already percent-encoded."""
    dest = _ENTITY.sub(lambda m: "\\" + m.group(0), href)  # would be decoded
    if any(c in dest for c in "()<>"):
        dest = f"<{dest}>"
    if title:
        dest += ' "' + _TITLE_PUNCT.sub(lambda m: "\\" + m.group(0), title) + '"'
    return f"]({dest})"


Parts = list[tuple[str, bool]]
"""Markdown of a line in parts, each with whether it is a code span or autolink as typed."""


def _write(pieces: Sequence[Piece], *, asterisks: bool) -> tuple[Parts, bool]:
    """The Markdown of `pieces`, and whether anything but the spans' own syntax changed from
    what was typed. `asterisks`: `_` emphasis written with `*`, the template's style."""
    parts: Parts = []
    in_link = changed = False
    for index, piece in enumerate(pieces):
        if piece.kind == "text":
            # Inside a link's text a URL is text: a link cannot hold another.
            # A `*` or `_` left over from an emphasis's delimiter run is escaped too: left as
            # it is, it could pair with one on the next line of the paragraph.
            text = (_escape_plain if in_link else escape)(piece.value)
            before = pieces[index - 1] if index else None
            after = pieces[index + 1] if index + 1 < len(pieces) else None
            if before is not None and before.kind == "link":
                text = text.lstrip()  # `[ text ]` is a link, with a space (and a lint warning)
            if after is not None and after.kind == "/link":
                text = text.rstrip()
            changed = changed or text != piece.value
            parts.append((text, False))
        elif piece.kind == "mark":
            mark = piece.value.replace("_", "*") if asterisks else piece.value
            changed = changed or mark != piece.value
            parts.append((mark, False))
        elif piece.kind == "code":
            parts.append((_code_span(piece.value), True))
        elif piece.kind == "link":
            in_link = True
            parts.append(("[", False))
        elif piece.kind == "/link":
            in_link = False
            parts.append((_link_end(piece.value, piece.title), False))
        else:
            parts.append((piece.value, True))
    return parts, changed


def _unstyled(spans: list[str]) -> list[str]:
    """A skeleton with `_` emphasis read as `*`."""
    return [
        step.split(" ")[0] + " " + step.split(" ")[1].replace("_", "*")
        if step.startswith(("em_", "strong_")) else step
        for step in spans
    ]


def _in_context(out: str, pieces: Sequence[Piece], spans: list[str]) -> bool:
    """Whether `out` renders the same spans with punctuation before and after it, as on the
    lines of a paragraph or a cell (`\\` or `<br>` beside them): that can turn a delimiter at
    an end into one that may open and close, which pairs differently."""
    want = _unstyled(spans)
    if pieces[-1].kind == "mark" and _unstyled(skeleton(out + ".")) != [*want, "text ."]:
        return False
    return pieces[0].kind != "mark" or _unstyled(skeleton("." + out)) == ["text .", *want]


@functools.lru_cache(maxsize=4096)  # the preview renders the same lines after every edit
def _with_markup(line: str, in_cell: bool) -> str:
    """`line` with the inline Markdown typed in it kept and everything else escaped."""
    parsed = parse_inline(line)
    if parsed is None:
        return escape(line)
    pieces, spans = parsed
    styles = (True, False) if any(p.kind == "mark" and "_" in p.value for p in pieces) else (False,)
    for asterisks in styles:
        parts, changed = _write(pieces, asterisks=asterisks)
        out = "".join(part for part, _ in parts)
        # Escaping can change how a delimiter pairs (a URL beside it becomes `<url>`), and so
        # can `*` for `_`: the result must render the spans typed. With nothing changed, the
        # spans are written as typed around untouched text: no need to look.
        if (not changed or _unstyled(skeleton(out)) == _unstyled(spans)) and _in_context(
            out, pieces, spans
        ):
            break
    else:
        return escape(line)  # all text, then
    if in_cell:
        # A cell ends at any `|` not after a backslash, even in a code span; GitHub takes the
        # backslash off again there. A typed `\\|` there cannot be written so both agree.
        if any(raw and "\\|" in part for part, raw in parts):
            return escape(line)
        out = "".join(part.replace("|", "\\|") if raw else part for part, raw in parts)
    return out


def _inline(line: str, *, in_cell: bool) -> str:
    """One line of free text as Markdown: inline code, emphasis, strikethrough and links as
    typed (`inline_markdown`), everything else escaped."""
    if not _maybe_inline(line):  # nothing to escape, so no Markdown either: most lines
        return line
    if might_have_markup(line):
        return _with_markup(line, in_cell)
    return _INLINE.sub(_escape_match, line)


def _escape_line(line: str, *, block_start: bool, in_cell: bool = False) -> str:
    """One line of free text as Markdown; `block_start` when it begins a block."""
    out = _inline(line.strip(), in_cell=in_cell)
    if block_start:
        out = _BLOCK_START.sub(
            lambda m: m.group("num") + "\\" if m.group("num") else "\\" + m.group("mark"), out
        )
    return out


def text_lines(text: str, *, block_start: bool = True, in_cell: bool = False) -> list[str]:
    """The non-blank lines of `text`, each escaped."""
    return [
        _escape_line(line, block_start=block_start, in_cell=in_cell)
        for line in clean_lines(text) if line.strip()
    ]


def one_line(text: str, *, block_start: bool = False) -> str:
    """Text for a heading, a bold title or a label: lines joined with a space."""
    joined = " ".join(line.strip() for line in clean_lines(text) if line.strip())
    return _escape_line(joined, block_start=block_start)


def item_text(text: str, indent: int) -> str:
    """Text of a list item: lines are hard breaks, indented so they stay inside the item."""
    return ("\\\n" + " " * indent).join(text_lines(text))


def paragraphs(text: str, empty: str = NOT_YET) -> str:
    """Paragraphs as typed: blank lines separate them, other newlines are hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in clean_lines(text):
        if line.strip():
            paragraphs[-1].append(_escape_line(line, block_start=True))
        elif paragraphs[-1]:
            paragraphs.append([])
    rendered = ["\\\n".join(p) for p in paragraphs if p]
    return "\n\n".join(rendered) if rendered else empty


def cell(text: str) -> str:
    """Text for a table cell: one line, `|` escaped, newlines as `<br>`."""
    if text.isprintable() and not _maybe_inline(text):
        return text.strip()  # one line with nothing to escape: most cells
    return "<br>".join(text_lines(text, block_start=False, in_cell=True))


# Characters of a web address that Markdown or a table would read in a link's destination.
_LINK_UNSAFE = re.compile(r"[\s|\\`\"<>\x00-\x1f\x7f]")


def link(label: str, url: str) -> str:
    """`[label](url)`, for a line or a table cell: the label escaped as text, and the
    characters of the address that a table or the link syntax would read percent-encoded (a
    `|` would end the cell, a backtick start a code span)."""
    href = _LINK_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return "[" + _escape_plain(" ".join(label.split())) + _link_end(href, "")


# --- blocks ------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GFM table, columns padded to line up; `None.` under the header when there are no rows.

    A table with a cell wider than `MAX_PAD_WIDTH` is written compact instead (one space around
    each cell): padding every row to one very long cell helps nobody.
    """
    # An empty cell is a dash: a blank one reads as a mistake (and trips pymarkdown's MD060).
    body = [[c or EMPTY_CELL for c in r] for r in rows]
    lines = [list(header), *body]
    cell_widths = [[display_width(c) for c in cells] for cells in lines]
    widths = [max(column) for column in zip(*cell_widths, strict=True)]
    if max(widths) > MAX_PAD_WIDTH:
        delimiter = "| " + " | ".join("---" for _ in header) + " |"
    else:
        delimiter = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        lines = [
            [c + " " * (w - cw) for c, cw, w in zip(cells, cws, widths, strict=True)]
            for cells, cws in zip(lines, cell_widths, strict=True)
        ]
    rendered = ["| " + " | ".join(cells) + " |" for cells in lines]
    table = "\n".join([rendered[0], delimiter, *rendered[1:]])
    return table if body else f"{table}\n\n{NONE}"


def bullets(items: Sequence[str], empty: str = NOT_YET) -> str:
    """A `- ` list of the non-blank items, or the `empty` line."""
    rendered = [f"- {item_text(i, 2)}" for i in items if text_lines(i)]
    return "\n".join(rendered) if rendered else empty


# What `_code_controls` changes (ESC and the 8-bit CSI among them), and what it changes each to:
# all below U+00A0, so each is one byte in Latin-1.
_CODE_CHANGED = {chr(c): v or "" for c, v in CODE.items() if v != chr(c)}
_CODE_UNCHANGED_BYTES = bytes(b for b in range(256) if chr(b) not in _CODE_CHANGED)


def _code_clean(text: str) -> str:
    """`_code_controls(_plain_newlines(text))` with no regex scan of the whole text: the
    controls there are told by the text's Latin-1 bytes, found with `str.find`, and the
    terminal escapes matched where one is (a megabyte of pasted logs: 19 -> 5 ms)."""
    if any(c in text for c in _NEWLINE_CHARS):
        text = _newlines().sub("\n", text)
    # Characters beyond Latin-1 are left out: none of them is changed.
    present = text.encode("latin-1", "ignore").translate(None, _CODE_UNCHANGED_BYTES)
    if not present:
        return text
    places: list[int] = []
    for char in set(present.decode("latin-1")):
        at = text.find(char)
        while at >= 0:
            places.append(at)
            at = text.find(char, at + 1)
    places.sort()
    ansi, changed = _ansi().match, _CODE_CHANGED
    parts: list[str] = []
    done = 0
    for at in places:
        if at < done:  # inside an escape sequence already dropped
            continue
        parts.append(text[done:at])
        char = text[at]
        sequence = ansi(text, at) if char in "\x1b\x9b" else None
        if sequence is not None:
            done = sequence.end()
        else:
            parts.append(changed[char])
            done = at + 1
    parts.append(text[done:])
    return "".join(parts)


def code_text(text: str) -> str:
    """The text of a code block: controls shown, escapes dropped, without its blank first and
    last lines."""
    body = _code_clean(text)
    # The blank lines before the first and after the last line with anything on it, cut off
    # without splitting the text into its lines.
    content = body.lstrip()
    if not content:
        return ""
    start = body.rfind("\n", 0, len(body) - len(content)) + 1
    end = body.find("\n", len(body.rstrip()))
    return body[start:] if end < 0 else body[start:end]


def fence(body: str, language: str) -> str:
    """A fenced code block longer than any backtick run inside, so nothing can close it."""
    runs = re.findall(r"`{3,}", body) if "```" in body else ()  # `in` is a fast scan
    longest = max((len(run) for run in runs), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body}\n{fence}"


def code(text: str, language: str, empty: str = NONE) -> str:
    body = code_text(text)
    return fence(body, language) if body else empty


def heading(level: int, text: str) -> str:
    return "#" * level + " " + text


# --- bold titles -------------------------------------------------------------------------------


def _without_strong(spans: list[str]) -> list[str]:
    """A skeleton without its strong spans (the texts they separated joined)."""
    out: list[str] = []
    for step in spans:
        if step.startswith("strong_"):
            continue
        if step.startswith("text ") and out and out[-1].startswith("text "):
            out[-1] += step[4:]
        else:
            out.append(step)
    return out


def bold_title(text: str) -> str:
    """Text for a bold item title, `**title**`: the spans typed in it must still pair as
    typed beside the `**` around it (strong inside bold aside), or it is all text."""
    title = one_line(text)
    if might_have_markup(title):
        bold = skeleton(f"**{title}**")
        if not _all_bold(bold) or _without_strong(bold) != _without_strong(skeleton(title)):
            return escape(" ".join(line.strip() for line in clean_lines(text) if line.strip()))
    return title


def _all_bold(spans: list[str]) -> bool:
    """Whether every text, code span and link of a skeleton is inside a strong span."""
    depth = 0
    for step in spans:
        if step.startswith("strong_"):
            depth += 1 if step.startswith("strong_open") else -1
        elif depth == 0 and step.startswith(("text ", "code ", "link ")):
            return False
    return True
