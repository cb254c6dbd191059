"""Where timeline events come from: shell history, log files, the pager and alerting, and a
Slack export, read into `SourceEvent`s in COT (pure core: no UI, no drafts folder).

One module per family (`shell`, `logs`, `pager`, `slack`), `detect` to tell them apart,
`clock` for the times, `text` for what a row shows. `read_source` reads one source whole, or
raises `SourceError` naming the file and line: the caller then imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .detect import FORMATS, detect
from .event import ReadOptions, SourceError, SourceEvent, SourceReport

__all__ = [
    "FORMATS", "ReadOptions", "SourceError", "SourceEvent", "SourceReport", "detect",
    "read_source",
]


def read_source(
    path: Path,
    options: ReadOptions,
    *,
    kind: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> SourceReport:
    """The events of one source inside the window, in time order; its kind detected from
    its content unless given (one of `FORMATS`). `progress` hears how many bytes of a log
    are read."""
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    kind = kind or detect(path)
    if kind not in FORMATS:
        raise SourceError(path, f"unknown format {kind!r}: one of {', '.join(FORMATS)}")
    if kind != "slack" and path.is_dir():
        raise SourceError(path, f"is a folder, not a {kind} file")
    if kind == "log":
        from .logs import read_log

        return read_log(path, options, progress=progress)
    if kind in ("bash", "zsh", "fish", "atuin"):
        from . import shell

        readers = {"bash": shell.read_bash, "zsh": shell.read_zsh, "fish": shell.read_fish,
                   "atuin": shell.read_atuin}
        return readers[kind](path, options)
    if kind == "slack":
        from .slack import read_slack

        return read_slack(path, options)
    from . import pager

    read = {"pagerduty": pager.read_pagerduty, "alertmanager": pager.read_alertmanager,
            "opsgenie": pager.read_opsgenie}[kind]
    return read(path, options)
