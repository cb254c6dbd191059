"""JSON sources: one document (an object or an array), or JSON lines (a record a line, as
webhook payloads are often saved), each bad one reported with its file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .event import SourceError, read_bytes

MAX_JSON_BYTES = 256 * 1024 * 1024


def read_text(path: Path) -> str:
    raw = read_bytes(path, MAX_JSON_BYTES, "more than 256 MB of JSON: export a narrower range")
    return raw.decode("utf-8", "replace").removeprefix("\ufeff")


def records(path: Path, text: str | None = None) -> list[tuple[int | None, Any]]:
    """The file's values: `(None, document)` for one JSON document, else `(line, value)` for
    each line of JSON lines."""
    text = read_text(path) if text is None else text
    try:
        return [(None, json.loads(text))]
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Extra data"):
            raise SourceError(path, f"not valid JSON: {exc.msg} (column {exc.colno})",
                              exc.lineno) from None
    found: list[tuple[int | None, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"not valid JSON: {exc.msg} (column {exc.colno})",
                              number) from None
    return found


def where(line: int | None, path_in_json: str) -> str:
    """How a record is named in a message: its line (JSON lines) or its place in the document."""
    return f"line {line}" if line is not None else path_in_json


def text_of(value: Any) -> str:
    """A JSON value as text for an event: strings as they are, nothing for null."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
