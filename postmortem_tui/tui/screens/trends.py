"""Trends across incidents, from the home screen: incidents per month by severity, time to
recover by severity, and the action items done, open and overdue, drawn in the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...core import timeutil
from ...core.stats import NO_SEVERITY, Facts, Stats, aggregate, severities_in
from ...core.timeutil import format_minutes
from ..widgets.bar_chart import BarChart, Part, Row

SEVERITY_STYLES = {
    "P0": ("$error", "$error-muted"),
    "P1": ("$warning", "$warning-muted"),
    "P2": ("$primary", "$primary-muted"),
    "P3": ("$success", "$success-muted"),
    NO_SEVERITY: ("$secondary", "$secondary-muted"),
}
"""Each severity's colour, and the lighter one for its p90 beyond the median."""
MONTHS_SHOWN = 12
"""The latest months the incidents chart shows."""


def _style(severity: str, *, light: bool = False) -> str:
    return SEVERITY_STYLES.get(severity, SEVERITY_STYLES[NO_SEVERITY])[1 if light else 0]


def _minutes(value: float) -> str:
    return format_minutes(round(value))


def month_rows(stats: Stats) -> list[Row]:
    """Incidents per month (the latest `MONTHS_SHOWN`), stacked by severity."""
    severities = severities_in(stats)
    months = list(stats.by_month.items())[-MONTHS_SHOWN:]
    return [
        Row(month, [Part(per.get(s, 0), _style(s)) for s in severities],
            f"{sum(per.values()):,}")
        for month, per in months
    ]


def recovery_rows(stats: Stats) -> list[Row]:
    """Time to recover by severity: the median, then on to the p90 in a lighter shade."""
    rows = []
    for severity, per in stats.response.items():
        ttr = per["ttr"]
        if ttr.median is None or ttr.p90 is None:
            continue
        rows.append(Row(
            severity,
            [Part(ttr.median, _style(severity)),
             Part(ttr.p90 - ttr.median, _style(severity, light=True))],
            f"{_minutes(ttr.median)}, p90 {_minutes(ttr.p90)} (n={ttr.count})",
        ))
    return rows


def action_rows(stats: Stats) -> list[Row]:
    if not (stats.actions_open or stats.actions_done):
        return []
    waiting = stats.actions_open - stats.actions_overdue
    return [
        Row("Done", [Part(stats.actions_done, "$success")], f"{stats.actions_done:,}"),
        Row("Open", [Part(waiting, "$warning")], f"{waiting:,}"),
        Row("Overdue", [Part(stats.actions_overdue, "$error")], f"{stats.actions_overdue:,}"),
    ]


def summary_line(stats: Stats) -> str:
    n = stats.incidents
    parts = [
        f"{n:,} incident{'s' if n != 1 else ''}",
        f"trading downtime {stats.downtime_minutes:,} min",
        f"missed trades {stats.missed_trades:,}",
        f"{len(stats.late_drafts):,} still Draft after 5 business days",
    ]
    if stats.unreadable:
        parts.append(f"{len(stats.unreadable):,} unreadable")
    return " · ".join(parts)


def legend(stats: Stats) -> str:
    return "   ".join(f"[{_style(s)}]■[/] {s}" for s in severities_in(stats))


class TrendsScreen(Screen[None]):
    """Charts of every draft in the folder. The drafts are read in a thread (the stats cache
    makes it quick after the first time); Escape goes back."""

    CSS_PATH = "trends.tcss"

    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("r", "reload", "Reload"),
    ]

    class Loaded(Message):
        """The trends, worked out in the thread."""

        def __init__(self, stats: Stats) -> None:
            self.stats = stats
            super().__init__()

    def __init__(self, load: Callable[[], Sequence[Facts]]) -> None:
        """Args:
        load: reads every draft's facts (`DraftStore.stats_facts`); called in a thread.
        """
        super().__init__()
        self.load = load
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        yield Static("postmortem · trends", id="trends-title")
        with VerticalScroll(id="trends-body"):
            yield Static("Reading the drafts…", id="trends-summary", markup=False)
            yield Static("Incidents per month, by severity", classes="trends-heading")
            yield Static("", id="trends-legend")
            yield BarChart(empty="No dated incidents yet.", id="trends-months")
            yield Static("Time to recover by severity (median, then p90)",
                         classes="trends-heading")
            yield BarChart(empty="No incident with a time to recover yet.", id="trends-ttr")
            yield Static("Action items", classes="trends-heading")
            yield BarChart(empty="No action items yet.", id="trends-actions")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    @work(thread=True, exclusive=True, description="read the drafts for the trends")
    def _read(self) -> None:
        stats = aggregate(self.load(), timeutil.today_cot())
        self.post_message(self.Loaded(stats))

    def on_trends_screen_loaded(self, message: Loaded) -> None:
        self.show(message.stats)

    def show(self, stats: Stats) -> None:
        self.stats = stats
        self.query_one("#trends-summary", Static).update(summary_line(stats))
        self.query_one("#trends-legend", Static).update(legend(stats))
        self.query_one("#trends-months", BarChart).rows = tuple(month_rows(stats))
        self.query_one("#trends-ttr", BarChart).rows = tuple(recovery_rows(stats))
        self.query_one("#trends-actions", BarChart).rows = tuple(action_rows(stats))

    def action_reload(self) -> None:
        self._read()

    def action_close(self) -> None:
        self.dismiss()

