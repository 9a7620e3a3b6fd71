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
        "99.9% availability allows up to 43.83 minutes of downtime in an average month (30.44 days)."
    )


def test_inferred_planned_windows_mark_the_planned_downtime_and_what_follows():
    # "Maintenance usually takes place on Sundays for up to 4 hours" (a help page, not a commitment).
    why = "a help page says maintenance 'usually' takes Sunday nights, up to 4 hours"
    v = vendor(
        sla={"tiers": [{"name": "Standard", "availability_pct": 99.9, "exclusions": ["planned_maintenance"]}]},
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
