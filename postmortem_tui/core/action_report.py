"""Action items and follow-up reviews across post-mortems: what `postmortem actions` lists and
the home screen's follow-ups show.

Each draft gives one `DraftActions`: its incident, its action items and its follow-up reviews,
plain data that `action_cache` keeps between runs (nothing in it depends on the day: how
overdue an item is is worked out when it is shown). `ActionQuery` filters the items and
`select` orders them: newest incident first, overdue items first within an incident.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import PostMortem

DONE = "Done"
ACTION_STATUSES = ("Open", "In Progress", "Done")
PRIORITIES = ("P0", "P1", "P2")
"""The model's values (`model.ActionStatus`, `model.Priority`), for filters that must not load
the model (pydantic) to read an option."""
FOLLOW_UP_WINDOW_DAYS = 7
"""Follow-up reviews this many days ahead (today included) are "due this week"."""


@dataclass(frozen=True)
class Incident:
    """The post-mortem an action item or follow-up belongs to."""

    incident_id: str
    title: str
    date: dt.date | None
    severity: str | None
    status: str


@dataclass(frozen=True)
class ActionRow:
    """One action item of one post-mortem."""

    incident: Incident
    path: Path
    index: int
    """The item's place in the document's list (the wizard's table row)."""
    item_id: int
    action: str
    owner: str
    priority: str | None
    due: dt.date | None
    status: str
    category: str | None
    link: str = ""

    @property
    def is_open(self) -> bool:
        return self.status != DONE

    def days_overdue(self, today: dt.date) -> int:
        """Days past its due date while not Done; 0 when it is not overdue."""
        if self.due is None or not self.is_open or self.due >= today:
            return 0
        return (today - self.due).days


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up review of one post-mortem's sign-off."""

    incident: Incident
    path: Path
    index: int
    date: dt.date | None
    review_type: str
    owner: str
    recorded: bool
    """Something was recorded in the document history on or after its date."""

    def is_due(self, today: dt.date, days: int = FOLLOW_UP_WINDOW_DAYS) -> bool:
        """Due within `days` from today (today included)."""
        return self.date is not None and today <= self.date < today + dt.timedelta(days=days)

    def is_missed(self, today: dt.date) -> bool:
        """Its date has passed and nothing was recorded since."""
        return self.date is not None and self.date < today and not self.recorded


@dataclass(frozen=True)
class DraftActions:
    """What one draft holds for the follow-up views; `error` says why it cannot be read."""

    path: Path
    incident: Incident | None = None
    actions: tuple[ActionRow, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()
    error: str | None = None


def follow_up_recorded(doc: PostMortem, date: dt.date | None) -> bool:
    """Whether the document history has a row dated on or after `date`."""
    return date is not None and any(h.date is not None and h.date >= date for h in doc.history)


def draft_actions(doc: PostMortem, path: Path) -> DraftActions:
    """The action items and follow-up reviews of a readable draft."""
    h = doc.header
    incident = Incident(
        incident_id=h.incident_id or path.stem,
        title=h.title,
        date=h.date,
        severity=h.severity.value if h.severity else None,
        status=h.status.value,
    )
    actions = tuple(
        ActionRow(
            incident=incident,
            path=path,
            index=i,
            item_id=a.id,
            action=a.action,
            owner=a.owner,
            priority=a.priority.value if a.priority else None,
            due=a.due,
            status=a.status.value,
            category=a.category.value if a.category else None,
            link=a.link,
        )
        for i, a in enumerate(doc.actions)
    )
    follow_ups = tuple(
        FollowUpRow(
            incident=incident,
            path=path,
            index=i,
            date=f.date,
            review_type=f.review_type,
            owner=f.owner,
            recorded=follow_up_recorded(doc, f.date),
        )
        for i, f in enumerate(doc.signoff.follow_ups)
    )
    return DraftActions(path, incident, actions, follow_ups)


# --- as cache rows -------------------------------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_day(value: object) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a date")
    return dt.date.fromisoformat(value)


def to_row(draft: DraftActions) -> dict[str, Any]:
    """A readable draft's actions as JSON data (the path is the cache's key, not kept)."""
    inc = draft.incident
    assert inc is not None
    return {
        "incident": [inc.incident_id, inc.title, _day(inc.date), inc.severity, inc.status],
        "actions": [
            [a.item_id, a.action, a.owner, a.priority, _day(a.due), a.status, a.category, a.link]
            for a in draft.actions
        ],
        "follow_ups": [
            [_day(f.date), f.review_type, f.owner, f.recorded] for f in draft.follow_ups
        ],
    }


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _maybe_text(value: object) -> str | None:
    return None if value is None else _text(value)


def from_row(row: object, path: Path) -> DraftActions:
    """The `DraftActions` that `to_row` gave; ValueError for anything else."""
    if not isinstance(row, dict) or set(row) != {"incident", "actions", "follow_ups"}:
        raise ValueError("not an actions row")
    try:
        ident, title, date, severity, status = row["incident"]
        incident = Incident(
            _text(ident), _text(title), _parse_day(date), _maybe_text(severity), _text(status)
        )
        actions = []
        for i, (item_id, action, owner, priority, due, state, category, link) in enumerate(
            row["actions"]
        ):
            if type(item_id) is not int:
                raise ValueError("not an item ID")
            actions.append(ActionRow(
                incident, path, i, item_id, _text(action), _text(owner), _maybe_text(priority),
                _parse_day(due), _text(state), _maybe_text(category), _text(link),
            ))
        follow_ups = []
        for i, (date, review_type, owner, recorded) in enumerate(row["follow_ups"]):
            if type(recorded) is not bool:
                raise ValueError("not a flag")
            follow_ups.append(FollowUpRow(
                incident, path, i, _parse_day(date), _text(review_type), _text(owner), recorded
            ))
    except (TypeError, ValueError) as exc:  # wrong shapes unpack with either
        raise ValueError(f"actions row: {exc}") from None
    return DraftActions(path, incident, tuple(actions), tuple(follow_ups))


# --- filtering and order -----------------------------------------------------------------------


def fold(text: str) -> str:
    """`text` for matching: accents off (NFKD without combining marks), case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def owner_matches(query: str, owner: str) -> bool:
    """Every word of `query` starts a word of `owner`, ignoring case and accents: `nunez` finds
    `Pedro Núñez`, `ana r` finds `Ana Restrepo`, `ana` does not find `Mariana`."""
    words = fold(owner).split()
    return all(any(w.startswith(q) for w in words) for q in fold(query).split())


@dataclass(frozen=True)
class ActionQuery:
    """Which action items to show; every given condition must hold."""

    open_only: bool = False
    overdue_only: bool = False
    status: str | None = None
    owner: str | None = None
    priorities: frozenset[str] = field(default_factory=frozenset)
    since: dt.date | None = None
    """Incidents on or after this date."""

    def matches(self, row: ActionRow, today: dt.date) -> bool:
        if self.open_only and not row.is_open:
            return False
        if self.overdue_only and not row.days_overdue(today):
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.priorities and row.priority not in self.priorities:
            return False
        if self.since is not None and (
            row.incident.date is None or row.incident.date < self.since
        ):
            return False
        return self.owner is None or owner_matches(self.owner, row.owner)


def _incident_key(incident: Incident) -> tuple[dt.date, str]:
    return incident.date or dt.date.min, incident.incident_id


def select(
    drafts: Iterable[DraftActions], query: ActionQuery, today: dt.date
) -> list[ActionRow]:
    """The items `query` matches: newest incident first; within one, overdue items first (the
    most overdue first), then the rest in the document's order."""
    ordered = sorted(
        (d for d in drafts if d.incident is not None),
        key=lambda d: _incident_key(d.incident),  # type: ignore[arg-type]
        reverse=True,
    )
    rows: list[ActionRow] = []
    for draft in ordered:
        matched = [a for a in draft.actions if query.matches(a, today)]
        matched.sort(key=lambda a: (-a.days_overdue(today), a.index))
        rows.extend(matched)
    return rows


def unreadable(drafts: Sequence[DraftActions]) -> list[DraftActions]:
    return [d for d in drafts if d.error is not None]


# --- the home screen's follow-ups -------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpItem:
    """One line of the home screen's follow-ups: an overdue action item, or a follow-up review
    due this week (or missed: its date passed with nothing recorded)."""

    kind: str  # "action" or "review"
    incident: Incident
    path: Path
    index: int
    when: dt.date
    text: str
    owner: str
    note: str
    """How it stands: `3 days overdue`, `due today`, `in 2 days`, `due 4 days ago` (a review
    missed: nothing recorded since)."""


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def follow_up_items(drafts: Iterable[DraftActions], today: dt.date) -> list[FollowUpItem]:
    """Overdue action items and follow-up reviews due this week or missed, across drafts: the
    most pressing (earliest date) first."""
    items: list[FollowUpItem] = []
    for draft in drafts:
        if draft.incident is None:
            continue
        for a in draft.actions:
            late = a.days_overdue(today)
            if late and a.due is not None:
                text = a.action.strip() or f"Action item {a.item_id}"
                items.append(FollowUpItem(
                    "action", a.incident, a.path, a.index, a.due, f"#{a.item_id} {text}",
                    a.owner, f"{_days(late)} overdue",
                ))
        # Closing a post-mortem ends its review schedule; its action items go on.
        for f in () if draft.incident.status == "Closed" else draft.follow_ups:
            if f.date is None or not (f.is_due(today) or f.is_missed(today)):
                continue
            delta = (f.date - today).days
            note = (
                "due today" if delta == 0
                else f"in {_days(delta)}" if delta > 0
                else f"due {_days(-delta)} ago"  # and nothing recorded since
            )
            items.append(FollowUpItem(
                "review", f.incident, f.path, f.index, f.date,
                f.review_type.strip() or "Follow-up review", f.owner, note,
            ))
    items.sort(key=lambda i: (i.when, i.incident.incident_id, i.kind, i.index))
    return items
