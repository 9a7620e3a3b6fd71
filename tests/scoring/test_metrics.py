"""Derived metrics, each checked against figures worked by hand (the working is in the comments).

Calendar: a month is 365.2425 x 24 / 12 = 730.485 hours; a quarter of maintenance is 12 weeks.
"""

from __future__ import annotations

import pytest

from site_builder.data.model import Vendor
from site_builder.scoring.metrics import METRIC_SPECS, METRICS, compute_metrics, figure_text
from site_builder.scoring.settings import Settings

TERMS = {"id": "terms", "title": "Terms", "kind": "public_terms", "retrieved": "2026-01-15"}
PRICES = {"id": "prices", "title": "Price list", "kind": "marketing", "retrieved": "2026-01-15"}


def vendor(**sections) -> Vendor:
    doc = {
        "id": "acme",
        "name": "Acme",
        "products": ["Acme CC"],
        "website": "https://vendor.example.com/",
        "last_reviewed": "2026-01-15",
        "sources": [TERMS, PRICES],
    }
    for name, body in sections.items():
        doc[name] = {"source": "terms", **body}
    return Vendor.model_validate(doc)


def sla(**tier) -> dict:
    return {"tiers": [{"name": "Standard", **tier}]}


def value(v: Vendor, metric: str, settings: Settings | None = None):
    return compute_metrics(v, settings or Settings())[metric].value


# --- availability ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "month_min", "year_h"),
    [
        (99.99, 4.38291, 0.876582),  # 0.0001 x 730.485 h = 0.0730485 h = 4.38291 min; x 12 = 0.876582 h
        (99.9, 43.8291, 8.76582),  # 0.001 x 730.485 h = 0.730485 h = 43.8291 min; x 12 = 8.76582 h
        (99.5, 219.1455, 43.8291),  # 0.005 x 730.485 h = 3.652425 h = 219.1455 min; x 12 = 43.8291 h
        (100.0, 0.0, 0.0),
    ],
)
def test_allowed_downtime_per_month_and_year(pct, month_min, year_h):
    v = vendor(sla=sla(availability_pct=pct, measurement_period="month"))
    assert value(v, "allowed_downtime_month_min") == pytest.approx(month_min, abs=1e-6)
    assert value(v, "allowed_downtime_year_h") == pytest.approx(year_h, abs=1e-6)


@pytest.mark.parametrize(
    ("period", "hours"),
    [
        ("month", 0.730485),  # 0.001 x 730.485 h
        ("quarter", 2.191455),  # 0.001 x 3 x 730.485 h
        ("year", 8.76582),  # 0.001 x 8,765.82 h: a whole year's allowance can fall in one outage
    ],
)
def test_longest_single_outage_depends_on_the_measurement_period(period, hours):
    v = vendor(sla=sla(availability_pct=99.9, measurement_period=period))
    assert value(v, "longest_outage_h") == pytest.approx(hours, abs=1e-6)


def test_longest_outage_is_unknown_without_a_period():
    assert value(vendor(sla=sla(availability_pct=99.9)), "longest_outage_h") is None


def test_the_best_tier_is_the_headline_and_its_facts_are_used():
    v = vendor(
        sla={
            "tiers": [
                {"name": "Standard", "availability_pct": 99.9, "credit_cap_pct": 10},
                {"name": "Premium", "availability_pct": 99.99, "credit_cap_pct": 30},
            ]
        }
    )
    metrics = compute_metrics(v)
    assert metrics["availability_pct"].value == 99.99
    assert metrics["sla.tier.credit_cap_pct"].value == 30
    assert "Premium" in metrics["availability_pct"].explanation


def test_a_tier_without_an_overall_figure_uses_its_lowest_component():
    v = vendor(
        sla=sla(
            components=[
                {"name": "Voice", "availability_pct": 99.999},
                {"name": "Chat", "availability_pct": 99.95},
            ]
        )
    )
    assert value(v, "availability_pct") == 99.95


