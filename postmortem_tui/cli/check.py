"""`postmortem check`: what is missing or weak, section by section; exit 1 if anything blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .group import cli, load, store_of
from .list_drafts import TITLE_MAX
from .output import EXIT_INCOMPLETE, out, style

if TYPE_CHECKING:
    from ..core.completeness import SectionReport
    from ..core.store import DraftStore

# How many findings `check` shows for a section not started yet.
SHOWN_WHEN_EMPTY = 3

_STATE_STYLE: dict[str, dict[str, Any]] = {
    "done": {"fg": "green"},
    "partial": {"fg": "yellow"},
    "empty": {"dim": True},
}
_WEIGHT_STYLE: dict[str, dict[str, Any]] = {
    "hint": {"fg": "yellow"},
    "blocking": {"fg": "red"},
    "off": {"dim": True},
}
_STATE_TEXT = {"done": "done", "partial": "partial", "empty": "not started"}


def _section_lines(report: SectionReport, show_all: bool) -> list[str]:
    from ..core.sections import section
    from ..core.text import display_width, one_line

    title = one_line(report.title)
    state = _STATE_TEXT[report.state]
    if report.state == "empty" and section(report.key).optional:
        state = "nothing yet (optional)"
    lines = [
        f"{title} {'.' * max(2, 26 - display_width(title))} "
        + style(state, **_STATE_STYLE[report.state])
    ]
    findings = sorted(report.findings, key=lambda f: not f.blocking)
    limit = len(findings) if show_all or report.state != "empty" else SHOWN_WHEN_EMPTY
    for f in findings[:limit]:
        label = style("missing", fg="red") if f.blocking else style("weak   ", fg="yellow")
        lines.append(f"  - {label}  {one_line(f.message)}")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more (--all shows them)")
    return lines


def _list_rules(store: DraftStore) -> None:
    from ..core.review.config import FILE_NAME, active
    from ..core.review.listing import listed
    from ..core.text import one_line

    config = active()
    where = config.source or f"the defaults (no {FILE_NAME} in {store.folder})"
    out(style("Review rules", bold=True) + f" that check applies; settings: {one_line(where)}")
    out("Each finding is a hint, which never blocks an export, unless the settings make it "
        "blocking.")
    for r in listed(config):
        weight = "off" if not r.enabled else r.severity
        colour = _WEIGHT_STYLE[weight]
        out()
        out(f"{style(r.name, bold=True)}  {style(weight, **colour)}  {r.where}")
        out(f"  {r.message}")
        out(f"  Suggests: {r.suggestion}")


@cli.command(short_help="What is missing or weak; exit 1 if anything blocks.")
@click.argument("ref", required=False)
@click.option(
    "--all", "show_all", is_flag=True, help="Also list every item of sections not started."
)
@click.option(
    "--rules", "list_rules", is_flag=True,
    help="List the review rules check applies (name, severity, where, what it finds), as the "
    "drafts folder's review.toml sets them; REF may be left out.",
)
@click.pass_context
def check(ctx: click.Context, ref: str | None, show_all: bool, list_rules: bool) -> None:
    """What is missing or weak in a draft; exit 1 if anything blocks a final export.

    Weak points include the review rules' hints (`--rules` lists them); a hint never blocks
    unless the drafts folder's review.toml makes its rule blocking.
    """
    from ..core.completeness import assess_with_percent
    from ..core.text import cut, one_line

    store = store_of(ctx)
    if list_rules:
        _list_rules(store)
        return
    if ref is None:
        raise click.UsageError("Missing argument 'REF' (or --rules to list the review rules).")
    path, doc = load(store, ref)
    reports, percent = assess_with_percent(doc)
    h = doc.header
    ident = h.incident_id or path.stem
    title = f"  {one_line(cut(h.title, TITLE_MAX))}" if h.title.strip() else ""
    out(style(one_line(ident), bold=True) + title)
    facts = [
        f"Severity {h.severity.value}" if h.severity else "Severity not set",
        f"Status {h.status.value}",
        f"{percent}% complete",
    ]
    out(" | ".join(facts))
    out()
    for report in reports:
        for text in _section_lines(report, show_all):
            out(text)
    missing = sum(len(r.blocking) for r in reports)
    weak = sum(len(r.weak) for r in reports)
    out()
    if missing:
        out(
            style(f"Not ready for a final export: {missing} missing", fg="red", bold=True)
            + f", {weak} weak."
        )
        ctx.exit(EXIT_INCOMPLETE)
    if weak:
        out(
            style("Ready for a final export", fg="green", bold=True) + f"; {weak} weak point"
            f"{'s' if weak > 1 else ''} worth a look."
        )
    else:
        out(style("Ready for a final export.", fg="green", bold=True))
