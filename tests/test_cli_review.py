"""`check` with the review rules, as a user runs it: the rules listed, every finding of a weak
draft shown, the demo clean, a rule the team makes blocking stopping the export, and a bad
`review.toml` reported with its line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_cli import run
from weak_draft import weak_draft

from postmortem_tui.core import timeutil
from postmortem_tui.core.review.config import DEFAULT
from postmortem_tui.core.review.registry import RULES
from postmortem_tui.core.review.rules import Context
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.text import one_line


def saved_weak(store: DraftStore) -> str:
    doc = weak_draft(timeutil.today_cot())
    store.ensure_folder()
    store.save(doc)
    return doc.header.incident_id


def test_rules_are_listed_without_a_draft(store: DraftStore) -> None:
    proc = run("check", "--rules", folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines() if "  hint  " in line]
    assert names == [r.name for r in RULES]
    assert "settings: the defaults (no review.toml in" in proc.stdout
    assert "A gap longer than 30 minutes with no event during the response" in proc.stdout


def test_check_shows_every_finding_of_a_weak_draft_as_weak(store: DraftStore) -> None:
    ident = saved_weak(store)
    proc = run("check", ident, "--all", folder=store.folder)
    assert proc.returncode == 1  # the weak draft also lacks its root cause row
    lines = proc.stdout.splitlines()
    doc = store.load(store.resolve(ident))
    ctx = Context(doc, timeutil.today_cot(), DEFAULT)
    for r in RULES:
        for finding in r.findings(ctx):
            shown = [line for line in lines if one_line(finding.message) in line]
            assert shown, f"{r.name}: {finding.message}"
            assert all("weak" in line for line in shown), r.name


def test_the_demo_passes_with_no_hint(store: DraftStore) -> None:
    ident = run("demo", folder=store.folder).stdout.strip()
    proc = run("check", ident, folder=store.folder)
    assert proc.returncode == 0
    assert "weak" not in proc.stdout
    assert proc.stdout.rstrip().endswith("Ready for a final export.")


def test_a_rule_made_blocking_stops_the_export(store: DraftStore, tmp_path: Path) -> None:
    ident = run("demo", folder=store.folder).stdout.strip()
    doc = store.load(store.resolve(ident))
    doc.actions[0].action = "Investigate the feed"
    store.save(doc)
    assert run("export", ident, folder=store.folder).returncode == 0  # a hint: no refusal
    (store.folder / "review.toml").write_text('[rules.action-vague]\nseverity = "blocking"\n')
    checked = run("check", ident, folder=store.folder)
    assert checked.returncode == 1
    assert "missing  Action item 1 ('Investigate the feed') says 'investigate'" in checked.stdout
    exported = run("export", ident, "-o", str(tmp_path / "out.md"), folder=store.folder)
    assert exported.returncode == 1
    assert "Action item 1 ('Investigate the feed')" in exported.stderr
    listed = run("check", "--rules", folder=store.folder).stdout
    assert "action-vague  blocking  actions[].action" in listed
    (store.folder / "review.toml").write_text("[rules.action-vague]\nenabled = false\n")
    assert run("check", ident, folder=store.folder).stdout.count("weak") == 0


def test_list_follows_the_review_settings_past_its_cache(store: DraftStore) -> None:
    ident = run("demo", folder=store.folder).stdout.strip()
    doc = store.load(store.resolve(ident))
    doc.actions[0].action = "Investigate the feed"
    store.save(doc)

    def ready() -> bool:
        proc = run("list", "--json", folder=store.folder)
        assert proc.returncode == 0, proc.stderr
        return bool(json.loads(proc.stdout)[0]["ready"])

    assert ready() and ready()  # the second from the cache
    (store.folder / "review.toml").write_text('[rules.action-vague]\nseverity = "blocking"\n')
    assert not ready()
    (store.folder / "review.toml").unlink()
    assert ready()


def test_reading_the_default_settings_loads_no_model(store: DraftStore) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from postmortem_tui.core.store import DraftStore\n"
        "from postmortem_tui.core.review.config import use\n"
        f"use(DraftStore(Path({str(store.folder)!r})).review_config())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', "
        "'postmortem_tui.core.model', 'postmortem_tui.core.review.registry'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert proc.stdout.strip() == "[]"


def test_a_bad_review_file_names_its_line(store: DraftStore) -> None:
    store.ensure_folder()
    (store.folder / "review.toml").write_text("[timeline]\n\nmax_gap_minutes = 'soon'\n")
    for args in (("check", "--rules"), ("list",)):
        proc = run(*args, folder=store.folder)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        (line,) = proc.stderr.splitlines()
        assert line == (
            f"postmortem: error: {store.folder / 'review.toml'}:3: max_gap_minutes must be a "
            "whole number >= 1, got 'soon'"
        )


def test_check_requires_a_ref_without_rules(store: DraftStore) -> None:
    proc = run("check", folder=store.folder)
    assert proc.returncode == 2
    assert "Missing argument 'REF'" in proc.stderr
