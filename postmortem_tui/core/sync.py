"""`postmortem sync`, step by step: commit the changed drafts (and their Markdown exports), fetch,
renumber a draft whose ID another post-mortem took meanwhile, rebase on the remote (drafts merge
by their structure, `git_conflicts`), push.

Fast on a big folder: `git status --porcelain -z` says which drafts changed, and only those are
read. Offline, or without a remote, the commit stays local and the push is pending.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .draft_file import SUFFIX
from .errors import DraftError
from .git_conflicts import MINE_ENV, DraftConflict, keep_other_sides, pending
from .git_repo import Done, GitError, GitRepo
from .git_setup import ATTRIBUTES_FILE, IGNORE_FILE, SIDE_SUFFIX, install, unrelated
from .validators import INCIDENT_ID_RE

Say = Callable[[str], None]

SETTINGS_FILE = "sync.toml"
"""The folder's sync settings, shared: `with_markdown = true` exports every changed draft."""
WITH_MARKDOWN_CONFIG = "postmortem.withMarkdown"
"""The same setting in git's config, for one clone."""
EXPORT_SUFFIX = ".md"
RENUMBER_WHY = "ID taken by another post-mortem on sync"
SHARED_FILES = (IGNORE_FILE, ATTRIBUTES_FILE, "review.toml", SETTINGS_FILE)
_NAMED = 8  # incidents named in a commit's subject; the rest counted


@dataclass
class SyncReport:
    """What `sync` did."""

    committed: list[str] = field(default_factory=list)
    """The incidents in the new commit."""
    commit_subject: str | None = None
    skipped: list[str] = field(default_factory=list)
    """Drafts not committed, and why (unreadable)."""
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    pulled: int = 0
    pushed: bool = False
    pending: str | None = None
    """Why the push waits (offline, no remote, a conflict, a draft open in the wizard)."""
    conflicts: list[DraftConflict] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    """Drafts that could not be renumbered (open in the wizard)."""

    @property
    def stopped(self) -> bool:
        """Whether the author has something to do before the drafts are shared."""
        return bool(self.conflicts or self.blocked)


def is_draft_name(name: str) -> bool:
    return (
        name.endswith(SUFFIX)
        and not name.endswith(SIDE_SUFFIX)
        and INCIDENT_ID_RE.match(name.removesuffix(SUFFIX)) is not None
    )


def export_name(draft_name: str) -> str:
    return draft_name.removesuffix(SUFFIX) + EXPORT_SUFFIX


def with_markdown_setting(repo: GitRepo) -> bool:
    """`with_markdown = true` in `sync.toml`, or `postmortem.withMarkdown` in git's config."""
    configured = repo.config_bool(WITH_MARKDOWN_CONFIG)
    if configured is not None:
        return configured
    path = repo.folder / SETTINGS_FILE
    if not path.is_file():
        return False
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DraftError(f"{path}: cannot read the sync settings: {exc}") from None
    value = data.get("with_markdown", False)
    if not isinstance(value, bool):
        raise DraftError(f"{path}: with_markdown must be true or false")
    return value


def sync(
    folder: Path,
    message: str | None = None,
    with_markdown: bool | None = None,
    say: Say | None = None,
    prog: str = "postmortem",
) -> SyncReport:
    """Share the drafts folder through git: commit, fetch, rebase, push (see the module);
    `prog` is the command the messages suggest (with the `--dir` in use)."""
    tell = say or (lambda _line: None)
    repo = GitRepo(folder)
    if not repo.is_repository():
        outer = repo.enclosing()
        if outer is not None:
            # Its pull and push would be the whole project's, with its other changes.
            raise DraftError(
                f"{folder} is inside the git repository {outer}, not one of its own: sync "
                f"would rebase and push that whole project, so it stops. `{prog} init` "
                "gives the drafts folder a repository of its own"
            )
        raise DraftError(
            f"{folder} is not a git repository yet: run `{prog} init` (or `{prog} "
            "init --git REMOTE`) first"
        )
    report = SyncReport()
    busy = repo.in_progress()
    if busy and not _finish(repo, busy, report):
        raise DraftError(
            f"{folder} has {busy} unfinished (`git status` says where); finish or abort it "
            "with git, then sync again"
        )
    install(repo)
    if with_markdown is None:
        with_markdown = with_markdown_setting(repo)
    _commit(repo, message, with_markdown, report, tell)
    waiting = pending(repo)
    if waiting:
        report.conflicts = waiting
        report.pending = "resolve the conflict(s) above first"
        return report
    remote = _remote(repo)
    if remote is None:
        report.pending = f"no remote to push to (add one with `{prog} init --git REMOTE`)"
        return report
    for attempt in range(2):
        target = _pull(repo, remote, with_markdown, report, tell, prog)
        if target is None or report.stopped:
            return report
        if _push(repo, remote, target, report, tell, last_try=attempt == 1):
            return report
    return report


