"""The TOML writer of drafts: a document as plain data (`snapshot`) and that data as text
(`render`), exactly what tomli-w writes but fast on megabytes of pasted logs, with the text of
unchanged rows kept from one render to the next."""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import Enum
from typing import TYPE_CHECKING, Any

import tomli_w

from .timeutil import format_hhmm

if TYPE_CHECKING:
    from .model import PostMortem


_AS_IS = frozenset({str, int, bool, float, dt.date})


def _plain(value: Any) -> Any:
    """A dumped model value as TOML data: times as `HH:MM`, enums as their text.

    In place: `model_dump` built the dicts and lists for this snapshot alone, and most of
    their values are kept as they are (no call, no copy for them).
    """
    if type(value) in _AS_IS:  # most values: a text, a number, a date
        return value
    if isinstance(value, dict):
        for k, item in value.items():
            if type(item) not in _AS_IS:
                value[k] = _plain(item)  # same keys: the dict does not change size
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            if type(item) not in _AS_IS:
                value[i] = _plain(item)
        return value
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
_REPLACE = {
    multiline: (lambda m, table=table: table[m.group()])
    for multiline, (_, table) in _ESCAPES.items()
}
_LONG = 1024
_SLICE = 1 << 15
_BIG = 1 << 20
_TOKEN = os.urandom(16).hex()


def _byte_escapes(multiline: bool) -> tuple[bytes, dict[int, bytes]]:
    # Every character escaped is ASCII, and no byte of a multi-byte UTF-8 sequence is: the
    # escapes can be made in the UTF-8 bytes, one `bytes.replace` (C, memchr-fast) each.
    table = _ESCAPES[multiline][1]
    escapes = {ord(c): text.encode() for c, text in table.items()}
    return bytes(b for b in range(256) if b not in escapes), escapes


_BYTE_ESCAPES = {True: _byte_escapes(True), False: _byte_escapes(False)}
_BACKSLASH = ord("\\")


def _escape_big(value: str, multiline: bool) -> str:
    """`value` with tomli-w's escapes, in its UTF-8 bytes: a few C calls over a megabyte of
    logs where a regex with a replacement function scanned it character by character."""
    others, escapes = _BYTE_ESCAPES[multiline]
    raw = value.encode("utf-8", "surrogatepass")
    present = set(raw.translate(None, others))  # the escaped characters this text has
    if not present:
        return value
    if _BACKSLASH in present:  # first: the escapes below bring backslashes of their own
        raw = raw.replace(b"\\", escapes[_BACKSLASH])
        present.discard(_BACKSLASH)
    for byte in present:
        raw = raw.replace(bytes((byte,)), escapes[byte])
    return raw.decode("utf-8", "surrogatepass")


def _format_long(value: str, multiline: bool) -> str:
    """Exactly what tomli-w writes for a string, at C speed where tomli-w goes one character
    at a time in Python (seconds for the megabytes of logs an author may paste)."""
    multiline = multiline and "\n" in value
    pattern = _ESCAPES[multiline][0]
    if len(value) <= _SLICE:  # most: a cell, a title; nothing to escape in most of them
        body = pattern.sub(_REPLACE[multiline], value) if pattern.search(value) else value
    elif len(value) <= _BIG:
        body = _escape_big(value, multiline)
    else:
        # In slices: each C call over them holds the GIL, and the autosave renders in a
        # thread while the author types.
        body = "".join(
            _escape_big(value[i : i + _BIG], multiline) for i in range(0, len(value), _BIG)
        )
    return f'"""\n{body}"""' if multiline else f'"{body}"'


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALARS = (str, int, bool, dt.date)


def _flat(data: dict[str, Any]) -> bool:
    """A table of scalars under bare keys, as most of a draft's rows are."""
    return all(
        type(v) in _SCALARS and _BARE_KEY.fullmatch(k) for k, v in data.items()
    )


# Keys seen to be bare: a draft's rows share a few dozen keys, matched once each.
_bare_keys: set[str] = set()


def _dump_flat(data: dict[str, Any]) -> str | None:
    """`_dump_exact` of a `_flat` table (None for any other): one line a key, in one pass."""
    multiline = True
    for k, v in data.items():
        t = type(v)
        if t is str:
            if "\r" in v:
                multiline = False
        elif t not in _SCALARS:
            return None
        if k not in _bare_keys:
            if not _BARE_KEY.fullmatch(k):
                return None
            if len(_bare_keys) < 4096:  # hand-written keys must not grow it without end
                _bare_keys.add(k)
    lines = []
    plain_search = _ESCAPES[False][0].search  # finds a newline too
    for k, v in data.items():
        t = type(v)
        if t is str:
            if len(v) <= _SLICE and not plain_search(v):  # one line, nothing to escape
                lines.append(f'{k} = "{v}"\n')
            else:
                lines.append(f"{k} = {_format_long(v, multiline)}\n")
        elif t is bool:
            lines.append(f"{k} = true\n" if v else f"{k} = false\n")
        else:
            lines.append(f"{k} = {v}\n")
    return "".join(lines)


def _literal(value: str | int | bool | dt.date, multiline: bool) -> str:
    """A scalar exactly as tomli-w writes it."""
    if isinstance(value, str):
        return _format_long(value, multiline)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _escaped_utf8(value: str, multiline: bool) -> bytes:
    """`_escape_big` as UTF-8: encoded in slices (`str.encode` first takes 3 bytes a character
    of a text that is not all Latin-1), escaped in the bytes, never decoded."""
    others, escapes = _BYTE_ESCAPES[multiline]
    raw = b"".join(
        value[i : i + _SLICE].encode("utf-8") for i in range(0, len(value), _SLICE)
    )
    present = set(raw.translate(None, others))
    if _BACKSLASH in present:
        raw = raw.replace(b"\\", escapes[_BACKSLASH])
        present.discard(_BACKSLASH)
    for byte in present:
        raw = raw.replace(bytes((byte,)), escapes[byte])
    return raw


