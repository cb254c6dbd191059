"""Values as the template writes them, and as people write them by hand.

Each parser takes the text of a cell or a label (already unescaped) and returns the model's
value, or None when the text holds none (empty, a dash, a placeholder); `ValueError` when the
text is there but cannot be read, with a message naming what was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..model import ActionStatus, Milestone, Priority, Severity, Status
from ..validators import parse_money

__all__ = [
    "action_status",
    "approved",
    "count",
    "date",
    "duration_minutes",
    "hhmm",
    "is_placeholder",
    "milestone_of",
    "money_and_description",
    "placeholders_in",
    "priority",
    "severity",
    "status",
    "time_range",
]

# The seed template's placeholders (what is inside the braces; a digit stands for any number, so
# `{Factor 4 Title}` and `{cause 5}` are placeholders too), compared without case. Only these:
# braces are ordinary text to the export (`{user_id}` stays as typed), so a typed text equal to
# one of them is the one thing read back as a placeholder.
def _normal(inner: str) -> str:
    return re.sub(r"[0-9]+", "0", " ".join(inner.lower().split()))


_TEMPLATE_PLACEHOLDERS = frozenset(
    _normal(p)
    for p in (
        "0-2", "0-3", "Author Name", "Author Role", "Compliance implications, if any", "DATE",
        "DURATION", "Date", "Documentation update", "Draft | Reviewed | Closed", "END_TIME",
        "Factor 0 Title", "HH:MM", "How it contributed to the incident", "How related",
        "How was the fix verified?", "INCIDENT_TITLE", "Impact on stakeholder trust",
        "Impact on team confidence/morale", "Improve detection action",
        "Include relevant code snippets, configurations, or commands if helpful",
        "Key discovery or action",
        "Key log excerpts that illustrate the issue - sanitize any sensitive data",
        "Link to related GitHub issue or PR", "Link to relevant documentation",
        "Link to vendor status page at time of incident",
        "Links to relevant Grafana dashboards or embedded screenshots", "NNN", "Name",
        "None / description", "N", "Open/In Progress/Done", "Prevent recurrence action",
        "Process improvement", "Role", "START_TIME", "Specific change 0",
        "Training/knowledge share", "Verification step 0", "What was done to restore service?",
        "What was the factor", "X", "YYYY-MM-DD", "YYYYMMDD", "amount", "cause 0", "command 0",
        "description", "link or screenshot", "link", "new_configuration", "old_configuration",
        "root cause", "symptom", "Any configuration that was changed as part of resolution",
        "Analysis of gaps in monitoring, testing, or process that allowed this to happen.",
        'Analysis of the underlying causes. Use the "5 Whys" technique if appropriate.',
        "Detailed technical explanation of what went wrong. Be specific about the sequence of "
        "events and the technical components involved.",
        "One paragraph summary of what happened, the impact, and how it was resolved. This "
        "should be understandable by non-technical stakeholders.",
    )
)
# Placeholders whose example after the colon varies: `{Gap 1: e.g., "..."}`.
_TEMPLATE_PREFIXES = frozenset({"gap 0", "positive aspect 0", "improvement area 0"})
_BRACES = re.compile(r"\{([^{}\n]{1,200})\}")
_BRACKETS = re.compile(r"\[([^\[\]\n]{1,80})\]")
# Words the template writes around its placeholders: `{X} minutes`, `P{0-3}`, `INC-{...}`,
# and the 5 Whys' `Why did {symptom} occur?`, `Because {cause 1}`.
_FILLER = frozenset({"p", "inc", "minute", "minutes", "min", "trade", "trades", "why", "did",
                     "occur", "happen", "because"})
_EMPTY = frozenset({"", "—", "–", "n/a", "na", "tbd", "tba", "?", "unknown", "-", "none yet"})


def _is_template_placeholder(inner: str) -> bool:
    words = _normal(inner)
    return words in _TEMPLATE_PLACEHOLDERS or words.partition(":")[0] in _TEMPLATE_PREFIXES


def placeholders_in(text: str) -> list[str]:
    """The template's `{...}` placeholders in `text`."""
    if "{" not in text:
        return []
    return [m.group(0) for m in _BRACES.finditer(text) if _is_template_placeholder(m.group(1))]


