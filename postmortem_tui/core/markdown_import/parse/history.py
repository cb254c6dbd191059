"""Document history: the Version / Date / Author / Changes table (the blameless footer after
it is the template's own)."""

from __future__ import annotations

from ...model import HistoryEntry
from .. import values
from ..reader import Part
from .common import (
    NONE,
    Context,
    block_text,
    cell,
    is_marker,
    table_rows,
    text_cell,
    title_key,
    value_cell,
    with_extra,
    wordings,
)

FOOTER_START = "This post-mortem follows the blameless incident analysis methodology"
_COLUMNS = {
    "version": wordings("Version", "Rev", "Revision", "V"),
    "date": wordings("Date", "When"),
    "author": wordings("Author", "Who", "By", "Editor"),
    "changes": wordings("Changes", "Change", "Description", "What changed", "Notes"),
}


def _version(text: str, previous: list[HistoryEntry]) -> tuple[str, bool]:
    """The version as written (`v0.2` -> `0.2`), or the next one and False if unreadable."""
    t = text.strip()
    t = t[1:].strip() if t[:1] in ("v", "V") and t[1:2].isdigit() else t
    try:
        return HistoryEntry(version=t).version, True
    except ValueError:
        pass
    last = previous[-1].version if previous else "0.0"
    major, _, minor = last.partition(".")
    return f"{major}.{int(minor.split('.')[0] or 0) + 1}", False


def parse(part: Part, ctx: Context) -> None:
    entries: list[HistoryEntry] = []
    footer = title_key(FOOTER_START)
    for block in [*part.blocks, *(b for sub in part.subsections for b in sub.blocks)]:
        if block.kind == "table":
            for row in table_rows(block, ctx, _COLUMNS, "Document history"):
                written = cell(row, "version")
                version, readable = _version(written, entries)
                if not readable:
                    ctx.report.add(row.line, "value", f"version {written!r} is not like 0.1 or "
                                   f"1.0: numbered {version}")
                entries.append(HistoryEntry(
                    version=version,
                    date=value_cell(row, "date", ctx, "History date", values.date),
                    author=text_cell(row, "author", ctx, "History author"),
                    changes=with_extra(text_cell(row, "changes", ctx, "Changes"), row),
                ))
        elif block.kind == "paragraph" and title_key(block.text).startswith(footer):
            continue
        elif not is_marker(block, NONE):
            ctx.keep(block.line, "text after the document history", block_text(block))
    ctx.doc.history = entries
