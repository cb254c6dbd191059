"""Drafts on disk: the only code that reads or writes the drafts folder.

One TOML file per incident, named after its ID. Writes are atomic (temp file in the same folder,
fsync, `os.replace`) with mode 0600; a draft that cannot be read is reported with its path and
where it went wrong, and is never overwritten.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from . import timeutil
from .schema import SCHEMA_VERSION
from .timeutil import format_hhmm
from .validators import INCIDENT_ID_RE, MAX_ROWS, MAX_TEXT_CHARS, check_size

if TYPE_CHECKING:
    # The model (pydantic) is imported where a document is built, not with this module: the
    # wizard draws its first frame from a draft's raw data before pydantic has loaded.
    from .model import PostMortem
    from .summaries import Summary

_rtoml_loads: Callable[..., dict[str, Any]] | None
try:  # parses a draft ten times faster than tomllib; tomllib stays the fallback
    from rtoml import loads as _rtoml_loads
except ImportError:  # pragma: no cover - no rtoml wheel for this platform
    _rtoml_loads = None

ENV_DIR = "POSTMORTEM_DIR"
SUFFIX = ".toml"
TEMP_PREFIX = ".tmp-"
DRAFT_MODE = 0o600
MAX_DRAFT_BYTES = 64 * 1024 * 1024
"""The largest draft file read (checked before it is parsed) or written: room for the 10 MB of
pasted logs the tool promises several times over. A table's rows and a text's length have their
own limits, in the model (`validators.MAX_ROWS`, `validators.MAX_TEXT_CHARS`)."""
SUMMARIES_FILE = ".summaries.json"
"""The cache of what listings show of each draft (hidden: never taken for a draft)."""

# schema_version N -> function turning a version-N draft (as parsed TOML) into version N+1.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class DraftError(Exception):
    """A draft or the drafts folder cannot be used; the message is one line for a person."""


def default_dir() -> Path:
    """`POSTMORTEM_DIR`, else the user data folder."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("postmortem-tui", appauthor=False) / "drafts"


# --- TOML <-> document -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A dumped model value as TOML data: times as `HH:MM`, enums as their text."""
    if isinstance(value, dict):
        return {k: _plain(item) for k, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.time):
        return format_hhmm(value)
    return value


def snapshot(doc: PostMortem) -> dict[str, Any]:
    """The document as plain TOML data, detached from the live model.

    Cheap (pydantic-core does the walk), so the wizard takes it on the UI thread and renders
    the text with `render` in a worker while the author keeps typing.
    """
    data: dict[str, Any] = _plain(doc.model_dump(mode="python", exclude_none=True))
    return data


