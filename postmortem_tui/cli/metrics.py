"""`postmortem metrics`: TTD / TTA / TTM / TTR of one incident, as a table or JSON."""

from __future__ import annotations

import click

from .group import cli, load, store_of
from .list_drafts import TITLE_MAX
from .output import EXIT_INCOMPLETE, out, style, write_stdout


@cli.command(short_help="TTD / TTA / TTM / TTR of one incident.")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="JSON: minutes or null, with the milestones.")
@click.pass_context
def metrics(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Time to detect, acknowledge, mitigate and recover, each from the first symptom.

    A milestone without a time gives n/a, never 0. Exit 1 when a milestone comes before the
    first symptom (its figure would be negative: `check` says which).
    """
    from ..core.metrics import START, milestone_name, to_record
    from ..core.metrics import metrics as compute
    from ..core.text import cut, display_width, one_line
    from ..core.timeutil import format_hhmm

    path, doc = load(store_of(ctx), ref)
    result = compute(doc)
    ident = doc.header.incident_id or path.stem
    disordered = any(f.out_of_order for f in result.figures)
    if as_json:
        import json

        record = {"id": ident, **to_record(result)}
        write_stdout(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    else:
        title = one_line(cut(doc.header.title, TITLE_MAX))
        out(style(one_line(ident), bold=True) + (f"  {title}" if title.strip() else ""))
        width = max(display_width(f.text) for f in result.figures)
        for f in result.figures:
            d = f.definition
            value = f.text + " " * (width - display_width(f.text))
            if f.minutes is None:
                value = style(value, fg="red" if f.out_of_order else None, dim=not f.out_of_order)
            span = ""
            if f.start is not None and f.end is not None:
                span = (f"{milestone_name(START)} {format_hhmm(f.start)} -> "
                        f"{milestone_name(d.milestone)} {format_hhmm(f.end)}")
            out(f"{d.abbreviation}  {d.name:<20} {value}  {span}".rstrip())
    if disordered:
        if not as_json:
            out(f"Milestones out of order: see `postmortem check {one_line(ref)}`.", err=True)
        ctx.exit(EXIT_INCOMPLETE)
