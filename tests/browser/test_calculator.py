"""The cost calculator in Chromium: every figure equals Python's metrics for the same inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.build import require_vendors
from site_builder.criteria import load_criteria
from site_builder.metrics import compute_metrics
from site_builder.page_calculator import FIGURES

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]

INPUTS = {
    "defaults": {},
    "business hours, maintenance at night": {"openHours": 55, "maint": 0},
    "cheaper hour, fewer seats, early exit": {"cost": 120000, "named": 40, "concurrent": 25, "exit": 6},
    "longer term, worse month": {"term": 60, "exit": 24, "scenario": 97.5, "named": 250, "concurrent": 180},
}
HASH_KEYS = {"named": "named_agents", "concurrent": "concurrent_agents", "openHours": "open_hours_per_week",
             "term": "term_months", "exit": "exit_after_months", "cost": "downtime_cost_per_hour",
             "scenario": "credit_scenario_pct", "maint": "maintenance_in_open_hours"}  # fmt: skip


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


@pytest.mark.parametrize("name", INPUTS)
def test_browser_figures_equal_python(open_page, engine, name):
    criteria, vendors = engine
    given = INPUTS[name]
    settings = criteria.settings.metric_settings()
    update = {HASH_KEYS[k]: (bool(v) if k == "maint" else v) for k, v in given.items()}
    settings = type(settings)(**{**settings.__dict__, **update})
    hash_ = "&".join(f"{k}={v}" for k, v in given.items())
    visit = open_page("calculator/" + (f"#{hash_}" if hash_ else ""))
    got = browser_figures(visit.page)
    assert set(got) == {v.id for v in vendors}
    for vendor in vendors:
        metrics = compute_metrics(vendor, settings)
        for mid in FIGURES:
            value, text = got[vendor.id][mid]
            expected = metrics[mid]
            if expected.value is None:
                assert (value, text) == (None, "unknown"), (vendor.id, mid)
            else:
                assert value == pytest.approx(expected.value, rel=1e-12, abs=1e-9), (vendor.id, mid)
                assert text == expected.display, (vendor.id, mid)
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
    assert "Leave after: at most the contract term (36 months)" in page.locator("#sb-calc-status").text_content()
    visit.assert_clean()
