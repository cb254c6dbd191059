"""The secrets detector: each kind found and masked, and the look-alikes logs are full of
(commit hashes, UUIDs, base64 payloads, key names without a secret) left alone."""

from __future__ import annotations

import base64
import hashlib
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.core.secrets import find_secrets, kinds, line_of, redact

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFuYSJ9."
    "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
)
PEM = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "-----END OPENSSH PRIVATE KEY-----"
)

# (text, the kind found, the text once masked)
FOUND = [
    ("password=hunter22", "password", "password=<redacted:password>"),
    ("DB_PASSWORD: 'c0rrect horse'", "password", "DB_PASSWORD: '<redacted:password>'"),
    ('{"api_key": "k-83hf73hd92"}', "api-key", '{"api_key": "<redacted:api-key>"}'),
    ("X-Api-Key: 9f8e7d6c5b4a", "api-key", "X-Api-Key: <redacted:api-key>"),
    ("token: 8f14e45fceea167a", "token", "token: <redacted:token>"),
    ("GET /feed?access_token=abc123def456&page=2", "token",
     "GET /feed?access_token=<redacted:token>&page=2"),
    ("client_secret = s3cr3t-v4lu3", "secret", "client_secret = <redacted:secret>"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "secret",
     "aws_secret_access_key = <redacted:secret>"),
    ("mysql -u root --password hunter2 trading", "password",
     "mysql -u root --password <redacted:password> trading"),
    ("Authorization: Bearer abcdef0123456789abcdef", "bearer-token",
     "Authorization: Bearer <redacted:bearer-token>"),
    ("curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA==' https://x", "authorization",
     "curl -H 'Authorization: Basic <redacted:authorization>' https://x"),
    ("sent with bearer 9a8b7c6d5e4f3a2b1c0d", "bearer-token",
     "sent with bearer <redacted:bearer-token>"),
    (f"session {JWT} expired", "jwt", "session <redacted:jwt> expired"),
    (f"Authorization: Bearer {JWT}", "jwt", "Authorization: Bearer <redacted:jwt>"),
    ("key AKIAIOSFODNN7EXAMPLE used", "aws-access-key", "key <redacted:aws-access-key> used"),
    (f"id_ed25519:\n{PEM}\nend", "private-key", "id_ed25519:\n<redacted:private-key>\nend"),
    ("postgres://app:Sup3rS3cret@db.internal:5432/trading", "connection-string",
     "postgres://app:<redacted:connection-string>@db.internal:5432/trading"),
    ("redis://:hunter22@risk-cache:6379/0", "connection-string",
     "redis://:<redacted:connection-string>@risk-cache:6379/0"),
    ("GITHUB_TOKEN ghp_" + "a1B2" * 9, "github-token", "GITHUB_TOKEN <redacted:github-token>"),
    ("slack xoxb-1234567890-abcdefghij", "slack-token", "slack <redacted:slack-token>"),
    ("stripe sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "stripe-key", "stripe <redacted:stripe-key>"),
    ("maps AIza" + "SyA1234567890abcdefghijklmnopqrstuv", "google-api-key",
     "maps <redacted:google-api-key>"),
]

# Text that looks like a secret to a careless detector, and is not one.
LEFT_ALONE = [
    "commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345 merged",
    "request_id=550e8400-e29b-41d4-a716-446655440000 status=200",
    "sha256:" + hashlib.sha256(b"x").hexdigest(),
    "payload=" + base64.b64encode(b"order 7731904 rejected NO_LIMIT acct ACC-10442").decode(),
    "data: " + base64.b64encode(bytes(range(48))).decode(),
    "token_count=5 max_tokens=4096 tokens: 3",
    "password: ******** token=<redacted:token> api_key: ${API_KEY} secret: {{ vault }}",
    "password_policy=strict password_changed=true secret_santa=yes",
    "key=limits:ACC-10442 keys prefix=limits:v2: in 412ms",
    "PWD=/home/ana OLDPWD=~/src",
    "https://grafana.example.com:3000/d/risk?from=now-1h",
    "postgres://app:${DB_PASSWORD}@db.internal/trading",
    "ssh://git@git.example.com:2222/trading/limits-loader.git",
    "the bearer of bad news, bearer authentication failed",
    "Authorization: none",
    "eyJhbGciOiJIUzI1NiJ9 is only a header",
    "AKIA is a prefix; AKIAIOSFODNN7 is too short",
    "BEGIN PRIVATE KEY is mentioned in the runbook",
    "ana@example.com wrote the runbook",  # e-mail addresses are off by default
    "password attempts: 3",
    "the secret is in the vault; token expired; password reset",
]


@pytest.mark.parametrize(("text", "kind", "masked"), FOUND)
def test_found_and_masked(text: str, kind: str, masked: str) -> None:
    (secret,) = find_secrets(text)
    assert secret.kind == kind
    assert redact(text) == masked


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert find_secrets(text) == ()
    assert redact(text) == text


def test_emails_are_an_option() -> None:
    text = "paged ana.restrepo@example.com; cloned git@github.com:org/repo"
    assert find_secrets(text) == ()
    (secret,) = find_secrets(text, emails=True)
    assert (secret.kind, text[secret.start:secret.end]) == ("email", "ana.restrepo@example.com")
    # A password in a URL stays a password, not an address.
    url = "postgres://app:Sup3rS3cret@db.internal/trading"
    assert [s.kind for s in find_secrets(url, emails=True)] == ["connection-string"]


def test_many_in_one_log_with_lines_and_kinds() -> None:
    log = "\n".join([
        "09:15:00 INFO login user=ana password=hunter22",
        "09:15:01 INFO commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345",
        f"09:15:02 DEBUG Authorization: Bearer {JWT}",
        "09:15:03 INFO token: 8f14e45fceea167a retry=1",
    ])
    found = find_secrets(log)
    assert [s.kind for s in found] == ["password", "jwt", "token"]
    assert [line_of(log, s) for s in found] == [1, 3, 4]
    assert kinds(found) == "1 password, 1 jwt, 1 token"
    masked = redact(log)
    assert "hunter22" not in masked and JWT not in masked and "8f14e45fceea167a" not in masked
    assert "3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345" in masked
    assert find_secrets(masked) == ()  # masking is final
    for text, _, _ in FOUND:
        assert find_secrets(redact(text)) == (), text


def test_an_unterminated_private_key_is_masked_to_the_end() -> None:
    text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8Pb"
    assert redact(text) == "key:\n<redacted:private-key>"


@given(st.lists(st.sampled_from([
    lambda: uuid.uuid4().hex, lambda: str(uuid.uuid4()),
    lambda: hashlib.sha1(uuid.uuid4().bytes).hexdigest(),
    lambda: base64.b64encode(uuid.uuid4().bytes * 3).decode(),
    lambda: base64.urlsafe_b64encode(uuid.uuid4().bytes).decode(),
]), min_size=1, max_size=20), st.sampled_from(["id=", "commit ", "sha ", "", "data: ", " "]))
def test_random_identifiers_are_never_secrets(makers: list, prefix: str) -> None:  # type: ignore[type-arg]
    line = " ".join(prefix + make() for make in makers)
    assert find_secrets(line) == ()


@given(st.text())
def test_masking_any_text_finds_nothing_more(text: str) -> None:
    assert find_secrets(redact(text, emails=True), emails=True) == ()
