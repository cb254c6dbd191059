"""`postmortem metrics REF [--json]` as a user runs it, in a subprocess."""

from __future__ import annotations

import datetime as dt
import json

from test_cli import run

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import Milestone
from postmortem_tui.core.store import DraftStore


def _saved(store: DraftStore, **times: str | None) -> str:
    doc = demo_document(dt.date(2025, 3, 4))
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    for row in doc.timeline:
        if row.milestone is not None and row.milestone.value in times:
            row.time = times[row.milestone.value]
    store.save(doc)
    return doc.header.incident_id


def test_metrics_table(store: DraftStore) -> None:
    ident = _saved(store)
    proc = run("metrics", ident, folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(ident + "  Equity orders rejected")
    assert lines[1:] == [
        "TTD  Time to Detect       3m      first symptom 09:15 -> alert triggered 09:18",
        "TTA  Time to Acknowledge  5m      first symptom 09:15 -> on-call acknowledged 09:20",
        "TTM  Time to Mitigate     1h 4m   first symptom 09:15 -> mitigation applied 10:19",
        "TTR  Time to Recover      1h 35m  first symptom 09:15 -> service restored 10:50",
    ]


def test_metrics_json_minutes_or_null(store: DraftStore) -> None:
    ident = _saved(store, service_restored=None)
    proc = run("metrics", ident, "--json", folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["id"] == ident
    assert [data[k]["minutes"] for k in ("ttd", "tta", "ttm", "ttr")] == [3, 5, 64, None]
    assert data["ttr"]["reason"] == "no service restored"
    assert data["ttr"]["to"] == {"milestone": Milestone.SERVICE_RESTORED.value, "time": None}
    assert data["ttd"]["from"] == {"milestone": "first_symptom", "time": "09:15"}


def test_metrics_missing_says_na(store: DraftStore) -> None:
    ident = _saved(store, alert_triggered=None)
    proc = run("metrics", ident, folder=store.folder)
    assert proc.returncode == 0
    assert "TTD  Time to Detect       n/a (no alert triggered)" in proc.stdout


def test_metrics_out_of_order_exits_1(store: DraftStore) -> None:
    ident = _saved(store, alert_triggered="09:10")
    proc = run("metrics", ident, folder=store.folder)
    assert proc.returncode == 1
    assert "n/a (milestones out of order)" in proc.stdout
    assert "postmortem check" in proc.stderr
    as_json = run("metrics", ident, "--json", folder=store.folder)
    assert as_json.returncode == 1 and as_json.stderr == ""
    assert json.loads(as_json.stdout)["ttd"]["reason"] == "milestones out of order"


def test_metrics_bad_ref_exits_2(store: DraftStore) -> None:
    _saved(store)
    proc = run("metrics", "INC-19990101-001", folder=store.folder)
    assert proc.returncode == 2
    assert proc.stderr.startswith("postmortem: error: ")


def test_export_template_only_leaves_the_additions_out(store: DraftStore) -> None:
    ident = _saved(store)
    full = run("export", ident, folder=store.folder)
    bare = run("export", ident, "--template-only", folder=store.folder)
    assert full.returncode == bare.returncode == 0
    assert "### Key Metrics" in full.stdout and "```mermaid" in full.stdout
    assert "### Key Metrics" not in bare.stdout and "mermaid" not in bare.stdout
    assert "--template-only" in run("export", "--help", folder=store.folder).stdout


def test_check_names_milestones_out_of_order(store: DraftStore) -> None:
    ident = _saved(store, alert_triggered="09:10")
    proc = run("check", ident, folder=store.folder)
    assert proc.returncode == 1
    assert "Milestones out of order: 'Alert triggered' at 09:10 comes before" in proc.stdout
