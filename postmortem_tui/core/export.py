"""The Markdown export: the team's template, filled in, valid GitHub Markdown whatever was typed.

`to_markdown` reproduces the template's headings, labels, tables, separators and footer in order;
`section_markdown` renders one section for the wizard's live preview. Pure functions of the
document: the same document always gives the same bytes.

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

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence

from .inline_markdown import Piece, might_have_markup, skeleton
from .inline_markdown import parse as parse_inline
from .model import ActionItem, Category, PostMortem, TimelineEvent
from .sections import SECTION_KEYS
from .text import CODE, INLINE, display_width
from .timeutil import format_hhmm

__all__ = ["FOOTER", "NONE", "NOT_YET", "display_width", "section_markdown", "to_markdown"]

FOOTER = (
    "*This post-mortem follows the blameless incident analysis methodology. The goal is to learn "
    "and improve, not to assign blame. All times are in COT (Colombia Time, UTC-5).*"
)
# Asterisks, not underscores: the template's footer sets the emphasis style (MD049).
NOT_YET = "*Not recorded yet.*"
NONE = "*None.*"
SEPARATOR = "---"
EMPTY_CELL = "—"
NEXT_DAY = "(+1 day)"
NO_COMMANDS = "*No commands recorded.*"
FACTORS_INTRO = (
    "List all factors that contributed to the incident, even if they weren't the primary cause:"
)

# Tables with a cell wider than this are not padded: one long cell must not pad every row.
MAX_PAD_WIDTH = 100

# --- text cleaning -----------------------------------------------------------------------------

# CSI (colours, cursor moves), OSC (titles, hyperlinks), DCS/SOS/PM/APC strings, 2-byte escapes,
# and the 8-bit CSI. Terminal formatting, not text.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
_NEWLINE_CHARS = ("\r", "\x85", "\u2028", "\u2029")


def _replacer(table: Mapping[int, str | None]) -> Callable[[str], str]:
    """`str.translate(table)`, as a regex substitution of only the characters it changes:
    the same text, but ~15x faster on a pasted megabyte of logs (translate with a dict table
    looks up every character)."""
    changed = {chr(c): v or "" for c, v in table.items() if v != chr(c)}
    pattern = re.compile("[" + "".join(re.escape(c) for c in changed) + "]")
    return functools.partial(pattern.sub, lambda m: changed[m.group()])


# Outside code, control characters go; inside code they are shown as inert pictures.
_inline_controls = _replacer(INLINE)
_code_controls = _replacer(CODE)


def _plain_newlines(text: str) -> str:
    """Every newline convention as `\n`; terminal escapes dropped (skipped when absent)."""
    if any(c in text for c in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    return text


def _lines(text: str) -> list[str]:
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


# Every match of `_INLINE` holds one of these; a line with none (most) needs no escaping, and
# this search is far cheaper than `_INLINE`'s.
_MAYBE_INLINE = re.compile(r"[\\&_`*\[\]<|~$]|://|(?i:www)\.")


def _escape(line: str) -> str:
    if not _MAYBE_INLINE.search(line):
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
            text = (_escape_plain if in_link else _escape)(piece.value)
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
        return _escape(line)
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
        return _escape(line)  # all text, then
    if in_cell:
        # A cell ends at any `|` not after a backslash, even in a code span; GitHub takes the
        # backslash off again there. A typed `\\|` there cannot be written so both agree.
        if any(raw and "\\|" in part for part, raw in parts):
            return _escape(line)
        out = "".join(part.replace("|", "\\|") if raw else part for part, raw in parts)
    return out


def _inline(line: str, *, in_cell: bool) -> str:
    """One line of free text as Markdown: inline code, emphasis, strikethrough and links as
    typed (`inline_markdown`), everything else escaped."""
    if not _MAYBE_INLINE.search(line):  # nothing to escape, so no Markdown either: most lines
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


def _text_lines(text: str, *, block_start: bool = True, in_cell: bool = False) -> list[str]:
    """The non-blank lines of `text`, each escaped."""
    return [
        _escape_line(line, block_start=block_start, in_cell=in_cell)
        for line in _lines(text) if line.strip()
    ]


def _one_line(text: str, *, block_start: bool = False) -> str:
    """Text for a heading, a bold title or a label: lines joined with a space."""
    joined = " ".join(line.strip() for line in _lines(text) if line.strip())
    return _escape_line(joined, block_start=block_start)


def _item_text(text: str, indent: int) -> str:
    """Text of a list item: lines are hard breaks, indented so they stay inside the item."""
    return ("\\\n" + " " * indent).join(_text_lines(text))


def _paragraphs(text: str, empty: str = NOT_YET) -> str:
    """Paragraphs as typed: blank lines separate them, other newlines are hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in _lines(text):
        if line.strip():
            paragraphs[-1].append(_escape_line(line, block_start=True))
        elif paragraphs[-1]:
            paragraphs.append([])
    rendered = ["\\\n".join(p) for p in paragraphs if p]
    return "\n\n".join(rendered) if rendered else empty


