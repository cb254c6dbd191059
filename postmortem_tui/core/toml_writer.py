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
    """A dumped model value as TOML data: times as `HH:MM`, enums as their text."""
    if type(value) in _AS_IS:  # most values: a text, a number, a date
        return value
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
_REPLACE = {
    multiline: (lambda m, table=table: table[m.group()])
    for multiline, (_, table) in _ESCAPES.items()
}
_LONG = 1024
_SLICE = 1 << 15
_TOKEN = os.urandom(16).hex()


def _format_long(value: str, multiline: bool) -> str:
    """Exactly what tomli-w writes for a string, at C speed where tomli-w goes one character
    at a time in Python (seconds for the megabytes of logs an author may paste)."""
    multiline = multiline and "\n" in value
    pattern = _ESCAPES[multiline][0]
    if len(value) <= _SLICE:  # most: a cell, a title; nothing to escape in most of them
        body = pattern.sub(_REPLACE[multiline], value) if pattern.search(value) else value
    else:
        # In slices (the pattern is one character wide): one regex call over megabytes holds
        # the GIL throughout, and the autosave renders in a thread while the author types.
        body = "".join(
            pattern.sub(_REPLACE[multiline], value[i : i + _SLICE])
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
    if _flat(data):
        multiline = not any(type(v) is str and "\r" in v for v in data.values())
        return "".join(f"{k} = {_literal(v, multiline)}\n" for k, v in data.items())
    multiline = not _has_cr(data)
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
