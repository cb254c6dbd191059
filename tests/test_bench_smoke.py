"""The benchmark harness (bench/) runs end to end on tiny inputs, so it cannot rot.

No timing is asserted: only that every figure is measured and the table is printed. The real
figures come from `python -m bench` (see bench/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

REPO = Path(__file__).resolve().parent.parent
FIGURES = ("1", "1r", "1d", "2m", "2p", "2bm", "2bp", "3e", "3c", "3l", "3a", "3aw", "3s", "3sw",
           "4s", "4e", "4sg", "4eg", "5", "5d")


def test_the_harness_measures_every_figure_on_a_tiny_workload(tmp_path: Path) -> None:
    raw = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--scale", "0.02", "--drafts", "5",
         "--keys", "2", "--json", str(raw)],
        cwd=REPO, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = proc.stdout
    assert "figure" in table and "ratio" in table and "met" in table
    data = json.loads(raw.read_text())
    figures = data["figures"]
    for key in FIGURES:
        assert figures[key]["ratios"], f"figure {key} ({figures[key]['name']}) was not measured"
        assert all(r > 0 for r in figures[key]["ratios"])
        assert figures[key]["name"] in table
    # The timeline editor is measured when it is there, or the table says why not.
    timeline = figures["2tm"]["ratios"]
    assert timeline or any("timeline" in note for note in data["notes"])
