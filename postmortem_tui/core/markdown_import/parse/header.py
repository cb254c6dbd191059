"""The header: the `# Post-Mortem: title` heading and the labels under it (ID, date, duration,
severity, status), as the template writes them (`**Incident ID**: ...`) or by hand
(`**Incident ID:** ...`, `Date: March 4, 2025`, a list or a two-column table of labels)."""

from __future__ import annotations

import datetime as dt

from ...model import Header, Severity, Status
from ...timeutil import format_minutes, minutes_between
from ...validators import parse_incident_id
from .. import values
from ..inline_text import cell_text, line_text
from ..reader import Block, Part
from .common import (
    NOT_YET,
    Context,
    block_text,
    free_text,
    parse_value,
    title_key,
    wordings,
)

TITLE_PREFIXES = ("post-mortem:", "postmortem:", "post mortem:", "post-mortem -", "postmortem -")
UNTITLED = "*Untitled*"
NOT_ASSIGNED = "*Not assigned yet.*"
NO_START = "*start not recorded*"
NO_END = "*end not recorded*"

_LABELS: dict[str, tuple[str, ...]] = {
    "incident_id": wordings("Incident ID", "ID", "Incident", "Incident number", "Ticket"),
    "date": wordings("Date", "Incident date", "Day"),
    "duration": wordings("Duration", "Time", "Window", "Time window"),
    "start": wordings("Start", "Start time", "Started", "Began"),
    "end": wordings("End", "End time", "Ended", "Resolved at"),
    "severity": wordings("Severity", "Sev", "Priority"),
    "status": wordings("Status", "State"),
}


def title_of(source: str) -> str:
    """The incident's title from the `#` heading's source, without `Post-Mortem:`."""
    if source.strip() == "Post-Mortem: " + UNTITLED:
        return ""
    text = line_text(source)
    for prefix in TITLE_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def split_label(source: str) -> tuple[str, str] | None:
    """`**Label**: value`, `**Label:** value`, `__Label__: value` or `Label: value` -> the
    label's words and the value's source; None for a line that is no label."""
    line = source.strip()
    for mark in ("**", "__"):
        if line.startswith(mark):
            end = line.find(mark, len(mark))
            if end > 0:
                label = line[len(mark) : end]
                rest = line[end + len(mark) :]
                return title_key(label), rest.strip().removeprefix(":").strip()
    label, colon, rest = line.partition(":")
    if colon and 0 < len(label) <= 30:
        return title_key(label), rest.strip()
    return None


def _physical(text: str, first: int) -> list[tuple[int, str]]:
    """A paragraph's source lines with their numbers, without the hard break ending them."""
    lines = []
    for n, line in enumerate(text.split("\n")):
        line = line.strip()
        if (len(line) - len(line.rstrip("\\"))) % 2:
            line = line[:-1].rstrip()
        lines.append((first + n, line))
    return lines


def _lines(blocks: list[Block]) -> list[tuple[int, str]]:
    """The label lines of the blocks under the title, each with its line number: lines of
    paragraphs and list items, and rows of a two-column table (`| Severity | P1 |`)."""
    lines: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind == "paragraph":
            lines += _physical(block.text, block.line)
        elif block.kind in ("bullets", "ordered"):
            for item in block.items:
                for sub in item.blocks:
                    if sub.kind == "paragraph":
                        lines += _physical(sub.text, sub.line)
        elif block.kind == "table":
            for n, row in enumerate(block.rows):
                words = title_key(row.cells[0]) if row.cells else ""
                if n == 0 and not any(words in w for w in _LABELS.values()):
                    continue  # `| Field | Value |`: the table's header
                if len(row.cells) >= 2:
                    lines.append((row.line, f"{row.cells[0]}: {row.cells[1]}"))
    return lines


def _first_time(text: str) -> dt.time | None:
    return values.hhmm(text)[0]


