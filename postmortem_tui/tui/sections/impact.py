"""Impact: the six quantitative metrics in trading terms, and qualitative bullets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ..widgets.bullet_list import BulletList
from ..widgets.field_input import FieldInput
from .base import SectionForm


class ImpactForm(SectionForm):
    """Quantitative impact (with units) and qualitative impact."""

    key = "impact"

    def compose(self) -> ComposeResult:
        i = self.doc.impact
        yield Static("3. Impact", classes="section--title")
        with Horizontal():
            yield FieldInput(i, "trading_downtime_minutes", label="Trading downtime (min)",
                             placeholder="e.g. 95", id=self.field_id("trading_downtime_minutes"))
            yield FieldInput(i, "missed_trades", label="Missed trades",
                             placeholder="e.g. 1240", id=self.field_id("missed_trades"))
        with Horizontal():
            yield FieldInput(i, "erroneous_trades", label="Erroneous trades",
                             placeholder="e.g. 0", id=self.field_id("erroneous_trades"))
            yield FieldInput(i, "financial_amount", label="Financial impact",
                             placeholder="e.g. $41,250", hint="e.g. $41,250 or COP 168.000.000",
                             id=self.field_id("financial_amount"))
        yield FieldInput(i, "financial_description", label="What the amount is",
                         placeholder="e.g. estimated slippage on unfilled client orders",
                         id=self.field_id("financial_description"))
        yield FieldInput(i, "users_affected", label="Users/systems affected",
                         placeholder="e.g. 38 FX clients; pricing engine; risk dashboard",
                         id=self.field_id("users_affected"))
        yield FieldInput(i, "data_loss", label="Data loss",
                         placeholder="None, or what was lost",
                         id=self.field_id("data_loss"))
        yield BulletList(
            i.qualitative, label="Qualitative impact",
            placeholder="Team confidence/morale, stakeholder trust, compliance implications…",
            id=self.field_id("qualitative"),
        )


FORM = ImpactForm
