"""The drafts folder: the only code that decides which files are drafts and where they go.

One TOML file per incident, named after its ID: new drafts (a claimed ID), saves (atomic, mode
0600, never bigger than can be read back), refiling under a new ID, a draft from a REF, the
listing (its cache in `summary_cache`), the action items across drafts (`action_cache`),
changes in place under the draft's lock, the team's review settings (`review.toml`), leftover
temp files, and recovery files beside a draft. A draft that cannot be read is reported with
its path and where it went wrong, and is never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import timeutil
from .atomic import DRAFT_MODE, TEMP_PREFIX, write_atomic
from .draft_file import SUFFIX, check_length, over_limit, read_draft
from .errors import DraftError
from .toml_writer import render_parts, snapshot, to_toml
from .validators import INCIDENT_ID_RE

if TYPE_CHECKING:
    import hashlib

    from .action_report import DraftActions
    from .model import PostMortem
    from .review.config import ReviewConfig
    from .stats import Facts
    from .summary_cache import DraftSummary

T = TypeVar("T")

ENV_DIR = "POSTMORTEM_DIR"
CONFLICT_SIDE_SUFFIX = ".theirs.toml"
"""The other side of a draft whose merge conflicted (`git_conflicts`): not a draft of its own."""


def default_dir() -> Path:
    """`POSTMORTEM_DIR`, else the user data folder."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("postmortem-tui", appauthor=False) / "drafts"


