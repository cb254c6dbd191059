"""`postmortem resolve`: a draft that conflicted on sync, settled by the author's choice."""

from __future__ import annotations

import click

from .group import cli, store_of
from .output import CommandError, out, reported
from .sync import prog_for


@cli.command(short_help="Settle a draft that conflicted on sync.")
@click.argument("ref")
@click.option("--mine", "take", flag_value="mine", help="Keep your values at the fields that "
              "differ (the draft as it is; deleted if you deleted it).")
@click.option("--theirs", "take", flag_value="theirs", help="Take the other side's values at "
              "the fields that differ, the rest stays merged (or its deletion, or its version "
              "of a draft you deleted).")
@click.pass_context
def resolve(ctx: click.Context, ref: str, take: str | None) -> None:
    """Settle the draft REF after `postmortem sync` found both sides changed the same fields:
    --mine keeps yours, --theirs takes theirs at those fields. When one side deleted the draft
    and the other changed it, --mine keeps what you did (deleted, or changed) and --theirs what
    the remote did. Removes the other side's file (INC-….theirs.toml) and commits; the next
    sync pushes.
    """
    from ..core.git_conflicts import DELETED_HERE, DELETED_THERE
    from ..core.git_conflicts import resolve as resolve_draft
    from ..core.git_repo import GitRepo
    from ..core.git_setup import SIDE_SUFFIX
    from ..core.locking import DraftLockedError
    from .actions import locked_message

    if take is None:
        raise CommandError("say which to keep: --mine or --theirs")
    store = store_of(ctx)
    with reported():
        ref = ref.removesuffix(SIDE_SUFFIX)
        side = store.folder / f"{ref.upper()}{SIDE_SUFFIX}"
        # Deleted here: no draft, only the remote's version beside where it was.
        draft = side.with_name(f"{ref.upper()}.toml") if side.is_file() else store.resolve(ref)
        repo = GitRepo(store.folder)
        try:
            conflict = resolve_draft(repo, draft, take)
        except DraftLockedError as exc:
            raise CommandError(locked_message(exc)) from None
    if conflict.kind == DELETED_HERE:
        did = "stays deleted" if take == "mine" else "restored as changed on the remote"
    elif conflict.kind == DELETED_THERE:
        did = "kept as you changed it" if take == "mine" else "deleted, as on the remote"
    else:
        kept = "yours" if take == "mine" else "theirs"
        did = f"kept {kept} at the fields that differed"
    out(f"{conflict.incident}: {did}; committed. `{prog_for(ctx)} sync` shares it.")
