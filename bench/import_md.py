"""Markdown import figures, each a ratio against a baseline run back to back in the same run:

- `import_markdown` of the large draft's export (1 MB of logs, 500 timeline rows, 100 action
  items: bench/workload.py), against markdown-it alone parsing the same text (CommonMark and
  tables, inline content included);
- the same for documents of one kind each, about 1 MB: paragraphs of prose, a 5,000-row
  timeline of plain text, and one whose every row holds inline Markdown (emphasis, code, a
  link), for which the import also runs the export's escaping on each line to choose between
  the readings of what it cannot tell apart (against the export of that document).

    .venv/bin/python -m bench.import_md [--runs 5]

Absolute times are printed too: the import must take well under a second for 1 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable, Sequence

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.markdown_import import import_markdown
from postmortem_tui.core.model import PostMortem, TimelineEvent

from .workload import large_document

DAY = dt.date(2025, 3, 4)


def _markdown_it(text: str) -> Callable[[], object]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    return lambda: md.parse(text)


def _prose() -> PostMortem:
    doc = demo_document(DAY)
    doc.summary = "\n\n".join(
        f"Paragraph {i}: the risk gateway rejected orders with reason NO_LIMIT because the "
        "limits:v2 keys were missing after the release; see the runbook." for i in range(6500)
    )
    return doc


def _timeline(markup: bool) -> PostMortem:
    doc = demo_document(DAY)
    words = ("order gateway *rejected* a batch of `NO_LIMIT` orders, see https://x.y/{i}"
             if markup else "order gateway rejected a batch of NO_LIMIT orders from ACC-{i}")
    doc.timeline = [
        TimelineEvent(time=dt.time(9 + (i // 60) % 10, i % 60), event=f"Event {i}: "
                      + words.format(i=i), actor="Ana Restrepo (on-call SRE)")
        for i in range(5000 if not markup else 4000)
    ]
    return doc


def _seconds(fn: Callable[[], object]) -> float:
    """Seconds `fn` takes from cold: the escaping's cache of lines emptied first (a command
    runs once in a new process)."""
    from postmortem_tui.core import markdown

    markdown._with_markup.cache_clear()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args(argv)
    cases: list[tuple[str, PostMortem, str]] = [
        ("large draft", large_document(), "markdown-it"),
        ("prose", _prose(), "markdown-it"),
        ("timeline, plain", _timeline(False), "markdown-it"),
        ("timeline, inline Markdown", _timeline(True), "export"),
    ]
    print(f"{'document':28} {'size':>8} {'import':>9} {'baseline':>22} {'ratio':>6}")
    for name, doc, against in cases:
        text = to_markdown(doc)
        base = _markdown_it(text) if against == "markdown-it" else lambda d=doc: to_markdown(d)
        ours, theirs = [], []
        for _ in range(opts.runs):
            ours.append(_seconds(lambda t=text: import_markdown(t)))
            theirs.append(_seconds(base))
        o, b = statistics.median(ours), statistics.median(theirs)
        ratio = statistics.median(x / y for x, y in zip(ours, theirs, strict=True))
        print(f"{name:28} {len(text.encode()) / 1e6:>6.2f}MB {o * 1000:>7.0f}ms "
              f"{against + f' {b * 1000:.0f}ms':>22} {ratio:>5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
