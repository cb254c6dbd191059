"""Action items for issue trackers: CSV that Jira's and GitLab's importers read (Linear's reads
GitLab's), and a `gh` script creating one GitHub issue per item.

- `jira`: Summary, Description, Assignee, Priority, Due Date, Labels, Labels (Jira reads a
  repeated column as several values of one field; labels cannot hold spaces, so the category is
  written `prevent-recurrence`). Priorities are Jira's default names (P0 Highest, P1 High, P2
  Medium); dates are `yyyy-MM-dd`, the format to give the importer.
- `gitlab`: Title, Description, Due Date.
- `gh`: a POSIX shell script, each text quoted with `shlex.quote`: run it in a clone of the
  repository, or with `GH_REPO=owner/name`. The labels it uses are created first where missing.

Every CSV has one header row, every column in every row, and values with line breaks, commas or
quotes quoted (all values are). The title (Summary, Title) is the action on one line, cut at
`TITLE_MAX`; the description starts with the whole action as typed, then says where it comes
from: the incident's ID and title, the item's ID, owner, priority, due date, status, category
and tracker link.

What is written is the text as typed, except what no tracker should receive: terminal escapes
and control characters other than line breaks are dropped, tabs become spaces, bidi controls go
(`tracker_text`). A CSV cell starting with `=`, `+`, `-` or `@` is written with a `'` before
it: a spreadsheet opening the file would otherwise run it as a formula (CSV injection; OWASP's
advice). Trackers do not evaluate formulas, so such a cell keeps its `'` there; action items
starting with those characters are rare.
"""

from __future__ import annotations

import csv
import io
import shlex
from collections.abc import Callable, Sequence

from .action_report import ActionRow
from .markdown import clean_lines
from .text import BIDI_CODES

FLAVOURS = ("jira", "gitlab", "gh")
TITLE_MAX = 255
"""Jira's and GitLab's longest title (GitHub's is 256)."""
FORMULA_START = ("=", "+", "-", "@")
"""What a spreadsheet takes for the start of a formula (tabs and CRs never start a cell here:
`tracker_text` turns them into spaces and line breaks)."""

JIRA_HEADER = ("Summary", "Description", "Assignee", "Priority", "Due Date", "Labels", "Labels")
GITLAB_HEADER = ("Title", "Description", "Due Date")
JIRA_PRIORITY = {"P0": "Highest", "P1": "High", "P2": "Medium"}

_NO_BIDI = dict.fromkeys(BIDI_CODES)


def tracker_text(text: str) -> str:
    """`text` as trackers receive it: line breaks as `\\n`, no terminal escapes, no control
    characters (tabs become spaces), no bidi controls; the rest exactly as typed."""
    return "\n".join(clean_lines(text)).translate(_NO_BIDI)


def title_text(text: str) -> str:
    """A title: the text's lines joined with a space, cut at `TITLE_MAX` with an ellipsis."""
    joined = " ".join(line.strip() for line in tracker_text(text).split("\n") if line.strip())
    return joined if len(joined) <= TITLE_MAX else joined[: TITLE_MAX - 1] + "…"


def slug(text: str) -> str:
    """A label without spaces, as Jira needs: `Prevent Recurrence` -> `prevent-recurrence`."""
    return "-".join(tracker_text(text).lower().split())


def safe_cell(value: str) -> str:
    """A CSV value a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def item_title(row: ActionRow) -> str:
    return title_text(row.action) or f"Action item {row.item_id} of {row.incident.incident_id}"


def _facts(row: ActionRow) -> list[str]:
    inc = row.incident
    incident_title = title_text(inc.title)
    source = f"From the post-mortem {inc.incident_id}"
    facts = [
        source + (f": {incident_title}" if incident_title else ""),
        f"Action item {row.item_id}",
    ]
    for label, value in (
        ("Owner", title_text(row.owner)),
        ("Priority", row.priority or ""),
        ("Due", row.due.isoformat() if row.due else ""),
        ("Status", row.status),
        ("Category", row.category or ""),
        ("Link", row.link),
    ):
        if value:
            facts.append(f"{label}: {value}")
    return facts


FACTS_SEPARATOR = "\n\n"


def description(row: ActionRow) -> str:
    """The whole action as typed, a blank line, then one line a fact; each fact is one line,
    so the action is everything before the last blank line."""
    action = tracker_text(row.action).strip("\n")
    return (action + FACTS_SEPARATOR if action else "") + "\n".join(_facts(row))


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def jira_csv(rows: Sequence[ActionRow]) -> str:
    return _csv(JIRA_HEADER, [
        [
            item_title(r),
            description(r),
            title_text(r.owner),
            JIRA_PRIORITY.get(r.priority or "", ""),
            r.due.isoformat() if r.due else "",
            slug(r.category or ""),
            r.incident.incident_id,
        ]
        for r in rows
    ])


def gitlab_csv(rows: Sequence[ActionRow]) -> str:
    return _csv(GITLAB_HEADER, [
        [item_title(r), description(r), r.due.isoformat() if r.due else ""] for r in rows
    ])


def gh_labels(row: ActionRow) -> list[str]:
    return [label for label in (row.priority or "", row.category or "") if label]


GH_PREAMBLE = """\
#!/bin/sh
# Action items from postmortem-tui: one GitHub issue per item, with the gh command line.
# Run it in a clone of the repository, or with GH_REPO=owner/name; review it first.
set -e
"""


def gh_script(rows: Sequence[ActionRow]) -> str:
    """A POSIX shell script: the labels it needs (created where missing), then one `gh issue
    create` per item. Every text is quoted with `shlex.quote`, so none is ever run."""
    q = shlex.quote
    lines = [GH_PREAMBLE]
    labels = sorted({label for r in rows for label in gh_labels(r)})
    for label in labels:
        lines.append(f"gh label create {q(label)} >/dev/null 2>&1 || true\n")
    for r in rows:
        # `--flag=value` as one word: a value starting with `-` is never taken for a flag.
        args = ["gh issue create", q(f"--title={item_title(r)}"), q(f"--body={description(r)}")]
        args += [q(f"--label={label}") for label in gh_labels(r)]
        lines.append(" ".join(args) + "\n")
    return "".join(lines)


WRITERS: dict[str, Callable[[Sequence[ActionRow]], str]] = {
    "jira": jira_csv,
    "gitlab": gitlab_csv,
    "gh": gh_script,
}
