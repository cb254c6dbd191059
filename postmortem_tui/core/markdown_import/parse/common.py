"""What the section parsers share: the import's context, block texts, markers, tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ... import markdown as md
from ...model import PostMortem
from .. import values
from ..inline_text import cell_text, line_text, paragraph_text
from ..reader import Block, ListItem, Part
from ..report import Report

T = TypeVar("T")

NOT_YET = md.NOT_YET
NONE = md.NONE
EMPTY_CELL = md.EMPTY_CELL


@dataclass
class Context:
    """One import: the document being filled in, its report, and what is kept for the
    appendix's external references (sections and blocks the template has no place for)."""

    doc: PostMortem
    report: Report
    kept: list[str] = field(default_factory=list)
    exported: bool = True
    """Whether the file looks written by the export (its header's labels as the export writes
    them): where a cell reads two ways, the export's is taken; else the looser, by hand."""

    def keep(self, line: int, what: str, text: str) -> None:
        """Keep `text` (the content of something unmapped) in the appendix's references."""
        if text.strip():
            self.kept.append(text)
            self.report.add(line, "kept", f"{what}: kept in Appendix E (External References)")


def title_key(text: str) -> str:
    """A heading or label as compared: lower case, letters, digits and single spaces."""
    words = re.findall(r"[^\W_]+", line_text(text).lower().replace("-", ""))
    return " ".join(words)


def is_marker(block: Block, *markers: str) -> bool:
    """Whether `block` is one of the export's fixed lines (`*None.*`, ...)."""
    return block.kind == "paragraph" and block.text.strip() in markers


def first_verified(
    source: str, candidates: Iterable[T], render: Callable[[T], str]
) -> T | None:
    """The first candidate the export writes as `source` again, or None."""
    for candidate in candidates:
        if render(candidate) == source:
            return candidate
    return None


# --- text of blocks -------------------------------------------------------------------------


def paragraph(block: Block) -> str:
    return paragraph_text(block.text)


def item_text(item: ListItem) -> str:
    """A list item's text: its paragraphs, and any nested list as `- ` lines."""
    return "\n".join(t for t in (block_text(b) for b in item.blocks) if t)


def block_text(block: Block) -> str:
    """Any block as plain text, for a text field or for keeping (tables as `a | b` rows)."""
    if block.kind in ("paragraph", "heading"):
        return paragraph_text(block.text)
    if block.kind in ("bullets", "ordered"):
        lines = []
        for n, item in enumerate(block.items, start=1):
            mark = f"{item.number or n}." if block.kind == "ordered" else "-"
            lines.append(f"{mark} {item_text(item)}".rstrip())
        return "\n".join(lines)
    if block.kind == "table":
        return "\n".join(
            " | ".join(cell_text(c) for c in row.cells + row.extra_cells) for row in block.rows
        )
    if block.kind == "quote":
        return "\n".join(t for t in (block_text(b) for b in block.blocks) if t)
    return block.text.rstrip("\n")  # code, html


def part_text(part: Part) -> str:
    """A whole (sub)section as text: its heading, then its blocks and subsections."""
    lines = [line_text(part.title)]
    lines += [t for t in (block_text(b) for b in part.blocks) if t]
    for sub in part.subsections:
        lines.append(part_text(sub))
    return "\n".join(lines)


def free_text(text: str, line: int, ctx: Context, field_name: str) -> str:
    """Typed text, except the template's placeholder left in (reported): empty."""
    if values.is_placeholder(text):
        ctx.report.placeholder(line, text, field_name)
        return ""
    left = values.placeholders_in(text)
    if left:
        ctx.report.add(line, "placeholder", f"{field_name} still holds the template's "
                       f"{', '.join(left[:3])}: kept as written")
    return text


def paragraphs_of(
    blocks: Sequence[Block], ctx: Context, field_name: str, *, empty: str | None = NOT_YET
) -> str:
    """The text of paragraphs (blank lines between), placeholders left out; the export's line
    for an empty text (`empty`, `Not recorded yet`) alone is no text."""
    if empty is not None and len(blocks) == 1 and is_marker(blocks[0], empty):
        return ""
    texts = []
    for block in blocks:
        text = free_text(block_text(block), block.line, ctx, field_name)
        if text:
            texts.append(text)
    return "\n\n".join(texts)


def bullet_items(block: Block, ctx: Context, field_name: str) -> list[str]:
    """A list's items as texts (placeholders reported and left out)."""
    items = []
    for item in block.items:
        text = free_text(item_text(item), item.line, ctx, field_name)
        if text:
            items.append(text)
    return items


def list_field(blocks: Sequence[Block], ctx: Context, field_name: str) -> list[str]:
    """The items of a section's lists; a paragraph (other than the export's fixed lines)
    becomes an item too, so nothing written is lost."""
    items: list[str] = []
    for block in blocks:
        if block.kind in ("bullets", "ordered"):
            items += bullet_items(block, ctx, field_name)
        elif not is_marker(block, NOT_YET, NONE):
            text = free_text(block_text(block), block.line, ctx, field_name)
            if text:
                items.append(text)
    return items


