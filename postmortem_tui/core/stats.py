"""Trends across incidents: what `postmortem stats` and the wizard's Trends screen show.

Each draft is reduced to its `Facts` (date, severity, status, impact, the four key metrics, its
action items' states and due dates), which `stats_cache` keeps per draft file, so a folder of a
thousand drafts is read once. `aggregate` then works out, for the incidents a filter keeps:

- counts by month (of the incident date) and severity;
- trading downtime and missed trades, summed;
- median and p90 of TTD, TTA, TTM and TTR by severity (incidents without a figure left out);
- action items open (Open or In Progress), overdue (open and due before today) and done;
- post-mortems still Draft more than `DRAFT_DEADLINE_DAYS` business days after the incident;
- drafts that cannot be read, counted and named.

Nothing in `Facts` depends on the day; what does (overdue, late) is worked out here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import PostMortem

DRAFT_DEADLINE_DAYS = 5
"""Business days (Monday to Friday) after the incident by which the post-mortem is due."""
NO_SEVERITY = "none"
"""How counts name incidents whose severity is not set."""
NO_MONTH = "undated"
"""How counts name incidents without a date."""
SEVERITIES = ("P0", "P1", "P2", "P3")
METRIC_KEYS = ("ttd", "tta", "ttm", "ttr")
"""`metrics.DEFINITIONS`' keys, in order (a test holds them equal)."""
DRAFT_STATUS = "Draft"
"""`model.Status.DRAFT`'s value."""


@dataclass(frozen=True)
class Facts:
    """What the trends need of one draft; everything but `path` and `error` is None (or
    empty) for a draft that cannot be read."""

    path: Path
    incident_id: str | None = None
    date: dt.date | None = None
    severity: str | None = None
    status: str | None = None
    downtime_minutes: int | None = None
    missed_trades: int | None = None
    ttd: int | None = None
    tta: int | None = None
    ttm: int | None = None
    ttr: int | None = None
    actions_done: int = 0
    open_due: tuple[dt.date | None, ...] = ()
    """The due date of each action item not done (None: no due date)."""
    error: str | None = None

    def figure(self, key: str) -> int | None:
        value: int | None = getattr(self, key)
        return value


def facts_of(doc: PostMortem, path: Path) -> Facts:
    """The facts of a readable draft."""
    from .metrics import metrics
    from .model import ActionStatus

    h = doc.header
    figures = {f.definition.key: f.minutes for f in metrics(doc).figures}
    done = sum(1 for a in doc.actions if a.status is ActionStatus.DONE)
    return Facts(
        path=path,
        incident_id=h.incident_id or path.stem,
        date=h.date,
        severity=h.severity.value if h.severity else None,
        status=h.status.value,
        downtime_minutes=doc.impact.trading_downtime_minutes,
        missed_trades=doc.impact.missed_trades,
        ttd=figures["ttd"],
        tta=figures["tta"],
        ttm=figures["ttm"],
        ttr=figures["ttr"],
        actions_done=done,
        open_due=tuple(a.due for a in doc.actions if a.status is not ActionStatus.DONE),
    )


# --- cache rows -------------------------------------------------------------------------------

_INTS = ("downtime_minutes", "missed_trades", *METRIC_KEYS)
_STRS = ("incident_id", "severity", "status")


def to_row(facts: Facts) -> dict[str, Any]:
    """The facts of a readable draft as JSON data (the path is the cache's key)."""
    row: dict[str, Any] = {name: getattr(facts, name) for name in (*_STRS, *_INTS)}
    row["date"] = facts.date.isoformat() if facts.date else None
    row["actions_done"] = facts.actions_done
    row["open_due"] = [d.isoformat() if d else None for d in facts.open_due]
    return row


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a date")
    return dt.date.fromisoformat(value)


def from_row(row: object, path: Path) -> Facts:
    """The facts `to_row` gave; ValueError for anything else."""
    if not isinstance(row, dict) or set(row) != {*_STRS, *_INTS, "date", "actions_done",
                                                 "open_due"}:
        raise ValueError("not a stats row")
    values: dict[str, Any] = {}
    for name in _STRS:
        if row[name] is not None and type(row[name]) is not str:
            raise ValueError(f"stats row: {name} is not a string")
        values[name] = row[name]
    for name in (*_INTS, "actions_done"):
        if row[name] is not None and type(row[name]) is not int:
            raise ValueError(f"stats row: {name} is not a number")
        values[name] = row[name]
    if values["actions_done"] is None or not isinstance(row["open_due"], list):
        raise ValueError("stats row: bad action items")
    return Facts(path=path, date=_date(row["date"]),
                 open_due=tuple(_date(d) for d in row["open_due"]), **values)


# --- aggregation ------------------------------------------------------------------------------


def business_days_after(start: dt.date, end: dt.date) -> int:
    """Weekdays after `start` up to and including `end` (0 when `end` is not later)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    return count


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th quantile (0..1) of `values`, interpolated linearly between the two nearest
    (the "inclusive" method: the median of 1, 2 is 1.5, the p90 of one value is that value)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    at = (len(ordered) - 1) * q
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


@dataclass(frozen=True)
class Spread:
    """Median and p90 of one metric over some incidents (`count` had a figure)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class LateDraft:
    incident_id: str
    date: dt.date
    business_days: int


