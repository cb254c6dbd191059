"""Review rules for the timeline: milestones in their natural order, no silent stretch during the
response, and a header that agrees with it.

Times are read as the timeline reads them (`PostMortem.offset_of`: from the start time, across
midnight). A milestone before the first symptom is the metrics' own finding
(`core/metrics.order_problems`: it makes TTD/TTA/TTM/TTR negative), so those pairs are left to
it here; this module checks the order of the other milestones.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from ..metrics import DEFINITIONS, START, milestone_name
from ..model import Milestone
from ..timeutil import format_hhmm, format_minutes, minutes_between
from .rules import Context, Hit, Rule

M = Milestone
NATURAL_ORDER: tuple[tuple[Milestone, Milestone], ...] = (
    (M.FIRST_SYMPTOM, M.INVESTIGATION_STARTED),
    (M.FIRST_SYMPTOM, M.KEY_DISCOVERY),
    (M.FIRST_SYMPTOM, M.ROOT_CAUSE_IDENTIFIED),
    (M.FIRST_SYMPTOM, M.INCIDENT_CLOSED),
    (M.ALERT_TRIGGERED, M.ON_CALL_ACKNOWLEDGED),
    (M.ON_CALL_ACKNOWLEDGED, M.INVESTIGATION_STARTED),
    (M.INVESTIGATION_STARTED, M.ROOT_CAUSE_IDENTIFIED),
    (M.MITIGATION_APPLIED, M.SERVICE_RESTORED),
    (M.SERVICE_RESTORED, M.INCIDENT_CLOSED),
    (M.MITIGATION_APPLIED, M.INCIDENT_CLOSED),
)
"""(earlier, later): pairs that cannot happen the other way round. The root cause may well be
found after the service is restored, so it is not ordered against mitigation."""
_BY_METRICS = frozenset((START, d.milestone) for d in DEFINITIONS)
assert not _BY_METRICS & set(NATURAL_ORDER), "metrics reports those pairs"


def _milestone_rows(ctx: Context) -> dict[Milestone, tuple[int, dt.time, int]]:
    """Each milestone's first timed row: (row index, time, minutes from the anchor)."""
    found: dict[Milestone, tuple[int, dt.time, int]] = {}
    for i, row in enumerate(ctx.doc.timeline):
        if row.milestone is None or row.time is None or row.milestone in found:
            continue
        offset = ctx.doc.offset_of(row.time)
        if offset is not None:
            found[row.milestone] = (i, row.time, offset)
    return found


def _order(ctx: Context) -> Iterator[Hit]:
    rows = _milestone_rows(ctx)
    reported: set[Milestone] = set()
    for earlier, later in NATURAL_ORDER:
        if earlier not in rows or later not in rows or later in reported:
            continue
        _, t_early, early = rows[earlier]
        i, t_late, late = rows[later]
        if late < early:
            reported.add(later)
            yield Hit(
                ("timeline", i, "time"),
                f"Milestones out of order: '{later.label}' at {format_hhmm(t_late)} comes "
                f"before '{earlier.label}' at {format_hhmm(t_early)}",
                f"the {milestone_name(later)} cannot come before the {milestone_name(earlier)}: "
                "correct either time",
            )


def _response_window(ctx: Context) -> tuple[int, int] | None:
    """From the first symptom (else the start) to service restored (else the end), as offsets."""
    doc = ctx.doc
    first = doc.milestone_time(M.FIRST_SYMPTOM) or doc.header.start_time
    last = doc.milestone_time(M.SERVICE_RESTORED) or doc.header.end_time
    if first is None or last is None:
        return None
    a, b = doc.offset_of(first), doc.offset_of(last)
    if a is None or b is None or b <= a:
        return None
    return a, b


def _gaps(ctx: Context) -> Iterator[Hit]:
    window = _response_window(ctx)
    if window is None:
        return
    start, end = window
    limit = ctx.config.max_gap_minutes
    timed = sorted(
        (offset, i, row.time)
        for i, (row, offset) in enumerate(
            zip(ctx.doc.timeline, ctx.doc.timeline_offsets(), strict=True)
        )
        if offset is not None and row.time is not None and start <= offset <= end
    )
    for (a, _, t_a), (b, i, t_b) in itertools.pairwise(timed):
        if b - a > limit:
            yield Hit(
                ("timeline", i, "time"),
                f"Timeline: no event for {format_minutes(b - a)} between {format_hhmm(t_a)} "
                f"and {format_hhmm(t_b)}, during the response",
            )


def _apart(a: dt.time, b: dt.time) -> int:
    d = minutes_between(a, b)
    return min(d, 24 * 60 - d)


def _header_follows(ctx: Context, attr: str, milestone: M, what: str, name: str) -> Iterator[Hit]:
    """The header's `attr` time (`what`) is not the milestone's (`name`), beyond the folder's
    tolerance."""
    said = getattr(ctx.doc.header, attr)
    shown = ctx.doc.milestone_time(milestone)
    if said and shown and _apart(said, shown) > ctx.config.header_tolerance_minutes:
        yield Hit(
            ("header", attr),
            f"{what} {format_hhmm(said)} is not the timeline's {name} "
            f"({format_hhmm(shown)})",
        )


def _header_start(ctx: Context) -> Iterator[Hit]:
    return _header_follows(ctx, "start_time", M.FIRST_SYMPTOM, "Start time", "first symptom")


def _header_end(ctx: Context) -> Iterator[Hit]:
    return _header_follows(ctx, "end_time", M.SERVICE_RESTORED, "End time", "service restored")


RULES: tuple[Rule, ...] = (
    Rule(
        "timeline-milestone-order", "timeline", "timeline[].time",
        "Milestones out of their natural order (acknowledged before the alert, restored before "
        "the mitigation); before the first symptom is the metrics' blocking finding",
        "correct the times so each milestone follows the one it depends on",
        _order,
    ),
    Rule(
        "timeline-gap", "timeline", "timeline[].time",
        "A gap longer than {config.max_gap_minutes} minutes with no event during the response",
        "add what happened meanwhile, even 'waiting for the vendor'",
        _gaps,
    ),
    Rule(
        "header-start-vs-symptom", "header", "header.start_time",
        "The header's start time differs from the timeline's first symptom (by more than "
        "{config.header_tolerance_minutes} minutes)",
        "the incident starts at the first symptom: make them agree",
        _header_start,
    ),
    Rule(
        "header-end-vs-restored", "header", "header.end_time",
        "The header's end time differs from the timeline's service restored (by more than "
        "{config.header_tolerance_minutes} minutes)",
        "the incident ends when service is restored: make them agree",
        _header_end,
    ),
)
