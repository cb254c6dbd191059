"""`postmortem list`: the drafts as a table (or JSON), newest first."""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Any

import click

from .group import cli, store_of
from .output import PROG, CommandError, out, reported, style, write_stdout

if TYPE_CHECKING:
    from ..core.summary_cache import DraftSummary

# The longest title `list` and `check` show (a pasted 10 MB title must not flood the screen).
TITLE_MAX = 100

_SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "P0": {"fg": "red", "bold": True},
    "P1": {"fg": "yellow"},
}


def _info_record(info: DraftSummary) -> dict[str, Any]:
    summary = info.summary
    return {
        "id": info.incident_id,
        "path": str(info.path),
        "modified": info.modified.isoformat(timespec="seconds"),
        "title": summary.title,
        "date": summary.date,
        "severity": summary.severity,
        "status": summary.status,
        "percent_complete": summary.percent_complete,
        "ready": summary.ready,
        "missing": summary.missing,
        "weak": summary.weak,
        "error": summary.error,
    }


@cli.command("list", short_help="Drafts: ID, title, severity, status, completeness, saved.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, for scripts.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """Drafts, newest first: ID, title, severity, status, completeness, last saved."""
    from ..core.text import one_line

    store = store_of(ctx)
    with reported():
        if store.folder.exists() and not store.folder.is_dir():
            raise CommandError(f"{store.folder}: is not a folder")
        infos = store.summaries()
    records = [_info_record(info) for info in infos]
    if as_json:
        import json

        write_stdout(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return
    if not records:
        out(f"No drafts in {one_line(str(store.folder))}.")
        out(f"Start one with `{PROG} new`, or see an example with `{PROG} demo`.")
        return
    _print_table(records)


def _print_table(records: list[dict[str, Any]]) -> None:
    from ..core.text import cut, display_width, fit, one_line

    head = ("ID", "TITLE", "SEV", "STATUS", "DONE", "SAVED")
    rows: list[tuple[str, ...]] = []
    for r in records:
        saved = r["modified"][:16].replace("T", " ")
        if r["error"] is not None:  # the reason follows the table, in full
            rows.append((one_line(r["id"]), "(unreadable, see below)", "-", "broken", "-", saved))
        else:
            rows.append(
                (
                    one_line(r["id"]),
                    one_line(cut(r["title"], TITLE_MAX)) or "(untitled)",
                    r["severity"] or "-",
                    r["status"],
                    f"{r['percent_complete']}%",
                    saved,
                )
            )
    widths = [max(display_width(row[i]) for row in [head, *rows]) for i in range(len(head))]
    if sys.stdout is not None and sys.stdout.isatty():
        # Only the title gives way, so a line fits the terminal (at least 12 columns of it).
        other = sum(w for i, w in enumerate(widths) if i != 1) + 2 * (len(head) - 1)
        widths[1] = max(12, min(widths[1], shutil.get_terminal_size().columns - other))

    def line(cells: tuple[str, ...], styles: list[dict[str, Any]]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            text = fit(cell, widths[i]) if i < len(cells) - 1 else cell
            if i == 4:  # right-align the percentage
                text = " " * (widths[i] - display_width(cell)) + cell
            parts.append(style(text, **styles[i]) if styles[i] else text)
        return "  ".join(parts).rstrip()

    out(line(head, [{"bold": True} for _ in head]))
    for row, r in zip(rows, records, strict=True):
        styles: list[dict[str, Any]] = [{} for _ in head]
        if r["error"] is not None:
            styles[3] = {"fg": "red", "bold": True}
        else:
            styles[2] = _SEVERITY_STYLE.get(row[2], {})
            styles[4] = {"fg": "green"} if r["ready"] else {}
        out(line(row, styles))
    broken = [r for r in records if r["error"] is not None]
    if broken:
        out()
        out(f"{len(broken)} draft{'s' if len(broken) > 1 else ''} cannot be read:")
        for r in broken:
            out(f"  {one_line(r['error'])}")
