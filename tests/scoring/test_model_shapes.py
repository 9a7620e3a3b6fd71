"""The remaining shapes of issue 13, each written the way a document says it, with the figures of every
metric it feeds worked by hand: inferred facts feeding derived metrics, currency rates, bounds on any
figure, several support windows a day, certifications per product.

Calendar: a month is 365.2425 x 24 / 12 = 730.485 hours, a year 8,765.82 hours."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.data.model import Vendor
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.metrics import compute_metrics
from site_builder.scoring.score import score_vendors
from site_builder.scoring.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = load_criteria(ROOT / "scoring.yaml")
TODAY = date(2026, 11, 22)


def vendor(vid: str = "acme", products: list | None = None, **sections) -> Vendor:
    return Vendor.model_validate(
        {
            "id": vid,
            "name": vid.title(),
            "products": products or ["CC"],
            "website": "https://example.com/",
            "last_reviewed": "2026-10-01",
            "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
            **{k: {"source": "s", **v} for k, v in sections.items()},
        }
    )


def metrics(v: Vendor, settings: Settings | None = None):
    return compute_metrics(v, settings or SHIPPED.settings)


# --- inferred facts feed every derived metric -------------------------------------------------------

GUESS = "the status page reports uptime against 99.9%, so the SLA is read as 99.9% a month"


def test_every_metric_computed_from_an_inferred_availability_is_inferred():
    # "Our status page measures 99.9% uptime" (no SLA text states it): the figure is inferred.
    tier = {"name": "Standard", "availability_pct": 99.9, "measurement_period": "month", "commitment": "sla"}
    v = vendor(sla={"tiers": [{**tier, "inferred": {"availability_pct": GUESS}}]})
    m = metrics(v)
    # 0.001 x 730.485 h = 0.730485 h = 43.8291 min a month; x 12 = 8.76582 h a year; a single outage
    # within a month: 0.730485 h; a year's downtime x USD 500,000 an hour = USD 4,382,910.
    figures = {
        "availability_pct": 99.9,
        "sla_availability_pct": 99.9,
        "allowed_downtime_month_min": 43.8291,
        "allowed_downtime_year_h": 8.76582,
        "longest_outage_h": 0.730485,
        "downtime_cost_year": 4_382_910.0,
    }
    for mid, expected in figures.items():
        assert m[mid].value == pytest.approx(expected, rel=1e-6), mid
        assert m[mid].inferred == GUESS, mid
        assert m[mid].explanation.endswith(f"Inferred, not stated: {GUESS}"), mid
    # Facts not computed from it are not marked: planned downtime is unknown, Log4J not recorded.
    assert m["planned_downtime_quarter_h"].inferred is None
    board = score_vendors([v], SHIPPED, today=TODAY)
    cells = {s.criterion: s for s in board.vendor("acme").scores}
    inferred_weight = SHIPPED.confidence.evidence_weights["inferred"]  # 0.2
    for s in cells.values():
        if s.known and s.metric in figures:
            assert (s.evidence, s.confidence) == ("inferred", inferred_weight), s.criterion


def test_a_derived_metric_of_stated_facts_stays_stated():
    v = vendor(sla={"tiers": [{"name": "Standard", "availability_pct": 99.9, "measurement_period": "month"}]})
    m = metrics(v)
    assert m["allowed_downtime_month_min"].inferred is None
    assert m["allowed_downtime_month_min"].explanation == (
        "99.9% availability allows up to 43.8 minutes of downtime in an average month (30.44 days)."
    )


def test_inferred_planned_windows_mark_the_planned_downtime_and_what_follows():
    # "Maintenance usually takes place on Sundays for up to 4 hours" (a help page, not a commitment).
    why = "a help page says maintenance 'usually' takes Sunday nights, up to 4 hours"
    v = vendor(
        sla={
            "tiers": [{"name": "Standard", "availability_pct": 99.9, "exclusions": ["planned_maintenance"]}]
        },
        downtime={
            "planned_windows": [{"count": 1, "per": "week", "duration": "4h"}],
            "inferred": {"planned_windows": why},
        },
    )
    m = metrics(v)
    # 1 x 4 h x 12 weeks = 48 h a quarter; 192 h a year; x USD 500,000 = USD 96,000,000 a year.
    # Effective: 99.9 - 100 x 16 h / 730.485 h = 99.9 - 2.19032 = 97.70968%.
    assert m["planned_downtime_quarter_h"].value == pytest.approx(48.0)
    assert m["planned_downtime_year_h"].value == pytest.approx(192.0)
    assert m["planned_downtime_cost_year"].value == pytest.approx(96_000_000.0)
    assert m["effective_availability_pct"].value == pytest.approx(97.70968, abs=1e-5)
    for mid in ("planned_downtime_quarter_h", "planned_downtime_year_h", "planned_downtime_cost_year"):
        assert m[mid].inferred == why, mid
    assert m["effective_availability_pct"].inferred == why
    assert m["availability_pct"].inferred is None  # stated


# --- currency rates -----------------------------------------------------------------------------------

EUR = {"currency": "EUR", "rate": 1.08, "as_of": "2026-11-30", "source": "ECB euro reference rates"}
EUR_PRICING = {
    # "Standard: EUR 80 per agent per month; Premium: EUR 120. Early exit: 50% of the remaining fees."
    "currency": "EUR",
    "list_prices": [
        {"name": "Standard", "amount": 80, "unit": "per_agent_month"},
        {"name": "Premium", "amount": 120, "unit": "per_agent_month"},
    ],
    "early_termination_fee_pct": 50,
}


def with_rates(*rates) -> Settings:
    return SHIPPED.settings.model_copy(
        update={
            "currency_rates": tuple(Settings.model_validate({"currency_rates": list(rates)}).currency_rates)
        }
    )


def test_a_price_in_euros_is_converted_at_the_declared_rate():
    v = vendor(
        sla={
            "tiers": [
                {"name": "Std", "availability_pct": 99.9, "credits": [{"below_pct": 99.9, "credit_pct": 10}]}
            ]
        },
        pricing=EUR_PRICING,
    )
    m = metrics(v, with_rates(EUR))
    # EUR 80 x 1.08 = USD 86.40 a seat; x 100 named seats = USD 8,640 a month; per agent USD 86.40.
    assert (m["price_per_agent_month"].value, m["price_per_agent_month"].unit) == (pytest.approx(86.4), "USD")
    assert m["price_per_agent_month"].explanation == (
        "Cheapest published seat price: Standard, EUR 80 a month = USD 86.4 at 1.08 USD per EUR (ECB euro "
        "reference rates, 2026-11-30) x 100 named seats = USD 8,640 a month, USD 86.4 per named agent (100 agents)."
    )
    # a year: 8,640 x 12 = USD 103,680
    assert m["price_per_year"].value == pytest.approx(103_680.0)
    # exit after 18 of 36 months: 50% of 18 = 9 months x USD 8,640 = USD 77,760
    assert (m["exit_exposure"].value, m["exit_exposure"].unit) == (pytest.approx(77_760.0), "USD")
    # credit cover at 99%: 10% of USD 8,640 = USD 864 against 7.30485 h x USD 500,000 = USD 3,652,425:
    # 864 / 3,652,425 = 0.023656%
    assert m["credit_cover_pct"].value == pytest.approx(100 * 864 / 3_652_425)


def test_a_price_in_a_currency_without_a_rate_stays_unknown_never_one_to_one():
    v = vendor(pricing=EUR_PRICING)
    m = metrics(v, with_rates())
    for mid in ("price_per_agent_month", "price_per_year", "exit_exposure"):
        assert m[mid].value is None, mid
    assert m["price_per_agent_month"].explanation == (
        "Unknown: prices are in EUR and scoring.yaml declares no EUR rate into USD, so they do not compare."
    )
    # a GBP rate does not convert euros
    gbp = {"currency": "GBP", "rate": 1.27, "as_of": "2026-11-30", "source": "Bank of England spot rate"}
    assert metrics(v, with_rates(gbp))["price_per_agent_month"].value is None


def test_one_price_in_its_own_currency_beside_the_sections():
    # A US list in USD and a UK list in GBP: GBP 50 x 1.27 = USD 63.50 is cheaper than USD 70.
    gbp = {"currency": "GBP", "rate": 1.27, "as_of": "2026-11-30", "source": "Bank of England spot rate"}
    pricing = {
        "currency": "USD",
        "list_prices": [
            {"name": "US seat", "amount": 70, "unit": "per_agent_month"},
            {"name": "UK seat", "amount": 50, "currency": "GBP", "unit": "per_agent_month"},
        ],
    }
    m = metrics(vendor(pricing=pricing), with_rates(gbp))
    assert m["price_per_agent_month"].value == pytest.approx(63.5)
    # Without the GBP rate the UK price does not compare; the US one still does.
    assert metrics(vendor(pricing=pricing), with_rates())["price_per_agent_month"].value == pytest.approx(
        70.0
    )


# --- several support windows a day ---------------------------------------------------------------------

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
WEEK = [*WEEKDAYS, "sat", "sun"]


def test_a_lunch_break_two_windows_a_day():
    # "Support is available Monday to Friday, 08:00-12:00 and 13:00-18:00 CET."
    hours = {"days": WEEKDAYS, "windows": ["08:00-12:00", "13:00-18:00"], "timezone": "CET"}
    m = metrics(vendor(support={"hours": hours}))
    # (4 h + 5 h) = 9 h a day x 5 days = 45 h a week; not round the clock.
    assert m["support_hours_week"].value == 45.0
    assert m["support_hours_week"].explanation == (
        "General support works 08:00-12:00 and 13:00-18:00 (CET), 9 hours a day, on mon, tue, wed, thu, fri: "
        "9 x 5 = 45 hours of the week's 168."
    )
    assert m["critical_support_24x7"].value is False
    assert (
        m["critical_support_24x7"].explanation
        == "Critical incidents (general support) are worked only in set hours."
    )


def test_two_windows_that_meet_at_noon_every_day_are_round_the_clock():
    # Severity 1: "00:00-12:00 by the EMEA team and 12:00-23:59 by the Americas team, every day".
    sev = {"level": 1, "hours": {"days": WEEK, "windows": ["00:00-12:00", "12:00-23:59"]}}
    general = {"days": WEEKDAYS, "windows": ["09:00-13:00", "14:00-17:30"]}
    m = metrics(vendor(support={"hours": general, "severities": [sev]}))
    assert m["critical_support_24x7"].value is True
    # general support: 4 h + 3.5 h = 7.5 h x 5 = 37.5 h a week
    assert m["support_hours_week"].value == 37.5


def test_a_window_past_midnight_and_a_24x7_week():
    # "Night desk 22:00-06:00, every day": 2 h before midnight + 6 h after = 8 h a day, 56 h a week.
    m = metrics(vendor(support={"hours": {"days": WEEK, "windows": ["22:00-06:00"]}}))
    assert (m["support_hours_week"].value, m["critical_support_24x7"].value) == (56.0, False)
    m = metrics(vendor(support={"hours": {"always": True}}))
    assert (m["support_hours_week"].value, m["critical_support_24x7"].value) == (168.0, True)
    # days without times: the hours are unknown, never a guess
    m = metrics(vendor(support={"hours": {"days": WEEKDAYS}}))
    assert m["support_hours_week"].value is None
    assert (
        m["support_hours_week"].explanation == "Unknown: the days and times of support are not both recorded."
    )


# --- bounds on any figure -------------------------------------------------------------------------------


def _cells(v: Vendor):
    board = score_vendors([v], SHIPPED, today=TODAY)
    return board, {s.criterion: s for s in board.vendor(v.id).scores}


def test_an_availability_of_at_least_a_figure_scores_its_floor_and_bounds_what_follows():
    # "We commit to availability of at least 99.9% each calendar month."
    tier = {
        "name": "Std",
        "availability_pct": "at least 99.9",
        "measurement_period": "month",
        "commitment": "sla",
    }
    v = vendor(sla={"tiers": [tier]})
    assert v.sla.tiers[0].availability_pct == 99.9
    m = metrics(v)
    assert m["availability_pct"].display == "at least 99.9%"
    assert m["sla_availability_pct"].display == "at least 99.9%"
    # the downtime allowed is bounded the other way: at most 43.83 min a month, 8.766 h a year, a single
    # outage of at most 0.7305 h; its cost at most 8.76582 h x USD 500,000 = USD 4,382,910
    assert m["allowed_downtime_month_min"].value == pytest.approx(43.8291, rel=1e-6)
    assert m["allowed_downtime_month_min"].display == "at most 43.8 min"
    assert m["allowed_downtime_month_min"].explanation == (
        "at least 99.9% availability allows at most 43.8 minutes of downtime in an average month (30.44 days)."
    )
    assert m["allowed_downtime_year_h"].display == "at most 8.77 h"
    assert m["longest_outage_h"].display == "at most 43.8 min"
    assert m["downtime_cost_year"].display == "at most USD 4,382,910"
    board, cells = _cells(v)
    # worst case 99.9% -> 60 (the availability scale); best case beyond 99.999% -> 100
    a = cells["availability"]
    assert (a.score, a.worst, a.best, a.known, a.display) == (60.0, 60.0, 100.0, True, "at least 99.9%")
    # the must-have 'SLA of at least 99.99%' cannot be told from 'at least 99.9%': unconfirmed, not a pass
    musts = {r.id: r for r in board.vendor("acme").must_haves}
    assert musts["sla-99-99"].status == "unconfirmed"
    assert musts["sla-99-99"].reason == (
        "Availability backed by an SLA with credits is at least 99.9%: not enough to tell whether it is at "
        "least 99.99%"
    )


def test_an_availability_of_at_least_the_required_figure_passes():
    tier = {"name": "Std", "availability_pct": "at least 99.99", "commitment": "sla"}
    board, _ = _cells(vendor(sla={"tiers": [tier]}))
    musts = {r.id: r for r in board.vendor("acme").must_haves}
    assert (musts["sla-99-99"].status, musts["sla-99-99"].reason) == (
        "pass",
        "Availability backed by an SLA with credits: at least 99.99%",
    )


def test_an_early_termination_fee_of_at_most_a_figure_scores_the_figure_and_raises_its_worst_case():
    # "Early termination: up to 100% of the fees for the remainder of the term."
    v = vendor(pricing={"early_termination_fee_pct": "at most 100"})
    m = metrics(v)
    assert m["pricing.early_termination_fee_pct"].display == "at most 100%"
    # leaving after 18 of 36 months: at most 100% x 18 = 18 months of fees
    assert (m["exit_fee_months"].value, m["exit_fee_months"].display) == (18.0, "at most 18 months")
    board, cells = _cells(v)
    fee = cells["termination-fee"]
    # lower is better: the worst case is the bound, 100% -> 0; the best case (no fee) -> 100
    assert (fee.score, fee.worst, fee.best) == (0.0, 0.0, 100.0)
    flags = {f.id: f for f in board.vendor("acme").flags}
    assert flags["full-termination-fee"].message == (
        "Early termination costs at most 100% of the remaining contract value"
    )


def test_a_fee_of_at_least_a_figure_that_is_low_has_no_upper_limit():
    # "an early-termination fee of not less than 25%": worst case unbounded -> the scale's worst
    v = vendor(pricing={"early_termination_fee_pct": "at least 25"})
    board, cells = _cells(v)
    fee = cells["termination-fee"]
    assert (fee.score, fee.worst, fee.best, fee.display) == (0.0, 0.0, 70.0, "at least 25%")
    # 'at least 100' is raised in full; 'at least 25' may reach 100: raised as its worst case
    assert [f.id for f in board.vendor("acme").flags if f.id == "full-termination-fee"] == [
        "full-termination-fee"
    ]


def test_a_credit_of_at_least_a_figure_and_a_count_bound():
    # "a service credit of at least 10% of the monthly fee below 99.9%"; "up to 3 named contacts".
    tier = {
        "name": "Std",
        "availability_pct": 99.9,
        "credits": [{"below_pct": 99.9, "credit_pct": "at least 10"}],
    }
    v = vendor(sla={"tiers": [tier]}, support={"named_contacts": "at most 3"})
    m = metrics(v)
    assert (m["credit_at_scenario_pct"].value, m["credit_at_scenario_pct"].display) == (10.0, "at least 10%")
    assert m["support.named_contacts"].display == "at most 3"
    _, cells = _cells(v)
    credit = cells["service-credit"]
    # 10% -> 50 in the worst case; beyond 50% -> 100 at best
    assert (credit.score, credit.worst, credit.best) == (50.0, 50.0, 100.0)


def test_bounds_are_written_back_as_written_and_read_in_words():
    from site_builder.data.words import format_value

    tier = {"name": "Std", "availability_pct": "at least 99.9"}
    v = vendor(sla={"tiers": [tier]}, pricing={"minimum_seats": "at least 10", "term_months": 12})
    dumped = v.model_dump(mode="json")
    assert dumped["sla"]["tiers"][0]["availability_pct"] == "at least 99.9"
    assert (dumped["pricing"]["minimum_seats"], dumped["pricing"]["term_months"]) == ("at least 10", 12)
    assert Vendor.model_validate(dumped) == v
    assert format_value(v.sla.tiers[0].availability_pct) == "at least 99.9"
    assert format_value(v.pricing.minimum_seats) == "at least 10"


# --- certifications per product -------------------------------------------------------------------------

PRODUCTS = [
    {"id": "flex", "name": "Flex"},
    {"id": "voice", "name": "Programmable Voice", "role": "neighbour"},
]


def test_a_certification_of_a_neighbouring_product_is_context_never_scored():
    # "ISO/IEC 27001 certified; Programmable Voice ... SOC 2 Type II" (SOC 2 not stated for Flex).
    certs = ["iso27001", "iso27018", {"name": "soc2", "scope": "Type II", "covers": ["voice"]}]
    v = vendor(products=PRODUCTS, security={"certifications": certs})
    m = metrics(v)
    assert m["security.certifications"].value == ("iso27001", "iso27018")
    assert m["security.certifications"].display == "ISO 27001, ISO 27018"
    _, cells = _cells(v)
    # set scale, summed: iso27001 30 + iso27018 10 = 40 (SOC 2's 30 would make it 70)
    assert cells["certifications"].score == 40.0
    from site_builder.data.words import format_value

    assert format_value(v.security.certifications) == "ISO 27001, ISO 27018, SOC 2 (Type II), for voice"


def test_a_certification_held_for_the_compared_product_with_a_scope_counts():
    # "C5 (Frankfurt)": held for the compared product, in one region.
    certs = ["iso27001", {"name": "c5", "scope": "Frankfurt region", "covers": ["flex"]}]
    v = vendor(products=PRODUCTS, security={"certifications": certs})
    assert metrics(v)["security.certifications"].value == ("iso27001", "c5")
    _, cells = _cells(v)
    assert cells["certifications"].score == 35.0  # 30 + 5


def test_only_a_neighbours_certifications_leave_the_compared_products_unknown_not_none():
    v = vendor(products=PRODUCTS, security={"certifications": [{"name": "soc2", "covers": ["voice"]}]})
    m = metrics(v)
    assert m["security.certifications"].value is None
    _, cells = _cells(v)
    assert (cells["certifications"].known, cells["certifications"].score) == (False, 0.0)


def test_a_list_that_starts_with_a_certification_record_reads_as_words_in_the_diff():
    from site_builder.history.diff import flatten

    certs = [{"name": "c5", "scope": "Frankfurt region", "covers": ["flex"]}, "iso27001"]
    v = vendor(products=PRODUCTS, security={"certifications": certs})
    assert flatten(v)["security.certifications"] == "C5 (Frankfurt region), for flex, ISO 27001"
