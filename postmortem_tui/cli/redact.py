"""`postmortem redact`: mask the secrets of a draft's logs, snippet, configuration and commands
as `<redacted:KIND>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .group import cli, load, store_of
from .output import EXIT_INCOMPLETE, CommandError, out, reported, style

if TYPE_CHECKING:
    from ..core.model import PostMortem
    from ..core.redaction import FieldSecrets

# A masked line is shown cut to this many columns.
LINE_WIDTH = 72


def _show(found: list[FieldSecrets]) -> None:
    """Where each secret is and its line masked: the secret itself is never printed."""
    from ..core.redaction import shown_around
    from ..core.secrets import MASK

    for field in found:
        for line, kind, masked in field.lines():
            out(f"  {field.label}, line {line}: {style(kind, fg='yellow')}")
            out(f"    {shown_around(masked, MASK.format(kind=kind), LINE_WIDTH)}")


@cli.command(short_help="Mask secrets in logs, snippets, configuration and commands.")
@click.argument("ref")
@click.option(
    "--dry-run", is_flag=True,
    help="Show what would be masked and change nothing; exit 1 if there is something to mask.",
)
@click.pass_context
def redact(ctx: click.Context, ref: str, dry_run: bool) -> None:
    """Mask the secrets pasted into a draft (its relevant logs, root cause snippet,
    configuration before and after, and commands run) as <redacted:KIND>, and record it in
    the document history.

    Found: password=/token: pairs, bearer tokens, JWTs, AWS keys, private-key blocks, URLs
    with a password, GitHub/Slack/Stripe/Google keys; e-mail addresses too if the drafts
    folder's review.toml says `[secrets] emails = true`. Only the secret is masked, never its
    key name. Refused while the draft is open in the wizard or another command.
    """
    from ..core import redaction, timeutil
    from ..core.history import record_change
    from ..core.locking import DraftLockedError
    from ..core.review.config import active
    from ..core.text import one_line

    store = store_of(ctx)
    path, doc = load(store, ref)
    ident = one_line(doc.header.incident_id or path.stem)
    emails = active().secret_emails
    found = redaction.secrets_in(doc, emails=emails)
    if not found:
        out(f"{ident}: no secrets found in its logs, snippet, configuration or commands.")
        return
    out(style(ident, bold=True) + f": {redaction.summary(found)}")
    _show(found)
    if dry_run:
        out(f"Would mask {redaction.count(found)}; nothing written (--dry-run).")
        ctx.exit(EXIT_INCOMPLETE)

    def mask(fresh: PostMortem) -> tuple[int, str]:
        # The draft as read again under its lock: what is masked is what is saved.
        masked = redaction.mask_document(fresh, emails=emails)
        if not masked:
            return 0, ""
        entry = record_change(
            fresh, f"Masked {redaction.summary(masked)}", timeutil.today_cot()
        )
        return redaction.count(masked), entry.version

    with reported():
        try:
            n, version = store.update(path, mask)
        except DraftLockedError as exc:
            raise CommandError(f"{exc}: close it there first; nothing was masked") from None
    if n:
        out(f"Masked {n} and saved {path.name} (document history {version}).")
    else:
        out("Nothing to mask any more: the draft changed meanwhile.")
