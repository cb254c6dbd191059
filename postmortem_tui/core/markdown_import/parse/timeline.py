"""The timeline: rows of time, event and actor; the template's milestones recognised by their
wording (`Alert triggered: ...`, or `*Alert triggered: not recorded yet.*` for one with no
event yet), `(+1 day)` after a time past midnight."""

from __future__ import annotations

import datetime as dt
import re

from ...model import Milestone, PostMortem, TimelineEvent
from .. import values
from ..inline_text import as_read, cell_text, other_readings, paragraph_text
from ..reader import Block, Part
from .common import (
    NOT_YET,
    Context,
    cell,
    is_marker,
    item_text,
    table_rows,
    text_cell,
    title_key,
    with_extra,
    wordings,
)

_COLUMNS = {
    "time": wordings("Time", "Time COT", "When", "Timestamp", "Hora"),
    "event": wordings("Event", "Description", "What happened", "What", "Action", "Details"),
    "actor": wordings("Actor", "Who", "Owner", "By", "Person"),
}
_NOT_RECORDED = re.compile(r"^\*(?P<label>[^*]+): not recorded yet\.\*$")
_LEADING_TIME = re.compile(
    r"^\**\s*(?P<time>[0-9]{1,2}[:.][0-9]{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\(\+1 day\))?)\s*\**"
    r"\s*(?:[-–—:|]\s*)?"
)
MAX_ANCHOR_TRIES = 200


def _milestone_row(source: str) -> Milestone | None:
    m = _NOT_RECORDED.match(source.strip())
    if m is None:
        return None
    return next((ms for ms in Milestone if ms.label == m.group("label")), None)


def _time(text: str, line: int, ctx: Context) -> tuple[dt.time | None, bool, str]:
    """The time, whether it says `(+1 day)`, and the text kept when it is no time."""
    if not text.strip():
        return None, False, ""
    if values.is_placeholder(text):
        ctx.report.placeholder(line, text, "Time")
        return None, False, ""
    try:
        time, next_day = values.hhmm(text)
    except ValueError as exc:
        ctx.report.add(line, "value", f"Time: {exc}; kept at the start of the event")
        return None, False, text
    return time, next_day, ""


def _rows_from_table(
    block: Block, ctx: Context, sources: list[tuple[TimelineEvent, str]]
) -> list[tuple[TimelineEvent, bool]]:
    rows = []
    taken: set[Milestone] = set()
    for row in table_rows(block, ctx, _COLUMNS, "Timeline"):
        time, next_day, bad_time = _time(cell(row, "time"), row.line, ctx)
        source = row.cells.get("event", "").strip()
        milestone = _milestone_row(source)
        if milestone is not None:  # the export's line for a milestone with no event yet
            event = ""
        else:
            event = text_cell(row, "event", ctx, "Event", NOT_YET)
            milestone = values.milestone_of(event, taken)
        if milestone is not None:
            taken.add(milestone)
        event = with_extra(" ".join(t for t in (bad_time, event) if t), row)
        actor = text_cell(row, "actor", ctx, "Actor")
        rows.append((TimelineEvent(time=time, event=event, actor=actor, milestone=milestone),
                     next_day))
        sources.append((rows[-1][0], source))
    return rows


def _rows_from_list(block: Block, ctx: Context) -> list[tuple[TimelineEvent, bool]]:
    """`- 09:15 First symptom`, `- **09:15** - Alert fired`: a timeline written as a list."""
    rows = []
    taken: set[Milestone] = set()
    for item in block.items:
        first = item.blocks[0] if item.blocks and item.blocks[0].kind == "paragraph" else None
        m = _LEADING_TIME.match(first.text) if first is not None else None
        if first is None or m is None:
            ctx.report.add(item.line, "value", "timeline item without a time: kept as an event")
            rows.append((TimelineEvent(event=item_text(item)), False))
            continue
        time, next_day, _ = _time(m.group("time"), item.line, ctx)
        event = paragraph_text(first.text[m.end() :]).replace("\n", " ")
        rest = [paragraph_text(b.text) for b in item.blocks[1:] if b.kind == "paragraph"]
        milestone = values.milestone_of(event, taken)
        if milestone is not None:
            taken.add(milestone)
        rows.append((TimelineEvent(time=time, event="\n".join([event, *rest]),
                                   milestone=milestone), next_day))
    return rows


