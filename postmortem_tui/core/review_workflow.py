"""The review workflow: a post-mortem's status moves Draft -> Reviewed -> Closed only through an
explicit step (`postmortem status`, the wizard's palette), each step checked and recorded.

- Reviewed needs a complete document (nothing blocking, judged as a Reviewed document, where a
  listed reviewer who has not approved blocks) and at least one reviewer who approved, with the
  date of the review.
- Closed needs Reviewed, a complete document, and every P0 action item Done or accepted as open
  by its ID (`accept_open`): closing with a P0 item still open is a decision, said by name.
- Going back (Reviewed or Closed to Draft, Closed to Reviewed) is reopening: it needs a reason.

Each step adds a document-history row (`history.record_change`): the version goes 0.x while
Draft, 1.0 when first Reviewed, 1.x after; the date; the author; what changed and why.

A Closed post-mortem is read-only (`read_only`: `ensure_editable`, or `ensure_editable_data` for
a draft's raw data, refuses with how to reopen); its action items stay updatable
(`action_update`): follow-up goes on after closing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from .errors import DraftError
from .history import REVIEWED_CHANGES, latest_version, record_change
from .model import ActionItem, ActionStatus, FollowUp, HistoryEntry, PostMortem, Priority, Status

ORDER = (Status.DRAFT, Status.REVIEWED, Status.CLOSED)

# --- what a step needs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a status change is refused: each thing missing, said so a person can fix it."""

    target: Status
    missing: tuple[str, ...]
    open_p0: tuple[int, ...] = ()
    """The open P0 items that could be accepted as open to close anyway."""
    needs_reason: bool = False


class WorkflowRefused(DraftError):
    """The status change is refused; nothing was changed."""

    def __init__(self, ident: str, refusal: Refusal) -> None:
        self.refusal = refusal
        verb = "reopened" if refusal.needs_reason else f"marked {refusal.target.value}"
        super().__init__(
            f"{ident or 'this post-mortem'} cannot be {verb} yet: " + "; ".join(refusal.missing)
        )


def _approved_with_date(doc: PostMortem) -> list[str]:
    return [
        r.name.strip() or f"reviewer {i + 1}"
        for i, r in enumerate(doc.signoff.reviewers)
        if r.approved is True and r.date_reviewed is not None
    ]


def _blocking_as(doc: PostMortem, target: Status, today: dt.date | None) -> list[str]:
    """Everything that blocks the document once its status is `target`."""
    from .completeness import blocking_findings
    from .sections import section

    trial = doc.model_copy(deep=True)
    trial.header.status = target
    return [f"{section(f.section).title}: {f.message}" for f in blocking_findings(trial, today)]


def open_p0_items(doc: PostMortem) -> list[ActionItem]:
    return [
        a for a in doc.actions if a.priority is Priority.P0 and a.status is not ActionStatus.DONE
    ]


def is_reopening(old: Status, new: Status) -> bool:
    return ORDER.index(new) < ORDER.index(old)


def check_move(
    doc: PostMortem,
    target: Status,
    *,
    reason: str = "",
    accept_open: Collection[int] = (),
    today: dt.date | None = None,
) -> Refusal | None:
    """Why the document cannot move to `target` now; None when it can (or is there)."""
    old = doc.header.status
    if target is old:
        return None
    if is_reopening(old, target):
        if reason.strip():
            return None
        return Refusal(target, (
            f"going back from {old.value} to {target.value} is reopening, and needs a reason "
            "(it is recorded in the document history)",
        ), needs_reason=True)
    missing: list[str] = []
    if target is Status.CLOSED and old is Status.DRAFT:
        return Refusal(target, ("it must be Reviewed before it is Closed",))
    missing += _blocking_as(doc, target, today)
    if target is Status.REVIEWED and not _approved_with_date(doc):
        dated = [r for r in doc.signoff.reviewers if r.approved is True]
        missing.append(
            "Sign-off: a reviewer approved but without a review date; set their Date reviewed"
            if dated else
            "Sign-off: no reviewer has approved yet (a reviewer with Approved Yes and the "
            "Date reviewed)"
        )
    open_p0: tuple[int, ...] = ()
    if target is Status.CLOSED:
        open_items = open_p0_items(doc)
        accepted = set(accept_open)
        for n in sorted(accepted - {a.id for a in open_items}):
            missing.append(f"action item {n} is not an open P0 item, so it cannot be accepted "
                           "as open")
        waiting = [a for a in open_items if a.id not in accepted]
        open_p0 = tuple(a.id for a in waiting)
        for a in waiting:
            missing.append(
                f"P0 action item {a.id} is {a.status.value}, not Done: finish it, or accept "
                "it as open by its ID"
            )
    return Refusal(target, tuple(missing), open_p0) if missing else None


def is_first_review(doc: PostMortem, target: Status) -> bool:
    """Whether the step to `target` starts version 1.0: Reviewed while every version is 0.x."""
    latest = latest_version(doc)
    return target is Status.REVIEWED and (latest is None or latest[0] == 0)


def _changes(
    doc: PostMortem, old: Status, target: Status, reason: str, accept_open: Collection[int]
) -> str:
    reason = " ".join(reason.split())
    if is_reopening(old, target):
        return f"Reopened as {target.value} (was {old.value}): {reason}"
    if target is Status.REVIEWED:
        text = f"{REVIEWED_CHANGES} (approved by {', '.join(_approved_with_date(doc))})"
    else:
        text = "Closed"
        accepted = sorted(accept_open)
        if accepted:
            ids = ", ".join(str(n) for n in accepted)
            text += f"; P0 action item{'s' if len(accepted) > 1 else ''} {ids} accepted as open"
    return f"{text}: {reason}" if reason else text


def move(
    doc: PostMortem,
    target: Status,
    today: dt.date,
    *,
    reason: str = "",
    accept_open: Collection[int] = (),
    author: str | None = None,
) -> HistoryEntry | None:
    """Move the document to `target` and record it; the history row, or None when it is there
    already. Raises `WorkflowRefused` saying everything that is missing (nothing changed)."""
    old = doc.header.status
    refusal = check_move(doc, target, reason=reason, accept_open=accept_open, today=today)
    if refusal is not None:
        raise WorkflowRefused(doc.header.incident_id, refusal)
    if target is old:
        return None
    major = is_first_review(doc, target)
    changes = _changes(doc, old, target, reason, accept_open)
    doc.header.status = target
    return record_change(doc, changes, today, author=author, major=major)


# --- follow-up reviews -------------------------------------------------------------------------


def missed_follow_ups(doc: PostMortem, today: dt.date) -> list[tuple[int, FollowUp]]:
    """Follow-up reviews whose date has passed with nothing recorded since: no document-history
    row dated on or after it. A Closed post-mortem has none (its reviews are over)."""
    if doc.header.status is Status.CLOSED:
        return []
    # `action_report.follow_up_recorded`, without importing that module's report types.
    return [
        (i, f)
        for i, f in enumerate(doc.signoff.follow_ups)
        if f.date is not None and f.date < today
        and not any(h.date is not None and h.date >= f.date for h in doc.history)
    ]
