"""The system `git`, run in the drafts folder: one call a step, its errors carrying git's own
message (`GitError`, a `DraftError`: the commands report it on one line, exit 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import DraftError


class GitError(DraftError):
    """A git command failed: what was run and what git said."""

    @property
    def first_line(self) -> str:
        """What git said first (`fatal: ... does not appear to be a git repository`)."""
        return next((line.strip() for line in self.message.splitlines() if line.strip()), "")

    def __init__(self, command: Sequence[str], message: str, returncode: int) -> None:
        self.command = tuple(command)
        self.message = message.strip()
        self.returncode = returncode
        said = self.message.splitlines()
        text = "; ".join(line.strip() for line in said if line.strip()) or f"exit {returncode}"
        super().__init__(f"git {' '.join(self.command)}: {text}")


class GitMissingError(DraftError):
    """No `git` program on the PATH."""


@dataclass(frozen=True)
class Done:
    """What a git command printed."""

    out: str
    err: str
    returncode: int


def _git() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitMissingError("git is not installed (or not on the PATH); install git first")
    return found


# Commands that may change the config (remotes, upstreams): the cached config is read again.
_CHANGE_CONFIG = frozenset({"config", "remote", "branch", "init", "clone", "push", "checkout"})


class GitRepo:
    """A working tree (the drafts folder) and the `git` that runs in it."""

    def __init__(self, folder: Path, env: Mapping[str, str] | None = None) -> None:
        """Args:
        folder: the working tree's top folder (the drafts folder).
        env: extra environment for every git command (the merge driver's side, in a rebase).
        """
        self.folder = folder
        self.env = dict(env or {})
        self._configs: dict[str, str] | None = None
        self._git_dir: Path | None = None

    def run(
        self,
        *args: str,
        check: bool = True,
        env: Mapping[str, str] | None = None,
        input_text: str | None = None,
    ) -> Done:
        """Run `git ARGS` in the folder; `GitError` (git's message) if it fails and `check`."""
        full = {**os.environ, **self.env, **(env or {})}
        # Never wait for a password or a host key answer: an unreachable remote fails at once.
        full.setdefault("GIT_TERMINAL_PROMPT", "0")
        full.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        full.setdefault("GIT_EDITOR", "true")  # `rebase --continue` keeps the message
        try:
            proc = subprocess.run(
                [_git(), *args],
                cwd=self.folder,
                env=full,
                input=input_text,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except OSError as exc:
            raise DraftError(f"cannot run git in {self.folder}: {exc.strerror or exc}") from None
        if args and args[0] in _CHANGE_CONFIG:
            self._configs = None
        done = Done(proc.stdout, proc.stderr, proc.returncode)
        if check and proc.returncode != 0:
            raise GitError(args, proc.stderr or proc.stdout, proc.returncode)
        return done

    def out(self, *args: str) -> str:
        """What `git ARGS` prints, without the last newline."""
        return self.run(*args).out.rstrip("\n")

    # --- what the repository is --------------------------------------------------------------

    def is_repository(self) -> bool:
        """Whether the folder is the top of a working tree (not a folder inside another one)."""
        if not (self.folder / ".git").exists():
            return False
        done = self.run("rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
        lines = done.out.splitlines()
        if done.returncode != 0 or len(lines) < 2:
            return False
        self._git_dir = Path(lines[1])
        return Path(lines[0]).resolve() == self.folder.resolve()

    def enclosing(self) -> Path | None:
        """The top of the working tree the folder is inside, if it is not the folder itself
        (a drafts folder in a project's repository); None if there is none."""
        here = self.folder
        while not here.is_dir() and here != here.parent:
            here = here.parent  # a folder not made yet: where it will be
        done = GitRepo(here).run("rev-parse", "--show-toplevel", check=False)
        top = done.out.strip()
        if done.returncode != 0 or not top or Path(top).resolve() == self.folder.resolve():
            return None
        return Path(top)

    def git_dir(self) -> Path:
        if self._git_dir is None:
            self._git_dir = Path(self.out("rev-parse", "--absolute-git-dir"))
        return self._git_dir

    def configs(self) -> dict[str, str]:
        """The whole git config as git reads it here (one call, kept until `set_config`)."""
        cached = self._configs
        if cached is None:
            cached = {}
            for entry in self.run("config", "--list", "-z").out.split("\0"):
                key, _, value = entry.partition("\n")
                if key:
                    cached[key.lower()] = value
            self._configs = cached
        return cached

    def config(self, key: str) -> str | None:
        return self.configs().get(key.lower())

    def config_bool(self, key: str) -> bool | None:
        value = self.config(key)
        if value is None:
            return None
        return value.strip().lower() in ("true", "yes", "on", "1", "")

    def set_config(self, key: str, value: str) -> None:
        self.run("config", key, value)

    def remotes(self) -> list[str]:
        names = {k.split(".")[1] for k in self.configs() if k.startswith("remote.")
                 and k.endswith(".url") and k.count(".") == 2}
        return sorted(names, key=lambda n: (n != "origin", n))

    def branch(self) -> str | None:
        """The current branch, None on a detached HEAD."""
        done = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return done.out.strip() or None if done.returncode == 0 else None

    def has_commits(self) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0

    def upstream(self) -> str | None:
        """The branch's upstream (`origin/main`), if it has one (read from the config)."""
        branch = self.branch()
        if branch is None:
            return None
        remote = self.config(f"branch.{branch}.remote")
        merge = self.config(f"branch.{branch}.merge")
        if not remote or not merge or remote == ".":
            return None
        return f"{remote}/{merge.removeprefix('refs/heads/')}"

    def in_progress(self) -> str | None:
        """A rebase or merge left unfinished in the repository, if any."""
        git_dir = self.git_dir()
        if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
            return "a rebase"
        if (git_dir / "MERGE_HEAD").exists():
            return "a merge"
        return None

    def status(self) -> list[tuple[str, str]]:
        """`git status --porcelain -z`: (the two status letters, path) of each changed or
        untracked file; a rename gives its new path."""
        text = self.run("status", "--porcelain", "-z", "--untracked-files=all").out
        fields = text.split("\0")
        changes: list[tuple[str, str]] = []
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            code, path = entry[:2], entry[3:]
            if "R" in code or "C" in code:
                i += 1  # the old path follows
            changes.append((code, path))
        return changes

    def unmerged(self) -> list[str]:
        out = self.run("diff", "--name-only", "--diff-filter=U", "-z").out
        return [p for p in out.split("\0") if p]

    def unmerged_stages(self) -> dict[str, set[int]]:
        """The stages each unmerged path has in the index (1 the base, 2 "ours", 3 "theirs"):
        a side missing is a side that deleted the file."""
        stages: dict[str, set[int]] = {}
        for entry in self.run("ls-files", "--unmerged", "-z").out.split("\0"):
            info, _, path = entry.partition("\t")
            if path:
                stages.setdefault(path, set()).add(int(info.split()[2]))
        return stages

    def show(self, rev: str, path: str) -> str | None:
        """The file at `path` in `rev`, None if it has none."""
        done = self.run("show", f"{rev}:{path}", check=False)
        return done.out if done.returncode == 0 else None
