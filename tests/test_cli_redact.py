"""`postmortem redact REF [--dry-run]`: the secrets of a draft's pasted text shown (never
printed), masked as <redacted:KIND>, saved atomically with a history row; refused while the
draft is open elsewhere."""

from __future__ import annotations

from test_cli import run

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.store import DraftStore

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFU"
SECRETS = ("hunter22", JWT, "Sup3rS3cret")


def leaky(store: DraftStore) -> str:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    doc.appendix.logs += "\n10:19:40 INFO login user=svc password=hunter22 ok"
    doc.resolution.commands += f"\ncurl -H 'Authorization: Bearer {JWT}' https://risk/api"
    doc.appendix.config_after += "\ndsn: postgres://app:Sup3rS3cret@db.internal/trading"
    store.ensure_folder()
    store.save(doc)
    return doc.header.incident_id


def test_dry_run_shows_where_and_changes_nothing(store: DraftStore) -> None:
    ident = leaky(store)
    path = store.resolve(ident)
    before = path.read_bytes()
    proc = run("redact", ident, "--dry-run", folder=store.folder)
    assert proc.returncode == 1  # something to mask
    assert not any(secret in proc.stdout + proc.stderr for secret in SECRETS)
    out = proc.stdout
    assert "3 secrets (1 jwt, 1 password, 1 connection-string)" in out
    assert "The commands run, line 6: jwt" in out
    assert "curl -H 'Authorization: Bearer <redacted:jwt>' https://risk/api" in out
    assert "The relevant logs, line 8: password" in out
    assert "login user=svc password=<redacted:password> ok" in out
    assert "Would mask 3; nothing written (--dry-run)." in out
    assert path.read_bytes() == before


def test_redact_masks_saves_and_records(store: DraftStore) -> None:
    ident = leaky(store)
    proc = run("redact", ident, folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    path = store.resolve(ident)
    text = path.read_text()
    assert not any(secret in text for secret in SECRETS)
    doc = store.load(path)
    assert doc.appendix.logs.endswith("login user=svc password=<redacted:password> ok")
    assert "postgres://app:<redacted:connection-string>@db.internal" in doc.appendix.config_after
    last = doc.history[-1]
    assert last.changes == (
        "Masked 3 secrets (1 jwt, 1 password, 1 connection-string) in the commands run, the "
        "relevant logs and the configuration after"
    )
    assert f"document history {last.version}" in proc.stdout
    assert "may contain a secret" not in run("check", ident, folder=store.folder).stdout
    again = run("redact", ident, folder=store.folder)
    assert again.returncode == 0
    assert "no secrets found" in again.stdout


def test_nothing_to_mask(store: DraftStore) -> None:
    ident = run("demo", folder=store.folder).stdout.strip()
    proc = run("redact", ident, "--dry-run", folder=store.folder)
    assert (proc.returncode, proc.stdout.strip()) == (
        0, f"{ident}: no secrets found in its logs, snippet, configuration or commands."
    )


def test_refused_while_the_draft_is_open_elsewhere(store: DraftStore) -> None:
    ident = leaky(store)
    path = store.resolve(ident)
    before = path.read_bytes()
    lock = DraftLock(path)
    lock.acquire()
    try:
        proc = run("redact", ident, folder=store.folder)
    finally:
        lock.release()
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"postmortem: error: {path.name} is open in another terminal (")
    assert line.endswith("close it there first; nothing was masked")
    assert path.read_bytes() == before


def test_emails_when_the_team_asks(store: DraftStore) -> None:
    ident = run("demo", folder=store.folder).stdout.strip()
    doc = store.load(store.resolve(ident))
    doc.appendix.logs += "\npaged ana.restrepo@example.com"
    store.save(doc)
    assert run("redact", ident, "--dry-run", folder=store.folder).returncode == 0
    (store.folder / "review.toml").write_text("[secrets]\nemails = true\n")
    proc = run("redact", ident, folder=store.folder)
    assert "1 secret (1 email) in the relevant logs" in proc.stdout
    assert store.load(store.resolve(ident)).appendix.logs.endswith("paged <redacted:email>")
