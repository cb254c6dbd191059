"""The post-mortem document: every section and field of the team's template, typed and validated.

Every part validates on assignment, so a UI sets a field to what the person typed and shows the
`ValidationError`'s message (see `error_message`) when the value is refused. The messages come from
the named validators in `validators.py` and name the field by its title.
"""

# Annotations are evaluated as written (no `from __future__ import annotations`): each part's
# schema is built from them when its class is (`record.Record`), without evaluating text again.
import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

from pydantic_core import CoreSchema, PydanticCustomError, ValidationError, core_schema
from pydantic_core.core_schema import ValidationInfo

from . import validators as v
from .record import Field, Record
from .schema import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported: documents carry it
from .timeutil import DAY_MINUTES, format_minutes, minutes_between, offset_from
from .timeutil import EARLY_MINUTES as EARLY_MINUTES  # re-exported: the timeline form says it


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        v.check_size(value, "A text")  # a bullet or a cell: where it is comes with the error
    except ValueError as exc:
        raise _invalid(str(exc)) from None
    return v.clean_text(value)


class _Cleaned:
    """`Item`'s validator, as `BeforeValidator(_text)` would be."""

    def wrap_schema(self, inner: CoreSchema) -> CoreSchema:
        return core_schema.no_info_before_validator_function(_text, inner)


Item = Annotated[str, _Cleaned()]
"""A bullet or a text in a list: a refused one is "A text", its place in the list says where."""


_LABELS: dict[tuple[str, str], str] = {}
_PARTS: dict[str, "type[Part]"] = {}


def _label(info: ValidationInfo) -> str:
    """The title of the field being validated, as its messages name it."""
    # A model's core config carries its class name as the title.
    key = (info.config["title"] if info.config else "", info.field_name or "")
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = _PARTS[key[0]].label_of(key[1])
    return label


Check = Callable[[Any, str], Any]
"""A field's check: the value given and the field's title (for its message), the value kept."""


def _sized(check: Check | None = None) -> Check:
    """`check` after the sizes: a list or text too long is refused before anything in it is
    looked at (MAX_ROWS is the smaller limit: most values are not measured any further)."""

    def sized(value: Any, label: str) -> Any:
        if isinstance(value, (list, str)) and len(value) > v.MAX_ROWS:
            v.check_size(value, label)
        return value if check is None else check(value, label)

    return sized


def _then_sized(check: Check) -> Check:
    """`check`, then the sizes of what it kept."""
    size = _sized()
    return lambda value, label: size(check(value, label), label)


class _Checked:
    """A field's own validator, built straight into the field's schema: one function per
    field, run before its type's check."""

    __slots__ = ("check",)

    def __init__(self, check: Check) -> None:
        self.check = check

    def wrap_schema(self, inner: CoreSchema) -> CoreSchema:
        check = self.check

        def validate(value: Any, info: ValidationInfo) -> Any:
            try:
                return check(value, "")
            except ValueError:
                pass
            # Refused: again, with the field's title for the message (the checks are pure;
            # looking the title up for every value accepted was a tenth of loading a draft).
            try:
                return check(value, _label(info))
            except PydanticCustomError:
                raise
            except ValueError as exc:
                raise _invalid(str(exc)) from None

        return core_schema.with_info_before_validator_function(validate, inner)


def _clean(value: Any, label: str) -> Any:
    return v.clean_text(value) if isinstance(value, str) else value


def _choice(enum: type[StrEnum], *, allow_blank: bool) -> _Checked:
    def choose(value: Any, label: str) -> Any:
        return _choose(enum, value, label, allow_blank=allow_blank)

    return _Checked(choose)


def _version(value: Any, label: str) -> str:
    text = str(value).strip()
    if not text.replace(".", "").isdigit() or text.startswith(".") or ".." in text:
        raise _invalid(f'Version must look like 0.1 or 1.0, got "{text}"')
    return text


