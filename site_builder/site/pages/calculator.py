"""The cost calculator: your seats, term, open hours and cost of an hour down, per vendor.

Input: a `Comparison`. Output: the `calculator.md` page. Without JavaScript it shows the figures
for scoring.yaml's settings, computed by `metrics.compute_metrics`. `calculator.js` recomputes
them for the reader's inputs with the same formulas: it receives each vendor's inputs (the
facts the formulas read), never a re-interpretation of the profile, and tests compare its
figures with Python's on several inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.data.model import Vendor
from site_builder.scoring.metrics import (
    HOURS_PER_MONTH,
    Metric,
    compute_metrics,
    credit_reading,
    headline_component,
    headline_tier,
    num,
    objective_tier,
    planned_is_maximum,
    seat_prices,
)
from site_builder.scoring.settings import Settings
from site_builder.site.render import URIS, Page, RenderContext, json_script, vendor_uri

_SETTINGS_SCHEMA = Settings.model_json_schema()["properties"]


@dataclass(frozen=True)
class Input:
    """One input of the calculator form, and the setting it changes. `name` is the form field's
    name, the URL hash key and the script's name for the value."""

    name: str
    setting: str  # the field of `Settings` it sets: its type and limits are the input's
    label: str  # beside the input; {currency} is the cost currency
    short: str  # in a message about a bad value
    group: str  # the fieldset it sits in
    step: float = 1

    @property
    def _schema(self) -> dict:
        return _SETTINGS_SCHEMA[self.setting]

    @property
    def checkbox(self) -> bool:
        return self._schema["type"] == "boolean"

    @property
    def whole(self) -> bool:
        return self._schema["type"] == "integer"

    @property
    def low(self) -> float | None:
        return self._schema.get("minimum")

    @property
    def high(self) -> float | None:
        return self._schema.get("maximum")

    def value(self, settings: Settings) -> str:
        """The input's value: a whole number without '.0' where the step is whole."""
        x = getattr(settings, self.setting)
        return str(int(x)) if self.step >= 1 and x == int(x) else str(x)


# The calculator's inputs, in form order: the page, its script and the browser tests read these.
INPUTS = (
    Input("named", "named_agents", "Named agents", "Named agents", "Your contact center"),
    Input(
        "concurrent",
        "concurrent_agents",
        "Concurrent agents at peak",
        "Concurrent agents",
        "Your contact center",
    ),
    Input(
        "openHours",
        "open_hours_per_week",
        "Open hours a week (168 = around the clock)",
        "Open hours a week",
        "Your contact center",
    ),
    Input(
        "maint",
        "maintenance_in_open_hours",
        "Maintenance windows fall in our open hours",
        "Maintenance in open hours",
        "Your contact center",
    ),
    Input("term", "term_months", "Contract term (months)", "Contract term", "Contract and risk"),
    Input("exit", "exit_after_months", "Leave after (months)", "Leave after", "Contract and risk"),
    Input(
        "cost",
        "downtime_cost_per_hour",
        "Cost of an hour down ({currency})",
        "Cost of an hour down",
        "Contract and risk",
        step=1000,
    ),
    Input(
        "scenario",
        "credit_scenario_pct",
        "Availability in a bad month (%)",
        "Availability in a bad month",
        "Contract and risk",
        step=0.1,
    ),
)


@dataclass(frozen=True)
class InputView:
    input: Input
    label: str
    value: str
    checked: bool


@dataclass(frozen=True)
class Fieldset:
    legend: str
    inputs: tuple[InputView, ...]


def form(settings: Settings) -> tuple[Fieldset, ...]:
    groups: dict[str, list[InputView]] = {}
    for i in INPUTS:
        label = i.label.format(currency=settings.cost_currency)
        checked = bool(getattr(settings, i.setting)) if i.checkbox else False
        groups.setdefault(i.group, []).append(InputView(i, label, i.value(settings), checked))
    return tuple(Fieldset(legend, tuple(views)) for legend, views in groups.items())


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


