"""The document history the tool keeps (core/history.py): first save and status changes."""

from __future__ import annotations

import datetime as dt

from postmortem_tui.core.history import (
    INITIAL_CHANGES,
    REVIEWED_CHANGES,
    next_version,
    record_first_save,
    record_status_change,
)
from postmortem_tui.core.model import HistoryEntry, PostMortem, Status

DAY = dt.date(2025, 3, 4)


def rows(doc: PostMortem) -> list[tuple[str, dt.date | None, str, str]]:
    return [(h.version, h.date, h.author, h.changes) for h in doc.history]


def test_first_save_adds_the_initial_draft_row_once():
    doc = PostMortem.new()
    doc.signoff.author.name = "Ana"
    assert record_first_save(doc, DAY) is not None
    assert rows(doc) == [("0.1", DAY, "Ana", INITIAL_CHANGES)]
    assert record_first_save(doc, DAY) is None
    assert len(doc.history) == 1


def test_first_save_leaves_an_existing_history_alone():
    doc = PostMortem.new()
    doc.history = [HistoryEntry(version="0.3", changes="Imported")]
    assert record_first_save(doc, DAY) is None
    assert rows(doc) == [("0.3", None, "", "Imported")]


def test_status_changes_add_rows_with_the_next_version():
    doc = PostMortem.new()
    record_first_save(doc, DAY)
    doc.history[0].author = "Ana"
    record_status_change(doc, Status.DRAFT, Status.REVIEWED, DAY)
    record_status_change(doc, Status.REVIEWED, Status.CLOSED, DAY)
    record_status_change(doc, Status.CLOSED, Status.DRAFT, DAY)
    assert rows(doc) == [
        ("0.1", DAY, "Ana", INITIAL_CHANGES),
        ("1.0", DAY, "Ana", REVIEWED_CHANGES),  # the author of the last row, no sign-off yet
        ("1.1", DAY, "Ana", "Closed (was Reviewed)"),
        ("1.2", DAY, "Ana", "Status changed from Closed to Draft"),
    ]


def test_no_row_when_the_status_did_not_change():
    doc = PostMortem.new()
    assert record_status_change(doc, Status.DRAFT, Status.DRAFT, DAY) is None
    assert doc.history == []


def test_next_version_follows_the_highest_even_when_rows_were_reordered():
    doc = PostMortem.new()
    assert next_version(doc) == "0.1"
    assert next_version(doc, major=True) == "1.0"
    doc.history = [HistoryEntry(version="1.2"), HistoryEntry(version="0.9")]
    assert next_version(doc) == "1.3"
    assert next_version(doc, major=True) == "2.0"


def test_first_save_without_a_sign_off_takes_the_os_users_full_name(monkeypatch):
    import pwd

    from postmortem_tui.core import history

    real = pwd.getpwuid(0)
    gecos = pwd.struct_passwd((*real[:4], "Ana Restrepo,,,", *real[5:]))
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: gecos)
    doc = PostMortem.new()
    record_first_save(doc, DAY)
    assert rows(doc) == [("0.1", DAY, "Ana Restrepo", INITIAL_CHANGES)]
    # The sign-off author, once there, comes first.
    doc = PostMortem.new()
    doc.signoff.author.name = "Luis"
    record_first_save(doc, DAY)
    assert doc.history[0].author == "Luis"
    # No full name in the account: empty, never the login name or git's.
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: pwd.struct_passwd((*real[:4], "", *real[5:])))
    doc = PostMortem.new()
    record_first_save(doc, DAY)
    assert doc.history[0].author == ""
    assert history.os_user_name() == ""
    login = pwd.struct_passwd(("ana", *real[1:4], "ana", *real[5:]))
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: login)
    assert history.os_user_name() == ""


def test_the_first_rows_missing_author_comes_from_the_sign_off_once_it_is_there(monkeypatch):
    from postmortem_tui.core import history

    monkeypatch.setattr(history, "os_user_name", lambda: "")
    doc = PostMortem.new()
    record_first_save(doc, DAY)
    assert doc.history[0].author == ""
    assert history.complete_first_row(doc) is None  # no sign-off author yet
    doc.signoff.author.name = "Ana Restrepo"
    assert history.complete_first_row(doc) is doc.history[0]
    assert rows(doc) == [("0.1", DAY, "Ana Restrepo", INITIAL_CHANGES)]
    # A name saved half typed follows the sign-off while it is the one the tool put there.
    doc.signoff.author.name = "Ana Restrepo Gómez"
    assert history.complete_first_row(doc, filled="Ana Restrepo") is doc.history[0]
    assert doc.history[0].author == "Ana Restrepo Gómez"
    # A row the author wrote, or one with an author, is never changed.
    doc.signoff.author.name = "Luis"
    assert history.complete_first_row(doc) is None
    assert history.complete_first_row(doc, filled="Ana") is None
    assert doc.history[0].author == "Ana Restrepo Gómez"
    doc = PostMortem.new()
    doc.signoff.author.name = "Luis"
    doc.history = [HistoryEntry(version="0.1", changes="Imported from the wiki")]
    assert history.complete_first_row(doc) is None
