"""Trends across incidents: the aggregation, its cache, and `postmortem stats` in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from test_cli import run

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import ActionItem, ActionStatus, PostMortem, Severity, Status
from postmortem_tui.core.stats import (
    Facts,
    Filter,
    aggregate,
    business_days_after,
    facts_of,
    from_row,
    percentile,
    to_row,
)
from postmortem_tui.core.stats_cache import STATS_FILE, list_facts
from postmortem_tui.core.store import DraftStore

TODAY = dt.date(2025, 3, 14)  # a Friday


def incident(day: dt.date, severity: str | None, ttr: int | None = 60, **kw: object) -> Facts:
    defaults: dict[str, object] = {
        "incident_id": f"INC-{day:%Y%m%d}-001", "status": "Closed", "downtime_minutes": 10,
        "missed_trades": 5, "ttd": 2, "tta": 4, "ttm": 30,
    }
    defaults.update(kw)
    return Facts(Path(f"{defaults['incident_id']}.toml"), date=day, severity=severity, ttr=ttr,
                 **defaults)  # type: ignore[arg-type]


def test_keys_and_status_are_the_models() -> None:
    from postmortem_tui.core.metrics import DEFINITIONS
    from postmortem_tui.core.stats import DRAFT_STATUS, METRIC_KEYS

    assert tuple(d.key for d in DEFINITIONS) == METRIC_KEYS
    assert Status.DRAFT.value == DRAFT_STATUS


def test_percentile_inclusive() -> None:
    assert percentile([5], 0.9) == 5
    assert percentile([1, 2], 0.5) == 1.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile([30, 10, 20], 0.5) == 20


def test_business_days() -> None:
    friday = dt.date(2025, 3, 7)
    assert business_days_after(friday, friday) == 0
    assert business_days_after(friday, dt.date(2025, 3, 9)) == 0  # the weekend
    assert business_days_after(friday, dt.date(2025, 3, 10)) == 1
    assert business_days_after(friday, dt.date(2025, 3, 14)) == 5
    assert business_days_after(friday, dt.date(2025, 3, 17)) == 6
    assert business_days_after(friday, dt.date(2025, 3, 28)) == 15


def test_counts_sums_and_spreads() -> None:
    facts = [
        incident(dt.date(2025, 1, 5), "P1", ttr=40),
        incident(dt.date(2025, 1, 20), "P1", ttr=100),
        incident(dt.date(2025, 2, 3), "P0", ttr=None),
        incident(dt.date(2025, 2, 9), None, missed_trades=None),
        Facts(Path("broken.toml"), error="broken.toml: line 3: not TOML"),
    ]
    s = aggregate(facts, TODAY)
    assert s.incidents == 4
    assert s.by_month == {"2025-01": {"P1": 2}, "2025-02": {"P0": 1, "none": 1}}
    assert s.by_severity == {"P0": 1, "P1": 2, "none": 1}
    assert (s.downtime_minutes, s.missed_trades) == (40, 15)
    p1 = s.response["P1"]["ttr"]
    assert (p1.count, p1.median, p1.p90) == (2, 70, 94)
    assert s.response["P0"]["ttr"].median is None  # no figure: left out, never 0
    assert s.response["P0"]["ttd"].median == 2
    assert s.unreadable == [(Path("broken.toml"), "broken.toml: line 3: not TOML")]
    record = s.to_record()
    assert record["response_minutes"]["P1"]["ttr"] == {"count": 2, "median": 70, "p90": 94}
    assert record["unreadable"] == [
        {"path": "broken.toml", "error": "broken.toml: line 3: not TOML"}
    ]
    json.dumps(record)


def test_actions_and_late_drafts() -> None:
    facts = [
        incident(dt.date(2025, 3, 7), "P2", status="Draft", actions_done=2,
                 open_due=(dt.date(2025, 3, 13), dt.date(2025, 3, 14), None)),
        incident(dt.date(2025, 3, 6), "P2", status="Draft", incident_id="INC-20250306-001"),
        incident(dt.date(2025, 3, 3), "P2", status="Reviewed", incident_id="INC-20250303-001"),
    ]
    s = aggregate(facts, TODAY)
    assert (s.actions_open, s.actions_overdue, s.actions_done) == (3, 1, 2)
    # 5 business days after Friday the 7th is today: not late yet; Thursday the 6th is.
    assert [(d.incident_id, d.business_days) for d in s.late_drafts] == [("INC-20250306-001", 6)]


def test_filters() -> None:
    facts = [
        incident(dt.date(2025, 1, 5), "P1"),
        incident(dt.date(2025, 2, 5), "P0"),
        incident(dt.date(2025, 3, 5), "P3"),
        Facts(Path("undated.toml"), incident_id="x", severity="P1", status="Draft"),
    ]
    assert aggregate(facts, TODAY).incidents == 4
    since = aggregate(facts, TODAY, Filter(since=dt.date(2025, 2, 1)))
    assert since.by_month == {"2025-02": {"P0": 1}, "2025-03": {"P3": 1}}
    until = aggregate(facts, TODAY, Filter(until=dt.date(2025, 2, 5)))
    assert until.incidents == 2
    sev = aggregate(facts, TODAY, Filter(severities=frozenset({"P0", "P1"})))
    assert sev.by_severity == {"P0": 1, "P1": 2}
    assert "undated" in sev.by_month


def test_facts_of_the_demo_round_trip() -> None:
    doc = demo_document(TODAY, incident_id="INC-20250310-001")
    doc.actions.append(ActionItem(id=9, action="x", status=ActionStatus.DONE))
    facts = facts_of(doc, Path("INC-20250310-001.toml"))
    assert (facts.ttd, facts.tta, facts.ttm, facts.ttr) == (3, 5, 64, 95)
    assert facts.actions_done == 2 and len(facts.open_due) == 4
    assert from_row(json.loads(json.dumps(to_row(facts))), facts.path) == facts
    for bad in ({}, {**to_row(facts), "ttd": "3"}, {**to_row(facts), "open_due": "x"}, []):
        with pytest.raises(ValueError):
            from_row(bad, facts.path)


def _save(store: DraftStore, doc: PostMortem) -> Path:
    return store.save(doc)


def test_cache_reads_only_changed_drafts(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_folder()
    paths = []
    for n in range(3):
        doc = demo_document(TODAY, incident_id=f"INC-2025031{n}-001")
        paths.append(_save(store, doc))
    first = list_facts(store.folder, store.draft_paths())
    assert (store.folder / STATS_FILE).is_file()
    import postmortem_tui.core.stats_cache as sc

    reads: list[Path] = []
    real = sc.CACHE.read
    monkeypatch.setattr(sc.CACHE, "read", lambda p: (reads.append(p), real(p))[1])
    again = list_facts(store.folder, store.draft_paths())
    assert reads == [] and sorted(again, key=str) == sorted(first, key=str)
    doc = store.load(paths[1])
    doc.header.severity = Severity.P0
    _save(store, doc)
    changed = {f.path.name: f for f in list_facts(store.folder, store.draft_paths())}
    assert reads == [paths[1]]
    assert changed[paths[1].name].severity == "P0"


def test_cli_stats(store: DraftStore) -> None:
    store.ensure_folder()
    for n, (sev, status) in enumerate([("P1", Status.CLOSED), ("P0", Status.DRAFT)]):
        doc = demo_document(TODAY, incident_id=f"INC-2025010{n + 1}-001")
        doc.header.date = dt.date(2025, 1, n + 1)
        doc.header.severity = Severity(sev)
        doc.header.status = status
        _save(store, doc)
    (store.folder / "INC-20250105-001.toml").write_text("not [ toml", encoding="utf-8")
    proc = run("stats", folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("2 incidents (1 unreadable draft not counted)\n")
    assert "2025-01   1   1      2" in proc.stdout
    assert "Trading downtime: 190 minutes; missed trades: 2,480" in proc.stdout
    assert "P0        3 / 3  5 / 5  64 / 64  95 / 95" in proc.stdout
    assert "Still Draft after 5 business days: 1" in proc.stdout
    assert "INC-20250105-001.toml" in proc.stdout
    as_json = json.loads(run("stats", "--json", "--severity", "p0", folder=store.folder).stdout)
    assert as_json["incidents"] == 1 and as_json["by_severity"] == {"P0": 1}
    assert as_json["late_drafts"][0]["id"] == "INC-20250102-001"
    assert len(as_json["unreadable"]) == 1
    since = json.loads(run("stats", "--json", "--since", "2025-01-02", folder=store.folder).stdout)
    assert since["incidents"] == 1


def test_cli_stats_bad_usage(tmp_path: Path) -> None:
    assert run("stats", "--since", "yesterday", folder=tmp_path).returncode == 2
    assert run("stats", "--severity", "P9", folder=tmp_path).returncode == 2
    bad = run("stats", "--since", "2025-02-01", "--until", "2025-01-01", folder=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("postmortem: error: ")
    empty = run("stats", folder=tmp_path / "none")
    assert (empty.returncode, empty.stdout) == (0, "0 incidents\n")
    assert os.listdir(tmp_path) == []


def test_warm_stats_load_no_model(store: DraftStore) -> None:
    import subprocess
    import sys

    store.ensure_folder()
    store.save(demo_document(TODAY, incident_id="INC-20250310-001"))
    assert run("stats", folder=store.folder).returncode == 0  # cold: writes the cache
    # The stats from a warm cache need no model (what the command line loads besides is its
    # own business: the review settings).
    code = (
        "import datetime, pathlib, sys\n"
        "from postmortem_tui.core.stats import aggregate\n"
        "from postmortem_tui.core.store import DraftStore\n"
        f"facts = DraftStore(pathlib.Path({str(store.folder)!r})).stats_facts()\n"
        "assert aggregate(facts, datetime.date(2025, 3, 14)).incidents == 1\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.splitlines()[-1] == "[]"