class DraftStore:
    """The drafts folder."""

    def __init__(self, folder: Path | None = None) -> None:
        """Args:
        folder: the drafts folder; `POSTMORTEM_DIR` or the user data folder when None.
        """
        self.folder = (folder or default_dir()).expanduser()

    def ensure_folder(self) -> None:
        if self.folder.is_symlink() and not self.folder.is_dir():
            raise DraftError(f"{self.folder}: the drafts folder is a broken symbolic link")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise DraftError(
                f"{self.folder}: cannot create the drafts folder: {exc.strerror or exc}"
            ) from None
        if not self.folder.is_dir():
            raise DraftError(f"{self.folder}: is not a folder")

    def path_for(self, incident_id: str) -> Path:
        if not INCIDENT_ID_RE.match(incident_id):
            raise DraftError(f"cannot file a draft without a valid incident ID: {incident_id!r}")
        return self.folder / f"{incident_id}{SUFFIX}"

    def draft_paths(self) -> Iterator[Path]:
        if not self.folder.is_dir():
            return iter(())
        return (
            p
            for p in self.folder.iterdir()
            if p.suffix == SUFFIX and not p.name.startswith(".") and p.is_file()
            and not p.name.endswith(CONFLICT_SIDE_SUFFIX)
        )

    def ids(self) -> set[str]:
        return {p.stem for p in self.draft_paths() if INCIDENT_ID_RE.match(p.stem)}

    def next_incident_id(self, when: dt.date | None = None, taken: Iterable[str] = ()) -> str:
        """`INC-YYYYMMDD-NNN` with the next number not used by a draft of that day (nor in
        `taken`: the IDs of another copy of the folder, nor by the other version of a draft
        that conflicted on sync: settling that conflict may bring the draft back)."""
        day = (when or timeutil.today_cot()).strftime("%Y%m%d")
        sides = {p.name.removesuffix(CONFLICT_SIDE_SUFFIX)
                 for p in self.folder.glob(f"INC-{day}-*{CONFLICT_SIDE_SUFFIX}")}
        ids = self.ids() | {i for i in (*taken, *sides) if INCIDENT_ID_RE.match(i)}
        used = [int(i[-3:]) for i in ids if i[4:12] == day]
        number = max(used, default=0) + 1
        if number > 999:
            raise DraftError(f"no incident numbers left for {day} (999 used)")
        return f"INC-{day}-{number:03d}"

    def new(self, title: str = "", when: dt.date | None = None) -> tuple[PostMortem, Path]:
        """A new document with the next free ID, saved at once so the ID is taken."""
        self.ensure_folder()
        when = when or timeutil.today_cot()
        from .model import PostMortem

        while True:
            doc = PostMortem.new(title=title, incident_id=self.next_incident_id(when), when=when)
            path = self._claim(doc)
            if path is not None:
                return doc, path

    def create(self, doc: PostMortem) -> Path:
        """Save `doc` as a new draft under its own incident ID (an import); `DraftError` if a
        draft has that ID already."""
        self.ensure_folder()
        path = self._claim(doc)
        if path is None:
            raise DraftError(f"{doc.header.incident_id} already exists in {self.folder}")
        return path

    def _claim(self, doc: PostMortem) -> Path | None:
        """Take the name of `doc`'s ID and save it there; None if the name is taken."""
        path = self.path_for(doc.header.incident_id)
        try:
            # Claim the name first: two terminals starting a draft at once get two IDs.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DRAFT_MODE)
        except FileExistsError:
            return None
        except OSError as exc:
            reason = exc.strerror or exc
            raise DraftError(f"{path}: cannot create the draft: {reason}") from None
        try:
            claimed = os.fstat(fd)
        finally:
            os.close(fd)
        try:
            return self.save(doc, path)
        except BaseException:
            # An empty file would keep the ID taken and list as a broken draft (a full
            # disk): give the name back, unless a save got there meanwhile.
            with contextlib.suppress(OSError):
                now = os.stat(path)
                if (now.st_dev, now.st_ino, now.st_size) == (claimed.st_dev, claimed.st_ino, 0):
                    path.unlink()
            raise

    def save(self, doc: PostMortem, path: Path | None = None) -> Path:
        """Write the draft atomically (mode 0600) and return its path."""
        if path is None:
            self.ensure_folder()
            path = self.path_for(doc.header.incident_id)
        self.save_snapshot(snapshot(doc), path)
        return path

    def refile(self, doc: PostMortem, path: Path) -> Path:
        """Save a draft whose incident ID changed under its new name, and remove the old file.

        Refuses to overwrite another draft: incident IDs are unique in the folder.
        """
        target = self.path_for(doc.header.incident_id)
        if target == path:
            self.save(doc, path)
            return path
        if target.exists() or target.is_symlink():
            raise DraftError(
                f"{target.name} already exists; give this post-mortem another incident ID"
            )
        self.save(doc, target)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return target

    def renumber(self, path: Path, why: str, taken: Iterable[str] = ()) -> tuple[str, Path]:
        """Refile the draft at `path` under the next free ID of its incident's day (free here
        and not in `taken`), with a history row "Renumbered from <old ID> (`why`)"; its new ID
        and file. Locked as the wizard locks it: `DraftLockedError` while it is open."""
        from . import history
        from .locking import DraftLock

        lock = DraftLock(path)
        lock.acquire()
        try:
            doc = self.load(path)
            old = doc.header.incident_id or path.stem
            match = INCIDENT_ID_RE.match(old)
            when = dt.datetime.strptime(match.group(1), "%Y%m%d").date() if match else None
            new_id = self.next_incident_id(when, taken)
            new_lock = DraftLock(self.path_for(new_id))
            new_lock.acquire()
            try:
                doc.header.incident_id = new_id
                history.record_change(doc, f"Renumbered from {old} ({why})",
                                      timeutil.today_cot())
                target = self.refile(doc, path)
            finally:
                new_lock.release()
            lock.discard()  # the old name is gone: so is its lock file
        finally:
            lock.release()
        return new_id, target

    def save_snapshot(self, data: dict[str, Any], path: Path) -> bytes:
        """Write a `snapshot` taken earlier (the wizard renders and writes it off the UI
        thread); the `digest` of the bytes written."""
        # Rows added in place are not validated: a table past the limit would be written,
        # then refused when the draft is opened again.
        over = over_limit(data)
        if over is not None:
            raise DraftError(f"{path}: not saved: {over}")
        parts = render_parts(data)
        check_length(path, parts)
        hashed = new_digest()
        write_atomic(path, _encoded(parts, hashed))
        return hashed.digest()

    def load(self, path: Path) -> PostMortem:
        return read_draft(path)

    def summaries(self) -> list[DraftSummary]:
        """What listings show of every draft in the folder, newest first.

        The summaries are cached in `summary_cache.SUMMARIES_FILE`, each under its file's name
        and stat, so a listing reads only the drafts that changed since the last one.
        """
        from .summary_cache import list_summaries  # listings only: `check`, `open` need none

        return list_summaries(self.folder, self.draft_paths(), timeutil.today_cot())

    def actions(self) -> list[DraftActions]:
        """Every draft's action items and follow-up reviews, in no order; cached like the
        summaries (`action_cache.ACTIONS_FILE`)."""
        from .action_cache import list_actions

        return list_actions(self.folder, self.draft_paths())

    def stats_facts(self) -> list[Facts]:
        """What the trends need of every draft (`stats.Facts`), in no order; cached like the
        summaries (`stats_cache.STATS_FILE`)."""
        from .stats_cache import list_facts

        return list_facts(self.folder, self.draft_paths())

    def review_config(self) -> ReviewConfig:
        """The team's review settings (`review.toml` in the folder), or the defaults without
        one. A file that cannot be used raises `ReviewConfigError`, naming it and the line."""
        from .review.config import DEFAULT, FILE_NAME, ReviewConfigError

        path = self.folder / FILE_NAME
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return DEFAULT
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise ReviewConfigError(f"{path}: cannot read the review settings: {reason}") from None
        # The rules (and the model) only for a folder with settings.
        from .review.config import parse_config
        from .review.registry import RULE_NAMES

        return parse_config(text, str(path), RULE_NAMES)

    def update(self, path: Path, change: Callable[[PostMortem], T]) -> T:
        """Change a draft in place: locked as the wizard locks it, read again under the lock,
        changed by `change` and saved atomically; `change`'s result.

        Raises `DraftLockedError` (nothing changed) while another process has the draft open,
        and whatever `change` raises (nothing saved)."""
        from .locking import DraftLock

        lock = DraftLock(path)
        lock.acquire()
        try:
            doc = self.load(path)
            result = change(doc)
            self.save(doc, path)
            return result
        finally:
            lock.release()

    def resolve(self, ref: str) -> Path:
        """A draft from an incident ID, a path to a draft file, or a unique prefix of an ID."""
        ref = ref.strip()
        if not ref:
            raise DraftError("no draft named: give an incident ID, a prefix of one, or a path")
        as_path = Path(ref).expanduser()
        if ref.endswith(SUFFIX) or os.sep in ref:
            if as_path.is_file():
                return as_path
            if os.sep not in ref and (self.folder / ref).is_file():
                return self.folder / ref  # a draft's file name, as `list` shows it
            raise DraftError(f"{ref}: no such draft file")
        upper = ref.upper()
        exact = self.folder / f"{upper}{SUFFIX}"
        if exact.is_file():
            return exact
        matches = sorted(p for p in self.draft_paths() if p.stem.upper().startswith(upper))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            if as_path.is_file():
                return as_path
            raise DraftError(f"no draft matches {ref!r} in {self.folder}")
        names = ", ".join(p.stem for p in matches[:5]) + (", …" if len(matches) > 5 else "")
        raise DraftError(f"{ref!r} matches {len(matches)} drafts: {names}")

    def clean_temp_files(self, older_than_seconds: float = 60.0) -> list[Path]:
        """Remove temp files left by a save that was killed halfway."""
        removed: list[Path] = []
        if not self.folder.is_dir():
            return removed
        limit = dt.datetime.now().timestamp() - older_than_seconds
        for p in self.folder.glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if p.stat().st_mtime < limit:
                    p.unlink()
                    removed.append(p)
        return removed


