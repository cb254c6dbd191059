"""`postmortem timeline add` (jot an event while the incident runs) and `timeline import` (events
from shell history, logs, the pager and a Slack export)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .group import cli, store_of
from .output import PROG, CommandError, out, reported

if TYPE_CHECKING:
    from ..core.store import DraftStore


@cli.group(short_help="Events into a timeline: jot one now, or import them.")
def timeline() -> None:
    """Put events into a post-mortem's timeline: one at a time while the incident runs
    (`add`), or from shell history, logs, the pager and the chat afterwards (`import`)."""


def _looks_like_a_ref(word: str) -> bool:
    """An incident ID or a prefix of one (`INC`, `INC-2026`), or a draft's file."""
    import re

    return (
        re.fullmatch(r"INC(-\d{0,8}(-\d{0,3})?)?", word, re.IGNORECASE) is not None
        or word.endswith(".toml")
        or ("/" in word and Path(word).expanduser().is_file())
    )


def _in_progress(store: DraftStore) -> tuple[Path, str]:
    """The one draft in progress today, and how to say it was chosen."""
    from ..core import timeutil
    from ..core.text import one_line
    from ..core.timeline_add import in_progress

    found = in_progress(store, timeutil.today_cot())
    if len(found) == 1:
        return found[0], " (the draft in progress today)"
    if not found:
        raise CommandError(
            "no draft is in progress today (status Draft, dated or saved today): name one "
            f"(`{PROG} list`), or start one with `{PROG} new`"
        )
    names = ", ".join(one_line(p.stem) for p in found[:5]) + (", …" if len(found) > 5 else "")
    raise CommandError(f"{len(found)} drafts are in progress today ({names}): name one")


@timeline.command("add", short_help="Jot an event now (or --at), in time order.")
@click.argument("words", nargs=-1, required=True, metavar="[REF] TEXT")
@click.option(
    "--at", "at", metavar="TIME",
    help="When it happened: 09:42 (COT), -10m, or a date and time with any offset. "
    "Default: now.",
)
@click.option("--actor", metavar="NAME", default="", help="Who or what acted.")
@click.pass_context
def add(ctx: click.Context, words: tuple[str, ...], at: str | None, actor: str) -> None:
    """Add an event to the timeline at the current COT time (or --at), in time order, and
    save at once.

    REF may be left out while exactly one draft is in progress today. The first word is taken
    for REF only when it looks like one (INC-..., a .toml file), so the text need not be
    quoted: `postmortem timeline add Restarted the quote feed --actor SRE`.

    While the wizard has the draft open, the event is queued beside the draft and the wizard
    takes it in (nothing is written under it, so neither side loses anything).
    """
    from ..core import timeutil
    from ..core.text import one_line
    from ..core.timeline_add import add_event, new_row, parse_at

    store = store_of(ctx)
    ref, text_words = (words[0], words[1:]) if len(words) > 1 and _looks_like_a_ref(
        words[0]
    ) else (None, words)
    text = " ".join(text_words)
    with reported():
        now = timeutil.now_cot()
        when = now if at is None else parse_at(at, now)
        row = new_row(text, actor, when, now)
        if ref is None:
            path, chosen = _in_progress(store)
        else:
            path, chosen = store.resolve(ref), ""
        added = add_event(store, path, row)
    ident = one_line(path.stem)
    shown = f"{row['time']}  {one_line(row['event'])}" + (
        f"  ({one_line(row['actor'])})" if row["actor"] else ""
    )
    if added.queued is not None:
        who = added.holder.describe() if added.holder else "another process"
        out(f"Queued for {ident}{chosen}: {shown}")
        out(
            f"{PROG}: {ident} is open in the wizard ({one_line(who)}); it takes the event in "
            "within a second. Nothing was written under it.",
            err=True,
        )
        return
    out(f"Added to {ident}{chosen}: {shown}")
    if added.taken:
        out(f"{PROG}: also took in {added.taken} event(s) queued while the wizard had it open",
            err=True)
