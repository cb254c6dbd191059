"""Drafts on disk: IDs, REF resolution, exact round trips, atomic saves, broken drafts."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import storage
from postmortem_tui.core.model import (
    ActionItem,
    Appendix,
    Author,
    ContributingFactor,
    FollowUp,
    Header,
    HistoryEntry,
    Impact,
    Lessons,
    Link,
    Milestone,
    PostMortem,
    RelatedIncident,
    Resolution,
    Reviewer,
    RootCause,
    SignOff,
    TimelineEvent,
    Why,
)
from postmortem_tui.core.storage import DraftError, DraftStore, from_toml, to_toml

DAY = dt.date(2025, 3, 3)


def touch_draft(store: DraftStore, incident_id: str) -> Path:
    store.ensure_folder()
    return store.save(PostMortem.new(incident_id=incident_id))


# --- incident IDs ---------------------------------------------------------------------------


def test_first_id_of_the_day(store: DraftStore) -> None:
    assert store.next_incident_id(DAY) == "INC-20250303-001"


def test_ids_count_up_per_day(store: DraftStore) -> None:
    touch_draft(store, "INC-20250303-001")
    touch_draft(store, "INC-20250303-002")
    touch_draft(store, "INC-20250302-007")  # another day does not count
    assert store.next_incident_id(DAY) == "INC-20250303-003"
    assert store.next_incident_id(dt.date(2025, 3, 2)) == "INC-20250302-008"
    assert store.next_incident_id(dt.date(2025, 3, 4)) == "INC-20250304-001"


def test_ids_never_reuse_a_number_below_the_highest(store: DraftStore) -> None:
    touch_draft(store, "INC-20250303-001")
    touch_draft(store, "INC-20250303-005")
    assert store.next_incident_id(DAY) == "INC-20250303-006"


def test_other_files_do_not_take_ids(store: DraftStore) -> None:
    store.ensure_folder()
    (store.folder / "notes.toml").write_text("x")
    (store.folder / "INC-20250303-009.md").write_text("x")
    assert store.next_incident_id(DAY) == "INC-20250303-001"


def test_no_numbers_left(store: DraftStore) -> None:
    touch_draft(store, "INC-20250303-999")
    with pytest.raises(DraftError, match="no incident numbers left for 20250303"):
        store.next_incident_id(DAY)


def test_new_saves_at_once_so_the_id_is_taken(store: DraftStore) -> None:
    doc, path = store.new("Feed down", when=DAY)
    assert path == store.folder / "INC-20250303-001.toml"
    assert store.load(path) == doc
    assert store.new(when=DAY)[0].header.incident_id == "INC-20250303-002"


# --- resolving a REF ------------------------------------------------------------------------


@pytest.fixture
def three(store: DraftStore) -> DraftStore:
    for ident in ("INC-20250303-001", "INC-20250303-002", "INC-20250304-001"):
        touch_draft(store, ident)
    return store


def test_resolve_by_id_any_case(three: DraftStore) -> None:
    assert three.resolve("INC-20250303-002") == three.folder / "INC-20250303-002.toml"
    assert three.resolve(" inc-20250303-002 ") == three.folder / "INC-20250303-002.toml"


def test_resolve_by_unique_prefix(three: DraftStore) -> None:
    assert three.resolve("INC-20250304") == three.folder / "INC-20250304-001.toml"
    assert three.resolve("inc-20250304-0") == three.folder / "INC-20250304-001.toml"


def test_resolve_ambiguous_prefix(three: DraftStore) -> None:
    with pytest.raises(DraftError) as info:
        three.resolve("INC-20250303")
    assert str(info.value) == (
        "'INC-20250303' matches 2 drafts: INC-20250303-001, INC-20250303-002"
    )


def test_resolve_missing(three: DraftStore) -> None:
    with pytest.raises(DraftError, match="no draft matches 'INC-1999'"):
        three.resolve("INC-1999")
    with pytest.raises(DraftError, match="no draft named"):
        three.resolve("  ")


def test_resolve_by_path(
    three: DraftStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "elsewhere" / "mine.toml"
    outside.parent.mkdir()
    outside.write_text(to_toml(PostMortem.new()))
    assert three.resolve(str(outside)) == outside
    monkeypatch.chdir(outside.parent)
    assert three.resolve("mine.toml") == Path("mine.toml")
    with pytest.raises(DraftError, match=r"nope\.toml: no such draft file"):
        three.resolve("nope.toml")
    with pytest.raises(DraftError, match="no such draft file"):
        three.resolve(str(tmp_path / "a" / "b"))


# --- TOML round trip ------------------------------------------------------------------------

# Pieces that have broken TOML writers or terminals before, mixed into arbitrary text.
NASTY = [
    "\r\n",
    "\r",
    "\n",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "😀",
    "👩‍💻",
    '"""',
    "'''",
    "\\",
    '\\"',
    "|",
    "`",
    "```",
    "<b>",
    "#",
    "[[x]]",
    "= ",
    "\t",
    "\ufeff",
    "\x85",
]
texts = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(NASTY)), max_size=6).map("".join)
text_lists = st.lists(texts, max_size=3)
times = st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))
dates = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
counts = st.none() | st.integers(0, 10**9)
ids = st.just("") | st.builds(
    lambda d, n: f"INC-{d:%Y%m%d}-{n:03d}", st.dates(dt.date(2000, 1, 1)), st.integers(1, 999)
)


