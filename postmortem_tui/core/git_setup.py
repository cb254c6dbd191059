"""A drafts folder made a git repository (`postmortem init`): what git must ignore, the merge
driver that merges drafts by their structure, and a folder joined to a remote."""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import DRAFT_MODE
from .errors import DraftError
from .git_repo import GitError, GitRepo

Say = Callable[[str], None]

IGNORE_FILE = ".gitignore"
ATTRIBUTES_FILE = ".gitattributes"
SIDE_SUFFIX = ".theirs.toml"
"""The other side of a draft whose merge conflicted: `INC-….theirs.toml`, beside it."""

IGNORED = (
    "# postmortem-tui: files of this machine, never shared",
    ".*.lock",  # a draft's lock (core/locking.py)
    ".*.inbox",  # rows waiting for a draft (core/timeline_inbox.py)
    ".*.json",  # the listing's caches (.summaries.json, .stats.json, .actions.json)
    ".tmp-*",  # a save killed halfway (core/atomic.py)
    "*.recovered-*.bak",  # what a crashing wizard had in memory (core/store.py)
    f"*{SIDE_SUFFIX}",  # the other side of a conflict, until it is resolved
)
DRIVER = "postmortem"
EXPORT_DRIVER = "postmortem-export"
ATTRIBUTES = (
    f"INC-*.toml merge={DRIVER}",
    f"INC-*.md merge={EXPORT_DRIVER}",
)
MERGE_STATE_DIR = "postmortem-merge"
"""In the git folder: what the merge driver leaves for `sync` and `resolve` (the base and the
other side of each conflicted draft)."""


def driver_command(export: bool = False) -> str:
    """The merge driver git runs (this Python, so it works from a virtual environment)."""
    kind = " --export" if export else ""
    return f"{shlex.quote(sys.executable)} -m postmortem_tui merge-driver{kind} %O %A %B %P"


