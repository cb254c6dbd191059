"""What a post-mortem still lacks before it is final, section by section.

Judged as a demanding reviewer would. A finding is either *blocking* (the final export refuses
the document until it is fixed) or *weak* (worth a look; never stops anything).

The rules are the checks themselves, one function a section (`_header`, `_summary`, ... in
`_CHECKERS`), each finding saying what is missing or weak and why; the thresholds are the
constants below. Free text is also read for the team's blameless rule (`_BLAME_RE`: "human
error", "should have", ...) and for secrets pasted into logs (`_SECRET_RE`): weak findings.

Section state: "empty" when nothing of the section has been filled in (the prefilled milestone
events and actors and the blank Whys of a new document count as nothing), "done" when there is
no blocking finding, else "partial". Empty list entries (a blank bullet) never count as content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

from . import timeutil
from .model import (
    ActionStatus,
    Category,
    Milestone,
    PostMortem,
    Status,
    TimelineEvent,
)
from .sections import SECTIONS
from .text import cut
from .timeutil import format_hhmm, format_minutes

Path = tuple[str | int, ...]
State = Literal["done", "partial", "empty"]

SHORT_SUMMARY_WORDS = 20
SHORT_WHAT_HAPPENED_WORDS = 25
MIN_WHYS = 3
# A row or an end time this far after the start is more likely a typo than a long incident.
SUSPICIOUS_MINUTES = 12 * 60


@dataclass(frozen=True)
class Finding:
    section: str
    path: Path
    message: str
    blocking: bool


@dataclass(frozen=True)
class SectionReport:
    key: str
    title: str
    state: State
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def weak(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.blocking)


# --- phrases --------------------------------------------------------------------------------

_BLAME_RE = re.compile(
    r"\b(?:human error|operator error|user error|pilot error"
    r"|should(?:n't| not)? have|should've|shouldn't've"
    r"|careless(?:ness|ly)?|fault of|(?:his|her|their|my|your|our) fault|at fault"
    r"|blam(?:e|ed|es|ing)|negligen(?:ce|t|tly)|incompeten(?:ce|t)"
    r"|sloppy|stupid|screwed up|dropped the ball)\b",
    re.IGNORECASE,
)
# `password=...`, `api_key: ...`, `Authorization: Bearer ...`: only the key name is reported.
# Values already masked (`***`, `<redacted>`, `$TOKEN`, `{{ secret }}`) are fine.
_SECRET_RE = re.compile(
    r"\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|token"
    r"|authorization)\b[\"']?\s*[=:]\s*[\"']?"
    r"(?![*<\[${]|x{3}|redacted|hidden|masked|none\b|null\b|\s|$)\S",
    re.IGNORECASE,
)


def _blame_phrases(text: str) -> list[str]:
    """Every blaming phrase in `text`, once each, in order: a reviewer fixes them all at once."""
    return list(dict.fromkeys(m.group(0).lower() for m in _BLAME_RE.finditer(text)))


# The characters other than ASCII letters that `_SECRET_RE` (ignoring case) takes for a letter
# of a key name: İ and ı for i, ſ for s, the Kelvin sign for k.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
# Every key name `_SECRET_RE` knows contains one of these.
_SECRET_STEMS = (b"pass", b"pwd", b"secret", b"key", b"token", b"authorization")


def _secret_key(text: str) -> str | None:
    # The regex takes 70-90 ms over a megabyte of pasted logs, in one call that holds the GIL
    # (so it stalls the UI while the wizard assesses in a thread). Most texts name no key at
    # all, which a few quick passes rule out exactly: the key names are ASCII, UTF-8 keeps
    # ASCII bytes as they are, `bytes.lower` lowers ASCII only, and a text holding one of the
    # other characters the regex takes for a letter goes to the regex.
    if not any(c in text for c in _FOLDS_TO_ASCII):
        lowered = text.encode("utf-8", "surrogatepass").lower()
        if not any(stem in lowered for stem in _SECRET_STEMS):
            return None
    m = _SECRET_RE.search(text)
    return m.group(1).lower() if m else None


def _words(text: str) -> int:
    return len(text.split())


def _filled(items: Iterable[str]) -> int:
    return sum(1 for item in items if item.strip())


def _short(text: str, limit: int = 40) -> str:
    one = " ".join(text.split())
    return cut(one, limit)


# --- the checks of one section --------------------------------------------------------------


@dataclass
class _Checks:
    """Findings of one section, plus how many required things are met (for the percentage)."""

    key: str
    findings: list[Finding] = field(default_factory=list)
    met: int = 0
    total: int = 0

    def require(self, ok: bool, path: Path, message: str) -> bool:
        self.total += 1
        if ok:
            self.met += 1
        else:
            self.findings.append(Finding(self.key, path, message, True))
        return ok

    def require_all(self, subject: str, parts: list[tuple[bool, Path, str]]) -> bool:
        """One finding for everything a row lacks: `Action item 3 has no owner or due date`."""
        self.total += len(parts)
        missing = [(path, label) for ok, path, label in parts if not ok]
        self.met += len(parts) - len(missing)
        if missing:
            labels = [label for _, label in missing]
            said = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
            self.findings.append(Finding(self.key, missing[0][0], f"{subject} has no {said}", True))
        return not missing

    def require_count(self, have: int, need: int, path: Path, message: str) -> None:
        self.total += need
        self.met += min(have, need)
        if have < need:
            self.findings.append(Finding(self.key, path, message, True))

    def block(self, path: Path, message: str) -> None:
        """A blocking finding that is not one of the counted requirements."""
        self.total += 1
        self.findings.append(Finding(self.key, path, message, True))

    def weak(self, path: Path, message: str) -> None:
        self.findings.append(Finding(self.key, path, message, False))

    def blameless(self, path: Path, label: str, text: str) -> None:
        phrases = _blame_phrases(text)
        if phrases:
            quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
            self.weak(
                path,
                f"Blameless: {quoted} in {label} — describe the system or process that "
                "allowed it",
            )

    def secrets(self, path: Path, label: str, text: str) -> None:
        key = _secret_key(text)
        if key:
            self.weak(path, f"{label} may contain a secret ('{key}=...'); sanitize it")

    def blank_items(self, items: list[str], path: Path, label: str) -> None:
        for i, item in enumerate(items):
            if not item.strip():
                self.weak((*path, i), f"{label}: item {i + 1} is empty")


# --- sections -------------------------------------------------------------------------------


def _header(doc: PostMortem, today: date, c: _Checks) -> bool:
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


def _summary(doc: PostMortem, today: date, c: _Checks) -> bool:
    text = doc.summary.strip()
    if c.require(bool(text), ("summary",), "Executive summary is missing"):
        words = _words(text)
        if words < SHORT_SUMMARY_WORDS:
            c.weak(
                ("summary",),
                f"Executive summary is very short ({words} words): say what happened, the "
                "impact and how it was resolved",
            )
        c.blameless(("summary",), "the executive summary", text)
    return bool(text)


def _impact(doc: PostMortem, today: date, c: _Checks) -> bool:
    im = doc.impact
    p = "impact"
    c.require(
        im.trading_downtime_minutes is not None,
        (p, "trading_downtime_minutes"),
        "Trading downtime is missing (0 if trading was not affected)",
    )
    c.require(
        im.missed_trades is not None, (p, "missed_trades"), "Missed trades is missing (0 if none)"
    )
    c.require(
        im.erroneous_trades is not None,
        (p, "erroneous_trades"),
        "Erroneous trades is missing (0 if none)",
    )
    c.require(
        bool(im.financial_amount.strip()),
        (p, "financial_amount"),
        "Financial impact amount is missing (0 if none)",
    )
    c.require(
        bool(im.users_affected.strip()),
        (p, "users_affected"),
        "Users/systems affected is missing",
    )
    c.require(
        bool(im.data_loss.strip()),
        (p, "data_loss"),
        'Data loss is missing (write "None" if no data was lost)',
    )
    c.require_count(
        _filled(im.qualitative),
        1,
        (p, "qualitative"),
        "Qualitative impact has no bullet (team confidence, stakeholder trust, compliance)",
    )
    if im.financial_amount.strip() and not im.financial_description.strip():
        c.weak(
            (p, "financial_description"),
            "Financial impact has no description of what the amount is",
        )
    duration = doc.header.duration_minutes
    downtime = im.trading_downtime_minutes
    if downtime is not None and duration is not None and downtime > duration:
        c.weak(
            (p, "trading_downtime_minutes"),
            f"Trading downtime ({downtime} minutes) is longer than the incident "
            f"({format_minutes(duration)})",
        )
    c.blank_items(im.qualitative, (p, "qualitative"), "Qualitative impact")
    return bool(
        downtime is not None
        or im.missed_trades is not None
        or im.erroneous_trades is not None
        or im.financial_amount.strip()
        or im.financial_description.strip()
        or im.users_affected.strip()
        or im.data_loss.strip()
        or _filled(im.qualitative)
    )


def _row_label(row: TimelineEvent) -> str:
    text = row.event.strip() or (row.milestone.label if row.milestone else "")
    return f" ({_short(text)})" if text else ""


def _row_is_untouched(row: TimelineEvent) -> bool:
    """Blank, or exactly as a new document prefills it."""
    if row.time is not None:
        return False
    defaults = (
        ("", "")
        if row.milestone is None
        else (
            row.milestone.default_event,
            row.milestone.default_actor,
        )
    )
    return row.event.strip() in ("", defaults[0]) and row.actor.strip() in ("", defaults[1])


def _timeline(doc: PostMortem, today: date, c: _Checks) -> bool:
    rows = doc.timeline
    for i, row in enumerate(rows):
        parts: list[tuple[bool, Path, str]] = [
            (row.time is not None, ("timeline", i, "time"), "time"),
            (bool(row.event.strip()), ("timeline", i, "event"), "event"),
            (bool(row.actor.strip()), ("timeline", i, "actor"), "actor"),
        ]
        # The label is only worked out for a row that lacks something: timelines can be long.
        subject = "" if all(ok for ok, _, _ in parts) else f"Timeline row {i + 1}{_row_label(row)}"
        c.require_all(subject, parts)
    present = {row.milestone for row in rows}
    for m in Milestone:
        c.require(m in present, ("timeline",), f"Timeline has no '{m.label}' row")
    offsets = doc.timeline_offsets()
    duration = doc.header.duration_minutes or 0
    limit = max(SUSPICIOUS_MINUTES, duration + 60)
    c.total += 1
    if doc.timeline_is_chronological():
        c.met += 1
    else:
        path, message = _out_of_order(doc, offsets, limit)
        c.findings.append(Finding(c.key, path, message, True))
    _next_day_rows(doc, offsets, limit, c)
    return not all(_row_is_untouched(row) for row in rows)


def _out_of_order(doc: PostMortem, offsets: list[int | None], limit: int) -> tuple[Path, str]:
    """Where the timeline first goes back in time, said so a person can fix it."""
    start = doc.timeline_anchor()
    latest: tuple[int, int, time] | None = None
    for i, (row, offset) in enumerate(zip(doc.timeline, offsets, strict=True)):
        if offset is None or row.time is None:
            continue
        if latest is not None and offset < latest[0]:
            late, j, earlier = latest
            if start is not None and late > limit:
                # A row just before the start reads as the next day: the start is likely wrong.
                return (
                    ("timeline", j, "time"),
                    f"Timeline row {j + 1} at {format_hhmm(earlier)} is before the start time "
                    f"{format_hhmm(start)}, so it reads as the next day and the rows are out "
                    "of order; correct the start time or the row",
                )
            return (
                ("timeline", i, "time"),
                f"Timeline is out of order: row {i + 1} at {format_hhmm(row.time)} comes after "
                f"row {j + 1} at {format_hhmm(earlier)}",
            )
        latest = (offset, i, row.time)
    return ("timeline",), "Timeline rows are not in chronological order"


def _next_day_rows(doc: PostMortem, offsets: list[int | None], limit: int, c: _Checks) -> None:
    start = doc.timeline_anchor()
    for i, (row, offset) in enumerate(zip(doc.timeline, offsets, strict=True)):
        if offset is not None and offset > limit and row.time is not None:
            c.weak(
                ("timeline", i, "time"),
                f"Timeline row {i + 1} at {format_hhmm(row.time)} reads as "
                f"{format_minutes(offset)} after {format_hhmm(start)} (the next day); "
                "is that right?",
            )


def _root_cause(doc: PostMortem, today: date, c: _Checks) -> bool:
    rc = doc.root_cause
    p = "root_cause"
    what = rc.what_happened.strip()
    if c.require(bool(what), (p, "what_happened"), "What happened is missing"):
        words = _words(what)
        if words < SHORT_WHAT_HAPPENED_WORDS:
            c.weak(
                (p, "what_happened"),
                f"What happened is short ({words} words): be specific about the sequence of "
                "events and the components involved",
            )
    c.require(
        bool(rc.why_it_happened.strip()), (p, "why_it_happened"), "Why it happened is missing"
    )

    answered = 0
    last_answered = -1
    for i, why in enumerate(rc.whys):
        q, b = why.question.strip(), why.because.strip()
        if q and b:
            answered += 1
            last_answered = i
        elif b:
            c.block((p, "whys", i, "question"), f"5 Whys #{i + 1} has an answer but no question")
        elif q:
            c.block(
                (p, "whys", i, "because"),
                f"5 Whys #{i + 1} has a question but no answer (answer it, or clear the question)",
            )
    c.require_count(
        answered,
        MIN_WHYS,
        (p, "whys"),
        f"5 Whys: {answered} answered, at least {MIN_WHYS} needed (question and because)",
    )
    if MIN_WHYS <= answered < 5:
        c.weak(
            (p, "whys"),
            f"5 Whys: {answered} of 5 answered; keep asking why until you reach a process or "
            "system cause",
        )
    for i, why in enumerate(rc.whys[: max(last_answered, 0)]):
        if not why.question.strip() and not why.because.strip():
            c.weak((p, "whys", i), f"5 Whys #{i + 1} is empty, between answered ones")

    c.require_count(
        _filled(rc.gaps),
        1,
        (p, "gaps"),
        "Why it wasn't caught earlier: no gap listed (monitoring, testing or process)",
    )
    c.blank_items(rc.gaps, (p, "gaps"), "Why it wasn't caught earlier")

    c.blameless((p, "what_happened"), "What happened", rc.what_happened)
    c.blameless((p, "why_it_happened"), "Why it happened", rc.why_it_happened)
    for i, why in enumerate(rc.whys):
        c.blameless((p, "whys", i), f"5 Whys #{i + 1}", f"{why.question}\n{why.because}")
    for i, gap in enumerate(rc.gaps):
        c.blameless((p, "gaps", i), f"gap {i + 1}", gap)
    c.secrets((p, "snippet"), "The root cause snippet", rc.snippet)

    return bool(
        what
        or rc.why_it_happened.strip()
        or rc.snippet.strip()
        or any(w.question.strip() or w.because.strip() for w in rc.whys)
        or _filled(rc.gaps)
    )


def _factors(doc: PostMortem, today: date, c: _Checks) -> bool:
    factors = doc.factors
    c.require(bool(factors), ("factors",), "No contributing factors listed")
    for i, f in enumerate(factors):
        n = i + 1
        if not (f.title.strip() or f.description.strip() or f.contribution.strip()):
            c.block(("factors", i), f"Contributing factor {n} is empty (fill it in or remove it)")
            continue
        name = f" ({_short(f.title)})" if f.title.strip() else ""
        c.require_all(
            f"Contributing factor {n}{name}",
            [
                (bool(f.title.strip()), ("factors", i, "title"), "title"),
                (bool(f.description.strip()), ("factors", i, "description"), "description"),
                (bool(f.contribution.strip()), ("factors", i, "contribution"), "contribution"),
            ],
        )
        text = f"{f.title}\n{f.description}\n{f.contribution}"
        c.blameless(("factors", i), f"contributing factor {n}", text)
    return any(f.title.strip() or f.description.strip() or f.contribution.strip() for f in factors)


def _resolution(doc: PostMortem, today: date, c: _Checks) -> bool:
    r = doc.resolution
    c.require(
        bool(r.immediate_fix.strip()), ("resolution", "immediate_fix"), "Immediate fix is missing"
    )
    c.require_count(
        _filled(r.verification),
        1,
        ("resolution", "verification"),
        "Verification: no step says how the fix was verified",
    )
    c.blank_items(r.verification, ("resolution", "verification"), "Verification")
    c.secrets(("resolution", "commands"), "The commands run", r.commands)
    return bool(r.immediate_fix.strip() or r.commands.strip() or _filled(r.verification))


def _actions(doc: PostMortem, today: date, c: _Checks) -> bool:
    actions = doc.actions
    c.require(bool(actions), ("actions",), "No action items")
    seen: set[int] = set()
    for i, a in enumerate(actions):
        n = a.id
        if n in seen:
            c.block(("actions", i, "id"), f"Action item ID {n} is used more than once")
        seen.add(n)
        if not (a.action.strip() or a.owner.strip() or a.priority or a.due or a.category):
            c.block(("actions", i), f"Action item {n} is empty (fill it in or remove it)")
            continue
        c.require_all(
            f"Action item {n}",
            [
                (bool(a.action.strip()), ("actions", i, "action"), "action"),
                (bool(a.owner.strip()), ("actions", i, "owner"), "owner"),
                (a.priority is not None, ("actions", i, "priority"), "priority"),
                (a.due is not None, ("actions", i, "due"), "due date"),
            ],
        )
        if a.due is not None and a.due < today and a.status is not ActionStatus.DONE:
            c.weak(
                ("actions", i, "due"),
                f"Action item {n} is overdue (due {a.due.isoformat()}, {a.status.value})",
            )
        if a.category is None:
            c.weak(("actions", i, "category"), f"Action item {n} has no category")
    categories = {a.category for a in actions if a.category is not None}
    if categories and Category.PREVENT_RECURRENCE not in categories:
        c.weak(("actions",), "No action item is to prevent recurrence")
    if doc.header.status is Status.CLOSED:
        open_items = sum(1 for a in actions if a.status is not ActionStatus.DONE)
        if open_items:
            c.weak(("actions",), f"Status is Closed but {open_items} action item(s) are not Done")
    return any(
        a.action.strip() or a.owner.strip() or a.priority or a.due or a.category for a in actions
    )


def _lessons(doc: PostMortem, today: date, c: _Checks) -> bool:
    ls = doc.lessons
    lists = (
        ("went_well", "What went well", ls.went_well),
        ("could_improve", "What could be improved", ls.could_improve),
        ("do_differently", "What we will do differently", ls.do_differently),
    )
    for name, label, items in lists:
        c.require_count(_filled(items), 1, ("lessons", name), f"{label}: nothing listed")
        c.blank_items(items, ("lessons", name), label)
        for i, item in enumerate(items):
            c.blameless(("lessons", name, i), f"{label}, item {i + 1}", item)
    return any(_filled(items) for _, _, items in lists)


def _appendix(doc: PostMortem, today: date, c: _Checks) -> bool:
    ap = doc.appendix
    p = "appendix"
    for i, link in enumerate(ap.metrics_links):
        if link.label.strip() and not link.target.strip():
            c.weak((p, "metrics_links", i, "target"), f"Dashboard link {i + 1} has no link")
        elif link.target.strip() and not link.label.strip():
            c.weak((p, "metrics_links", i, "label"), f"Dashboard link {i + 1} has no label")
    if ap.config_before.strip() and not ap.config_after.strip():
        c.weak((p, "config_after"), "Configuration change has a before but no after")
    elif ap.config_after.strip() and not ap.config_before.strip():
        c.weak((p, "config_before"), "Configuration change has an after but no before")
    for i, rel in enumerate(ap.related):
        parts = {
            "incident_id": bool(rel.incident_id),
            "date": rel.date is not None,
            "similarity": bool(rel.similarity.strip()),
        }
        if any(parts.values()):
            names = {"incident_id": "incident ID", "date": "date", "similarity": "similarity"}
            for key, ok in parts.items():
                if not ok:
                    c.weak((p, "related", i, key), f"Related incident {i + 1} has no {names[key]}")
    c.blank_items(ap.references, (p, "references"), "External references")
    c.secrets((p, "logs"), "The relevant logs", ap.logs)
    c.secrets((p, "config_before"), "The configuration before", ap.config_before)
    c.secrets((p, "config_after"), "The configuration after", ap.config_after)
    return bool(
        ap.logs.strip()
        or ap.metrics_note.strip()
        or any(link.label.strip() or link.target.strip() for link in ap.metrics_links)
        or ap.config_before.strip()
        or ap.config_after.strip()
        or any(r.incident_id or r.date or r.similarity.strip() for r in ap.related)
        or _filled(ap.references)
    )


def _signoff(doc: PostMortem, today: date, c: _Checks) -> bool:
    so = doc.signoff
    au = so.author
    p = "signoff"
    c.require(bool(au.name.strip()), (p, "author", "name"), "Author name is missing")
    c.require(bool(au.role.strip()), (p, "author", "role"), "Author role is missing")
    c.require(au.date_written is not None, (p, "author", "date_written"), "Date written is missing")
    if au.date_written and doc.header.date and au.date_written < doc.header.date:
        c.weak((p, "author", "date_written"), "Date written is before the incident date")

    final = doc.header.status is not Status.DRAFT
    complete = 0
    for i, r in enumerate(so.reviewers):
        n = i + 1
        if not (r.name.strip() or r.role.strip() or r.date_reviewed or r.approved is not None):
            c.weak((p, "reviewers", i), f"Reviewer {n} is empty")
            continue
        who = f" ({_short(r.name, 30)})" if r.name.strip() else ""
        complete += c.require_all(
            f"Reviewer {n}{who}",
            [
                (bool(r.name.strip()), (p, "reviewers", i, "name"), "name"),
                (bool(r.role.strip()), (p, "reviewers", i, "role"), "role"),
            ],
        )
        if r.approved is not True:
            not_yet = "has not approved" if r.approved is None else "did not approve"
            path: Path = (p, "reviewers", i, "approved")
            if final:
                status = doc.header.status.value
                c.block(path, f"Status is {status} but reviewer {n}{who} {not_yet}")
            else:
                c.weak(
                    path, f"Reviewer {n}{who} {not_yet}" + (" yet" if r.approved is None else "")
                )
        elif r.date_reviewed is None:
            c.weak((p, "reviewers", i, "date_reviewed"), f"Reviewer {n}{who} has no review date")
    c.require_count(min(complete, 1), 1, (p, "reviewers"), "No reviewer with a name and role")

    if not so.follow_ups:
        c.weak(
            (p, "follow_ups"),
            "No follow-up schedule (action items check, 30-day retrospective, final close-out)",
        )
    for i, fu in enumerate(so.follow_ups):
        missing = [
            label
            for label, ok in (
                ("date", fu.date is not None),
                ("review type", bool(fu.review_type.strip())),
                ("owner", bool(fu.owner.strip())),
            )
            if not ok
        ]
        if missing:
            c.weak((p, "follow_ups", i), f"Follow-up {i + 1} has no {' or '.join(missing)}")
    return bool(
        au.name.strip()
        or au.role.strip()
        or au.date_written
        or any(
            r.name.strip() or r.role.strip() or r.date_reviewed or r.approved is not None
            for r in so.reviewers
        )
        or any(f.date or f.review_type.strip() or f.owner.strip() for f in so.follow_ups)
    )


def _history(doc: PostMortem, today: date, c: _Checks) -> bool:
    if not doc.history:
        c.weak(("history",), "Document history has no rows (the tool adds one when it saves)")
    for i, h in enumerate(doc.history):
        for name, label, ok in (
            ("date", "date", h.date is not None),
            ("author", "author", bool(h.author.strip())),
            ("changes", "changes", bool(h.changes.strip())),
        ):
            if not ok:
                c.weak(
                    ("history", i, name),
                    f"History row {i + 1} (version {h.version}) has no {label}",
                )
    return bool(doc.history)


_CHECKERS: dict[str, Callable[[PostMortem, date, _Checks], bool]] = {
    "header": _header,
    "summary": _summary,
    "impact": _impact,
    "timeline": _timeline,
    "root_cause": _root_cause,
    "factors": _factors,
    "resolution": _resolution,
    "actions": _actions,
    "lessons": _lessons,
    "appendix": _appendix,
    "signoff": _signoff,
    "history": _history,
}
# Sections that never block; they do not count towards the percentage either.
_NEVER_BLOCKING = frozenset({"appendix", "history"})


@dataclass(frozen=True)
class _Assessed:
    report: SectionReport
    score: float  # 0..1 of the section's required things met; 0 when empty


def _assess(doc: PostMortem, today: date | None) -> list[_Assessed]:
    day = today or timeutil.today_cot()
    out: list[_Assessed] = []
    for sec in SECTIONS:
        checks = _Checks(sec.key)
        has_content = _CHECKERS[sec.key](doc, day, checks)
        findings = tuple(checks.findings)
        if sec.key in _NEVER_BLOCKING:
            findings = tuple(Finding(f.section, f.path, f.message, False) for f in findings)
        blocked = any(f.blocking for f in findings)
        state: State = "empty" if not has_content else ("partial" if blocked else "done")
        if not has_content:
            score = 0.0
        elif not blocked:
            score = 1.0
        else:
            score = checks.met / checks.total if checks.total else 0.0
        out.append(_Assessed(SectionReport(sec.key, sec.title, state, findings), score))
    return out


def assess(doc: PostMortem, today: date | None = None) -> list[SectionReport]:
    """One report per section, in the template's order. `today` (COT) dates overdue items."""
    return [a.report for a in _assess(doc, today)]


def blocking_findings(doc: PostMortem, today: date | None = None) -> list[Finding]:
    """Everything that stops a final export, in the template's order."""
    return [f for report in assess(doc, today) for f in report.findings if f.blocking]


def percent_complete(doc: PostMortem) -> int:
    """0..100: the share of required things filled in, each required section weighing the same.

    100 exactly when nothing blocks; an empty section counts 0 whatever its defaults.
    """
    return _percent(_assess(doc, None))


def assess_with_percent(
    doc: PostMortem, today: date | None = None
) -> tuple[list[SectionReport], int]:
    """`assess` and `percent_complete` from one pass over the document."""
    assessed = _assess(doc, today)
    return [a.report for a in assessed], _percent(assessed)


def _percent(all_assessed: list[_Assessed]) -> int:
    assessed = [a for a in all_assessed if a.report.key not in _NEVER_BLOCKING]
    blocked = any(a.report.blocking for a in assessed)
    if not blocked:
        return 100
    share = sum(a.score for a in assessed) / len(assessed)
    return min(99, int(share * 100))