# --- commit ------------------------------------------------------------------------------------


def _commit(
    repo: GitRepo, message: str | None, with_markdown: bool, report: SyncReport, tell: Say
) -> None:
    from .draft_file import read_draft_data

    kinds: dict[str, str] = {}  # draft file name -> Add, Update, Delete
    unreadable: set[str] = set()
    paths: list[str] = []
    for code, path in repo.status():
        if "/" in path:
            continue
        if is_draft_name(path):
            if "D" in code:
                kinds[path] = "Delete"
            else:
                try:
                    read_draft_data(repo.folder / path)  # TOML and a draft: no model needed
                except DraftError as exc:
                    unreadable.add(path)
                    report.skipped.append(str(exc))
                    tell(f"Not committed: {exc}")
                    continue
                kinds[path] = "Add" if code in ("??", "A ", "AM") else "Update"
            paths.append(path)
        elif path in SHARED_FILES or (with_markdown and path.endswith(EXPORT_SUFFIX)):
            paths.append(path)
    exported: list[str] = []
    if with_markdown:
        paths += _export(repo, kinds, report, tell)
        exported = _export_stale(repo, {*kinds, *unreadable}, report, tell)
        paths += exported
    if not paths:
        tell("No draft changed here since the last sync: nothing to commit.")
        return
    stage(repo, paths)  # each one changed: `git status` compares the contents
    subject, body = _message(kinds, message, [p for p in paths if p in SHARED_FILES], exported)
    repo.run("commit", "--quiet", "-m", subject, *(("-m", body) if body else ()))
    report.committed = sorted(name.removesuffix(SUFFIX) for name in kinds)
    report.commit_subject = subject
    tell(f"Committed: {subject}")


def _export(repo: GitRepo, kinds: dict[str, str], report: SyncReport, tell: Say) -> list[str]:
    """Write the Markdown export beside each changed draft (and remove a deleted one's)."""
    written: list[str] = []
    for name, kind in sorted(kinds.items()):
        md = repo.folder / export_name(name)
        if kind == "Delete":
            if md.exists() or repo.show("HEAD", md.name) is not None:
                md.unlink(missing_ok=True)
                written.append(md.name)
            continue
        if write_export(repo.folder / name, report, tell):
            written.append(md.name)
    return written


def stale_exports(folder: Path, skip: Collection[str] = ()) -> list[str]:
    """The drafts (file names) whose export is missing, or older than the draft: the drafts
    came from git or changed since. One listing of the folder, no file read."""
    times: dict[str, int] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("INC-") and entry.is_file():
                times[entry.name] = entry.stat().st_mtime_ns
    return sorted(
        name for name, mtime in times.items()
        if name not in skip and is_draft_name(name)
        and times.get(export_name(name), -1) < mtime
    )


def _export_stale(
    repo: GitRepo, skip: Collection[str], report: SyncReport | None, tell: Say | None
) -> list[str]:
    """Export the drafts whose export is missing or older (`stale_exports`); the exports
    whose text changed."""
    stale = stale_exports(repo.folder, skip)
    if stale and tell is not None:
        tell(f"Exporting {len(stale)} draft(s) to Markdown ...")
    return [export_name(n) for n in stale if write_export(repo.folder / n, report, tell) == 2]


def write_export(draft: Path, report: SyncReport | None = None, tell: Say | None = None) -> int:
    """Write `INC-….md` beside `draft` if its text changed: 2 if written, 1 if the same text
    was there (its time brought up to the draft's), 0 if the draft cannot be exported."""
    from .export import to_markdown
    from .store import DraftStore

    md = draft.with_name(export_name(draft.name))
    try:
        text = to_markdown(DraftStore(draft.parent).load(draft))
    except DraftError as exc:
        if report is not None:
            report.skipped.append(f"{md.name}: not exported: {exc}")
        if tell is not None:
            tell(f"Not exported: {exc}")
        return 1 if md.exists() else 0
    try:
        if md.read_text(encoding="utf-8") == text:
            os.utime(md)  # not stale any more: the next sync does not read the draft again
            return 1
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    md.write_text(text, encoding="utf-8")
    return 2