def credit_pieces(v: Vendor) -> list[list] | None:
    """The credit a bad month earns, as Python computes it (`metrics.credit_reading`), for the script:
    a step function of the month's availability, [[start, credit %, why, is a floor], ...] ascending
    (the first start is None: from 0). The script takes the last piece starting at or below the
    reader's availability, so no credit rule is written twice."""
    tier = headline_tier(v)
    if tier is None:
        return None
    comp = headline_component(tier)
    starts = {c.below_pct for c in tier.credits or () if c.below_pct is not None}
    if comp is not None:
        starts |= {c.below_pct for c in comp.credits or () if c.below_pct is not None}
        starts |= {comp.availability_pct} if comp.availability_pct is not None else set()
    ordered = sorted(starts)
    first = ordered[0] - 1 if ordered else 0.0  # any level below the lowest threshold reads the same
    return [[None, *credit_reading(tier, first)]] + [[t, *credit_reading(tier, t)] for t in ordered]


def inputs(v: Vendor, settings: Settings | None = None, metrics: Mapping[str, Metric] | None = None) -> dict:
    """What the script needs to apply metrics.py's formulas to new settings, from one profile. Prices
    arrive converted to the reporting currency at scoring.yaml's rates, each saying the rate used; a
    price in a currency with no declared rate is left out (never read 1:1), and `pricesWhy` says so.
    `metrics`: the profile's metrics at `settings`, when already computed (the scoreboard's)."""
    settings = settings or Settings()
    # settings-independent figures come out the same for any seat mix
    m = metrics if metrics is not None else compute_metrics(v, settings)
    p = v.pricing
    prices, why = [], None
    for x, currency, amount, rate in seat_prices(p, settings):
        if amount is None:
            why = f"Unknown: {rate}."
            continue
        if rate:
            rate = f"{currency} {num(x.amount)} {rate}"
        prices.append(
            {"name": x.name, "amount": amount, "concurrent": x.model == "concurrent_agent", "rate": rate}
        )
    availability, planned = m["availability_pct"], m["planned_downtime_quarter_h"]
    allowed = m["allowed_downtime_year_h"]  # the same for any settings: the page shows Python's figure
    return {
        "allowed": [
            allowed.value,
            allowed.explanation
            if allowed.known
            else _sentence(allowed.explanation.removeprefix("Unknown: ")),
            allowed.display if allowed.known else None,
        ],
        "creditPieces": credit_pieces(v),
        "availability": availability.value,
        # why it is unknown, when an objective stands where a commitment would (the script says so too)
        "availabilityWhy": None
        if availability.known
        else _sentence(availability.explanation.removeprefix("Unknown: ")),
        "objective": objective_tier(v) is not None,  # nothing committed: the allowed downtime has no limit
        "plannedQuarter": planned.value,
        "plannedUpTo": planned_is_maximum(v),  # a monthly maximum, not a schedule: shown as "up to"
        "prices": prices,
        "pricesWhy": None if prices else why,
        "currency": settings.cost_currency if prices else None,
        "minimumSeats": p.minimum_seats if p is not None else None,
        "feePct": p.early_termination_fee_pct if p is not None else None,
        "termMonths": p.term_months if p is not None else None,
    }


def _number(metric: Metric) -> float | None:
    """The value of a number metric (every figure is one); None when unknown."""
    if metric.value is None or isinstance(metric.value, int | float):
        return metric.value
    raise TypeError(f"metric '{metric.id}' is a {metric.kind}, not a number")


def _metrics(c: Comparison, v: Vendor, settings: Settings) -> Mapping[str, Metric]:
    """The profile's metrics at `settings`: the scoreboard's when it was scored with them, else computed."""
    kept = c.board.metrics_at(v.id, settings)
    return kept if kept is not None else compute_metrics(v, settings)


def rows(c: Comparison, settings: Settings, ctx: RenderContext) -> tuple[Row, ...]:
    out = []
    for v in sorted(c.vendors, key=lambda x: x.name.lower()):
        m = _metrics(c, v, settings)
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
    settings = comparison.criteria.settings
    data = {
        "hoursPerMonth": HOURS_PER_MONTH,
        "currency": settings.cost_currency,
        "inputs": [
            {
                "name": i.name,
                "label": i.short,
                "min": i.low,
                "max": i.high,
                "whole": i.whole,
                "checkbox": i.checkbox,
            }
            for i in INPUTS
        ],
        "vendors": {v.id: inputs(v, settings, _metrics(comparison, v, settings)) for v in comparison.vendors},
    }
    html = ctx.render(
        "pages/calculator.html",
        rows=rows(comparison, settings, ctx),
        figures=FIGURES,
        s=settings,
        fieldsets=form(settings),
        data=json_script(data, "sb-calculator-data"),
    )
    return [Page(URIS["calculator"], html)]
