"""Secrets in pasted text (logs, snippets, configuration, commands): found, and masked as
`<redacted:KIND>`.

A focused set of patterns, each anchored on something a secret carries and ordinary log data
does not: a key name with a value (`password=`, `token:`, `"api_key": "..."`, `--password X`),
an `Authorization:` header or a `Bearer` token, the fixed prefix of a vendor's keys (AWS `AKIA`,
GitHub `ghp_`, Slack `xoxb-`, Stripe `sk_live_`, Google `AIza`), the shape of a JWT
(`eyJ...eyJ...sig`), a PEM private-key block, or a URL with a password
(`postgres://app:PW@db`). E-mail addresses are optional. Nothing here guesses from randomness
alone, so commit hashes, UUIDs, request IDs and base64 payloads in logs are left alone (the
tests hold look-alikes of both kinds). Only the secret itself is masked: the key name, the
scheme and the user stay, so the text still reads.

Pure and fast: each pattern runs only if the text holds its trigger (a substring checked
first), and the result for a text is cached, so the wizard's repeated checks of 10 MB of logs
cost nothing after the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

MASK = "<redacted:{kind}>"


class _Lazy:
    """A pattern compiled when first used: most texts hold no candidate for most of them, and
    compiling them all cost a check 5 ms."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._get().match(text, pos)

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        return self._get().search(text, pos, endpos)



@dataclass(frozen=True)
class Secret:
    """A secret found in a text: its kind and where it is."""

    kind: str
    """`password`, `token`, `api-key`, `jwt`, `aws-access-key`, ... (the mask's name)."""
    start: int
    end: int
    """The span of the secret itself in the text (the key name before it is kept)."""
    key: str = ""
    """The key name it was given under (`password`, `db_password`), if any."""

    @property
    def mask(self) -> str:
        return MASK.format(kind=self.kind)


# Values that are already no secret: masked, placeholders, variables, templates, empty words.
_NOT_A_VALUE = _Lazy(
    r"(?:[*<\[${%]|x{3}|\.{3}|redacted|hidden|masked|none$|null$|nil$|true$|false$|yes$|no$"
    r"|required$|optional$|changeme$|example$|string$|secret$|password$|token$|undefined$"
    r"|\d{1,3}$|#)",
    re.IGNORECASE,
)

# Every pattern is matched *at* a candidate position, found first with `str.find` on the
# lowered text (a pattern searched over the whole text costs 50 ms a megabyte; the finds, a
# few).
_KEY_WORDS = (
    r"password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
    r"|secret[_-]?key|private[_-]?key|signing[_-]?key|auth[_-]?key|credentials?"
)
# Where a key word can start: each word of `_KEY_WORDS` begins with one of these (`key` alone
# is no key word: `key=limits:ACC-10442` fills logs).
_KEY_STEMS = ("pass", "pwd", "secret", "token", "credential", "key")
_WHOLE_STEMS = frozenset({"token", "key"})  # key words that end with the stem itself
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
_BEFORE_KEY = _Lazy(r"(?:api|access|private|signing|auth)[_-]?$")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
_VALUE = r"(?:\"(?P<dq>[^\"\n]+)\"|'(?P<sq>[^'\n]+)'|(?P<bare>[^\s\"'&;,)}\]]+))"
# From the start of a key name ending in one of the words (`db_password`,
# `aws_secret_access_key`, `X-Api-Key`): an optional closing quote, `=` or `:`, an optional
# opening quote, then the value.
_PAIR_AT = _Lazy(
    r"(?P<key>[A-Za-z0-9_.-]*?(?:" + _KEY_WORDS + r"))(?![\w-])[\"']?"
    r"[ \t]*(?:=|:(?!//))[ \t]*" + _VALUE,
    re.IGNORECASE,
)
# `--password hunter2` (`--token=abc` is a pair).
_FLAG_AT = _Lazy(
    r"--?(?P<key>(?:[a-z0-9]+-)*?(?:" + _KEY_WORDS + r"))[ \t]+"
    r"(?:\"(?P<dq>[^\"\n]+)\"|'(?P<sq>[^'\n]+)'|(?P<bare>[^\s\"'-][^\s\"']*))",
    re.IGNORECASE,
)
_AUTH_AT = _Lazy(
    r"(?P<key>authorization)[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?:(?P<scheme>basic|bearer|token|digest|negotiate|apikey)[ \t]+)?"
    r"(?P<bare>[A-Za-z0-9._~+/=-]{8,})",
    re.IGNORECASE,
)
_BEARER_AT = _Lazy(
    r"bearer[ \t]+(?P<bare>(?=[A-Za-z0-9._~+/-]*[0-9._~+/])[A-Za-z0-9._~+/-]{16,}=*)",
    re.IGNORECASE,
)
_JWT_AT = _Lazy(r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_PRIVATE_KEY_AT = _Lazy(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
    r"(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|.*\Z)",
    re.DOTALL,
)
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")
_URL_PASSWORD_AT = _Lazy(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@\"']*:(?P<bare>[^\s@/\"']+)@[\w.-]")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_AT = _Lazy(
    r"(?P<bare>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w@-])"
)
_AWS_PREFIXES = ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA",
                 "APKA")