def _add_lines(path: Path, lines: tuple[str, ...]) -> bool:
    """Append the lines `path` lacks; whether it changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line.strip() not in have]
    if not missing or (missing == [lines[0]] and lines[0].startswith("#")):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n".join(missing) + "\n", encoding="utf-8")
    return True


def install(repo: GitRepo) -> list[str]:
    """Make the repository ready for drafts (idempotent): the ignored files, the merge driver
    (its attributes, shared; its command, in this clone's config); what it changed."""
    done: list[str] = []
    if _add_lines(repo.folder / IGNORE_FILE, IGNORED):
        done.append(f"wrote {IGNORE_FILE} (locks, caches, temp and recovery files)")
    if _add_lines(repo.folder / ATTRIBUTES_FILE, ATTRIBUTES):
        done.append(f"wrote {ATTRIBUTES_FILE} (drafts merge by their structure)")
    wanted = {
        f"merge.{DRIVER}.name": "postmortem-tui drafts, merged field by field",
        f"merge.{DRIVER}.driver": driver_command(),
        f"merge.{EXPORT_DRIVER}.name": "postmortem-tui Markdown exports, written again",
        f"merge.{EXPORT_DRIVER}.driver": driver_command(export=True),
    }
    changed = False
    for key, value in wanted.items():
        if repo.config(key) != value:
            repo.set_config(key, value)
            changed = True
    if changed:
        done.append("installed the merge driver for drafts in the git config")
    return done


@dataclass
class InitReport:
    """What `init` did, a line each; `already` when there was nothing to do."""

    done: list[str] = field(default_factory=list)
    already: bool = False


def init(
    folder: Path, remote: str | None = None, say: Say | None = None, prog: str = "postmortem"
) -> InitReport:
    """Make `folder` a git repository for drafts, or clone `remote` into it; a folder with
    drafts already joins `remote` (its drafts kept, the remote's added beside them). `prog`:
    the command the messages suggest (with the `--dir` in use)."""
    tell = say or (lambda _line: None)
    report = InitReport()
    repo = GitRepo(folder)
    if folder.exists() and not folder.is_dir():
        raise DraftError(f"{folder}: is not a folder")
    if repo.is_repository():
        report.done += _join_existing(repo, remote, tell, prog)
        report.done += install(repo)
        report.already = not report.done
        return report
    if (folder / ".git").exists():
        raise DraftError(f"{folder}/.git exists but is not a git repository git can read")
    outer = repo.enclosing()
    inside = _inside(repo, outer) if outer is not None else []
    empty = not folder.exists() or not any(folder.iterdir())
    if remote and empty:
        tell(f"Cloning {remote} ...")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        GitRepo(folder.parent).run("clone", "--quiet", remote, str(folder))
        for draft in folder.glob("INC-*.toml"):
            draft.chmod(DRAFT_MODE)  # private, as the store saves them
        report.done.append(f"cloned {remote} into {folder}")
    else:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        repo.run("init", "--quiet")
        report.done.append(f"made {folder} a git repository")
        if remote:
            try:
                report.done += _join_existing(repo, remote, tell, prog)
            except DraftError:
                shutil.rmtree(folder / ".git")  # made just now: as it was, to try again
                raise
    report.done += install(repo)
    report.done += inside
    return report


def _inside(repo: GitRepo, outer: Path) -> list[str]:
    """A drafts folder inside another repository (a project's) gets one of its own, unless
    that one tracks its files (they would be in two repositories)."""
    folder = repo.folder
    tracked = [
        p for p in GitRepo(folder).run("ls-files", "-z", "--", ".", check=False).out.split("\0")
        if p
    ] if folder.is_dir() else []
    if tracked:
        raise DraftError(
            f"{folder} is inside the git repository {outer}, which tracks its files "
            f"({tracked[0]}{', …' if len(tracked) > 1 else ''}); a repository of its own would "
            "track them twice. Share the drafts with that project's own git, or use a drafts "
            "folder outside it (`postmortem --dir FOLDER init`)"
        )
    where = folder.resolve().relative_to(outer.resolve()).as_posix()
    return [
        f"the drafts folder is inside the git repository {outer}: it has a repository of its "
        f"own now (add `{where}/` to {outer}/.gitignore so that project leaves it alone)"
    ]


def _join_existing(repo: GitRepo, remote: str | None, tell: Say, prog: str) -> list[str]:
    """Add `remote` as `origin` to a repository without one, and take its drafts."""
    if not remote:
        return []
    remotes = repo.remotes()
    if "origin" in remotes:
        url = repo.config("remote.origin.url")
        if url == remote:
            return []
        raise DraftError(
            f"{repo.folder} already shares its drafts with {url} (origin); change it with "
            f"`git -C {shlex.quote(str(repo.folder))} remote set-url origin {remote}`"
        )
    repo.run("remote", "add", "origin", remote)
    done = [f"added {remote} as origin"]
    tell(f"Fetching {remote} ...")
    try:
        repo.run("fetch", "--quiet", "origin")
    except GitError as exc:
        done.append(f"could not fetch it yet ({exc.first_line}); `{prog} sync` will")
        return done
    branch = remote_branch(repo)
    if branch is None:
        return [*done, f"the remote is empty: `{prog} sync` pushes these drafts to it"]
    if repo.has_commits():
        why = unrelated(repo, f"origin/{branch}", prog)
        if why:
            repo.run("remote", "remove", "origin")  # as it was
            raise DraftError(why)
        return [*done, f"`{prog} sync` merges origin/{branch} with these drafts"]
    _refuse_differing(repo, f"origin/{branch}")
    # Take the remote's history without touching a file here: this folder's drafts stay as
    # they are (new ones for the next sync), the remote's appear beside them.
    repo.run("reset", "--quiet", f"origin/{branch}")
    local = repo.branch()
    if local is not None and local != branch:
        repo.run("branch", "--quiet", "-m", local, branch)
    repo.run("branch", "--quiet", f"--set-upstream-to=origin/{branch}")
    missing = [p for p in repo.run("ls-files", "-d", "-z").out.split("\0") if p]
    if missing:
        repo.run("checkout", "--", *missing)
    return [*done, f"took the {len(missing)} file(s) of origin/{branch} not here yet"]


def remote_branch(repo: GitRepo) -> str | None:
    """The remote's default branch (its HEAD), else its only branch."""
    repo.run("remote", "set-head", "origin", "--auto", check=False)
    head = repo.run("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD",
                    check=False).out.strip()
    if head:
        return head.removeprefix("origin/")
    branches = [
        b.removeprefix("origin/")
        for b in repo.out("branch", "-r", "--format=%(refname:short)").split()
        if b != "origin/HEAD"
    ]
    return branches[0] if len(branches) == 1 else ("main" if "main" in branches else None)


def _refuse_differing(repo: GitRepo, rev: str) -> None:
    """A draft here and in the remote under one name, with other contents: refuse to join."""
    names = [n for n in repo.out("ls-tree", "--name-only", "-z", rev).split("\0") if n]
    clash = []
    for name in names:
        local = repo.folder / name
        if local.is_file():
            theirs = repo.show(rev, name)
            if theirs is None or local.read_text(encoding="utf-8", errors="replace") != theirs:
                clash.append(name)
    clash = [n for n in clash if n not in (IGNORE_FILE, ATTRIBUTES_FILE)]
    if clash:
        shown = ", ".join(clash[:5]) + (", …" if len(clash) > 5 else "")
        raise DraftError(
            f"{repo.folder} and the remote both have {shown} with other contents; move "
            "this folder's copy away (or init an empty folder) and run init again"
        )


def unrelated(repo: GitRepo, rev: str, prog: str = "postmortem") -> str | None:
    """Why the drafts cannot be synced with `rev` (a remote branch) when the two histories
    have nothing in common: a rebase would put every file of one on top of the other (another
    project's files in the drafts folder, pushed there). None when they share history."""
    if not repo.has_commits():
        return None
    if repo.run("merge-base", "HEAD", rev, check=False).returncode != 1:
        return None  # 0: a common commit; other codes are errors the rebase reports
    from .sync import SHARED_FILES

    names = [n for n in repo.out("ls-tree", "--name-only", "-z", rev).split("\0") if n]
    foreign = [
        n for n in names
        if not (n.startswith(("INC-", ".")) or n in SHARED_FILES or n.upper().startswith("README"))
    ]
    remote = rev.split("/", 1)[0]
    url = repo.config(f"remote.{remote}.url") or remote
    folder = shlex.quote(str(repo.folder))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        return (
            f"{rev} ({url}) has no history in common with {repo.folder} and holds files that "
            f"are no drafts ({shown}): it does not look like the team's drafts repository. "
            f"Check the remote with `git -C {folder} remote -v`"
        )
    return (
        f"{repo.folder} was made a git repository on its own: its history has nothing in "
        f"common with {rev} ({url}). To join that one keeping these drafts, move this "
        f"folder's history aside (`mv {folder}/.git {folder}.alone.git`) and run "
        f"`{prog} init --git {shlex.quote(url)}`"
    )
