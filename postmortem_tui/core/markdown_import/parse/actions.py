"""Action items: the table (ID, action with its category in brackets, owner, priority, due
date, status) and the category legend under it."""

from __future__ import annotations

import re

from ... import markdown as md
from ...model import ActionItem, ActionStatus, Category
from .. import values
from ..inline_text import as_read, cell_text, line_text
from ..reader import Block, Part
from .common import (
    NOT_YET,
    Context,
    TableRow,
    block_text,
    first_verified,
    is_marker,
    item_text,
    subsections,
    table_rows,
    text_cell,
    value_cell,
    with_extra,
    wordings,
)

_COLUMNS = {
    "id": wordings("ID", "#", "No", "Number", "Item"),
    "action": wordings("Action", "Action item", "Task", "What", "Description"),
    "owner": wordings("Owner", "Assignee", "Who", "Responsible"),
    "priority": wordings("Priority", "Prio", "P"),
    "due": wordings("Due Date", "Due", "Deadline", "Target date", "When"),
    "status": wordings("Status", "State"),
    "category": wordings("Category", "Type", "Kind"),
}
_SUBSECTIONS = {"legend": wordings("Action Item Categories", "Categories", "Category legend")}
_CATEGORY_WORDS = {
    "prevent": Category.PREVENT_RECURRENCE, "prevention": Category.PREVENT_RECURRENCE,
    "detection": Category.IMPROVE_DETECTION, "detect": Category.IMPROVE_DETECTION,
    "monitoring": Category.IMPROVE_DETECTION, "mitigation": Category.REDUCE_IMPACT,
    "impact": Category.REDUCE_IMPACT, "process": Category.PROCESS_CHANGES,
    "documentation": Category.PROCESS_CHANGES, "training": Category.TRAINING,
    "knowledge": Category.TRAINING,
}


def category_of(text: str) -> Category:
    t = " ".join(text.strip().strip("*_()[]").lower().split())
    for c in Category:
        if c.value.lower() == t:
            return c
    for word, c in _CATEGORY_WORDS.items():
        if word in t.split():
            return c
    raise ValueError(f'expected one of {", ".join(c.value for c in Category)}, got "{text}"')


def _written(action: str, category: Category | None, link: str) -> str:
    """The action cell as the export writes it (as the table reader hands it over)."""
    from ...sections.actions import _action_cell

    try:
        item = ActionItem(action=action, category=category, link=link)
    except ValueError:
        return "\0"  # not a link the model takes: never the source
    return as_read(_action_cell(item))


def _links(src: str) -> list[tuple[str, str]]:
    """(the cell before it, the address) for a tracker link ending the cell:
    ` · [RISK-12](https://...)`; the address as written, and with the characters the export
    percent-encodes in it decoded."""
    at = src.rfind(" · [")
    end = src.rfind("](")
    if at < 0 or end < at or not src.endswith(")"):
        return []
    dest = src[end + 2 : -1]
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1]
    dest = dest.replace("\\&", "&")
    decoded = re.sub(r"%(7C|5C|60|22)", lambda m: chr(int(m.group(1), 16)), dest)
    return [(src[:at], url) for url in dict.fromkeys((dest, decoded))]


def action_fields(source: str) -> tuple[str, Category | None, str]:
    """`Fix the thing (Prevent Recurrence) · [RISK-12](https://...)` -> the action, its
    category and its tracker link; the reading the export writes as this cell again."""
    src = source.strip()
    candidates: list[tuple[str, Category | None, str]] = []
    for rest, link in [*_links(src), (src, "")]:
        for c in Category:
            suffix = f" ({c.value})"
            if rest.lower().endswith(suffix.lower()):
                head = rest[: -len(suffix)]
                candidates.append(("" if head.strip() == NOT_YET else cell_text(head), c, link))
        candidates.append(("" if rest == NOT_YET else cell_text(rest), None, link))
    found = first_verified(src, candidates, lambda c: _written(*c))
    if found is not None:
        return found
    return next((c for c in candidates if not c[2]), candidates[-1])


def _number(text: str) -> int:
    m = re.search(r"[0-9]+", text)
    if m is None or int(m.group(0)) < 1:
        raise ValueError(f'expected a number, got "{text}"')
    return int(m.group(0))


def _item(row: TableRow, ctx: Context, next_id: int) -> ActionItem:
    action, category, link = action_fields(row.cells.get("action", ""))
    if "category" in row.cells:
        category = value_cell(row, "category", ctx, "Category", category_of) or category
    ident = value_cell(row, "id", ctx, "ID", _number)
    status = value_cell(row, "status", ctx, "Status", values.action_status)
    if values.is_placeholder(action):
        ctx.report.placeholder(row.line, action, "Action")
        action = ""
    return ActionItem(
        id=ident or next_id,
        action=with_extra(action, row),
        owner=text_cell(row, "owner", ctx, "Owner"),
        priority=value_cell(row, "priority", ctx, "Priority", values.priority),
        due=value_cell(row, "due", ctx, "Due date", values.date),
        status=status or ActionStatus.OPEN,
        category=category,
        link=link,
    )


def _legend(blocks: list[Block], ctx: Context) -> None:
    """The legend is the template's; an entry it does not have is kept."""
    known = {f"**{c.value}**: {c.meaning}" for c in Category}
    for block in blocks:
        if block.kind == "bullets":
            for item in block.items:
                source = item.blocks[0].text.strip() if item.blocks else ""
                if source not in known and not _known_category(source):
                    ctx.keep(item.line, "an entry of the category legend that is not the "
                             "template's", line_text(source))
        elif not is_marker(block, NOT_YET):
            ctx.keep(block.line, "text in the category legend", block_text(block))


def _known_category(source: str) -> bool:
    name = line_text(source).partition(":")[0].strip("*_ ")
    try:
        category_of(name)
    except ValueError:
        return False
    return True


def parse(part: Part, ctx: Context) -> None:
    subs = subsections(part, ctx, _SUBSECTIONS)
    items: list[ActionItem] = []
    for block in subs[""]:
        if block.kind == "table":
            for row in table_rows(block, ctx, _COLUMNS, "Action item"):
                next_id = max((a.id for a in items), default=0) + 1
                items.append(_item(row, ctx, next_id))
        elif block.kind in ("bullets", "ordered"):
            for item in block.items:
                text = item_text(item)
                ctx.report.add(item.line, "value", "action item written as a list item: read "
                               "as its action (owner, priority and due date empty)")
                items.append(ActionItem(id=max((a.id for a in items), default=0) + 1,
                                        action=text))
        elif not is_marker(block, md.NONE, NOT_YET):
            ctx.keep(block.line, "text among the action items", block_text(block))
    ctx.doc.actions = items
    _legend(subs.get("legend", []), ctx)

