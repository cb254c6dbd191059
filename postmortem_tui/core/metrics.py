"""The incident's key metrics: time to detect, acknowledge, mitigate and recover.

Rootly's definitions, each from the first symptom (the start of impact) to one milestone of the
timeline:

- **TTD**, time to detect: alert triggered − first symptom;
- **TTA**, time to acknowledge: on-call acknowledged − first symptom;
- **TTM**, time to mitigate: mitigation applied − first symptom;
- **TTR**, time to recover: service restored − first symptom.

Minutes. Timeline times are HH:MM (COT) read as the timeline reads them (`PostMortem.offset_of`:
from the start time, up to six hours before it, else forward across midnight), so 23:50 -> 00:10
is 20 minutes. A milestone without a time gives no figure ("n/a (no alert triggered)"), never 0.
A milestone before the first symptom would give a negative figure: that is no figure either, but
a blocking finding of `check` ("milestones out of order", `order_problems`).

Pure functions of the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .model import Milestone, PostMortem
from .timeutil import format_hhmm, format_minutes

START = Milestone.FIRST_SYMPTOM
"""Every figure is measured from this milestone."""


@dataclass(frozen=True)
class Definition:
    key: str
    """`ttd`, `tta`, `ttm`, `ttr` (the JSON keys)."""
    abbreviation: str
    name: str
    milestone: Milestone
    """The figure runs from the first symptom to this milestone."""
    phase: str
    """The phase that ends at the milestone (the phase bar's and the diagram's name)."""


DEFINITIONS: tuple[Definition, ...] = (
    Definition("ttd", "TTD", "Time to Detect", Milestone.ALERT_TRIGGERED, "Detect"),
    Definition("tta", "TTA", "Time to Acknowledge", Milestone.ON_CALL_ACKNOWLEDGED, "Acknowledge"),
    Definition("ttm", "TTM", "Time to Mitigate", Milestone.MITIGATION_APPLIED, "Mitigate"),
    Definition("ttr", "TTR", "Time to Recover", Milestone.SERVICE_RESTORED, "Recover"),
)

NOT_AVAILABLE = "n/a"


def milestone_name(milestone: Milestone) -> str:
    """The milestone as a message names it: `alert triggered`, `first symptom`."""
    return milestone.label.removesuffix(" occurred").lower()


@dataclass(frozen=True)
class Figure:
    """One metric of one incident."""

    definition: Definition
    start: dt.time | None
    """The first symptom's time, if recorded."""
    end: dt.time | None
    """The milestone's time, if recorded."""
    minutes: int | None
    """None when a time is missing or the milestone comes before the first symptom."""

    @property
    def missing(self) -> Milestone | None:
        """The milestone whose time is missing (the first symptom first)."""
        if self.start is None:
            return START
        if self.end is None:
            return self.definition.milestone
        return None

    @property
    def out_of_order(self) -> bool:
        return self.missing is None and self.minutes is None

    @property
    def reason(self) -> str:
        """Why there is no figure; empty when there is one."""
        missing = self.missing
        if missing is not None:
            return f"no {milestone_name(missing)}"
        return "milestones out of order" if self.minutes is None else ""

    @property
    def text(self) -> str:
        """`1h 35m`, `0m`, `n/a (no alert triggered)`, `n/a (milestones out of order)`."""
        if self.minutes is None:
            return f"{NOT_AVAILABLE} ({self.reason})"
        return format_minutes(self.minutes)


@dataclass(frozen=True)
class Metrics:
    """The four figures of one incident, in order (TTD, TTA, TTM, TTR)."""

    figures: tuple[Figure, ...]

    def __getitem__(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.definition.key == key:
                return figure
        raise KeyError(key)

    @property
    def ttr(self) -> Figure:
        return self["ttr"]

    def phases(self) -> list[tuple[str, int]]:
        """(phase, minutes) of detect / acknowledge / mitigate / recover, as long as each phase
        can be told: a phase runs from the latest earlier milestone known to its own. A phase
        whose milestone has no figure is left out; lengths add up to the last figure known."""
        out: list[tuple[str, int]] = []
        reached = 0
        for figure in self.figures:
            if figure.minutes is None:
                continue
            length = max(0, figure.minutes - reached)
            out.append((figure.definition.phase, length))
            reached = max(reached, figure.minutes)
        return out


def _minutes(doc: PostMortem, start: dt.time, end: dt.time) -> int | None:
    """Minutes from `start` to `end` as the timeline reads them; None if `end` comes first."""
    a, b = doc.offset_of(start), doc.offset_of(end)
    if a is None or b is None:  # not reached: both times anchor the timeline
        return None
    return b - a if b >= a else None


def metrics(doc: PostMortem) -> Metrics:
    """The four figures of `doc`."""
    start = doc.milestone_time(START)
    figures = []
    for d in DEFINITIONS:
        end = doc.milestone_time(d.milestone)
        minutes = None if start is None or end is None else _minutes(doc, start, end)
        figures.append(Figure(d, start, end, minutes))
    return Metrics(tuple(figures))


@dataclass(frozen=True)
class OrderProblem:
    """A milestone timed before the first symptom: its figure would be negative."""

    path: tuple[str | int, ...]
    """Where to fix it: the milestone row's time."""
    message: str


def _row_of(doc: PostMortem, milestone: Milestone) -> int | None:
    return next(
        (i for i, row in enumerate(doc.timeline) if row.milestone is milestone and row.time),
        None,
    )


def order_problems(doc: PostMortem) -> list[OrderProblem]:
    """The milestones timed before the first symptom, for `check` (each one blocks: the
    document's key metrics cannot be told until the times are corrected)."""
    problems: list[OrderProblem] = []
    for figure in metrics(doc).figures:
        if not figure.out_of_order or figure.start is None or figure.end is None:
            continue
        d = figure.definition
        row = _row_of(doc, d.milestone)
        path: tuple[str | int, ...] = ("timeline",) if row is None else ("timeline", row, "time")
        problems.append(OrderProblem(
            path,
            f"Milestones out of order: '{d.milestone.label}' at {format_hhmm(figure.end)} comes "
            f"before '{START.label}' at {format_hhmm(figure.start)}, so {d.abbreviation} would "
            "be negative; correct either time",
        ))
    return problems


def to_record(result: Metrics) -> dict[str, dict[str, Any]]:
    """The figures as JSON data: minutes or null, with the milestones used and their times."""
    record: dict[str, dict[str, Any]] = {}
    for figure in result.figures:
        d = figure.definition
        record[d.key] = {
            "name": d.name,
            "minutes": figure.minutes,
            "text": figure.text,
            "from": {"milestone": START.value, "time": format_hhmm(figure.start) or None},
            "to": {"milestone": d.milestone.value, "time": format_hhmm(figure.end) or None},
            "reason": figure.reason or None,
        }
    return record