@st.composite
def documents(draw: st.DrawFn) -> PostMortem:
    def t() -> str:
        return draw(texts)

    def many(strategy: st.SearchStrategy[Any], n: int = 3) -> list[Any]:
        return draw(st.lists(strategy, max_size=n))

    return PostMortem(
        header=Header(
            title=t(),
            incident_id=draw(ids),
            date=draw(dates),
            start_time=draw(times),
            end_time=draw(times),
            severity=draw(st.sampled_from(["", "P0", "P3"])),  # type: ignore[arg-type]
            status=draw(st.sampled_from(["Draft", "Reviewed", "Closed"])),  # type: ignore[arg-type]
        ),
        summary=t(),
        impact=Impact(
            trading_downtime_minutes=draw(counts),
            missed_trades=draw(counts),
            erroneous_trades=draw(counts),
            financial_amount=draw(st.sampled_from(["", "$41,250", "COP 168.000.000", "0"])),
            financial_description=t(),
            users_affected=t(),
            data_loss=t(),
            qualitative=draw(text_lists),
        ),
        timeline=many(
            st.builds(
                TimelineEvent,
                time=times,
                event=texts,
                actor=texts,
                milestone=st.none() | st.sampled_from(list(Milestone)),
            ),
            4,
        ),
        root_cause=RootCause(
            what_happened=t(),
            snippet=t(),
            snippet_language=draw(st.sampled_from(["text", "bash", "c++"])),
            why_it_happened=t(),
            whys=many(st.builds(Why, question=texts, because=texts), 5),
            gaps=draw(text_lists),
        ),
        factors=many(
            st.builds(ContributingFactor, title=texts, description=texts, contribution=texts)
        ),
        resolution=Resolution(immediate_fix=t(), commands=t(), verification=draw(text_lists)),
        actions=many(
            st.builds(
                ActionItem,
                id=st.integers(1, 50),
                action=texts,
                owner=texts,
                priority=st.sampled_from(["", "P0", "P2"]),
                due=dates,
                status=st.sampled_from(["Open", "In Progress", "Done"]),
                category=st.sampled_from(["", "Training", "Reduce Impact"]),
            )
        ),
        lessons=Lessons(
            went_well=draw(text_lists),
            could_improve=draw(text_lists),
            do_differently=draw(text_lists),
        ),
        appendix=Appendix(
            logs=t(),
            metrics_note=t(),
            metrics_links=many(st.builds(Link, label=texts, target=texts), 2),
            config_before=t(),
            config_after=t(),
            related=many(
                st.builds(RelatedIncident, incident_id=ids, date=dates, similarity=texts), 2
            ),
            references=draw(text_lists),
        ),
        signoff=SignOff(
            author=Author(name=t(), role=t(), date_written=draw(dates)),
            reviewers=many(
                st.builds(
                    Reviewer,
                    name=texts,
                    role=texts,
                    date_reviewed=dates,
                    approved=st.none() | st.booleans(),
                ),
                2,
            ),
            follow_ups=many(st.builds(FollowUp, date=dates, review_type=texts, owner=texts), 2),
        ),
        history=many(
            st.builds(
                HistoryEntry,
                version=st.sampled_from(["0.1", "1.0", "2.13"]),
                date=dates,
                author=texts,
                changes=texts,
            ),
            2,
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_is_exact(doc: PostMortem) -> None:
    text = to_toml(doc)
    back = from_toml(text)
    assert back == doc
    assert to_toml(back) == text  # and the same bytes again


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=30))
def test_any_text_in_a_list_round_trips(text: str) -> None:
    doc = PostMortem(summary=text, lessons=Lessons(went_well=[text, text + "\r"]))
    assert from_toml(to_toml(doc)) == doc


def test_lone_surrogates_are_replaced_not_lost(store: DraftStore) -> None:
    doc = PostMortem.new(title="a\ud800b", incident_id="INC-20250303-001")
    doc.summary = "x\udc00"
    back = store.load(store.save(doc))
    assert (back.header.title, back.summary) == ("a\ufffdb", "x\ufffd")