def _fits(doc: PostMortem, order: list[TimelineEvent], shown: list[TimelineEvent],
          next_day: list[bool]) -> bool:
    """Whether the draft's rows in `order` export as `shown`, with `(+1 day)` as marked."""
    doc.timeline = order
    if any(a is not b for a, b in zip(doc.sorted_timeline(), shown, strict=True)):
        return False
    return all(
        (r.time is not None and doc.is_next_day(r.time)) == mark
        for r, mark in zip(shown, next_day, strict=True)
    )


def _groups(rows: list[TimelineEvent]) -> tuple[list[TimelineEvent], list[list[TimelineEvent]]]:
    """The rows without a time before every timed row, and each timed row with the rows
    without a time after it (they sort right after it)."""
    timed = [i for i, r in enumerate(rows) if r.time is not None]
    if not timed:
        return rows, []
    ends = [*timed[1:], len(rows)]
    return rows[: timed[0]], [rows[i:end] for i, end in zip(timed, ends, strict=True)]


def settle_order(doc: PostMortem, next_day: list[bool]) -> bool:
    """`_settle_order`, and if no order gives the `(+1 day)` as written (a file written by
    hand may leave them out: the export writes them), one that gives the same order."""
    if _settle_order(doc, next_day):
        return True
    rows = list(doc.timeline)
    marks = [r.time is not None and doc.is_next_day(r.time) for r in rows]
    return _settle_order(doc, marks)


def _settle_order(doc: PostMortem, next_day: list[bool]) -> bool:
    """Put the rows in an order whose chronological sort is the order they were written in,
    with `(+1 day)` where it was written. Times are read from the start time, else from the
    first timed row *as the draft holds them*: when the export sorted an earlier row before
    that one, it goes first again. False if no order does (a file written by hand)."""
    rows = list(doc.timeline)
    if _fits(doc, rows, rows, next_day):
        return True
    if doc.header.start_time is None:
        lead, groups = _groups(rows)
        for n, group in enumerate(groups[:MAX_ANCHOR_TRIES]):
            order = [*lead, *group, *(r for g in groups[:n] + groups[n + 1 :] for r in g)]
            if _fits(doc, order, rows, next_day):
                return True
    doc.timeline = rows
    return False


def _order_for_milestones(
    doc: PostMortem, times: dict[Milestone, dt.time | str | None], shown: list[TimelineEvent],
    next_day: list[bool],
) -> None:
    """A milestone's time is its first timed row's in the draft's order: move the row at the
    time the key metrics were measured at before the others with that milestone, when the
    export stays the same. Without a start time the first timed row is the one times are read
    from: it stays first, else another goes first (it may hold the milestone at another time:
    06:01 first gives `00:00 (+1 day)`, not 06:00, as the first symptom's time)."""
    def settled() -> set[Milestone]:
        return {m for m, t in times.items()
                if isinstance(t, dt.time) and doc.milestone_time(m) == t}

    for milestone, time in times.items():
        if not isinstance(time, dt.time) or doc.milestone_time(milestone) == time:
            continue
        before, kept = list(doc.timeline), settled()
        lead, groups = _groups(before)
        heads: list[int | None] = (
            [None] if doc.header.start_time is not None
            else list(range(min(len(groups), MAX_ANCHOR_TRIES)))
        )
        for a in heads:
            head = [] if a is None else [groups[a]]
            rest = [g for n, g in enumerate(groups) if n != a]
            doc.timeline = [*lead, *(r for g in head + rest for r in g)]
            # Rows at the same time keep their order (the sort keeps it): they move together.
            at = doc.offset_of(time)
            same = [g for g in rest if (t := g[0].time) is not None and doc.offset_of(t) == at]
            if not any(g[0].milestone is milestone and g[0].time == time for g in head + same):
                continue
            others = [g for g in rest if not any(g is s for s in same)]
            order = [*lead, *(r for g in head + same + others for r in g)]
            if (_fits(doc, order, shown, next_day) and doc.milestone_time(milestone) == time
                    and kept <= settled()):
                break
        else:
            doc.timeline = before


