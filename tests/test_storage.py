"""Drafts on disk: IDs, REF resolution, exact round trips, atomic saves, broken drafts."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kit import FrozenClock

from postmortem_tui.core import atomic, draft_file, summary_cache, timeutil, toml_writer
from postmortem_tui.core import store as store_module
from postmortem_tui.core.draft_file import from_data, parse_toml, read_draft
from postmortem_tui.core.errors import DraftError
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
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.toml_writer import to_toml

DAY = dt.date(2025, 3, 3)


def from_toml(text: str, source: str = "<draft>") -> PostMortem:
    """A draft's text as a document, as reading a draft file does it."""
    return from_data(parse_toml(text, source), source)


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


def test_the_other_side_of_a_sync_conflict_keeps_its_id(store: DraftStore) -> None:
    # Deleted here, changed on the remote: only the other version is in the folder, and
    # `resolve --theirs` brings the draft back under its ID.
    store.ensure_folder()
    (store.folder / "INC-20250303-001.theirs.toml").write_text("x")
    assert store.next_incident_id(DAY) == "INC-20250303-002"
    assert store.ids() == set()  # not a draft of the list


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


# --- the TOML parser: rtoml, read exactly as tomllib reads ----------------------------------

# Long strings are formatted by storage itself (`_format_long`), not by tomli-w.
long_texts = st.builds(lambda piece, n: piece * n, texts, st.integers(0, 200))
DRAFT_TYPES = {"dict", "list", "str", "int", "bool", "date"}


def typed(value: Any) -> Any:
    """`value` with the type and order of everything in it, for an exact comparison."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


def types_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {"dict"}.union(*(types_in(item) for item in value.values()))
    if isinstance(value, list):
        return {"list"}.union(*(types_in(item) for item in value))
    return {type(value).__name__}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), long_texts, long_texts, st.integers(0, 2**63 - 1))
def test_rtoml_reads_a_draft_exactly_as_tomllib(
    doc: PostMortem, logs: str, snippet: str, big: int
) -> None:
    doc.appendix.logs = logs
    doc.root_cause.snippet = snippet
    doc.impact.missed_trades = big
    text = to_toml(doc)
    assert "\r" not in text  # a carriage return is always escaped, so rtoml reads every draft
    expected = tomllib.loads(text)
    assert typed(rtoml.loads(text)) == typed(expected)
    assert typed(draft_file._loads(text)) == typed(expected)
    assert types_in(expected) <= DRAFT_TYPES


def test_rtoml_reads_the_drafts(monkeypatch: pytest.MonkeyPatch, complete_doc: PostMortem) -> None:
    calls: list[int] = []
    real = draft_file._rtoml_loads
    assert real is not None

    def counted(text: str) -> dict[str, Any]:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(draft_file, "_rtoml_loads", counted)
    assert from_toml(to_toml(complete_doc)) == complete_doc
    assert len(calls) == 1


def test_tomllib_reads_what_rtoml_would_read_otherwise() -> None:
    # CRLF line endings (a draft edited on Windows): rtoml keeps the CR of a multi-line string.
    crlf = 'schema_version = 1\r\nsummary = """two\r\nlines"""\r\n'
    assert from_toml(crlf).summary == "two\nlines"
    assert draft_file._loads(crlf) == tomllib.loads(crlf)
    # A byte order mark: tomllib refuses it, the draft reader takes it off.
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads("\ufeffschema_version = 1\n")
    assert from_toml("\ufeffschema_version = 1\n", "d.toml") == PostMortem()


def test_without_rtoml_tomllib_reads_the_drafts(
    monkeypatch: pytest.MonkeyPatch, complete_doc: PostMortem
) -> None:
    monkeypatch.setattr(draft_file, "_rtoml_loads", None)
    assert from_toml(to_toml(complete_doc)) == complete_doc
    with pytest.raises(DraftError, match="not valid TOML: Expected ']'"):
        from_toml("schema_version = 1\n[header\n")


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

    monkeypatch.setattr(atomic.os, "write", half_then_full)
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

    monkeypatch.setattr(atomic.os, "replace", no_space)
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
    assert [p.name for p in store.draft_paths()] == ["INC-20250303-001.toml"]
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
    (info_row,) = store.summaries()
    assert info_row.error == message
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
    infos = store.summaries()
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

    monkeypatch.setattr(draft_file, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(draft_file.MIGRATIONS, 1, one_to_two)
    monkeypatch.setitem(draft_file.MIGRATIONS, 2, two_to_three)
    doc = from_toml('schema_version = 1\nabstract = "feed down"\n')
    assert doc.summary == "FEED DOWN"
    assert doc.schema_version == 3
    assert seen == [1, 2]
    # A current draft is not migrated again.
    seen.clear()
    assert from_toml('schema_version = 3\nsummary = "x"\n').summary == "x"
    assert seen == []


def test_a_missing_migration_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_file, "SCHEMA_VERSION", 2)
    with pytest.raises(DraftError, match=r"draft\.toml: schema_version 1 is too old to read"):
        from_toml("schema_version = 1\n", "draft.toml")


def test_migrations_are_registered_for_every_older_version() -> None:
    # The real registry: every version below the current one must have a way forward.
    assert all(v in draft_file.MIGRATIONS for v in range(1, draft_file.SCHEMA_VERSION))


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
    assert draft_file.read_draft(first_path).header.title == "first"
    assert draft_file.read_draft(second_path).header.title == "second"


def test_resolve_takes_a_draft_file_name_from_the_drafts_folder(store, tmp_path, monkeypatch):
    _, path = store.new(title="x")
    monkeypatch.chdir(tmp_path)
    assert store.resolve(path.name) == path


# --- the summaries cache --------------------------------------------------------------------


def summary_of(doc: PostMortem, today: dt.date) -> dict[str, Any]:
    """What `list` showed of a readable draft before the cache, computed the same way."""
    from postmortem_tui.core.completeness import assess_with_percent

    reports, percent = assess_with_percent(doc, today)
    findings = [f for report in reports for f in report.findings]
    missing = sum(1 for f in findings if f.blocking)
    return {
        "title": doc.header.title,
        "date": doc.header.date.isoformat() if doc.header.date else None,
        "severity": doc.header.severity.value if doc.header.severity else None,
        "status": doc.header.status.value,
        "percent_complete": percent,
        "ready": missing == 0,
        "missing": missing,
        "weak": len(findings) - missing,
        "error": None,
    }


def shown(info: summary_cache.DraftSummary) -> dict[str, Any]:
    s = info.summary
    return {
        "title": s.title,
        "date": s.date,
        "severity": s.severity,
        "status": s.status,
        "percent_complete": s.percent_complete,
        "ready": s.ready,
        "missing": s.missing,
        "weak": s.weak,
        "error": info.error,
    }


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the draft files read from now on."""
    reads: list[str] = []
    real = summary_cache.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(summary_cache, "read_bytes", counted)
    return reads