_SIZED = _Checked(_sized())
Text = Annotated[str, _Checked(_sized(_clean))]
"""A field of free text: lone surrogates replaced (they cannot be saved)."""
OptionalText = Annotated[str | None, _Checked(_sized(_clean))]
Items = Annotated[list[Item], _SIZED]
Time = Annotated[dt.time | None, _Checked(_sized(v.parse_hhmm))]
Date = Annotated[dt.date | None, _Checked(_sized(v.parse_date))]
Count = Annotated[int | None, _Checked(_sized(v.parse_count))]
IncidentId = Annotated[str, _Checked(_sized(v.parse_incident_id))]
Language = Annotated[str, _Checked(_sized(v.check_language))]
Money = Annotated[str, _Checked(_sized(v.check_money))]


class Severity(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def meaning(self) -> str:
        return {
            "P0": "Critical: trading halted or money at risk; all hands",
            "P1": "Major: a market, venue or key system degraded; urgent",
            "P2": "Minor: limited impact with a workaround; same day",
            "P3": "Low: little or no user impact; next business day",
        }[self.value]


class Status(StrEnum):
    DRAFT = "Draft"
    REVIEWED = "Reviewed"
    CLOSED = "Closed"


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"

    @property
    def meaning(self) -> str:
        return {
            "P0": "Do now: the incident can recur any day",
            "P1": "This sprint: a real risk until done",
            "P2": "Planned: worthwhile, not urgent",
        }[self.value]


class ActionStatus(StrEnum):
    OPEN = "Open"
    IN_PROGRESS = "In Progress"
    DONE = "Done"


class Category(StrEnum):
    PREVENT_RECURRENCE = "Prevent Recurrence"
    IMPROVE_DETECTION = "Improve Detection"
    REDUCE_IMPACT = "Reduce Impact"
    PROCESS_CHANGES = "Process Changes"
    TRAINING = "Training"

    @property
    def meaning(self) -> str:
        """The template's own one-line definition."""
        return {
            "Prevent Recurrence": "Changes to prevent the same issue from happening again",
            "Improve Detection": "Better monitoring, alerting, or observability",
            "Reduce Impact": "Changes to limit blast radius if similar issues occur",
            "Process Changes": "Updates to runbooks, procedures, or policies",
            "Training": "Knowledge sharing or skill development needs",
        }[self.value]


class Milestone(StrEnum):
    """The template's nine standard timeline rows, in order."""

    FIRST_SYMPTOM = "first_symptom"
    ALERT_TRIGGERED = "alert_triggered"
    ON_CALL_ACKNOWLEDGED = "on_call_acknowledged"
    INVESTIGATION_STARTED = "investigation_started"
    KEY_DISCOVERY = "key_discovery"
    ROOT_CAUSE_IDENTIFIED = "root_cause_identified"
    MITIGATION_APPLIED = "mitigation_applied"
    SERVICE_RESTORED = "service_restored"
    INCIDENT_CLOSED = "incident_closed"

    @property
    def label(self) -> str:
        return _MILESTONE_LABELS[self][0]

    @property
    def default_event(self) -> str:
        """The template's event text; the key discovery is the author's to write."""
        return "" if self is Milestone.KEY_DISCOVERY else self.label

    @property
    def default_actor(self) -> str:
        return _MILESTONE_LABELS[self][1]


_MILESTONE_LABELS: dict[Milestone, tuple[str, str]] = {
    Milestone.FIRST_SYMPTOM: ("First symptom occurred", "System"),
    Milestone.ALERT_TRIGGERED: ("Alert triggered", "Monitoring"),
    Milestone.ON_CALL_ACKNOWLEDGED: ("On-call acknowledged", ""),
    Milestone.INVESTIGATION_STARTED: ("Initial investigation started", ""),
    Milestone.KEY_DISCOVERY: ("Key discovery or action", ""),
    Milestone.ROOT_CAUSE_IDENTIFIED: ("Root cause identified", ""),
    Milestone.MITIGATION_APPLIED: ("Mitigation applied", ""),
    Milestone.SERVICE_RESTORED: ("Service restored", ""),
    Milestone.INCIDENT_CLOSED: ("Incident closed", ""),
}


def error_message(exc: ValidationError) -> str:
    """The person-readable message of the first error, as both UIs show it."""
    err = exc.errors(include_url=False)[0]
    if err["type"] == "invalid_value":
        return str(err["msg"])
    where = " > ".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else str(err["msg"])


def _invalid(message: str) -> PydanticCustomError:
    # The message goes through the context, so braces typed by the user are never a template;
    # a lone surrogate quoted from the value would make the error unreadable (not UTF-8).
    return PydanticCustomError("invalid_value", "{message}", {"message": v.clean_text(message)})


def _choose(enum: type[StrEnum], value: Any, label: str, *, allow_blank: bool) -> Any:
    """A member of `enum` from its text, case-insensitively; blank is None where allowed."""
    if value is None or isinstance(value, enum):
        return value
    text = str(value).strip()
    if not text and allow_blank:
        return None
    for member in enum:
        if member.value.lower() == text.lower():
            return member
    allowed = ", ".join(m.value for m in enum)
    raise _invalid(f'{label} must be one of {allowed}, got "{text}"')


class Part(Record):
    """Base of every section: validated on assignment, unknown keys refused.

    Every field has one validator (`_Checked`): its size first, then what its kind needs
    (`Text`, `Time`, `Date`, ...); fields with no kind of their own have only the size check
    (`_SIZED`). Their messages name the field by its title (`label_of`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _PARTS[cls.__name__] = cls  # validators find a field's title through its model's name

    @classmethod
    def label_of(cls, name: str) -> str:
        info = cls.model_fields[name]
        return info.title or name.replace("_", " ").capitalize()


class Header(Part):
    title: Text = Field(default="", title="Title")
    incident_id: IncidentId = Field(default="", title="Incident ID")
    date: Date = Field(default=None, title="Date")
    start_time: Time = Field(default=None, title="Start time")
    end_time: Time = Field(default=None, title="End time")
    severity: Annotated[Severity | None, _choice(Severity, allow_blank=True)] = Field(
        default=None, title="Severity"
    )
    status: Annotated[Status, _choice(Status, allow_blank=False)] = Field(
        default=Status.DRAFT, title="Status"
    )

    @property
    def duration_minutes(self) -> int | None:
        if self.start_time is None or self.end_time is None:
            return None
        return minutes_between(self.start_time, self.end_time)

    @property
    def duration(self) -> str:
        """Computed, never typed: `1h 35m`; empty while start or end is unknown."""
        minutes = self.duration_minutes
        return "" if minutes is None else format_minutes(minutes)

    @property
    def crosses_midnight(self) -> bool:
        return (
            self.start_time is not None
            and self.end_time is not None
            and self.end_time < self.start_time
        )


class Impact(Part):
    trading_downtime_minutes: Count = Field(default=None, title="Trading downtime (minutes)")
    missed_trades: Count = Field(default=None, title="Missed trades")
    erroneous_trades: Count = Field(default=None, title="Erroneous trades")
    financial_amount: Money = Field(default="", title="Financial impact amount")
    financial_description: Text = Field(default="", title="Financial impact description")
    users_affected: Text = Field(default="", title="Users/systems affected")
    data_loss: Text = Field(default="", title="Data loss")
    qualitative: Items = Field(default_factory=list, title="Qualitative impact")



class TimelineEvent(Part):
    time: Time = Field(default=None, title="Time")
    event: Text = Field(default="", title="Event")
    actor: Text = Field(default="", title="Actor")
    milestone: Annotated[Milestone | None, _SIZED] = Field(default=None, title="Milestone")
    # Where a row put in by `timeline add` or `timeline import` came from, kept so that a second
    # import adds nothing twice; never exported, and left out of the draft while None.
    source: OptionalText = Field(default=None, title="Source")
    source_time: OptionalText = Field(default=None, title="Time in the source")
    source_key: Annotated[str | None, _SIZED] = Field(default=None, title="Source key")
    full_text: OptionalText = Field(default=None, title="Full text")  # when the event is shortened

    @classmethod
    def for_milestone(cls, milestone: Milestone) -> "TimelineEvent":
        return cls(
            event=milestone.default_event, actor=milestone.default_actor, milestone=milestone
        )


class Why(Part):
    question: Text = Field(default="", title="Why")
    because: Text = Field(default="", title="Because")


def next_why_question(because: str) -> str:
    """The question that follows an answer: `Because the cache expired.` ->
    `Why did "the cache expired" happen?`. Quoting reads right for any answer, where turning
    the clause itself into a question would need grammar the tool does not have."""
    text = because.strip().rstrip(".")
    if text.lower().startswith("because "):
        text = text[8:]
    return f'Why did "{text}" happen?' if text else ""


class RootCause(Part):
    what_happened: Text = Field(default="", title="What happened")
    snippet: Text = Field(default="", title="Snippet")
    snippet_language: Language = Field(default="text", title="Snippet language")
    why_it_happened: Text = Field(default="", title="Why it happened")
    whys: Annotated[list[Why], _SIZED] = Field(default_factory=list, title="5 Whys")
    gaps: Items = Field(default_factory=list, title="Why it wasn't caught earlier")



class ContributingFactor(Part):
    title: Text = Field(default="", title="Title")
    description: Text = Field(default="", title="Description")
    contribution: Text = Field(default="", title="Contribution")


class Resolution(Part):
    immediate_fix: Text = Field(default="", title="Immediate fix")
    commands: Text = Field(default="", title="Commands run")
    verification: Items = Field(default_factory=list, title="Verification steps")


class ActionItem(Part):
    id: Annotated[int, _SIZED] = Field(default=1, ge=1, title="ID")
    action: Text = Field(default="", title="Action")
    owner: Text = Field(default="", title="Owner")
    priority: Annotated[Priority | None, _choice(Priority, allow_blank=True)] = Field(
        default=None, title="Priority"
    )
    due: Date = Field(default=None, title="Due date")
    status: Annotated[ActionStatus, _choice(ActionStatus, allow_blank=False)] = Field(
        default=ActionStatus.OPEN, title="Status"
    )
    category: Annotated[Category | None, _choice(Category, allow_blank=True)] = Field(
        default=None, title="Category"
    )
    # The tracker issue following the item up.
    link: Annotated[str, _Checked(_then_sized(v.parse_link))] = Field(
        default="", title="Tracker link"
    )


class Lessons(Part):
    went_well: Items = Field(default_factory=list, title="What went well")
    could_improve: Items = Field(default_factory=list, title="What could be improved")
    do_differently: Items = Field(
        default_factory=list, title="What we will do differently"
    )


class Link(Part):
    label: Text = Field(default="", title="Label")
    target: Text = Field(default="", title="Link")


class RelatedIncident(Part):
    incident_id: IncidentId = Field(default="", title="Related incident ID")
    date: Date = Field(default=None, title="Date")
    similarity: Text = Field(default="", title="Similarity")



class Appendix(Part):
    logs: Text = Field(default="", title="Relevant logs")
    metrics_note: Text = Field(default="", title="Metrics and graphs")
    metrics_links: Annotated[list[Link], _SIZED] = Field(
        default_factory=list, title="Dashboard and graph links"
    )
    config_before: Text = Field(default="", title="Configuration before")
    config_after: Text = Field(default="", title="Configuration after")
    config_language: Language = Field(default="yaml", title="Configuration language")
    related: Annotated[list[RelatedIncident], _SIZED] = Field(
        default_factory=list, title="Related incidents"
    )
    references: Items = Field(default_factory=list, title="External references")



class Author(Part):
    name: Text = Field(default="", title="Author name")
    role: Text = Field(default="", title="Author role")
    date_written: Date = Field(default=None, title="Date written")


class Reviewer(Part):
    name: Text = Field(default="", title="Name")
    role: Text = Field(default="", title="Role")
    date_reviewed: Date = Field(default=None, title="Date reviewed")
    approved: Annotated[bool | None, _SIZED] = Field(default=None, title="Approved")


class FollowUp(Part):
    date: Date = Field(default=None, title="Date")
    review_type: Text = Field(default="", title="Review type")
    owner: Text = Field(default="", title="Owner")


class SignOff(Part):
    author: Annotated[Author, _SIZED] = Field(default_factory=Author)
    reviewers: Annotated[list[Reviewer], _SIZED] = Field(
        default_factory=list, title="Reviewers"
    )
    follow_ups: Annotated[list[FollowUp], _SIZED] = Field(
        default_factory=list, title="Follow-up schedule"
    )


class HistoryEntry(Part):
    version: Annotated[str, _Checked(_then_sized(_version))] = Field(default="0.1", title="Version")
    date: Date = Field(default=None, title="Date")
    author: Text = Field(default="", title="Author")
    changes: Text = Field(default="", title="Changes")


class WizardPosition(Part):
    """Where the author was in the wizard, so resuming lands on the same field (and, in a
    table, on the same cell)."""

    section: Annotated[str, _SIZED] = "header"
    field: Annotated[str, _SIZED] = ""
    row: Annotated[int | None, _SIZED] = None
    column: Annotated[str | None, _SIZED] = None


class PostMortem(Part):
    """One incident's post-mortem."""

    schema_version: Annotated[int, _SIZED] = SCHEMA_VERSION
    header: Annotated[Header, _SIZED] = Field(default_factory=Header)
    summary: Text = Field(default="", title="Executive summary")
    impact: Annotated[Impact, _SIZED] = Field(default_factory=Impact)
    timeline: Annotated[list[TimelineEvent], _SIZED] = Field(
        default_factory=list, title="Timeline"
    )
    root_cause: Annotated[RootCause, _SIZED] = Field(default_factory=RootCause)
    factors: Annotated[list[ContributingFactor], _SIZED] = Field(
        default_factory=list, title="Contributing factors"
    )
    resolution: Annotated[Resolution, _SIZED] = Field(default_factory=Resolution)
    actions: Annotated[list[ActionItem], _SIZED] = Field(
        default_factory=list, title="Action items"
    )
    lessons: Annotated[Lessons, _SIZED] = Field(default_factory=Lessons)
    appendix: Annotated[Appendix, _SIZED] = Field(default_factory=Appendix)
    signoff: Annotated[SignOff, _SIZED] = Field(default_factory=SignOff)
    history: Annotated[list[HistoryEntry], _SIZED] = Field(
        default_factory=list, title="Document history"
    )
    wizard: Annotated[WizardPosition, _SIZED] = Field(default_factory=WizardPosition)

    @classmethod
    def new(
        cls, *, title: str = "", incident_id: str = "", when: dt.date | None = None
    ) -> "PostMortem":
        """A fresh document: the nine milestone rows (times empty) and five empty Whys."""
        return cls(
            header=Header(title=title, incident_id=incident_id, date=when),
            timeline=[TimelineEvent.for_milestone(m) for m in Milestone],
            root_cause=RootCause(whys=[Why() for _ in range(5)]),
        )

    # --- timeline order -------------------------------------------------------------------

    def timeline_anchor(self) -> dt.time | None:
        """Times are read relative to this: the start time, else the first timed row."""
        if self.header.start_time is not None:
            return self.header.start_time
        return next((row.time for row in self.timeline if row.time is not None), None)

    def offset_of(self, t: dt.time) -> int | None:
        """Minutes from the anchor to `t`: negative up to six hours before it (the first symptom
        often comes before the declared start), else forward, crossing midnight."""
        anchor = self.timeline_anchor()
        return None if anchor is None else offset_from(anchor, t)

    def is_next_day(self, t: dt.time) -> bool:
        """Whether `t` reads as the day after the incident's start (the incident crossed
        midnight)."""
        anchor = self.timeline_anchor()
        return anchor is not None and t < anchor and offset_from(anchor, t) >= 0

    def timeline_offsets(self) -> list[int | None]:
        """Minutes after the anchor for each row (None where the time is empty)."""
        anchor = self.timeline_anchor()  # once, not once a row
        if anchor is None:
            return [None] * len(self.timeline)
        return [None if r.time is None else offset_from(anchor, r.time) for r in self.timeline]

    def sorted_timeline(self) -> list[TimelineEvent]:
        """Rows in chronological order; a row without a time stays after the row above it."""
        keyed: list[tuple[int, int, TimelineEvent]] = []
        last = -DAY_MINUTES
        for index, (row, offset) in enumerate(
            zip(self.timeline, self.timeline_offsets(), strict=True)
        ):
            if offset is not None:
                last = offset
            keyed.append((last, index, row))
        keyed.sort(key=lambda item: (item[0], item[1]))
        return [row for _, _, row in keyed]

    def timeline_is_chronological(self) -> bool:
        return self.sorted_timeline() == self.timeline

    def milestone_time(self, milestone: Milestone) -> dt.time | None:
        return next(
            (row.time for row in self.timeline if row.milestone is milestone and row.time),
            None,
        )

    def next_action_id(self) -> int:
        return max((a.id for a in self.actions), default=0) + 1