def test_an_objective_is_no_commitment_and_allows_no_computed_downtime():
    metrics = compute_metrics(vendor(sla=sla(availability_pct=100, commitment="best_effort")))
    m = metrics["availability_pct"]
    assert m.value is None
    assert m.explanation == (
        "Unknown: no availability is committed. The Standard tier's 100% is only an objective (best effort), "
        "not a contractual SLA, so nothing is owed when it is missed."
    )
    # the figure as written stays readable as a fact, and everything computed from a commitment is unknown
    assert metrics["sla.tier.availability_pct"].value == 100
    for mid in (
        "allowed_downtime_month_min",
        "allowed_downtime_year_h",
        "longest_outage_h",
        "effective_availability_pct",
    ):
        assert (metrics[mid].value, metrics[mid].explanation) == (None, m.explanation), mid


def test_an_objective_without_a_figure_backs_nothing_and_is_said_so():
    # a best-effort tier stating no availability used to stop scoring with a TypeError
    metrics = compute_metrics(vendor(sla=sla(commitment="best_effort")))
    backed = metrics["sla_availability_pct"]
    assert (backed.value, backed.display) == (0.0, "none (only an objective)")
    assert backed.explanation == (
        "No availability is committed. The Standard tier (no figure on record) is only an objective "
        "(best effort), not a contractual SLA, so nothing is owed when it is missed."
    )
    assert metrics["availability_pct"].explanation == "Unknown: no availability commitment is recorded."


def test_a_contractual_tier_heads_the_profile_over_a_higher_objective():
    v = vendor(
        sla={
            "tiers": [
                {"name": "Aim", "availability_pct": 100, "commitment": "best_effort"},
                {"name": "Paid", "availability_pct": 99.9, "commitment": "sla"},
            ]
        }
    )
    assert value(v, "availability_pct") == 99.9
    assert value(v, "sla.tier.commitment") == "sla"


# --- planned maintenance: the seed's convention is 12 weeks a quarter -----------------------------


@pytest.mark.parametrize(
    ("windows", "quarter_h"),
    [
        ([{"count": 5, "per": "week", "duration": "1h"}], 60),  # the seed: 5 x 1 h x 12 weeks = 60 h
        ([{"count": 1, "per": "quarter", "duration": "8h"}], 8),  # the seed's acceptable SLA
        ([{"count": 1, "per": "day", "duration": "30min"}], 42),  # 0.5 h x 7 days x 12 weeks
        ([{"count": 2, "per": "month", "duration": "4h"}], 24),  # 2 x 4 h x 3 months
        ([{"count": 1, "per": "year", "duration": "12h"}], 3),  # 12 h / 4 quarters
        (
            [{"count": 5, "per": "week", "duration": "1h"}, {"count": 1, "per": "quarter", "duration": "8h"}],
            68,
        ),
        ([{"count": 5, "per": "week", "duration": "1h", "service_unavailable": False}], 0),  # no impact
        ([], 0),  # known: no windows
    ],
)
def test_planned_downtime_per_quarter_and_year(windows, quarter_h):
    v = vendor(downtime={"planned_windows": windows})
    assert value(v, "planned_downtime_quarter_h") == pytest.approx(quarter_h)
    assert value(v, "planned_downtime_year_h") == pytest.approx(4 * quarter_h)


def test_the_seed_wording_holds_sixty_hours_a_quarter():
    m = compute_metrics(vendor(downtime={"planned_windows": [{"count": 5, "per": "week", "duration": "1h"}]}))
    assert m["planned_downtime_quarter_h"].display == "60 h"
    assert "5 x 1 hour per week comes to 60 hours in a quarter" in m["planned_downtime_quarter_h"].explanation


