"""The buyer's assumptions the derived metrics depend on: seats, term, open hours, the cost of an
hour down, the bad month. Declared once: scoring.yaml's `settings:` is checked against this record,
the metrics read it, and the cost calculator starts from it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from site_builder.data.model import Record, Seq
from site_builder.data.values import Count, Currency, IsoDate, NonNegative, Percent, Range, Title

Positive = Annotated[int, Range(1)]


class CurrencyRate(Record):
    """One exchange rate, declared once: what one unit of `currency` is worth in the reporting currency."""

    currency: Currency = Field(description="The currency converted from (ISO 4217), e.g. EUR.")
    rate: float = Field(
        gt=0,
        description="Units of the reporting currency (`cost_currency`) one unit of `currency` is worth, "
        "e.g. 1.08 for EUR when the reporting currency is USD.",
    )
    as_of: IsoDate = Field(description="Date of the rate (YYYY-MM-DD).")
    source: Title = Field(description="Where the rate comes from: a URL or a named reference rate.")


class Settings(Record):
    """Buyer-side assumptions used by the derived metrics; the cost calculator starts from these."""

    downtime_cost_per_hour: NonNegative = Field(
        500_000.0,
        description="What one hour of downtime costs the buyer (the seed: almost 500,000 USD "
        "for a large 24/7 contact center).",
    )
    cost_currency: Currency = Field(
        "USD",
        description="The reporting currency: of `downtime_cost_per_hour`, and every price is converted to it "
        "at `currency_rates`.",
    )
    currency_rates: Seq[CurrencyRate] = Field(
        (),
        description="Exchange rates into the reporting currency, each with its date and source. A price in "
        "a currency with no rate here stays unknown (never read 1:1), and validation reports it.",
    )
    credit_scenario_pct: Percent = Field(
        99.0, description="Availability of the 'bad month' used to compute the credit earned (%)."
    )
    named_agents: Positive = Field(100, description="Named agents in the seat mix.")
    concurrent_agents: Positive = Field(70, description="Peak concurrent agents in the seat mix.")
    term_months: Positive = Field(36, description="Contract term the buyer plans for, in months.")
    exit_after_months: Count = Field(18, description="Month of an early exit, for the exit exposure.")
    open_hours_per_week: Annotated[float, Range(1, 168)] = Field(
        168.0, description="Hours a week the contact center is open (168 = around the clock)."
    )
    maintenance_in_open_hours: bool = Field(
        True,
        description="Whether planned-maintenance windows fall in open hours (they cost nothing otherwise).",
    )

    @property
    def currencies(self) -> tuple[str, ...]:
        """The currencies a price may be in and still compare: the reporting one, then every declared rate's."""
        return (self.cost_currency, *(r.currency for r in self.currency_rates))

    def rate(self, currency: str) -> CurrencyRate | None:
        return next((r for r in self.currency_rates if r.currency == currency), None)

    def convert(self, amount: float, currency: str) -> tuple[float | None, str]:
        """`amount` in `currency` as the reporting currency, with the words of the rate used ('' when no
        conversion is needed); None with the reason when no rate is declared (never assumed 1:1)."""
        if currency == self.cost_currency:
            return amount, ""
        rate = self.rate(currency)
        if rate is None:
            return None, (
                f"prices are in {currency} and scoring.yaml declares no {currency} rate into "
                f"{self.cost_currency}, so they do not compare"
            )
        return amount * rate.rate, (
            f"at {rate.rate:g} {self.cost_currency} per {currency} ({rate.source}, {rate.as_of})"
        )
