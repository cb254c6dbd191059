"""`postmortem import` as a user runs it: a subprocess, its output and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.store import DraftStore

ID = "INC-20250304-001"


def run(*args: str, folder: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
        input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A complete post-mortem's export, as a file."""
    doc = demo_document(dt.date(2025, 3, 4), incident_id=ID)
    path = tmp_path / "postmortem.md"
    path.write_text(to_markdown(doc), encoding="utf-8")
    return path


def test_import_writes_a_draft_that_exports_the_same(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    proc = run("import", str(exported), folder=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ID + "\n"
    assert (folder / f"{ID}.toml").is_file()
    again = run("export", ID, folder=folder)
    assert again.stdout == exported.read_text(encoding="utf-8")


def test_the_files_own_id_taken_is_refused_unless_id(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    assert run("import", str(exported), folder=folder).returncode == 0
    refused = run("import", str(exported), folder=folder)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert f"{ID}, which already exists" in refused.stderr and "--id" in refused.stderr
    other = run("import", str(exported), "--id", "INC-20250304-009", folder=folder)
    assert other.returncode == 0 and other.stdout == "INC-20250304-009\n"
    bad = run("import", str(exported), "--id", "nope", folder=folder)
    assert bad.returncode == 2


def test_incomplete_is_exit_1_with_findings_listed(tmp_path: Path) -> None:
    path = tmp_path / "short.md"
    path.write_text(
        "# Post-Mortem: Feed stalled\n\n**Date**: 2025-03-04\n\n## Executive Summary\n\n"
        "The feed stalled.\n\n## Party Notes\n\nCake.\n", encoding="utf-8")
    folder = tmp_path / "drafts"
    proc = run("import", str(path), folder=folder)
    assert proc.returncode == 1
    new_id = proc.stdout.strip()
    assert new_id.startswith("INC-20250304-")  # numbered on the file's date
    assert f"{path}:9: kept: section 'Party Notes' is not in the template" in proc.stderr
    assert "incomplete" in proc.stderr


def test_dry_run_and_json(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    proc = run("import", str(exported), "--dry-run", "--json", folder=folder)
    assert proc.returncode == 0
    record = json.loads(proc.stdout)
    assert record["id"] == ID and record["written"] is False and record["complete"] is True
    assert record["findings"] == []
    assert not folder.exists() or not list(folder.glob("*.toml"))


def test_not_a_post_mortem_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# Tool\n\nInstall it.\n", encoding="utf-8")
    proc = run("import", str(path), folder=tmp_path / "drafts")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "not a post-mortem" in proc.stderr and "Traceback" not in proc.stderr
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\xff\xfe\x00")
    proc = run("import", str(binary), folder=tmp_path / "drafts")
    assert proc.returncode == 2 and "not UTF-8" in proc.stderr
    proc = run("import", str(tmp_path / "missing.md"), folder=tmp_path / "drafts")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_standard_input(exported: Path, tmp_path: Path) -> None:
    proc = run("import", "-", folder=tmp_path / "d", stdin=exported.read_text(encoding="utf-8"))
    assert proc.returncode == 0 and proc.stdout == ID + "\n"


def _edited(exported: Path) -> Path:
    text = exported.read_text(encoding="utf-8")
    edited = exported.with_name("edited.md")
    edited.write_text(
        text.replace("| 1,240 trades ", "| 1,250 trades ").replace(
            "- The rollback of limits-loader took under two minutes and worked as documented",
            "- The rollback took under two minutes"),
        encoding="utf-8")
    return edited


def test_update_shows_the_changes_and_applies_them(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    run("import", str(exported), folder=folder)
    edited = _edited(exported)
    dry = run("import", str(edited), "--update", ID, "--dry-run", folder=folder)
    assert dry.returncode == 0
    assert "Impact > Missed trades: 1,240 → 1,250" in dry.stdout
    assert "What went well, item 2: 'The rollback of limits-loader" in dry.stdout
    declined = run("import", str(edited), "--update", ID, folder=folder, stdin="n\n")
    assert "nothing changed" in declined.stderr
    store = DraftStore(folder)
    assert store.load(store.resolve(ID)).impact.missed_trades == 1240
    applied = run("import", str(edited), "--update", ID, folder=folder, stdin="y\n")
    assert applied.returncode == 0, applied.stderr
    doc = store.load(store.resolve(ID))
    assert doc.impact.missed_trades == 1250
    assert doc.lessons.went_well[1] == "The rollback took under two minutes"
    assert doc.history[-1].changes == "Review edits merged from edited.md (2 changes)"
    nothing = run("import", str(edited), "--update", ID, "--yes", "--json", folder=folder)
    record = json.loads(nothing.stdout)
    assert record["changes"] == [] and record["applied"] is False  # the history row stays


def test_update_refuses_while_the_draft_is_open(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    run("import", str(exported), folder=folder)
    lock = DraftLock(folder / f"{ID}.toml")
    lock.acquire()
    try:
        proc = run("import", str(_edited(exported)), "--update", ID, "--yes", folder=folder)
    finally:
        lock.release()
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "open in another terminal" in proc.stderr
    store = DraftStore(folder)
    assert store.load(store.resolve(ID)).impact.missed_trades == 1240


def test_update_refuses_another_incident(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    run("import", str(exported), folder=folder)
    run("import", str(exported), "--id", "INC-20250304-002", folder=folder)
    proc = run("import", str(exported), "--update", "INC-20250304-002", "--yes", folder=folder)
    assert proc.returncode == 2 and "not INC-20250304-002" in proc.stderr


def test_update_refuses_a_closed_post_mortem(exported: Path, tmp_path: Path) -> None:
    from postmortem_tui.core.model import Status

    folder = tmp_path / "drafts"
    run("import", str(exported), folder=folder)
    store = DraftStore(folder)
    path = store.resolve(ID)
    doc = store.load(path)
    doc.header.status = Status.CLOSED
    store.save(doc, path)
    proc = run("import", str(_edited(exported)), "--update", ID, "--yes", folder=folder)
    assert proc.returncode == 2 and "Closed" in proc.stderr and "read-only" in proc.stderr