def _dump_part(data: dict[str, Any]) -> str | bytes:
    """`_dump_exact`'s text, as UTF-8 when it holds a text longer than `_SLICE` (pasted logs):
    such a table is kept and written as its bytes, half the memory of its `str` or less, and
    never held as both."""
    flat = _dump_flat(data)
    if flat is not None:
        return flat
    multiline = not _has_cr(data)
    long: dict[str, str] = {}
    swapped = _swap_long(data, long)
    if all(len(value) <= _SLICE for value in long.values()):
        return _put_back(tomli_w.dumps(swapped, multiline_strings=multiline), long, multiline)
    text = tomli_w.dumps(swapped, multiline_strings=multiline)
    pieces: list[bytes] = []
    at = 0
    for token, value in long.items():
        where = text.index(f'"{token}"', at)
        pieces.append(text[at:where].encode("utf-8"))
        at = where + len(token) + 2
        if len(value) <= _SLICE:
            pieces.append(_format_long(value, multiline).encode("utf-8"))
        elif multiline and "\n" in value:
            pieces += (b'"""\n', _escaped_utf8(value, True), b'"""')
        else:
            pieces += (b'"', _escaped_utf8(value, False), b'"')
    pieces.append(text[at:].encode("utf-8"))
    return b"".join(pieces)


def _swap_long(value: Any, long: dict[str, str]) -> Any:
    """`value` with each string of `_LONG` characters or more replaced by a token (in `long`)."""
    if isinstance(value, str) and len(value) >= _LONG:
        token = f"{_TOKEN}-{len(long)}"
        long[token] = value
        return token
    if isinstance(value, dict):
        return {k: _swap_long(item, long) for k, item in value.items()}
    if isinstance(value, list):
        return [_swap_long(item, long) for item in value]
    return value


def _put_back(text: str, long: dict[str, str], multiline: bool) -> str:
    for token, value in long.items():
        text = text.replace(f'"{token}"', _format_long(value, multiline), 1)
    return text


def _dump_exact(data: dict[str, Any]) -> str:
    """TOML for `data` that parses back to exactly `data`.

    Multi-line strings are far easier to read and diff, but tomli-w turns the `\r\n` of a
    multi-line string into `\n`, so a table holding a carriage return is written with escaped
    one-line strings instead. Long strings are formatted by `_format_long` and put in place of
    a token.
    """
    flat = _dump_flat(data)
    if flat is not None:
        return flat
    multiline = not _has_cr(data)
    long: dict[str, str] = {}
    text = tomli_w.dumps(_swap_long(data, long), multiline_strings=multiline)
    return _put_back(text, long, multiline)


def _frozen(value: Any) -> Any:
    """TOML data as a hashable key: equal keys, equal text (`True` and `1` differ).

    One flat tuple a table or list (marker, then key, type and value of each item; a nested
    table or list as its own tuple), not a tuple per item: the keys of a draft's 1,300 rows
    are kept between saves.
    """
    if isinstance(value, dict):
        out: list[Any] = [dict]
        for k, item in value.items():
            t = type(item)
            out += (k, t, item if t in _AS_IS else _frozen(item))
        return tuple(out)
    if isinstance(value, list):
        out = [list]
        for item in value:
            t = type(item)
            out += (t, item if t in _AS_IS else _frozen(item))
        return tuple(out)
    return (type(value), value)


# The text of each table and row of the last render, by content. The autosave renders the whole
# draft after every pause in typing, most of it unchanged: those rows are not formatted again,
# which keeps the render thread off the GIL the UI thread needs. (Pasted logs cost no more peak
# memory kept here than formatted again at every save.)
_chunks: dict[Any, str | bytes] = {}


def render(data: dict[str, Any]) -> str:
    """The draft's text for a `snapshot`: stable key order, readable, same data same bytes."""
    return "\n".join(
        part if isinstance(part, str) else part.decode("utf-8") for part in render_parts(data)
    )


def render_parts(data: dict[str, Any]) -> list[str | bytes]:
    """`render`'s text in its parts, to be joined with newlines: a writer can encode them one
    by one instead of holding the whole text (a megabyte of logs is 2-4 MB as a `str`). A
    table holding pasted logs comes as its UTF-8 bytes (`_dump_part`)."""
    global _chunks
    previous, kept = _chunks, {}

    def dump(part: dict[str, Any]) -> str | bytes:
        key = _frozen(part)
        text = previous.get(key)
        if text is None:
            text = _dump_part(part)
        kept[key] = text
        return text

    # Top-level values must come before the first table; the top-level lists (timeline, action
    # items, ...) are written as arrays of tables, one `[[name]]` block a row, so they can follow
    # the tables in the template's order. An empty list loads as its default and is left out.
    scalars = {k: val for k, val in data.items() if not isinstance(val, dict | list)}
    chunks: list[str | bytes] = [dump(scalars)]
    for key, val in data.items():
        if isinstance(val, dict):
            chunks.append(dump({key: val}))
        elif isinstance(val, list):
            head = f"[[{key}]]\n"
            for row in val:
                text = dump(row)
                chunks.append(head + text if isinstance(text, str) else head.encode() + text)
    _chunks = kept  # only what this draft has now: an edited row's old text goes
    return chunks


def to_toml(doc: PostMortem) -> str:
    """The draft's text for a document."""
    return render(snapshot(doc))
