"""Action items: concrete follow-ups with an owner, a priority and a due date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declaration import Blocks, Section
from .template import date_text, or_not_yet

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import ActionItem, PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    # The model's enumerations at run time only: the declarations load before pydantic.
    from ..model import ActionStatus, Category, Status

    actions = doc.actions
    c.require(bool(actions), ("actions",), "No action items")
    seen: set[int] = set()
    for i, a in enumerate(actions):
        n = a.id
        if n in seen:
            c.block(("actions", i, "id"), f"Action item ID {n} is used more than once")
        seen.add(n)
        if not (a.action.strip() or a.owner.strip() or a.priority or a.due or a.category):
            c.block(("actions", i), f"Action item {n} is empty (fill it in or remove it)")
            continue
        c.require_all(
            f"Action item {n}",
            [
                (bool(a.action.strip()), ("actions", i, "action"), "action"),
                (bool(a.owner.strip()), ("actions", i, "owner"), "owner"),
                (a.priority is not None, ("actions", i, "priority"), "priority"),
                (a.due is not None, ("actions", i, "due"), "due date"),
            ],
        )
        if a.due is not None and a.due < today and a.status is not ActionStatus.DONE:
            c.weak(
                ("actions", i, "due"),
                f"Action item {n} is overdue (due {a.due.isoformat()}, {a.status.value})",
            )
        if a.category is None:
            c.weak(("actions", i, "category"), f"Action item {n} has no category")
    categories = {a.category for a in actions if a.category is not None}
    if categories and Category.PREVENT_RECURRENCE not in categories:
        c.weak(("actions",), "No action item is to prevent recurrence")
    if doc.header.status is Status.CLOSED:
        open_items = sum(1 for a in actions if a.status is not ActionStatus.DONE)
        if open_items:
            c.weak(("actions",), f"Status is Closed but {open_items} action item(s) are not Done")
    return any(
        a.action.strip() or a.owner.strip() or a.priority or a.due or a.category for a in actions
    )


def _action_cell(item: ActionItem) -> str:
    from .. import markdown as md

    action = or_not_yet(md.cell(item.action))
    if item.category:
        action = f"{action} ({item.category.value})"
    if item.link:  # the tracker issue following it up
        action += " · " + md.link(link_label(item.link), item.link)
    return action


def link_label(url: str) -> str:
    """What a tracker link shows: the issue's key or number (`RISK-12`, `#45`), else the host."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if not segments:
        return parts.netloc or url
    last = segments[-1]
    return f"#{last}" if last.isdigit() and len(segments) > 1 else last


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md
    from ..model import Category

    rows = [
        [
            str(a.id),
            _action_cell(a),
            md.cell(a.owner),
            a.priority.value if a.priority else "",
            date_text(a.due),
            a.status.value,
        ]
        for a in doc.actions
    ]
    categories = "\n".join(f"- **{c.value}**: {c.meaning}" for c in Category)
    return [
        md.heading(2, "Action Items"),
        md.table(["ID", "Action", "Owner", "Priority", "Due Date", "Status"], rows),
        md.heading(3, "Action Item Categories"),
        categories,
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.actions import parse as read

    read(part, ctx)


SECTION = Section(
    key="actions",
    title="Action Items",
    guidance=(
        "Concrete follow-ups, each with an owner, a priority (P0-P2) and a due date, in the "
        "template's five categories: prevent recurrence, improve detection, reduce impact, "
        "process changes, training."
    ),
    export=export,
    check=check,
    parse=parse,
    rows=True,
)