def test_saving_unchanged_gives_identical_bytes(
    store: DraftStore, complete_doc: PostMortem
) -> None:
    path = store.save(complete_doc)
    first = path.read_bytes()
    store.save(complete_doc)
    assert path.read_bytes() == first
    store.save(store.load(path))
    assert path.read_bytes() == first


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_one_field_change_changes_only_its_line(complete_doc: PostMortem) -> None:
    before = to_toml(complete_doc)
    complete_doc.impact.missed_trades = 13
    assert changed_lines(before, to_toml(complete_doc)) == [
        "-missed_trades = 12",
        "+missed_trades = 13",
    ]


def test_editing_one_line_of_a_long_text_changes_only_that_line(
    complete_doc: PostMortem,
) -> None:
    complete_doc.appendix.logs = "\n".join(f"line {i}" for i in range(50))
    before = to_toml(complete_doc)
    complete_doc.appendix.logs = complete_doc.appendix.logs.replace("line 20", "line twenty")
    assert changed_lines(before, to_toml(complete_doc)) == ["-line 20", "+line twenty"]


def test_a_row_edit_changes_only_that_row(complete_doc: PostMortem) -> None:
    before = to_toml(complete_doc)
    complete_doc.timeline[3].actor = "Bea"
    assert changed_lines(before, to_toml(complete_doc)) == [
        '-actor = "Ana (on-call)"',
        '+actor = "Bea"',
    ]


# --- atomic saves ---------------------------------------------------------------------------


def leftovers(store: DraftStore) -> list[str]:
    return sorted(p.name for p in store.folder.iterdir() if p.name.startswith("."))


def test_a_save_that_fails_halfway_keeps_the_old_draft(
    store: DraftStore, complete_doc: PostMortem, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(complete_doc)
    old = path.read_bytes()
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage.os, "write", half_then_full)
    complete_doc.summary = "A new summary that never makes it to disk"
    with pytest.raises(DraftError) as info:
        store.save(complete_doc)
    monkeypatch.undo()
    assert len(calls) == 2
    assert str(info.value) == f"{path}: not saved: No space left on device"
    assert path.read_bytes() == old
    assert leftovers(store) == []


