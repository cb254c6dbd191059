"""Events jotted while another process (the wizard) has the draft open: queued in a hidden file
beside the draft, one JSON row a line, until the draft's writer takes them in.

The wizard saves the whole document it holds in memory, so a row written into the draft file
under it would be gone at its next save. Instead the row waits here; whoever holds the draft's
lock next takes it in (the wizard while it is open, else the next `timeline add` or import),
saves the draft, and only then forgets it. Rows carry a source key, so a row taken in twice
(a crash between the save and the forgetting) is still added once.

The file is locked with `flock` for each append and each rewrite, and never removed (a writer
waiting for the lock of a removed file would write into nothing).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .atomic import DRAFT_MODE
from .errors import DraftError


def inbox_path(draft: Path) -> Path:
    """The queue of a draft: hidden, so never taken for a draft."""
    return draft.with_name(f".{draft.name}.inbox")


@contextlib.contextmanager
def _locked(path: Path, flags: int, shared: bool = False) -> Iterator[int]:
    if path.is_symlink():
        raise DraftError(f"{path}: is a symbolic link; refusing to use it")
    try:
        fd = os.open(path, flags, DRAFT_MODE)
    except OSError as exc:
        raise DraftError(f"{path}: cannot open: {exc.strerror or exc}") from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: appends are not locked
            yield fd
            return
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield fd  # closing releases the lock
    finally:
        os.close(fd)


def queue(draft: Path, row: dict[str, Any]) -> Path:
    """Append a timeline row (`timeline_rows.row_data`, with a source key) to the draft's queue,
    on disk (fsync) before this returns."""
    import json  # here: the wizard imports this module on opening, and rarely queues or reads

    path = inbox_path(draft)
    line = json.dumps(row, ensure_ascii=False, default=str) + "\n"
    with _locked(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT) as fd:
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        except OSError as exc:
            raise DraftError(f"{path}: not queued: {exc.strerror or exc}") from None
    return path


def _rows(raw: bytes) -> list[dict[str, Any]]:
    import json

    rows = []
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a torn line (a full disk) is no row; it stays in the file
        if isinstance(row, dict) and isinstance(row.get("source_key"), str):
            rows.append(row)
    return rows


def pending(draft: Path) -> list[dict[str, Any]]:
    """The rows waiting for the draft, oldest first (none when there is no queue)."""
    path = inbox_path(draft)
    try:
        if path.stat().st_size == 0:
            return []
    except OSError:
        return []
    with _locked(path, os.O_RDONLY, shared=True) as fd:
        return _rows(_read_all(fd))


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def forget(draft: Path, keys: Iterable[str]) -> None:
    """Drop the rows with these source keys from the queue (they are in the saved draft now);
    rows queued meanwhile stay."""
    done = set(keys)
    path = inbox_path(draft)
    if not done or not path.exists():
        return
    import json

    with _locked(path, os.O_RDWR) as fd:
        kept = []
        for line in _read_all(fd).splitlines(keepends=True):
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if not (isinstance(row, dict) and row.get("source_key") in done):
                kept.append(line)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, b"".join(kept), 0)
            os.fsync(fd)
        except OSError as exc:
            raise DraftError(f"{path}: cannot update: {exc.strerror or exc}") from None
