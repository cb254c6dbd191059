"""Drafts shared through git (core/git_setup.py, core/sync.py, core/git_conflicts.py): a bare
repository and two clones as two engineers, Ana and Ben, all local paths."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.draft_file import read_draft
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.git_conflicts import resolve
from postmortem_tui.core.git_repo import GitRepo
from postmortem_tui.core.git_setup import init
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import ActionItem, PostMortem, TimelineEvent
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.sync import SyncReport, sync

DAY = dt.date(2026, 12, 1)
INC = "INC-20261201-001"


@pytest.fixture(autouse=True)
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git reads this test's own (empty) global config, never the machine's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.delenv("POSTMORTEM_DIR", raising=False)
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Test")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "test@example.com")


def git(folder: Path, *args: str) -> str:
    return GitRepo(folder).out(*args)


@dataclass
class Engineer:
    """One clone of the team's drafts."""

    folder: Path

    @property
    def store(self) -> DraftStore:
        return DraftStore(self.folder)

    @property
    def draft(self) -> Path:
        return self.folder / f"{INC}.toml"

    def sync(self, **options: object) -> SyncReport:
        return sync(self.folder, **options)  # type: ignore[arg-type]

    def edit(self, change: Callable[[PostMortem], None], path: Path | None = None) -> None:
        path = path or self.draft
        doc = read_draft(path)
        change(doc)
        self.store.save(doc, path)

    def doc(self, path: Path | None = None) -> PostMortem:
        return read_draft(path or self.draft)


def clone(tmp_path: Path, remote: Path, name: str) -> Engineer:
    folder = tmp_path / name / "drafts"
    init(folder, str(remote))
    repo = GitRepo(folder)
    repo.run("config", "user.name", name.capitalize())
    repo.run("config", "user.email", f"{name}@example.com")
    return Engineer(folder)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "team.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


@pytest.fixture
def team(tmp_path: Path, remote: Path) -> tuple[Engineer, Engineer]:
    """Ana and Ben, both with the demo post-mortem as Ana shared it."""
    ana = clone(tmp_path, remote, "ana")
    ana.store.save(demo_document(DAY, INC))
    assert ana.sync().pushed
    ben = clone(tmp_path, remote, "ben")
    assert ben.draft.is_file()
    return ana, ben


def no_markers(folder: Path) -> None:
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert "<<<<<<<" not in text and ">>>>>>>" not in text, path


# --- init ----------------------------------------------------------------------------------------


