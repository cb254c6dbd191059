"""One writer per draft: an advisory `flock` on a file beside the draft, saying who holds it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .atomic import DRAFT_MODE, TEMP_PREFIX
from .errors import DraftError


@dataclass(frozen=True)
class LockHolder:
    """Who has a draft open for writing."""

    pid: int
    host: str
    since: dt.datetime

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.since:%Y-%m-%d %H:%M}"


class DraftLockedError(DraftError):
    """Another process has the draft open."""

    def __init__(self, path: Path, holder: LockHolder | None) -> None:
        self.path = path
        self.holder = holder
        who = holder.describe() if holder else "another process"
        super().__init__(f"{path.name} is open in another terminal ({who})")


class DraftLock:
    """An advisory lock beside a draft, so two terminals never overwrite each other.

    A separate file (the draft itself is replaced on every save) locked with `flock`: the
    kernel releases it when the holder dies, so a killed process never blocks the draft. The
    file also says who holds it. Where `flock` does not exist (Windows), drafts are not locked.
    """

    def __init__(self, draft: Path) -> None:
        """Args:
        draft: the draft file to lock.
        """
        self.draft = draft
        self.path = draft.with_name(f".{draft.name}.lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise `DraftLockedError` saying who has it."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        if self.path.is_symlink():
            raise DraftError(f"{self.path}: is a symbolic link; refusing to use it as a lock")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, DRAFT_MODE)
        except OSError as exc:
            raise DraftError(f"{self.path}: cannot lock the draft: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._read_holder(fd)
            os.close(fd)
            raise DraftLockedError(self.draft, holder) from None
        import socket

        since = dt.datetime.now().astimezone().isoformat()
        info = f"{os.getpid()}\n{socket.gethostname()}\n{since}\n"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
        self._fd = fd

    @staticmethod
    def _read_holder(fd: int) -> LockHolder | None:
        try:
            pid, host, since = os.pread(fd, 512, 0).decode().split("\n")[:3]
            return LockHolder(int(pid), host, dt.datetime.fromisoformat(since))
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing releases the flock
        self._fd = None

    def discard(self) -> None:
        """Release the lock and remove its file: for a draft gone from this name (refiled).

        Removed while still held, so no other process can be holding it meanwhile."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.release()

    def clean_temp_files(self) -> list[Path]:
        """With the lock held, temp files of this draft are leftovers of a killed save."""
        removed: list[Path] = []
        for p in self.draft.parent.glob(f"{TEMP_PREFIX}{self.draft.name}.*"):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
        return removed
