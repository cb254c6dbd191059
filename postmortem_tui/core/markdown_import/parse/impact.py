"""Impact: the quantitative table (units and thousands separators taken off the counts, the
financial impact split into amount and description) and the qualitative bullets."""

from __future__ import annotations

import re
from collections.abc import Callable

from ... import markdown as md
from ...model import Impact
from .. import values
from ..inline_text import as_read, cell_text, line_text
from ..reader import Block, Part
from .common import (
    NOT_YET,
    Context,
    TableRow,
    block_text,
    cell,
    first_verified,
    is_marker,
    list_field,
    parse_value,
    subsections,
    table_rows,
    title_key,
    wordings,
)

_SUBSECTIONS = {
    "quantitative": wordings("Quantitative Impact", "Quantitative", "Metrics", "Numbers"),
    "qualitative": wordings("Qualitative Impact", "Qualitative", "Other impact"),
}
_COLUMNS = {"metric": wordings("Metric", "Measure", "What"), "value": wordings("Value", "Impact")}
_METRICS = {
    "downtime": wordings("Trading Downtime", "Downtime", "Trading downtime minutes",
                         "Outage duration"),
    "missed": wordings("Missed Trades", "Missed orders", "Rejected orders", "Lost trades"),
    "erroneous": wordings("Erroneous Trades", "Wrong trades", "Bad trades",
                          "Incorrect trades"),
    "financial": wordings("Financial Impact", "Financial", "Cost", "Financial cost",
                          "Revenue impact", "Money"),
    "users": wordings("Users/Systems Affected", "Users affected", "Systems affected",
                      "Affected", "Users", "Affected users", "Affected systems", "Scope"),
    "data_loss": wordings("Data Loss", "Data lost"),
}


def _financial(source: str, line: int, ctx: Context, im: Impact) -> None:
    """`$41,250 / description`: the amount as typed (validated), the description as text."""
    src = source.strip()
    if src in ("", NOT_YET):
        return
    text = cell_text(src)
    if values.is_placeholder(text):
        ctx.report.placeholder(line, text, "Financial impact")
        return
    # The export writes the amount as typed, ` / `, then the description as a cell: of the
    # ways to split, the one that writes this cell again.
    candidates = []
    head, sep, tail = src.partition(" / ")
    if sep:
        candidates.append((cell_text(head), cell_text(tail)))
    candidates.append(("", text))
    found = first_verified(src, candidates, lambda c: as_read(_financial_cell(*c)))
    loose = values.money_and_description(text)
    if found is None or (not ctx.exported and not found[0] and loose[0]):
        found = loose  # `$41,250 (estimated)`, by hand
    amount, description = found
    if amount and not _valid_money(amount):
        amount, description = "", text
    if amount and values.placeholders_in(amount):
        ctx.report.placeholder(line, amount, "Financial impact amount")
        amount = ""
    im.financial_amount = amount
    im.financial_description = description


def _valid_money(text: str) -> bool:
    try:
        Impact(financial_amount=text)
    except ValueError:
        return False
    return True


# The export writes a validated amount as typed when it holds only these.
_MONEY_SAFE = re.compile(r"[\w$€£.,' -]*")


def _financial_cell(amount: str, description: str) -> str:
    if amount and not _valid_money(amount):
        return "\0"  # never the source
    shown = amount.strip()
    if not _MONEY_SAFE.fullmatch(shown):
        shown = md.cell(shown)
    return " / ".join(p for p in (shown, md.cell(description)) if p) or NOT_YET


def _metric(row: TableRow, key: str, ctx: Context, im: Impact) -> None:
    line = row.line
    if key == "downtime":
        im.trading_downtime_minutes = value_of(row, ctx, "Trading downtime",
                                               values.duration_minutes)
    elif key == "missed":
        im.missed_trades = value_of(row, ctx, "Missed trades", values.count)
    elif key == "erroneous":
        im.erroneous_trades = value_of(row, ctx, "Erroneous trades", values.count)
    elif key == "financial":
        _financial(row.cells.get("value", ""), line, ctx, im)
    elif key == "users":
        im.users_affected = _text(row, ctx, "Users/systems affected")
    elif key == "data_loss":
        im.data_loss = _text(row, ctx, "Data loss")
    if row.extra:
        ctx.report.add(line, "kept", "cells past the value: kept in the qualitative impact")
        im.qualitative = [*im.qualitative, " | ".join(row.extra)]


def value_of(
    row: TableRow, ctx: Context, name: str, parse: Callable[[str], int | None]
) -> int | None:
    return parse_value(cell(row, "value"), row.line, ctx, name, parse)


def _text(row: TableRow, ctx: Context, name: str) -> str:
    text = cell(row, "value", NOT_YET)
    if values.is_placeholder(text):
        ctx.report.placeholder(row.line, text, name)
        return ""
    return text


def _table(block: Block, ctx: Context, im: Impact) -> None:
    for row in table_rows(block, ctx, _COLUMNS, "Quantitative impact"):
        name = title_key(row.cells.get("metric", ""))
        key = next((k for k, words in _METRICS.items() if name in words), None)
        if key is None:
            metric = line_text(row.cells.get("metric", ""))
            text = ": ".join(t for t in (metric, cell(row, "value"), *row.extra) if t)
            ctx.report.add(row.line, "kept", f"metric {metric!r} is not one of the template's: "
                           "kept in the qualitative impact")
            im.qualitative = [*im.qualitative, text]
            continue
        _metric(row, key, ctx, im)


def _labelled_list(block: Block, ctx: Context, im: Impact) -> list[Block]:
    """`- Trading downtime: 95 minutes` bullets read as the metrics (a list by hand for the
    table); the items that name no metric, as blocks for the qualitative impact."""
    from .header import split_label

    rest = []
    for item in block.items:
        first = item.blocks[0] if item.blocks else None
        split = split_label(first.text) if first is not None and first.kind == "paragraph" else None
        key = next((k for k, words in _METRICS.items() if split[0] in words), None) if split \
            else None
        if split is None or key is None or len(item.blocks) > 1:
            rest.append(Block("bullets", item.line, items=[item]))
            continue
        _metric(TableRow(item.line, {"value": split[1]}, []), key, ctx, im)
    return rest


def parse(part: Part, ctx: Context) -> None:
    im = ctx.doc.impact
    subs = subsections(part, ctx, _SUBSECTIONS)
    quantitative = subs.get("quantitative", [])
    qualitative = subs.get("qualitative", [])
    if "quantitative" not in subs and "qualitative" not in subs:
        # No subsections: the table and `- Metric: value` items are the numbers.
        quantitative = [b for b in subs[""] if b.kind in ("table", "bullets")]
        qualitative = [b for b in subs[""] if b.kind not in ("table", "bullets")]
    else:
        qualitative = [*subs[""], *qualitative]
    im.qualitative = []
    for block in quantitative:
        if block.kind == "table":
            _table(block, ctx, im)
        elif block.kind == "bullets":
            qualitative = [*_labelled_list(block, ctx, im), *qualitative]
        elif not is_marker(block, NOT_YET):
            ctx.report.add(block.line, "kept", "text in the quantitative impact: kept in the "
                           "qualitative impact")
            im.qualitative = [*im.qualitative, block_text(block)]
    im.qualitative = [*im.qualitative, *list_field(qualitative, ctx, "Qualitative impact")]
