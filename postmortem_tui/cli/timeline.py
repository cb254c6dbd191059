"""`postmortem timeline add` (jot an event while the incident runs) and `timeline import` (events
from shell history, logs, the pager and a Slack export)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .group import cli, store_of
from .output import PROG, CommandError, out, reported

if TYPE_CHECKING:
    from ..core.model import PostMortem
    from ..core.store import DraftStore
    from ..core.timeline_import import Plan, Proposal, Window
    from ..core.timeline_sources import ReadOptions, SourceReport


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
    from ..core.store import DraftStore
    from ..core.text import one_line
    from ..core.timeline_add import add_event, new_row, parse_at

    # Not `store_of`: the folder's review settings are no concern of a jotted row, and reading
    # them loads the review rules and the model, which would double the command's time.
    store = DraftStore(ctx.find_root().obj)
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


# --- import ------------------------------------------------------------------------------------

# How many rows `timeline import` lists (the rest are counted).
SHOWN_ROWS = 60


def _options(doc: PostMortem, window: Window, tz: str, grep: str | None) -> ReadOptions:
    import re

    from ..core import timeutil
    from ..core.timeline_sources import ReadOptions
    from ..core.timeline_sources.clock import zone

    try:
        zone_info = zone(tz)
    except ValueError as exc:
        raise CommandError(f"--tz: {exc}") from None
    try:
        pattern = re.compile(grep) if grep is not None else None
    except re.error as exc:
        raise CommandError(f"--grep: not a regular expression: {exc}") from None
    return ReadOptions(
        since=window.since, until=window.until, tz=zone_info,
        day=doc.header.date or timeutil.today_cot(), grep=pattern,
    )


def _record(p: Proposal) -> dict[str, Any]:
    e = p.event
    return {
        "time": p.row.time.strftime("%H:%M") if p.row.time else None,
        "when": e.when.isoformat(),
        "event": p.row.event,
        "actor": p.row.actor,
        "text": e.text,
        "format": e.family,
        "source": e.source,
        "line": e.line,
        "original_time": e.original,
        "milestone": p.fills.label if p.fills else None,
        "proposed_milestone": p.milestone.label if p.milestone and not p.fill else None,
        "duplicate": p.duplicate,
        "chosen": p.chosen,
    }


def _report_text(plan: Plan, ident: str, added: int, dry_run: bool) -> None:
    from ..core.text import cut, one_line

    verb = "would be added" if dry_run else "added"
    out(f"{ident}: {added} event{'s' if added != 1 else ''} {verb} "
        f"(window {plan.window.describe()})")
    chosen = [p for p in plan.proposals if p.chosen and not p.duplicate]
    for p in chosen[:SHOWN_ROWS]:
        time = p.row.time.strftime("%H:%M") if p.row.time else "--:--"
        actor = f"  ({one_line(cut(p.row.actor, 24))})" if p.row.actor else ""
        out(f"  {time}  {one_line(cut(p.label, 90))}{actor}")
    if len(chosen) > SHOWN_ROWS:
        out(f"  ... and {len(chosen) - SHOWN_ROWS} more")
    for p in plan.proposals:
        if p.milestone is not None and not p.fill and p.chosen:
            time = p.row.time.strftime("%H:%M") if p.row.time else ""
            out(f"Proposed: {p.milestone.label} at {time} ({one_line(p.event.text)}); it is "
                "added as an event, and --restored makes it the milestone")
    if plan.duplicates:
        out(f"Already in the timeline: {plan.duplicates} (not added again)")
    for r in plan.reports:
        parts = [f"{len(r.events)} in the window"]
        parts += [f"{r.outside:,} outside"] if r.outside else []
        parts += [f"{r.left_out:,} left out"] if r.left_out else []
        parts += [f"{r.untimed:,} without a time"] if r.untimed else []
        out(f"  {one_line(str(r.path))} ({r.family}): {', '.join(parts)}", err=True)
        for note in r.notes:
            out(f"    {one_line(note)}", err=True)


@timeline.command("import", short_help="Events from shell history, logs, the pager, a Slack "
                                       "export.")
@click.argument("ref")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--format", "kind", metavar="FORMAT",
              help="The sources' format, when it is not to be detected: bash, zsh, fish, "
              "atuin, log, pagerduty, alertmanager, opsgenie, slack.")
@click.option("--since", metavar="TIME",
              help="Events from this time: HH:MM (COT, the incident's day) or a date and time. "
              "Default: the incident's start minus 30 minutes.")
@click.option("--until", metavar="TIME",
              help="Events up to this time. Default: the incident's end plus 30 minutes (an "
              "open incident: now).")
@click.option("--tz", default="COT", metavar="ZONE", show_default=True,
              help="The zone of times written without an offset (America/New_York, UTC, "
              "-05:00).")
@click.option("--grep", metavar="REGEX", help="Keep only log lines and messages matching it.")
@click.option("--actor", metavar="NAME",
              help="The actor of every event (default: the shell's user, the pager's "
              "responder, the message's author).")
@click.option("--restored", is_flag=True,
              help="Also take the pager's resolution as the Service restored milestone.")
@click.option("--dry-run", is_flag=True, help="Print what would be added; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="What was (or would be) added, as JSON.")
@click.pass_context
def import_cmd(
    ctx: click.Context, ref: str, sources: tuple[str, ...], kind: str | None,
    since: str | None, until: str | None, tz: str, grep: str | None, actor: str | None,
    restored: bool, dry_run: bool, as_json: bool,
) -> None:
    """Read each SOURCE (a shell history, a log file, a PagerDuty, Alertmanager or Opsgenie
    export, a Slack channel's folder), keep its events inside the window, and add them to the
    timeline in time order; the format of each is detected from its content.

    Every time is converted to COT. Importing a source again adds nothing twice. A pager's
    alert and acknowledgement give "Alert triggered" and "On-call acknowledged" their times
    where those have none; its resolution is only proposed as "Service restored" (--restored
    takes it). If any source cannot be read, nothing is written.
    """
    from ..core import timeutil
    from ..core.text import one_line
    from ..core.timeline_import import plan, read_all, window_for
    from ..core.timeline_sources import FORMATS

    if kind is not None and kind not in FORMATS:
        raise CommandError(f"--format must be one of {', '.join(FORMATS)}; got {kind!r}")
    store = store_of(ctx)
    with reported():
        path = store.resolve(ref)
        doc = store.load(path)
        window = window_for(doc, timeutil.now_cot(), since, until)
        options = _options(doc, window, tz, grep)
        reports = read_all([Path(s).expanduser() for s in sources], options, kind=kind)
        if dry_run:
            proposals = _plan(plan(doc, reports, window, actor=actor), restored)
            added = len([p for p in proposals.proposals if p.chosen and not p.duplicate])
        else:
            proposals, added = _import(store, path, reports, window, actor, restored)
    ident = one_line(path.stem)
    if as_json:
        import json

        from .output import write_stdout

        write_stdout(json.dumps({
            "draft": path.stem, "dry_run": dry_run, "added": added,
            "window": {"since": window.since.isoformat(), "until": window.until.isoformat()},
            "events": [_record(p) for p in proposals.proposals],
            "sources": [{"path": str(r.path), "format": r.family, "in_window": len(r.events),
                         "outside": r.outside, "left_out": r.left_out, "untimed": r.untimed,
                         "notes": r.notes} for r in proposals.reports],
        }, indent=2, ensure_ascii=False) + "\n")
        return
    _report_text(proposals, ident, added, dry_run)


def _plan(proposals: Plan, restored: bool) -> Plan:
    if restored:
        for p in proposals.proposals:
            if p.milestone is not None:
                p.fill = True
    return proposals


def _import(
    store: DraftStore, path: Path, reports: list[SourceReport], window: Window,
    actor: str | None, restored: bool,
) -> tuple[Plan, int]:
    """Plan and apply under the draft's lock, on the draft as it is then; save."""
    from ..core.locking import DraftLock, DraftLockedError
    from ..core.timeline_import import apply, plan, take_queued

    lock = DraftLock(path)
    try:
        lock.acquire()
    except DraftLockedError as exc:
        raise CommandError(
            f"{exc}; nothing imported: use Import events in the wizard's timeline there, or "
            "close the draft and import again"
        ) from None
    try:
        doc = store.load(path)
        from ..core.read_only import ensure_editable

        ensure_editable(doc)  # a Closed one: refused, saying how to reopen it
        queued = take_queued(doc, path)
        proposals = _plan(plan(doc, reports, window, actor=actor), restored)
        applied = apply(doc, proposals.proposals)
        store.save(doc, path)
        from ..core import timeline_inbox

        timeline_inbox.forget(path, queued)
    finally:
        lock.release()
    return proposals, len(applied.rows) + len(applied.milestones)