def _cell(text: str) -> str:
    """Text for a table cell: one line, `|` escaped, newlines as `<br>`."""
    return "<br>".join(_text_lines(text, block_start=False, in_cell=True))


# --- blocks ------------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
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


def _bullets(items: Sequence[str], empty: str = NOT_YET) -> str:
    """A `- ` list of the non-blank items, or the `empty` line."""
    rendered = [f"- {_item_text(i, 2)}" for i in items if _text_lines(i)]
    return "\n".join(rendered) if rendered else empty


def _code_text(text: str) -> str:
    lines = _code_controls(_plain_newlines(text)).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _fence(body: str, language: str) -> str:
    """A fenced code block longer than any backtick run inside, so nothing can close it."""
    runs = re.findall(r"`{3,}", body) if "```" in body else ()  # `in` is a fast scan
    longest = max((len(run) for run in runs), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body}\n{fence}"


def _code(text: str, language: str, empty: str = NONE) -> str:
    body = _code_text(text)
    return _fence(body, language) if body else empty


def _heading(level: int, text: str) -> str:
    return "#" * level + " " + text


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _count(n: int | None, unit: str) -> str:
    if n is None:
        return NOT_YET
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


def _or(text: str, empty: str = NOT_YET) -> str:
    return text if text else empty


# --- sections ----------------------------------------------------------------------------------

Blocks = list[str]


def _title(doc: PostMortem) -> str:
    title = _one_line(doc.header.title)
    # A trailing run of `#` after a space would be read as the heading's closing sequence.
    title = re.sub(r"(?:^|(?<=\s))#+$", lambda m: "\\#" * len(m.group(0)), title)
    return _heading(1, "Post-Mortem: " + (title or "*Untitled*"))


def _duration(doc: PostMortem) -> str:
    h = doc.header
    if h.start_time is None and h.end_time is None:
        return NOT_YET
    start = format_hhmm(h.start_time) or "*start not recorded*"
    end = format_hhmm(h.end_time) or "*end not recorded*"
    if h.start_time is None or h.end_time is None:
        return f"{start} - {end}"
    next_day = f" {NEXT_DAY}" if h.crosses_midnight else ""
    return f"{start} - {end}{next_day} ({h.duration})"


def _header(doc: PostMortem) -> Blocks:
    h = doc.header
    labels = [
        ("Incident ID", h.incident_id or "*Not assigned yet.*"),
        ("Date", _date(h.date) or NOT_YET),
        ("Duration", _duration(doc)),
        ("Severity", h.severity.value if h.severity else NOT_YET),
        ("Status", h.status.value),
    ]
    # Trailing backslashes are hard breaks: GitHub shows one label a line, as the template reads.
    lines = "\\\n".join(f"**{label}**: {value}" for label, value in labels)
    return [_title(doc), lines]


def _summary(doc: PostMortem) -> Blocks:
    return [_heading(2, "Executive Summary"), _paragraphs(doc.summary)]


_MONEY_SAFE = re.compile(r"[\w$€£.,' -]*")


def _financial(doc: PostMortem) -> str:
    # The amount is validated money (digits, separators, one currency mark): shown as typed.
    amount = doc.impact.financial_amount.strip()
    if not _MONEY_SAFE.fullmatch(amount):
        amount = _cell(amount)
    description = _cell(doc.impact.financial_description)
    return _or(" / ".join(part for part in (amount, description) if part))


def _impact(doc: PostMortem) -> Blocks:
    im = doc.impact
    rows = [
        ["Trading Downtime", _count(im.trading_downtime_minutes, "minute")],
        ["Missed Trades", _count(im.missed_trades, "trade")],
        ["Erroneous Trades", _count(im.erroneous_trades, "trade")],
        ["Financial Impact", _financial(doc)],
        ["Users/Systems Affected", _or(_cell(im.users_affected))],
        ["Data Loss", _or(_cell(im.data_loss))],
    ]
    return [
        _heading(2, "Impact"),
        _heading(3, "Quantitative Impact"),
        _table(["Metric", "Value"], rows),
        _heading(3, "Qualitative Impact"),
        _bullets(im.qualitative),
    ]


