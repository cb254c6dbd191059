"""A draft file read: its limits, the bytes (size, UTF-8, byte order mark), the TOML (rtoml
with tomllib as the fallback and the judge), the migrations of older schema versions, and the
document (`from_data`), each problem one `DraftError` naming the file and where."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DraftError
from .schema import SCHEMA_VERSION
from .validators import MAX_ROWS, MAX_TEXT_CHARS, check_size

if TYPE_CHECKING:
    # The model (pydantic) is imported where a document is built, not with this module: the
    # wizard draws its first frame from a draft's raw data before pydantic has loaded.
    from .model import PostMortem

_rtoml_loads: Callable[..., dict[str, Any]] | None
try:  # parses a draft ten times faster than tomllib; tomllib stays the fallback
    from rtoml import loads as _rtoml_loads
except ImportError:  # pragma: no cover - no rtoml wheel for this platform
    _rtoml_loads = None

SUFFIX = ".toml"
MAX_DRAFT_BYTES = 64 * 1024 * 1024
"""The largest draft file read (checked before it is parsed) or written: room for the 10 MB of
pasted logs the tool promises several times over. A table's rows and a text's length have their
own limits, in the model (`validators.MAX_ROWS`, `validators.MAX_TEXT_CHARS`)."""


# schema_version N -> function turning a version-N draft (as parsed TOML) into version N+1.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}

# What a draft starts with (after comments), as `toml_writer` writes it.
_DRAFT_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t\r]*schema_version[ \t]*="
)


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
    from pydantic_core import ValidationError

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


def read_draft(path: Path) -> PostMortem:
    """Load one draft file."""
    return from_data(read_draft_data(path), str(path))


def read_draft_data(path: Path) -> dict[str, Any]:
    """One draft file's data as `parse_toml` gives it: the cheap checks (found, readable,
    UTF-8, TOML, a draft) without the model's."""
    # The bytes go once decoded, before the TOML is parsed: a big draft's bytes, text and
    # data are not all held at once.
    return parse_toml(_decoded(read_bytes(path), path), str(path))


def describe_size(size: int) -> str:
    """`220 bytes`, `66.8 MB` (MB of 2**20 bytes, as `ls -h` counts)."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def read_bytes(path: Path) -> bytes:
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


def parse_draft(raw: bytes, path: Path) -> PostMortem:
    """The document in a draft file's bytes; what is wrong with them is wrong with the file."""
    return from_data(_draft_data(raw, path), str(path))


def _draft_data(raw: bytes, path: Path) -> dict[str, Any]:
    """`read_draft_data` of bytes already read."""
    return parse_toml(_decoded(raw, path), str(path))


def _decoded(raw: bytes, path: Path) -> str:
    """A draft file's text, if its bytes are some."""
    if not raw.strip():
        raise DraftError(f"{path}: the file is empty")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DraftError(f"{path}: not UTF-8 text (line {line}, byte {exc.start})") from None



def looks_like_a_draft(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return _DRAFT_START.match(stream.read(4096)) is not None
    except OSError:
        return False



def over_limit(data: dict[str, Any]) -> str | None:
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



def check_length(path: Path, text: str | Sequence[str | bytes]) -> None:
    """`DraftError` if a draft's text (or its parts, joined with newlines; UTF-8 bytes or text)
    is too big to be read back: it is not written at all."""
    parts = [text] if isinstance(text, str) else text
    # UTF-8 takes at most 4 bytes a character: most drafts are not encoded
    size = sum(map(len, parts)) + len(parts) - 1
    if size * 4 > MAX_DRAFT_BYTES and not all(p.isascii() for p in parts):
        size = sum(len(p.encode("utf-8") if isinstance(p, str) else p) for p in parts)
        size += len(parts) - 1
    if size > MAX_DRAFT_BYTES:
        raise DraftError(
            f"{path}: not saved: the draft would be {describe_size(size)}; a draft may be at "
            f"most {describe_size(MAX_DRAFT_BYTES)} (shorten the longest texts)"
        )
