"""The draft writer's fast paths write exactly what tomli-w writes: long texts escaped in
their UTF-8 bytes, flat rows in one pass, and the snapshot converted in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tomli_w._writer import format_string

from postmortem_tui.core import toml_writer

# Texts full of what must be escaped: control characters, quotes, backslashes, newlines, CRs,
# non-ASCII and astral characters, in runs long enough for the byte path.
_PIECES = st.text(
    st.sampled_from(["a", " ", "\t", "\n", "\r", '"', "\\", "\x1b", "\x00", "\x7f", "\x08",
                     "\x0c", "é", "€", "\U0001f600", "\u2028", "'", "\x1f"]) | st.characters(),
    max_size=40,
)
_LONG = st.builds(lambda piece, n: piece * n, _PIECES, st.integers(0, 1200))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PIECES | _LONG, st.booleans())
def test_a_text_is_formatted_exactly_as_tomli_w_formats_it(text: str, multiline: bool) -> None:
    assert toml_writer._format_long(text, multiline) == format_string(
        text, allow_multiline=multiline
    )


@pytest.mark.parametrize("size", [toml_writer._SLICE + 1, toml_writer._BIG + 7])
@pytest.mark.parametrize("multiline", [True, False])
def test_megabytes_of_logs_are_formatted_exactly_as_tomli_w_formats_them(
    size: int, multiline: bool
) -> None:
    piece = 'line "quoted" C:\\path\t\x1b[31mred\x1b[0m é € \U0001f600\n'
    text = (piece * (size // len(piece) + 1))[:size]
    assert toml_writer._format_long(text, multiline) == format_string(
        text, allow_multiline=multiline
    )


def test_a_text_with_nothing_to_escape_is_kept_as_it_is() -> None:
    text = "plain log line é\n" * 4000
    assert toml_writer._escape_big(text, True) is text


_KEYS = st.text("abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=6) | st.text(
    max_size=4
)
_SCALARS = _PIECES | st.integers() | st.booleans() | st.dates()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _SCALARS | st.lists(st.integers(), max_size=2), max_size=6))
def test_any_row_is_written_exactly_as_tomli_w_writes_it(row: dict[str, Any]) -> None:
    expected = tomli_w.dumps(row, multiline_strings=not toml_writer._has_cr(row))
    assert toml_writer._dump_exact(row) == expected


def test_the_snapshot_converts_times_and_enums_inside_rows() -> None:
    import enum

    class Colour(enum.Enum):
        RED = "red"

    value = {"a": [{"t": dt.time(9, 5), "c": Colour.RED, "d": dt.date(2025, 1, 2)}], "n": 1}
    assert toml_writer._plain(value) == {
        "a": [{"t": "09:05", "c": "red", "d": dt.date(2025, 1, 2)}],
        "n": 1,
    }


_BIG_TEXTS = st.builds(
    lambda piece, extra: (piece * (toml_writer._SLICE // len(piece) + 1 + extra)),
    _PIECES.filter(bool), st.integers(0, 3),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BIG_TEXTS, _PIECES | _LONG, st.booleans())
def test_a_table_with_pasted_logs_is_its_text_in_utf8(logs: str, other: str, first: bool) -> None:
    table = {"logs": logs, "note": other} if first else {"note": other, "logs": logs}
    data = {"appendix": table, "more": {"x": [other, logs[:50]]}}
    part = toml_writer._dump_part(data)
    assert isinstance(part, bytes)
    expected = tomli_w.dumps(data, multiline_strings=not toml_writer._has_cr(data))
    assert part.decode("utf-8") == expected == toml_writer._dump_exact(data)


def test_the_render_is_the_same_with_logs_kept_as_bytes() -> None:
    logs = 'GET /x "ok" \\ \x1b[31mé€\U0001f600\r\n' * 3000
    data = {"schema_version": 1, "appendix": {"logs": logs}, "rows": [{"a": "b"}, {"a": logs}]}
    toml_writer._chunks.clear()
    cold = toml_writer.render(data)
    assert any(isinstance(t, bytes) for t in toml_writer._chunks.values())
    assert toml_writer.render(data) == cold  # warm: from the kept bytes
    assert cold == "\n".join(
        [tomli_w.dumps({"schema_version": 1}),
         tomli_w.dumps({"appendix": {"logs": logs}}, multiline_strings=False),
         "[[rows]]\n" + tomli_w.dumps({"a": "b"}),
         "[[rows]]\n" + tomli_w.dumps({"a": logs}, multiline_strings=False)]
    )


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


_DATA = st.recursive(
    st.text(max_size=3) | st.integers(-2, 2) | st.booleans() | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner,
                                                                 max_size=3),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(_DATA, _DATA)
def test_equal_cache_keys_are_equal_data(a: Any, b: Any) -> None:
    assert (toml_writer._frozen(a) == toml_writer._frozen(b)) == (_typed(a) == _typed(b))
    assert hash(toml_writer._frozen(a)) == hash(toml_writer._frozen(a))
