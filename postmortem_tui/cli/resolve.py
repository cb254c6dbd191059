"""`postmortem resolve`: a draft that conflicted on sync, settled by the author's choice."""

from __future__ import annotations

import click

from .group import cli, store_of
from .output import PROG, CommandError, out, reported


@cli.command(short_help="Settle a draft that conflicted on sync.")
@click.argument("ref")
@click.option("--mine", "take", flag_value="mine", help="Keep your values at the fields that "
              "differ (the draft as it is).")
@click.option("--theirs", "take", flag_value="theirs", help="Take the other side's values at "
              "the fields that differ; the rest stays merged.")
@click.pass_context
def resolve(ctx: click.Context, ref: str, take: str | None) -> None:
    """Settle the draft REF after `postmortem sync` found both sides changed the same fields:
    --mine keeps yours, --theirs takes theirs at those fields. Removes the other side's file
    (INC-….theirs.toml) and commits; the next sync pushes.
    """
    from ..core.git_conflicts import resolve as resolve_draft
    from ..core.git_repo import GitRepo
    from ..core.locking import DraftLockedError
    from .actions import locked_message

    if take is None:
        raise CommandError("say which to keep: --mine or --theirs")
    store = store_of(ctx)
    with reported():
        draft = store.resolve(ref.removesuffix(".theirs.toml"))
        repo = GitRepo(store.folder)
        try:
            conflict = resolve_draft(repo, draft, take)
        except DraftLockedError as exc:
            raise CommandError(locked_message(exc)) from None
    kept = "yours" if take == "mine" else "theirs"
    out(f"{conflict.incident}: kept {kept} at the fields that differed; committed. "
        f"`{PROG} sync` pushes it.")
