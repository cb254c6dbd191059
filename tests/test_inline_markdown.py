"""Inline Markdown typed in free text renders on GitHub; block structure and raw HTML do not.

Rendered with cmark-gfm (GitHub's parser), in each kind of place the export puts free text: a
paragraph, a list item, a table cell, the title heading and a bold item title.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export import ANY_TEXT, REPO, assert_robust, demo, nasty_document, render, text_of

from postmortem_tui.core import inline_markdown
from postmortem_tui.core import markdown as md
from postmortem_tui.core.export import section_markdown, to_markdown
from postmortem_tui.core.model import PostMortem


def places(text: str) -> dict[str, str]:
    """The rendered HTML of `text` in each kind of place, from the whole export."""
    doc = demo()
    doc.header.title = text
    doc.summary = text
    doc.impact.qualitative = [text]
    doc.impact.users_affected = text
    doc.factors[0].title = text
    rendered = render(to_markdown(doc))
    found = {
        "heading": re.search(r"<h1>Post-Mortem: (.*?)</h1>", rendered, re.S),
        "paragraph": re.search(r"<h2>Executive Summary</h2>\s*<p>(.*?)</p>", rendered, re.S),
        "item": re.search(r"<h3>Qualitative Impact</h3>\s*<ul>\s*<li>(.*?)</li>", rendered, re.S),
        "cell": re.search(r"<td>Users/Systems Affected</td>\s*<td>(.*?)</td>", rendered, re.S),
        "title": re.search(
            r"Contributing Factors</h2>.*?<ol>\s*<li>\s*(?:<p>)?(.*?)(?:</p>)?"
            r"\s*<ul>\s*<li>Description",
            rendered, re.S,
        ),
    }
    out = {}
    for place, match in found.items():
        assert match, (place, rendered)
        out[place] = match.group(1)
    return out


RENDERS = {
    "code": ("use `risk-gate` now", "use <code>risk-gate</code> now"),
    "code_backticks": ("run ``a`b`` first", "run <code>a`b</code> first"),
    "code_spaces": ("`` `x` ``", "<code>`x`</code>"),
    "code_pipe": ("`a|b` and `c||d`", "<code>a|b</code> and <code>c||d</code>"),
    "emphasis": ("the *last* one", "the <em>last</em> one"),
    "emphasis_underscore": ("the _last_ one", "the <em>last</em> one"),
    "strong": ("a **hard** stop", "a <strong>hard</strong> stop"),
    "strong_underscore": ("a __hard__ stop", "a <strong>hard</strong> stop"),
    "strong_em": ("***both***", "<em><strong>both</strong></em>"),
    "strikethrough": ("~~wrong~~ right", "<del>wrong</del> right"),
    "nested": ("*see `cfg` **now***", "<em>see <code>cfg</code> <strong>now</strong></em>"),
    "link": (
        "the [runbook](https://wiki.example.com/Risk_(gw)?a=1&b=2) says",
        'the <a href="https://wiki.example.com/Risk_(gw)?a=1&amp;b=2">runbook</a> says',
    ),
    "link_markup": (
        "[the `risk` *runbook*](https://x.example.com)",
        '<a href="https://x.example.com">the <code>risk</code> <em>runbook</em></a>',
    ),
    "link_title": (
        '[doc](https://x.example.com "The | doc")',
        '<a href="https://x.example.com" title="The | doc">doc</a>',
    ),
    "link_url_text": (
        "[https://a.example.com](https://a.example.com)",
        '<a href="https://a.example.com">https://a.example.com</a>',
    ),
    "mailto": ("[mail us](mailto:oncall@example.com)",
               '<a href="mailto:oncall@example.com">mail us</a>'),
    "autolink": ("<https://status.example.com/a_b>",
                 '<a href="https://status.example.com/a_b">https://status.example.com/a_b</a>'),
    "autolink_email": ("<oncall@example.com>",
                       '<a href="mailto:oncall@example.com">oncall@example.com</a>'),
    "bare_url": ("see https://status.example.com/x_y.",
                 'see <a href="https://status.example.com/x_y">https://status.example.com/x_y</a>.'),
    "snake_case": ("NO_LIMIT and __init__ differ", "NO_LIMIT and <strong>init</strong> differ"),
}


def unbold(fragment: str) -> str:
    return re.sub("</?strong>", "", fragment)


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_inline_markdown_renders_everywhere(name: str) -> None:
    text, want = RENDERS[name]
    for place, got in places(text).items():
        if place == "title":
            # The item title is bold already: GitHub merges a strong span typed inside it.
            assert "<strong>" in got and unbold(got) == unbold(want), got
        else:
            assert got.strip() == want, (place, got)


LITERAL = {
    "lone_star": "a * b and 5*3",
    "lone_backtick": "it's `quoted",
    "unbalanced": "**not closed and _this",
    "spaced": "* not emphasis *",
    "single_tilde": "~5 minutes, ~10 at most",
    "triple_tilde": "~~~not struck~~~",
    "escaped": "\\*not emphasis\\* and C:\\risk\\*.log",
    "javascript": "[x](javascript:alert(1)) <javascript:alert(1)>",
    "data": "[x](data:text/html,hi) [y](vbscript:x)",
    "relative": "[docs](docs/runbook.md) [top](#top)",
    "image": "![graph](https://grafana.example.com/g.png)",
    "html": "<b>bold</b> <img src=x onerror=alert(1)> <details><summary>s</summary>",
    "html_in_emphasis": "*<script>alert(1)</script>*",
    "entities": "&amp; &lt;b&gt; &#42;x&#42;",
    "entity_autolink": "<https://x.example.com/?a=1&amp;b=2>",
    "math": "$x$ and $$y$$",
    "reference": "[ref] and [ref][] and [^1]",
    "intraword": "snake_case_name and a_b_c",
    "fence_run": "```python",
}


@pytest.mark.parametrize("name", sorted(LITERAL))
def test_what_stays_literal(name: str) -> None:
    text = LITERAL[name]
    markdown = assert_robust(nasty_document(text))
    for place, got in places(text).items():
        if name == "html_in_emphasis":
            assert unbold(got) == "<em>&lt;script&gt;alert(1)&lt;/script&gt;</em>", place
            continue
        if place == "title":
            assert got.startswith("<strong>") and got.endswith("</strong>"), got
            got = got[len("<strong>") : -len("</strong>")]
        # Shown as typed: the only tags are a bare URL's autolink.
        assert text_of(got) == text, (place, got)
        assert not re.search(r"<(?!/?a[ >])[a-z]", got), (place, got)
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', render(markdown)))


def test_a_backslash_before_a_pipe_in_a_cell_span_stays_text() -> None:
    """GitHub reads `\\|` in a cell as a pipe even in code: written as text instead."""
    got = places("`a\\|b` in a cell")
    assert got["cell"] == "`a\\|b` in a cell"
    assert got["paragraph"] == "<code>a\\|b</code> in a cell"
    assert_robust(nasty_document("`a\\|b` <https://x.example.com/a\\|b>"))


def test_pipes_in_code_spans_keep_the_table() -> None:
    markdown = assert_robust(nasty_document("`a | b` | `c|d` and ``e|`f``"))
    assert "| `a \\| b` \\| `c\\|d` and ``e\\|`f``" in markdown
    assert "\n`a | b` \\| `c|d` and ``e|`f``\n" in markdown  # outside tables, as typed


def test_text_without_inline_markdown_is_exported_as_before() -> None:
    plain = "NO_LIMIT at 50% * 3, C:\\risk\\ <b> | `one backtick, a_b_c ~5 [x] (y)"
    doc = PostMortem.new(title=plain)
    doc.summary = plain
    assert md._inline(plain, in_cell=False) == md.escape(plain)
    assert "\n" + md.escape(plain) + "\n" in section_markdown(doc, "summary")


_INLINE_BITS = st.sampled_from(
    ["*", "**", "_", "__", "`", "``", "~", "~~", "[", "]", "(", ")", "](", "<", ">", "\\", "|",
     "https://x.y", "mailto:a@b.c", "a@b.c", "![", "&amp;", " ", "a", "é", "€", ".", "x_y"]
)
INLINE_TEXT = st.lists(_INLINE_BITS | st.text(max_size=3), max_size=12).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(INLINE_TEXT)
def test_the_markup_shortcut_changes_nothing(line: str) -> None:
    """A line the cheap test passes over holds no span the full parse would find, and a line
    with no span is escaped exactly as plain text always was."""
    line = md.clean_lines(line)[0].strip()
    parsed = inline_markdown.parse(line)
    if not inline_markdown.might_have_markup(line):
        assert parsed is None
    if parsed is None:
        for in_cell in (False, True):
            assert md._inline(line, in_cell=in_cell) == md.escape(line)


# Words and inline Markdown only: nothing the export neutralises on purpose (HTML, entities,
# backslashes, lone tildes, images, other schemes, blocks), so GitHub must render the export
# of the text as it renders the text itself. (A `~~` that strikes nothing is left out too:
# cmark-gfm looks past tildes when it pairs `*` and `_`, and the export escapes such a `~~`, so
# beside them GitHub may pair differently: text either way, never structure.)
_GITHUB_BITS = st.sampled_from(
    ["*", "**", "_", "__", "`", "``", "~~x~~", "[", "]", "(", ")", "[t](https://x.y/a)",
     "<https://x.y/b>", " ", "a", "b c", ".", "?", "é", "€", "x_y", "|"]
)


def _as_typed(text: str) -> bool:
    return bool(text.strip()) and not re.match(r"\s*(?:[*_+-](?:\s|$)|[*_\s]+$|```|~~~)", text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_GITHUB_BITS, min_size=1, max_size=10).map("".join).filter(_as_typed))
def test_renders_as_github_renders_the_text(text: str) -> None:
    """Or, rarely, all as text: when what GitHub pairs hangs on a delimiter left over from a
    run (`**a*`), which the export escapes (see the next test)."""
    text = text.strip()
    ours = md._inline(text, in_cell=False)
    assert ours == md.escape(text) or render(ours) == render(text)
    # In a cell, GitHub needs every pipe escaped, even in code.
    ours = md._inline(text, in_cell=True)
    github_cell = _cell(render(_one_cell_table(text.replace("|", "\\|"))))
    assert ours == md.escape(text) or _cell(render(_one_cell_table(ours))) == github_cell


_LINE = st.lists(_GITHUB_BITS, min_size=1, max_size=8).map("".join).filter(_as_typed)


def _paragraph(rendered: str) -> str:
    match = re.fullmatch(r"<p>(.*)</p>\n", rendered, re.S)
    assert match, rendered
    return match.group(1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=2, max_size=3))
def test_each_line_renders_as_it_does_alone(lines: list[str]) -> None:
    """Nothing pairs across the lines of a paragraph or a cell, nor with the `**` around an
    item's title: each line shows what it shows on its own."""
    lines = [line.strip() for line in lines]
    alone = [_paragraph(render(md._escape_line(line, block_start=True))) for line in lines]
    assert _paragraph(render(md.paragraphs("\n".join(lines)))) == "<br />\n".join(alone)
    cells = [_cell(render(_one_cell_table(md.cell(line)))) for line in lines]
    assert _cell(render(_one_cell_table(md.cell("\n".join(lines))))) == "<br>".join(cells)
    for line in lines:
        item = re.fullmatch(r"<ol>\n<li>(.*)</li>\n</ol>\n",
                            render(f"1. **{md.bold_title(line)}**"), re.S)
        assert item and unbold(item.group(1)) == unbold(
            _paragraph(render(md.bold_title(line)))
        )


