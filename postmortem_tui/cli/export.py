"""`postmortem export`: the Markdown, to standard output or a file; refuses an incomplete
document unless --draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .group import cli, load, store_of
from .output import EXIT_INCOMPLETE, PROG, out, reported, write_stdout

if TYPE_CHECKING:
    from ..core.completeness import Finding

# How many missing things a refused export lists.
SHOWN_ON_REFUSAL = 10


def _refuse_incomplete(ref: str, ident: str, missing: list[Finding]) -> None:
    from ..core.sections import section
    from ..core.text import one_line

    out(f"{PROG}: {one_line(ident)} is not ready for a final export; missing:", err=True)
    for f in missing[:SHOWN_ON_REFUSAL]:
        out(f"  - {section(f.section).title}: {one_line(f.message)}", err=True)
    if len(missing) > SHOWN_ON_REFUSAL:
        out(f"  ... and {len(missing) - SHOWN_ON_REFUSAL} more", err=True)
    out(
        f"Fill them in (`{PROG} check {one_line(ref)}` lists everything), "
        "or export anyway with --draft.",
        err=True,
    )


@cli.command(short_help="The Markdown; refuses an incomplete one unless --draft.")
@click.argument("ref")
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE|-",
    help="Where to write the Markdown; - (the default) is standard output.",
)
@click.option("--draft", is_flag=True, help="Export even if the document is incomplete.")
@click.option(
    "--template-only",
    is_flag=True,
    help="The bare template: without the key metrics and the timeline diagram.",
)
@click.pass_context
def export(ctx: click.Context, ref: str, output: str, draft: bool, template_only: bool) -> None:
    """The Markdown of a post-mortem; refuses an incomplete one unless --draft.

    After the timeline table it adds the key metrics (TTD, TTA, TTM, TTR) and a Mermaid diagram
    of the timeline, which GitHub and GitLab draw; --template-only leaves both out.
    """
    from ..core.completeness import blocking_findings
    from ..core.text import one_line

    store = store_of(ctx)
    path, doc = load(store, ref)
    ident = doc.header.incident_id or path.stem
    missing = blocking_findings(doc)
    if missing and not draft:
        _refuse_incomplete(ref, ident, missing)
        ctx.exit(EXIT_INCOMPLETE)

    from ..core.export import to_markdown

    text = to_markdown(doc, template_only=template_only)
    if output == "-":
        with reported():
            write_stdout(text)
        return
    from ..core.atomic import write_export

    with reported():
        # Into a device, FIFO or /dev/stdout as it is; never into the drafts folder.
        written = write_export(Path(output), text, store.folder, path)
    note = f" (a draft: {len(missing)} missing)" if missing else ""
    out(f"{PROG}: wrote {one_line(str(written))}{note}", err=True)
