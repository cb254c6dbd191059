"""The scan's cheaper lowering agrees with `str.lower` wherever either gives ASCII (all the
patterns look at), positions kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.secrets import _ASCII_LOWER, _lowered, _Scan

_PIECES = ["Token=", "PASS", "Key", "Bearer ", "://", "eyJ", "-----BEGIN ", "@", "A", "z", "\n",
           "✓", "é", "É", "İ", "\u212a", "ß", "Σ", "\U0001f600", "\ud800", "\udc00", "\u4141"]


def _reference(text: str) -> str:
    """How the scan lowered a text before."""
    lowered = text.lower()
    return text.translate(_ASCII_LOWER) if len(lowered) != len(text) else lowered


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join))
def test_lowered_agrees_on_ascii(text: str) -> None:
    new, old = _lowered(text), _reference(text)
    assert len(new) == len(text)
    assert [c if c.isascii() else None for c in new] == [c if c.isascii() else None for c in old]


_SECRETS = ["password=hunter22", "DB_PASSWORD: 'c0rrect horse'", "--token abcd1234efgh",
            "AKIA" + "A1B2C3D4E5F6G7H8", "ghp_" + "a" * 36, "xoxb-1234567890-abc",
            "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX",
            "AIza" + "b" * 35, "sk_live_" + "c" * 16, "Authorization: Bearer abcdefgh12345678",
            "postgres://app:s3cr3t@db.internal", "eyJhbGciOiJI.eyJzdWIiOiIx.sig",
            "-----BEGIN RSA PRIVATE KEY-----\nxyz\n-----END RSA PRIVATE KEY-----",
            "ana@example.com", "api_key = 'k-83hf73hd92'", "x-api-key: abc123def", "key=limits"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SECRETS + _PIECES) | st.text(max_size=3), max_size=20)
       .map("".join), st.booleans())
def test_the_scan_finds_what_it_found_with_str_lower(text: str, emails: bool) -> None:
    """Beyond ASCII the scan looks in a copy with `?` for each such character."""
    before = _Scan.__new__(_Scan)
    before.text, before.plain, before.lowered, before.found = text, text, _reference(text), []
    assert _Scan(text).run(emails) == before.run(emails)