def _one_cell_table(cell: str) -> str:
    return f"| h |\n|---|\n| {cell} |\n"


def _cell(rendered: str) -> str:
    match = re.search(r"<td>(.*?)</td>", rendered, re.S)
    assert match, rendered
    return match.group(1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(INLINE_TEXT | ANY_TEXT, max_size=3).map("\n".join))
def test_any_text_with_inline_markdown_keeps_the_structure(text: str) -> None:
    markdown = assert_robust(nasty_document(text), visible=False)
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', render(markdown)))


def test_the_preview_shows_code_and_emphasis() -> None:
    from postmortem_tui.tui.widgets.preview_pane import render_blocks

    doc = demo()
    doc.summary = "Use `risk-gate` on the *last* day, **not** ~~before~~."
    lines, _ = render_blocks([section_markdown(doc, "summary")], 80, "monokai")
    styles = {
        segment.text: segment.style for line in lines for segment in line if segment.text.strip()
    }
    assert "`" not in "".join(styles) and "*" not in "".join(styles)
    plain = styles["Use "]
    assert styles["risk-gate"] != plain
    assert styles["last"] and styles["last"].italic
    assert styles["not"] and styles["not"].bold
    assert styles["before"] and styles["before"].strike


LINT_TEXT = (
    "Use `risk-gate` on the *last* day, **not** ~~before~~; _em_ and __strong__, see "
    "[ the runbook ](https://wiki.example.com/x_(y)) or <https://status.example.com>"
)