# (kind, pattern): the secret is the whole match, which must not follow a letter or a digit.
# Each pattern starts with one literal character, which the regex engine searches fast.
_STRIPE_AT = _Lazy(r"[sr]k_live_[A-Za-z0-9]{16,}")
_SEARCHED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("aws-access-key", re.compile(
        r"A(?:" + "|".join(p[1:] for p in _AWS_PREFIXES) + r")[A-Z0-9]{16}(?![A-Za-z0-9])"
    )),
    ("github-token", re.compile(r"g(?:h[pousr]_[A-Za-z0-9]{36,}|ithub_pat_[A-Za-z0-9_]{22,})")),
    ("slack-token", re.compile(r"x(?:ox[abposr]-[A-Za-z0-9-]{10,})")),
    ("slack-webhook", re.compile(r"h(?:ttps://hooks\.slack\.com/services/[A-Za-z0-9/]{20,})")),
    ("google-api-key", re.compile(r"A(?:Iza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])")),
)


def _kind_of_key(key: str) -> str:
    k = key.lower()
    if "pass" in k or k.endswith("pwd"):
        return "password"
    if "token" in k:
        return "token"
    if "credential" in k:
        return "credentials"
    if "private" in k:
        return "private-key"
    if "secret" in k:
        return "secret"
    return "api-key" if "key" in k else "secret"


def _positions(lowered: str, needle: str) -> Iterator[int]:
    at = lowered.find(needle)
    while at != -1:
        yield at
        at = lowered.find(needle, at + 1)


def _back(lowered: str, at: int, chars: frozenset[str]) -> int:
    """Where the run of `chars` that ends just before `at` starts."""
    while at > 0 and lowered[at - 1] in chars:
        at -= 1
    return at


def _key_word_start(lowered: str, at: int) -> int:
    """Where the key word ending in the `key` at `at` starts (`api_key`), or -1 when that
    `key` is no key word (`key=limits:ACC-10442`)."""
    m = _BEFORE_KEY.search(lowered, max(0, at - 8), at)
    return -1 if m is None else m.start()


