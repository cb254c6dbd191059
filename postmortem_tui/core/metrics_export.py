"""What the export adds after the timeline table: `### Key Metrics` (TTD / TTA / TTM / TTR) and
`### Timeline Diagram` (a Mermaid gantt chart, which GitHub and GitLab draw).

Both are additions the template allows (extra headings between its own); an export for teams
that want the bare template leaves them out (`to_markdown(..., template_only=True)`).
"""

from __future__ import annotations

import datetime as dt

from . import markdown as md
from .markdown import NOT_YET
from .mermaid import gantt
from .metrics import START, metrics
from .model import PostMortem
from .timeutil import format_hhmm

NEXT_DAY = "(+1 day)"
"""As the timeline table marks a time after midnight."""
KEY_METRICS = "Key Metrics"
TIMELINE_DIAGRAM = "Timeline Diagram"
KEY_METRICS_HEADER = ("Metric", "Value", "Measured")


def _value(minutes: int | None, text: str) -> str:
    if minutes is None:
        return f"*{text}*"
    return text if minutes < 60 else f"{text} ({minutes} minutes)"


def _time(doc: PostMortem, t: dt.time) -> str:
    return format_hhmm(t) + (f" {NEXT_DAY}" if doc.is_next_day(t) else "")


def key_metrics(doc: PostMortem) -> list[str]:
    """The `### Key Metrics` heading and table."""
    rows = []
    for f in metrics(doc).figures:
        d = f.definition
        if f.start is not None and f.end is not None:
            measured = (f"{START.label} {_time(doc, f.start)} → {d.milestone.label} "
                        f"{_time(doc, f.end)}")
        else:
            measured = f"{START.label} → {d.milestone.label}"
        rows.append([f"{d.name} ({d.abbreviation})", _value(f.minutes, f.text), measured])
    return [md.heading(3, KEY_METRICS), md.table(list(KEY_METRICS_HEADER), rows)]


def timeline_diagram(doc: PostMortem) -> list[str]:
    """The `### Timeline Diagram` heading and its Mermaid block (or a line saying there is
    nothing to draw yet)."""
    source = gantt(doc)
    body = md.fence(source, "mermaid") if source else NOT_YET
    return [md.heading(3, TIMELINE_DIAGRAM), body]


def timeline_additions(doc: PostMortem) -> list[str]:
    """Both blocks, in order, for the timeline section's export."""
    return [*key_metrics(doc), *timeline_diagram(doc)]
