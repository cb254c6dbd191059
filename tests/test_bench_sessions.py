"""The benchmark harness goes on past a session that fails, and says what its screen showed;
every session starts from the draft as generated, without what the last one left beside it."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def bench_run(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """`bench/run.py` (bench/ is beside the package, run as `python -m bench` from the root)."""
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("bench.run")


def _options(bench_run: ModuleType, runs: int) -> Any:
    return bench_run.Options(runs=runs, n_keys=2, n_paused=0, headless_reps=1, inproc_reps=1,
                             only={"tui", "headless"}, warmup=False)


def test_a_failed_session_is_reported_with_its_screen_and_the_others_still_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bench_run: ModuleType
) -> None:
    from bench.pty_app import Timeout
    from bench.workload import generate

    work = generate(tmp_path, scale=0.02, n_drafts=1)
    opened: list[list[str]] = []

    def fake_session(argv: Sequence[str], title: str, **kwargs: Any) -> Any:
        opened.append(list(argv))
        if str(work.demo) in argv and len(opened) > 4:  # the demo's session of the second run
            raise Timeout("not seen in 60s: 'Section '\n--- screen ---\n postmortem · drafts")
        return bench_run.Session(0.5, 0.8, [0.01, 0.01], [], 1000)

    monkeypatch.setattr(bench_run, "session", fake_session)
    monkeypatch.setattr(bench_run, "timed_process", lambda argv, ok=(0,): 0.1)
    results = bench_run.Results()
    logged: list[str] = []
    bench_run.run(work, _options(bench_run, 2), results, logged.append)

    assert results.failures == ["run 2, demo session: not seen in 60s: 'Section '"]
    assert any("postmortem · drafts" in line and "FAILED" in line for line in logged)
    assert len(results.figures["1d"].ratios) == 1  # the first run's
    assert len(results.figures["1r"].ratios) == 2  # the large draft's, both runs
    # Every run opens the demo draft in the wizard (a headless command line once replaced it).
    demo_sessions = [argv for argv in opened if str(work.demo) in argv]
    assert len(demo_sessions) == 2
    assert all(argv[-2:] == ["open", str(work.demo)] for argv in demo_sessions)


def test_a_session_starts_without_the_last_ones_leftovers(
    tmp_path: Path, bench_run: ModuleType
) -> None:
    draft = tmp_path / "INC-20250301-003.toml"
    leftovers = [tmp_path / f".{draft.name}.lock", tmp_path / f".tmp-{draft.name}.x1",
                 tmp_path / "INC-20250301-003.recovered-20250301-101010.toml.bak"]
    for p in leftovers:
        p.write_text("x")
    other = tmp_path / ".INC-20250301-004.toml.lock"
    other.write_text("x")
    draft.write_text("edited")
    bench_run.fresh(draft, b"as generated")
    assert draft.read_bytes() == b"as generated"
    assert not any(p.exists() for p in leftovers)
    assert other.exists()