def _after_word(text: str, at: int) -> bool:
    """Whether `at` follows a letter, a digit or `_`/`-` (no token starts there)."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-")


def _value(m: re.Match[str]) -> tuple[int, int] | None:
    for group in ("dq", "sq", "bare"):
        if m.groupdict().get(group) is not None:
            return m.start(group), m.end(group)
    return None


class _Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        # What the patterns' ASCII is looked for in, positions kept: `plain` (the searched
        # patterns) and `lowered` (the finds, the key words' starts). Beyond ASCII only the
        # Kelvin sign lowers to ASCII (`k`), and none of those patterns matches a character
        # beyond ASCII or `?`: a text with neither gets them as `?` (one for one), a UCS-1
        # string lowered and searched in a third of the time.
        if text.isascii() or "\u212a" in text:
            self.plain, self.lowered = text, _lowered(text)
        else:
            self.plain = text.encode("ascii", "replace").decode("ascii")
            self.lowered = self.plain.lower()
        self.found: list[Secret] = []

    def keyed(self, pattern: _Lazy, at: int) -> None:
        m = pattern.match(self.text, at)
        if m is None:
            return
        span = _value(m)
        if span is None:
            return
        value = self.text[span[0]:span[1]]
        key = m.group("key").lstrip("-").lower()
        if _NOT_A_VALUE.match(value) or len(value.strip()) < 4:
            return
        if key.endswith("pwd") and value.startswith(("/", "~")):
            return  # the shell's working directory, not a password
        if value.startswith("eyJ") and _JWT_AT.match(value):
            kind = "jwt"
        elif pattern is _AUTH_AT:
            kind = "bearer-token" if (m.group("scheme") or "").lower() == "bearer" else (
                "authorization")
        else:
            kind = _kind_of_key(key)
        self.found.append(Secret(kind, span[0], span[1], key))

    def whole(self, kind: str, pattern: _Lazy, at: int, group: str | int = 0) -> None:
        m = pattern.match(self.text, at)
        if m is None:
            return
        if group and _NOT_A_VALUE.match(m.group(group)):
            return  # `postgres://app:${PW}@db`, or masked already
        self.found.append(Secret(kind, m.start(group), m.end(group)))

    def pairs(self) -> None:
        starts: set[int] = set()
        lowered = self.lowered
        for stem in _KEY_STEMS:
            ends_word = stem in _WHOLE_STEMS
            for at in _positions(lowered, stem):
                after = at + len(stem)
                if ends_word and after < len(lowered) and lowered[after] in _WORD_CHARS:
                    continue  # `token_count`, `keys`: no key word ends there
                if stem == "key":
                    at = _key_word_start(self.lowered, at)
                    if at < 0:
                        continue
                start = _back(self.lowered, at, _KEY_CHARS)
                if start in starts:
                    continue
                starts.add(start)
                dashes = len(self.lowered[start:at]) - len(self.lowered[start:at].lstrip("-"))
                if dashes:  # `--password hunter2`
                    self.keyed(_FLAG_AT, start)
                self.keyed(_PAIR_AT, start + dashes)

    def run(self, emails: bool) -> tuple[Secret, ...]:
        text, lowered = self.text, self.lowered
        for at in _positions(lowered, "-----begin "):
            self.whole("private-key", _PRIVATE_KEY_AT, at)
        for at in _positions(lowered, "eyj"):
            if not _after_word(text, at):
                self.whole("jwt", _JWT_AT, at)
        for at in _positions(lowered, "://"):
            self.whole("connection-string", _URL_PASSWORD_AT, _back(lowered, at, _SCHEME_CHARS),
                       "bare")
        for at in _positions(lowered, "authorization"):
            if not _after_word(text, at) or text[at - 1] == "-":  # `Proxy-Authorization`
                self.keyed(_AUTH_AT, at)
        for at in _positions(lowered, "bearer"):
            if not _after_word(text, at):
                self.whole("bearer-token", _BEARER_AT, at, "bare")
        self.pairs()
        for kind, pattern in _SEARCHED:
            for m in pattern.finditer(self.plain):
                if not (m.start() > 0 and text[m.start() - 1].isalnum()):
                    self.found.append(Secret(kind, m.start(), m.end()))
        for at in _positions(lowered, "k_live_"):
            if at > 0 and not _after_word(text, at - 1):
                self.whole("stripe-key", _STRIPE_AT, at - 1)
        if emails:
            for at in _positions(lowered, "@"):
                email = _EMAIL_AT.match(text, _back(lowered, at, _EMAIL_LOCAL))
                if email is None or email.group("bare").split("@")[0].lower() in _NOT_PEOPLE:
                    continue  # `git@github.com:org/repo`, automatic senders
                self.found.append(Secret("email", email.start("bare"), email.end("bare")))
        return _without_overlaps(self.found)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lowered(text: str) -> str:
    """`text` lowered where it is compared with the patterns' ASCII, positions kept (lower case
    may change a length, `İ`: then only the ASCII letters are lowered). The scan lowers a text
    beyond ASCII this way only when it holds the Kelvin sign (`_Scan`)."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text:
        return text.translate(_ASCII_LOWER)
    return text.lower()


_NOT_PEOPLE = frozenset({"git", "noreply", "no-reply"})


def _first_of_overlaps(found: list[Secret]) -> list[Secret]:
    """In order; where two overlap, the one starting first (the longer on a tie)."""
    kept: list[Secret] = []
    for s in sorted(found, key=lambda s: (s.start, -s.end)):
        if not kept or s.start >= kept[-1].end:
            kept.append(s)
    return kept


def _without_overlaps(found: list[Secret]) -> tuple[Secret, ...]:
    """The secrets in order, never overlapping; an e-mail address never wins over another
    kind (`postgres://app:PW@db.internal` is a password, not an address)."""
    kept = _first_of_overlaps([s for s in found if s.kind != "email"])
    emails = [
        e for e in found
        if e.kind == "email" and not any(e.start < k.end and k.start < e.end for k in kept)
    ]
    return tuple(sorted([*kept, *_first_of_overlaps(emails)], key=lambda s: s.start))


@lru_cache(maxsize=32)
def _cached(text: str, emails: bool) -> tuple[Secret, ...]:
    return _Scan(text).run(emails)


def find_secrets(text: str, *, emails: bool = False) -> tuple[Secret, ...]:
    """The secrets in `text`, in order, never overlapping. `emails`: e-mail addresses too."""
    if len(text) < 8:
        return ()
    return _cached(text, emails)


def redact(text: str, secrets: tuple[Secret, ...] | None = None, *, emails: bool = False) -> str:
    """`text` with each secret replaced by its mask (`<redacted:password>`)."""
    found = find_secrets(text, emails=emails) if secrets is None else secrets
    if not found:
        return text
    parts: list[str] = []
    at = 0
    for s in found:
        parts.append(text[at:s.start])
        parts.append(s.mask)
        at = s.end
    parts.append(text[at:])
    return "".join(parts)


def line_of(text: str, secret: Secret) -> int:
    """The 1-based line the secret starts on."""
    return text.count("\n", 0, secret.start) + 1


def kinds(secrets: tuple[Secret, ...]) -> str:
    """`2 passwords, 1 jwt`: what was found, for a message."""
    counts: dict[str, int] = {}
    for s in secrets:
        counts[s.kind] = counts.get(s.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())
