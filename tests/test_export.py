"""The Markdown export follows the team's template and stays valid GitHub Markdown.

The template's structure is embedded below (headings, labels, table headers, fixed rows, the
footer), so these tests need nothing outside the repository. Structure is checked twice: on the
raw text, as a reviewer reads it, and after rendering with cmark-gfm, GitHub's own parser.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import inline_markdown
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import FOOTER, section_markdown, to_markdown
from postmortem_tui.core.model import (
    ActionItem,
    ContributingFactor,
    Link,
    PostMortem,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.sections import SECTION_KEYS
from postmortem_tui.core.text import display_width

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 3, 4)

# --- the template, as data ---------------------------------------------------------------------

HEADINGS: list[tuple[int, str]] = [
    (1, "Post-Mortem: "),  # followed by the title
    (2, "Executive Summary"),
    (2, "Impact"),
    (3, "Quantitative Impact"),
    (3, "Qualitative Impact"),
    (2, "Timeline (All Times in COT - Colombia Time)"),
    (2, "Root Cause Analysis"),
    (3, "What Happened?"),
    (3, "Why Did It Happen?"),
    (3, "Why Wasn't It Caught Earlier?"),
    (2, "Contributing Factors"),
    (2, "Resolution"),
    (3, "Immediate Fix"),
    (3, "Verification"),
    (2, "Action Items"),
    (3, "Action Item Categories"),
    (2, "Lessons Learned"),
    (3, "What Went Well"),
    (3, "What Could Be Improved"),
    (3, "What We Will Do Differently"),
    (2, "Appendix"),
    (3, "A. Relevant Logs"),
    (3, "B. Metrics and Graphs"),
    (3, "C. Configuration Changes"),
    (3, "D. Related Incidents"),
    (3, "E. External References"),
    (2, "Sign-off"),
    (3, "Post-Mortem Author"),
    (3, "Reviewers"),
    (3, "Follow-up Schedule"),
    (2, "Document History"),
]

TABLE_HEADERS: list[list[str]] = [
    ["Metric", "Value"],
    ["Time", "Event", "Actor"],
    ["ID", "Action", "Owner", "Priority", "Due Date", "Status"],
    ["Incident ID", "Date", "Similarity"],
    ["Field", "Value"],
    ["Name", "Role", "Date Reviewed", "Approved"],
    ["Date", "Review Type", "Owner"],
    ["Version", "Date", "Author", "Changes"],
]

# What the export adds to the template (extra headings the template allows), right after the
# timeline table; `template_only` leaves them out.
AFTER_TIMELINE_HEADINGS: list[tuple[int, str]] = [(3, "Key Metrics"), (3, "Timeline Diagram")]
KEY_METRICS_HEADER = ["Metric", "Value", "Measured"]


def headings(template_only: bool = False) -> list[tuple[int, str]]:
    if template_only:
        return HEADINGS
    at = HEADINGS.index((2, "Timeline (All Times in COT - Colombia Time)")) + 1
    return [*HEADINGS[:at], *AFTER_TIMELINE_HEADINGS, *HEADINGS[at:]]


def table_headers(template_only: bool = False) -> list[list[str]]:
    if template_only:
        return TABLE_HEADERS
    at = TABLE_HEADERS.index(["Time", "Event", "Actor"]) + 1
    return [*TABLE_HEADERS[:at], KEY_METRICS_HEADER, *TABLE_HEADERS[at:]]


HEADER_LABELS = ["**Incident ID**:", "**Date**:", "**Duration**:", "**Severity**:", "**Status**:"]
QUANTITATIVE_ROWS = [
    "Trading Downtime",
    "Missed Trades",
    "Erroneous Trades",
    "Financial Impact",
    "Users/Systems Affected",
    "Data Loss",
]
AUTHOR_ROWS = ["Name", "Role", "Date Written"]
CATEGORY_LINES = [
    "- **Prevent Recurrence**: Changes to prevent the same issue from happening again",
    "- **Improve Detection**: Better monitoring, alerting, or observability",
    "- **Reduce Impact**: Changes to limit blast radius if similar issues occur",
    "- **Process Changes**: Updates to runbooks, procedures, or policies",
    "- **Training**: Knowledge sharing or skill development needs",
]
TEMPLATE_FOOTER = (
    "*This post-mortem follows the blameless incident analysis methodology. The goal is to learn "
    "and improve, not to assign blame. All times are in COT (Colombia Time, UTC-5).*"
)
# Template placeholders look like {Name}, {YYYY-MM-DD}, {HH:MM}, {Gap 1: e.g., "..."}.
PLACEHOLDER = re.compile(r"\{[^{}\n]{1,40}\}")
SEPARATORS = len(SECTION_KEYS)  # one `---` after each section, the last before the footer

# --- reading the export ------------------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def outside_fences(markdown: str) -> list[str]:
    """The lines that are not inside a fenced code block."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        m = FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
            else:
                out.append(line)
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and (
            line.strip() == m.group(1)
        ):
            fence = None
    return out


