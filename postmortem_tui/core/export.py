"""The Markdown export: the team's template, filled in, valid GitHub Markdown whatever was typed.

`to_markdown` reproduces the template's headings, labels, tables, separators and footer in order;
`section_markdown` renders one section for the wizard's live preview. Pure functions of the
document: the same document always gives the same bytes.

The Markdown itself (escaping, inline Markdown, cells, tables, code fences) is written by
`markdown`; this module is the template: which sections, headings, labels and tables, in order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from . import markdown as md
from .markdown import NONE, NOT_YET
from .model import ActionItem, Category, PostMortem, TimelineEvent
from .sections import SECTION_KEYS
from .timeutil import format_hhmm

__all__ = ["FOOTER", "NONE", "NOT_YET", "section_markdown", "to_markdown"]

FOOTER = (
    "*This post-mortem follows the blameless incident analysis methodology. The goal is to learn "
    "and improve, not to assign blame. All times are in COT (Colombia Time, UTC-5).*"
)
SEPARATOR = "---"
NEXT_DAY = "(+1 day)"
NO_COMMANDS = "*No commands recorded.*"
FACTORS_INTRO = (
    "List all factors that contributed to the incident, even if they weren't the primary cause:"
)

def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _count(n: int | None, unit: str) -> str:
    if n is None:
        return NOT_YET
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


def _or(text: str, empty: str = NOT_YET) -> str:
    return text if text else empty


# --- sections ----------------------------------------------------------------------------------

Blocks = list[str]


def _title(doc: PostMortem) -> str:
    title = md.one_line(doc.header.title)
    # A trailing run of `#` after a space would be read as the heading's closing sequence.
    title = re.sub(r"(?:^|(?<=\s))#+$", lambda m: "\\#" * len(m.group(0)), title)
    return md.heading(1, "Post-Mortem: " + (title or "*Untitled*"))


def _duration(doc: PostMortem) -> str:
    h = doc.header
    if h.start_time is None and h.end_time is None:
        return NOT_YET
    start = format_hhmm(h.start_time) or "*start not recorded*"
    end = format_hhmm(h.end_time) or "*end not recorded*"
    if h.start_time is None or h.end_time is None:
        return f"{start} - {end}"
    next_day = f" {NEXT_DAY}" if h.crosses_midnight else ""
    return f"{start} - {end}{next_day} ({h.duration})"


def _header(doc: PostMortem) -> Blocks:
    h = doc.header
    labels = [
        ("Incident ID", h.incident_id or "*Not assigned yet.*"),
        ("Date", _date(h.date) or NOT_YET),
        ("Duration", _duration(doc)),
        ("Severity", h.severity.value if h.severity else NOT_YET),
        ("Status", h.status.value),
    ]
    # Trailing backslashes are hard breaks: GitHub shows one label a line, as the template reads.
    lines = "\\\n".join(f"**{label}**: {value}" for label, value in labels)
    return [_title(doc), lines]


def _summary(doc: PostMortem) -> Blocks:
    return [md.heading(2, "Executive Summary"), md.paragraphs(doc.summary)]


_MONEY_SAFE = re.compile(r"[\w$€£.,' -]*")


def _financial(doc: PostMortem) -> str:
    # The amount is validated money (digits, separators, one currency mark): shown as typed.
    amount = doc.impact.financial_amount.strip()
    if not _MONEY_SAFE.fullmatch(amount):
        amount = md.cell(amount)
    description = md.cell(doc.impact.financial_description)
    return _or(" / ".join(part for part in (amount, description) if part))


def _impact(doc: PostMortem) -> Blocks:
    im = doc.impact
    rows = [
        ["Trading Downtime", _count(im.trading_downtime_minutes, "minute")],
        ["Missed Trades", _count(im.missed_trades, "trade")],
        ["Erroneous Trades", _count(im.erroneous_trades, "trade")],
        ["Financial Impact", _financial(doc)],
        ["Users/Systems Affected", _or(md.cell(im.users_affected))],
        ["Data Loss", _or(md.cell(im.data_loss))],
    ]
    return [
        md.heading(2, "Impact"),
        md.heading(3, "Quantitative Impact"),
        md.table(["Metric", "Value"], rows),
        md.heading(3, "Qualitative Impact"),
        md.bullets(im.qualitative),
    ]


def _event(row: TimelineEvent) -> str:
    event = md.cell(row.event)
    if not event and row.milestone is not None:
        return f"*{row.milestone.label}: not recorded yet.*"
    return _or(event)


def _timeline(doc: PostMortem) -> Blocks:
    rows = []
    for row in doc.sorted_timeline():
        time = format_hhmm(row.time)
        if row.time is not None and doc.is_next_day(row.time):
            time += f" {NEXT_DAY}"
        rows.append([time, _event(row), md.cell(row.actor)])
    return [
        md.heading(2, "Timeline (All Times in COT - Colombia Time)"),
        md.table(["Time", "Event", "Actor"], rows),
    ]


def _numbered(title: str, number: int, subitems: Sequence[tuple[str, str]]) -> str:
    """`1. **title**` (`title` from `md.bold_title`) with `- label text` sub-items indented under
    the title (3 spaces for `1. `, 4 for `10. `), their continuation lines under their text."""
    marker = f"{number}. "
    pad = " " * len(marker)
    lines = [f"{marker}**{title}**"]
    for label, text in subitems:
        body = md.item_text(text, len(pad) + 2)
        lines.append(f"{pad}- {label}{body or NOT_YET}")
    return "\n".join(lines)


def _whys(doc: PostMortem) -> str:
    items: list[str] = []
    for why in doc.root_cause.whys:
        question = md.bold_title(why.question)
        because = why.because.strip()
        if not question and not md.text_lines(because):
            continue
        # The template writes "Because ..."; the author may have typed it already.
        label = "Because " if md.text_lines(because) else ""
        if re.match(r"because\b", because, re.IGNORECASE):
            label, because = "", "B" + because[1:]
        items.append(_numbered(question or "Why?", len(items) + 1, [(label, because)]))
    return "\n\n".join(items) if items else NOT_YET


def _root_cause(doc: PostMortem) -> Blocks:
    rc = doc.root_cause
    blocks = [
        md.heading(2, "Root Cause Analysis"),
        md.heading(3, "What Happened?"),
        md.paragraphs(rc.what_happened),
    ]
    if md.code_text(rc.snippet):
        blocks.append(md.code(rc.snippet, rc.snippet_language))
    return [
        *blocks,
        md.heading(3, "Why Did It Happen?"),
        md.paragraphs(rc.why_it_happened),
        "**5 Whys Analysis:**",
        _whys(doc),
        md.heading(3, "Why Wasn't It Caught Earlier?"),
        md.bullets(rc.gaps),
    ]


def _factors(doc: PostMortem) -> Blocks:
    items: list[str] = []
    for f in doc.factors:
        if not any(md.text_lines(t) for t in (f.title, f.description, f.contribution)):
            continue
        title = md.bold_title(f.title) or "Untitled factor"
        subitems = [("Description: ", f.description), ("Contribution: ", f.contribution)]
        items.append(_numbered(title, len(items) + 1, subitems))
    return [
        md.heading(2, "Contributing Factors"),
        FACTORS_INTRO,
        "\n\n".join(items) if items else NOT_YET,
    ]


def _resolution(doc: PostMortem) -> Blocks:
    res = doc.resolution
    commands = md.code_text(res.commands)
    return [
        md.heading(2, "Resolution"),
        md.heading(3, "Immediate Fix"),
        md.paragraphs(res.immediate_fix),
        md.fence("# Commands or steps taken\n" + commands, "bash") if commands else NO_COMMANDS,
        md.heading(3, "Verification"),
        md.bullets(res.verification),
    ]


def _action_cell(item: ActionItem) -> str:
    action = _or(md.cell(item.action))
    return f"{action} ({item.category.value})" if item.category else action


def _actions(doc: PostMortem) -> Blocks:
    rows = [
        [
            str(a.id),
            _action_cell(a),
            md.cell(a.owner),
            a.priority.value if a.priority else "",
            _date(a.due),
            a.status.value,
        ]
        for a in doc.actions
    ]
    categories = "\n".join(f"- **{c.value}**: {c.meaning}" for c in Category)
    return [
        md.heading(2, "Action Items"),
        md.table(["ID", "Action", "Owner", "Priority", "Due Date", "Status"], rows),
        md.heading(3, "Action Item Categories"),
        categories,
    ]


def _lessons(doc: PostMortem) -> Blocks:
    ll = doc.lessons
    return [
        md.heading(2, "Lessons Learned"),
        md.heading(3, "What Went Well"),
        md.bullets(ll.went_well),
        md.heading(3, "What Could Be Improved"),
        md.bullets(ll.could_improve),
        md.heading(3, "What We Will Do Differently"),
        md.bullets(ll.do_differently),
    ]


def _link(label: str, target: str) -> str:
    label_text = md.one_line(label, block_start=True)
    target_text = md.one_line(target, block_start=not label_text) or NOT_YET
    return f"- {label_text}: {target_text}" if label_text else f"- {target_text}"


def _config_change(doc: PostMortem) -> str:
    ap = doc.appendix
    before, after = md.code_text(ap.config_before), md.code_text(ap.config_after)
    if not before and not after:
        return NONE
    body = f"# Before\n{before or '# (none)'}\n\n# After\n{after or '# (none)'}"
    return md.fence(body, ap.config_language)


def _appendix(doc: PostMortem) -> Blocks:
    ap = doc.appendix
    links = [_link(link.label, link.target) for link in ap.metrics_links
             if md.text_lines(link.label) or md.text_lines(link.target)]
    metrics = [md.paragraphs(ap.metrics_note)] if md.text_lines(ap.metrics_note) else []
    related = [
        [r.incident_id, _date(r.date), md.cell(r.similarity)] for r in ap.related
    ]
    return [
        md.heading(2, "Appendix"),
        md.heading(3, "A. Relevant Logs"),
        md.code(ap.logs, "text"),
        md.heading(3, "B. Metrics and Graphs"),
        *metrics,
        "\n".join(links) if links else NONE,
        md.heading(3, "C. Configuration Changes"),
        _config_change(doc),
        md.heading(3, "D. Related Incidents"),
        md.table(["Incident ID", "Date", "Similarity"], related),
        md.heading(3, "E. External References"),
        md.bullets(ap.references, empty=NONE),
    ]


def _approved(value: bool | None) -> str:
    return "Pending" if value is None else ("Yes" if value else "No")


def _signoff(doc: PostMortem) -> Blocks:
    so = doc.signoff
    author = [
        ["Name", _or(md.cell(so.author.name))],
        ["Role", _or(md.cell(so.author.role))],
        ["Date Written", _date(so.author.date_written) or NOT_YET],
    ]
    reviewers = [
        [md.cell(r.name), md.cell(r.role), _date(r.date_reviewed), _approved(r.approved)]
        for r in so.reviewers
    ]
    follow_ups = [[_date(f.date), md.cell(f.review_type), md.cell(f.owner)] for f in so.follow_ups]
    return [
        md.heading(2, "Sign-off"),
        md.heading(3, "Post-Mortem Author"),
        md.table(["Field", "Value"], author),
        md.heading(3, "Reviewers"),
        md.table(["Name", "Role", "Date Reviewed", "Approved"], reviewers),
        md.heading(3, "Follow-up Schedule"),
        md.table(["Date", "Review Type", "Owner"], follow_ups),
    ]


def _history(doc: PostMortem) -> Blocks:
    rows = [[h.version, _date(h.date), md.cell(h.author), md.cell(h.changes)] for h in doc.history]
    return [
        md.heading(2, "Document History"),
        md.table(["Version", "Date", "Author", "Changes"], rows),
    ]


_SECTIONS: dict[str, Callable[[PostMortem], Blocks]] = {
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
assert tuple(_SECTIONS) == SECTION_KEYS, "export sections out of step with sections.SECTIONS"


def section_markdown(doc: PostMortem, key: str) -> str:
    """One section's Markdown (a key of `sections.SECTION_KEYS`), for a live preview."""
    try:
        render = _SECTIONS[key]
    except KeyError:
        raise KeyError(f"no such section: {key!r}") from None
    return "\n\n".join(render(doc)) + "\n"


def to_markdown(doc: PostMortem) -> str:
    """The whole post-mortem as the template's Markdown, ending with the blameless footer."""
    sections = ["\n\n".join(render(doc)) for render in _SECTIONS.values()]
    return f"\n\n{SEPARATOR}\n\n".join([*sections, FOOTER]) + "\n"
