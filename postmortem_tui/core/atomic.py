"""Atomic writes: a file replaced so that a crash, a kill or a full disk leaves the old or the
new one (temp file in the same folder, fsync, rename, fsync of the folder), and the export
writer, which also writes into devices and named pipes and never over a draft."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from .draft_file import SUFFIX, looks_like_a_draft
from .errors import DraftError

TEMP_PREFIX = ".tmp-"
DRAFT_MODE = 0o600


def write_atomic(path: Path, text: str | Iterable[bytes]) -> None:
    """Replace `path` with `text` (or the UTF-8 bytes given, block by block, so that a big
    text need not be held whole) so that a crash leaves either the old or the new file."""
    if path.is_symlink():
        raise DraftError(f"{path}: is a symbolic link; refusing to write through it")
    folder = path.parent
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        import tempfile  # only when writing (8 ms of every start otherwise)

        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", dir=folder)
    except OSError as exc:
        raise DraftError(f"{folder}: cannot write drafts here: {exc.strerror or exc}") from None
    try:
        _fill_and_replace(fd, tmp, path, data, DRAFT_MODE)
    except OSError as exc:
        raise DraftError(f"{path}: not saved: {exc.strerror or exc}") from None
    _fsync_dir(folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fill_and_replace(
    fd: int, tmp: str, path: Path, data: bytes | Iterable[bytes], mode: int | None
) -> None:
    """Write `data` into the new temp file `tmp` (open as `fd`, closed here), fsync it and
    rename it over `path`; on any error the temp file is removed and the error raised."""
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            if isinstance(data, bytes):
                _write_all(fd, data)
            else:
                for block in data:
                    _write_all(fd, block)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise



def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, and not fatal.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# Names of a descriptor the process already has open: written where they point, never replaced.
_DESCRIPTOR_NAME = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/\d+")


def write_export(
    target: Path,
    text: str,
    drafts_folder: Path,
    draft_path: Path | None = None,
    *,
    full_screen: bool = False,
) -> Path:
    """Write exported Markdown to `target`; the path written (absolute, links not resolved).

    A device, FIFO or socket (`/dev/null`, a named pipe, a terminal) is written into, and so is
    a descriptor named by a path (`/dev/stdout`, `/dev/fd/3`), at its end; a regular file, or a
    new one, is replaced atomically (a crash leaves the old or the new export), keeping its
    permissions. Symbolic links are followed. `DraftError` for a folder, the draft itself
    (`draft_path`), another post-mortem draft, and anything in the drafts folder: storage's
    alone, whatever link leads there.

    `full_screen`: asked by an app that draws on the terminal and must not freeze: a terminal
    is refused (the export would be drawn over), and a FIFO nobody reads from is refused after
    `READER_WAIT` seconds instead of waiting for its reader.
    """
    target = Path(os.path.abspath(target.expanduser()))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise DraftError(f"{target}: cannot write: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise DraftError(f"{target}: is a folder; give a file name")
    if st is not None and draft_path is not None and _is_file(st, draft_path):
        raise DraftError(f"{target}: is the draft itself; choose another file")
    real = Path(os.path.realpath(target))
    folder = Path(os.path.realpath(drafts_folder.expanduser()))
    if real == folder or folder in real.parents:
        raise DraftError(
            f"{target}: is in the drafts folder ({drafts_folder}); choose a file outside it"
        )
    data = text.encode("utf-8")
    try:
        if _DESCRIPTOR_NAME.fullmatch(str(target)) or (
            st is not None and not stat.S_ISREG(st.st_mode)
        ):
            _write_into(target, data, full_screen=full_screen)
            return target
        if st is not None and real.suffix == SUFFIX and looks_like_a_draft(real):
            raise DraftError(f"{target}: is a post-mortem draft; choose another file")
        if not real.parent.is_dir():
            raise DraftError(f"{target}: cannot write: no folder {real.parent}")
        # A new file gets the usual permissions (0666 less the umask, applied by the system).
        tmp = real.with_name(f"{TEMP_PREFIX}{real.name}.{os.urandom(6).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        _fill_and_replace(fd, str(tmp), real, data, None if st is None else st.st_mode & 0o7777)
    except OSError as exc:
        raise DraftError(f"{target}: cannot write: {exc.strerror or exc}") from None
    _fsync_dir(real.parent)
    return target


def _is_file(st: os.stat_result, path: Path) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)



READER_WAIT = 2.0
"""Seconds a full-screen app waits for a named pipe's reader (one may be starting)."""


def _write_into(target: Path, data: bytes, *, full_screen: bool = False) -> None:
    """Write at the end of what `target` names, as it is (a FIFO waits for its reader)."""
    if full_screen:
        fd = _open_without_waiting(target)
    else:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    try:
        if full_screen and os.isatty(fd):
            raise DraftError(
                f"{target}: is a terminal, where the wizard is drawn; export to a file, or use "
                "`postmortem export REF` in a shell"
            )
        _write_all(fd, data)
    finally:
        os.close(fd)


def _open_without_waiting(target: Path) -> int:
    """Open `target` to write; a FIFO only once it has a reader, for `READER_WAIT` at most."""
    import time

    deadline = time.monotonic() + READER_WAIT
    while True:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: a FIFO with no reader yet
                raise
            if time.monotonic() > deadline:
                raise DraftError(
                    f"{target}: is a named pipe that nobody reads from; start its reader first"
                ) from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)  # the reader is there: write all of it
        return fd
