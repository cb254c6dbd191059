"""Timeline: what happened when, in COT, from the first symptom to the incident closed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..timeutil import format_hhmm, format_minutes
from .declaration import Blocks, Section
from .template import NEXT_DAY, or_not_yet

if TYPE_CHECKING:
    from datetime import date, time

    from ..findings import Checks, Path
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem, TimelineEvent


def _row_label(row: TimelineEvent) -> str:
    from ..findings import shorten

    text = row.event.strip() or (row.milestone.label if row.milestone else "")
    return f" ({shorten(text)})" if text else ""


def _row_is_untouched(row: TimelineEvent) -> bool:
    """Blank, or exactly as a new document prefills it."""
    if row.time is not None:
        return False
    defaults = (
        ("", "")
        if row.milestone is None
        else (
            row.milestone.default_event,
            row.milestone.default_actor,
        )
    )
    return row.event.strip() in ("", defaults[0]) and row.actor.strip() in ("", defaults[1])


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import SUSPICIOUS_MINUTES, Finding

    # The model's enumerations at run time only: the declarations load before pydantic.
    from ..model import Milestone

    rows = doc.timeline
    for i, row in enumerate(rows):
        if row.time is not None and row.event.strip() and row.actor.strip():
            c.total += 3  # a whole row, as `require_all` counts it: most rows of a long timeline
            c.met += 3
            continue
        parts: list[tuple[bool, Path, str]] = [
            (row.time is not None, ("timeline", i, "time"), "time"),
            (bool(row.event.strip()), ("timeline", i, "event"), "event"),
            (bool(row.actor.strip()), ("timeline", i, "actor"), "actor"),
        ]
        # The label is only worked out for a row that lacks something: timelines can be long.
        subject = "" if all(ok for ok, _, _ in parts) else f"Timeline row {i + 1}{_row_label(row)}"
        c.require_all(subject, parts)
    present = {row.milestone for row in rows}
    for m in Milestone:
        c.require(m in present, ("timeline",), f"Timeline has no '{m.label}' row")
    offsets = doc.timeline_offsets()
    duration = doc.header.duration_minutes or 0
    limit = max(SUSPICIOUS_MINUTES, duration + 60)
    c.total += 1
    if doc.timeline_is_chronological():
        c.met += 1
    else:
        path, message = _out_of_order(doc, offsets, limit)
        c.findings.append(Finding(c.key, path, message, True))
    _next_day_rows(doc, offsets, limit, c)
    from ..metrics import order_problems

    for problem in order_problems(doc):  # a key metric would be negative
        c.block(problem.path, problem.message)
    return not all(_row_is_untouched(row) for row in rows)


def _out_of_order(doc: PostMortem, offsets: list[int | None], limit: int) -> tuple[Path, str]:
    """Where the timeline first goes back in time, said so a person can fix it."""
    start = doc.timeline_anchor()
    latest: tuple[int, int, time] | None = None
    for i, (row, offset) in enumerate(zip(doc.timeline, offsets, strict=True)):
        if offset is None or row.time is None:
            continue
        if latest is not None and offset < latest[0]:
            late, j, earlier = latest
            if start is not None and late > limit:
                # A row just before the start reads as the next day: the start is likely wrong.
                return (
                    ("timeline", j, "time"),
                    f"Timeline row {j + 1} at {format_hhmm(earlier)} is before the start time "
                    f"{format_hhmm(start)}, so it reads as the next day and the rows are out "
                    "of order; correct the start time or the row",
                )
            return (
                ("timeline", i, "time"),
                f"Timeline is out of order: row {i + 1} at {format_hhmm(row.time)} comes after "
                f"row {j + 1} at {format_hhmm(earlier)}",
            )
        latest = (offset, i, row.time)
    return ("timeline",), "Timeline rows are not in chronological order"


def _next_day_rows(doc: PostMortem, offsets: list[int | None], limit: int, c: Checks) -> None:
    start = doc.timeline_anchor()
    for i, (row, offset) in enumerate(zip(doc.timeline, offsets, strict=True)):
        if offset is not None and offset > limit and row.time is not None:
            c.weak(
                ("timeline", i, "time"),
                f"Timeline row {i + 1} at {format_hhmm(row.time)} reads as "
                f"{format_minutes(offset)} after {format_hhmm(start)} (the next day); "
                "is that right?",
            )


def _event(row: TimelineEvent, event: str) -> str:
    """The Event cell: the row's event as a cell (`event`), else what it lacks."""
    if not event and row.milestone is not None:
        return f"*{row.milestone.label}: not recorded yet.*"
    return or_not_yet(event)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    rows = []
    for row in doc.sorted_timeline():
        at = format_hhmm(row.time)
        if row.time is not None and doc.is_next_day(row.time):
            at += f" {NEXT_DAY}"
        rows.append([at, _event(row, md.cell(row.event)), md.cell(row.actor)])
    return [
        md.heading(2, "Timeline (All Times in COT - Colombia Time)"),
        md.table(["Time", "Event", "Actor"], rows),
    ]


def extras(doc: PostMortem) -> Blocks:
    """`### Key Metrics` and `### Timeline Diagram`, right after the timeline table."""
    from ..metrics_export import timeline_additions

    return timeline_additions(doc)


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.timeline import parse as read

    read(part, ctx)


SECTION = Section(
    key="timeline",
    title="Timeline",
    guidance=(
        "What happened when, in COT (Colombia time, UTC-5). Start from the nine standard "
        "milestones, from first symptom to incident closed, and add the key discoveries and "
        "actions between them."
    ),
    export=export,
    check=check,
    parse=parse,
    extras=extras,
    rows=True,
)
