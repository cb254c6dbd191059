"""`postmortem stats`: trends across incidents, as tables or JSON."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from .group import cli, store_of
from .output import CommandError, out, reported, style, write_stdout

if TYPE_CHECKING:
    from ..core.stats import Spread, Stats


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", ctx, param) from None


def _severities(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> frozenset[str]:
    from ..core.stats import NO_SEVERITY, SEVERITIES

    chosen = {part.strip().upper() for v in value for part in v.split(",") if part.strip()}
    chosen = {NO_SEVERITY if c == NO_SEVERITY.upper() else c for c in chosen}
    bad = sorted(chosen - {*SEVERITIES, NO_SEVERITY})
    if bad:
        raise click.BadParameter(
            f"{', '.join(bad)}: severities are {', '.join(SEVERITIES)} (or {NO_SEVERITY})",
            ctx, param,
        )
    return frozenset(chosen)


@cli.command(short_help="Trends across incidents.")
@click.option("--since", metavar="DATE", callback=_day, help="Incidents on or after this date.")
@click.option("--until", metavar="DATE", callback=_day, help="Incidents on or before this date.")
@click.option("--severity", "severities", metavar="P…", multiple=True, callback=_severities,
              help="Only these severities (P0-P3, or none); repeat or separate with commas.")
@click.option("--json", "as_json", is_flag=True, help="JSON, for dashboards.")
@click.pass_context
def stats(
    ctx: click.Context,
    since: dt.date | None,
    until: dt.date | None,
    severities: frozenset[str],
    as_json: bool,
) -> None:
    """Trends across incidents: counts by month and severity, impact, TTD/TTA/TTM/TTR by
    severity (median and p90), action items, late post-mortems.

    Dates are incident dates (YYYY-MM-DD); a date range leaves out drafts without a date.
    Drafts that cannot be read are counted and named; they never stop the command.
    """
    from ..core import timeutil
    from ..core.stats import Filter, aggregate

    if since and until and since > until:
        raise CommandError(f"--since {since} is after --until {until}")
    store = store_of(ctx)
    with reported():
        if store.folder.exists() and not store.folder.is_dir():
            raise CommandError(f"{store.folder}: is not a folder")
        facts = store.stats_facts()
    result = aggregate(facts, timeutil.today_cot(), Filter(since, until, severities))
    if as_json:
        import json

        write_stdout(json.dumps(result.to_record(), indent=2, ensure_ascii=False) + "\n")
        return
    _print(result)


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _spread(s: Spread) -> str:
    return "-" if s.median is None else f"{_minutes(s.median)} / {_minutes(s.p90)}"


def _table(head: list[str], rows: list[list[str]]) -> None:
    from ..core.text import display_width

    widths = [max(display_width(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        parts = [cells[0] + " " * (widths[0] - display_width(cells[0]))]
        parts += [" " * (w - display_width(c)) + c for c, w in zip(cells[1:], widths[1:],
                                                                    strict=True)]
        return "  ".join(parts).rstrip()

    out(style(line(head), bold=True))
    for row in rows:
        out(line(row))


def _print(result: Stats) -> None:
    from ..core.stats import DRAFT_DEADLINE_DAYS, METRIC_KEYS, severities_in
    from ..core.text import one_line

    n = result.incidents
    out(style(f"{n:,} incident{'s' if n != 1 else ''}", bold=True)
        + (f" ({len(result.unreadable)} unreadable draft"
           f"{'s' if len(result.unreadable) != 1 else ''} not counted)"
           if result.unreadable else ""))
    if n:
        sevs = severities_in(result)
        out()
        rows = [[month, *(f"{per.get(s, 0):,}" for s in sevs), f"{sum(per.values()):,}"]
                for month, per in result.by_month.items()]
        rows.append(["total", *(f"{result.by_severity.get(s, 0):,}" for s in sevs), f"{n:,}"])
        _table(["Month", *sevs, "Total"], rows)
        out()
        out(f"Trading downtime: {result.downtime_minutes:,} minutes; "
            f"missed trades: {result.missed_trades:,}")
        out()
        out("Response by severity, minutes from the first symptom (median / p90):")
        rows = [
            [sev, *(_spread(per[key]) for key in METRIC_KEYS)]
            for sev, per in result.response.items()
        ]
        _table(["Severity", *(key.upper() for key in METRIC_KEYS)], rows)
        out()
        out(f"Action items: {result.actions_open:,} open ("
            + style(f"{result.actions_overdue:,} overdue",
                    fg="red" if result.actions_overdue else None)
            + f"), {result.actions_done:,} done")
        late = result.late_drafts
        out(f"Still Draft after {DRAFT_DEADLINE_DAYS} business days: {len(late):,}")
        for d in late:
            out(f"  {one_line(d.incident_id)}  {d.date}  ({d.business_days} business days)")
    if result.unreadable:
        out()
        count = len(result.unreadable)
        out(style(f"{count} draft{'s' if count != 1 else ''} cannot be read:", fg="red"))
        for _, error in result.unreadable:
            out(f"  {one_line(error)}")
