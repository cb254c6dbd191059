"""Header: the incident's title, ID, date, start and end time (COT), duration, severity, status."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..placeholders import NOT_YET
from ..timeutil import format_hhmm, format_minutes
from .declaration import Blocks, Section
from .template import NEXT_DAY, date_text

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import SUSPICIOUS_MINUTES

    h = doc.header
    c.require(bool(h.title.strip()), ("header", "title"), "Title is missing")
    c.require(bool(h.incident_id), ("header", "incident_id"), "Incident ID is missing")
    c.require(h.date is not None, ("header", "date"), "Date is missing")
    c.require(h.start_time is not None, ("header", "start_time"), "Start time is missing")
    c.require(h.end_time is not None, ("header", "end_time"), "End time is missing")
    c.require(h.severity is not None, ("header", "severity"), "Severity is missing")
    if h.date is not None:
        if h.date > today:
            c.weak(("header", "date"), f"Date {h.date.isoformat()} is in the future")
        if h.incident_id and h.incident_id[4:12] != h.date.strftime("%Y%m%d"):
            c.weak(
                ("header", "incident_id"),
                f"Incident ID {h.incident_id} does not carry the incident date "
                f"{h.date.isoformat()}",
            )
    minutes = h.duration_minutes
    if minutes == 0:
        c.weak(("header", "end_time"), "Start and end time are the same: the duration is 0m")
    elif minutes is not None and h.crosses_midnight and minutes > SUSPICIOUS_MINUTES:
        c.weak(
            ("header", "end_time"),
            f"End time {format_hhmm(h.end_time)} is before the start time "
            f"{format_hhmm(h.start_time)}, so the incident lasted {format_minutes(minutes)} "
            "(into the next day); is that right?",
        )
    return bool(
        h.title.strip() or h.incident_id or h.date or h.start_time or h.end_time or h.severity
    )


def _title(doc: PostMortem) -> str:
    from .. import markdown as md

    title = md.one_line(doc.header.title)
    # A trailing run of `#` after a space would be read as the heading's closing sequence.
    if title.endswith("#"):  # one line: the pattern compiled only for such a title
        title = re.sub(r"(?:^|(?<=\s))#+$", lambda m: "\\#" * len(m.group(0)), title)
    return md.heading(1, "Post-Mortem: " + (title or "*Untitled*"))


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


def export(doc: PostMortem) -> Blocks:
    h = doc.header
    labels = [
        ("Incident ID", h.incident_id or "*Not assigned yet.*"),
        ("Date", date_text(h.date) or NOT_YET),
        ("Duration", _duration(doc)),
        ("Severity", h.severity.value if h.severity else NOT_YET),
        ("Status", h.status.value),
    ]
    # Trailing backslashes are hard breaks: GitHub shows one label a line, as the template reads.
    lines = "\\\n".join(f"**{label}**: {value}" for label, value in labels)
    return [_title(doc), lines]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.header import parse as read

    read(part, ctx)


SECTION = Section(
    key="header",
    title="Header",
    guidance=(
        "The incident's title, ID, date, start and end time (COT) and severity. "
        "A good title names the system and the symptom: \"Quote feed stalled on the FX "
        "gateway\". The duration is computed from start and end; an end earlier than the "
        "start is the next day."
    ),
    export=export,
    check=check,
    parse=parse,
)