def test_a_failing_rename_keeps_the_old_draft(
    store: DraftStore, complete_doc: PostMortem, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(complete_doc)
    old = path.read_bytes()

    def no_space(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage.os, "replace", no_space)
    complete_doc.summary = "changed"
    with pytest.raises(DraftError, match="not saved: No space left on device"):
        store.save(complete_doc)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert leftovers(store) == []


def test_drafts_are_private(store: DraftStore, complete_doc: PostMortem) -> None:
    path = store.save(complete_doc)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    store.save(complete_doc)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_symlink_refused(store: DraftStore, tmp_path: Path, complete_doc: PostMortem) -> None:
    store.ensure_folder()
    target = tmp_path / "target.toml"
    target.write_text("precious")
    link = store.path_for(complete_doc.header.incident_id)
    link.symlink_to(target)
    with pytest.raises(DraftError, match="symbolic link"):
        store.save(complete_doc)
    assert target.read_text() == "precious"
    assert link.is_symlink()


def test_leftover_temp_files_are_cleaned(store: DraftStore, complete_doc: PostMortem) -> None:
    store.save(complete_doc)
    old = store.folder / ".tmp-INC-20250303-001.toml.abc123"
    fresh = store.folder / ".tmp-INC-20250303-001.toml.def456"
    old.write_text("half a dra")
    fresh.write_text("being written")
    an_hour_ago = dt.datetime.now().timestamp() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert [i.path.name for i in store.list()] == ["INC-20250303-001.toml"]
    assert store.clean_temp_files() == [old]
    assert not old.exists()
    assert fresh.exists()  # may belong to a save in progress


def test_cannot_save_without_an_id(store: DraftStore) -> None:
    with pytest.raises(DraftError, match="without a valid incident ID"):
        store.save(PostMortem())


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(DraftError, match="cannot create the drafts folder"):
        DraftStore(tmp_path / "f").ensure_folder()


# --- drafts that cannot be read -------------------------------------------------------------


def truncated_draft() -> bytes:
    text = to_toml(PostMortem.new(title="Quote feed stalled", incident_id="INC-20250303-001"))
    return text[: text.index('title = "') + 12].encode()


BROKEN: list[tuple[str, bytes, str]] = [
    ("corrupt", b"schema_version = 1\n[header\n", "not valid TOML: Expected ']'"),
    ("truncated", truncated_draft(), "not valid TOML"),
    ("not utf-8", b'schema_version = 1\nsummary = "caf\xe9"\n', "not UTF-8 text (line 2, byte 33)"),
    ("empty", b"", "the file is empty"),
    ("blank", b"  \n\n", "the file is empty"),
    ("duplicate key", b'schema_version = 1\nsummary = "a"\nsummary = "b"\n', "not valid TOML"),
    ("wrong type", b"schema_version = 1\n[header]\ntitle = 3\n", "header.title: "),
    (
        "bad value",
        b'schema_version = 1\n[[timeline]]\ntime = "9.15"\n',
        'timeline[1].time: Time must be HH:MM (24-hour), got "9.15"',
    ),
    ("unknown key", b"schema_version = 1\n[header]\ncolour = 1\n", "unknown key header.colour"),
    ("no version", b'summary = "x"\n', "no schema_version number; is this a postmortem draft?"),
    ("bool version", b"schema_version = true\n", "no schema_version number"),
    ("newer", b"schema_version = 99\n", "written by a newer postmortem-tui (schema_version 99"),
    ("too old", b"schema_version = 0\n", "schema_version 0 is too old to read"),
]


@pytest.mark.parametrize(
    ("content", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_draft_gives_one_error_naming_the_file(
    store: DraftStore, content: bytes, expected: str
) -> None:
    store.ensure_folder()
    path = store.folder / "INC-20250303-001.toml"
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    with pytest.raises(DraftError) as info:
        store.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message
    # Listing reports it, and nothing (listing, numbering, saving others) rewrites it.
    (info_row,) = store.list()
    assert info_row.doc is None and info_row.error == message
    store.new(when=DAY)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before


def test_missing_and_folder_drafts(store: DraftStore) -> None:
    store.ensure_folder()
    with pytest.raises(DraftError, match="no such draft"):
        store.load(store.folder / "INC-20250303-001.toml")
    (store.folder / "x.toml").mkdir()
    with pytest.raises(DraftError, match="is a folder, not a draft"):
        store.load(store.folder / "x.toml")


def test_list_is_newest_first_with_broken_ones(store: DraftStore) -> None:
    a = touch_draft(store, "INC-20250303-001")
    b = touch_draft(store, "INC-20250303-002")
    broken = store.folder / "INC-20250303-003.toml"
    broken.write_text("nonsense")
    for age, path in ((300, a), (100, b), (200, broken)):
        t = dt.datetime.now().timestamp() - age
        os.utime(path, (t, t))
    infos = store.list()
    assert [i.path for i in infos] == [b, broken, a]
    assert [i.error is None for i in infos] == [True, False, True]


# --- migrations -----------------------------------------------------------------------------


def test_a_registered_migration_is_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the schema is at version 3 and version-1 drafts called the summary `abstract`."""
    seen: list[int] = []

    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        seen.append(data["schema_version"])
        data["summary"] = data.pop("abstract")
        return data

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        seen.append(data["schema_version"])
        data["summary"] = data["summary"].upper()
        return data

    monkeypatch.setattr(storage, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(storage.MIGRATIONS, 1, one_to_two)
    monkeypatch.setitem(storage.MIGRATIONS, 2, two_to_three)
    doc = from_toml('schema_version = 1\nabstract = "feed down"\n')
    assert doc.summary == "FEED DOWN"
    assert doc.schema_version == 3
    assert seen == [1, 2]
    # A current draft is not migrated again.
    seen.clear()
    assert from_toml('schema_version = 3\nsummary = "x"\n').summary == "x"
    assert seen == []


def test_a_missing_migration_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "SCHEMA_VERSION", 2)
    with pytest.raises(DraftError, match=r"draft\.toml: schema_version 1 is too old to read"):
        from_toml("schema_version = 1\n", "draft.toml")


def test_migrations_are_registered_for_every_older_version() -> None:
    # The real registry: every version below the current one must have a way forward.
    assert all(v in storage.MIGRATIONS for v in range(1, storage.SCHEMA_VERSION))


def test_two_new_drafts_at_once_never_share_an_id(store, monkeypatch):
    """Another terminal took the next number between our look and our write."""
    day = dt.date(2026, 11, 27)
    first, first_path = store.new(title="first", when=day)
    answers = [first.header.incident_id]  # the stale answer, once
    real_next = store.next_incident_id
    monkeypatch.setattr(
        store, "next_incident_id", lambda when=None: answers.pop() if answers else real_next(when)
    )
    second, second_path = store.new(title="second", when=day)
    assert second.header.incident_id == "INC-20261127-002"
    assert storage.read_draft(first_path).header.title == "first"
    assert storage.read_draft(second_path).header.title == "second"


def test_resolve_takes_a_draft_file_name_from_the_drafts_folder(store, tmp_path, monkeypatch):
    _, path = store.new(title="x")
    monkeypatch.chdir(tmp_path)
    assert store.resolve(path.name) == path