def split_cells(row: str) -> list[str]:
    """A GFM table row's cells, split on pipes not escaped by a backslash."""
    cells, cur, i = [], "", 0
    body = row.strip()
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur += body[i : i + 2]
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur)
    assert cells[0].strip() == "" and cells[-1].strip() == "", f"row without outer pipes: {row}"
    return [c.strip() for c in cells[1:-1]]


def is_delimiter(line: str) -> bool:
    return bool(re.fullmatch(r"\|( ?-{3,} ?\|)+", line.strip()))


def raw_tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header cells, body rows as cells) for every table in the raw text."""
    lines = outside_fences(markdown)
    tables: list[tuple[list[str], list[list[str]]]] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and is_delimiter(lines[i + 1]):
            header = split_cells(lines[i])
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(split_cells(lines[i]))
                i += 1
            tables.append((header, rows))
        else:
            i += 1
    return tables


def render(markdown: str) -> str:
    # UNSAFE keeps raw HTML as HTML: a tag that got through the escaping would show up as a tag.
    rendered: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE
    )
    return rendered


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def rendered_headings(rendered: str) -> list[tuple[int, str]]:
    return [
        (int(level), text_of(inner).strip())
        for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", rendered, re.S)
    ]


def rendered_tables(rendered: str) -> list[list[int]]:
    """For every rendered table, the number of cells in each row (header row first)."""
    return [
        [len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        for table in re.findall(r"<table>(.*?)</table>", rendered, re.S)
    ]


def block_counts(rendered: str) -> dict[str, int]:
    return {
        tag: len(re.findall(rf"<{tag}[ >/]", rendered))
        for tag in ("hr", "table", "pre", "blockquote", "ul", "ol", "script", "img", "iframe")
    }


def assert_structure(
    markdown: str, rows: list[int] | None = None, *, template_only: bool = False
) -> None:
    """Every template heading, label and table is there, in order, raw and rendered (with the
    export's additions after the timeline unless `template_only`)."""
    want_headings, want_tables = headings(template_only), table_headers(template_only)
    raw_headings = [
        (len(m.group(1)), m.group(2))
        for m in (re.match(r"^(#{1,6}) (.*)$", line) for line in outside_fences(markdown))
        if m
    ]
    assert len(raw_headings) == len(want_headings), raw_headings
    for (level, text), (want_level, want) in zip(raw_headings, want_headings, strict=True):
        assert level == want_level and text.startswith(want), (level, text)
    got = rendered_headings(render(markdown))
    assert [level for level, _ in got] == [level for level, _ in want_headings]
    for (_, text), (_, want) in zip(got, want_headings, strict=True):
        assert text.startswith(want.strip()), (text, want)
    tables = raw_tables(markdown)
    assert [header for header, _ in tables] == want_tables
    for header, body in tables:
        for cells in body:
            assert len(cells) == len(header), (header, cells)
    shapes = rendered_tables(render(markdown))
    assert [shape[0] for shape in shapes] == [len(h) for h in want_tables]
    for shape in shapes:
        assert set(shape) == {shape[0]}, shape
    if rows is not None:
        assert [len(shape) - 1 for shape in shapes] == rows
    lines = outside_fences(markdown)
    positions = [
        next(i for i, line in enumerate(lines) if line.startswith(label)) for label in HEADER_LABELS
    ]
    assert positions == sorted(positions)
    assert all(line in lines for line in CATEGORY_LINES)
    assert "**5 Whys Analysis:**" in lines
    assert markdown.endswith("\n---\n\n" + TEMPLATE_FOOTER + "\n")
    assert lines.count("---") == SEPARATORS


def placeholders(markdown: str) -> list[str]:
    return [p for line in outside_fences(markdown) for p in PLACEHOLDER.findall(line)]


# --- documents ---------------------------------------------------------------------------------


def demo() -> PostMortem:
    return demo_document(TODAY, incident_id="INC-20250228-001")


def demo_rows(doc: PostMortem) -> list[int]:
    """Body rows per table, in template order, for a document whose tables are not empty."""
    so = doc.signoff
    return [
        6, len(doc.timeline), 4, len(doc.actions), len(doc.appendix.related), 3,
        len(so.reviewers), len(so.follow_ups), len(doc.history),
    ]


@pytest.fixture
def demo_md() -> str:
    return to_markdown(demo())


# --- the demo document against the template ----------------------------------------------------


def test_demo_has_every_template_part_in_order(demo_md: str) -> None:
    assert_structure(demo_md, rows=demo_rows(demo()))
    assert placeholders(demo_md) == []


def test_demo_header_block(demo_md: str) -> None:
    lines = demo_md.split("\n")
    assert lines[0] == (
        "# Post-Mortem: Equity orders rejected at market open after a risk-limit cache key change"
    )
    # Trailing backslashes are hard breaks, so GitHub shows one label a line.
    assert lines[2:7] == [
        "**Incident ID**: INC-20250228-001\\",
        "**Date**: 2025-02-28\\",
        "**Duration**: 09:15 - 10:50 (1h 35m)\\",
        "**Severity**: P1\\",
        "**Status**: Reviewed",
    ]
    assert lines[8] == "---"


def test_demo_quantitative_rows(demo_md: str) -> None:
    metric = {cells[0]: cells[1] for cells in raw_tables(demo_md)[0][1]}
    assert list(metric) == QUANTITATIVE_ROWS
    assert metric["Trading Downtime"] == "95 minutes"
    assert metric["Missed Trades"] == "1,240 trades"
    assert metric["Erroneous Trades"] == "0 trades"
    assert metric["Financial Impact"].startswith("$41,250 / estimated")
    assert metric["Data Loss"] == "None"
    author = [cells[0] for cells in raw_tables(demo_md)[5][1]]
    assert author == AUTHOR_ROWS


def test_demo_lists_and_blocks(demo_md: str) -> None:
    lines = demo_md.split("\n")
    whys = [i for i, line in enumerate(lines) if re.match(r"^\d\. \*\*Why ", line)]
    assert [lines[i][:2] for i in whys] == ["1.", "2.", "3.", "4.", "5."]
    assert all(lines[i].endswith("?**") for i in whys)
    assert all(lines[i + 1].startswith("   - Because ") for i in whys)
    factors = [i for i, line in enumerate(lines) if re.match(r"^\d\. \*\*(?!Why )", line)]
    assert len(factors) == 3
    assert all(lines[i + 1].startswith("   - Description: ") for i in factors)
    assert all(lines[i + 2].startswith("   - Contribution: ") for i in factors)
    fences = [line for line in lines if line.startswith("```")]
    assert fences == ["```mermaid", "```", "```yaml", "```", "```bash", "```", "```text", "```",
                      "```yaml", "```"]
    assert "```bash\n# Commands or steps taken\nkubectl" in demo_md
    assert "```yaml\n# Before\ncache:" in demo_md
    assert "\n\n# After\ncache:" in demo_md
    for label in ("Dashboard", "Error rate graph", "Latency graph"):
        assert re.search(rf"^- {label}: <https://\S+>$", demo_md, re.M)


def test_action_items_show_their_category(demo_md: str) -> None:
    actions = raw_tables(demo_md)[3][1]
    categories = [re.search(r"\(([^()]+)\)$", cells[1]) for cells in actions]
    assert [m.group(1) if m else None for m in categories] == [
        "Prevent Recurrence", "Improve Detection", "Reduce Impact", "Process Changes", "Training",
    ]
    assert {cells[3] for cells in actions} == {"P0", "P1", "P2"}
    assert all(dt.date.fromisoformat(cells[4]) > TODAY for cells in actions)


def test_demo_is_lint_clean(tmp_path: Path, demo_md: str) -> None:
    out = tmp_path / "demo.md"
    out.write_text(demo_md, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--config", str(REPO / ".pymarkdown"),
         "--strict-config", "scan", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_dates_follow_today() -> None:
    for today in [TODAY + dt.timedelta(days=n) for n in range(7)] + [dt.date(2031, 1, 1)]:
        doc = demo_document(today)
        assert doc.header.incident_id == ""
        assert doc.header.date is not None and doc.header.date.weekday() < 5
        assert 3 <= (today - doc.header.date).days <= 5
        assert all(a.due is not None and a.due > today for a in doc.actions)
        assert all(f.date is not None and f.date > today for f in doc.signoff.follow_ups)
        assert doc.timeline_is_chronological()
        assert_structure(to_markdown(doc), rows=demo_rows(doc))


# --- incomplete documents ------------------------------------------------------------------------


def test_fresh_document_keeps_every_heading_and_table() -> None:
    markdown = to_markdown(PostMortem.new())
    # A table without rows keeps its header and says so under it.
    assert_structure(markdown, rows=[6, 9, 4, 0, 0, 3, 0, 0, 0])
    assert placeholders(markdown) == []
    assert markdown.startswith("# Post-Mortem: *Untitled*\n")
    assert "**Incident ID**: *Not assigned yet.*\\" in markdown
    assert "## Executive Summary\n\n*Not recorded yet.*\n" in markdown
    assert "### A. Relevant Logs\n\n*None.*\n" in markdown
    assert "|----|--------|-------|----------|----------|--------|\n\n*None.*\n" in markdown
    assert "*Key discovery or action: not recorded yet.*" in markdown


def test_partial_document() -> None:
    doc = PostMortem.new(title="Feed stall")
    doc.root_cause.whys[1].because = "the cache expired"
    doc.root_cause.whys[2].question = "Why did the cache expire?"
    doc.root_cause.whys[2].because = "because its TTL was 12 hours"
    doc.factors = [ContributingFactor(title="Only a title")]
    doc.actions = [ActionItem(id=3)]
    doc.header.start_time = dt.time(9, 0)  # no end yet
    markdown = to_markdown(doc)
    assert_structure(markdown)
    assert "**Duration**: 09:00 - *end not recorded*\\" in markdown
    assert "1. **Why?**\n   - Because the cache expired\n\n" in markdown
    assert "2. **Why did the cache expire?**\n   - Because its TTL was 12 hours\n" in markdown
    assert "   - Description: *Not recorded yet.*" in markdown
    assert re.search(r"^\| 3 +\| \*Not recorded yet\.\* \| — +\| — ", markdown, re.M)


# --- time ----------------------------------------------------------------------------------------


def test_timeline_is_chronological_across_midnight() -> None:
    doc = PostMortem.new()
    doc.header.start_time = dt.time(23, 40)
    doc.header.end_time = dt.time(1, 15)
    doc.timeline = [
        TimelineEvent(time=dt.time(0, 30), event="Mitigation applied"),
        TimelineEvent(time=dt.time(23, 40), event="First symptom occurred"),
        TimelineEvent(time=dt.time(23, 55), event="Alert triggered"),
        TimelineEvent(time=None, event="Untimed note after the alert"),
        TimelineEvent(time=dt.time(1, 15), event="Service restored"),
    ]
    markdown = to_markdown(doc)
    assert "**Duration**: 23:40 - 01:15 (+1 day) (1h 35m)\\" in markdown
    rows = raw_tables(markdown)[1][1]
    assert [(r[0], r[1]) for r in rows] == [
        ("23:40", "First symptom occurred"),
        ("23:55", "Alert triggered"),
        ("—", "Untimed note after the alert"),
        ("00:30 (+1 day)", "Mitigation applied"),
        ("01:15 (+1 day)", "Service restored"),
    ]


# --- escaping ------------------------------------------------------------------------------------

NASTY = {
    "pipes": "a | b || c \\| d |",
    "newlines": "first line\nsecond | line\n\n\nafter blank lines",
    "crlf": "windows\r\nline\rold mac\r\n",
    "backticks": "``` fenced ``` and ```` and ` single",
    "tildes": "~~~\n~~strike~~ ~x~",
    "heading": "# not a heading\n## nor this",
    "quote": "> not a quote",
    "bullets": "- not\n+ a\n* list",
    "ordered": "1. not a list\n2) nor this",
    "rules": "---\n===\n***\n___\n- - -",
    "setext": "text\n===",
    "html": "<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- c --> <div>",
    "html_block": "<details>\n<summary>x</summary>",
    "entities": "&amp; &#60; &lt;script&gt; P&L",
    "links": "[x](javascript:alert(1)) ![i](http://x/i.png) [ref]: http://evil",
    "emphasis": "**bold** __b__ *it* _it_ snake_case_name",
    "math": "$x$ costs $5 and $$y$$",
    "backslashes": "C:\\path\\ \\* end\\",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J cleared",
    "controls": "nul\x00 bell\x07 bs\x08 vt\x0b ff\x0c del\x7f c1\x85\x9b",
    "emoji": "🚀 rocket 👩‍💻 dev 漢字 ﷽",
    "spaces": "   leading and trailing   \t",
    "indent": "    four spaces is code\n\tand a tab",
    "urls": "see https://x.com/a_b|c?q=1&amp;r=2). or www.y.com/_z_ or <https://z.com>",
    "footnote": "[^1]: footnote\n[^1]",
    "table": "| a | b |\n|---|---|\n| c | d |",
    "one_column_table": "header line\n:-",
    "only_controls": "\x1b[0m\x00\x07",
    "braces": "{not a template placeholder?}",
    "inline": "`a|b` ``c`|d`` *e* **f** _g_ ~~h~~ [i|j](https://x.y/k|l) <https://z.com/|>",
    "inline_at_start": "*em* first\n`code` first\n**strong**\n~~del~~\n[l](https://x.y)",
    "inline_broken": "*a `b* c` [d](javascript:e) ~~~f~~~ <g@h.i> _j",
}


def nasty_document(text: str) -> PostMortem:
    """The demo with `text` in every kind of place: heading, paragraphs, list items, cells."""
    doc = demo()
    doc.header.title = text
    doc.summary = text
    doc.impact.financial_description = text
    doc.impact.users_affected = text
    doc.impact.qualitative = [*doc.impact.qualitative, text]
    doc.timeline[4].event = text
    doc.timeline[5].actor = text
    doc.root_cause.what_happened = text
    doc.root_cause.snippet = text
    doc.root_cause.whys[0] = Why(question=text, because=text)
    doc.root_cause.gaps = [*doc.root_cause.gaps, text]
    doc.factors[0].title = text
    doc.factors[0].description = text
    doc.factors[0].contribution = text
    doc.resolution.immediate_fix = text
    doc.resolution.commands = text
    doc.resolution.verification = [*doc.resolution.verification, text]
    doc.actions[0].action = text
    doc.actions[0].owner = text
    doc.lessons.went_well = [*doc.lessons.went_well, text]
    doc.appendix.logs = text
    doc.appendix.metrics_note = text
    doc.appendix.metrics_links = [
        *doc.appendix.metrics_links, Link(label=text, target=text), Link(label="", target=text),
    ]
    doc.appendix.config_before = text
    doc.appendix.config_after = text
    doc.appendix.related[0].similarity = text
    doc.appendix.references = [*doc.appendix.references, text]
    doc.signoff.author.name = text
    doc.signoff.reviewers[0].role = text
    doc.signoff.follow_ups[0].owner = text
    doc.history[0].changes = text
    return doc


def assert_robust(doc: PostMortem, *, visible: bool = True) -> str:
    """The export of `doc` keeps the template's structure, whatever its text holds.

    `visible`: the text has something left once cleaned, so no list item may go away (a Why
    or a contributing factor with nothing in it is left out, and its sub-list with it).
    """
    markdown = to_markdown(doc)
    assert_structure(markdown, rows=demo_rows(doc))
    counts = block_counts(render(markdown))
    base = block_counts(render(to_markdown(demo())))
    # No text can add or remove a rule, table, quote, list or tag; code blocks only go away
    # when their text is empty.
    for tag in ("hr", "table", "blockquote", "ol", "script", "img", "iframe"):
        assert counts[tag] == base[tag], (tag, counts[tag], base[tag])
    assert counts["ul"] == base["ul"] if visible else counts["ul"] <= base["ul"]
    assert counts["pre"] <= base["pre"]
    assert "\x1b" not in markdown and "\x00" not in markdown and "\r" not in markdown
    return markdown


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_text_everywhere(name: str) -> None:
    assert_robust(nasty_document(NASTY[name]), visible=name != "only_controls")


def test_html_is_shown_not_run() -> None:
    markdown = assert_robust(nasty_document(NASTY["html"]))
    rendered = render(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "<div>" not in rendered


def test_backtick_runs_cannot_close_a_code_block() -> None:
    text = "before\n```\n````\n`````` six\nafter"
    doc = demo()
    doc.root_cause.snippet = text
    doc.root_cause.snippet_language = "python"
    markdown = assert_robust(doc)
    assert "```````python\n" + text + "\n```````\n" in markdown
    blocks = re.findall(r'<pre lang="python"><code>(.*?)</code></pre>', render(markdown), re.S)
    assert [html.unescape(b) for b in blocks] == [text + "\n"]


def test_code_blocks_keep_text_and_show_controls() -> None:
    doc = demo()
    doc.appendix.logs = "\x1b[31mERROR\x1b[0m x\x00y\x07z\r\nnext\tline  "
    markdown = assert_robust(doc)
    assert "```text\nERROR x\u2400y\u2407z\nnext\tline  \n```" in markdown


def test_cells_and_items_stay_whole() -> None:
    markdown = assert_robust(nasty_document("one | two\nthree"))
    assert "| one \\| two<br>three" in markdown
    assert "- one \\| two\\\n  three\n" in markdown  # continuation indented under its bullet
    assert "   - Description: one \\| two\\\n     three\n" in markdown


def test_heading_closing_hashes_are_text() -> None:
    doc = demo()
    doc.header.title = "Feed down ##"
    markdown = to_markdown(doc)
    assert markdown.startswith("# Post-Mortem: Feed down \\#\\#\n")
    assert rendered_headings(render(markdown))[0] == (1, "Post-Mortem: Feed down ##")


def test_urls_become_autolinks() -> None:
    doc = demo()
    doc.appendix.references = ["Status page: https://status.example.com/incidents/a_b_(1)."]
    markdown = to_markdown(doc)
    assert "- Status page: <https://status.example.com/incidents/a_b_(1)>.\n" in markdown


# Printable text without newlines: it must render back to exactly what was typed.
PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PRINTABLE)
def test_printable_text_renders_as_typed(text: str) -> None:
    # Inline Markdown renders as such (tests/test_inline_markdown.py); all else as typed.
    assume(inline_markdown.parse(text.strip()) is None)
    doc = demo()
    doc.header.title = text
    doc.summary = text
    doc.impact.users_affected = text
    doc.impact.qualitative = [text]
    rendered = render(to_markdown(doc))
    want = text.strip().replace("\t", " ")
    assert rendered_headings(rendered)[0] == (1, "Post-Mortem: " + want)
    summary = re.search(r"<h2>Executive Summary</h2>\s*<p>(.*?)</p>", rendered, re.S)
    assert summary and text_of(summary.group(1)) == want
    cell = re.search(r"<td>Users/Systems Affected</td>\s*<td>(.*?)</td>", rendered, re.S)
    assert cell and text_of(cell.group(1)) == want
    item = re.search(r"<h3>Qualitative Impact</h3>\s*<ul>\s*<li>(.*?)</li>\s*</ul>", rendered, re.S)
    assert item and text_of(item.group(1)) == want


# Any text at all (control characters included), mixed with pieces of Markdown syntax.
ANY_TEXT = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from([
            "\n", "\r\n", "|", "\\", "`", "```", "~~~", "# ", "> ", "- ", "1. ", ":-", "---",
            "<b>", "\x1b[", "https://x.y/", "www.",
        ]),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT)
def test_any_text_keeps_the_structure(text: str) -> None:
    assert_robust(nasty_document(text), visible=False)


# --- other properties ----------------------------------------------------------------------------


def test_deterministic() -> None:
    first = to_markdown(demo())
    assert to_markdown(demo()) == first
    assert to_markdown(PostMortem.model_validate(demo().model_dump())) == first
    nasty = nasty_document("".join(NASTY.values()))
    assert to_markdown(nasty) == to_markdown(nasty.model_copy(deep=True))


def test_sections_add_up_to_the_document(demo_md: str) -> None:
    parts = [section_markdown(demo(), key).rstrip("\n") for key in SECTION_KEYS]
    assert demo_md == "\n\n---\n\n".join([*parts, FOOTER]) + "\n"
    with pytest.raises(KeyError):
        section_markdown(demo(), "nope")


def test_tables_line_up(demo_md: str) -> None:
    lines = demo_md.split("\n")
    aligned = 0
    for i, line in enumerate(lines):
        if line.startswith("|-"):  # a padded table's delimiter row
            block = [lines[i - 1], line]
            block += [row for row in lines[i + 1 :] if row.startswith("|")][: len(lines)]
            block = block[: 2 + next((n for n, row in enumerate(lines[i + 1 :])
                                      if not row.startswith("|")), 0)]
            assert len({display_width(row) for row in block}) == 1, block
            aligned += 1
    assert aligned >= 6
    assert display_width("漢字🚀é") == 7 and display_width("e\u0301") == 1


_INLINE_BITS = st.sampled_from(
    ["www.", "WwW.", "http://", "ftp://", "https://x.y", "&amp;", "&#38;", "_x_", "a_b", "\\", "`",
     "*", "[", "]", "<", "|", "~", "$", "&", ":", "/", ".", " ", "é", "x", "9"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_INLINE_BITS | st.text(max_size=3), max_size=12).map("".join))
def test_the_escaping_shortcut_changes_nothing(line: str) -> None:
    """Lines with none of the characters escaping is about skip the escaping regex."""
    from postmortem_tui.core import markdown as md

    assert md.escape(line) == md._INLINE.sub(md._escape_match, line)
    assert md.clean_lines(line) == md._inline_controls(
        md._plain_newlines(line)
    ).split("\n")


# --- the export's additions: key metrics and the timeline diagram --------------------------------


def test_template_only_is_the_bare_template(demo_md: str) -> None:
    from postmortem_tui.core.metrics_export import timeline_additions

    doc = demo()
    bare = to_markdown(doc, template_only=True)
    assert_structure(bare, rows=[r for i, r in enumerate(demo_rows(doc)) if i != 2],
                     template_only=True)
    assert "Key Metrics" not in bare and "mermaid" not in bare
    # The additions are inserted whole after the timeline table, and nothing else changes.
    added = "\n\n" + "\n\n".join(timeline_additions(doc))
    assert demo_md.replace(added, "", 1) == bare
    table_end = demo_md.index("\n\n### Key Metrics")
    assert demo_md[:table_end].rstrip().endswith("| Carlos Mejía (incident commander) |")


def test_key_metrics_table(demo_md: str) -> None:
    rows = raw_tables(demo_md)[2][1]
    assert [(r[0], r[1]) for r in rows] == [
        ("Time to Detect (TTD)", "3m"),
        ("Time to Acknowledge (TTA)", "5m"),
        ("Time to Mitigate (TTM)", "1h 4m (64 minutes)"),
        ("Time to Recover (TTR)", "1h 35m (95 minutes)"),
    ]
    assert rows[0][2] == "First symptom occurred 09:15 → Alert triggered 09:18"
    doc = demo()
    doc.timeline[1].time = None
    rows = raw_tables(to_markdown(doc))[2][1]
    assert rows[0][1] == "*n/a (no alert triggered)*"
    assert rows[0][2] == "First symptom occurred → Alert triggered"


def test_timeline_diagram_renders_as_a_mermaid_block(demo_md: str) -> None:
    blocks = re.findall(r'<pre lang="mermaid"><code>(.*?)</code></pre>', render(demo_md), re.S)
    assert len(blocks) == 1 and html.unescape(blocks[0]).startswith("gantt\n")
    fresh = to_markdown(PostMortem.new())
    assert "### Timeline Diagram\n\n*Not recorded yet.*\n" in fresh
