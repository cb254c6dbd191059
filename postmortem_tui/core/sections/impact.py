"""Impact: the quantitative metrics in trading terms, and the qualitative impact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declaration import Blocks, Section
from .template import count, or_not_yet

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import count_filled

    im = doc.impact
    p = "impact"
    c.require(
        im.trading_downtime_minutes is not None,
        (p, "trading_downtime_minutes"),
        "Trading downtime is missing (0 if trading was not affected)",
    )
    c.require(
        im.missed_trades is not None, (p, "missed_trades"), "Missed trades is missing (0 if none)"
    )
    c.require(
        im.erroneous_trades is not None,
        (p, "erroneous_trades"),
        "Erroneous trades is missing (0 if none)",
    )
    c.require(
        bool(im.financial_amount.strip()),
        (p, "financial_amount"),
        "Financial impact amount is missing (0 if none)",
    )
    c.require(
        bool(im.users_affected.strip()),
        (p, "users_affected"),
        "Users/systems affected is missing",
    )
    c.require(
        bool(im.data_loss.strip()),
        (p, "data_loss"),
        'Data loss is missing (write "None" if no data was lost)',
    )
    c.require_count(
        count_filled(im.qualitative),
        1,
        (p, "qualitative"),
        "Qualitative impact has no bullet (team confidence, stakeholder trust, compliance)",
    )
    if im.financial_amount.strip() and not im.financial_description.strip():
        c.weak(
            (p, "financial_description"),
            "Financial impact has no description of what the amount is",
        )
    downtime = im.trading_downtime_minutes
    c.blank_items(im.qualitative, (p, "qualitative"), "Qualitative impact")
    return bool(
        downtime is not None
        or im.missed_trades is not None
        or im.erroneous_trades is not None
        or im.financial_amount.strip()
        or im.financial_description.strip()
        or im.users_affected.strip()
        or im.data_loss.strip()
        or count_filled(im.qualitative)
    )


_MONEY_SAFE = "_$€£.,' -"
"""Besides letters and digits (as the regex `\\w` reads them), what an amount shown as typed may
hold; checked without a regex (compiling one cost every export 0.3 ms)."""


def _financial(doc: PostMortem) -> str:
    # The amount is validated money (digits, separators, one currency mark): shown as typed.
    from .. import markdown as md

    amount = doc.impact.financial_amount.strip()
    if not all(c.isalnum() or c in _MONEY_SAFE for c in amount):
        amount = md.cell(amount)
    description = md.cell(doc.impact.financial_description)
    return or_not_yet(" / ".join(part for part in (amount, description) if part))


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    im = doc.impact
    rows = [
        ["Trading Downtime", count(im.trading_downtime_minutes, "minute")],
        ["Missed Trades", count(im.missed_trades, "trade")],
        ["Erroneous Trades", count(im.erroneous_trades, "trade")],
        ["Financial Impact", _financial(doc)],
        ["Users/Systems Affected", or_not_yet(md.cell(im.users_affected))],
        ["Data Loss", or_not_yet(md.cell(im.data_loss))],
    ]
    return [
        md.heading(2, "Impact"),
        md.heading(3, "Quantitative Impact"),
        md.table(["Metric", "Value"], rows),
        md.heading(3, "Qualitative Impact"),
        md.bullets(im.qualitative),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.impact import parse as read

    read(part, ctx)


SECTION = Section(
    key="impact",
    title="Impact",
    guidance=(
        "Quantitative impact in trading terms (downtime in minutes, missed and erroneous "
        "trades, financial impact, users/systems affected, data loss) and qualitative impact: "
        "team confidence/morale, stakeholder trust, compliance implications."
    ),
    export=export,
    check=check,
    parse=parse,
)