def test_inline_markdown_is_lint_clean(tmp_path: Path) -> None:
    """Underscore emphasis is written with asterisks, the template's style (MD049, MD050), and
    spaces inside a link's brackets are dropped (MD039)."""
    markdown = assert_robust(nasty_document(LINT_TEXT))
    assert (
        "*em* and **strong**, see [the runbook](<https://wiki.example.com/x_(y)>) or "
        "<https://status.example.com>\n" in markdown
    )
    out = tmp_path / "inline.md"
    out.write_text(markdown, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--config", str(REPO / ".pymarkdown"),
         "--strict-config", "scan", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_underscores_stay_when_asterisks_would_pair_otherwise() -> None:
    # As `*`, the closing `_` would join the `*` after it in one delimiter run.
    text = "_*(*_*a*"
    assert md._inline(text, in_cell=False) == text
    assert render(text) == "<p><em><em>(</em></em><em>a</em></p>\n"


def test_a_line_crowded_with_markup_characters_is_text() -> None:
    """Pasted output, not prose: shown as typed, and as fast as plain text."""
    crowded = "*a* " * (inline_markdown.MAX_DELIMITERS // 2 + 1)
    assert md._inline(crowded.strip(), in_cell=False) == md.escape(crowded.strip())
    prose = "*a* " * (inline_markdown.MAX_DELIMITERS // 2)
    assert "<em>a</em>" in render(md._inline(prose.strip(), in_cell=False))
