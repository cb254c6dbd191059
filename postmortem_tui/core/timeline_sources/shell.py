"""Shell history: bash with `HISTTIMEFORMAT` (a `#<epoch>` line before each command), zsh's
extended history (`: <epoch>:<elapsed>;command`, a multi-line command's lines ending in `\\`),
fish (`- cmd:` / `when:`), and atuin's SQLite database (`history`, nanosecond timestamps).

The actor is the shell's user: the history file's owner (atuin records it with each command).
Commands that only move around or look (`cd`, `ls`, `clear`, ...) are left out and counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ..timeutil import COT
from .event import ReadOptions, SourceError, SourceEvent, SourceReport, read_bytes
from .text import clean, mask_secrets

TRIVIAL = frozenset(
    {"cd", "ls", "ll", "la", "l", "pwd", "clear", "exit", "logout", "history", "fg", "bg",
     "jobs", "true", ":", "reset"}
)
"""Commands that tell nothing about the incident when run alone."""
MAX_HISTORY_BYTES = 512 * 1024 * 1024

_BASH_STAMP = re.compile(rb"^#(\d{9,11})\s*$")
_ZSH_ENTRY = re.compile(rb"^: *(\d{9,11}):(\d+);(.*)$", re.S)
_ZSH_META = 0x83


def _owner(path: Path) -> str:
    """The user a history file belongs to (the shell's user), else the one running this."""
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no user name at all (a container without one)
            return ""


def _read(path: Path) -> bytes:
    return read_bytes(path, MAX_HISTORY_BYTES, "a shell history of more than 512 MB: not one")


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def unmetafy(raw: bytes) -> bytes:
    """zsh's history bytes as typed: zsh writes some bytes (those of most non-ASCII
    characters among them) as 0x83 followed by the byte XOR 32."""
    if _ZSH_META not in raw:
        return raw
    out = bytearray()
    it = iter(raw)
    for byte in it:
        if byte == _ZSH_META:
            following = next(it, None)
            if following is not None:
                out.append(following ^ 32)
        else:
            out.append(byte)
    return bytes(out)


def _command(text: str) -> str:
    return mask_secrets(clean(text).strip())


def _trivial(command: str) -> bool:
    words = command.split()
    return len(words) <= 2 and bool(words) and words[0] in TRIVIAL


class _Collect:
    """Events of one history file: the window, trivial commands, time order."""

    def __init__(self, path: Path, family: str, options: ReadOptions) -> None:
        self.report = SourceReport(path, family)
        self.options = options
        self.actor = _owner(path) if family != "atuin" else ""

    def add(self, when: dt.datetime, command: str, line: int, original: str,
            actor: str | None = None, suffix: str = "") -> None:
        report = self.report
        command = _command(command)
        if not command:
            return
        if not self.options.keeps(when):
            report.outside += 1
            return
        if _trivial(command) or (
            self.options.grep is not None and not self.options.grep.search(command)
        ):
            report.left_out += 1
            return
        report.events.append(
            SourceEvent(
                when=when, text=command + suffix, actor=self.actor if actor is None else actor,
                family=report.family, source=str(report.path), line=line, original=original,
                shell=True,
            )
        )

    def done(self) -> SourceReport:
        self.report.events.sort(key=lambda e: e.when)
        return self.report


def _epoch(digits: bytes | str) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(digits), COT)


def read_bash(path: Path, options: ReadOptions) -> SourceReport:
    """bash's history with HISTTIMEFORMAT set: `#<epoch>` before each command (whose lines
    run until the next one, with `lithist`)."""
    out = _Collect(path, "bash", options)
    stamp: tuple[bytes, int] | None = None
    command: list[bytes] = []

    def flush() -> None:
        if stamp is not None and command:
            out.add(_epoch(stamp[0]), _decode(b"\n".join(command)), stamp[1], stamp[0].decode())

    for number, line in enumerate(_read(path).splitlines(), start=1):
        m = _BASH_STAMP.match(line)
        if m:
            flush()
            stamp, command = (m.group(1), number + 1), []
        elif stamp is None:
            if line.strip():
                out.report.untimed += 1  # written before HISTTIMEFORMAT was set
        else:
            command.append(line)
    flush()
    if not out.report.events and not out.report.outside and out.report.untimed:
        out.report.note("no command has a time: set HISTTIMEFORMAT (e.g. export "
                        "HISTTIMEFORMAT='%F %T ') so bash writes one")
    return out.done()


