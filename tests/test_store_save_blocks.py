"""A save writes the rendered text block by block, never holding it whole, and says the digest
of exactly the bytes it wrote; a read lets go of the bytes once decoded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core import store as store_module
from postmortem_tui.core import toml_writer
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.draft_file import MAX_DRAFT_BYTES, check_length, read_draft
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.store import DraftStore


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(lambda piece, n: piece * n, st.text(max_size=30), st.integers(0, 9000)),
                min_size=1, max_size=6))
def test_the_blocks_are_the_text_joined_and_hashed(parts: list[str]) -> None:
    parts = [p.encode("utf-8", "replace").decode("utf-8") for p in parts]  # no lone surrogates
    hashed = store_module.new_digest()
    blocks = list(store_module._encoded(parts, hashed))
    whole = "\n".join(parts).encode("utf-8")
    assert b"".join(blocks) == whole
    assert hashed.digest() == hashlib.blake2b(whole, digest_size=16).digest()
    assert all(len(b) < 4 * store_module._BLOCK for b in blocks)


def test_a_save_writes_the_render_and_returns_its_digest(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.ensure_folder()
    doc = demo_document()
    doc.appendix.logs = 'GET /x "ok" \x1b[31mé€\U0001f600\n' * 20_000
    path = tmp_path / "INC-20250301-001.toml"
    written = store.save_snapshot(toml_writer.snapshot(doc), path)
    raw = path.read_bytes()
    assert raw == toml_writer.to_toml(doc).encode("utf-8")
    assert written == store_module.digest(raw)
    assert read_draft(path) == doc


def test_the_length_of_parts_is_the_length_of_their_text(tmp_path: Path) -> None:
    check_length(tmp_path / "a.toml", ["a" * 10, "b" * 10])
    big = "x" * (MAX_DRAFT_BYTES // 2)
    with pytest.raises(DraftError, match="not saved: the draft would be 64 MB"):
        check_length(tmp_path / "a.toml", [big, big])  # and the newline between them
    check_length(tmp_path / "a.toml", [big, big[:-1]])
    with pytest.raises(DraftError, match="not saved"):
        quarter = "é" * (MAX_DRAFT_BYTES // 4)
        check_length(tmp_path / "a.toml", [quarter, quarter])
