"""The buyer's assumptions the derived metrics depend on: seats, term, open hours, the cost of an
hour down, the bad month. Declared once: scoring.yaml's `settings:` is checked against this record,
the metrics read it, and the cost calculator starts from it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from site_builder.data.model import Record
from site_builder.data.values import Count, Currency, NonNegative, Percent, Range

Positive = Annotated[int, Range(1)]


class Settings(Record):
    """Buyer-side assumptions used by the derived metrics; the cost calculator starts from these."""

    downtime_cost_per_hour: NonNegative = Field(
        500_000.0,
        description="What one hour of downtime costs the buyer (the seed: almost 500,000 USD "
        "for a large 24/7 contact center).",
    )
    cost_currency: Currency = Field("USD", description="Currency of `downtime_cost_per_hour`.")
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
