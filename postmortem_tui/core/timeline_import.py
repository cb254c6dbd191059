"""`timeline import` and the wizard's "Import events": the window, every source's events
proposed as timeline rows (those the timeline holds already marked), the milestones a pager
proposes, and putting the chosen ones in.

Where a row came from is kept in it (source, its timestamp there, a key), never exported; the
key makes a second import of the same source add nothing. A pager's alert proposes "Alert
triggered", its acknowledgement "On-call acknowledged" and its resolution "Service restored",
only where those milestones have no time yet, and never over what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DraftError
from .model import Milestone, TimelineEvent
from .timeline_rows import insert_events, insertion_index, known_keys
from .timeline_sources import ReadOptions, SourceEvent, SourceReport, read_source
from .timeline_sources.text import short, short_command
from .timeutil import COT

if TYPE_CHECKING:
    from .model import PostMortem

MARGIN = dt.timedelta(minutes=30)
"""The default window reaches this far before the incident's start and after its end."""

PAGER_MILESTONES = {
    "alert": Milestone.ALERT_TRIGGERED,
    "ack": Milestone.ON_CALL_ACKNOWLEDGED,
    "resolve": Milestone.SERVICE_RESTORED,
}
FILLED_BY_DEFAULT = frozenset({Milestone.ALERT_TRIGGERED, Milestone.ON_CALL_ACKNOWLEDGED})
"""What a pager says for sure; its resolution only proposes that the service was restored."""

_BOUND_HHMM = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class Window:
    """The times events are kept between, in COT."""

    since: dt.datetime
    until: dt.datetime
    open_ended: bool = False
    """The incident has no end time yet: until now."""

    def describe(self) -> str:
        same_day = self.since.date() == self.until.date()
        until = f"{self.until:%H:%M}" if same_day else f"{self.until:%Y-%m-%d %H:%M}"
        now = " (now)" if self.open_ended else ""
        return f"{self.since:%Y-%m-%d %H:%M} – {until}{now} COT"


def incident_start(doc: PostMortem, today: dt.date) -> dt.datetime | None:
    h = doc.header
    if h.start_time is None:
        return None
    return dt.datetime.combine(h.date or today, h.start_time, tzinfo=COT)


def default_window(doc: PostMortem, now: dt.datetime) -> Window:
    """The incident's start minus 30 minutes to its end plus 30 (an end before the start is
    the next day); an incident without an end, until now."""
    start = incident_start(doc, now.date())
    ident = doc.header.incident_id or "the draft"
    if start is None:
        raise DraftError(
            f"{ident} has no start time, so there is no window to import from: give --since "
            "(and --until), or set the start time first"
        )
    end_time = doc.header.end_time
    if end_time is None:
        return Window(start - MARGIN, max(now, start), open_ended=True)
    end = dt.datetime.combine(start.date(), end_time, tzinfo=COT)
    if end < start:
        end += dt.timedelta(days=1)
    return Window(start - MARGIN, end + MARGIN)


def parse_bound(text: str, day: dt.date, name: str) -> dt.datetime:
    """A window bound: HH:MM on the incident's day (COT), or a date and time (ISO 8601, any
    offset; COT without one)."""
    raw = text.strip()
    m = _BOUND_HHMM.match(raw)
    try:
        if m:
            clock = dt.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
            return dt.datetime.combine(day, clock, tzinfo=COT)
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise DraftError(
            f'{name} must be HH:MM (COT, on the incident\'s day) or a date and time such as '
            f'2026-11-24T09:00-05:00; got "{raw}"'
        ) from None
    return when.replace(tzinfo=COT) if when.tzinfo is None else when.astimezone(COT)


def window_for(
    doc: PostMortem, now: dt.datetime, since: str | None = None, until: str | None = None
) -> Window:
    """The window `--since` and `--until` say, the incident's for what they leave out."""
    default: Window | None = None
    if since is None or until is None:
        try:
            default = default_window(doc, now)
        except DraftError:
            if since is None:
                raise
    day = doc.header.date or now.date()
    if since is not None:
        low = parse_bound(since, day, "--since")
    else:
        assert default is not None
        low = default.since
    if until is not None:
        high = parse_bound(until, day, "--until")
        if high < low and _BOUND_HHMM.match(until.strip()):
            high += dt.timedelta(days=1)  # 23:30 to 00:30 crosses midnight
        open_ended = False
    elif default is not None:
        high, open_ended = default.until, default.open_ended
    else:
        high, open_ended = max(now, low), True
    if high < low:
        raise DraftError(f"the window ends ({high:%Y-%m-%d %H:%M}) before it starts "
                         f"({low:%Y-%m-%d %H:%M})")
    return Window(low, high, open_ended)


def event_text(event: SourceEvent) -> str:
    """What the Event column shows: a command shortened as a command (`$ kubectl ...`), any
    other text to its first line, cut to a readable width."""
    if event.shell:
        return "$ " + short_command(event.text)
    return short(event.text)