def stage(repo: GitRepo, paths: list[str]) -> None:
    """`git add` these files, and the removal of those gone (if git knew them)."""
    names = sorted(set(paths))
    present = [n for n in names if (repo.folder / n).exists()]
    gone = [n for n in names if n not in present]
    if present:
        repo.run("add", "-A", "--", *present)
    if gone:
        repo.run("rm", "--quiet", "--cached", "--ignore-unmatch", "--", *gone)


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:_NAMED])
    return shown + (f" and {len(ids) - _NAMED} more" if len(ids) > _NAMED else "")


def _message(
    kinds: dict[str, str], message: str | None, shared: list[str], exported: Sequence[str] = ()
) -> tuple[str, str]:
    """The commit's subject and body: the incidents it changes, by what happened to them."""
    by_kind: dict[str, list[str]] = {}
    for name, kind in sorted(kinds.items()):
        by_kind.setdefault(kind, []).append(name.removesuffix(SUFFIX))
    parts = [f"{kind} {_names(ids)}" for kind, ids in sorted(
        by_kind.items(), key=lambda item: ("Add", "Update", "Delete").index(item[0]))]
    if exported:
        ids = sorted(name.removesuffix(EXPORT_SUFFIX) for name in exported)
        parts.append(f"Export {_names(ids)} to Markdown")
        if len(ids) > _NAMED:
            by_kind["Export"] = ids
    if not parts:
        parts = [f"Update {', '.join(sorted(set(shared)))}" if shared else "Update the drafts"]
    named = "; ".join(parts)
    listed = "\n".join(
        f"{kind}: {', '.join(ids)}" for kind, ids in by_kind.items() if len(ids) > _NAMED
    )
    if message and message.strip():
        return message.strip(), "\n\n".join(p for p in (named, listed) if p)
    return named, listed


# --- pull ----------------------------------------------------------------------------------------


def _remote(repo: GitRepo) -> str | None:
    upstream = repo.upstream()
    remotes = repo.remotes()
    if upstream and "/" in upstream and upstream.split("/", 1)[0] in remotes:
        return upstream.split("/", 1)[0]
    if "origin" in remotes:
        return "origin"
    return remotes[0] if remotes else None


def _target(repo: GitRepo, remote: str) -> tuple[str, str | None]:
    """The remote branch to sync with (its name, and its ref here if it exists yet)."""
    def exists(ref: str) -> bool:
        return repo.run("rev-parse", "--verify", "--quiet", f"refs/remotes/{ref}",
                        check=False).returncode == 0

    upstream = repo.upstream()
    if upstream and upstream.startswith(remote + "/"):
        # Set up by a clone of an empty repository, the branch may not exist there yet.
        return upstream.removeprefix(remote + "/"), upstream if exists(upstream) else None
    branch = repo.branch()
    if branch is None:
        raise DraftError(f"{repo.folder}: no branch checked out (a detached HEAD); check one out")
    candidates = [branch]
    from .git_setup import remote_branch

    if not exists(f"{remote}/{branch}") and remote == "origin":
        other = remote_branch(repo)
        if other:
            candidates.insert(0, other)
    for name in candidates:
        if exists(f"{remote}/{name}"):
            return name, f"{remote}/{name}"
    return branch, None


def _pull(
    repo: GitRepo, remote: str, with_markdown: bool, report: SyncReport, tell: Say, prog: str
) -> tuple[str, str | None] | None:
    """Fetch and rebase on the remote: the remote branch (its name, its ref here if it has
    one); None when the push must wait (said in the report)."""
    tell(f"Fetching {remote} ...")
    try:
        repo.run("fetch", "--quiet", remote)
    except GitError as exc:
        said = exc.first_line
        report.pending = f"cannot reach {remote}" + (f" ({said})" if said else "")
        return None
    target = _target(repo, remote)
    upstream = target[1]
    if upstream is None or not repo.has_commits():
        return target
    counts = repo.out("rev-list", "--left-right", "--count", f"HEAD...{upstream}").split()
    ours, theirs = int(counts[0]), int(counts[1])
    if not theirs:
        return target
    if ours:
        why = unrelated(repo, upstream, prog)
        if why:
            raise DraftError(why)
    if ours and not _renumber_collisions(repo, upstream, with_markdown, report, tell):
        return None
    head = repo.out("rev-parse", "HEAD")
    done = repo.run("rebase", "--autostash", upstream, check=False, env=_REBASING)
    _continue_rebase(repo, done, report)
    _private(repo, head)
    report.pulled += theirs
    tell(f"Pulled {theirs} commit(s) from {upstream}" + (
        f", with {ours} local commit(s) on top" if ours else ""))
    if with_markdown:
        _export_again(repo, report, tell, amend=bool(ours))
    if report.conflicts:
        report.pending = "resolve the conflict(s) above first"
    return target