def _duration(value: str, line: int, ctx: Context, h: Header) -> None:
    src = value.strip()
    if src == NOT_YET:
        return
    start_src, sep, end_src = src.partition(" - ")
    if sep and (start_src.strip() == NO_START or end_src.strip() == NO_END):
        if start_src.strip() != NO_START:
            h.start_time = parse_value(line_text(start_src), line, ctx, "Start time", _first_time)
        if end_src.strip() != NO_END:
            h.end_time = parse_value(line_text(end_src), line, ctx, "End time", _first_time)
        return
    text = line_text(value)
    if not text:
        return
    if values.is_placeholder(text) or values.placeholders_in(text):
        ctx.report.placeholder(line, text, "Duration (start and end)")
        return
    try:
        start, end, written = values.time_range(text)
    except ValueError as exc:
        ctx.report.add(line, "value", f"Duration: {exc}; start and end left empty")
        return
    h.start_time = start or h.start_time
    h.end_time = end or h.end_time
    if not written:
        return
    try:
        minutes = values.duration_minutes(written)
    except ValueError:
        ctx.report.add(line, "value", f"Duration: {written!r} is not a duration; the duration "
                       "is computed from the start and end")
        return
    if minutes is None:
        return
    if h.start_time is not None and h.end_time is None:
        base = dt.datetime.combine(dt.date(2000, 1, 1), h.start_time)
        h.end_time = (base + dt.timedelta(minutes=minutes)).time()
        ctx.report.add(line, "value", f"End time read as {h.end_time:%H:%M}: the start plus "
                       f"the duration written ({written})")
    elif h.start_time is None:
        ctx.report.add(line, "value", f"Duration {written!r} without a start time: the "
                       "duration is computed from the start and end, which are empty")
    elif h.end_time is not None and minutes_between(h.start_time, h.end_time) != minutes % 1440:
        computed = format_minutes(minutes_between(h.start_time, h.end_time))
        ctx.report.add(
            line, "value",
            f"Duration written as {written!r}, but {h.start_time:%H:%M} to {h.end_time:%H:%M} "
            f"is {computed} (the tool computes it)",
        )


def parse(part: Part, ctx: Context) -> None:
    """The header from the title and the labels under it."""
    h = ctx.doc.header
    h.title = free_text(title_of(part.title), part.line, ctx, "Title")
    seen: set[str] = set()
    for line, source in _lines(part.blocks):
        split = split_label(source)
        key = None
        if split is not None:
            words, value = split
            key = next((k for k, w in _LABELS.items() if words in w), None)
        if split is None or key is None or key in seen:
            if source.strip():
                ctx.keep(line, f"{cell_text(source)!r} under the title is not one of the "
                         "template's labels", cell_text(source))
            continue
        seen.add(key)
        _label(key, value, line, ctx, h)
    for block in part.blocks:
        if block.kind not in ("paragraph", "bullets", "ordered", "table"):
            ctx.keep(block.line, "a block under the title", block_text(block))


def _label(key: str, value: str, line: int, ctx: Context, h: Header) -> None:
    text = line_text(value)
    if key == "incident_id":
        if value.strip() != NOT_ASSIGNED:
            h.incident_id = parse_value(text, line, ctx, "Incident ID", _incident_id) or ""
    elif key == "date":
        h.date = parse_value(text, line, ctx, "Date", values.date)
    elif key == "duration":
        _duration(value, line, ctx, h)
    elif key in ("start", "end"):
        name = "Start time" if key == "start" else "End time"
        time = parse_value(text, line, ctx, name, lambda t: values.hhmm(t)[0])
        if key == "start":
            h.start_time = time
        else:
            h.end_time = time
    elif key == "severity":
        severity: Severity | None = parse_value(text, line, ctx, "Severity", values.severity)
        h.severity = severity
    elif key == "status":
        if values.is_placeholder(text):
            ctx.report.placeholder(line, text, "Status", read_as="Draft")
            h.status = Status.DRAFT
            return
        status: Status | None = parse_value(text, line, ctx, "Status", values.status)
        h.status = status or Status.DRAFT


def _incident_id(text: str) -> str:
    words = text.strip().strip("*_`").split()
    return parse_incident_id(words[0] if words else "", "Incident ID")