def test_a_monthly_cap_gives_planned_downtime_when_no_windows_are_listed():
    v = vendor(downtime={"max_planned_per_month": "8h"})
    assert value(v, "planned_downtime_quarter_h") == 24  # 8 h x 3 months
    # a maximum, not a schedule: scored in full (the cautious reading) but shown as what it is
    m = compute_metrics(v)
    assert [
        m[i].display
        for i in ("planned_downtime_quarter_h", "planned_downtime_year_h", "planned_downtime_cost_year")
    ] == ["up to 24 h", "up to 4 days", "up to USD 48,000,000"]
    assert m["planned_downtime_cost_year"].explanation == (
        "Up to 4 days (96 h) of planned downtime a year, in open hours: 96 x USD 500,000 an hour = up to USD 48,000,000 a year."
    )
    # an SLA of 99.9% that excludes it leaves at least 99.9% - 8 h / 730.485 h = 98.805% (a floor, not a figure)
    capped = compute_metrics(
        vendor(
            sla=sla(availability_pct=99.9, exclusions=["planned_maintenance"]),
            downtime={"max_planned_per_month": "8h"},
        )
    )["effective_availability_pct"]
    assert capped.value == pytest.approx(99.9 - 800 / 730.485) and capped.display == "at least 98.8%"
    outside = compute_metrics(v, Settings(maintenance_in_open_hours=False))["planned_downtime_cost_year"]
    assert (outside.value, outside.display) == (0.0, "USD 0")  # nothing to pay: no "up to"


def test_planned_downtime_is_unknown_without_windows_or_cap():
    assert value(vendor(downtime={"notice": "7d"}), "planned_downtime_quarter_h") is None
    assert value(vendor(), "planned_downtime_quarter_h") is None


# --- effective availability -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        # 8 h a quarter = 2.6667 h a month; 2.6667 / 730.485 = 0.36505% -> 99.9 - 0.36505 = 99.53495
        ([{"count": 1, "per": "quarter", "duration": "8h"}], 99.534946),
        # 60 h a quarter = 20 h a month; 20 / 730.485 = 2.73791% -> 99.9 - 2.73791 = 97.16209
        ([{"count": 5, "per": "week", "duration": "1h"}], 97.162093),
        ([], 99.9),
    ],
)
def test_effective_availability_when_the_sla_excludes_maintenance(windows, expected):
    v = vendor(
        sla=sla(availability_pct=99.9, exclusions=["planned_maintenance"]),
        downtime={"planned_windows": windows},
    )
    assert value(v, "effective_availability_pct") == pytest.approx(expected, abs=1e-5)


def test_effective_availability_when_maintenance_counts_against_the_sla():
    v = vendor(
        sla=sla(availability_pct=99.9),
        downtime={
            "planned_windows": [{"count": 5, "per": "week", "duration": "1h"}],
            "counts_against_sla": True,
        },
    )
    assert value(v, "effective_availability_pct") == 99.9
    assert value(v, "maintenance_excluded") is False


def test_effective_availability_is_unknown_when_the_exclusion_is_unknown():
    v = vendor(
        sla=sla(availability_pct=99.9),
        downtime={"planned_windows": [{"count": 1, "per": "week", "duration": "1h"}]},
    )
    assert value(v, "maintenance_excluded") is None
    assert value(v, "effective_availability_pct") is None


def test_an_exclusion_list_that_does_not_mention_maintenance_leaves_it_unknown():
    # Genesys: the "Uptime Exclusions" name the customer's network, misconfiguration and carriers;
    # not mentioning maintenance is not saying it counts.
    genesys = vendor(sla=sla(exclusions=["customer_network", "misconfiguration", "third_party_carriers"]))
    m = compute_metrics(genesys)["maintenance_excluded"]
    assert (m.value, m.display) == (None, "unknown")
    assert value(vendor(sla=sla(exclusions=["planned_maintenance"])), "maintenance_excluded") is True
    assert value(vendor(sla=sla(exclusions=[])), "maintenance_excluded") is False  # known: excludes nothing


# --- credits, claims, cost of downtime -----------------------------------------------------------

CREDITS = [
    {"below_pct": 99.99, "credit_pct": 5},
    {"below_pct": 99.0, "credit_pct": 15},
    {"below_pct": 95.0, "credit_pct": 100},
]


@pytest.mark.parametrize(
    ("availability", "credit"),
    [
        (99.995, 0),  # not below any step
        (99.0, 5),  # below 99.99 but not strictly below 99.0
        (98.5, 15),
        (94.0, 50),  # 100% step, capped at 50%
    ],
)
def test_credit_earned_at_a_given_availability(availability, credit):
    v = vendor(sla=sla(availability_pct=99.99, credits=CREDITS, credit_cap_pct=50))
    assert value(v, "credit_at_scenario_pct", Settings(credit_scenario_pct=availability)) == credit


