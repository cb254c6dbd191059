"""The timeline as a Mermaid `gantt` chart (GitHub and GitLab draw Mermaid fences), written so
that it stays valid Mermaid whatever the events say.

The chart: a title with the incident ID, a "Phases" section with one bar per phase that can be
told (detect, acknowledge, mitigate, recover: `metrics.Metrics.phases`), and an "Events" section
with one milestone (a diamond) per timed row, at its time; rows that cross midnight fall on the
next day, as the timeline reads them. Untimed rows have no place on a time axis and are left out,
and so are rows past `MAX_EVENTS` (the milestones are kept first).

Escaping rules. Every name the author typed appears only in a task name (the text before the
task's `:`), and a task name is written so that Mermaid's gantt lexer (Mermaid 11) reads it as
one task name and nothing else:

1. Control characters are dropped, and runs of white space (tabs, line breaks) become one space;
   the text is stripped and cut to `LABEL_WIDTH` columns with an ellipsis.
2. Kept as they are: letters and combining marks of any script, decimal digits, the space, and
   `. , - _ ( ) / + ! ? @ = & *`. Nothing in that set can end a task name (`:`, a line break),
   start a comment (`%`), end a statement (`;`), start an entity code (`#`), or quote (`"`).
3. Every other character (`:` `;` `#` `%` quotes, backslash, backtick, `<` `>`, braces, symbols,
   emoji, ...) is written as Mermaid's entity code `#N;` with its decimal code point. Mermaid
   turns `#N;` into `&#N;` in the drawn SVG, so the reader sees the character typed. Entity
   codes are the only `#` and `;` in a task name.
4. Every event's task name starts with its time (`09#58;15 ...`, drawn `09:15 ...`), so no typed
   text can stand where Mermaid looks for a keyword (`title`, `section`, `click`, `call`,
   `dateFormat`, a date, `%%`...). The phase names and the title are this module's own words.

The task data after the `:` is this module's own (ids, `YYYY-MM-DD HH:mm` dates): no `#`, `;`
or `:` besides the times'.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .metrics import metrics
from .model import PostMortem, TimelineEvent
from .text import cut, without_controls

LABEL_WIDTH = 60
"""Columns of event text kept on a diamond (the table above the chart has it all)."""
MAX_EVENTS = 40
"""Timed rows drawn at most; a long timeline keeps its milestones first."""
SAFE_PUNCTUATION = frozenset(".,-_()/+!?@=&* ")
DATE_FORMAT = "YYYY-MM-DD HH:mm"
"""Mermaid's (dayjs's) spelling of the dates written by `_when`."""
NO_DATE = dt.date(2000, 1, 1)
"""The day the chart uses when the incident's date is unknown (the axis shows hours only)."""

_SPACES = re.compile(r"\s+")


def _safe(ch: str) -> bool:
    if ch in SAFE_PUNCTUATION:
        return True
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nd"


class _Entities(dict[int, str]):
    """The `str.translate` table of `escape`: each character as itself when it is safe, else
    as its `#N;` entity code, worked out when the character is first met (one C pass a label,
    no Unicode look-up a character)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = shown = ch if _safe(ch) else f"#{code};"
        return shown


_ENTITIES = _Entities()


def escape(text: str) -> str:
    """A task name's text: every character outside the safe set as a `#N;` entity code."""
    return text.translate(_ENTITIES)


def label_text(text: str) -> str:
    """What a diamond shows of an event's text: one line, no controls, cut to `LABEL_WIDTH`."""
    return cut(without_controls(_SPACES.sub(" ", text)).strip(), LABEL_WIDTH)


def _when(day: dt.date, minutes: int) -> str:
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
    return f"{moment:%Y-%m-%d %H:%M}"


def _clock(minutes: int) -> str:
    hours, mins = divmod(minutes % (24 * 60), 60)
    return f"{hours:02d}#58;{mins:02d}"


def _event_text(row: TimelineEvent) -> str:
    text = label_text(row.event)
    if not text and row.milestone is not None:
        text = row.milestone.label
    return text or "(no description)"


def drawn_rows(doc: PostMortem) -> list[tuple[int, TimelineEvent]]:
    """(minutes after the anchor, row) of the rows the chart draws, in time order."""
    timed = [
        (offset, row)
        for offset, row in zip(doc.timeline_offsets(), doc.timeline, strict=True)
        if offset is not None
    ]
    if len(timed) > MAX_EVENTS:
        keep = {id(row) for _, row in timed if row.milestone is not None}
        for _, row in timed:
            if len(keep) >= MAX_EVENTS:
                break
            keep.add(id(row))
        timed = [(offset, row) for offset, row in timed if id(row) in keep][:MAX_EVENTS]
    return sorted(timed, key=lambda item: item[0])


def _lines(doc: PostMortem) -> Iterable[str]:
    anchor = doc.timeline_anchor()
    assert anchor is not None  # drawn only with a timed row
    day = doc.header.date or NO_DATE
    base = anchor.hour * 60 + anchor.minute  # minutes of `day` at the anchor
    ident = doc.header.incident_id
    yield "gantt"
    yield f"    title {ident + ' ' if ident else ''}timeline (COT)"
    yield f"    dateFormat {DATE_FORMAT}"
    yield "    axisFormat %H:%M"
    yield "    todayMarker off"
    result = metrics(doc)
    first = result.figures[0]
    phases = result.phases()
    if first.start is not None and phases:
        start = doc.offset_of(first.start) or 0
        yield "    section Phases"
        reached = start
        for phase, minutes in phases:
            if minutes == 0:
                continue
            yield (f"    {phase} ({minutes} min) :{phase.lower()}, {_when(day, base + reached)}, "
                   f"{_when(day, base + reached + minutes)}")
            reached += minutes
    yield "    section Events"
    for n, (offset, row) in enumerate(drawn_rows(doc), 1):
        at = base + offset
        name = f"{_clock(at)} {escape(_event_text(row))}"
        yield f"    {name} :milestone, e{n}, {_when(day, at)}, 0m"


def gantt(doc: PostMortem) -> str | None:
    """The chart's Mermaid source (no fence), or None when no row of the timeline has a time."""
    if doc.timeline_anchor() is None or all(o is None for o in doc.timeline_offsets()):
        return None
    return "\n".join(_lines(doc))