@pytest.fixture
def folder(store: DraftStore, complete_doc: PostMortem) -> DraftStore:
    """Three drafts, one of them broken, saved at different times."""
    store.ensure_folder()
    paths = [
        store.save(complete_doc),
        store.new("Half done", when=DAY)[1],
        store.folder / "INC-20250303-009.toml",
    ]
    paths[2].write_text("schema_version = 1\n[header\n")
    for age, path in zip((300, 200, 100), paths, strict=True):
        t = dt.datetime.now().timestamp() - age
        os.utime(path, (t, t))
    return store


def cache_rows(store: DraftStore) -> dict[str, Any]:
    data = json.loads((store.folder / summary_cache.SUMMARIES_FILE).read_text(encoding="utf-8"))
    rows: dict[str, Any] = data["drafts"]
    return rows


def test_summaries_say_what_reading_the_drafts_says(folder: DraftStore) -> None:
    today = timeutil.today_cot()
    for cold_or_warm in range(2):
        infos = folder.summaries()
        newest_first = sorted(
            folder.draft_paths(), key=lambda p: (p.stat().st_mtime, p.name), reverse=True
        )
        assert [(i.path, i.modified) for i in infos] == [
            (p, dt.datetime.fromtimestamp(p.stat().st_mtime).astimezone()) for p in newest_first
        ], cold_or_warm
        for info in infos:
            try:
                doc = read_draft(info.path)
            except DraftError as exc:
                assert shown(info) == dict.fromkeys(summary_of(PostMortem(), today)) | {
                    "error": str(exc)
                }
            else:
                assert shown(info) == summary_of(doc, today)