def test_init_makes_a_repository_that_ignores_this_machines_files_once(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = init(folder)
    assert not first.already and any("git repository" in line for line in first.done)
    assert init(folder).already
    ignored = [
        f".{INC}.toml.lock", f".{INC}.toml.inbox", ".summaries.json", ".stats.json",
        ".actions.json", f".tmp-{INC}.toml.abc", f"{INC}.recovered-20261201-101500.toml.bak",
        f"{INC}.theirs.toml",
    ]
    for name in ignored:
        (folder / name).write_text("x")
    out = GitRepo(folder).run("check-ignore", *ignored, f"{INC}.toml", check=False).out
    assert out.split() == ignored
    assert "merge=postmortem" in (folder / ".gitattributes").read_text()
    assert "merge-driver" in (git(folder, "config", "merge.postmortem.driver"))


def test_init_with_drafts_joins_a_remote_keeping_them(tmp_path: Path, remote: Path) -> None:
    ana = clone(tmp_path, remote, "ana")
    ana.store.save(demo_document(DAY, INC))
    ana.sync()
    mine = DraftStore(tmp_path / "ben" / "drafts")
    mine.save(demo_document(DAY, "INC-20261201-002"))
    report = init(mine.folder, str(remote))
    assert any("origin" in line for line in report.done)
    assert mine.ids() == {INC, "INC-20261201-002"}
    assert "INC-20261201-002.toml" in git(mine.folder, "status", "--porcelain")


def test_init_refuses_to_join_a_remote_with_another_draft_of_the_same_name(
    tmp_path: Path, remote: Path
) -> None:
    ana = clone(tmp_path, remote, "ana")
    ana.store.save(demo_document(DAY, INC))
    ana.sync()
    mine = DraftStore(tmp_path / "ben" / "drafts")
    doc = demo_document(DAY, INC)
    doc.header.title = "Another incident"
    mine.save(doc)
    from postmortem_tui.core.errors import DraftError

    with pytest.raises(DraftError, match="other contents"):
        init(mine.folder, str(remote))
    assert not (mine.folder / ".git").exists()  # as it was: init can be run again


# --- merges ----------------------------------------------------------------------------------


def test_edits_to_different_sections_merge_clean(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana's summary."))
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$1,000"))
    assert ana.sync().pushed
    report = ben.sync()
    assert report.conflicts == [] and report.pushed and report.pulled == 1
    ana.sync()
    for person in (ana, ben):
        doc = person.doc()
        assert (doc.summary, doc.impact.financial_amount) == ("Ana's summary.", "$1,000")
    assert ana.draft.read_bytes() == ben.draft.read_bytes()
    assert git(ana.folder, "log", "-1", "--format=%s") == f"Update {INC}"


def test_rows_added_on_both_sides_merge_clean(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team

    def add(event: str, time: str, action: str) -> Callable[[PostMortem], None]:
        def change(doc: PostMortem) -> None:
            doc.timeline.append(TimelineEvent(time=time, event=event, actor="SRE"))
            doc.timeline = doc.sorted_timeline()
            doc.actions.append(ActionItem(id=doc.next_action_id(), action=action))

        return change

    ana.edit(add("Ana's row", "10:25", "Ana's action"))
    ben.edit(add("Ben's row", "09:50", "Ben's action"))
    ana.sync()
    assert ben.sync().conflicts == []
    ana.sync()
    doc = ana.doc()
    events = [row.event for row in doc.timeline]
    assert "Ana's row" in events and "Ben's row" in events
    assert doc.timeline_is_chronological()
    actions = [(a.id, a.action) for a in doc.actions[-2:]]
    assert sorted(a for _i, a in actions) == ["Ana's action", "Ben's action"]
    assert len({a.id for a in doc.actions}) == len(doc.actions)
    assert ana.draft.read_bytes() == ben.draft.read_bytes()


def conflict_on_amount(ana: Engineer, ben: Engineer) -> SyncReport:
    ana.edit(lambda d: setattr(d.impact, "financial_amount", "$1,000"))
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$2,000"))
    ben.edit(lambda d: setattr(d, "summary", "Ben's summary."))
    ana.sync()
    return ben.sync()


def test_a_true_conflict_keeps_both_versions_readable(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    report = conflict_on_amount(ana, ben)
    assert report.stopped and not report.pushed
    conflict, = report.conflicts
    assert conflict.incident == INC
    assert [(d.label, d.mine, d.theirs) for d in conflict.differences] == [
        ("Impact › Financial impact amount", "$2,000", "$1,000")]
    assert ben.doc().impact.financial_amount == "$2,000"  # mine kept
    assert ben.doc().summary == "Ben's summary."
    assert ben.doc(conflict.side).impact.financial_amount == "$1,000"
    assert conflict.side.name == f"{INC}.theirs.toml"
    no_markers(ben.folder)
    assert GitRepo(ben.folder).in_progress() is None
    assert ben.store.ids() == {INC}  # the side file is no draft of its own
    assert git(ben.folder, "status", "--porcelain") == ""
    again = ben.sync()  # nothing pushed while the conflict waits
    assert again.conflicts and not again.pushed


def test_resolve_theirs_takes_their_values_and_the_next_sync_pushes(
    team: tuple[Engineer, Engineer],
) -> None:
    ana, ben = team
    conflict_on_amount(ana, ben)
    resolve(GitRepo(ben.folder), ben.draft, "theirs")
    doc = ben.doc()
    assert (doc.impact.financial_amount, doc.summary) == ("$1,000", "Ben's summary.")
    assert not (ben.folder / f"{INC}.theirs.toml").exists()
    assert git(ben.folder, "status", "--porcelain") == ""
    assert ben.sync().pushed
    ana.sync()
    assert ana.doc().summary == "Ben's summary."


def test_resolve_mine_keeps_mine(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    conflict_on_amount(ana, ben)
    resolve(GitRepo(ben.folder), ben.draft, "mine")
    assert ben.doc().impact.financial_amount == "$2,000"
    assert "Resolve" in git(ben.folder, "log", "-1", "--format=%s")
    assert ben.sync().pushed
    ana.sync()
    assert ana.doc().impact.financial_amount == "$2,000"


# --- IDs ---------------------------------------------------------------------------------------


def test_an_id_taken_on_both_machines_renumbers_the_one_not_pushed(
    team: tuple[Engineer, Engineer],
) -> None:
    ana, ben = team
    ana_doc, _ = ana.store.new("Ana's incident", when=DAY)
    ben_doc, _ = ben.store.new("Ben's incident", when=DAY)
    new_id = ana_doc.header.incident_id
    assert ben_doc.header.incident_id == new_id == "INC-20261201-002"
    assert ana.sync().pushed
    report = ben.sync()
    assert report.renumbered == [(new_id, "INC-20261201-003")] and report.pushed
    renumbered = read_draft(ben.folder / "INC-20261201-003.toml")
    assert renumbered.header.title == "Ben's incident"
    assert renumbered.history[-1].changes == (
        f"Renumbered from {new_id} (ID taken by another post-mortem on sync)")
    assert read_draft(ben.folder / f"{new_id}.toml").header.title == "Ana's incident"
    ana.sync()
    assert ana.store.ids() == ben.store.ids() == {INC, new_id, "INC-20261201-003"}


def test_a_draft_open_in_the_wizard_is_not_renumbered(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    ana.store.new("Ana's incident", when=DAY)
    _doc, path = ben.store.new("Ben's incident", when=DAY)
    ana.sync()
    lock = DraftLock(path)
    lock.acquire()
    try:
        report = ben.sync()
    finally:
        lock.release()
    assert report.stopped and not report.pushed and not report.renumbered
    assert "open in the wizard" in report.blocked[0]
    assert read_draft(path).header.title == "Ben's incident"
    assert GitRepo(ben.folder).in_progress() is None
    assert ben.sync().renumbered  # closed: the next sync renumbers it


# --- offline, markdown ----------------------------------------------------------------------


def test_offline_commits_here_and_says_the_push_is_pending(
    team: tuple[Engineer, Engineer], remote: Path
) -> None:
    _ana, ben = team
    ben.edit(lambda d: setattr(d, "summary", "Written on a plane."))
    remote.rename(remote.with_name("gone.git"))
    report = ben.sync()
    assert not report.pushed and report.committed == [INC]
    assert report.pending is not None and "cannot reach origin" in report.pending
    assert git(ben.folder, "status", "--porcelain") == ""
    remote.with_name("gone.git").rename(remote)
    assert ben.sync().pushed


def test_without_a_remote_the_commit_stays_here(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    init(folder)
    DraftStore(folder).save(demo_document(DAY, INC))
    report = sync(folder)
    assert report.committed == [INC] and report.pending and "no remote" in report.pending
    assert git(folder, "log", "-1", "--format=%s") == f"Add {INC}"


def test_with_markdown_commits_each_changed_drafts_export(team: tuple[Engineer, Engineer]) -> None:
    ana, _ben = team
    ana.edit(lambda d: setattr(d, "summary", "With its export."))
    report = ana.sync(with_markdown=True)
    assert report.pushed
    md = ana.folder / f"{INC}.md"
    assert md.read_text(encoding="utf-8") == to_markdown(ana.doc())
    assert f"{INC}.md" in git(ana.folder, "ls-files").split()


# --- the command line --------------------------------------------------------------------------


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), *args],
        capture_output=True, text=True, encoding="utf-8", env=dict(os.environ),
        stdin=subprocess.DEVNULL, timeout=60,
    )


def test_sync_exit_codes(team: tuple[Engineer, Engineer], tmp_path: Path, remote: Path) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d.impact, "financial_amount", "$1,000"))
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$2,000"))
    assert cli(ana.folder, "sync").returncode == 0
    stopped = cli(ben.folder, "sync")
    assert stopped.returncode == 1, stopped.stderr
    assert "Impact › Financial impact amount" in stopped.stderr
    assert f"postmortem --dir {ben.folder} resolve {INC} --theirs" in stopped.stderr
    assert "Push pending" in stopped.stderr
    done = cli(ben.folder, "resolve", INC, "--theirs")
    assert done.returncode == 0, done.stderr
    not_a_repo = cli(tmp_path / "elsewhere", "sync")
    assert not_a_repo.returncode == 2
    assert f"postmortem --dir {tmp_path / 'elsewhere'} init" in not_a_repo.stderr  # this folder
    # A git error is reported with git's own message.
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    failed = cli(ben.folder, "sync")
    assert failed.returncode == 2 and "pushes are frozen" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_exports_merge_as_their_drafts_do(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana's summary."))
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$1,000"))
    ana.sync(with_markdown=True)
    report = ben.sync(with_markdown=True)
    assert report.conflicts == [] and report.pushed
    md = (ben.folder / f"{INC}.md").read_text(encoding="utf-8")
    assert md == to_markdown(ben.doc())
    assert "Ana's summary." in md and "$1,000" in md
    assert git(ben.folder, "status", "--porcelain") == ""


@pytest.mark.parametrize("pull", [("pull", "--rebase"), ("pull", "--no-rebase")])
def test_a_pull_by_hand_never_leaves_markers_and_sync_finishes_it(
    team: tuple[Engineer, Engineer], pull: tuple[str, ...]
) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d.impact, "financial_amount", "$1,000"))
    ana.sync()
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$2,000"))
    GitRepo(ben.folder).run("commit", "--quiet", "-am", "By hand")
    stopped = GitRepo(ben.folder).run(*pull, check=False)
    assert stopped.returncode != 0
    no_markers(ben.folder)
    assert ben.doc().impact.financial_amount == "$2,000"  # mine, though git's "theirs"
    report = ben.sync()
    assert GitRepo(ben.folder).in_progress() is None
    conflict, = report.conflicts
    assert conflict.differences[0].theirs == "$1,000"
    assert ben.doc(conflict.side).impact.financial_amount == "$1,000"


def test_init_says_what_it_did_then_that_it_is_set_up(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = cli(folder, "init")
    assert first.returncode == 0, first.stderr
    assert "a git repository" in first.stdout and ".gitignore" in first.stdout
    second = cli(folder, "init")
    assert second.returncode == 0 and "already set up" in second.stdout
    assert "merge-driver" not in cli(folder, "--help").stdout


# --- a draft deleted on one side, changed on the other -------------------------------------------


def delete(person: Engineer) -> None:
    person.draft.unlink()


def test_deleted_here_changed_there_stays_deleted_with_theirs_beside(
    team: tuple[Engineer, Engineer],
) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana kept writing."))
    assert ana.sync().pushed
    delete(ben)
    report = ben.sync()
    assert report.stopped and not report.pushed
    conflict, = report.conflicts
    assert (conflict.incident, conflict.kind) == (INC, "deleted here")
    assert [d.label for d in conflict.differences] == ["Executive Summary"]
    assert not ben.draft.exists()
    assert ben.doc(conflict.side).summary == "Ana kept writing."
    assert GitRepo(ben.folder).in_progress() is None
    assert git(ben.folder, "status", "--porcelain") == ""
    no_markers(ben.folder)
    assert ben.sync().conflicts and not ben.sync().pushed  # waits for resolve


@pytest.mark.parametrize("take", ["mine", "theirs"])
def test_resolve_a_draft_deleted_here(team: tuple[Engineer, Engineer], take: str) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana kept writing."))
    ana.sync()
    delete(ben)
    ben.sync()
    conflict = resolve(GitRepo(ben.folder), ben.draft, take)
    assert conflict.kind == "deleted here"
    assert not (ben.folder / f"{INC}.theirs.toml").exists()
    assert git(ben.folder, "status", "--porcelain") == ""
    assert ben.sync().pushed
    ana.sync()
    if take == "mine":
        assert not ben.draft.exists() and not ana.draft.exists()
    else:
        assert ben.doc().summary == ana.doc().summary == "Ana kept writing."
        assert ben.draft.stat().st_mode & 0o777 == 0o600


def test_changed_here_deleted_there_keeps_the_draft_here(team: tuple[Engineer, Engineer]) -> None:
    ana, ben = team
    delete(ana)
    assert ana.sync().pushed
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$2,000"))
    report = ben.sync()
    assert report.stopped and not report.pushed
    conflict, = report.conflicts
    assert conflict.kind == "deleted there"
    assert [(d.label, d.mine) for d in conflict.differences] == [
        ("Impact › Financial impact amount", "$2,000")]
    assert ben.doc().impact.financial_amount == "$2,000"
    assert GitRepo(ben.folder).in_progress() is None
    assert git(ben.folder, "status", "--porcelain") == ""
    assert ben.sync().conflicts  # still waiting
    resolve(GitRepo(ben.folder), ben.draft, "theirs")
    assert not ben.draft.exists()
    assert ben.sync().pushed
    assert not ana.draft.exists()


def test_changed_here_deleted_there_resolved_mine_shares_it_again(
    team: tuple[Engineer, Engineer],
) -> None:
    ana, ben = team
    delete(ana)
    ana.sync()
    ben.edit(lambda d: setattr(d.impact, "financial_amount", "$2,000"))
    ben.sync()
    resolve(GitRepo(ben.folder), ben.draft, "mine")
    assert ben.sync().pushed
    ana.sync()
    assert ana.doc().impact.financial_amount == "$2,000"


def test_a_deletion_conflict_with_markdown_and_on_the_command_line(
    team: tuple[Engineer, Engineer],
) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana's first summary."))
    ana.sync(with_markdown=True)
    ben.sync(with_markdown=True)
    assert (ben.folder / f"{INC}.md").is_file()
    ana.edit(lambda d: setattr(d, "summary", "Ana kept writing."))
    assert ana.sync(with_markdown=True).pushed
    delete(ben)  # its export goes with it on sync
    stopped = cli(ben.folder, "sync", "--with-markdown")
    assert stopped.returncode == 1, stopped.stderr
    assert "deleted here and changed on the remote" in stopped.stderr
    assert f"postmortem --dir {ben.folder} resolve {INC} --theirs" in stopped.stderr
    assert GitRepo(ben.folder).in_progress() is None
    assert not (ben.folder / f"{INC}.md").exists()
    done = cli(ben.folder, "resolve", INC, "--theirs")
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    assert ben.doc().summary == "Ana kept writing."


# --- exports of drafts that changed elsewhere ----------------------------------------------------


def count_exports(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import postmortem_tui.core.sync as sync_module

    seen: list[str] = []
    real = sync_module.write_export

    def counted(draft: Path, *args: object) -> int:
        seen.append(draft.name)
        return real(draft, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "write_export", counted)
    return seen


def test_the_first_sync_with_markdown_exports_every_draft_then_none(
    team: tuple[Engineer, Engineer], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, _ben = team
    for n in (2, 3):
        ana.store.save(demo_document(DAY, f"INC-20261201-00{n}"))
    ana.sync()
    GitRepo(ana.folder).set_config("postmortem.withMarkdown", "true")
    report = ana.sync()
    assert report.pushed
    ids = sorted(ana.store.ids())
    assert git(ana.folder, "log", "-1", "--format=%s") == f"Export {', '.join(ids)} to Markdown"
    for ident in ids:
        md = ana.folder / f"{ident}.md"
        assert md.read_text(encoding="utf-8") == to_markdown(ana.doc(ana.folder / f"{ident}.toml"))
    seen = count_exports(monkeypatch)
    again = ana.sync()
    assert seen == [] and again.commit_subject is None  # nothing missing: no draft read


def test_a_draft_pulled_without_its_export_gets_one(
    team: tuple[Engineer, Engineer], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = team
    ana.sync(with_markdown=True)
    ben.edit(lambda d: setattr(d, "summary", "Ben exports nothing."))
    assert ben.sync(with_markdown=False).pushed
    seen = count_exports(monkeypatch)
    report = ana.sync(with_markdown=True)
    assert report.pushed and seen == [f"{INC}.toml"]
    md = (ana.folder / f"{INC}.md").read_text(encoding="utf-8")
    assert "Ben exports nothing." in md and md == to_markdown(ana.doc())
    assert git(ana.folder, "status", "--porcelain") == ""
    assert git(ana.folder, "log", "-1", "--format=%s") == f"Export {INC} to Markdown"


# --- a drafts folder inside a project's repository, or with a history of its own --------------


def project(tmp_path: Path) -> Path:
    """A code project's repository, with one commit."""
    path = tmp_path / "project"
    path.mkdir()
    repo = GitRepo(path)
    repo.run("init", "--quiet")
    (path / "main.py").write_text("print('code')\n")
    repo.run("add", "main.py")
    repo.run("commit", "--quiet", "-m", "Code")
    return path


def test_sync_refuses_a_drafts_folder_inside_a_projects_repository(tmp_path: Path) -> None:
    from postmortem_tui.core.errors import DraftError

    code = project(tmp_path)
    folder = code / "docs" / "postmortems"
    DraftStore(folder).save(demo_document(DAY, INC))
    with pytest.raises(DraftError, match=r"inside the git repository .* whole project"):
        sync(folder)
    assert git(code, "log", "--format=%s") == "Code"  # the project untouched
    report = init(folder)  # a repository of its own, and the project told to leave it alone
    assert any("docs/postmortems/" in line and ".gitignore" in line for line in report.done)
    assert sync(folder).committed == [INC]
    assert git(code, "log", "--format=%s") == "Code"
    assert git(folder, "log", "--format=%s") == f"Add {INC}"


def test_init_refuses_a_folder_whose_drafts_the_project_tracks(tmp_path: Path) -> None:
    from postmortem_tui.core.errors import DraftError

    code = project(tmp_path)
    folder = code / "postmortems"
    DraftStore(folder).save(demo_document(DAY, INC))
    git(code, "add", "postmortems")
    with pytest.raises(DraftError, match="tracks its files"):
        init(folder)
    assert not (folder / ".git").exists()


def test_a_remote_with_another_projects_history_is_refused(tmp_path: Path, remote: Path) -> None:
    from postmortem_tui.core.errors import DraftError

    code = project(tmp_path)
    git(code, "push", "--quiet", str(remote), "HEAD:refs/heads/main")
    folder = tmp_path / "drafts"
    init(folder)
    DraftStore(folder).save(demo_document(DAY, INC))
    sync(folder)
    with pytest.raises(DraftError, match=r"no drafts \(main.py\)"):
        init(folder, str(remote))
    assert GitRepo(folder).remotes() == []  # as it was
    git(folder, "remote", "add", "origin", str(remote))  # joined by hand: sync refuses too
    with pytest.raises(DraftError, match="not look like the team's drafts repository"):
        sync(folder)
    assert not (folder / "main.py").exists()
    assert GitRepo(folder).in_progress() is None
    assert git(code, "ls-remote", str(remote), "main").split()[0] == git(code, "rev-parse", "HEAD")


def test_a_drafts_repository_started_apart_joins_as_the_message_says(
    tmp_path: Path, remote: Path
) -> None:
    from postmortem_tui.core.errors import DraftError

    ana = clone(tmp_path, remote, "ana")
    ana.store.save(demo_document(DAY, INC))
    ana.sync()
    folder = tmp_path / "ben" / "drafts"
    init(folder)
    other = "INC-20261201-002"
    DraftStore(folder).save(demo_document(DAY, other))
    sync(folder)
    with pytest.raises(DraftError, match="on its own") as raised:
        init(folder, str(remote))
    assert "mv " in str(raised.value) and f"init --git {remote}" in str(raised.value)
    (folder / ".git").rename(folder.with_name("drafts.alone.git"))
    init(folder, str(remote))
    assert sync(folder).pushed
    assert DraftStore(folder).ids() == {INC, other}


@pytest.mark.parametrize("pull", [("pull", "--rebase"), ("pull", "--no-rebase")])
def test_a_pull_by_hand_stopped_on_a_deleted_draft_is_finished_by_sync(
    team: tuple[Engineer, Engineer], pull: tuple[str, ...]
) -> None:
    ana, ben = team
    ana.edit(lambda d: setattr(d, "summary", "Ana kept writing."))
    ana.sync()
    GitRepo(ben.folder).run("rm", "--quiet", ben.draft.name)
    GitRepo(ben.folder).run("commit", "--quiet", "-m", "Deleted by hand")
    assert GitRepo(ben.folder).run(*pull, check=False).returncode != 0
    report = ben.sync()
    assert GitRepo(ben.folder).in_progress() is None
    conflict, = report.conflicts
    assert conflict.kind == "deleted here" and not ben.draft.exists()
    assert ben.doc(conflict.side).summary == "Ana kept writing."
    resolve(GitRepo(ben.folder), ben.draft, "theirs")
    assert ben.sync().pushed and ben.doc().summary == "Ana kept writing."
