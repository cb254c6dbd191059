"""The post-mortem document: every section and field of the team's template, typed and validated.

Every part validates on assignment, so a UI sets a field to what the person typed and shows the
`ValidationError`'s message (see `error_message`) when the value is refused. The messages come from
the named validators in `validators.py` and name the field by its title.
"""

# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic would
# otherwise evaluate each one's text again when it builds the models.
import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from . import no_plugins
from . import validators as v
from .schema import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported: documents carry it
from .timeutil import DAY_MINUTES, format_minutes, minutes_between, offset_from
from .timeutil import EARLY_MINUTES as EARLY_MINUTES  # re-exported: the timeline form says it

no_plugins.skip_discovery()  # before the first model is built


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        v.check_size(value, "A text")  # a bullet or a cell: where it is comes with the error
    except ValueError as exc:
        raise _invalid(str(exc)) from None
    return v.clean_text(value)


class _Cleaned:
    """`Text`'s validator, as `BeforeValidator(_text)` builds it but without inspecting `_text`'s
    signature at each of the ~60 fields that use it (pydantic does, when the model is built)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(_text, handler(source))


Text = Annotated[str, _Cleaned()]


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
    # The message goes through the context, so braces typed by the user are never a template.
    return PydanticCustomError("invalid_value", "{message}", {"message": message})


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


def _no_items() -> list[Any]:
    # Not `list` itself: pydantic reads a default factory's signature, and a builtin's costs a
    # parse of its text signature (and the import of `tokenize`) when the model is built.
    return []


class Part(BaseModel):
    """Base of every section: validated on assignment, unknown keys refused."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid", use_enum_values=False)

    # Field names validated by a named validator, by kind.
    _times: ClassVar[tuple[str, ...]] = ()
    _dates: ClassVar[tuple[str, ...]] = ()
    _counts: ClassVar[tuple[str, ...]] = ()
    _ids: ClassVar[tuple[str, ...]] = ()
    _languages: ClassVar[tuple[str, ...]] = ()
    _money: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def label_of(cls, name: str) -> str:
        info = cls.model_fields[name]
        return info.title or name.replace("_", " ").capitalize()

    @field_validator("*", mode="before")
    @classmethod
    def _named_validators(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        try:
            # The sizes first, before a million rows are validated (MAX_ROWS is the smaller
            # limit: most values are not measured any further).
            if isinstance(value, (list, str)) and len(value) > v.MAX_ROWS:
                v.check_size(value, cls.label_of(name))
            if name in cls._times:
                return v.parse_hhmm(value, cls.label_of(name))
            if name in cls._dates:
                return v.parse_date(value, cls.label_of(name))
            if name in cls._counts:
                return v.parse_count(value, cls.label_of(name))
            if name in cls._ids:
                return v.parse_incident_id(value, cls.label_of(name))
            if name in cls._languages:
                return v.check_language(value, cls.label_of(name))
            if name in cls._money:
                return v.check_money(value, cls.label_of(name))
        except ValueError as exc:
            raise _invalid(str(exc)) from None
        return value


class Header(Part):
    _times = ("start_time", "end_time")
    _dates = ("date",)
    _ids = ("incident_id",)

    title: Text = Field("", title="Title")
    incident_id: str = Field("", title="Incident ID")
    date: dt.date | None = Field(None, title="Date")
    start_time: dt.time | None = Field(None, title="Start time")
    end_time: dt.time | None = Field(None, title="End time")
    severity: Severity | None = Field(None, title="Severity")
    status: Status = Field(Status.DRAFT, title="Status")


    @field_validator("severity", "status", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        enum = Severity if name == "severity" else Status
        return _choose(enum, value, cls.label_of(name), allow_blank=name == "severity")

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
    _counts = ("trading_downtime_minutes", "missed_trades", "erroneous_trades")
    _money = ("financial_amount",)

    trading_downtime_minutes: int | None = Field(None, title="Trading downtime (minutes)")
    missed_trades: int | None = Field(None, title="Missed trades")
    erroneous_trades: int | None = Field(None, title="Erroneous trades")
    financial_amount: Text = Field("", title="Financial impact amount")
    financial_description: Text = Field("", title="Financial impact description")
    users_affected: Text = Field("", title="Users/systems affected")
    data_loss: Text = Field("", title="Data loss")
    qualitative: list[Text] = Field(default_factory=_no_items, title="Qualitative impact")



class TimelineEvent(Part):
    _times = ("time",)

    time: dt.time | None = Field(None, title="Time")
    event: Text = Field("", title="Event")
    actor: Text = Field("", title="Actor")
    milestone: Milestone | None = Field(None, title="Milestone")
    # Where a row put in by `timeline add` or `timeline import` came from, kept so that a second
    # import adds nothing twice; never exported, and left out of the draft while None.
    source: Text | None = Field(None, title="Source")
    source_time: Text | None = Field(None, title="Time in the source")
    source_key: str | None = Field(None, title="Source key")
    full_text: Text | None = Field(None, title="Full text")  # when the event is shortened

    @classmethod
    def for_milestone(cls, milestone: Milestone) -> "TimelineEvent":
        return cls(
            event=milestone.default_event, actor=milestone.default_actor, milestone=milestone
        )


class Why(Part):
    question: Text = Field("", title="Why")
    because: Text = Field("", title="Because")


def next_why_question(because: str) -> str:
    """The question that follows an answer: `Because the cache expired.` ->
    `Why did "the cache expired" happen?`. Quoting reads right for any answer, where turning
    the clause itself into a question would need grammar the tool does not have."""
    text = because.strip().rstrip(".")
    if text.lower().startswith("because "):
        text = text[8:]
    return f'Why did "{text}" happen?' if text else ""


class RootCause(Part):
    _languages = ("snippet_language",)

    what_happened: Text = Field("", title="What happened")
    snippet: Text = Field("", title="Snippet")
    snippet_language: str = Field("text", title="Snippet language")
    why_it_happened: Text = Field("", title="Why it happened")
    whys: list[Why] = Field(default_factory=_no_items, title="5 Whys")
    gaps: list[Text] = Field(default_factory=_no_items, title="Why it wasn't caught earlier")



class ContributingFactor(Part):
    title: Text = Field("", title="Title")
    description: Text = Field("", title="Description")
    contribution: Text = Field("", title="Contribution")


class Resolution(Part):
    immediate_fix: Text = Field("", title="Immediate fix")
    commands: Text = Field("", title="Commands run")
    verification: list[Text] = Field(default_factory=_no_items, title="Verification steps")


class ActionItem(Part):
    _dates = ("due",)

    id: int = Field(1, ge=1, title="ID")
    action: Text = Field("", title="Action")
    owner: Text = Field("", title="Owner")
    priority: Priority | None = Field(None, title="Priority")
    due: dt.date | None = Field(None, title="Due date")
    status: ActionStatus = Field(ActionStatus.OPEN, title="Status")
    category: Category | None = Field(None, title="Category")
    link: str = Field("", title="Tracker link")  # the tracker issue following the item up

    @field_validator("link", mode="before")
    @classmethod
    def _link(cls, value: Any) -> str:
        try:
            return v.parse_link(value, cls.label_of("link"))
        except ValueError as exc:
            raise _invalid(str(exc)) from None

    @field_validator("priority", "status", "category", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: ValidationInfo) -> Any:
        enums: dict[str, type[StrEnum]] = {
            "priority": Priority, "status": ActionStatus, "category": Category,
        }
        name = info.field_name or ""
        return _choose(enums[name], value, cls.label_of(name), allow_blank=name != "status")


class Lessons(Part):
    went_well: list[Text] = Field(default_factory=_no_items, title="What went well")
    could_improve: list[Text] = Field(default_factory=_no_items, title="What could be improved")
    do_differently: list[Text] = Field(
        default_factory=_no_items, title="What we will do differently"
    )


class Link(Part):
    label: Text = Field("", title="Label")
    target: Text = Field("", title="Link")


class RelatedIncident(Part):
    _dates = ("date",)
    _ids = ("incident_id",)

    incident_id: str = Field("", title="Related incident ID")
    date: dt.date | None = Field(None, title="Date")
    similarity: Text = Field("", title="Similarity")



class Appendix(Part):
    _languages = ("config_language",)

    logs: Text = Field("", title="Relevant logs")
    metrics_note: Text = Field("", title="Metrics and graphs")
    metrics_links: list[Link] = Field(default_factory=_no_items, title="Dashboard and graph links")
    config_before: Text = Field("", title="Configuration before")
    config_after: Text = Field("", title="Configuration after")
    config_language: str = Field("yaml", title="Configuration language")
    related: list[RelatedIncident] = Field(default_factory=_no_items, title="Related incidents")
    references: list[Text] = Field(default_factory=_no_items, title="External references")



class Author(Part):
    _dates = ("date_written",)

    name: Text = Field("", title="Author name")
    role: Text = Field("", title="Author role")
    date_written: dt.date | None = Field(None, title="Date written")


class Reviewer(Part):
    _dates = ("date_reviewed",)

    name: Text = Field("", title="Name")
    role: Text = Field("", title="Role")
    date_reviewed: dt.date | None = Field(None, title="Date reviewed")
    approved: bool | None = Field(None, title="Approved")


class FollowUp(Part):
    _dates = ("date",)

    date: dt.date | None = Field(None, title="Date")
    review_type: Text = Field("", title="Review type")
    owner: Text = Field("", title="Owner")


class SignOff(Part):
    author: Author = Field(default_factory=lambda: Author())
    reviewers: list[Reviewer] = Field(default_factory=_no_items, title="Reviewers")
    follow_ups: list[FollowUp] = Field(default_factory=_no_items, title="Follow-up schedule")


class HistoryEntry(Part):
    _dates = ("date",)

    version: str = Field("0.1", title="Version")
    date: dt.date | None = Field(None, title="Date")
    author: Text = Field("", title="Author")
    changes: Text = Field("", title="Changes")

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> str:
        text = str(value).strip()
        if not text.replace(".", "").isdigit() or text.startswith(".") or ".." in text:
            raise _invalid(f'Version must look like 0.1 or 1.0, got "{text}"')
        return text


class WizardPosition(Part):
    """Where the author was in the wizard, so resuming lands on the same field (and, in a
    table, on the same cell)."""

    section: str = "header"
    field: str = ""
    row: int | None = None
    column: str | None = None


class PostMortem(Part):
    """One incident's post-mortem."""

    schema_version: int = SCHEMA_VERSION
    header: Header = Field(default_factory=lambda: Header())
    summary: Text = Field("", title="Executive summary")
    impact: Impact = Field(default_factory=lambda: Impact())
    timeline: list[TimelineEvent] = Field(default_factory=_no_items, title="Timeline")
    root_cause: RootCause = Field(default_factory=lambda: RootCause())
    factors: list[ContributingFactor] = Field(
        default_factory=_no_items, title="Contributing factors"
    )
    resolution: Resolution = Field(default_factory=lambda: Resolution())
    actions: list[ActionItem] = Field(default_factory=_no_items, title="Action items")
    lessons: Lessons = Field(default_factory=lambda: Lessons())
    appendix: Appendix = Field(default_factory=lambda: Appendix())
    signoff: SignOff = Field(default_factory=lambda: SignOff())
    history: list[HistoryEntry] = Field(default_factory=_no_items, title="Document history")
    wizard: WizardPosition = Field(default_factory=lambda: WizardPosition())

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