def _event(row: TimelineEvent) -> str:
    event = _cell(row.event)
    if not event and row.milestone is not None:
        return f"*{row.milestone.label}: not recorded yet.*"
    return _or(event)


def _timeline(doc: PostMortem) -> Blocks:
    rows = []
    for row in doc.sorted_timeline():
        time = format_hhmm(row.time)
        if row.time is not None and doc.is_next_day(row.time):
            time += f" {NEXT_DAY}"
        rows.append([time, _event(row), _cell(row.actor)])
    return [
        _heading(2, "Timeline (All Times in COT - Colombia Time)"),
        _table(["Time", "Event", "Actor"], rows),
    ]


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


def _bold_title(text: str) -> str:
    """Text for a bold item title, `**title**`: the spans typed in it must still pair as
    typed beside the `**` around it (strong inside bold aside), or it is all text."""
    title = _one_line(text)
    if might_have_markup(title):
        bold = skeleton(f"**{title}**")
        if not _all_bold(bold) or _without_strong(bold) != _without_strong(skeleton(title)):
            return _escape(" ".join(line.strip() for line in _lines(text) if line.strip()))
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


def _numbered(title: str, number: int, subitems: Sequence[tuple[str, str]]) -> str:
    """`1. **title**` (`title` from `_bold_title`) with `- label text` sub-items indented under
    the title (3 spaces for `1. `, 4 for `10. `), their continuation lines under their text."""
    marker = f"{number}. "
    pad = " " * len(marker)
    lines = [f"{marker}**{title}**"]
    for label, text in subitems:
        body = _item_text(text, len(pad) + 2)
        lines.append(f"{pad}- {label}{body or NOT_YET}")
    return "\n".join(lines)


def _whys(doc: PostMortem) -> str:
    items: list[str] = []
    for why in doc.root_cause.whys:
        question = _bold_title(why.question)
        because = why.because.strip()
        if not question and not _text_lines(because):
            continue
        # The template writes "Because ..."; the author may have typed it already.
        label = "Because " if _text_lines(because) else ""
        if re.match(r"because\b", because, re.IGNORECASE):
            label, because = "", "B" + because[1:]
        items.append(_numbered(question or "Why?", len(items) + 1, [(label, because)]))
    return "\n\n".join(items) if items else NOT_YET


def _root_cause(doc: PostMortem) -> Blocks:
    rc = doc.root_cause
    blocks = [
        _heading(2, "Root Cause Analysis"),
        _heading(3, "What Happened?"),
        _paragraphs(rc.what_happened),
    ]
    if _code_text(rc.snippet):
        blocks.append(_code(rc.snippet, rc.snippet_language))
    return [
        *blocks,
        _heading(3, "Why Did It Happen?"),
        _paragraphs(rc.why_it_happened),
        "**5 Whys Analysis:**",
        _whys(doc),
        _heading(3, "Why Wasn't It Caught Earlier?"),
        _bullets(rc.gaps),
    ]


def _factors(doc: PostMortem) -> Blocks:
    items: list[str] = []
    for f in doc.factors:
        if not any(_text_lines(t) for t in (f.title, f.description, f.contribution)):
            continue
        title = _bold_title(f.title) or "Untitled factor"
        subitems = [("Description: ", f.description), ("Contribution: ", f.contribution)]
        items.append(_numbered(title, len(items) + 1, subitems))
    return [
        _heading(2, "Contributing Factors"),
        FACTORS_INTRO,
        "\n\n".join(items) if items else NOT_YET,
    ]


def _resolution(doc: PostMortem) -> Blocks:
    res = doc.resolution
    commands = _code_text(res.commands)
    return [
        _heading(2, "Resolution"),
        _heading(3, "Immediate Fix"),
        _paragraphs(res.immediate_fix),
        _fence("# Commands or steps taken\n" + commands, "bash") if commands else NO_COMMANDS,
        _heading(3, "Verification"),
        _bullets(res.verification),
    ]


def _action_cell(item: ActionItem) -> str:
    action = _or(_cell(item.action))
    return f"{action} ({item.category.value})" if item.category else action


def _actions(doc: PostMortem) -> Blocks:
    rows = [
        [
            str(a.id),
            _action_cell(a),
            _cell(a.owner),
            a.priority.value if a.priority else "",
            _date(a.due),
            a.status.value,
        ]
        for a in doc.actions
    ]
    categories = "\n".join(f"- **{c.value}**: {c.meaning}" for c in Category)
    return [
        _heading(2, "Action Items"),
        _table(["ID", "Action", "Owner", "Priority", "Due Date", "Status"], rows),
        _heading(3, "Action Item Categories"),
        categories,
    ]


