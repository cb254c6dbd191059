"""Which kind of source a file or folder is, from what it holds (its name is only a hint)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .event import SourceError
from .logs import head_has_times

FORMATS = (
    "bash", "zsh", "fish", "atuin", "log", "pagerduty", "alertmanager", "opsgenie", "slack",
)
"""The kinds of source, as `--format` names them."""
HEAD_BYTES = 64 * 1024

_ZSH = re.compile(rb"^: *\d{9,11}:\d+;", re.M)
_BASH = re.compile(rb"^#\d{9,11}\s*$", re.M)
_FISH = re.compile(rb"^- cmd: ", re.M)


def _json_kind(value: Any) -> str | None:
    """The kind of a JSON document or record, from its keys."""
    if isinstance(value, list):
        for item in value[:5]:
            kind = _json_kind(item)
            if kind is not None:
                return kind
        return None
    if not isinstance(value, dict):
        return None
    if "log_entries" in value or "event_type" in value or isinstance(value.get("event"), dict):
        return "pagerduty"
    if str(value.get("type", "")).endswith("_log_entry"):
        return "pagerduty"
    if isinstance(value.get("alerts"), list):
        return "alertmanager"
    if isinstance(value.get("alert"), dict) and "action" in value:
        return "opsgenie"
    if isinstance(value.get("data"), list) and any(
        isinstance(d, dict) and "log" in d for d in value["data"][:5]
    ):
        return "opsgenie"
    if "ts" in value and ("type" in value or "user" in value or "text" in value):
        return "slack"
    return None


def _json_head_kind(path: Path, head: bytes) -> str | None:
    """The kind of a JSON file: the whole document when small, else its first line."""
    try:
        if len(head) < HEAD_BYTES:
            return _json_kind(json.loads(head.decode("utf-8", "replace").lstrip("\ufeff")))
    except ValueError:
        pass
    first = head.split(b"\n", 1)[0]
    try:
        return _json_kind(json.loads(first))
    except ValueError:
        return None


def detect(path: Path) -> str:
    """The kind of source at `path` (one of `FORMATS`); `SourceError` naming it when it is
    none of them."""
    if path.is_dir():
        from .slack import channel_folders, day_files

        if day_files(path) or channel_folders(path):
            return "slack"
        raise SourceError(path, "a folder, but not a Slack export (no YYYY-MM-DD.json files)")
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if head.startswith(b"SQLite format 3\x00"):
        return "atuin"
    if head[:2] == b"\x1f\x8b":
        return "log"  # a compressed (rotated) log
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        kind = _json_head_kind(path, stripped)
        if kind is not None:
            return kind
        if stripped[:1] == b"{" and head_has_times(stripped):
            return "log"  # JSON lines of a structured log
        raise SourceError(path, "JSON, but not a PagerDuty, Alertmanager, Opsgenie or Slack "
                                "export this reader knows: --format names the source")
    if _ZSH.search(head):
        return "zsh"
    if _BASH.search(head):
        return "bash"
    if _FISH.search(head):
        return "fish"
    if b"\x00" in head[:8192]:
        raise SourceError(path, "a binary file, not a source this reader knows")
    if head_has_times(head):
        return "log"
    raise SourceError(
        path,
        "not a source this reader knows: no shell history, and no times on its first lines "
        "(ISO 8601, syslog, an access log's, epoch); --format names the source",
    )
