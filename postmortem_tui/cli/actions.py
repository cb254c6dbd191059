"""`postmortem actions`: every action item of every draft, filtered, as a table, JSON or a
tracker's CSV; `postmortem actions set`: one item updated in place."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from typing import TYPE_CHECKING, Any

import click

from .group import cli, load, store_of
from .output import PROG, CommandError, color, out, reported, style, write_stdout

if TYPE_CHECKING:
    from ..core.action_report import ActionRow, DraftActions

_STATUS_STYLE: dict[str, dict[str, Any]] = {"Done": {"fg": "green"}, "In Progress": {"fg": "cyan"}}
_PRIORITY_STYLE: dict[str, dict[str, Any]] = {"P0": {"fg": "red", "bold": True}}
ACTION_MIN = 16


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from ..core.validators import parse_date

    try:
        return parse_date(value, f"--{param.name}")
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def _choice_of(name: str) -> Any:
    """A callback turning an option's text into the model's value, case-insensitively."""

    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        from ..core import action_report

        allowed: tuple[str, ...] = getattr(action_report, name)
        values = value if isinstance(value, tuple) else (value,)
        chosen = []
        for text in values:
            if text is None:
                continue
            match = next((a for a in allowed if a.lower() == text.strip().lower()), None)
            if match is None:
                raise click.BadParameter(
                    f"must be one of {', '.join(allowed)}, got {text!r}", ctx=ctx, param=param
                )
            chosen.append(match)
        return tuple(chosen) if isinstance(value, tuple) else (chosen[0] if chosen else None)

    return convert


def _record(row: ActionRow, today: dt.date) -> dict[str, Any]:
    inc = row.incident
    return {
        "incident_id": inc.incident_id,
        "incident_title": inc.title,
        "incident_date": inc.date.isoformat() if inc.date else None,
        "incident_status": inc.status,
        "item": row.item_id,
        "action": row.action,
        "owner": row.owner,
        "priority": row.priority,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status,
        "category": row.category,
        "link": row.link or None,
        "days_overdue": row.days_overdue(today),
        "path": str(row.path),
    }


@cli.group(
    invoke_without_command=True,
    short_help="Action items across all post-mortems (table, JSON, tracker CSV).",
)
@click.option("--open", "open_only", is_flag=True, help="Only items not Done.")
@click.option("--overdue", is_flag=True, help="Only items past their due date and not Done.")
@click.option(
    "--status", metavar="S", callback=_choice_of("ACTION_STATUSES"),
    help="Only items with this status: Open, In Progress or Done.",
)
@click.option(
    "--owner", metavar="NAME",
    help="Only items whose owner has these words (case and accents ignored: nunez finds Núñez).",
)
@click.option(
    "--priority", metavar="P", multiple=True, callback=_choice_of("PRIORITIES"),
    help="Only items of this priority (P0, P1, P2); repeat for several.",
)
@click.option(
    "--since", metavar="DATE", callback=_date, help="Only incidents on or after DATE (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="A JSON array, for scripts.")
@click.option(
    "--csv", "flavour", type=click.Choice(["jira", "gitlab", "gh"]), metavar="jira|gitlab|gh",
    help="For a tracker: Jira's or GitLab's CSV import, or a script of `gh issue create`.",
)
@click.pass_context
def actions(
    ctx: click.Context,
    open_only: bool,
    overdue: bool,
    status: str | None,
    owner: str | None,
    priority: tuple[str, ...],
    since: dt.date | None,
    as_json: bool,
    flavour: str | None,
) -> None:
    """Every action item of every draft, newest incident first, overdue items first within it.

    Filters combine: `--open --owner nunez --priority P0`. `--csv jira|gitlab` writes a file
    for the tracker's CSV import; `--csv gh` a shell script creating GitHub issues with `gh`.

    `actions set REF ITEM ...` updates one item (see `actions set --help`).
    """
    if ctx.invoked_subcommand is not None:
        return
    if sum((open_only, overdue, status is not None)) > 1:
        raise click.UsageError("--open, --overdue and --status are one choice: give one")
    if as_json and flavour:
        raise click.UsageError("--json and --csv are one choice: give one")
    from ..core import timeutil
    from ..core.action_report import ActionQuery, select, unreadable

    store = store_of(ctx)
    with reported():
        if store.folder.exists() and not store.folder.is_dir():
            raise CommandError(f"{store.folder}: is not a folder")
        drafts = store.actions()
    today = timeutil.today_cot()
    query = ActionQuery(
        open_only=open_only, overdue_only=overdue, status=status, owner=owner,
        priorities=frozenset(priority), since=since,
    )
    rows = select(drafts, query, today)
    broken = unreadable(drafts)
    if as_json:
        import json

        records = [_record(r, today) for r in rows]
        write_stdout(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    elif flavour:
        from ..core.tracker_export import WRITERS

        write_stdout(WRITERS[flavour](rows))
    elif not rows:
        _say_none(store.folder, drafts, broken)
    else:
        _print_table(rows, today)
    _warn_unreadable(broken, to_stderr=bool(as_json or flavour))


def _say_none(folder: Any, drafts: list[DraftActions], broken: list[DraftActions]) -> None:
    from ..core.text import one_line

    if len(drafts) == len(broken):
        out(f"No drafts in {one_line(str(folder))}." if not drafts else "No readable drafts.")
    elif any(d.actions for d in drafts):
        out("No action item matches.")
    else:
        out("No action items in any draft yet.")


def _warn_unreadable(broken: list[DraftActions], *, to_stderr: bool) -> None:
    from ..core.text import one_line

    if not broken:
        return
    n = len(broken)
    out(err=to_stderr)
    out(f"{n} draft{'s' if n > 1 else ''} cannot be read, so {'their' if n > 1 else 'its'} "
        "items are not shown:", err=to_stderr)
    for d in broken:
        out(f"  {one_line(d.error or '')}", err=to_stderr)


def _print_table(rows: list[ActionRow], today: dt.date) -> None:
    from ..core.text import display_width, fit, one_line

    head = ("INCIDENT", "#", "ACTION", "OWNER", "P", "DUE", "STATUS", "CATEGORY", "LATE")
    cells: list[tuple[str, ...]] = []
    lates: list[int] = []
    for r in rows:
        late = r.days_overdue(today)
        lates.append(late)
        cells.append((
            one_line(r.incident.incident_id),
            str(r.item_id),
            one_line(r.action) or "(no action written)",
            one_line(r.owner) or "-",
            r.priority or "-",
            r.due.isoformat() if r.due else "-",
            r.status,
            r.category or "-",
            f"{late}d" if late else "",
        ))
    widths = [max(display_width(row[i]) for row in [head, *cells]) for i in range(len(head))]
    widths[2] = min(widths[2], 60)
    widths[3] = min(widths[3], 24)
    tty = sys.stdout is not None and sys.stdout.isatty()
    if tty:
        # Only the action gives way, so a line fits the terminal.
        other = sum(w for i, w in enumerate(widths) if i != 2) + 2 * (len(head) - 1)
        widths[2] = max(ACTION_MIN, min(widths[2], shutil.get_terminal_size().columns - other))
    # Colours only where they show: thousands of rows into a pipe skip the styling.
    coloured = tty and color() is not False

    def padded(cell: str, width: int) -> str:
        # The names, dates and states repeat: their (cached) width decides without cutting.
        used = display_width(cell)
        return cell + " " * (width - used) if used <= width else fit(cell, width)

    def line(row: tuple[str, ...], styles: list[dict[str, Any]] | None) -> str:
        parts = []
        last = len(row) - 1
        for i, cell in enumerate(row):
            if i == 1:  # right-align the item's number
                text = " " * (widths[i] - len(cell)) + cell
            else:
                text = padded(cell, widths[i]) if i < last else cell
            parts.append(style(text, **styles[i]) if styles and styles[i] else text)
        return "  ".join(parts).rstrip()

    lines = [line(head, [{"bold": True} for _ in head] if coloured else None)]
    for row, late in zip(cells, lates, strict=True):
        styles: list[dict[str, Any]] | None = None
        if coloured:
            styles = [{} for _ in head]
            styles[4] = _PRIORITY_STYLE.get(row[4], {})
            styles[6] = _STATUS_STYLE.get(row[6], {})
            if late:
                styles[5] = styles[8] = {"fg": "red", "bold": True}
        lines.append(line(row, styles))
    out("\n".join(lines))  # one write, not one a row
    overdue = sum(1 for late in lates if late)
    open_items = sum(1 for r in rows if r.is_open)
    incidents = len({r.incident.incident_id for r in rows})
    out()
    out(f"{len(rows)} item{'s' if len(rows) != 1 else ''} in {incidents} post-mortem"
        f"{'s' if incidents != 1 else ''}: {open_items} not done, "
        + (style(f"{overdue} overdue", fg="red", bold=True) if overdue else "none overdue")
        + ".")


def locked_message(exc: Exception) -> str:
    return (
        f"{exc}; nothing was changed: make the change there, or quit the wizard there and "
        "try again"
    )


# --- actions set -----------------------------------------------------------------------------


@actions.command("set", short_help="Update one action item in place (recorded in the history).")
@click.argument("ref")
@click.argument("item", type=int, metavar="ITEM")
@click.option("--status", metavar="S", help="Open, In Progress or Done.")
@click.option("--owner", metavar="NAME", help="Who follows it up.")
@click.option("--due", metavar="DATE", help="The due date, YYYY-MM-DD.")
@click.option("--link", metavar="URL", help="The tracker issue following it up (https://...).")
@click.option(
    "--author", metavar="NAME",
    help="Who is changing it, for the document history (default: this account's full name).",
)
@click.pass_context
def set_cmd(
    ctx: click.Context,
    ref: str,
    item: int,
    status: str | None,
    owner: str | None,
    due: str | None,
    link: str | None,
    author: str | None,
) -> None:
    """Update action item ITEM (its ID) of the post-mortem REF, and record it in the document
    history. Works on a Closed post-mortem too: follow-up goes on after closing.

    Refused while the draft is open in the wizard in another terminal (change it there).
    """
    changes = {
        name: value
        for name, value in (("status", status), ("owner", owner), ("due", due), ("link", link))
        if value is not None
    }
    if not changes:
        raise click.UsageError("nothing to change: give --status, --owner, --due or --link")
    from ..core import timeutil
    from ..core.action_update import update_action
    from ..core.locking import DraftLockedError
    from ..core.text import one_line

    store = store_of(ctx)
    path, _ = load(store, ref)  # a bad REF or draft is said before anything is locked
    today = timeutil.today_cot()
    with reported():  # a refused value or a missing item: one line, nothing changed
        try:
            entry = store.update(
                path, lambda doc: update_action(doc, item, changes, today, author=author)
            )
        except DraftLockedError as exc:
            raise CommandError(locked_message(exc)) from None
    if entry is None:
        out(f"{PROG}: action item {item} already holds that; nothing changed", err=True)
        return
    out(f"{one_line(path.stem)} v{entry.version}: {one_line(entry.changes)}")