_BLOCK = 1 << 16


def new_digest() -> hashlib.blake2b:
    """What tells a draft's bytes from others' (`digest`), fed block by block."""
    # Only when saving or reading back (check and export never do). CPython's own BLAKE2, not
    # through `hashlib`, which loads OpenSSL's (0.7 MiB of the wizard's memory for nothing).
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    return blake2b(digest_size=16)


def digest(raw: bytes) -> bytes:
    """A short hash of a draft's bytes, to tell a rewrite of the same bytes from a change."""
    hashed = new_digest()
    hashed.update(raw)
    return hashed.digest()


def _encoded(parts: list[str | bytes], hashed: hashlib.blake2b) -> Iterator[bytes]:
    """The UTF-8 of `parts` joined with newlines, in blocks of about `_BLOCK` bytes, each fed
    to `hashed`: never the whole text, nor its bytes, at once (nor the 3 bytes a character
    `str.encode` takes at first for a text that is not all Latin-1)."""
    block: list[bytes] = []
    size = 0
    for i, part in enumerate(parts):
        if i:
            block.append(b"\n")
            size += 1
        pieces: Iterable[bytes]
        if isinstance(part, bytes):
            pieces = (part,)
        elif len(part) > _BLOCK:  # a long text: in slices
            pieces = (part[at : at + _BLOCK].encode("utf-8") for at in range(0, len(part), _BLOCK))
        else:
            pieces = (part.encode("utf-8"),)
        for raw in pieces:
            if len(raw) >= _BLOCK:  # as it is, not copied into a block
                if block:
                    joined = b"".join(block)
                    hashed.update(joined)
                    yield joined
                    block, size = [], 0
                hashed.update(raw)
                yield raw
                continue
            block.append(raw)
            size += len(raw)
            if size >= _BLOCK:
                joined = b"".join(block)
                hashed.update(joined)
                yield joined
                block, size = [], 0
    if block:
        joined = b"".join(block)
        hashed.update(joined)
        yield joined


def recovery_path(draft: Path, when: dt.datetime | None = None) -> Path:
    """Where a crashing wizard leaves what it had in memory: beside the draft, never over it."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return draft.with_name(f"{draft.stem}.recovered-{stamp}{draft.suffix}.bak")


def save_recovery(doc: PostMortem, draft: Path) -> Path:
    """Write the in-memory document to a recovery file (the draft itself is left alone)."""
    path = recovery_path(draft)
    write_atomic(path, to_toml(doc))
    return path