# What the export adds after the table, computed from it: read for the milestones' times only.
_KEY_METRICS = wordings("Key Metrics")
_DIAGRAM = wordings("Timeline Diagram")
_MEASURED = re.compile(
    r"^(?P<start>.+?)(?: (?P<st>[0-9]{2}:[0-9]{2})(?: \(\+1 day\))?)? → (?P<end>.+?)"
    r"(?: (?P<et>[0-9]{2}:[0-9]{2})(?: \(\+1 day\))?)?$"
)


SOME_TIME = "some time"
"""A milestone the key metrics say has a time, without saying which."""


def _milestone_times(blocks: list[Block]) -> dict[Milestone, dt.time | str | None]:
    """From the key metrics table: each milestone's time as the figures were measured (None:
    the figure says the milestone has no time; `SOME_TIME`: it has one, not shown)."""
    from ...metrics import DEFINITIONS, START, milestone_name

    by_label = {m.label: m for m in Milestone}
    found: dict[Milestone, dt.time | str | None] = {}
    for block in blocks:
        if block.kind != "table":
            continue
        for row in block.rows[1:]:
            if len(row.cells) < 3:
                continue
            measured = _MEASURED.match(cell_text(row.cells[2]))
            if measured is None:
                continue
            start, end = by_label.get(measured["start"]), by_label.get(measured["end"])
            if start is not START or end not in {d.milestone for d in DEFINITIONS}:
                continue
            value = cell_text(row.cells[1]).strip("*_")
            if measured["st"] and measured["et"]:
                found[START] = dt.time.fromisoformat(measured["st"])
                found[end] = dt.time.fromisoformat(measured["et"])
            elif value.endswith(f"(no {milestone_name(START)})"):
                found[START] = None
            elif value.endswith(f"(no {milestone_name(end)})"):
                found[end] = None
                found.setdefault(START, SOME_TIME)
    return found


def _settle_milestones(
    doc: PostMortem, times: dict[Milestone, dt.time | str | None], certain: set[int]
) -> None:
    """Give the milestones the times the key metrics were measured at: a milestone read from
    an event's wording moves to the row at its measured time (`certain`: the ids of the rows
    whose milestone is sure, which keep theirs)."""
    rows = doc.timeline

    def settled(milestone: Milestone, time: dt.time | str | None) -> bool:
        now = doc.milestone_time(milestone)
        return now == time or (time == SOME_TIME and now is not None)

    # Every milestone at a wrong time leaves its rows first: they are free for the others
    # (`Service restored` typed as the first symptom's event is no service restored).
    wrong = [(m, t) for m, t in times.items() if not settled(m, t)]
    for milestone, _ in wrong:
        for row in rows:
            if row.milestone is milestone and row.time is not None and id(row) not in certain:
                row.milestone = None
    for milestone, time in wrong:
        if time is None or settled(milestone, time):
            continue
        free = [r for r in rows if r.time is not None and id(r) not in certain]
        at_time = [r for r in free if time == SOME_TIME or r.time == time]
        worded = [r for r in at_time if values.milestone_of(r.event, set()) is milestone]
        # A row has one milestone: take one whose milestone the figures do not show (a row
        # worded `Alert triggered` may hold the first symptom the figures were measured from).
        unclaimed = [r for r in at_time if r.milestone not in times]
        free_worded = [r for r in worded if r.milestone not in times]
        for row in free_worded or unclaimed[:1] or worded or at_time[:1]:
            row.milestone = milestone
            break


_DIAGRAM_EVENT = re.compile(r"^    [0-9]{2}#58;[0-9]{2} (?P<name>.*) :milestone, e[0-9]+, ")
_ENTITY_CODE = re.compile(r"#([0-9]+);")


def _diagram_labels(blocks: list[Block]) -> list[str]:
    """What the diagram shows of each timed row, in time order (its events' names)."""
    labels = []
    for block in blocks:
        if block.kind != "code" or block.language != "mermaid":
            continue
        in_events = False
        for line in block.text.split("\n"):
            if line.strip() == "section Events":
                in_events = True
            elif in_events and (m := _DIAGRAM_EVENT.match(line)):
                labels.append(_ENTITY_CODE.sub(lambda e: chr(int(e.group(1))), m["name"]))
    return labels


