"""`postmortem init`: the drafts folder made a git repository (or a clone of the team's), ready
for `postmortem sync`."""

from __future__ import annotations

import click

from .group import cli
from .output import out, reported
from .sync import prog_for


@cli.command(short_help="Share the drafts folder through git.")
@click.option("--git", "remote", metavar="REMOTE",
              help="The team's repository: cloned into an empty folder, joined by one with "
                   "drafts.")
@click.pass_context
def init(ctx: click.Context, remote: str | None) -> None:
    """Make the drafts folder a git repository, or clone REMOTE into it; a folder with drafts
    joins REMOTE (its drafts kept, the remote's added beside them).

    Writes a .gitignore for the files of this machine (locks, caches, temp and recovery files)
    and installs the merge driver that merges drafts field by field. Running it again changes
    nothing.
    """
    from ..core.git_setup import init as init_folder
    from ..core.store import DraftStore

    folder = DraftStore(ctx.find_root().obj).folder
    with reported():
        report = init_folder(folder, remote.strip() if remote else None,
                             say=lambda line: out(line, err=True), prog=prog_for(ctx))
    if report.already:
        out(f"{folder} is already set up for git; nothing to do. `{prog_for(ctx)} sync` "
            "shares it.")
        return
    for line in report.done:
        out(line[0].upper() + line[1:] + ".")
    out(f"`{prog_for(ctx)} sync` commits the drafts and shares them.")
