"""Text read from a source, made fit for a timeline row: terminal escapes and control
characters out, obvious secrets masked, and the short form shown in the Event column."""

from __future__ import annotations

import re

from ..text import cut

EVENT_WIDTH = 100
"""The longest Event text of an imported row; the whole text is kept beside it."""
COMMAND_WIDTH = 72
LONG_WORD = 40
"""A word (a token, a path, a URL) longer than this is cut in a shortened command."""

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, links
    r"|\x1b[@-Z\\-_]"  # the other two-character escapes
)
_CONTROLS = {c: " " for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}
_CONTROLS_ONE_LINE = {**_CONTROLS, 0x0A: " ", 0x09: " "}
_SECRET_WORD = r"(?:passw(?:or)?d|passwd|secret|token|api[_-]?key|apikey|credential)"
_SECRETS = (
    # key=value and key: value where the key names a secret (PGPASSWORD=..., "token": "...")
    re.compile(
        rf"(?i)\b([\w.-]*{_SECRET_WORD}s?[\w.-]*['\"]?)(\s*[=:]\s*)(['\"]?)([^\s'\"]+)\3"
    ),
    # a flag naming one, then its value (--password hunter2)
    re.compile(rf"(?i)(?<!\w)(--?[\w-]*{_SECRET_WORD}[\w-]*)(\s+)(['\"]?)([^\s'\"-][^\s'\"]*)\3"),
    re.compile(r"(?i)\b(bearer|basic)(\s+)()([A-Za-z0-9._~+/=-]{8,})"),
)
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]+:)([^\s@/]+)(@)")
MASK = "***"


def clean(text: str, *, one_line: bool = False) -> str:
    """Without terminal escapes (colours pasted from a terminal) and control characters (a
    space instead; line breaks kept unless `one_line`)."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if not text.isprintable():
        text = text.translate(_CONTROLS_ONE_LINE if one_line else _CONTROLS)
    return text


def mask_secrets(text: str) -> str:
    """Passwords, tokens and keys in a command or a log line as `***`: a post-mortem is read
    widely, and shell history holds whatever was typed."""
    if not any(w in text.lower() for w in ("pass", "secret", "token", "key", "auth", "cred",
                                           "bearer", "basic", "@")):
        return text
    for pattern in _SECRETS:
        text = pattern.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{MASK}{m.group(3)}", text
        )
    return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)


def short(text: str, width: int = EVENT_WIDTH) -> str:
    """One line of at most `width` columns: the first line, with an ellipsis if cut."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    first = " ".join(lines[0].split()) if lines else ""
    if len(lines) > 1:
        return cut(first + " …", width) if len(first) + 2 <= width else cut(first, width)
    return cut(first, width)


def short_command(command: str, width: int = COMMAND_WIDTH) -> str:
    """A shell command shortened for the Event column: its first line, runs of spaces as one,
    very long words (a token, a base64 blob, a long path) cut, and the whole cut at a word
    with an ellipsis. `kubectl -n trading rollout undo deployment/limits-loader` stays as it
    is; the full command is kept beside it."""
    lines = [line for line in command.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    words = [w if len(w) <= LONG_WORD else w[: LONG_WORD // 2] + "…" for w in lines[0].split()]
    more = len(lines) > 1 or lines[0].rstrip().endswith("\\")
    if more and words and words[-1] == "\\":
        words.pop()
    kept: list[str] = []
    used = 0
    for word in words:
        extra = len(word) + (1 if kept else 0)
        if used + extra > width - 2:
            more = True
            break
        kept.append(word)
        used += extra
    if not kept:  # one word longer than the width
        return cut(words[0], width)
    text = " ".join(kept)
    return f"{text} …" if more else text