def test_credit_is_unknown_without_a_table_or_with_duration_credits_only():
    assert value(vendor(sla=sla(availability_pct=99.9)), "credit_at_scenario_pct") is None
    durations = [{"min_outage": "2h", "credit_pct": 10}]
    assert value(vendor(sla=sla(credits=durations)), "credit_at_scenario_pct") is None
    assert value(vendor(sla=sla(credits=[])), "credit_at_scenario_pct") == 0  # known: no credits


@pytest.mark.parametrize(("within", "hours"), [("24h", 24), ("30d", 720), ("2bd", 48), ("1w", 168)])
def test_claim_window_in_hours(within, hours):
    v = vendor(sla=sla(claim_window={"within": within, "starts": "incident"}))
    assert value(v, "claim_window_h") == hours


def test_yearly_cost_of_downtime_at_the_sla_floor():
    # 99.99%: 0.876582 h a year x 500,000 USD = 438,291 USD
    m = compute_metrics(vendor(sla=sla(availability_pct=99.99)))["downtime_cost_year"]
    assert m.value == pytest.approx(438_291)
    assert (m.unit, m.display) == ("USD", "USD 438,291")
    # 8 h a quarter = 32 h a year x 1,000 EUR = 32,000 EUR
    v = vendor(downtime={"planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}]})
    settings = Settings(downtime_cost_per_hour=1000, cost_currency="EUR")
    assert value(v, "planned_downtime_cost_year", settings) == pytest.approx(32_000)


def _priced(**pricing) -> dict:
    return {
        "currency": "USD",
        "list_prices": [
            {
                "name": "Named seat",
                "amount": 100,
                "unit": "per_agent_month",
                "model": "named_agent",
                "source": "prices",
            },
        ],
        **pricing,
    }


def test_share_of_a_bad_months_downtime_cost_the_credit_pays():
    # 99% = 1% of 730.485 h = 7.30485 h down x 500,000 = 3,652,425 USD lost.
    # Credit 5% of the bill: 100 named seats x 100 USD = 10,000 USD -> 500 USD = 0.0136895% of the loss.
    v = vendor(sla=sla(availability_pct=99.99, credits=CREDITS), pricing=_priced())
    m = compute_metrics(v)["credit_cover_pct"]
    assert m.value == pytest.approx(0.0136895, rel=1e-5)
    assert m.sources == ("terms", "prices")


def test_credit_cover_is_unknown_when_the_bad_month_loses_nothing():
    v = vendor(sla=sla(availability_pct=99.99, credits=CREDITS), pricing=_priced())
    for settings in (Settings(downtime_cost_per_hour=0.0), Settings(credit_scenario_pct=100.0)):
        m = compute_metrics(v, settings)["credit_cover_pct"]
        assert (m.value, m.explanation) == (
            None,
            "Unknown: the bad month loses nothing (no downtime, or an hour down costs 0).",
        )


def test_credit_cover_needs_the_same_currency():
    v = vendor(sla=sla(credits=CREDITS), pricing=_priced(currency="EUR"))
    assert value(v, "credit_cover_pct") is None


# --- price and exit -------------------------------------------------------------------------------


def test_price_per_agent_and_per_year_for_the_seat_mix():
    v = vendor(pricing=_priced())
    # 100 named agents x 100 USD = 10,000 USD a month: 100 USD per agent, 120,000 USD a year
    assert value(v, "price_per_agent_month") == 100
    assert value(v, "price_per_year") == 120_000
    assert compute_metrics(v)["price_per_agent_month"].unit == "USD"


def test_concurrent_licences_win_when_cheaper_for_the_mix():
    concurrent = {
        "name": "Concurrent seat",
        "amount": 130,
        "unit": "per_agent_month",
        "model": "concurrent_agent",
    }
    v = vendor(pricing=_priced(list_prices=_priced()["list_prices"] + [concurrent]))
    # named: 100 x 100 = 10,000; concurrent: 70 x 130 = 9,100 -> 9,100 / 100 agents = 91 USD per agent
    assert value(v, "price_per_agent_month") == pytest.approx(91)
    assert value(v, "price_per_year") == pytest.approx(109_200)


def test_minimum_seats_raise_the_bill():
    v = vendor(pricing=_priced(minimum_seats=150))
    assert value(v, "price_per_agent_month") == 150  # 150 seats x 100 USD / 100 agents


def test_usage_pricing_has_no_per_agent_price():
    v = vendor(
        pricing={"currency": "USD", "list_prices": [{"name": "Voice", "amount": 0.018, "unit": "per_minute"}]}
    )
    assert value(v, "price_per_agent_month") is None


@pytest.mark.parametrize(
    ("fee", "term", "months", "exposure"),
    [
        (100, None, 18, 180_000),  # 36-month term, exit after 18: 18 months x 100% x 10,000 USD
        (50, None, 9, 90_000),  # 18 x 50% = 9 months of fees
        (100, 60, 42, 420_000),  # the vendor's 60-month term leaves 42 months
        (0, None, 0, 0),
    ],
)
def test_exit_exposure(fee, term, months, exposure):
    pricing = _priced(early_termination_fee_pct=fee) | ({"term_months": term} if term else {})
    v = vendor(pricing=pricing)
    assert value(v, "exit_fee_months") == pytest.approx(months)
    assert value(v, "exit_exposure") == pytest.approx(exposure)


def test_a_zero_fee_means_no_exposure_even_without_a_price():
    assert value(vendor(pricing={"early_termination_fee_pct": 0}), "exit_exposure") == 0


# --- Log4J, support, raw facts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log4j", "days"),
    [
        ({"remediated": "2021-12-31"}, 22),  # 9 -> 31 December: 22 days
        ({"status": "fixed", "status_as_of": "2021-12-23"}, 14),  # at most 14 days
        ({"affected": False}, 0),
        ({"status": "not_affected"}, 0),
        ({"status": "investigating"}, None),
    ],
)
def test_days_from_log4shell_disclosure_to_remediation(log4j, days):
    assert value(vendor(log4j=log4j), "log4j_days") == days


def test_a_vendor_log4shell_did_not_affect_reads_as_not_affected_not_as_zero_days():
    m = compute_metrics(vendor(log4j={"affected": False}))["log4j_days"]
    assert (m.value, m.display) == (0.0, "not affected")  # scored as the fastest response, shown in words
    assert compute_metrics(vendor(log4j={"remediated": "2021-12-09"}))["log4j_days"].display == "0 days"


@pytest.mark.parametrize(
    ("support", "expected"),
    [
        ({"severities": [{"level": 1, "hours": {"always": True}}], "hours": {"days": ["mon"]}}, True),
        ({"hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "17:00"}}, False),
        (
            {
                "hours": {
                    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "start": "00:00",
                    "end": "23:59",
                }
            },
            True,
        ),
        ({"hours": {"always": False}}, False),
        ({"named_account_manager": True}, None),
    ],
)
def test_critical_incidents_worked_round_the_clock(support, expected):
    assert value(vendor(support=support), "critical_support_24x7") is expected


def test_critical_response_is_the_most_severe_levels_target():
    v = vendor(support={"severities": [{"level": 2, "response": "4h"}, {"level": 1, "response": "15min"}]})
    assert value(v, "critical_response_h") == 0.25


def test_raw_facts_keep_their_source_and_durations_become_hours():
    v = vendor(
        pricing={"taxes_included": False, "fact_sources": {"taxes_included": "prices"}},
        security={"breach_notification": "3d"},
    )
    m = compute_metrics(v)
    assert (m["pricing.taxes_included"].value, m["pricing.taxes_included"].sources) == (False, ("prices",))
    assert (m["security.breach_notification"].value, m["security.breach_notification"].unit) == (72, "h")
    assert m["pricing.early_termination_fee_pct"].value is None  # unknown, never 0


def test_sets_and_choices_carry_the_models_vocabulary():
    assert "eu" in METRIC_SPECS["tenant_isolation.residency_regions"].choices
    assert METRIC_SPECS["sla.tier.measurement_period"].choices == (
        "month",
        "quarter",
        "year",
        "event",
        "session",
    )
    assert METRIC_SPECS["tenant_isolation.residency_regions"].kind == "set"
    v = vendor(tenant_isolation={"residency_regions": ["eu", "de"]})
    assert compute_metrics(v)["tenant_isolation.residency_regions"].display == "EU, DE"


def test_metric_ids_are_unique():
    assert len(METRIC_SPECS) == len(METRICS)


def test_every_known_metric_names_its_sources_and_every_unknown_says_so():
    v = vendor(
        sla=sla(
            availability_pct=99.9,
            measurement_period="month",
            credits=CREDITS,
            credit_cap_pct=50,
            claim_window={"within": "24h", "starts": "incident"},
            exclusions=["planned_maintenance"],
        ),
        downtime={"planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}]},
        pricing=_priced(early_termination_fee_pct=100, taxes_included=False),
        support={"severities": [{"level": 1, "response": "1h", "hours": {"always": True}}]},
        log4j={"remediated": "2022-01-10"},
    )
    for m in compute_metrics(v).values():
        if m.known:
            assert m.sources, m.id
        else:
            assert m.explanation.startswith(("Unknown", "Not comparable")), m.id


@pytest.mark.parametrize(
    ("value_", "unit", "text"),
    [
        (99.99, "%", "99.99%"),
        (60.0, "h", "60 h"),
        (4.38291, "min", "4.38 min"),
        (438291.0, "USD", "USD 438,291"),
        (True, "", "yes"),
        (None, "h", "unknown"),
        (("eu", "de"), "", "EU, DE"),
        ((), "", "none"),
    ],
)
def test_values_are_shown_with_their_units(value_, unit, text):
    assert figure_text(value_, unit) == text


def test_downtime_cost_counts_open_hours_and_maintenance_in_open_hours_only():
    from site_builder.data.model import Vendor
    from site_builder.scoring.metrics import compute_metrics
    from site_builder.scoring.settings import Settings

    v = Vendor.model_validate(
        {
            "id": "a",
            "name": "A",
            "products": ["X"],
            "website": "https://a.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}],
            "sla": {"source": "s", "tiers": [{"name": "E", "availability_pct": 99.9}]},
            "downtime": {
                "source": "s",
                "planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}],
            },
        }
    )
    # 99.9% of 8,765.82 hours (365.2425 days) a year = 8.76582 h; 32 h of maintenance a year
    full = compute_metrics(v, Settings(downtime_cost_per_hour=1000))
    assert full["downtime_cost_year"].value == pytest.approx(8765.82)
    assert full["planned_downtime_cost_year"].value == pytest.approx(32_000)
    office = compute_metrics(
        v,
        Settings(downtime_cost_per_hour=1000, open_hours_per_week=42, maintenance_in_open_hours=False),
    )
    assert office["downtime_cost_year"].value == pytest.approx(8765.82 * 42 / 168)  # a quarter of the week
    assert office["planned_downtime_cost_year"].value == 0
    assert office["planned_downtime_cost_year"].explanation == (
        "32 hours of planned downtime a year, outside open hours, so it costs nothing."
    )


def test_only_a_contractual_sla_backs_an_availability_figure():
    backed = compute_metrics(vendor(sla=sla(availability_pct=99.99, commitment="sla")))[
        "sla_availability_pct"
    ]
    assert backed.value == 99.99
    unstated = compute_metrics(vendor(sla=sla(availability_pct=99.99)))["sla_availability_pct"]
    assert (unstated.value, unstated.explanation) == (
        None,
        "Unknown: Standard states 99.99%, but whether it is a contractual SLA with credits is not on record.",
    )
    objective = compute_metrics(vendor(sla=sla(availability_pct=100, commitment="slo")))[
        "sla_availability_pct"
    ]
    assert (objective.value, objective.display) == (
        0.0,
        "none (only an objective)",
    )  # known: fails a must-have
    assert objective.explanation == (
        "No availability is committed. The Standard tier's 100% is only an objective "
        "(SLO), not a contractual SLA, so nothing is owed when it is missed."
    )
