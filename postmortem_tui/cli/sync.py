"""`postmortem sync`: the drafts folder shared through git (commit, pull --rebase, push), and
the merge driver git runs for drafts (hidden)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .group import cli
from .output import EXIT_INCOMPLETE, PROG, out, reported, style

if TYPE_CHECKING:
    from ..core.git_conflicts import DraftConflict


def prog_for(ctx: click.Context) -> str:
    """The command to suggest: with this folder's `--dir` when one was given, so it runs on
    the same drafts."""
    import shlex

    folder: Path | None = ctx.find_root().obj
    return f"{PROG} --dir {shlex.quote(str(folder))}" if folder is not None else PROG


@cli.command(short_help="Commit the changed drafts, pull, push.")
@click.option("-m", "--message", metavar="TEXT", help="The commit's message (the incidents are "
              "named below it).")
@click.option("--with-markdown/--without-markdown", "with_markdown", default=None,
              help="Also commit each changed draft's Markdown export beside it (INC-….md), "
                   "and one for each draft without an up-to-date export. "
                   "Default: with_markdown in sync.toml, or git config postmortem.withMarkdown.")
@click.pass_context
def sync(ctx: click.Context, message: str | None, with_markdown: bool | None) -> None:
    """Commit the drafts changed here (one commit naming the incidents), pull the others'
    (git pull --rebase) and push.

    Drafts merge field by field: different sections, timeline rows or action items never
    conflict. Where both sides changed a field, the draft keeps yours, theirs is kept beside it
    (INC-….theirs.toml), and `postmortem resolve` settles it; a draft deleted on one side and
    changed on the other stops the same way, at what you did. A draft whose ID another
    post-mortem took meanwhile gets the next free ID. Offline or without a remote, the commit
    stays here and the push waits for the next sync. Exit 1 when something waits for you (a
    conflict), 2 when git fails (with git's message).
    """
    from ..core.store import DraftStore
    from ..core.sync import sync as sync_folder

    folder = DraftStore(ctx.find_root().obj).folder
    prog = prog_for(ctx)
    with reported():
        report = sync_folder(folder, message, with_markdown,
                             say=lambda line: out(line, err=True), prog=prog)
    for old, new in report.renumbered:
        out(style(f"{old} is now {new}", bold=True) + f": another post-mortem took {old} on "
            f"the remote; {new} has a history row saying so.", err=True)
    for line in report.blocked:
        out(f"{PROG}: {line}", err=True)
    for conflict in report.conflicts:
        _say_conflict(conflict, prog)
    if report.pending:
        then = (f"then run `{prog} sync` to push them" if report.stopped
                else f"the next `{prog} sync` pushes them")
        out(f"Push pending: {report.pending}. Your commits are kept here; {then}.", err=True)
    if report.stopped:
        ctx.exit(EXIT_INCOMPLETE)


def _say_conflict(conflict: DraftConflict, prog: str) -> None:
    from ..core.git_conflicts import DELETED_HERE, DELETED_THERE
    from ..core.text import one_line

    ident = conflict.incident
    name = style(ident, bold=True)
    if conflict.kind == DELETED_HERE:
        out(f"{PROG}: {name} was deleted here and changed on the remote:", err=True)
        for d in conflict.differences:
            out(f"  - {d.label}: now {one_line(d.theirs)!r}", err=True)
        out(f"  It stays deleted here; the remote's version is beside it in "
            f"{conflict.side.name}.", err=True)
        out(f"  Delete it for good:         {prog} resolve {ident} --mine", err=True)
        out(f"  Restore it as changed there: {prog} resolve {ident} --theirs", err=True)
        return
    if conflict.kind == DELETED_THERE:
        out(f"{PROG}: {name} was changed here and deleted on the remote:", err=True)
        for d in conflict.differences:
            out(f"  - {d.label}: yours {one_line(d.mine)!r}", err=True)
        out("  The draft is kept here as you changed it.", err=True)
        out(f"  Keep it (shared again):      {prog} resolve {ident} --mine", err=True)
        out(f"  Delete it, as the remote did: {prog} resolve {ident} --theirs", err=True)
        return
    out(f"{PROG}: {name} was changed here and on the remote in the same field(s):", err=True)
    for d in conflict.differences:
        detail = f": yours {one_line(d.mine)!r}, theirs {one_line(d.theirs)!r}" if (
            d.mine or d.theirs) else ""
        out(f"  - {d.label}{detail}", err=True)
    out(f"  The draft keeps yours; theirs is beside it in {conflict.side.name}.", err=True)
    out(f"  Keep yours:  {prog} resolve {ident} --mine", err=True)
    out(f"  Take theirs: {prog} resolve {ident} --theirs", err=True)
    out("  Or mix them: read theirs, edit yours, then keep yours as edited:", err=True)
    for step in (f"open {conflict.side.name}", f"open {ident}", f"resolve {ident} --mine"):
        out(f"    {prog} {step}", err=True)


@cli.command("merge-driver", hidden=True)
@click.option("--export", is_flag=True)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("current", type=click.Path(path_type=Path))
@click.argument("other", type=click.Path(path_type=Path))
@click.argument("name")
@click.pass_context
def merge_driver(
    ctx: click.Context, export: bool, base: Path, current: Path, other: Path, name: str
) -> None:
    """git's merge driver for drafts (%O %A %B %P): set up by `postmortem init`."""
    from ..core.git_conflicts import run_driver

    with reported():
        ctx.exit(run_driver(base, current, other, name, export=export))
