"""The calculator's Python side: the inputs handed to calculator.js and the no-JavaScript figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.data.model import Vendor
from site_builder.scoring.settings import CurrencyRate, Settings
from site_builder.site.pages.calculator import inputs, pages, rows
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

ACME = {
    "id": "acme",
    "name": "Acme",
    "products": ["X"],
    "website": "https://acme.example.com",
    "last_reviewed": "2026-10-01",
    "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}],
    "sla": {
        "source": "s",
        "tiers": [
            {
                "name": "E",
                "availability_pct": 99.9,
                "credit_cap_pct": 20,
                "credits": [{"below_pct": 99.9, "credit_pct": 10}, {"below_pct": 99.0, "credit_pct": 25}],
            }
        ],
    },
    "pricing": {
        "source": "s",
        "currency": "EUR",
        "early_termination_fee_pct": 50,
        "minimum_seats": 50,
        "list_prices": [
            {"name": "Named", "amount": 100, "unit": "per_agent_month", "model": "named_agent"},
            {"name": "Concurrent", "amount": 150, "unit": "per_agent_month", "model": "concurrent_agent"},
        ],
    },
}


EUR_RATE = CurrencyRate.model_validate(
    {"currency": "EUR", "rate": 1.08, "as_of": "2026-11-30", "source": "ECB euro reference rates"}
)
RATED = Settings(currency_rates=(EUR_RATE,))


def test_inputs_are_the_facts_the_formulas_read():
    data = inputs(Vendor.model_validate(ACME), RATED)
    assert data["availability"] == 99.9 and data["plannedQuarter"] is None
    # the credit as a step function of the month's availability, worked out by Python's own rule
    assert data["creditPieces"] == [
        [None, 20.0, "25% below 99%, capped at 20%", False],
        [99.0, 10.0, "10% below 99.9%", False],
        [99.9, 0.0, "no credit step applies", False],
    ]
    # the downtime the SLA allows does not depend on the inputs: 0.1% of 8,765.82 hours
    assert data["allowed"][0] == pytest.approx(8.76582) and data["allowed"][2] == "8.77 h"
    # converted at the declared rate, each saying it: EUR 100 x 1.08 = USD 108, EUR 150 x 1.08 = USD 162
    rate = "at 1.08 USD per EUR (ECB euro reference rates, 2026-11-30)"
    assert data["prices"] == [
        {"name": "Named", "amount": pytest.approx(108.0), "concurrent": False, "rate": f"EUR 100 {rate}"},
        {"name": "Concurrent", "amount": pytest.approx(162.0), "concurrent": True, "rate": f"EUR 150 {rate}"},
    ]
    assert (data["currency"], data["minimumSeats"], data["feePct"], data["termMonths"]) == (
        "USD",
        50,
        50.0,
        None,
    )
    assert (data["availabilityWhy"], data["plannedUpTo"], data["pricesWhy"]) == (None, False, None)


def test_prices_in_a_currency_without_a_rate_reach_the_script_as_unknown_with_the_reason():
    data = inputs(Vendor.model_validate(ACME), Settings())
    assert (data["prices"], data["currency"]) == ([], None)
    assert data["pricesWhy"] == (
        "Unknown: prices are in EUR and scoring.yaml declares no EUR rate into USD, so they do not compare."
    )


def test_an_objective_hands_the_script_its_reason_and_a_maximum_reads_up_to():
    doc = {
        **ACME,
        "sla": {
            "source": "s",
            "tiers": [{"name": "E", "availability_pct": 100, "commitment": "best_effort"}],
        },
        "downtime": {"source": "s", "max_planned_per_month": "8h"},
    }
    data = inputs(Vendor.model_validate(doc))
    assert data["availability"] is None
    assert data["availabilityWhy"] == (
        "No availability is committed. The E tier's 100% is only an objective "
        "(best effort), not a contractual SLA, so nothing is owed when it is missed."
    )
    assert (data["plannedQuarter"], data["plannedUpTo"]) == (24.0, True)


def test_figures_by_hand(comparison_of):
    c = comparison_of([Vendor.model_validate(ACME)])
    ctx = RenderContext(make_env(TEMPLATES), directory_urls=True)
    # 60 named at 100 = 6,000 a month; 70 concurrent at 150 = 10,500: the named offer is cheaper.
    (row,) = rows(
        c,
        Settings(
            named_agents=60,
            concurrent_agents=70,
            credit_scenario_pct=98.5,
            term_months=36,
            exit_after_months=18,
            currency_rates=(EUR_RATE,),
        ),
        ctx,
    )
    figures = {f.metric: (pytest.approx(f.value) if f.value else f.value, f.text) for f in row.figures}
    # in USD at 1.08: 6,000 x 1.08 = USD 6,480 a month, USD 77,760 a year
    assert figures["price_per_year"] == (77_760.0, "USD 77,760")
    assert figures["credit_at_scenario_pct"] == (20.0, "20%")  # 25% below 99%, capped at 20%
    assert figures["exit_exposure"] == (58_320.0, "USD 58,320")  # 50% of 18 months = 9 months x 6,480
    assert figures["planned_downtime_year_h"] == (None, "unknown")
    (page,) = pages(c, ctx)
    # scoring.yaml's settings declare no EUR rate: the price stays unknown, never read 1:1
    assert 'data-metric="price_per_year" data-value=' not in page.content
    assert '<span class="sb-fig">unknown</span>' in page.content