def code_of(block: Block) -> str:
    """A code block's content as the model holds it: no final newline."""
    text = block.text
    return text[:-1] if text.endswith("\n") else text


def without_placeholder_lines(code: str, line: int, ctx: Context, field_name: str) -> str:
    """A code block's text without the template's placeholder lines (`{command 1}`)."""
    if "{" not in code:
        return code
    kept = []
    for n, text in enumerate(code.split("\n")):
        if values.is_placeholder(text):
            ctx.report.placeholder(line + 1 + n, text, field_name)
        else:
            kept.append(text)
    return "\n".join(kept)


# --- subsections ----------------------------------------------------------------------------


def subsections(
    part: Part, ctx: Context, known: dict[str, tuple[str, ...]]
) -> dict[str, list[Block]]:
    """The blocks of each known subsection (by key, from its heading's wordings); blocks
    before any subsection under the key ""; an unknown subsection is kept."""
    found: dict[str, list[Block]] = {"": list(part.blocks)}
    for sub in part.subsections:
        key = subsection_key(sub.title, known)
        if key is None or key in found:
            ctx.keep(sub.line, f"subsection {line_text(sub.title)!r} is not in the template",
                     part_text(sub))
            continue
        found[key] = list(sub.blocks)
    return found


def subsection_key(title: str, known: dict[str, tuple[str, ...]]) -> str | None:
    words = title_key(title)
    words = re.sub(r"^[a-e] ", "", words)  # the appendix's `A.` to `E.`
    for key, wordings in known.items():
        if words in wordings:
            return key
    return None


# --- tables ---------------------------------------------------------------------------------


@dataclass
class TableRow:
    """A table row's cells (source) by column key, with what had no column."""

    line: int
    cells: dict[str, str]
    extra: list[str]


def table_rows(
    block: Block, ctx: Context, columns: dict[str, tuple[str, ...]], what: str
) -> list[TableRow]:
    """A table's rows by column (columns found by their header's wording, else by position);
    a row with the wrong number of cells is reported, its extra cells kept aside."""
    if not block.rows:
        return []
    header = [title_key(c) for c in block.rows[0].cells]
    keys: list[str | None] = []
    for name in header:
        keys.append(next((k for k, words in columns.items() if name in words), None))
    if not any(keys):  # no header this reader knows: the template's order
        keys = [*columns][: len(header)] + [None] * (len(header) - len(columns))
    width = len(header)
    rows = []
    for row in block.rows[1:]:
        if row.source_cells != width:
            ctx.report.add(
                row.line, "cells",
                f"{what} row has {row.source_cells} cells, the table has {width}"
                + ("; the extra cells are kept in the row" if row.source_cells > width else ""),
            )
        cells: dict[str, str] = {}
        extra: list[str] = []
        for key, name, source in zip(keys, block.rows[0].cells, row.cells, strict=False):
            if key is None:
                if source.strip() and source.strip() != EMPTY_CELL:
                    extra.append(f"{line_text(name)}: {cell_text(source)}")
            else:
                cells[key] = source
        extra += [cell_text(c) for c in row.extra_cells if c]
        rows.append(TableRow(row.line, cells, extra))
    return rows


def cell(row: TableRow, key: str, empty: str = EMPTY_CELL) -> str:
    """A cell's text; `empty` is how the export writes the cell empty (a dash, or `Not
    recorded yet` for a cell the template wants filled in: there a dash is text)."""
    source = row.cells.get(key, "").strip()
    return "" if source == empty else cell_text(source)


def value_cell(
    row: TableRow, key: str, ctx: Context, field_name: str, parse: Callable[[str], T]
) -> T | None:
    """A cell read with a value parser; a placeholder or a bad value is reported: None."""
    text = cell(row, key)
    return parse_value(text, row.line, ctx, field_name, parse)


def parse_value(
    text: str, line: int, ctx: Context, field_name: str, parse: Callable[[str], T]
) -> T | None:
    """A value read with a value parser; empty, the export's lines for no value (a dash,
    `Not recorded yet`) and placeholders are None, a bad value is reported: None too."""
    if text.strip() in ("", NOT_YET, EMPTY_CELL):
        return None
    if values.placeholders_in(text) or values.is_placeholder(text):
        ctx.report.placeholder(line, text, field_name)
        return None
    try:
        return parse(text)
    except ValueError as exc:
        ctx.report.add(line, "value", f"{field_name}: {exc}; left empty")
        return None


def text_cell(
    row: TableRow, key: str, ctx: Context, field_name: str, empty: str = EMPTY_CELL
) -> str:
    return free_text(cell(row, key, empty), row.line, ctx, field_name)


def with_extra(text: str, row: TableRow) -> str:
    """`text` with the row's cells that have no column of their own after it."""
    return "\n".join([t for t in (text, *row.extra) if t])


def wordings(*titles: str) -> tuple[str, ...]:
    """Headings or labels as `title_key` compares them."""
    return tuple(title_key(t) for t in titles)
