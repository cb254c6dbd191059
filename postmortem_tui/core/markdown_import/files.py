"""An imported post-mortem's way in and out: read from a file, filed as a new draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DraftError
from .document import Imported, import_markdown

if TYPE_CHECKING:
    from ..model import PostMortem
    from ..store import DraftStore


def decode(data: bytes, name: str) -> str:
    """A file's bytes as text (UTF-8, a byte order mark dropped); `DraftError` naming the
    file if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(f"{name}: not UTF-8 text") from None


def read_file(path: Path) -> Imported:
    """The post-mortem in the Markdown file at `path`; `DraftError` (a `NotAPostMortem`, or
    why the file cannot be read) with a message naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: {exc.strerror or exc}") from None
    text = decode(data, str(path))
    try:
        return import_markdown(text)
    except DraftError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def file_as_new_draft(store: DraftStore, doc: PostMortem) -> Path:
    """Save an imported document as a new draft: under its own incident ID when no draft has
    it, else (or without one) the next free ID of its day; the draft's path."""
    from .. import timeutil

    own = doc.header.incident_id
    if own and own not in store.ids():
        try:
            return store.create(doc)
        except DraftError:
            pass  # taken meanwhile: the next free one
    day = doc.header.date or timeutil.today_cot()
    for _ in range(3):  # another terminal may take the same number meanwhile
        doc.header.incident_id = store.next_incident_id(day)
        try:
            return store.create(doc)
        except DraftError:
            if doc.header.incident_id not in store.ids():
                raise
    return store.create(doc)
