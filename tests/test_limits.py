"""Drafts that are too big, too deep or oddly encoded: one clear error naming the file (or the
field), quickly, and never a traceback; what real use needs still fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from postmortem_tui.core import draft_file, toml_writer, validators
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.model import Appendix, Impact, PostMortem, TimelineEvent, error_message
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.toml_writer import to_toml

DRAFT = "INC-20250303-001.toml"


def write_draft(store: DraftStore, content: bytes, name: str = DRAFT) -> Path:
    store.ensure_folder()
    path = store.folder / name
    path.write_bytes(content)
    return path


def load_error(store: DraftStore, path: Path) -> str:
    with pytest.raises(DraftError) as info:
        store.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


# --- the documented limits ------------------------------------------------------------------


def test_the_limits_are_well_above_real_use() -> None:
    assert validators.MAX_ROWS == 10_000
    assert validators.MAX_TEXT_CHARS >= 16_000_000  # the 10 MB of pasted logs, and more
    assert draft_file.MAX_DRAFT_BYTES == 64 * 1024 * 1024


def test_a_table_may_have_ten_thousand_rows_not_more() -> None:
    rows = [TimelineEvent(event=f"row {i}") for i in range(validators.MAX_ROWS)]
    doc = PostMortem(timeline=rows)
    assert len(doc.timeline) == validators.MAX_ROWS
    with pytest.raises(ValidationError) as info:
        PostMortem(timeline=[*rows, TimelineEvent()])
    assert error_message(info.value) == "Timeline has 10,001 rows; at most 10,000 are allowed"
    with pytest.raises(ValidationError) as info:
        Impact(qualitative=["x"] * (validators.MAX_ROWS + 1))
    assert error_message(info.value).startswith("Qualitative impact has 10,001 rows")


def test_a_text_over_the_limit_is_refused_naming_its_field() -> None:
    too_long = "x" * (validators.MAX_TEXT_CHARS + 1)
    with pytest.raises(ValidationError) as info:
        Appendix(logs=too_long)
    assert error_message(info.value) == (
        f"Relevant logs is {len(too_long):,} characters long; "
        f"at most {validators.MAX_TEXT_CHARS:,} are allowed"
    )
    with pytest.raises(ValidationError) as info:
        Impact(qualitative=[too_long])  # a bullet has no label of its own
    assert "characters long" in error_message(info.value)


def test_ten_megabytes_of_pasted_logs_still_round_trip(store: DraftStore) -> None:
    line = "2025-03-03 09:15:02 ERROR quote feed: handshake failed | `x` <b> \x1b[31mred\x1b[0m\n"
    logs = line * (10 * 1024 * 1024 // len(line) + 1)
    doc = PostMortem.new(incident_id="INC-20250303-001", when=dt.date(2025, 3, 3))
    doc.appendix.logs = logs
    path = store.save(doc)
    assert store.load(path).appendix.logs == logs


def test_a_timeline_over_the_limit_is_refused_naming_the_file(store: DraftStore) -> None:
    head = to_toml(PostMortem.new(incident_id="INC-20250303-001")).encode()
    path = write_draft(store, head + b"\n" + b'[[timeline]]\nevent = "x"\n' * 20_000)
    message = load_error(store, path)
    assert message == f"{path}: timeline: Timeline has 20,009 rows; at most 10,000 are allowed"


def test_a_draft_file_over_the_size_limit_is_refused_before_it_is_read(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_draft(store, b"schema_version = 1\n" + b"#" * 200 + b"\n")
    monkeypatch.setattr(draft_file, "MAX_DRAFT_BYTES", 100)
    parsed: list[str] = []
    monkeypatch.setattr(draft_file, "parse_toml", lambda *a: parsed.append("x"))
    message = load_error(store, path)
    assert message == f"{path}: the file is 220 bytes; a draft may be at most 100 bytes"
    assert parsed == []
    (row,) = store.summaries()
    assert row.error == message


def test_a_draft_too_big_to_read_back_is_not_saved(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = PostMortem.new(incident_id="INC-20250303-001")
    path = store.save(doc)
    before = path.read_bytes()
    monkeypatch.setattr(draft_file, "MAX_DRAFT_BYTES", len(before) + 10)
    doc.summary = "y" * 100
    with pytest.raises(DraftError) as info:
        store.save(doc)
    assert str(info.value).startswith(f"{path}: not saved: the draft would be ")
    assert path.read_bytes() == before


def test_the_size_limit_is_said_in_megabytes() -> None:
    assert draft_file.describe_size(64 * 1024 * 1024) == "64 MB"
    assert draft_file.describe_size(70_000_000) == "66.8 MB"
    assert draft_file.describe_size(220) == "220 bytes"


# --- nesting and encoding -------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_arrays_are_one_error(store: DraftStore, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    path = write_draft(store, b"schema_version = 1\nx = " + nested + b"\n")
    message = load_error(store, path)
    if depth > 1000:
        assert message == f"{path}: not valid TOML: arrays or tables nested too deeply"


def test_a_deeply_nested_draft_does_not_stop_the_listing(store: DraftStore) -> None:
    good = store.save(PostMortem.new(incident_id="INC-20250303-002"))
    bad = write_draft(store, b"schema_version = 1\nx = " + b"[" * 100_000 + b"]" * 100_000)
    rows = {row.path: row for row in store.summaries()}
    assert rows[good].error is None
    assert rows[bad].error == f"{bad}: not valid TOML: arrays or tables nested too deeply"
    assert store.load(good) is not None
    with pytest.raises(DraftError) as info:
        store.load(bad)
    assert str(info.value) == rows[bad].error


def test_a_byte_order_mark_is_accepted(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = PostMortem.new(title="Feed down", incident_id="INC-20250303-001")
    path = write_draft(store, b"\xef\xbb\xbf" + to_toml(doc).encode())
    assert store.load(path) == doc
    monkeypatch.setattr(draft_file, "_rtoml_loads", None)  # tomllib alone reads it too
    assert store.load(path) == doc
    store.save(doc, path)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")  # written back without it


def test_rows_added_in_place_past_the_limit_are_not_saved(store: DraftStore) -> None:
    # A list grows in place without validation: saving it would write a draft that could not
    # be opened again, so the save is refused and the last good draft kept.
    doc = PostMortem.new(incident_id="INC-20250303-001")
    path = store.save(doc)
    before = path.read_bytes()
    doc.timeline.extend(TimelineEvent() for _ in range(validators.MAX_ROWS))
    with pytest.raises(DraftError) as info:
        store.save(doc)
    assert str(info.value) == (
        f"{path}: not saved: timeline has 10,009 rows; at most 10,000 are allowed"
    )
    del doc.timeline[validators.MAX_ROWS :]
    doc.impact.qualitative.append("x" * (validators.MAX_TEXT_CHARS + 1))
    with pytest.raises(DraftError, match=r"not saved: impact\.qualitative\[1\] is 16,777,217"):
        store.save_snapshot(toml_writer.snapshot(doc), path)
    assert path.read_bytes() == before