_REBASING = {MINE_ENV: "theirs"}  # in a rebase git's "theirs" is the local commit


def _continue_rebase(repo: GitRepo, done: Done, report: SyncReport) -> None:
    """Past each draft git stopped on (the merge driver's, or deleted on one side and changed
    on the other: the local state kept) to the end of the rebase; any other conflict aborts it
    (`GitError`, git's message)."""
    while done.returncode != 0:
        unmerged = repo.unmerged()
        handled = keep_other_sides(repo, unmerged) if unmerged else None
        if handled is None:
            stopped = done.err or done.out
            if repo.in_progress():
                repo.run("rebase", "--abort", check=False)
            raise GitError(("rebase",), stopped, done.returncode)
        report.conflicts += handled
        done = repo.run("rebase", "--continue", check=False, env=_REBASING)


def _finish(repo: GitRepo, busy: str, report: SyncReport) -> bool:
    """Finish a `git pull` run by hand that stopped only on drafts (the merge driver kept the
    local values): the other sides beside them, as `sync` leaves a conflict; False if git
    stopped on anything else (left for the author)."""
    unmerged = repo.unmerged()
    handled = keep_other_sides(repo, unmerged, rebasing=busy == "a rebase") if unmerged else None
    if handled is None:
        return False
    if busy == "a merge":
        repo.run("commit", "--quiet", "--no-edit")
    else:
        _continue_rebase(repo, repo.run("rebase", "--continue", check=False, env=_REBASING),
                         report)
    return True


def _private(repo: GitRepo, before: str) -> None:
    """Drafts written by git are made private again (mode 0600, as the store saves them)."""
    from .atomic import DRAFT_MODE

    out = repo.run("diff", "--name-only", "-z", before, "HEAD", check=False).out
    for name in out.split("\0"):
        if is_draft_name(name) or name.endswith(SIDE_SUFFIX):
            with contextlib.suppress(OSError):
                (repo.folder / name).chmod(DRAFT_MODE)


def _export_again(repo: GitRepo, report: SyncReport, tell: Say, *, amend: bool) -> None:
    """The exports of the drafts this sync committed, from the drafts as merged, and of those
    the pull brought without one: in the last local commit (`amend`), or a commit of their own."""
    names = [f"{i}{SUFFIX}" for i in report.committed] + [c.path.name for c in report.conflicts]
    names += [f"{new}{SUFFIX}" for _old, new in report.renumbered]
    names = sorted({n for n in names if (repo.folder / n).is_file()}) if amend else []
    changed = [export_name(n) for n in names if write_export(repo.folder / n)]
    stale = _export_stale(repo, names, None, tell)
    changed += stale
    if not changed:
        return
    repo.run("add", "--", *changed)
    if repo.run("diff", "--cached", "--quiet", check=False).returncode == 0:
        return
    if amend:
        repo.run("commit", "--quiet", "--amend", "--no-edit")
    else:
        subject, _body = _message({}, None, [], stale)
        repo.run("commit", "--quiet", "-m", subject)
        tell(f"Committed: {subject}")


# --- IDs taken on both sides ---------------------------------------------------------------------


def _added(repo: GitRepo, base: str, rev: str) -> set[str]:
    if base:
        out = repo.run("diff", "--name-only", "-z", "--diff-filter=A", base, rev).out
    else:
        out = repo.run("ls-tree", "--name-only", "-z", rev).out
    return {p for p in out.split("\0") if is_draft_name(p)}


def _same_incident(mine: str, theirs: str) -> bool:
    """Two files of one name are one post-mortem (added on two machines) or two."""
    if mine == theirs:
        return True
    from .draft_file import parse_toml

    try:
        a, b = parse_toml(mine).get("header", {}), parse_toml(theirs).get("header", {})
    except DraftError:
        return False
    title = str(a.get("title", "")).strip()
    return bool(title) and title == str(b.get("title", "")).strip() and a.get("date") == b.get(
        "date")