def _lessons(doc: PostMortem) -> Blocks:
    ll = doc.lessons
    return [
        _heading(2, "Lessons Learned"),
        _heading(3, "What Went Well"),
        _bullets(ll.went_well),
        _heading(3, "What Could Be Improved"),
        _bullets(ll.could_improve),
        _heading(3, "What We Will Do Differently"),
        _bullets(ll.do_differently),
    ]


def _link(label: str, target: str) -> str:
    label_text = _one_line(label, block_start=True)
    target_text = _one_line(target, block_start=not label_text) or NOT_YET
    return f"- {label_text}: {target_text}" if label_text else f"- {target_text}"


def _config_change(doc: PostMortem) -> str:
    ap = doc.appendix
    before, after = _code_text(ap.config_before), _code_text(ap.config_after)
    if not before and not after:
        return NONE
    body = f"# Before\n{before or '# (none)'}\n\n# After\n{after or '# (none)'}"
    return _fence(body, ap.config_language)


def _appendix(doc: PostMortem) -> Blocks:
    ap = doc.appendix
    links = [_link(link.label, link.target) for link in ap.metrics_links
             if _text_lines(link.label) or _text_lines(link.target)]
    metrics = [_paragraphs(ap.metrics_note)] if _text_lines(ap.metrics_note) else []
    related = [
        [r.incident_id, _date(r.date), _cell(r.similarity)] for r in ap.related
    ]
    return [
        _heading(2, "Appendix"),
        _heading(3, "A. Relevant Logs"),
        _code(ap.logs, "text"),
        _heading(3, "B. Metrics and Graphs"),
        *metrics,
        "\n".join(links) if links else NONE,
        _heading(3, "C. Configuration Changes"),
        _config_change(doc),
        _heading(3, "D. Related Incidents"),
        _table(["Incident ID", "Date", "Similarity"], related),
        _heading(3, "E. External References"),
        _bullets(ap.references, empty=NONE),
    ]


def _approved(value: bool | None) -> str:
    return "Pending" if value is None else ("Yes" if value else "No")


def _signoff(doc: PostMortem) -> Blocks:
    so = doc.signoff
    author = [
        ["Name", _or(_cell(so.author.name))],
        ["Role", _or(_cell(so.author.role))],
        ["Date Written", _date(so.author.date_written) or NOT_YET],
    ]
    reviewers = [
        [_cell(r.name), _cell(r.role), _date(r.date_reviewed), _approved(r.approved)]
        for r in so.reviewers
    ]
    follow_ups = [[_date(f.date), _cell(f.review_type), _cell(f.owner)] for f in so.follow_ups]
    return [
        _heading(2, "Sign-off"),
        _heading(3, "Post-Mortem Author"),
        _table(["Field", "Value"], author),
        _heading(3, "Reviewers"),
        _table(["Name", "Role", "Date Reviewed", "Approved"], reviewers),
        _heading(3, "Follow-up Schedule"),
        _table(["Date", "Review Type", "Owner"], follow_ups),
    ]


def _history(doc: PostMortem) -> Blocks:
    rows = [[h.version, _date(h.date), _cell(h.author), _cell(h.changes)] for h in doc.history]
    return [
        _heading(2, "Document History"),
        _table(["Version", "Date", "Author", "Changes"], rows),
    ]


_SECTIONS: dict[str, Callable[[PostMortem], Blocks]] = {
    "header": _header,
    "summary": _summary,
    "impact": _impact,
    "timeline": _timeline,
    "root_cause": _root_cause,
    "factors": _factors,
    "resolution": _resolution,
    "actions": _actions,
    "lessons": _lessons,
    "appendix": _appendix,
    "signoff": _signoff,
    "history": _history,
}
assert tuple(_SECTIONS) == SECTION_KEYS, "export sections out of step with sections.SECTIONS"


def section_markdown(doc: PostMortem, key: str) -> str:
    """One section's Markdown (a key of `sections.SECTION_KEYS`), for a live preview."""
    try:
        render = _SECTIONS[key]
    except KeyError:
        raise KeyError(f"no such section: {key!r}") from None
    return "\n\n".join(render(doc)) + "\n"


def to_markdown(doc: PostMortem) -> str:
    """The whole post-mortem as the template's Markdown, ending with the blameless footer."""
    sections = ["\n\n".join(render(doc)) for render in _SECTIONS.values()]
    return f"\n\n{SEPARATOR}\n\n".join([*sections, FOOTER]) + "\n"
