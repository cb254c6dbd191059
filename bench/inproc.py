"""Figure 4, in a fresh process: save and export of a draft, timed in-process.

`python -m bench.inproc DRAFT [DRAFT ...] --reps N` prints one JSON object per draft with the
median seconds of each operation over N repetitions (after one warm-up):

- save: `toml_writer.to_toml` (snapshot + render) and the atomic write, as `DraftStore.save` does;
- snapshot: the part of an autosave that runs on the UI thread;
- render: the part that runs in the worker thread (it holds the GIL most of the time);
- export: `export.to_markdown`;
- load: parse + validate (`draft_file.read_draft`), for reference.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def measure(paths: list[Path], reps: int) -> dict[Path, dict[str, float]]:
    """Median seconds of each operation for each draft. The drafts take turns within each
    repetition, so a burst of load on a shared machine hits all of them alike (the growth
    figure compares them)."""
    from postmortem_tui.core import toml_writer
    from postmortem_tui.core.atomic import write_atomic
    from postmortem_tui.core.draft_file import read_draft
    from postmortem_tui.core.export import to_markdown
    from postmortem_tui.core.toml_writer import render, snapshot, to_toml

    docs = {p: read_draft(p) for p in paths}
    edits = itertools.count()

    def saved_then_edited(p: Path) -> None:
        to_toml(docs[p])  # the previous autosave (the drafts take turns; the app has one)
        docs[p].timeline[len(docs[p].timeline) // 2].event = f"edited {next(edits)}"

    def forget_rendered(p: Path) -> None:
        toml_writer._chunks.clear()  # the first save of a session: nothing rendered before
    with tempfile.TemporaryDirectory(prefix="bench-save-") as tmp:
        targets = {p: Path(tmp) / p.name for p in paths}
        save = lambda p: write_atomic(targets[p], to_toml(docs[p]))  # noqa: E731
        ops: dict[str, Callable[[Path], object]] = {
            "save": save,
            "autosave": save,
            "snapshot": lambda p: snapshot(docs[p]),
            "render": lambda p: render(snapshot(docs[p])),
            "export": lambda p: to_markdown(docs[p]),
            "load": read_draft,
        }
        # Untimed, before each timed call: a cold save renders everything; the wizard's
        # autosave follows an edit, after an earlier save of the same draft.
        before: dict[str, Callable[[Path], None]] = {
            "save": forget_rendered,
            "render": forget_rendered,
            "autosave": saved_then_edited,
        }
        times: dict[Path, dict[str, list[float]]] = {p: {op: [] for op in ops} for p in paths}
        for op, fn in ops.items():
            for p in paths:
                fn(p)  # warm-up: imports, caches
            for _ in range(reps if op != "load" else max(1, reps // 2)):
                for p in paths:
                    if op in before:
                        before[op](p)
                    gc.collect()
                    start = time.perf_counter()
                    fn(p)
                    times[p][op].append(time.perf_counter() - start)
    return {p: {op: statistics.median(xs) for op, xs in t.items()} for p, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    for path, figures in measure(args.drafts, args.reps).items():
        print(json.dumps({"draft": str(path), **figures}), flush=True)


if __name__ == "__main__":
    main()
