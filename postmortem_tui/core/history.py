"""The document history the tool keeps: a row on the first save, on each status change and on
each change made by a command (`record_change`).

Pure functions on the document, called by the wizard and the app; the rows stay editable (the
author may reword or delete them, the tool never rewrites an existing row). Versions follow the
template's own example: drafts count up by tenths (0.1, 0.2, ...), the version recorded when the
post-mortem is reviewed is the next whole number (1.0), later changes count up from there (1.1).
"""

from __future__ import annotations

import datetime as dt
import os

from .model import HistoryEntry, PostMortem, Status

INITIAL_CHANGES = "Initial draft"
REVIEWED_CHANGES = "Final version after review"


def _parse(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    try:
        return int(major or 0), int(minor or 0)
    except ValueError:
        return 0, 0


def latest_version(doc: PostMortem) -> tuple[int, int] | None:
    """The highest version in the history (rows may have been reordered by hand)."""
    versions = [_parse(h.version) for h in doc.history]
    return max(versions) if versions else None


def next_version(doc: PostMortem, *, major: bool = False) -> str:
    """The version after the latest one: `0.2` after `0.1`, `1.0` with `major`."""
    latest = latest_version(doc)
    if latest is None:
        return "1.0" if major else "0.1"
    if major:
        return f"{latest[0] + 1}.0"
    return f"{latest[0]}.{latest[1] + 1}"


def os_user_name() -> str:
    """The full name of the account running the tool (its GECOS field), or "" without one.

    Never the login name, nor git's `user.name`: a guess the author would have to correct."""
    try:
        import pwd

        account = pwd.getpwuid(os.getuid())
    except (ImportError, KeyError, AttributeError):  # Windows; an account without an entry
        return ""
    name = account.pw_gecos.split(",", 1)[0].strip()
    return "" if name == account.pw_name else name  # `root`'s is `root`: not a name


def document_author(doc: PostMortem) -> str:
    # The sign-off author wrote it; before that is filled in, whoever wrote the last row.
    name = doc.signoff.author.name.strip()
    if name:
        return name
    return next((h.author for h in reversed(doc.history) if h.author.strip()), "")


def record_first_save(doc: PostMortem, today: dt.date) -> HistoryEntry | None:
    """Add `0.1 Initial draft` when the document has no history yet; the row added, if any.

    Its author is the sign-off author, else the account's full name (`os_user_name`)."""
    if doc.history:
        return None
    author = document_author(doc) or os_user_name()
    entry = HistoryEntry(version="0.1", date=today, author=author, changes=INITIAL_CHANGES)
    doc.history.append(entry)
    return entry


def complete_first_row(doc: PostMortem, filled: str = "") -> HistoryEntry | None:
    """Give the tool's own first row (`Initial draft`, saved before anyone signed) the sign-off
    author once there is one, rather than the empty author `check` flags; the row, if changed.

    Only an empty author, or `filled` (what the tool put there, e.g. a name half typed when it
    was saved), is replaced: a row the author wrote or corrected is left alone."""
    if not doc.history:
        return None
    first, name = doc.history[0], doc.signoff.author.name.strip()
    if first.changes != INITIAL_CHANGES or not name or first.author == name:
        return None
    if first.author.strip() and first.author != filled:
        return None
    first.author = name
    return first


def status_change_text(old: Status, new: Status) -> str:
    if new is Status.REVIEWED and old is Status.DRAFT:
        return REVIEWED_CHANGES
    if new is Status.CLOSED:
        return f"Closed (was {old.value})"
    return f"Status changed from {old.value} to {new.value}"


def record_status_change(
    doc: PostMortem, old: Status, new: Status, today: dt.date
) -> HistoryEntry | None:
    """Add a row for a status change (none when the status did not change); the row added.

    Reviewed is a new major version, any other change the next minor one.
    """
    if old is new:
        return None
    entry = HistoryEntry(
        version=next_version(doc, major=new is Status.REVIEWED and old is Status.DRAFT),
        date=today,
        author=document_author(doc),
        changes=status_change_text(old, new),
    )
    doc.history.append(entry)
    return entry


def record_change(
    doc: PostMortem, changes: str, today: dt.date, *, author: str | None = None,
    major: bool = False,
) -> HistoryEntry:
    """Add a row for a change made outside the wizard (a command, a review step); the row.

    Its author is `author`, else the account's full name (`os_user_name`: who ran the
    command), else the document's author; its version the next minor one, or major."""
    entry = HistoryEntry(
        version=next_version(doc, major=major),
        date=today,
        author=(author or "").strip() or os_user_name() or document_author(doc),
        changes=changes,
    )
    doc.history.append(entry)
    return entry