def _has_cr(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_cr(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_cr(item) for item in value)
    return False


def _escapes(multiline: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    # The escapes tomli-w writes in a basic string; a newline stays as it is in a multi-line one.
    table = {chr(c): f"\\u{c:04x}" for c in (*range(0x20), 0x7F) if c != 0x09}
    table.update({"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"})
    if multiline:
        del table["\n"]
    return re.compile("[" + re.escape("".join(table)) + "]"), table


_ESCAPES = {True: _escapes(True), False: _escapes(False)}
_LONG = 1024
_SLICE = 1 << 15
_TOKEN = os.urandom(16).hex()


def _format_long(value: str, multiline: bool) -> str:
    """Exactly what tomli-w writes for a string, at C speed where tomli-w goes one character
    at a time in Python (seconds for the megabytes of logs an author may paste)."""
    multiline = multiline and "\n" in value
    pattern, table = _ESCAPES[multiline]
    # In slices (the pattern is one character wide): one regex call over megabytes holds the
    # GIL throughout, and the autosave renders in a thread while the author types.
    body = "".join(
        pattern.sub(lambda m: table[m.group()], value[i : i + _SLICE])
        for i in range(0, len(value), _SLICE)
    )
    return f'"""\n{body}"""' if multiline else f'"{body}"'


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALARS = (str, int, bool, dt.date)


def _flat(data: dict[str, Any]) -> bool:
    """A table of scalars under bare keys, as most of a draft's rows are."""
    return all(
        type(v) in _SCALARS and _BARE_KEY.fullmatch(k) for k, v in data.items()
    )


def _literal(value: str | int | bool | dt.date, multiline: bool) -> str:
    """A scalar exactly as tomli-w writes it."""
    if isinstance(value, str):
        return _format_long(value, multiline)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dump_exact(data: dict[str, Any]) -> str:
    """TOML for `data` that parses back to exactly `data`.

    Multi-line strings are far easier to read and diff, but tomli-w turns the `\r\n` of a
    multi-line string into `\n`, so a table holding a carriage return is written with escaped
    one-line strings instead. Long strings are formatted by `_format_long` and put in place of
    a token.
    """
    multiline = not _has_cr(data)
    if _flat(data):
        return "".join(f"{k} = {_literal(v, multiline)}\n" for k, v in data.items())
    long: dict[str, str] = {}

    def swap(value: Any) -> Any:
        if isinstance(value, str) and len(value) >= _LONG:
            token = f"{_TOKEN}-{len(long)}"
            long[token] = value
            return token
        if isinstance(value, dict):
            return {k: swap(item) for k, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    text = tomli_w.dumps(swap(data), multiline_strings=multiline)
    for token, value in long.items():
        text = text.replace(f'"{token}"', _format_long(value, multiline), 1)
    return text


def _frozen(value: Any) -> Any:
    """TOML data as a hashable key: equal keys, equal text (`True` and `1` differ)."""
    if isinstance(value, dict):
        return (dict, tuple((k, _frozen(item)) for k, item in value.items()))
    if isinstance(value, list):
        return (list, tuple(_frozen(item) for item in value))
    return (type(value), value)


# The text of each table and row of the last render, by content. The autosave renders the whole
# draft after every pause in typing, most of it unchanged: those rows are not formatted again,
# which keeps the render thread off the GIL the UI thread needs. (Pasted logs cost no more peak
# memory kept here than formatted again at every save.)
_chunks: dict[Any, str] = {}


def render(data: dict[str, Any]) -> str:
    """The draft's text for a `snapshot`: stable key order, readable, same data same bytes."""
    global _chunks
    previous, kept = _chunks, {}

    def dump(part: dict[str, Any]) -> str:
        key = _frozen(part)
        text = previous.get(key)
        if text is None:
            text = _dump_exact(part)
        kept[key] = text
        return text

    # Top-level values must come before the first table; the top-level lists (timeline, action
    # items, ...) are written as arrays of tables, one `[[name]]` block a row, so they can follow
    # the tables in the template's order. An empty list loads as its default and is left out.
    scalars = {k: val for k, val in data.items() if not isinstance(val, dict | list)}
    chunks = [dump(scalars)]
    for key, val in data.items():
        if isinstance(val, dict):
            chunks.append(dump({key: val}))
        elif isinstance(val, list):
            chunks.extend(f"[[{key}]]\n{dump(row)}" for row in val)
    _chunks = kept  # only what this draft has now: an edited row's old text goes
    return "\n".join(chunks)


def to_toml(doc: PostMortem) -> str:
    """The draft's text for a document."""
    return render(snapshot(doc))


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in loc).replace(".[", "[")


def _loads(text: str) -> dict[str, Any]:
    """The TOML data of `text`, exactly as `tomllib` reads it, with rtoml when it can.

    rtoml reads a draft ten times faster (14 ms for 1 MB of pasted logs, not 140), and reads
    what this module writes exactly as tomllib does. Where they differ, tomllib decides: a
    carriage return (rtoml keeps the CR of a CRLF line ending inside a multi-line string,
    tomllib reads a newline), and any text rtoml refuses (tomllib's message says where, in the
    words the tests and users know). rtoml also accepts some TOML 1.1 that tomllib refuses (the
    escapes of ESC and of hex bytes, times without seconds, inline tables over several lines),
    so such a hand-edited draft loads.

    A byte order mark (editors on Windows start UTF-8 files with one; TOML has no place for it,
    and tomllib refuses it) is taken off first.
    """
    text = text.removeprefix("\ufeff")
    if _rtoml_loads is not None and "\r" not in text:
        try:
            return _rtoml_loads(text)
        except Exception:  # whatever rtoml refuses, tomllib explains
            pass
    import tomllib  # only here: the wizard's first frame waits for this module's imports

    return tomllib.loads(text)


def parse_toml(text: str, source: str = "<draft>") -> dict[str, Any]:
    """A draft's text as data, before it is checked against the model; `DraftError` if it is
    not TOML or not a postmortem draft."""
    try:
        data = _loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise DraftError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level; rtoml stops at 80 levels
        raise DraftError(f"{source}: not valid TOML: arrays or tables nested too deeply") from None
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DraftError(f"{source}: no schema_version number; is this a postmortem draft?")
    return data


def from_data(data: dict[str, Any], source: str = "<draft>") -> PostMortem:
    """The document of `parse_toml`'s data (migrated to this version); `DraftError` naming
    the source and where if the model refuses it."""
    from pydantic import ValidationError

    from .model import PostMortem, error_message

    version: int = data["schema_version"]
    if version > SCHEMA_VERSION:
        raise DraftError(
            f"{source}: written by a newer postmortem-tui (schema_version {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade postmortem-tui to open it"
        )
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise DraftError(f"{source}: schema_version {version} is too old to read")
        data = migrate(data)
        version += 1
        data["schema_version"] = version
    try:
        return PostMortem.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = _where(tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            raise DraftError(f"{source}: unknown key {where}") from None
        if err["type"] == "missing":
            raise DraftError(f"{source}: {where} is missing") from None
        message = error_message(exc)
        if err["type"] == "invalid_value":
            raise DraftError(f"{source}: {where}: {message}") from None
        raise DraftError(f"{source}: {where}: {err['msg']}") from None


def from_toml(text: str, source: str = "<draft>") -> PostMortem:
    """Parse a draft; any problem raises `DraftError` naming the source and where."""
    return from_data(parse_toml(text, source), source)


# --- files ---------------------------------------------------------------------------------


def read_draft(path: Path) -> PostMortem:
    """Load one draft file."""
    return from_data(read_draft_data(path), str(path))


def read_draft_data(path: Path) -> dict[str, Any]:
    """One draft file's data as `parse_toml` gives it: the cheap checks (found, readable,
    UTF-8, TOML, a draft) without the model's."""
    return _draft_data(_read_bytes(path), path)


def describe_size(size: int) -> str:
    """`220 bytes`, `66.8 MB` (MB of 2**20 bytes, as `ls -h` counts)."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, if it is not bigger than a draft may be (the size is checked before
    the bytes are read, and again on what is read: a file may grow meanwhile)."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            raw = b""
            if size <= MAX_DRAFT_BYTES:
                raw = stream.read(size + 1)  # not MAX_DRAFT_BYTES: that is allocated at once
                if len(raw) > size:  # grown meanwhile
                    raw += stream.read(MAX_DRAFT_BYTES + 1 - len(raw))
        if size > MAX_DRAFT_BYTES or len(raw) > MAX_DRAFT_BYTES:
            raise DraftError(
                f"{path}: the file is {describe_size(max(size, len(raw)))}; a draft may be at "
                f"most {describe_size(MAX_DRAFT_BYTES)}"
            )
        return raw
    except FileNotFoundError:
        raise DraftError(f"{path}: no such draft") from None
    except IsADirectoryError:
        raise DraftError(f"{path}: is a folder, not a draft") from None
    except OSError as exc:
        raise DraftError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _parse_draft(raw: bytes, path: Path) -> PostMortem:
    """The document in a draft file's bytes; what is wrong with them is wrong with the file."""
    return from_data(_draft_data(raw, path), str(path))


def _draft_data(raw: bytes, path: Path) -> dict[str, Any]:
    """`read_draft_data` of bytes already read."""
    if not raw.strip():
        raise DraftError(f"{path}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DraftError(f"{path}: not UTF-8 text (line {line}, byte {exc.start})") from None
    return parse_toml(text, str(path))


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file."""
    if path.is_symlink():
        raise DraftError(f"{path}: is a symbolic link; refusing to write through it")
    folder = path.parent
    data = text.encode("utf-8")
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


def _fill_and_replace(fd: int, tmp: str, path: Path, data: bytes, mode: int | None) -> None:
    """Write `data` into the new temp file `tmp` (open as `fd`, closed here), fsync it and
    rename it over `path`; on any error the temp file is removed and the error raised."""
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- exports ----------------------------------------------------------------------------------

# Names of a descriptor the process already has open: written where they point, never replaced.
_DESCRIPTOR_NAME = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/\d+")
# What a draft starts with (after comments), as this module writes it.
_DRAFT_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t\r]*schema_version[ \t]*="
)


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
        if st is not None and real.suffix == SUFFIX and _looks_like_a_draft(real):
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


def _looks_like_a_draft(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return _DRAFT_START.match(stream.read(4096)) is not None
    except OSError:
        return False


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


def _over_limit(data: dict[str, Any]) -> str | None:
    """What in a `snapshot` is over the model's limits (`validators.check_size`), if anything.

    Only what the model does not check itself: the length of a list, which grows in place
    (a row's cells and a text field are validated when set), and its texts (bullets).
    """
    stack: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), data)]
    while stack:
        loc, table = stack.pop()
        for key, value in table.items():
            if isinstance(value, dict):
                stack.append(((*loc, key), value))
            elif isinstance(value, list):
                if len(value) > MAX_ROWS:
                    return _size_error(value, (*loc, key))
                for i, item in enumerate(value):
                    if isinstance(item, str) and len(item) > MAX_TEXT_CHARS:
                        return _size_error(item, (*loc, key, i))
    return None


def _size_error(value: object, loc: tuple[int | str, ...]) -> str:
    try:
        check_size(value, _where(loc))
    except ValueError as exc:
        return str(exc)
    raise AssertionError("not over a limit")  # pragma: no cover


def _write_draft(path: Path, text: str) -> None:
    """`write_atomic`, for a draft: one too big to be read back is not written at all."""
    size = len(text)  # UTF-8 takes at most 4 bytes a character: most drafts are not encoded
    if size * 4 > MAX_DRAFT_BYTES and not text.isascii():
        size = len(text.encode("utf-8"))
    if size > MAX_DRAFT_BYTES:
        raise DraftError(
            f"{path}: not saved: the draft would be {describe_size(size)}; a draft may be at "
            f"most {describe_size(MAX_DRAFT_BYTES)} (shorten the longest texts)"
        )
    write_atomic(path, text)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, and not fatal.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class DraftInfo:
    """One file of the drafts folder: its document, or why it cannot be read."""

    path: Path
    modified: dt.datetime
    doc: PostMortem | None = None
    error: str | None = None

    @property
    def incident_id(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class DraftSummary:
    """One file of the drafts folder as listings show it (`DraftStore.summaries`)."""

    path: Path
    modified: dt.datetime
    summary: Summary

    @property
    def incident_id(self) -> str:
        return self.path.stem

    @property
    def error(self) -> str | None:
        """Why the draft cannot be read, naming the file; None when it can."""
        return self.summary.error


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
        )

    def ids(self) -> set[str]:
        return {p.stem for p in self.draft_paths() if INCIDENT_ID_RE.match(p.stem)}

    def next_incident_id(self, when: dt.date | None = None) -> str:
        """`INC-YYYYMMDD-NNN` with the next number not used by a draft of that day."""
        day = (when or timeutil.today_cot()).strftime("%Y%m%d")
        used = [int(i[-3:]) for i in self.ids() if i[4:12] == day]
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
            path = self.path_for(doc.header.incident_id)
            try:
                # Claim the name first: two terminals starting a draft at once get two IDs.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DRAFT_MODE)
            except FileExistsError:
                continue
            except OSError as exc:
                reason = exc.strerror or exc
                raise DraftError(f"{path}: cannot create the draft: {reason}") from None
            try:
                claimed = os.fstat(fd)
            finally:
                os.close(fd)
            try:
                return doc, self.save(doc, path)
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

    def save_snapshot(self, data: dict[str, Any], path: Path) -> None:
        """Write a `snapshot` taken earlier (the wizard renders and writes it off the UI
        thread)."""
        # Rows added in place are not validated: a table past the limit would be written,
        # then refused when the draft is opened again.
        over = _over_limit(data)
        if over is not None:
            raise DraftError(f"{path}: not saved: {over}")
        _write_draft(path, render(data))

    def load(self, path: Path) -> PostMortem:
        return read_draft(path)

    def list(self) -> list[DraftInfo]:
        """Every draft in the folder, newest first; unreadable ones carry their error."""
        infos = []
        for path in self.draft_paths():
            try:
                modified = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            except OSError:
                continue
            try:
                infos.append(DraftInfo(path, modified, doc=read_draft(path)))
            except DraftError as exc:
                infos.append(DraftInfo(path, modified, error=str(exc)))
        infos.sort(key=lambda i: (i.modified, i.path.name), reverse=True)
        return infos

    def summaries(self) -> builtins.list[DraftSummary]:
        """What listings show of every draft in the folder, newest first.

        The summaries are cached in `SUMMARIES_FILE`, each under its file's name and stat, so a
        listing reads only the drafts that changed since the last one. A cache that cannot be
        read, or that other code wrote, is ignored and rewritten; one that cannot be written (a
        read-only folder) is done without.
        """
        from . import summaries

        today = timeutil.today_cot()
        cache = self.folder / SUMMARIES_FILE
        stamp = summaries.cache_stamp()
        cached = _read_summaries(cache, stamp)
        rows: dict[str, Any] = {}
        found: builtins.list[DraftSummary] = []
        for path in self.draft_paths():
            try:
                st = path.stat()
            except OSError:
                continue
            key = [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]
            row = cached.get(path.name)
            summary = _cached_summary(row, key, path, today)
            if summary is not None:
                rows[path.name] = row
            else:
                summary, lasting = _summarize(path, today)
                if lasting:
                    rows[path.name] = _summary_row(summary, key, path)
            modified = dt.datetime.fromtimestamp(st.st_mtime).astimezone()
            found.append(DraftSummary(path, modified, summary))
        if rows != cached and self.folder.is_dir():
            _write_summaries(cache, stamp, rows)
        found.sort(key=lambda i: (i.modified, i.path.name), reverse=True)
        return found

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

    def clean_temp_files(self, older_than_seconds: float = 60.0) -> builtins.list[Path]:
        """Remove temp files left by a save that was killed halfway."""
        removed: builtins.list[Path] = []
        if not self.folder.is_dir():
            return removed
        limit = dt.datetime.now().timestamp() - older_than_seconds
        for p in self.folder.glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if p.stat().st_mtime < limit:
                    p.unlink()
                    removed.append(p)
        return removed


# --- the summaries cache -------------------------------------------------------------------
# {"stamp": summaries.cache_stamp(), "drafts": {file name: {"stat": [...], **Summary.to_row()}}}
# An unreadable draft's error is kept without its path, which depends on how the folder is named.


def _summarize(path: Path, today: dt.date) -> tuple[Summary, bool]:
    """The summary of a draft file, and whether it lasts as long as the file is unchanged (not
    when the file could not be read: permissions and I/O errors pass)."""
    from . import summaries

    try:
        raw = _read_bytes(path)
    except DraftError as exc:
        return summaries.unreadable(str(exc)), False
    try:
        doc = _parse_draft(raw, path)
    except DraftError as exc:
        return summaries.unreadable(str(exc)), str(exc).startswith(f"{path}: ")
    return summaries.summarize(doc, today), True


def _summary_row(summary: Summary, key: builtins.list[int], path: Path) -> dict[str, Any]:
    row = summary.to_row()
    if summary.error is not None:
        row["error"] = summary.error.removeprefix(f"{path}: ")
    return {"stat": key, **row}


def _cached_summary(
    row: Any, key: builtins.list[int], path: Path, today: dt.date
) -> Summary | None:
    """The cached summary of an unchanged file that still holds today; None to read the file."""
    from .summaries import Summary

    if not isinstance(row, dict) or row.get("stat") != key:
        return None
    try:
        summary = Summary.from_row({k: v for k, v in row.items() if k != "stat"})
    except ValueError:
        return None
    if not summary.holds_on(today):
        return None
    if summary.error is not None:
        summary = dataclasses.replace(summary, error=f"{path}: {summary.error}")
    return summary


def _read_summaries(cache: Path, stamp: dict[str, Any]) -> dict[str, Any]:
    """The rows of a summaries cache written with `stamp`; none if it is missing, unreadable or
    written otherwise."""
    try:
        fd = os.open(cache, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as stream:
            data = json.loads(stream.read())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    rows = data.get("drafts")
    return rows if isinstance(rows, dict) else {}


def _write_summaries(cache: Path, stamp: dict[str, Any], rows: dict[str, Any]) -> None:
    text = json.dumps({"stamp": stamp, "drafts": rows}, separators=(",", ":"))
    with contextlib.suppress(DraftError, OSError):  # a cache: listing works without it
        write_atomic(cache, text)


# --- one writer per draft ------------------------------------------------------------------


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


def recovery_path(draft: Path, when: dt.datetime | None = None) -> Path:
    """Where a crashing wizard leaves what it had in memory: beside the draft, never over it."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return draft.with_name(f"{draft.stem}.recovered-{stamp}{draft.suffix}.bak")


def save_recovery(doc: PostMortem, draft: Path) -> Path:
    """Write the in-memory document to a recovery file (the draft itself is left alone)."""
    path = recovery_path(draft)
    write_atomic(path, to_toml(doc))
    return path
