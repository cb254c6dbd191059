"""A Slack export: a channel's folder of `YYYY-MM-DD.json` files (or one such file), each a
JSON array of messages with `ts` epoch strings, and `users.json` at the export's top (beside
the channel's folder) to name the authors.

Joins, leaves and topic changes are left out; bots keep their name; Slack's markup (`<@U123>`,
`<#C1|incident>`, `<https://...|label>`, `&amp;`) is turned into text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from . import clock
from .event import ReadOptions, SourceError, SourceEvent, SourceReport
from .jsonfile import records, text_of
from .text import clean, mask_secrets

QUIET_SUBTYPES = frozenset(
    {"channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name",
     "group_join", "group_leave", "pinned_item", "unpinned_item", "reminder_add"}
)
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def day_files(folder: Path) -> list[Path]:
    """A channel folder's day files, in date order."""
    return sorted(p for p in folder.iterdir() if _DAY_FILE.match(p.name) and p.is_file())


def channel_folders(root: Path) -> list[Path]:
    """The channel folders of an export's top folder."""
    return sorted(p for p in root.iterdir() if p.is_dir() and day_files(p))


def _users(near: Path) -> dict[str, str]:
    """User ID -> name, from the export's users.json (looked for beside and above)."""
    for folder in (near, near.parent):
        path = folder / "users.json"
        if not path.is_file():
            continue
        names: dict[str, str] = {}
        for _, value in records(path):
            for user in value if isinstance(value, list) else []:
                if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                    continue
                profile: dict[str, Any] = (
                    user["profile"] if isinstance(user.get("profile"), dict) else {}
                )
                name = (
                    text_of(user.get("real_name")) or text_of(profile.get("real_name"))
                    or text_of(profile.get("display_name")) or text_of(user.get("name"))
                )
                if name:
                    names[user["id"]] = name
        return names
    return {}


def _text(message: dict[str, Any], users: dict[str, str]) -> str:
    def markup(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (label or users.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return f"{label} ({target})" if label and label != target else target

    text = text_of(message.get("text"))
    text = html.unescape(_MARKUP.sub(markup, text))
    files = message.get("files")
    if isinstance(files, list):
        names = [text_of(f.get("name") or f.get("title")) for f in files if isinstance(f, dict)]
        if names:
            text += (" " if text else "") + "[shared " + ", ".join(n for n in names if n) + "]"
    return text


def _author(message: dict[str, Any], users: dict[str, str]) -> str:
    profile = message.get("user_profile")
    if isinstance(profile, dict):
        name = text_of(profile.get("real_name")) or text_of(profile.get("display_name"))
        if name:
            return name
    user = text_of(message.get("user"))
    if user in users:
        return users[user]
    bot = message.get("bot_profile")
    return (
        text_of(message.get("username"))
        or (text_of(bot.get("name")) if isinstance(bot, dict) else "")
        or user
        or "Slack"
    )


def _wanted(path: Path, options: ReadOptions) -> bool:
    """Whether a day file may hold messages in the window (a day's margin: the export's days
    are the workspace's, not COT)."""
    try:
        day = dt.date.fromisoformat(path.stem)
    except ValueError:
        return True
    margin = dt.timedelta(days=1)
    return (options.since is None or day >= options.since.date() - margin) and (
        options.until is None or day <= options.until.date() + margin
    )


def read_slack(path: Path, options: ReadOptions) -> SourceReport:
    """A channel's folder of day files, an export's top folder with one channel, or one day
    file."""
    report = SourceReport(path, "slack")
    if path.is_dir():
        files = day_files(path)
        if not files:
            channels = channel_folders(path)
            if len(channels) != 1:
                names = ", ".join(c.name for c in channels[:8]) or "none"
                raise SourceError(
                    path, f"a Slack export with {len(channels)} channels ({names}): give the "
                    "incident channel's folder"
                )
            files = day_files(channels[0])
            path = channels[0]
        users = _users(path)
        skipped = [f for f in files if not _wanted(f, options)]
        files = [f for f in files if _wanted(f, options)]
        report.notes += [f"{len(skipped)} day files outside the window not read"] if skipped else []
    else:
        files, users = [path], _users(path.parent)
    for file in files:
        _read_day(file, users, options, report)
    report.events.sort(key=lambda e: e.when)
    return report


def _read_day(path: Path, users: dict[str, str], options: ReadOptions,
              report: SourceReport) -> None:
    values = records(path)
    if len(values) != 1 or not isinstance(values[0][1], list):
        raise SourceError(path, "not a Slack export's day file (a JSON array of messages)")
    for i, message in enumerate(values[0][1]):
        if not isinstance(message, dict):
            raise SourceError(path, f"message [{i}]: not a message")
        if message.get("subtype") in QUIET_SUBTYPES:
            report.left_out += 1
            continue
        ts = message.get("ts")
        if not isinstance(ts, str | int | float) or isinstance(ts, bool):
            raise SourceError(path, f"message [{i}]: no ts")
        try:
            when = clock.epoch(ts)
        except ValueError:
            raise SourceError(path, f"message [{i}]: ts is not a time: {ts!r}") from None
        if not options.keeps(when):
            report.outside += 1
            continue
        text = mask_secrets(clean(_text(message, users)).strip())
        if not text or (options.grep is not None and not options.grep.search(text)):
            report.left_out += 1
            continue
        report.events.append(SourceEvent(
            when=when, text=text, actor=clean(_author(message, users), one_line=True),
            family="slack", source=str(path), line=i + 1, original=str(ts),
        ))