def _renumber_collisions(
    repo: GitRepo, upstream: str, with_markdown: bool, report: SyncReport, tell: Say
) -> bool:
    """Give the next free ID to each local draft (not pushed yet) whose file name another
    post-mortem took on the remote; False when one is open in the wizard (nothing renumbered)."""
    base = repo.run("merge-base", "HEAD", upstream, check=False).out.strip()
    both = sorted(_added(repo, base, "HEAD") & _added(repo, base, upstream))
    taken = [
        n for n in both
        if not _same_incident(repo.show("HEAD", n) or "", repo.show(upstream, n) or "")
    ]
    if not taken:
        return True
    from .locking import DraftLock, DraftLockedError
    from .store import DraftStore

    for name in taken:
        lock = DraftLock(repo.folder / name)
        try:
            lock.acquire()
        except DraftLockedError as exc:
            who = exc.holder.describe() if exc.holder else "another process"
            report.blocked.append(
                f"{name.removesuffix(SUFFIX)}: its ID was taken by another post-mortem on the "
                f"remote, but it is open in the wizard ({who}); close it and sync again to "
                "give it the next free ID"
            )
        finally:
            lock.release()
    if report.blocked:
        report.pending = "a draft to renumber is open in the wizard"
        return False
    remote_ids = {
        n.removesuffix(SUFFIX)
        for n in repo.out("ls-tree", "--name-only", "-z", upstream).split("\0")
        if is_draft_name(n)
    }
    # The local commits are squashed into one, so the rebase never replays the old name.
    messages = repo.out("log", "--format=%B", f"{base}..HEAD" if base else "HEAD")
    if base:
        repo.run("reset", "--quiet", "--soft", base)
    else:
        repo.run("update-ref", "-d", "HEAD")
    store = DraftStore(repo.folder)
    changed: list[str] = []
    lines: list[str] = []
    for name in taken:
        old = name.removesuffix(SUFFIX)
        new, path = store.renumber(repo.folder / name, RENUMBER_WHY, remote_ids)
        remote_ids.add(new)
        report.renumbered.append((old, new))
        changed += [name, path.name]
        old_md = repo.folder / export_name(name)
        if old_md.exists():
            old_md.unlink()
            changed.append(old_md.name)
        if with_markdown or old_md.name in changed:
            write_export(path)
            changed.append(export_name(path.name))
        lines.append(f"Renumber {old} to {new} ({RENUMBER_WHY})")
        tell(f"Renumbered {old} to {new}: {old} was taken by another post-mortem on the remote")
    stage(repo, changed)
    subject = "; ".join(lines)
    body = f"Made of the local commits not pushed yet:\n\n{messages.strip()}" if (
        messages.strip()) else ""
    repo.run("commit", "--quiet", "-m", subject, *(("-m", body) if body else ()))
    report.committed = sorted(
        {*report.committed, *(new for _old, new in report.renumbered)}
        - {old for old, _new in report.renumbered}
    )
    return True


# --- push ----------------------------------------------------------------------------------------


def _push(
    repo: GitRepo, remote: str, target: tuple[str, str | None], report: SyncReport, tell: Say,
    *, last_try: bool,
) -> bool:
    """Push; False when the remote moved meanwhile (fetch and rebase again)."""
    branch, upstream = target
    if upstream is not None:
        ahead = int(repo.out("rev-list", "--count", f"{upstream}..HEAD") or 0)
        if not ahead:
            tell(f"Up to date with {upstream}; nothing to push.")
            return True
    elif not repo.has_commits():
        return True
    args = ["push", "--quiet", remote, f"HEAD:refs/heads/{branch}"]
    done = repo.run(*args, check=False)
    if done.returncode != 0:
        said = done.err or done.out
        moved = any(w in said for w in ("[rejected]", "fetch first", "non-fast-forward"))
        if moved and not last_try:
            tell(f"{remote} changed meanwhile; pulling again ...")
            return False
        raise GitError(tuple(args), said, done.returncode)
    if upstream is None and repo.branch() is not None:
        repo.run("branch", "--quiet", f"--set-upstream-to={remote}/{branch}", check=False)
    report.pushed = True
    tell(f"Pushed to {remote}/{branch}.")
    return True
