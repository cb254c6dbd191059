"""A Markdown document as a tree of the template's parts: title, sections, subsections, blocks.

markdown-it (CommonMark with GFM tables) reads the blocks; this module only arranges its token
stream: the `#` title, a section per `##` heading, a subsection per `###` heading, and in each
the blocks in order (paragraphs, bullet and ordered lists, tables, code blocks, HTML, quotes),
each with the line it starts on (1-based). Inline content is kept as Markdown source, as
markdown-it hands it over (a table cell without its escaped pipes' backslashes); `inline_text`
turns it back into the text that was typed. The inline parser is not run at all: the source is
what the importer needs, and skipping it halves the time on a document of big tables.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Block", "ListItem", "MdDocument", "Part", "Row", "read"]


@dataclass
class Row:
    """A table row: its cells' inline source, and how many cells its line really has (a row
    with too few cells is padded by the parser, one with too many is cut)."""

    line: int
    cells: list[str]
    source_cells: int
    extra_cells: list[str] = field(default_factory=list)  # past the header's, as written


@dataclass
class ListItem:
    line: int
    blocks: list[Block]
    number: int | None = None  # an ordered list's item number as written


@dataclass
class Block:
    """One block. `kind` is paragraph, bullets, ordered, table, code, html, quote or heading
    (a heading below `###`, or any heading inside a list or quote)."""

    kind: str
    line: int
    text: str = ""  # paragraph and heading: inline source; code: the content; html: raw
    info: str = ""  # code: the fence's info string (language first)
    level: int = 0  # heading level
    items: list[ListItem] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # table: the header row first
    blocks: list[Block] = field(default_factory=list)  # quote

    @property
    def language(self) -> str:
        return self.info.strip().split(" ", 1)[0] if self.info.strip() else ""


@dataclass
class Part:
    """A `##` section or a `###` subsection: its heading's inline source and line, its blocks
    (before any subsection), and its subsections."""

    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Part] = field(default_factory=list)
    level: int = 2


@dataclass
class MdDocument:
    title: str | None  # the `#` heading's inline source, None without one
    title_line: int
    preamble: list[Block]  # what comes before the first section (the header's labels)
    sections: list[Part]
    line_count: int


@functools.cache
def _parser() -> MarkdownIt:
    import importlib
    import types

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.disable(["inline", "text_join"])  # inline content is read from its source
    # markdown-it's own table rule, splitting rows with `escaped_split` (same cells, a
    # tenth of the time on a timeline of thousands of rows).
    table = importlib.import_module("markdown_it.rules_block.table").table
    rule = types.FunctionType(table.__code__, {**table.__globals__, "escapedSplit": escaped_split})
    md.block.ruler.at("table", rule, {"alt": ["paragraph", "reference"]})
    return md


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def escaped_split(line: str) -> list[str]:
    """markdown-it's `escapedSplit` (a `|` after a backslash is no separator, and loses the
    backslash), with `str.split` instead of a loop over every character: ~20x faster."""
    if "\\" not in line:
        return line.split("|")
    parts = line.split("|")
    result: list[str] = []
    current = ""
    for part in parts[:-1]:
        if part.endswith("\\"):
            current += part[:-1] + "|"
        else:
            result.append(current + part)
            current = ""
    result.append(current + parts[-1])
    return result


def cells_of(line: str) -> list[str]:
    """A table row's source line in cells, split as markdown-it splits them."""
    columns = escaped_split(line.strip())
    if columns and columns[0] == "":
        columns = columns[1:]
    if columns and columns[-1] == "":
        columns = columns[:-1]
    return columns


class _Reader:
    def __init__(self, tokens: list[Token], lines: list[str]) -> None:
        self.tokens = tokens
        self.lines = lines
        self.pos = 0

    def blocks_until(self, closing: str | None) -> list[Block]:
        """Blocks up to the token `closing` (consumed), or to the end when None."""
        blocks: list[Block] = []
        tokens = self.tokens
        while self.pos < len(tokens):
            token = tokens[self.pos]
            if closing is not None and token.type == closing:
                self.pos += 1
                return blocks
            block = self.block()
            if block is not None:
                blocks.append(block)
        return blocks

    def block(self) -> Block | None:
        token = self.tokens[self.pos]
        kind = token.type
        line = _line(token)
        if kind == "paragraph_open":
            text = self.tokens[self.pos + 1].content
            self.pos += 3
            return Block("paragraph", line, text=text)
        if kind == "heading_open":
            text = self.tokens[self.pos + 1].content
            self.pos += 3
            return Block("heading", line, text=text, level=int(token.tag[1:]))
        if kind in ("fence", "code_block"):
            self.pos += 1
            return Block("code", line, text=token.content, info=token.info)
        if kind == "html_block":
            self.pos += 1
            return Block("html", line, text=token.content)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token)
        if kind == "blockquote_open":
            self.pos += 1
            return Block("quote", line, blocks=self.blocks_until("blockquote_close"))
        if kind == "table_open":
            return self.table(token)
        self.pos += 1  # hr (the template's separators), closing tokens of nothing
        return None

    def list_block(self, opening: Token) -> Block:
        ordered = opening.type == "ordered_list_open"
        closing = "ordered_list_close" if ordered else "bullet_list_close"
        block = Block("ordered" if ordered else "bullets", _line(opening))
        self.pos += 1
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token.type == closing:
                self.pos += 1
                break
            if token.type != "list_item_open":
                self.pos += 1
                continue
            self.pos += 1
            number = int(token.info) if ordered and token.info.isdigit() else None
            item = ListItem(_line(token), self.blocks_until("list_item_close"), number)
            block.items.append(item)
        return block

    def table(self, opening: Token) -> Block:
        block = Block("table", _line(opening))
        tokens = self.tokens
        self.pos += 1
        cells: list[str] = []
        row_line = 0
        while self.pos < len(tokens):
            token = tokens[self.pos]
            self.pos += 1
            kind = token.type
            if kind == "table_close":
                break
            if kind == "tr_open":
                cells, row_line = [], _line(token)
            elif kind == "inline":
                cells.append(token.content)
            elif kind == "tr_close":
                source = self.lines[row_line - 1] if 0 < row_line <= len(self.lines) else ""
                written = cells_of(source)
                extra = [c.strip() for c in written[len(cells) :]]
                block.rows.append(Row(row_line, cells, len(written), extra))
        return block


def read(text: str) -> MdDocument:
    """The document's parts. Any text at all reads into a tree (maybe one with no sections)."""
    tokens = _parser().parse(text)
    # Lines as markdown-it counts them (`splitlines` would also split at form feeds).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(tokens, lines)
    title: str | None = None
    title_line = 0
    preamble: list[Block] = []
    sections: list[Part] = []
    section: Part | None = None
    target: list[Block] = preamble
    while reader.pos < len(tokens):
        token = tokens[reader.pos]
        if token.type == "heading_open" and token.tag in ("h1", "h2", "h3"):
            heading = tokens[reader.pos + 1].content
            line = _line(token)
            reader.pos += 3
            if token.tag == "h1" and title is None and not sections:
                title, title_line, target = heading, line, preamble
            elif token.tag == "h3" and section is not None:
                sub = Part(heading, line, level=3)
                section.subsections.append(sub)
                target = sub.blocks
            else:  # `##`, a later `#`, or a `###` before any section
                section = Part(heading, line, level=int(token.tag[1:]))
                sections.append(section)
                target = section.blocks
            continue
        block = reader.block()
        if block is not None:
            target.append(block)
    return MdDocument(title, title_line, preamble, sections, len(lines))
