"""`postmortem status`: the review workflow, Draft -> Reviewed -> Closed, one checked and
recorded step at a time; without a status, where the post-mortem stands and what the next step
needs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from .group import cli, load, store_of
from .output import EXIT_INCOMPLETE, PROG, CommandError, out, reported, style

if TYPE_CHECKING:
    from ..core.model import PostMortem
    from ..core.review_workflow import Refusal

STATUSES = ("Draft", "Reviewed", "Closed")


def _status(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    match = next((s for s in STATUSES if s.lower() == value.strip().lower()), None)
    if match is None:
        raise click.BadParameter(f"must be one of {', '.join(STATUSES)}, got {value!r}",
                                 ctx=ctx, param=param)
    return match


def _say_refusal(ident: str, ref: str, refusal: Refusal) -> None:
    from ..core.text import one_line

    if refusal.needs_reason:
        raise CommandError(
            f"{one_line(ident)}: {refusal.missing[0]}; give it with --reason TEXT"
        )
    out(f"{PROG}: {one_line(ident)} cannot be marked {refusal.target.value} yet; missing:",
        err=True)
    for text in refusal.missing:
        out(f"  - {one_line(text)}", err=True)
    if refusal.open_p0:
        accept = " ".join(f"--accept-open {n}" for n in refusal.open_p0)
        out(f"To close with {'them' if len(refusal.open_p0) > 1 else 'it'} still open, say so: "
            f"`{PROG} status {one_line(ref)} Closed {accept}`.", err=True)


def _next_step(doc: PostMortem) -> str | None:
    from ..core.model import Status

    status = doc.header.status
    return {Status.DRAFT: "Reviewed", Status.REVIEWED: "Closed"}.get(status)


@cli.command(short_help="The review workflow: Draft, Reviewed, Closed.")
@click.argument("ref")
@click.argument("target", metavar="[Draft|Reviewed|Closed]", required=False, callback=_status)
@click.option("--reason", metavar="TEXT", default="",
              help="Why: needed to reopen (go back to Draft or Reviewed); recorded.")
@click.option("--accept-open", "accept_open", metavar="ITEM", type=int, multiple=True,
              help="Close although this P0 action item (its ID) is not Done; repeat for several.")
@click.option("--author", metavar="NAME",
              help="Who takes the step, for the document history (default: this account's "
                   "full name).")
@click.pass_context
def status(
    ctx: click.Context,
    ref: str,
    target: str | None,
    reason: str,
    accept_open: tuple[int, ...],
    author: str | None,
) -> None:
    """Move the post-mortem REF to Reviewed or Closed, or reopen it as Draft, and record the
    step in the document history. Without a status: where it stands, and what the next step
    needs.

    Reviewed needs a complete document and a reviewer who approved, with a date. Closed needs
    Reviewed, and every P0 action item Done or accepted as open (--accept-open ITEM). A Closed
    post-mortem is read-only (its action items stay updatable) until reopened with --reason.
    Exit 1 when the step is refused, saying what is missing.
    """
    from ..core import timeutil
    from ..core.locking import DraftLockedError
    from ..core.model import Status
    from ..core.review_workflow import WorkflowRefused, move
    from ..core.text import one_line
    from .actions import locked_message

    store = store_of(ctx)
    path, doc = load(store, ref)
    ident = doc.header.incident_id or path.stem
    today = timeutil.today_cot()
    if target is None:
        _show(doc, ident, ref, today)
        return
    wanted = Status(target)
    with reported():
        try:
            entry = store.update(path, lambda d: move(
                d, wanted, today, reason=reason, accept_open=accept_open, author=author))
        except DraftLockedError as exc:
            raise CommandError(locked_message(exc)) from None
        except WorkflowRefused as exc:
            _say_refusal(ident, ref, exc.refusal)
            ctx.exit(EXIT_INCOMPLETE)
    if entry is None:
        out(f"{one_line(ident)} is {wanted.value} already; nothing changed.")
        return
    out(f"{one_line(ident)} is {wanted.value}: v{entry.version} {one_line(entry.changes)}")
    if wanted is Status.CLOSED:
        out(f"It is read-only now; its action items stay updatable (`{PROG} actions set`). "
            f"Reopen it with `{PROG} status {one_line(ref)} Draft --reason TEXT`.", err=True)


def _show(doc: PostMortem, ident: str, ref: str, today: dt.date) -> None:
    from ..core.history import latest_version
    from ..core.review_workflow import check_move
    from ..core.text import one_line

    latest = latest_version(doc)
    version = f" (version {latest[0]}.{latest[1]})" if latest else ""
    out(style(one_line(ident), bold=True) + f" is {doc.header.status.value}{version}.")
    step = _next_step(doc)
    if step is None:
        out(f"It is read-only; reopen it with `{PROG} status {one_line(ref)} Draft --reason "
            "TEXT`. Its action items stay updatable.")
        return
    from ..core.model import Status

    refusal = check_move(doc, Status(step), today=today)
    if refusal is None:
        out(f"Ready for {step}: `{PROG} status {one_line(ref)} {step}`.")
        return
    out(f"Before it can be {step}:")
    for text in refusal.missing:
        out(f"  - {one_line(text)}")
