"""The timeline's Mermaid chart stays valid Mermaid whatever the events say.

Every block is checked with the grammar-level checker of tests/mermaid_grammar.py (Mermaid 11's
gantt lexer rules and the statements the writer uses). With `POSTMORTEM_MERMAID_DIR` naming a
folder where `npm install mermaid@11 jsdom` was run, and `node` on the PATH, the same blocks also
go through Mermaid's own parser (test_real_mermaid_parser); without them that test is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_grammar import check, tasks

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.mermaid import (
    LABEL_WIDTH,
    MAX_EVENTS,
    escape,
    gantt,
    label_text,
)
from postmortem_tui.core.model import Milestone, PostMortem, TimelineEvent

HERE = Path(__file__).resolve().parent
NASTY = [
    'quotes "double" and \'single\'',
    "colons: a: b :: c:",
    "hash #1 and #35; entity and ##",
    "semi;colons; ;",
    "emoji 🚀 👩‍💻 🇨🇴 and 漢字 ñ é",
    "percent 50% and %% comment and %%{init: {}}%%",
    "title: looks like a keyword",
    "section Evil",
    "click e1 call alert()",
    "href \"javascript:alert(1)\"",
    "2025-02-28 looks like a date",
    "dateFormat YYYY",
    "<b>html</b> & <script>x</script>",
    "back\\slash `tick` {brace} [bracket] |pipe|",
    "line\nbreak\r\nand\ttab",
    "\x1b[31mansi\x1b[0m \x00 nul",
    "accTitle: x",
    "}%%",
    "ﬂ°°35¶ß placeholder lookalike",
    "",
    "   ",
]


def doc_with(events: list[str], *, start: str = "09:00") -> PostMortem:
    doc = PostMortem.new(title="t", incident_id="INC-20250228-001", when=dt.date(2025, 2, 28))
    doc.header.start_time = dt.time.fromisoformat(start)
    doc.timeline = [
        TimelineEvent(time=dt.time(9, min(59, n)), event=text, actor="x")
        for n, text in enumerate(events)
    ]
    return doc


def expected_name(row: TimelineEvent) -> str:
    text = label_text(row.event) or (row.milestone.label if row.milestone else "")
    assert row.time is not None
    return f"{row.time:%H:%M} {text or '(no description)'}"


def event_names(source: str) -> list[str]:
    return [name for name, data in tasks(source) if data.startswith("milestone,")]


def test_demo_chart() -> None:
    doc = demo_document(dt.date(2025, 3, 4), incident_id="INC-20250228-001")
    source = gantt(doc)
    assert source is not None
    assert check(source) == []
    got = tasks(source)
    assert got[:4] == [
        ("Detect (3 min)", "detect, 2025-02-28 09:15, 2025-02-28 09:18"),
        ("Acknowledge (2 min)", "acknowledge, 2025-02-28 09:18, 2025-02-28 09:20"),
        ("Mitigate (59 min)", "mitigate, 2025-02-28 09:20, 2025-02-28 10:19"),
        ("Recover (31 min)", "recover, 2025-02-28 10:19, 2025-02-28 10:50"),
    ]
    assert event_names(source) == [expected_name(r) for r in doc.sorted_timeline()]
    assert source.splitlines()[:5] == [
        "gantt",
        "    title INC-20250228-001 timeline (COT)",
        "    dateFormat YYYY-MM-DD HH:mm",
        "    axisFormat %H:%M",
        "    todayMarker off",
    ]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_event_text(text: str) -> None:
    doc = doc_with([text, "after it"])
    source = gantt(doc)
    assert source is not None
    assert check(source) == [], source
    assert event_names(source) == [expected_name(r) for r in doc.timeline]


def test_escaping_rules() -> None:
    assert escape("Plain words, digits 123 (ok) - fine/yes + ok! ? @ = & *") == (
        "Plain words, digits 123 (ok) - fine/yes + ok! ? @ = & *"
    )
    assert escape("a:b;c#d%e\"f'g") == "a#58;b#59;c#35;d#37;e#34;f#39;g"
    assert escape("🚀") == "#128640;"
    assert escape("Bogotá ñandú 漢字") == "Bogotá ñandú 漢字"  # letters stay readable
    assert label_text("  a\n\tb  \x1b[31m ") == "a b [31m"
    assert len(label_text("x" * 200)) == LABEL_WIDTH


def test_no_timed_row_no_chart() -> None:
    assert gantt(PostMortem.new()) is None
    doc = PostMortem.new()
    doc.header.start_time = dt.time(9, 0)
    assert gantt(doc) is None


def test_across_midnight_falls_on_the_next_day() -> None:
    doc = PostMortem.new(incident_id="INC-20250228-001", when=dt.date(2025, 2, 28))
    doc.header.start_time = dt.time(23, 40)
    times = {Milestone.FIRST_SYMPTOM: "23:40", Milestone.ALERT_TRIGGERED: "23:55",
             Milestone.SERVICE_RESTORED: "00:30"}
    for row in doc.timeline:
        if row.milestone in times:
            row.time = times[row.milestone]
    source = gantt(doc)
    assert source is not None and check(source) == []
    data = dict(tasks(source))
    assert data["Detect (15 min)"] == "detect, 2025-02-28 23:40, 2025-02-28 23:55"
    assert data["Recover (35 min)"] == "recover, 2025-02-28 23:55, 2025-03-01 00:30"
    assert data["00:30 Service restored"] == "milestone, e3, 2025-03-01 00:30, 0m"


def test_long_timeline_keeps_the_milestones() -> None:
    doc = demo_document(dt.date(2025, 3, 4))
    extra = [TimelineEvent(time=dt.time(9, 16), event=f"note {n}", actor="x") for n in range(60)]
    doc.timeline = doc.timeline[:1] + extra + doc.timeline[1:]
    source = gantt(doc)
    assert source is not None and check(source) == []
    names = event_names(source)
    assert len(names) == MAX_EVENTS
    for m in Milestone:
        label = next(r for r in doc.timeline if r.milestone is m)
        assert expected_name(label) in names


def test_checker_refuses_what_mermaid_refuses() -> None:
    head = "gantt\n    dateFormat YYYY-MM-DD HH:mm\n"
    # A colon in a name is no error for Mermaid: the name silently ends there.
    assert tasks(head + "    a: b :milestone, e1, 2025-02-28 09:00, 0m")[0][0] == "a"
    assert check(head + "    5% done :e1, 2025-02-28 09:00, 0m") != []
    assert check(head + "    click e1 call x()") != []
    assert check(head + "    no data") != []
    assert check(head + "    a #b; :e1, 2025-02-28 09:00, 0m") == []  # a named entity code
    assert check("flowchart\n") != []


# Any text at all, mixed with the characters Mermaid treats specially.
ANY_TEXT = st.lists(
    st.one_of(
        st.text(max_size=10),
        st.sampled_from([":", ";", "#", "%%", "%", '"', "'", "`", "\n", "#35;", "title ",
                         "section ", "click ", "call ", "2025-02-28", "}%%", "%%{", "🚀", "&",
                         "<", ">", "\\", "{", "}", "ﬂ°°", "¶ß", "accTitle:"]),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_any_event_text_gives_valid_mermaid(texts: list[str]) -> None:
    doc = doc_with(texts)
    source = gantt(doc)
    assert source is not None
    assert check(source) == [], source
    assert event_names(source) == [expected_name(r) for r in doc.timeline]


def _parser_dir() -> Path | None:
    folder = os.environ.get("POSTMORTEM_MERMAID_DIR")
    if not folder or shutil.which("node") is None:
        return None
    path = Path(folder)
    return path if (path / "node_modules" / "mermaid").is_dir() else None


def test_real_mermaid_parser() -> None:
    folder = _parser_dir()
    if folder is None:
        pytest.skip("no Mermaid parser: set POSTMORTEM_MERMAID_DIR (npm install mermaid@11 jsdom)")
    blocks = [s for s in (gantt(doc_with([text, "x"])) for text in NASTY) if s]
    blocks.append(gantt(demo_document(dt.date(2025, 3, 4))) or "")
    rng = __import__("random").Random(14)
    pieces = [":", ";", "#", "%%", "%", '"', "🚀", "title ", "click ", "#35;", "\n", "a", " "]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        blocks.append(gantt(doc_with([text])) or "")
    proc = subprocess.run(
        ["node", str(HERE / "mermaid_parse.mjs"), str(folder)], input=json.dumps(blocks),
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    errors = json.loads(proc.stdout)
    bad = [(b, e) for b, e in zip(blocks, errors, strict=True) if e is not None]
    assert bad == []
    # The parser does refuse what it should: the checker's refusals are Mermaid's.
    refused = json.loads(subprocess.run(
        ["node", str(HERE / "mermaid_parse.mjs"), str(folder)],
        input=json.dumps(["gantt\n    a: b :e1, 2025-02-28 09:00, 0m\n    no data\n"]),
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout)
    assert refused[0] is not None