def read_zsh(path: Path, options: ReadOptions) -> SourceReport:
    """zsh's extended history: `: <epoch>:<elapsed>;command`; a command of several lines has
    each line but its last ending in a backslash."""
    out = _Collect(path, "zsh", options)
    pending: tuple[bytes, int, list[bytes]] | None = None

    def flush() -> None:
        if pending is not None:
            stamp, number, lines = pending
            out.add(_epoch(stamp), _decode(b"\n".join(lines)), number, stamp.decode())

    for number, line in enumerate(unmetafy(_read(path)).split(b"\n"), start=1):
        m = _ZSH_ENTRY.match(line)
        if m and (pending is None or not pending[2][-1].endswith(b"\\")):
            flush()
            pending = (m.group(1), number, [m.group(3)])
            continue
        if pending is not None and pending[2][-1].endswith(b"\\"):
            pending[2][-1] = pending[2][-1][:-1]  # the escaped line break
            pending[2].append(line)
        elif line.strip():
            if pending is None:
                out.report.untimed += 1  # a plain (not extended) history line
            else:
                pending[2].append(line)  # a line break zsh did not escape (old versions)
    flush()
    return out.done()


def _fish_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _fish_entries(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(line, command, when) of each `- cmd:` entry."""
    command: tuple[int, str] | None = None
    when: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("- cmd:"):
            if command is not None:
                yield command[0], command[1], when
            command, when = (number, _fish_unescape(line[6:].strip())), None
        elif line.startswith("  when:") and command is not None:
            when = line[7:].strip()
    if command is not None:
        yield command[0], command[1], when


def read_fish(path: Path, options: ReadOptions) -> SourceReport:
    """fish's history: `- cmd: <command>` then `  when: <epoch>`."""
    out = _Collect(path, "fish", options)
    for number, command, when in _fish_entries(_decode(_read(path))):
        if when is None or not when.isdigit():
            if when is not None:
                raise SourceError(path, f'"when: {when}" is not an epoch time', number + 1)
            out.report.untimed += 1
            continue
        out.add(_epoch(when), command, number, when)
    return out.done()


def read_atuin(path: Path, options: ReadOptions) -> SourceReport:
    """atuin's SQLite history (`history`: nanosecond `timestamp`, `command`, `hostname` as
    `host:user`, `exit`), read only; only the window is queried."""
    import sqlite3

    out = _Collect(path, "atuin", options)
    low = int(options.since.timestamp() * 1e9) if options.since else -(2**63)
    high = int(options.until.timestamp() * 1e9) if options.until else 2**63 - 1
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(path, f"cannot open the atuin database: {exc}") from None
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(history)")}
        if not {"timestamp", "command"} <= columns:
            raise SourceError(path, "no atuin history table (timestamp, command) in it")
        host = "hostname" if "hostname" in columns else "''"
        code = "exit" if "exit" in columns else "0"
        alive = " AND deleted_at IS NULL" if "deleted_at" in columns else ""
        total = db.execute("SELECT count(*) FROM history").fetchone()[0]
        rows = db.execute(
            f"SELECT rowid, timestamp, command, {host}, {code} FROM history "
            f"WHERE timestamp BETWEEN ? AND ?{alive} ORDER BY timestamp",
            (low, high),
        ).fetchall()
    except sqlite3.Error as exc:
        raise SourceError(path, f"cannot read the atuin database: {exc}") from None
    finally:
        db.close()
    for rowid, stamp, command, hostname, exit_code in rows:
        if not isinstance(stamp, int) or not isinstance(command, str):
            raise SourceError(path, f"history row {rowid}: not a timestamp and a command")
        user = str(hostname or "").rpartition(":")[2]
        suffix = f" (exit {exit_code})" if isinstance(exit_code, int) and exit_code > 0 else ""
        when = dt.datetime.fromtimestamp(stamp / 1e9, COT)
        out.add(when, command, rowid, str(stamp), actor=user, suffix=suffix)
    out.report.outside += total - len(rows)
    return out.done()
