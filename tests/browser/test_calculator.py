"""The cost calculator in Chromium: every figure equals Python's metrics for the same inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.comparison import Comparison
from site_builder.data.model import Vendor
from site_builder.data.read import require_vendors
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.metrics import compute_metrics, objective_tier
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors
from site_builder.site.pages.calculator import FIGURES, NO_LIMIT, pages
from site_builder.site.pages.calculator import INPUTS as FORM_INPUTS
from site_builder.site.render import RenderContext, make_env

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]

INPUTS = {
    "defaults": {},
    "business hours, maintenance at night": {"openHours": 55, "maint": 0},
    "cheaper hour, fewer seats, early exit": {"cost": 120000, "named": 40, "concurrent": 25, "exit": 6},
    "longer term, worse month": {"term": 60, "exit": 24, "scenario": 97.5, "named": 250, "concurrent": 180},
    "an hour down costs nothing": {"cost": 0},
    "a perfect bad month": {"scenario": 100},
}
HASH_KEYS = {i.name: i.setting for i in FORM_INPUTS}  # the form declares them (calculator.INPUTS)


# Hand-made profiles for the formulas the sample data never reaches: a minimum seat count, a
# concurrent offer, a credit cap, a fee over a vendor term longer than the buyer's, a fee of 0,
# a currency other than the cost's (EUR with a declared rate, GBP without one), an objective instead of a commitment, a monthly maximum of
# planned downtime, weekly windows, and a profile with nothing known.
SRC = [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}]
BASE = {
    "products": ["X"],
    "website": "https://vendor.example.com/",
    "last_reviewed": "2026-10-01",
    "sources": SRC,
}
CALC_VENDORS = [
    {
        **BASE,
        "id": "eur-named",
        "name": "Eur Named",
        "sla": {
            "source": "s",
            "tiers": [
                {
                    "name": "E",
                    "availability_pct": 99.9,
                    "commitment": "sla",
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
    },
    {
        **BASE,
        "id": "usd-concurrent",
        "name": "Usd Concurrent",
        "sla": {
            "source": "s",
            "tiers": [
                {
                    "name": "Gold",
                    "availability_pct": 99.95,
                    "commitment": "sla",
                    "measurement_period": "month",
                    "credits": [
                        {"below_pct": 99.95, "credit_pct": 10},
                        {"below_pct": 99.0, "credit_pct": 30},
                    ],
                }
            ],
        },
        "downtime": {"source": "s", "planned_windows": [{"count": 5, "duration": "1h", "per": "week"}]},
        "pricing": {
            "source": "s",
            "currency": "USD",
            "early_termination_fee_pct": 100,
            "term_months": 48,
            "list_prices": [
                {"name": "Seat", "amount": 90, "unit": "per_user_month", "model": "named_agent"},
                {"name": "Shared", "amount": 110, "unit": "per_agent_month", "model": "concurrent_agent"},
            ],
        },
    },
    {
        **BASE,
        "id": "objective",
        "name": "Objective Only",
        "sla": {
            "source": "s",
            "tiers": [{"name": "Aim", "availability_pct": 100, "commitment": "best_effort"}],
        },
        "downtime": {"source": "s", "max_planned_per_month": "8h"},
        "pricing": {
            "source": "s",
            "currency": "USD",
            "early_termination_fee_pct": 0,
            "list_prices": [
                {"name": "Seat", "amount": 80, "unit": "per_agent_month", "model": "named_agent"}
            ],
        },
    },
    {
        **BASE,
        "id": "gbp-no-rate",
        "name": "Gbp No Rate",
        "pricing": {
            "source": "s",
            "currency": "GBP",
            "list_prices": [{"name": "Seat", "amount": 60, "unit": "per_agent_month"}],
        },
    },
    {**BASE, "id": "unknowns", "name": "Nothing Known"},
]
# The hand-made profiles are scored with a EUR rate declared (GBP has none: its price stays unknown).
EUR_RATE = {"currency": "EUR", "rate": 1.08, "as_of": "2026-11-30", "source": "ECB euro reference rates"}


@pytest.fixture(scope="module")
def engine():
    return load_criteria(ROOT / "scoring.yaml"), require_vendors([ROOT / "vendors"], today=date(2026, 11, 22))


def browser_figures(page) -> dict[str, dict[str, tuple]]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.sb-calc-table tbody tr')].map(tr =>
            [tr.dataset.id, Object.fromEntries([...tr.querySelectorAll('td[data-metric]')].map(td =>
                [td.dataset.metric, [td.dataset.value === undefined ? null : Number(td.dataset.value),
                                     td.querySelector('.sb-fig').textContent]]))]))"""
    )