def test_a_warm_listing_reads_no_draft(folder: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = folder.summaries()
    cache = folder.folder / summary_cache.SUMMARIES_FILE
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    written = cache.stat().st_mtime_ns
    reads = count_reads(monkeypatch)
    assert folder.summaries() == cold
    assert reads == []
    assert cache.stat().st_mtime_ns == written  # nothing changed, nothing rewritten


def test_a_changed_draft_is_read_again(
    folder: DraftStore, complete_doc: PostMortem, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.summaries()
    reads = count_reads(monkeypatch)
    complete_doc.header.title = "Renamed"
    complete_doc.header.severity = None
    path = folder.save(complete_doc)
    (info,) = [i for i in folder.summaries() if i.path == path]
    assert reads == [path.name]
    assert (info.summary.title, info.summary.severity, info.summary.ready) == (
        "Renamed",
        None,
        False,
    )
    # Touched only: read again too (the cache never trusts a changed stat).
    reads.clear()
    os.utime(path)
    folder.summaries()
    assert reads == [path.name]


def test_a_draft_turned_unreadable_shows_its_error(
    folder: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.summaries()
    path = folder.folder / "INC-20250303-001.toml"
    before = path.stat()
    # Same size and the same modification time: the inode and change time still tell.
    path.write_bytes(b"\xff" * before.st_size)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    (info,) = [i for i in folder.summaries() if i.path == path]
    assert info.error == f"{path}: not UTF-8 text (line 1, byte 0)"
    assert info.summary.title is None and info.summary.percent_complete is None
    # ...and the error comes from the cache next time, naming the file.
    reads = count_reads(monkeypatch)
    (again,) = [i for i in folder.summaries() if i.path == path]
    assert reads == [] and again == info


def test_a_deleted_draft_disappears(folder: DraftStore) -> None:
    folder.summaries()
    gone = folder.folder / "INC-20250303-001.toml"
    gone.unlink()
    assert gone not in [i.path for i in folder.summaries()]
    assert sorted(cache_rows(folder)) == ["INC-20250303-002.toml", "INC-20250303-009.toml"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"stamp": {"format": 0}, "drafts": {}}',
        b"[" * 100_000,
        None,  # the right stamp, rows of every wrong shape
    ],
    ids=["empty", "not json", "binary", "a list", "old format", "deep", "bad rows"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(folder: DraftStore, content: bytes | None) -> None:
    expected = folder.summaries()
    cache = folder.folder / summary_cache.SUMMARIES_FILE
    if content is None:
        stamp = json.loads(cache.read_text())["stamp"]
        good = cache_rows(folder)["INC-20250303-001.toml"]
        rows = {
            "INC-20250303-001.toml": {**good, "percent_complete": "100"},
            "INC-20250303-002.toml": [1, 2],
            "INC-20250303-009.toml": {**good, "extra": 1},
        }
        content = json.dumps({"stamp": stamp, "drafts": rows}).encode()
    cache.write_bytes(content)
    assert folder.summaries() == expected
    assert sorted(cache_rows(folder)) == sorted(i.path.name for i in expected)


def test_a_cache_of_another_summary_format_is_ignored(
    folder: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postmortem_tui.core import summaries

    folder.summaries()
    monkeypatch.setattr(summaries, "FORMAT", summaries.FORMAT + 1)
    reads = count_reads(monkeypatch)
    folder.summaries()
    assert sorted(reads) == sorted(p.name for p in folder.draft_paths())


def test_a_read_only_folder_still_lists(
    folder: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    expected = [shown(i) for i in folder.summaries()]
    (folder.folder / summary_cache.SUMMARIES_FILE).unlink()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for _ in range(2):
        assert [shown(i) for i in folder.summaries()] == expected
    assert not (folder.folder / summary_cache.SUMMARIES_FILE).exists()


def test_a_draft_that_cannot_be_read_now_is_read_again_next_time(
    folder: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions and I/O errors pass; only what is wrong with the file itself is cached."""
    real = summary_cache.read_bytes
    path = folder.folder / "INC-20250303-001.toml"

    def failing(p: Path) -> bytes:
        if p == path:
            raise DraftError(f"{p}: cannot read: Permission denied")
        return real(p)

    monkeypatch.setattr(summary_cache, "read_bytes", failing)
    (info,) = [i for i in folder.summaries() if i.path == path]
    assert info.error == f"{path}: cannot read: Permission denied"
    assert path.name not in cache_rows(folder)
    monkeypatch.setattr(summary_cache, "read_bytes", real)
    (info,) = [i for i in folder.summaries() if i.path == path]
    assert info.error is None and info.summary.ready is True


def test_cached_errors_name_the_folder_as_it_is_given(folder: DraftStore, tmp_path: Path) -> None:
    folder.summaries()
    (tmp_path / "elsewhere").mkdir()
    other = DraftStore(tmp_path / "elsewhere" / ".." / "drafts")
    assert other.folder.samefile(folder.folder)
    (broken,) = [i for i in other.summaries() if i.error is not None]
    assert broken.error is not None
    assert broken.error.startswith(f"{other.folder / 'INC-20250303-009.toml'}: not valid TOML")


def test_summaries_follow_the_day(
    store: DraftStore, complete_doc: PostMortem, monkeypatch: pytest.MonkeyPatch,
    clock: FrozenClock,
) -> None:
    """An action item falls overdue: a cached summary holds only while the dates compare with
    today as they did."""
    path = store.save(complete_doc)  # action items due 2025-03-14, not done
    doc = store.load(path)
    reads = count_reads(monkeypatch)
    weak = []
    # Its dates: 03-03 and 03-04 (written, reviewed), 03-14 (due), 03-17 (follow-up).
    for day in (
        dt.date(2025, 3, 5),
        dt.date(2025, 3, 10),
        dt.date(2025, 3, 21),
        dt.date(2025, 6, 1),
    ):
        clock.set(day)
        (info,) = store.summaries()
        assert shown(info) == summary_of(doc, day)
        weak.append(info.summary.weak)
    assert weak[0] == weak[1] < weak[2] == weak[3]
    assert reads == [path.name, path.name]  # the first listing, and the day it fell overdue
    # A clock set back is not trusted either.
    clock.set(dt.date(2025, 3, 6))
    (info,) = store.summaries()
    assert info.summary.weak == weak[0]
    assert len(reads) == 3


def test_the_cache_is_never_taken_for_a_draft(folder: DraftStore) -> None:
    folder.summaries()
    cache = folder.folder / summary_cache.SUMMARIES_FILE
    assert cache.is_file()
    assert cache not in list(folder.draft_paths())
    assert "summaries" not in "".join(folder.ids())
    assert folder.next_incident_id(DAY) == "INC-20250303-010"
    for ref in (".summaries", ".summaries.json", "."):
        with pytest.raises(DraftError):
            folder.resolve(ref)
    an_hour_ago = dt.datetime.now().timestamp() - 3600
    os.utime(cache, (an_hour_ago, an_hour_ago))
    assert folder.clean_temp_files() == []
    assert cache.exists()
    assert sorted(p.name for p in folder.draft_paths()) == sorted(
        i.path.name for i in folder.summaries()
    )


def test_no_cache_where_there_are_no_drafts(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "none").summaries() == []
    assert not (tmp_path / "none").exists()
    empty = DraftStore(tmp_path)
    assert empty.summaries() == []
    assert list(tmp_path.iterdir()) == []


# --- the render cache ------------------------------------------------------------------------


def _cold(data: dict[str, Any]) -> str:
    toml_writer._chunks.clear()
    return toml_writer.render(data)


def test_a_render_after_edits_is_the_render_from_scratch(demo_doc: PostMortem) -> None:
    toml_writer.render(toml_writer.snapshot(demo_doc))  # what an earlier autosave left
    demo_doc.timeline[1].event = "Edited after the first save"
    demo_doc.timeline.pop(0)
    demo_doc.header.title = "Retitled"
    warm = toml_writer.render(toml_writer.snapshot(demo_doc))
    assert warm == _cold(toml_writer.snapshot(demo_doc))
    assert "Edited after the first save" in warm and "Retitled" in warm


def test_the_render_cache_tells_values_apart_that_compare_equal() -> None:
    # True == 1 and hash(True) == hash(1): a row must never get the other's text.
    toml_writer.render({"schema_version": 1, "flags": [{"done": True}]})
    assert "done = 1" in toml_writer.render({"schema_version": 1, "flags": [{"done": 1}]})
    assert "done = true" in toml_writer.render({"schema_version": 1, "flags": [{"done": True}]})


def test_the_render_cache_keeps_only_the_current_rows(demo_doc: PostMortem) -> None:
    toml_writer.render(toml_writer.snapshot(demo_doc))
    event = demo_doc.timeline[0].event
    assert any(event in text for text in toml_writer._chunks.values())
    demo_doc.timeline.clear()
    toml_writer.render(toml_writer.snapshot(demo_doc))
    assert not any(event in text for text in toml_writer._chunks.values())


_BARE_KEYS = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=1,
                     max_size=8)
_SCALARS = st.text() | st.integers() | st.booleans() | st.dates()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_BARE_KEYS, _SCALARS, max_size=6))
def test_flat_rows_are_written_exactly_as_tomli_w_writes_them(row: dict[str, Any]) -> None:
    import tomli_w

    expected = tomli_w.dumps(row, multiline_strings=not toml_writer._has_cr(row))
    assert toml_writer._dump_exact(row) == expected


# --- a new draft on a full disk -------------------------------------------------------------


def test_new_on_a_full_disk_leaves_no_draft_and_keeps_the_id(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_folder()
    real_write = os.write

    def full(fd: int, data: Any) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(store.folder)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(DraftError) as info:
        store.new("Feed down", when=DAY)
    monkeypatch.undo()
    message = str(info.value)
    assert "\n" not in message and message.endswith("No space left on device")
    assert "INC-20250303-001" in message
    assert sorted(p.name for p in store.folder.iterdir()) == []  # no 0-byte draft, no temp
    assert store.new(when=DAY)[0].header.incident_id == "INC-20250303-001"


def test_new_does_not_remove_a_draft_another_process_wrote_meanwhile(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The claimed file is removed only while it is still the empty file this call created.
    store.ensure_folder()
    path = store.folder / "INC-20250303-001.toml"

    def saved_elsewhere_then_full(*args: Any) -> None:
        path.unlink()
        path.write_text("schema_version = 1\n")
        raise DraftError(f"{path}: not saved: No space left on device")

    monkeypatch.setattr(store_module, "write_atomic", saved_elsewhere_then_full)
    with pytest.raises(DraftError):
        store.new(when=DAY)
    assert path.read_text() == "schema_version = 1\n"


# --- writing an export ----------------------------------------------------------------------


def test_write_export_replaces_a_regular_file_atomically(store: DraftStore, tmp_path: Path) -> None:
    store.ensure_folder()
    out = tmp_path / "report.md"
    assert atomic.write_export(out, "first\n", store.folder) == out
    assert out.read_text() == "first\n"
    out.chmod(0o640)
    atomic.write_export(out, "second\n", store.folder)
    assert out.read_text() == "second\n" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name != "drafts"] == ["report.md"]


def test_write_export_through_a_link_writes_the_file_and_keeps_the_link(
    store: DraftStore, tmp_path: Path
) -> None:
    store.ensure_folder()
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic.write_export(link, "new\n", store.folder)
    assert link.is_symlink() and real.read_text() == "new\n"


def test_write_export_writes_into_a_fifo(store: DraftStore, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic.write_export(fifo, "through the pipe\n", store.folder)
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("INC-20250303-001.toml", "is the draft itself"),
        ("INC-20250303-002.toml", "is in the drafts folder"),
        (".summaries.json", "is in the drafts folder"),
        ("new.md", "is in the drafts folder"),
        ("sub/new.md", "is in the drafts folder"),
    ],
)
def test_write_export_refuses_the_drafts_folder(
    store: DraftStore, name: str, message: str
) -> None:
    draft = touch_draft(store, "INC-20250303-001")
    other = touch_draft(store, "INC-20250303-002")
    (store.folder / "sub").mkdir()
    before = {p: p.read_bytes() for p in (draft, other)}
    target = store.folder / name
    with pytest.raises(DraftError) as info:
        atomic.write_export(target, "# md\n", store.folder, draft)
    assert str(info.value).startswith(f"{target}: {message}")
    assert {p: p.read_bytes() for p in (draft, other)} == before
    assert not (store.folder / "new.md").exists() and not (store.folder / "sub/new.md").exists()


def test_write_export_refuses_the_draft_outside_the_folder_and_other_drafts(
    store: DraftStore, tmp_path: Path
) -> None:
    store.ensure_folder()
    mine = tmp_path / "mine.toml"
    mine.write_text(to_toml(PostMortem.new(incident_id="INC-20250303-001")))
    hard = tmp_path / "hard.md"
    os.link(mine, hard)
    for target, message in ((mine, "is the draft itself"), (hard, "is the draft itself")):
        with pytest.raises(DraftError, match=message):
            atomic.write_export(target, "# md\n", store.folder, mine)
    with pytest.raises(DraftError, match="is a post-mortem draft; choose another file"):
        atomic.write_export(mine, "# md\n", store.folder)
    with pytest.raises(DraftError, match="is a folder"):
        atomic.write_export(tmp_path, "# md\n", store.folder)
    with pytest.raises(DraftError, match="cannot write"):
        atomic.write_export(tmp_path / "no" / "x.md", "# md\n", store.folder)
    assert mine.read_text().startswith("schema_version")


def test_write_export_on_a_full_disk_keeps_the_old_file(
    store: DraftStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.md"
    out.write_text("old")

    def no_space(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(DraftError) as info:
        atomic.write_export(out, "new\n", store.folder)
    monkeypatch.undo()
    assert str(info.value) == f"{out}: cannot write: No space left on device"
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["report.md"]