@dataclass
class Stats:
    """Trends over the incidents a filter kept."""

    incidents: int = 0
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)
    """Month (`2025-03`, or `undated`) -> severity (or `none`) -> incidents, months in order."""
    by_severity: dict[str, int] = field(default_factory=dict)
    downtime_minutes: int = 0
    missed_trades: int = 0
    response: dict[str, dict[str, Spread]] = field(default_factory=dict)
    """Severity -> metric key (`ttd`...) -> spread."""
    actions_open: int = 0
    actions_overdue: int = 0
    actions_done: int = 0
    late_drafts: list[LateDraft] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """JSON data for dashboards."""
        def spread(s: Spread) -> dict[str, Any]:
            return {"count": s.count, "median": _number(s.median), "p90": _number(s.p90)}

        return {
            "incidents": self.incidents,
            "by_month": self.by_month,
            "by_severity": self.by_severity,
            "trading_downtime_minutes": self.downtime_minutes,
            "missed_trades": self.missed_trades,
            "response_minutes": {
                sev: {key: spread(s) for key, s in per.items()}
                for sev, per in self.response.items()
            },
            "action_items": {"open": self.actions_open, "overdue": self.actions_overdue,
                             "done": self.actions_done},
            "late_drafts": [
                {"id": d.incident_id, "date": d.date.isoformat(), "business_days": d.business_days}
                for d in self.late_drafts
            ],
            "unreadable": [{"path": str(p), "error": e} for p, e in self.unreadable],
        }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _severity_order(name: str) -> tuple[int, str]:
    return (SEVERITIES.index(name) if name in SEVERITIES else len(SEVERITIES), name)


@dataclass(frozen=True)
class Filter:
    since: dt.date | None = None
    until: dt.date | None = None
    severities: frozenset[str] = frozenset()
    """Empty: every severity."""

    def keeps(self, facts: Facts) -> bool:
        if self.severities and (facts.severity or NO_SEVERITY) not in self.severities:
            return False
        if self.since is None and self.until is None:
            return True
        if facts.date is None:  # a date range says nothing of an undated draft
            return False
        return (self.since is None or self.since <= facts.date) and (
            self.until is None or facts.date <= self.until
        )


def aggregate(all_facts: Iterable[Facts], today: dt.date, keep: Filter | None = None) -> Stats:
    """The trends of the readable drafts `keep` keeps (all by default), as of `today` (COT);
    every unreadable draft is named, whatever the filter."""
    keep = keep or Filter()
    stats = Stats()
    figures: dict[str, dict[str, list[int]]] = {}
    months: dict[str, dict[str, int]] = {}
    for f in all_facts:
        if f.error is not None:
            stats.unreadable.append((f.path, f.error))
            continue
        if not keep.keeps(f):
            continue
        stats.incidents += 1
        severity = f.severity or NO_SEVERITY
        month = f"{f.date:%Y-%m}" if f.date else NO_MONTH
        per_month = months.setdefault(month, {})
        per_month[severity] = per_month.get(severity, 0) + 1
        stats.by_severity[severity] = stats.by_severity.get(severity, 0) + 1
        stats.downtime_minutes += f.downtime_minutes or 0
        stats.missed_trades += f.missed_trades or 0
        for key in METRIC_KEYS:
            value = f.figure(key)
            if value is not None:
                figures.setdefault(severity, {}).setdefault(key, []).append(value)
        stats.actions_done += f.actions_done
        stats.actions_open += len(f.open_due)
        stats.actions_overdue += sum(1 for due in f.open_due if due is not None and due < today)
        if f.status == DRAFT_STATUS and f.date is not None:
            days = business_days_after(f.date, today)
            if days > DRAFT_DEADLINE_DAYS:
                stats.late_drafts.append(LateDraft(f.incident_id or f.path.stem, f.date, days))
    stats.by_month = {m: months[m] for m in sorted(months, key=lambda m: (m == NO_MONTH, m))}
    stats.by_severity = dict(sorted(stats.by_severity.items(),
                                    key=lambda kv: _severity_order(kv[0])))
    for severity in stats.by_severity:
        per = figures.get(severity, {})
        stats.response[severity] = {
            key: Spread(len(per.get(key, [])),
                        percentile(per[key], 0.5) if per.get(key) else None,
                        percentile(per[key], 0.9) if per.get(key) else None)
            for key in METRIC_KEYS
        }
    stats.late_drafts.sort(key=lambda d: (d.date, d.incident_id))
    stats.unreadable.sort(key=lambda u: u[0].name)
    return stats


def severities_in(stats: Stats) -> list[str]:
    """The severities the counts name, in order (P0 first, `none` last)."""
    seen = {s for per in stats.by_month.values() for s in per} | set(stats.by_severity)
    return sorted(seen, key=_severity_order)


__all__ = [
    "DRAFT_DEADLINE_DAYS", "Facts", "Filter", "LateDraft", "Spread", "Stats", "aggregate",
    "business_days_after", "facts_of", "from_row", "percentile", "severities_in", "to_row",
]