def settings_for(criteria, given: dict):
    """scoring.yaml's settings with the calculator inputs of `given` (hash keys) applied."""
    settings = criteria.settings
    update = {HASH_KEYS[k]: (bool(v) if k == "maint" else v) for k, v in given.items()}
    return type(settings)(**{**settings.__dict__, **update})


def url_hash(given: dict) -> str:
    return ("#" + "&".join(f"{k}={v}" for k, v in given.items())) if given else ""


def assert_equal_to_python(got: dict, vendors, settings) -> set[str]:
    """Every figure the page shows equals metrics.py's (value and text); returns the columns that
    were compared on a known value."""
    assert set(got) == {v.id for v in vendors}
    reached = set()
    for vendor in vendors:
        metrics = compute_metrics(vendor, settings)
        for mid in FIGURES:
            value, text = got[vendor.id][mid]
            expected = metrics[mid]
            if expected.value is None:
                # nothing committed (only an objective) allows downtime without limit: known-bad, not unknown
                no_limit = mid == "allowed_downtime_year_h" and objective_tier(vendor) is not None
                assert (value, text) == (None, NO_LIMIT if no_limit else "unknown"), (vendor.id, mid)
            else:
                reached.add(mid)
                assert value == pytest.approx(expected.value, rel=1e-12, abs=1e-9), (vendor.id, mid)
                assert text == expected.display, (vendor.id, mid)
    return reached


@pytest.mark.parametrize("name", INPUTS)
def test_browser_figures_equal_python(open_page, engine, name):
    criteria, vendors = engine
    given = INPUTS[name]
    visit = open_page("calculator/" + url_hash(given))
    assert_equal_to_python(browser_figures(visit.page), vendors, settings_for(criteria, given))
    visit.assert_clean()


def test_bad_input_is_refused_with_a_message_not_nan(open_page):
    visit = open_page("calculator/")
    page = visit.page
    before = browser_figures(page)
    page.fill("#c-named", "-3")
    status = page.locator("#sb-calc-status").text_content()
    assert status == "Not recalculated. Named agents: enter a whole number of at least 1."
    assert page.locator("#c-named").get_attribute("aria-invalid") == "true"
    assert browser_figures(page) == before
    assert "NaN" not in page.locator(".sb-calc-table").text_content()
    page.fill("#c-named", "100")
    page.fill("#c-exit", "40")
    assert (
        "Leave after: at most the contract term (36 months)" in page.locator("#sb-calc-status").text_content()
    )
    visit.assert_clean()


@pytest.fixture(scope="module")
def calculator_of_hand_made_vendors(built_site):
    """The built calculator page with its table and data swapped for those of CALC_VENDORS, rendered
    by page_calculator from a real Comparison: the site's own script then runs on them."""
    criteria = load_criteria(ROOT / "scoring.yaml")
    rates = type(criteria.settings).model_validate({"currency_rates": [EUR_RATE]}).currency_rates
    criteria = criteria.model_copy(
        update={"settings": criteria.settings.model_copy(update={"currency_rates": rates})}
    )
    vendors = tuple(sorted((Vendor.model_validate(d) for d in CALC_VENDORS), key=lambda v: v.id))
    board = score_vendors(vendors, criteria, today=date(2026, 11, 22))
    comparison = Comparison(vendors, criteria, board, analyse_all(board, samples=200), date(2026, 11, 22))
    (page,) = pages(comparison, RenderContext(make_env(ROOT / "templates"), directory_urls=True))
    ours = page.content[page.content.index('<div class="sb-calculator"') :].rstrip()
    built = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    start = built.index('<div class="sb-calculator"')
    end = built.index("</script>", built.index('id="sb-calculator-data"')) + len("</script>\n</div>")
    return criteria, vendors, built[:start] + ours + built[end:]


@pytest.mark.parametrize("name", INPUTS)
def test_every_formula_equals_python_on_hand_made_profiles(
    site_browser, calculator_of_hand_made_vendors, name
):
    criteria, vendors, html = calculator_of_hand_made_vendors
    given = INPUTS[name]
    page = site_browser.context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    url = site_browser.base_url + "calculator/"
    page.route(
        url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
    )
    try:
        page.goto(url + url_hash(given), wait_until="networkidle")
        reached = assert_equal_to_python(browser_figures(page), vendors, settings_for(criteria, given))
        no_loss = (
            given.get("cost") == 0 or given.get("scenario") == 100
        )  # then no credit covers a share of it
        assert reached == set(FIGURES) - (
            {"credit_cover_pct"} if no_loss else set()
        )  # the rest on known values
        why = page.locator(
            'tr[data-id="objective"] td[data-metric="allowed_downtime_year_h"] .sb-why'
        ).text_content()
        assert why.startswith("No availability is committed. The Aim tier's 100% is only an objective")
        assert errors == []
    finally:
        page.close()