@dataclass
class Proposal:
    """One event offered as a timeline row (or as a milestone's time)."""

    event: SourceEvent
    row: TimelineEvent
    duplicate: bool
    """The timeline holds it already (or an earlier source of this import gave it)."""
    milestone: Milestone | None = None
    """The milestone (without a time yet) this event proposes to give its time to."""
    fill: bool = False
    """Whether it does (else it is a row of its own, like any other event)."""
    chosen: bool = True
    """Whether it goes in at all."""

    @property
    def fills(self) -> Milestone | None:
        """The milestone it gives its time to, if it does."""
        return self.milestone if self.fill else None

    @property
    def label(self) -> str:
        if self.fills is not None:
            return f"◆ {self.fills.label} ← {self.row.event}"
        return self.row.event


@dataclass
class Plan:
    """What an import proposes."""

    window: Window
    reports: list[SourceReport]
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def chosen(self) -> list[Proposal]:
        return [p for p in self.proposals if p.chosen]

    @property
    def duplicates(self) -> int:
        return sum(p.duplicate for p in self.proposals)


def read_all(
    paths: Sequence[Path],
    options: ReadOptions,
    *,
    kind: str | None = None,
    progress: Callable[[Path, int], None] | None = None,
) -> list[SourceReport]:
    """Every source read whole first: one that fails raises, and nothing is imported."""
    reports = []
    for path in paths:
        hear = (lambda done, p=path: progress(p, done)) if progress is not None else None
        reports.append(read_source(path, options, kind=kind, progress=hear))
    return reports


def _row(event: SourceEvent, actor: str | None) -> TimelineEvent:
    shown = event_text(event)
    return TimelineEvent(
        time=event.when.astimezone(COT).time().replace(second=0, microsecond=0),
        event=shown,
        actor=actor if actor is not None else event.actor,
        source=f"{event.family}:{Path(event.source).absolute()}:{event.line}",
        source_time=event.original,
        source_key=event.key,
        full_text=None if shown == event.text else event.text,
    )


def plan(
    doc: PostMortem, reports: list[SourceReport], window: Window, *, actor: str | None = None
) -> Plan:
    """Each event of the sources as a proposed row, in time order: those the timeline holds
    (or that came twice) marked as duplicates and not chosen; the pager's first alert, first
    acknowledgement and last resolution as milestones where those have no time yet."""
    result = Plan(window, reports)
    keys = known_keys(doc.timeline)
    events = sorted((e for r in reports for e in r.events), key=lambda e: e.when)
    unset = {row.milestone for row in doc.timeline if row.milestone and row.time is None}
    taken: dict[Milestone, Proposal] = {}
    for event in events:
        duplicate = event.key in keys
        keys.add(event.key)
        proposal = Proposal(event, _row(event, actor), duplicate, chosen=not duplicate)
        milestone = PAGER_MILESTONES.get(event.kind)
        if milestone in unset and not duplicate and milestone is not None:
            # The first alert and acknowledgement; the last resolution.
            earlier = taken.get(milestone)
            if earlier is None or milestone is Milestone.SERVICE_RESTORED:
                if earlier is not None:
                    earlier.milestone, earlier.fill = None, False
                proposal.milestone = milestone
                proposal.fill = milestone in FILLED_BY_DEFAULT
                taken[milestone] = proposal
        result.proposals.append(proposal)
    return result


@dataclass(frozen=True)
class Applied:
    """What `apply` put in."""

    rows: list[TimelineEvent]
    milestones: list[tuple[Milestone, TimelineEvent]]
    """Each milestone given a time, and its row."""


def apply(doc: PostMortem, proposals: Sequence[Proposal]) -> Applied:
    """Put the chosen proposals in: rows in time order, milestones' times (and their actor
    where empty) with where they came from, the milestone row moved to its time's place."""
    chosen = [p for p in proposals if p.chosen and not p.duplicate]
    milestones = []
    for p in chosen:
        if p.fills is None:
            continue
        row = next((r for r in doc.timeline if r.milestone is p.fills and r.time is None), None)
        if row is None:
            p.fill = False  # set meanwhile (in the wizard): the event is a row of its own
            continue
        doc.timeline.remove(row)
        row.time = p.row.time
        if not row.actor.strip() or row.actor == p.fills.default_actor:
            row.actor = p.row.actor or row.actor
        row.source, row.source_time = p.row.source, p.row.source_time
        row.source_key, row.full_text = p.row.source_key, p.event.text
        times = [r.time for r in doc.timeline]
        assert row.time is not None
        doc.timeline.insert(insertion_index(doc.header.start_time, times, row.time), row)
        milestones.append((p.fills, row))
    rows = insert_events(doc, [p.row for p in chosen if p.fills is None])
    return Applied(rows, milestones)


def take_queued(doc: PostMortem, draft: Path) -> list[str]:
    """Put in the rows `timeline add` queued while the draft was open elsewhere; their keys,
    to forget once the draft is saved."""
    from pydantic_core import ValidationError

    from . import timeline_inbox

    queued = timeline_inbox.pending(draft)
    rows = []
    for data in queued:
        try:
            rows.append(TimelineEvent.model_validate(data))
        except ValidationError:
            continue  # spoilt by hand: no event
    insert_events(doc, rows)
    return [str(data["source_key"]) for data in queued]
