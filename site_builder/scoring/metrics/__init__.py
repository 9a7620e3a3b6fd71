"""The metrics: the figures a buyer cannot read off a profile at a glance, each with its unit, its explanation and the sources it rests on. `METRIC_SPECS` declares them; `compute_metrics` computes them. One module per part of a profile; this package exports them all."""

from site_builder.scoring.metrics.base import (
    HOURS_PER_MONTH,
    HOURS_PER_YEAR,
    PERIOD_HOURS,
    WINDOWS_PER_QUARTER,
    Kind,
    Metric,
    MetricSpec,
    Reading,
    Value,
    figure_text,
    num,
)
from site_builder.scoring.metrics.registry import METRIC_SPECS, METRICS, compute_metrics
from site_builder.scoring.metrics.sla import (
    BREACH_WORDS,
    OBJECTIVES,
    credit_at,
    credit_reading,
    headline_component,
    headline_tier,
    maintenance_excluded,
    objective_tier,
    planned_is_maximum,
    tier_availability,
)
from site_builder.scoring.metrics.terms import round_the_clock, seat_bill, seat_prices

__all__ = [
    "BREACH_WORDS",
    "HOURS_PER_MONTH",
    "HOURS_PER_YEAR",
    "METRICS",
    "METRIC_SPECS",
    "OBJECTIVES",
    "PERIOD_HOURS",
    "WINDOWS_PER_QUARTER",
    "Kind",
    "Metric",
    "MetricSpec",
    "Reading",
    "Value",
    "compute_metrics",
    "credit_at",
    "credit_reading",
    "figure_text",
    "headline_component",
    "headline_tier",
    "maintenance_excluded",
    "num",
    "objective_tier",
    "planned_is_maximum",
    "round_the_clock",
    "seat_bill",
    "seat_prices",
    "tier_availability",
]