def _merged(text: str, label: str) -> str | None:
    """The diagram's `label` (the event as typed, its white space joined into single spaces)
    with the table's line breaks and runs of spaces between its words."""
    parts = re.split(r"(\s+)", text.strip())
    words = label.split(" ")
    if len(words) != (len(parts) + 1) // 2:
        return None
    parts[::2] = words
    return "".join(parts)


def _joined(text: str, shown: str) -> list[str]:
    """For an event the diagram cut (`shown`, what it shows of the start): its start as the
    diagram shows it, the rest as the table's text has it, for each place it may join."""
    out = []
    for k in range(len(text) + 1):
        start = _merged(text[:k], shown)
        start = start if start is not None else shown
        out.append(start + text[k:])
        # Cut inside a code span typed with a longer fence (``` ``a`` ```, which the table
        # writes `` `a` ``): the span closes with the fence it opened with.
        fence = _open_fence(start)
        if fence:
            out.append(start + _BACKTICKS.sub(fence, text[k:], count=1))
    return out


_BACKTICKS = re.compile(r"`+")


def _open_fence(text: str) -> str:
    """The backticks of a code span `text` opens and leaves open ('' if none)."""
    fence = ""
    for run in _BACKTICKS.findall(text):
        if not fence:
            fence = run
        elif run == fence:
            fence = ""
    return fence


def _settle_events(rows: list[tuple[TimelineEvent, str]], labels: list[str]) -> None:
    """Events the table shows alike but the diagram, which shows them as typed, tells apart
    (`<https://x.y>` typed or a bare address; `_x_` or `*x*`): the one the diagram shows."""
    from ... import markdown as md
    from ...mermaid import label_text

    timed = [(row, source) for row, source in rows if row.time is not None]
    if len(timed) != len(labels):  # a long timeline: the diagram leaves rows out
        return
    for (row, source), label in zip(timed, labels, strict=True):
        shown = label_text(row.event) or (row.milestone.label if row.milestone else "")
        if shown == label or (not row.event and label == "(no description)"):
            continue
        merged = _merged(row.event, label) if not label.endswith("…") else None
        candidates = [label] if not label.endswith("…") else []
        candidates += [merged] if merged is not None else []
        candidates += other_readings(source) if row.event else []
        if label.endswith("…") and row.event:
            candidates += _joined(row.event, label[:-1])
        for candidate in candidates:
            written = as_read(md.cell(candidate)) or md.NOT_YET
            if written == source.strip() and label_text(candidate) == label:
                row.event = candidate
                break


def parse(part: Part, ctx: Context) -> None:
    rows: list[tuple[TimelineEvent, bool]] = []
    blocks = list(part.blocks)
    times: dict[Milestone, dt.time | str | None] = {}
    labels: list[str] = []
    for sub in part.subsections:
        words = title_key(sub.title)
        if words in _KEY_METRICS:
            times = _milestone_times(sub.blocks)
        elif words in _DIAGRAM:
            labels = _diagram_labels(sub.blocks)
        else:
            blocks += sub.blocks
    sources: list[tuple[TimelineEvent, str]] = []  # each table row's event source
    for block in blocks:
        if block.kind == "table":
            rows += _rows_from_table(block, ctx, sources)
        elif block.kind in ("bullets", "ordered"):
            rows += _rows_from_list(block, ctx)
        elif not is_marker(block, "*None.*"):
            ctx.keep(block.line, "text in the timeline", paragraph_text(block.text)
                     if block.kind == "paragraph" else block.text)
    if labels:
        _settle_events(sources, labels)
    ctx.doc.timeline = [row for row, _ in rows]
    marks = [mark for _, mark in rows]
    ordered = settle_order(ctx.doc, marks)
    if times:
        # A row with no event shows its milestone (`*Milestone: not recorded yet.*`) or
        # that it has none (`*Not recorded yet.*`): it keeps it.
        certain = {id(row) for row, _ in rows if not row.event}
        _settle_milestones(ctx.doc, times, certain)
        if ordered:
            _order_for_milestones(ctx.doc, times, [row for row, _ in rows], marks)
    if not ordered:
        line = part.blocks[0].line if part.blocks else part.line
        ctx.report.add(line, "order", "the timeline is not in chronological order (or a "
                       "`(+1 day)` is missing): the export will sort it")
