"""Figure 4, in a fresh process: save and export of a draft, timed in-process.

`python -m bench.inproc DRAFT [DRAFT ...] --reps N` prints one JSON object per draft with the
median seconds of each operation over N repetitions (after one warm-up):

- save: `storage.to_toml` (snapshot + render) and the atomic write, as `DraftStore.save` does;
- snapshot: the part of an autosave that runs on the UI thread;
- render: the part that runs in the worker thread (it holds the GIL most of the time);
- export: `export.to_markdown`;
- load: parse + validate (`storage.read_draft`), for reference.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _median_time(fn: Callable[[], object], reps: int) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(path: Path, reps: int) -> dict[str, float]:
    from postmortem_tui.core.export import to_markdown
    from postmortem_tui.core.storage import read_draft, render, snapshot, to_toml, write_atomic

    doc = read_draft(path)
    with tempfile.TemporaryDirectory(prefix="bench-save-") as tmp:
        target = Path(tmp) / path.name
        return {
            "save": _median_time(lambda: write_atomic(target, to_toml(doc)), reps),
            "snapshot": _median_time(lambda: snapshot(doc), reps),
            "render": _median_time(lambda: render(snapshot(doc)), reps),
            "export": _median_time(lambda: to_markdown(doc), reps),
            "load": _median_time(lambda: read_draft(path), max(1, reps // 2)),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    for path in args.drafts:
        print(json.dumps({"draft": str(path), **measure(path, args.reps)}), flush=True)


if __name__ == "__main__":
    main()
