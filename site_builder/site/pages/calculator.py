"""The cost calculator: your seats, term, open hours and cost of an hour down, per vendor.

Input: a `Comparison`. Output: the `calculator.md` page. Without JavaScript it shows the figures
for scoring.yaml's settings, computed by `metrics.compute_metrics`. `calculator.js` recomputes
them for the reader's inputs with the same formulas: it receives each vendor's inputs (the
facts the formulas read), never a re-interpretation of the profile, and tests compare its
figures with Python's on several inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.data.model import Vendor
from site_builder.scoring.metrics import (
    HOURS_PER_MONTH,
    Metric,
    MetricSettings,
    compute_metrics,
    headline_tier,
    objective_tier,
    planned_is_maximum,
)
from site_builder.site.render import URIS, Page, RenderContext, json_script, vendor_uri

# The figures of each row: metric id -> column heading. The page, the script and the tests use this.
FIGURES = {
    "price_per_year": "Price a year",
    "allowed_downtime_year_h": "Downtime the SLA allows a year",
    "downtime_cost_year": "Its cost",
    "planned_downtime_year_h": "Planned maintenance a year",
    "planned_downtime_cost_year": "Its cost",
    "credit_at_scenario_pct": "Credit in the bad month",
    "credit_cover_pct": "Share of that month's loss the credit pays",
    "exit_exposure": "Cost of leaving early",
}


@dataclass(frozen=True)
class Figure:
    metric: str
    value: float | None
    text: str
    explanation: str
    bad: bool = False  # known to be bad: no availability is committed (only an objective)


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    href: str
    figures: tuple[Figure, ...]


NO_LIMIT = "no limit committed"  # the downtime an objective allows: known to be bad, not unknown


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def inputs(v: Vendor) -> dict:
    """What the script needs to apply metrics.py's formulas to new settings, from one profile."""
    m = compute_metrics(v)  # settings-independent figures come out the same for any settings
    tier = headline_tier(v)
    credits = None
    if (
        tier is not None
        and tier.credits is not None
        and not (tier.credits and all(c.below_pct is None for c in tier.credits))
    ):
        credits = {
            "steps": [[c.below_pct, c.credit_pct] for c in tier.credits if c.below_pct is not None],
            "cap": tier.credit_cap_pct,
        }
    p = v.pricing
    prices = []
    if p is not None and p.list_prices and p.currency is not None:
        prices = [
            {"name": x.name, "amount": x.amount, "concurrent": x.model == "concurrent_agent"}
            for x in p.list_prices
            if x.unit in ("per_agent_month", "per_user_month")
        ]
    availability, planned = m["availability_pct"], m["planned_downtime_quarter_h"]
    return {
        "availability": availability.value,
        # why it is unknown, when an objective stands where a commitment would (the script says so too)
        "availabilityWhy": None
        if availability.known
        else _sentence(availability.explanation.removeprefix("Unknown: ")),
        "objective": objective_tier(v) is not None,  # nothing committed: the allowed downtime has no limit
        "plannedQuarter": planned.value,
        "plannedUpTo": planned_is_maximum(v),  # a monthly maximum, not a schedule: shown as "up to"
        "credits": credits,
        "prices": prices,
        "currency": p.currency if p is not None else None,
        "minimumSeats": p.minimum_seats if p is not None else None,
        "feePct": p.early_termination_fee_pct if p is not None else None,
        "termMonths": p.term_months if p is not None else None,
    }


def _number(metric: Metric) -> float | None:
    """The value of a number metric (every figure is one); None when unknown."""
    if metric.value is None or isinstance(metric.value, int | float):
        return metric.value
    raise TypeError(f"metric '{metric.id}' is a {metric.kind}, not a number")


def rows(c: Comparison, settings: MetricSettings, ctx: RenderContext) -> tuple[Row, ...]:
    out = []
    for v in sorted(c.vendors, key=lambda x: x.name.lower()):
        m = compute_metrics(v, settings)
        figures = []
        for mid in FIGURES:
            metric = m[mid]
            if mid == "allowed_downtime_year_h" and not metric.known and objective_tier(v) is not None:
                figures.append(Figure(mid, None, NO_LIMIT, metric.explanation, True))
                continue
            text = metric.display if metric.known else "unknown"
            figures.append(Figure(mid, _number(metric), text, metric.explanation))
        out.append(Row(v.id, v.name, ctx.href(URIS["calculator"], vendor_uri(v.id)), tuple(figures)))
    return tuple(out)


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    settings = comparison.criteria.settings.metric_settings()
    data = {
        "hoursPerMonth": HOURS_PER_MONTH,
        "defaults": {
            "named": settings.named_agents,
            "concurrent": settings.concurrent_agents,
            "term": settings.term_months,
            "exit": settings.exit_after_months,
            "cost": settings.downtime_cost_per_hour,
            "currency": settings.cost_currency,
            "scenario": settings.credit_scenario_pct,
            "openHours": settings.open_hours_per_week,
            "maintenanceOpen": settings.maintenance_in_open_hours,
        },
        "vendors": {v.id: inputs(v) for v in comparison.vendors},
    }
    html = ctx.render(
        "pages/calculator.html",
        rows=rows(comparison, settings, ctx),
        figures=FIGURES,
        s=settings,
        data=json_script(data, "sb-calculator-data"),
    )
    return [Page(URIS["calculator"], html)]