def is_placeholder(text: str) -> bool:
    """Whether `text` is nothing but the template's placeholders (`{Name}`, or `[Name]` for
    the whole text) and the words the template writes around them."""
    stripped = text.strip()
    if not stripped:
        return False
    bracket = _BRACKETS.fullmatch(stripped)
    if bracket and len(bracket.group(1)) > 1:  # `[x]` is a check box
        return _is_template_placeholder(bracket.group(1))
    found = placeholders_in(stripped)
    if not found:
        return False
    rest = stripped
    for placeholder in found:
        rest = rest.replace(placeholder, " ")
    return all(word.lower() in _FILLER for word in re.findall(r"[^\W\d_]+|\d+", rest))


def _blank(text: str) -> bool:
    return text.strip().strip("*_").strip().lower() in _EMPTY


# --- numbers ---------------------------------------------------------------------------------

_APPROX = re.compile(r"^(?:~|≈|about|approx(?:\.|imately)?|around|roughly|est(?:\.|imated)?)\s*",
                     re.IGNORECASE)
_NUMBER = re.compile(r"^([0-9]{1,3}(?:([,.' \u00a0_])[0-9]{3})(?:\2[0-9]{3})*|[0-9]+)(?![0-9])")
_ZERO_WORDS = frozenset({"none", "no", "zero", "nil", "0"})


def count(text: str) -> int | None:
    """A whole number with its unit: `1,843 trades`, `1 843`, `~1200`, `none` -> 0."""
    t = text.strip().strip("*_").strip()
    if _blank(t):
        return None
    if t.lower() in _ZERO_WORDS or t.lower().startswith(("none ", "no ")):
        return 0
    t = _APPROX.sub("", t)
    m = _NUMBER.match(t)
    if not m:
        raise ValueError(f'expected a whole number such as 1,843, got "{text.strip()}"')
    return int(re.sub(r"[^0-9]", "", m.group(1)))


_DURATION_PART = re.compile(
    r"([0-9]+(?:[.,][0-9]+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b",
    re.IGNORECASE,
)
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1, "s": 1 / 60}


def duration_minutes(text: str) -> int | None:
    """`95 minutes`, `95 min`, `1h 35m`, `1 hour 35 minutes`, `1:35` (h:mm), `2d 3h`."""
    t = _APPROX.sub("", text.strip().strip("*_").strip())
    if _blank(t):
        return None
    if t.lower() in _ZERO_WORDS:
        return 0
    minutes = re.fullmatch(r"([0-9][0-9,.' \u00a0_]*?)\s*(?:minutes?|mins?|m)?\.?", t,
                           re.IGNORECASE)
    if minutes:  # `1,000 minutes` (as the export writes it), `95 min`, `95`
        return count(minutes.group(1))
    hm = re.fullmatch(r"([0-9]{1,3}):([0-5][0-9])(?:\s*h)?", t)
    if hm:
        return int(hm.group(1)) * 60 + int(hm.group(2))
    parts = list(_DURATION_PART.finditer(t))
    if parts:
        leftover = _DURATION_PART.sub("", t).strip(" ,and")
        if not leftover:
            total = sum(
                float(p.group(1).replace(",", ".")) * _UNIT_MINUTES[p.group(2)[0].lower()]
                for p in parts
            )
            return round(total)
    try:
        return count(t)  # a bare number of minutes: `95`, `1,240 minutes` read above
    except ValueError:
        raise ValueError(
            f'expected a duration such as 95 minutes or 1h 35m, got "{text.strip()}"'
        ) from None


def money_and_description(text: str) -> tuple[str, str]:
    """`$41,250 / lost revenue` -> (`$41,250`, `lost revenue`): an amount first, when the text
    starts with one (before ` / `, or followed by words), and what it is."""
    t = text.strip()
    head, sep, tail = t.partition(" / ")
    if sep and _is_money(head):
        return head.strip(), tail.strip()
    if _is_money(t):
        return t, ""
    # `$41,250 in lost commissions`, `USD 1,200 (estimated)`
    m = re.match(r"^((?:[A-Z]{3}\s?|US\$|COL\$|[$€£])?\s?[0-9][0-9.,' ]*(?:\s?[A-Z]{3})?)\s+(.+)$",
                 t)
    if m and _is_money(m.group(1).strip()) and not sep:
        return m.group(1).strip(), m.group(2).strip(" -–—()")
    return "", t


def _is_money(text: str) -> bool:
    try:
        parse_money(text.strip())
    except ValueError:
        return False
    return bool(text.strip())


