"""Timeline figures, each a ratio against a baseline run back to back in the same run:

- `timeline add` on the demo draft, whole process, against
  `python -c "import pydantic, tomllib, tomli_w, click, platformdirs"` (goal: under 150 ms);
- `timeline import` of a 200 MB log with a five-minute window, whole process, against Python
  reading the same file's lines and doing nothing with them; with the import's peak memory.

    .venv/bin/python -m bench.timeline [--runs 15] [--log-mb 200]

The log is generated in a temp folder and deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BASELINE = [sys.executable, "-c", "import pydantic, tomllib, tomli_w, click, platformdirs"]
COT = dt.timezone(dt.timedelta(hours=-5))


def postmortem() -> list[str]:
    script = Path(sys.executable).parent / "postmortem"
    return [str(script)] if script.exists() else [sys.executable, "-m", "postmortem_tui"]


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}


def timed(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env(), check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: exit {proc.returncode}: {proc.stderr[-400:]!r}")
    return elapsed


def peak_rss_mib(argv: Sequence[str]) -> float:
    """The peak memory of one run of a command (its own process alone)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                         check=True, env=env())
    return int(out.stdout.strip()) / 1024


def figure(name: str, ours: list[float], base: list[float], goal: str = "") -> str:
    ratios = [o / b for o, b in zip(ours, base, strict=True)]
    return (f"{name:<34} ours {statistics.median(ours) * 1000:8.0f} ms   baseline "
            f"{statistics.median(base) * 1000:8.0f} ms   ratio {statistics.median(ratios):5.2f} "
            f"[{min(ratios):.2f}-{max(ratios):.2f}]  {goal}")


def write_log(path: Path, megabytes: int) -> int:
    """A gateway's log: a line every 43 ms from midnight, ISO 8601 with milliseconds."""
    rng = random.Random(1)
    start = dt.datetime(2026, 11, 24, tzinfo=COT)
    kinds = ("INFO order-gateway: accepted order id=%d qty=%d",
             "WARN risk: limit check slow %d ms (%d)",
             "ERROR order-gateway: reject reason=LIMIT_MISSING id=%d acct=%d",
             "DEBUG feed: heartbeat seq=%d lag=%d")
    target, size, i = megabytes * 1024 * 1024, 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            when = (start + dt.timedelta(milliseconds=43 * i)).isoformat(timespec="milliseconds")
            line = f"{when} {rng.choice(kinds) % (i, rng.randint(1, 999))}\n"
            out.write(line)
            size += len(line)
            i += 1
    return i


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--log-mb", type=int, default=200)
    parser.add_argument("--log-runs", type=int, default=3)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        folder = Path(tmp) / "drafts"
        ident = subprocess.run([*postmortem(), "--dir", str(folder), "demo"], check=True,
                               capture_output=True, text=True, env=env()).stdout.strip()
        add = [*postmortem(), "--dir", str(folder), "timeline", "add", ident, "Jotted",
               "--at", "09:40"]
        timed(BASELINE), timed(add)  # warm the file cache
        ours, base = [], []
        for _ in range(opts.runs):
            base.append(timed(BASELINE))
            ours.append(timed(add))
        print(figure("timeline add (demo draft)", ours, base,
                     f"median {statistics.median(ours) * 1000:.0f} ms, goal < 150 ms"))

        log = Path(tmp) / "order-gateway.log"
        lines = write_log(log, opts.log_mb)
        size = log.stat().st_size / 2**20
        read_lines = [sys.executable, "-c",
                      "import sys\nfor line in open(sys.argv[1], 'rb'): pass", str(log)]
        imp = [*postmortem(), "--dir", str(folder), "timeline", "import", ident, str(log),
               "--since", "2026-11-24T09:00-05:00", "--until", "2026-11-24T09:05-05:00",
               "--dry-run"]
        ours, base = [], []
        for _ in range(opts.log_runs):
            base.append(timed(read_lines))
            ours.append(timed(imp))
        print(figure(f"timeline import ({size:.0f} MB log)", ours, base,
                     f"{lines:,} lines, 5-minute window"))
        print(f"{'':<34} peak memory of the import: {peak_rss_mib(imp):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
