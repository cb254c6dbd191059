"""Review rules across sections: the impact figures, the header's duration and the severity
must tell the same story."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Severity
from ..timeutil import format_minutes
from .rules import Context, Hit, Rule

NO_DATA_LOSS = frozenset({"none", "no", "n/a", "na", "nothing", "0", "no data loss", "nil", "-"})


def _downtime(ctx: Context) -> Iterator[Hit]:
    duration = ctx.doc.header.duration_minutes
    downtime = ctx.doc.impact.trading_downtime_minutes
    if downtime is not None and duration is not None and downtime > duration:
        yield Hit(
            ("impact", "trading_downtime_minutes"),
            f"Trading downtime ({downtime} minutes) is longer than the incident "
            f"({format_minutes(duration)})",
            "",  # the message the section's check gave before this rule took it over
        )


def _data_loss(ctx: Context) -> Iterator[Hit]:
    im = ctx.doc.impact
    said = " ".join(im.data_loss.split()).rstrip(".").casefold()
    if im.erroneous_trades and said in NO_DATA_LOSS:
        yield Hit(
            ("impact", "data_loss"),
            f"{im.erroneous_trades:,} erroneous trades, but Data loss says "
            f"'{im.data_loss.strip()}'",
        )


def _severity(ctx: Context) -> Iterator[Hit]:
    h, im = ctx.doc.header, ctx.doc.impact
    if h.severity is not Severity.P3:
        return
    hurt = [
        f"{value:,} {label}" for label, value in (
            ("minutes of trading downtime", im.trading_downtime_minutes),
            ("missed trades", im.missed_trades),
            ("erroneous trades", im.erroneous_trades),
        ) if value
    ]
    if hurt:
        yield Hit(
            ("header", "severity"),
            f"Severity P3 ({Severity.P3.meaning.split(':')[1].strip().split(';')[0]}) but "
            f"{', '.join(hurt)}",
        )


RULES: tuple[Rule, ...] = (
    Rule(
        "downtime-vs-duration", "impact", "impact.trading_downtime_minutes",
        "Trading downtime longer than the header's duration",
        "correct the downtime or the start and end times",
        _downtime,
    ),
    Rule(
        "erroneous-trades-vs-data-loss", "impact", "impact.data_loss",
        "Erroneous trades above 0 while Data loss says None",
        "say what happened to the wrong trades' records (corrected, cancelled, lost)",
        _data_loss,
    ),
    Rule(
        "severity-vs-impact", "header", "header.severity",
        "A severity that contradicts the impact (a P3 with trading downtime or trades hit)",
        "raise the severity, or correct the impact figures",
        _severity,
    ),
)
