"""`postmortem demo`: a complete example post-mortem in the drafts folder."""

from __future__ import annotations

import click

from .group import cli, store_of
from .output import PROG, out, reported


@cli.command(short_help="Write an example post-mortem and print its ID.")
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Write a complete example post-mortem into the drafts folder and print its ID."""
    from ..core import timeutil
    from ..core.demo import demo_document
    from ..core.text import one_line

    store = store_of(ctx)
    doc = demo_document()
    with reported():
        store.ensure_folder()
        doc.header.incident_id = store.next_incident_id(doc.header.date or timeutil.today_cot())
        path = store.save(doc)
    ident = doc.header.incident_id
    out(ident)
    out(f"{PROG}: wrote {one_line(str(path))}; try `{PROG} check {ident}`", err=True)