# --- dates and times -------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(?<![0-9])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
_DAY_MONTH_YEAR = re.compile(r"(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+"
                             r"([0-9]{4})")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})")


def date(text: str) -> dt.date | None:
    """`2025-03-04` (as the template writes it), `2025/03/04`, `4 March 2025`, `March 4, 2025`,
    with a weekday or a time around it."""
    t = text.strip().strip("*_").strip()
    if _blank(t):
        return None
    found: tuple[int, int, int] | None = None
    if m := _ISO.search(t):
        found = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif (m := _DAY_MONTH_YEAR.search(t)) and m.group(2).lower() in _MONTHS:
        found = (int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    elif (m := _MONTH_DAY_YEAR.search(t)) and m.group(1).lower() in _MONTHS:
        found = (int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    if found is None:
        raise ValueError(f'expected a date as YYYY-MM-DD, got "{text.strip()}"')
    try:
        return dt.date(*found)
    except ValueError:
        raise ValueError(f'not a real date: "{text.strip()}"') from None


_TIME = re.compile(
    r"(?<![0-9:.])([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?"
    r"(?:\s*([AaPp])\.?\s?[Mm]\.?)?(?![0-9])"
)


def _time_of(m: re.Match[str]) -> dt.time:
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        if hour > 12:
            raise ValueError(f'not a time: "{m.group(0)}"')
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return dt.time(hour, minute)


def hhmm(text: str) -> tuple[dt.time | None, bool]:
    """A time of day and whether it is marked as the next day: `09:15`, `9:15`, `0915`,
    `9:15 am`, `09:15:30`, `09:15 COT`, `09:15 (+1 day)`, a date before it."""
    t = text.strip().strip("*_").strip()
    next_day = "+1" in t
    if _blank(t):
        return None, False
    if re.fullmatch(r"[0-9]{3,4}", t):  # HHMM
        t = f"{t[:-2]}:{t[-2:]}"
    m = _TIME.search(t)
    if m is None:
        raise ValueError(f'expected a time as HH:MM (COT), got "{text.strip()}"')
    return _time_of(m), next_day


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|until)\s*", re.IGNORECASE)


def time_range(text: str) -> tuple[dt.time | None, dt.time | None, str]:
    """`09:15 - 10:50 (1h 35m)` -> (start, end, the duration as written, if any)."""
    t = text.strip()
    times = list(_TIME.finditer(t))
    duration = ""
    paren = re.findall(r"\(([^()]*)\)", t)
    for inside in paren:
        if "+1" not in inside and not _TIME.fullmatch(inside.strip()):
            duration = inside.strip()
    if not times:
        return None, None, duration or t
    start = _time_of(times[0])
    end = None
    if (len(times) > 1 and _RANGE_SEP.fullmatch(t[times[0].end() : times[1].start()].strip()
                                              or "-")) or len(times) > 1:
        end = _time_of(times[1])
    return start, end, duration


# --- choices ---------------------------------------------------------------------------------


def severity(text: str) -> Severity | None:
    """`P1`, `P1 - Major`, `Sev 1`, `SEV-1`."""
    t = text.strip().strip("*_").strip()
    if _blank(t):
        return None
    m = re.match(r"^(?:p|sev(?:erity)?)[\s-]*([0-3])\b", t, re.IGNORECASE)
    if not m:
        raise ValueError(f'expected a severity P0 to P3, got "{text.strip()}"')
    return Severity(f"P{m.group(1)}")


_STATUS_WORDS = {"draft": Status.DRAFT, "in review": Status.DRAFT, "reviewed": Status.REVIEWED,
                 "final": Status.REVIEWED, "approved": Status.REVIEWED, "closed": Status.CLOSED}


def status(text: str) -> Status | None:
    t = text.strip().strip("*_").strip().lower()
    if not t:
        return None
    if t in _STATUS_WORDS:
        return _STATUS_WORDS[t]
    raise ValueError(f'expected Draft, Reviewed or Closed, got "{text.strip()}"')


_PRIORITY_WORDS = {"critical": Priority.P0, "urgent": Priority.P0, "high": Priority.P1,
                   "medium": Priority.P2, "low": Priority.P2}


def priority(text: str) -> Priority | None:
    t = text.strip().strip("*_").strip()
    if _blank(t):
        return None
    m = re.match(r"^p([0-2])\b", t, re.IGNORECASE)
    if m:
        return Priority(f"P{m.group(1)}")
    if t.lower() in _PRIORITY_WORDS:
        return _PRIORITY_WORDS[t.lower()]
    raise ValueError(f'expected a priority P0, P1 or P2, got "{text.strip()}"')


_ACTION_STATUS_WORDS = {
    "open": ActionStatus.OPEN, "to do": ActionStatus.OPEN, "todo": ActionStatus.OPEN,
    "not started": ActionStatus.OPEN, "planned": ActionStatus.OPEN, "new": ActionStatus.OPEN,
    "in progress": ActionStatus.IN_PROGRESS, "in-progress": ActionStatus.IN_PROGRESS,
    "wip": ActionStatus.IN_PROGRESS, "ongoing": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS, "doing": ActionStatus.IN_PROGRESS,
    "done": ActionStatus.DONE, "closed": ActionStatus.DONE, "complete": ActionStatus.DONE,
    "completed": ActionStatus.DONE, "finished": ActionStatus.DONE, "fixed": ActionStatus.DONE,
    "✅": ActionStatus.DONE, "✓": ActionStatus.DONE,
}


def action_status(text: str) -> ActionStatus | None:
    t = " ".join(text.strip().strip("*_").strip().lower().split())
    if _blank(t):
        return None
    if t in _ACTION_STATUS_WORDS:
        return _ACTION_STATUS_WORDS[t]
    raise ValueError(f'expected Open, In Progress or Done, got "{text.strip()}"')


_YES = frozenset({"yes", "y", "true", "approved", "✓", "✔", "✅", "x", "[x]", "lgtm"})
_NO = frozenset({"no", "n", "false", "rejected", "✗", "✘", "❌", "[ ]"})


def approved(text: str) -> bool | None:
    """`Yes` / `No` / `Pending` (empty, a dash, `Yes/No` left from the template: None)."""
    t = text.strip().strip("*_").strip().lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    if _blank(t) or t in ("pending", "yes/no", "waiting", "not yet"):
        return None
    raise ValueError(f'expected Yes, No or Pending, got "{text.strip()}"')


# --- timeline milestones ---------------------------------------------------------------------

_MILESTONE_WORDS: dict[Milestone, tuple[str, ...]] = {
    Milestone.FIRST_SYMPTOM: ("first symptom", "symptom first", "issue started",
                              "incident started", "impact started", "problem started"),
    Milestone.ALERT_TRIGGERED: ("alert triggered", "alert fired", "alert raised", "alerted",
                                "page sent", "paged", "alarm"),
    Milestone.ON_CALL_ACKNOWLEDGED: ("on-call acknowledged", "on call acknowledged",
                                     "oncall acknowledged", "acknowledged", "ack"),
    Milestone.INVESTIGATION_STARTED: ("initial investigation started", "investigation started",
                                      "investigation began", "started investigating",
                                      "began investigating", "investigating"),
    Milestone.KEY_DISCOVERY: ("key discovery", "key finding"),
    Milestone.ROOT_CAUSE_IDENTIFIED: ("root cause identified", "root cause found",
                                      "cause identified", "root cause"),
    Milestone.MITIGATION_APPLIED: ("mitigation applied", "mitigated", "mitigation",
                                   "workaround applied", "fix applied", "rollback"),
    Milestone.SERVICE_RESTORED: ("service restored", "restored", "recovered",
                                 "service recovered", "back to normal"),
    Milestone.INCIDENT_CLOSED: ("incident closed", "closed", "incident resolved", "resolved"),
}


@functools.cache
def _any_wording() -> re.Pattern[str]:
    """One pattern for every milestone's label and wording: most rows match none."""
    phrases = {m.label.lower() for m in Milestone}
    phrases.update(p for words in _MILESTONE_WORDS.values() for p in words)
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


def milestone_of(event: str, taken: set[Milestone]) -> Milestone | None:
    """The template milestone an event's wording names (`Alert triggered: ...`, `Alert fired`),
    among those not `taken` by an earlier row: its label first, then common wordings."""
    words = event.strip().strip("*_").strip().lower()
    if not words or len(taken) == len(Milestone):
        return None
    if not _any_wording().match(words):
        return None
    for milestone in Milestone:
        if milestone not in taken and words.startswith(milestone.label.lower()):
            return milestone
    for milestone, phrases in _MILESTONE_WORDS.items():
        if milestone in taken:
            continue
        if any(words.startswith(p) and not words[len(p) : len(p) + 1].isalnum()
               for p in phrases):
            return milestone
    return None
