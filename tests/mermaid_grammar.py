"""A grammar-level check of Mermaid `gantt` source, independent of the writer (core/mermaid.py).

What Mermaid 11 does with a gantt block, for the statements the writer uses:

1. `encodeEntities` (mermaidAPI): every `#word;` (JavaScript's `\\w`: ASCII letters, digits,
   `_`) becomes a placeholder of letters that no rule below treats specially; the drawn SVG shows
   `&#N;` for it, so the reader sees the character with code point N.
2. The gantt lexer (jison, first matching rule wins), its INITIAL state's rules in order, copied
   from mermaid 11.17's compiled grammar (ganttDiagram chunk): directives, accessibility
   statements, comments, `href`/`call`/`click` (interactions: other lexer states), keywords,
   dates, `title`, `section`, task text `[^:\\n]+`, task data `:[^#\\n;]+`.
3. The grammar: `gantt`, then lines, each a keyword statement or `taskTxt taskData`.

`check` refuses anything else: a comment, a directive, an interaction, an INVALID character,
a task name without its data, or a statement the writer does not use. `tasks` gives each task's
name as the chart shows it and its data. tests/test_mermaid.py also runs a real Mermaid parser
over the same blocks when one is installed (see there).
"""

from __future__ import annotations

import re

_PLACEHOLDER = "\ufb02\u00b0\u00b0"  # what Mermaid puts for `#` of a numeric entity code
_PLACEHOLDER_END = "\u00b6\u00df"

# (token, pattern) in the lexer's order; None as token: skipped (white space).
_RULES: list[tuple[str | None, re.Pattern[str]]] = [
    (t, re.compile(p, re.IGNORECASE))
    for t, p in [
        ("open_directive", r"%%\{"),
        ("acc_title", r"accTitle\s*:\s*"),
        ("acc_descr", r"accDescr\s*:\s*"),
        ("acc_descr_multiline", r"accDescr\s*\{\s*"),
        ("comment", r"%%(?!\{)*[^\n]*"),
        ("comment", r"[^\}]%%*[^\n]*"),
        ("comment", r"%%*[^\n]*[\n]*"),
        ("NL", r"[\n]+"),
        (None, r"\s+"),
        ("comment", r"%[^\n]*"),
        ("href", r'href[\s]+["]'),
        ("call", r"call[\s]+"),
        ("click", r"click[\s]+"),
        ("gantt", r"gantt\b"),
        ("dateFormat", r"dateFormat\s[^#\n;]+"),
        ("inclusiveEndDates", r"inclusiveEndDates\b"),
        ("topAxis", r"topAxis\b"),
        ("axisFormat", r"axisFormat\s[^#\n;]+"),
        ("tickInterval", r"tickInterval\s[^#\n;]+"),
        ("includes", r"includes\s[^#\n;]+"),
        ("excludes", r"excludes\s[^#\n;]+"),
        ("todayMarker", r"todayMarker\s[^\n;]+"),
        *[("weekday", rf"weekday\s+{d}\b") for d in (
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")],
        ("weekend", r"weekend\s+friday\b"),
        ("weekend", r"weekend\s+saturday\b"),
        ("date", r"\d\d\d\d-\d\d-\d\d\b"),
        ("title", r"title\s[^\n]+"),
        ("accDescription", r"accDescription\s[^#\n;]+"),
        ("section", r"section\s[^\n]+"),
        ("taskTxt", r"[^:\n]+"),
        ("taskData", r":[^#\n;]+"),
        (":", r":"),
        ("INVALID", r"."),
    ]
]
# The statements the writer uses; anything else in a block is refused.
_STATEMENTS = {"dateFormat", "axisFormat", "todayMarker", "title", "section"}


class GanttError(ValueError):
    pass


def encode_entities(text: str) -> str:
    """Mermaid's `encodeEntities` for numeric and named `#...;` codes."""
    def placeholder(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        lead = _PLACEHOLDER if re.fullmatch(r"\+?\d+", inner) else _PLACEHOLDER[:2]
        return lead + inner + _PLACEHOLDER_END

    return re.sub(r"#[A-Za-z0-9_]+;", placeholder, text)


def shown(text: str) -> str:
    """A lexed name as the drawn chart shows it: numeric placeholders become their character."""
    pattern = re.escape(_PLACEHOLDER) + r"\+?(\d+)" + re.escape(_PLACEHOLDER_END)
    return re.sub(pattern, lambda m: chr(int(m.group(1))), text)


def _first_match(text: str, pos: int) -> tuple[str | None, re.Match[str]]:
    for name, pattern in _RULES:
        m = pattern.match(text, pos)
        if m and m.end() > pos:
            return name, m
    raise GanttError(f"no rule matches at {pos}")  # the INVALID rule matches all but a NL


def tokens(source: str) -> list[tuple[str, str]]:
    """The lexer's tokens of `source` after entity encoding; GanttError on a refused one."""
    text = encode_entities(source) + "\n"
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        name, m = _first_match(text, pos)
        if name in ("comment", "open_directive", "acc_title", "acc_descr",
                    "acc_descr_multiline", "href", "call", "click", "INVALID", ":"):
            raise GanttError(f"{name} at {pos}: {text[pos:pos + 40]!r}")
        if name is not None:
            out.append((name, m.group(0)))
        pos = m.end()
    return out


def tasks(source: str) -> list[tuple[str, str]]:
    """(name as shown, data) of every task; GanttError if `source` is not a gantt block the
    grammar accepts with only the writer's statements."""
    toks = tokens(source)
    if not toks or toks[0][0] != "gantt":
        raise GanttError("a gantt block starts with `gantt`")
    out: list[tuple[str, str]] = []
    i = 1
    while i < len(toks):
        name, text = toks[i]
        if name == "NL":
            i += 1
            continue
        if name in _STATEMENTS:
            if i + 1 < len(toks) and toks[i + 1][0] != "NL":
                raise GanttError(f"{name} statement followed by {toks[i + 1]}")
            i += 1
            continue
        if name == "taskTxt":
            if i + 1 >= len(toks) or toks[i + 1][0] != "taskData":
                raise GanttError(f"task {text!r} has no data")
            if i + 2 < len(toks) and toks[i + 2][0] != "NL":
                raise GanttError(f"task {text!r} followed by {toks[i + 2]}")
            out.append((shown(text.strip()), toks[i + 1][1][1:].strip()))
            i += 2
            continue
        raise GanttError(f"unexpected {name}: {text!r}")
    return out


def check(source: str) -> list[str]:
    """The problems of `source` (none: the grammar accepts it)."""
    try:
        tasks(source)
    except GanttError as exc:
        return [str(exc)]
    return []
