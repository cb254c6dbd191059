"""What `list` and the home screen show of a draft, in a form the drafts folder can cache.

A summary costs a read, a validation and an assessment of the draft (a second for a folder of a
thousand drafts), so `summary_cache` keeps the summaries in one hidden file of the drafts folder and
computes them again only for the files that changed. This module computes them and turns them
into the cache's rows and back; `summary_cache` does the file.

The assessment compares some of the document's dates with today (a future incident date, an
overdue action item), so a summary also says on which days it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from .. import __version__
from .model import SCHEMA_VERSION, PostMortem
from .record import Record

FORMAT = 1
"""Bump when what a summary holds, or how it is computed, changes: older caches are ignored."""


@dataclass(frozen=True)
class Summary:
    """One draft as listings show it; everything but `error` is None for a draft that cannot be
    read."""

    title: str | None = None
    date: str | None = None
    severity: str | None = None
    status: str | None = None
    percent_complete: int | None = None
    ready: bool | None = None
    missing: int | None = None
    weak: int | None = None
    error: str | None = None
    # The days (COT) on which the summary holds; None is unbounded.
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def to_row(self) -> dict[str, Any]:
        """The summary as JSON data."""
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in _DAYS:
            if row[name] is not None:
                row[name] = row[name].isoformat()
        return row

    @classmethod
    def from_row(cls, row: object) -> Summary:
        """The summary `to_row` gave; ValueError if `row` is anything else."""
        if not isinstance(row, dict) or set(row) != set(_ROW_TYPES):
            raise ValueError("not a summary row")
        values: dict[str, Any] = {}
        for name, kind in _ROW_TYPES.items():
            value = row[name]
            if value is not None and type(value) is not kind:
                raise ValueError(f"summary row: {name} is not a {kind.__name__}")
            if name in _DAYS and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            values[name] = value
        return cls(**values)


_DAYS = ("valid_from", "valid_until")
_ROW_TYPES: dict[str, type] = {
    "title": str,
    "date": str,
    "severity": str,
    "status": str,
    "percent_complete": int,
    "ready": bool,
    "missing": int,
    "weak": int,
    "error": str,
    "valid_from": str,
    "valid_until": str,
}


def summarize(doc: PostMortem, today: dt.date) -> Summary:
    """The summary of a readable draft, assessed as of `today` (COT)."""
    from .completeness import assess_with_percent

    reports, percent = assess_with_percent(doc, today)
    findings = [f for report in reports for f in report.findings]
    missing = sum(1 for f in findings if f.blocking)
    header = doc.header
    valid_from, valid_until = _days_unchanged(doc, today)
    return Summary(
        title=header.title,
        date=header.date.isoformat() if header.date else None,
        severity=header.severity.value if header.severity else None,
        status=header.status.value,
        percent_complete=percent,
        ready=missing == 0,
        missing=missing,
        weak=len(findings) - missing,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def unreadable(error: str) -> Summary:
    """The summary of a draft that cannot be read."""
    return Summary(error=error)


def _dates(doc: PostMortem) -> Iterator[dt.date]:
    """Every date in the document, wherever it is."""
    stack: list[Any] = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, Record):
            stack.extend(value.__dict__.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dt.datetime):
            yield value.date()
        elif isinstance(value, dt.date):
            yield value


def _days_unchanged(doc: PostMortem, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The days around `today` that compare with every date of the document as today does.

    Whatever the checks compare with today (the incident date, due dates, and any date a later
    check may look at), their answer is the same on those days, and so is the summary.
    """
    before: dt.date | None = None
    after: dt.date | None = None
    for day in _dates(doc):
        if day == today:
            return today, today
        if day < today:
            before = day if before is None else max(before, day)
        else:
            after = day if after is None else min(after, day)
    one = dt.timedelta(days=1)
    return (before + one if before else None), (after - one if after else None)


def cache_stamp() -> dict[str, Any]:
    """What a cache of summaries must have been written with to be used: this summary format,
    schema and release, and the same core code (a changed check changes the percentages)."""
    from .summary_cache import code_stamp

    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "version": __version__,
        "code": code_stamp(),
    }
