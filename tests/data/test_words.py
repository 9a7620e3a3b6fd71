"""The wording rules, as exact texts: durations in the unit a person would use, shares with at most
three significant digits, support hours in words, fact paths without list positions or field names."""

from __future__ import annotations

import pytest

from site_builder.data.model import HoursWindow, Vendor
from site_builder.data.words import duration_text, fact_path, format_value, label, share_text
from site_builder.scoring.metrics import figure_text


@pytest.mark.parametrize(
    ("hours", "short", "long"),
    [
        (0.438 / 60, "26 s", "26 seconds"),  # 99.999% of a month: not "0.438 minutes"
        (1 / 3600, "1 s", "1 second"),
        (1 / 60, "1 min", "1 minute"),
        (0.25, "15 min", "15 minutes"),
        (0.0731, "4.39 min", "4.39 minutes"),  # 3 significant digits
        (0.877, "52.6 min", "52.6 minutes"),  # 99.99% of a year
        (1, "1 h", "1 hour"),
        (8.766, "8.77 h", "8.77 hours"),
        (24, "24 h", "24 hours"),  # a day is still said in hours
        (52.6, "52.6 h", "52.6 hours"),  # under two weeks, not whole days: hours
        (72, "3 days", "3 days"),  # whole days from 48 h
        (720, "30 days", "30 days"),  # not "720 h"
        (876.6, "36.5 days", "36.5 days"),  # from two weeks, days even when not whole
        (24 * 1461, "1,461 days", "1,461 days"),
    ],
)
def test_durations_read_in_the_unit_a_person_would_use(hours, short, long):
    assert duration_text(hours) == short
    assert duration_text(hours, long=True) == long


@pytest.mark.parametrize(
    ("pct", "text"),
    [
        (0.0095827, "< 0.01%"),  # not "0.0095827%"
        (0.01, "0.01%"),
        (0.5, "0.5%"),
        (12.345, "12.3%"),
        (45, "45%"),
        (98.76, "98.8%"),
        (99.95, "99.95%"),  # from 99% the nines a source gives stay: 99.99% and 99.999% differ
        (99.999, "99.999%"),
        (100, "100%"),
        (0, "0%"),
    ],
)
def test_shares_have_at_most_three_significant_digits(pct, text):
    assert share_text(pct) == text


def test_metric_figures_use_the_same_rules():
    assert figure_text(0.438, "min") == "26 s"
    assert figure_text(720.0, "h") == "30 days"
    assert figure_text(0.0095827, "%") == "< 0.01%"
    assert figure_text(30.0, "days") == "30 days"
    assert figure_text(0.0, "days") == "0 days"


@pytest.mark.parametrize(
    ("window", "text"),
    [
        ({"always": True}, "24x7"),  # not "Always: yes"
        (
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00"},
            "Mon–Fri 08:00–18:00",
        ),
        ({"days": ["sat", "mon"], "timezone": "CET"}, "Mon, Sat (CET)"),
        ({"always": False}, "not 24x7"),
    ],
)
def test_support_hours_read_as_people_say_them(window, text):
    assert format_value(HoursWindow.model_validate(window)) == text


def test_labels_and_paths_name_no_field_or_position():
    assert [label(n) for n in ("mtbf", "mttr", "rto", "availability_pct")] == [
        "MTBF",
        "MTTR",
        "RTO",
        "Availability (%)",
    ]
    v = Vendor.model_validate(
        {
            "id": "acme",
            "name": "Acme",
            "products": ["X"],
            "website": "https://acme.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}],
            "sla": {"source": "s", "tiers": [{"name": "Enterprise", "availability_pct": 99.9}]},
        }
    )
    # with the profile, a position names its item; without, it counts from 1 in the singular
    assert fact_path("sla.tiers[0].availability_pct", v) == "SLA › Tier “Enterprise” › Availability (%)"
    assert fact_path("sla.tiers[0].availability_pct") == "SLA › Tier 1 › Availability (%)"
    assert fact_path("support.severities[1].response") == "Support › Severity 2 › Response"


def test_a_field_whose_name_is_not_how_a_buyer_says_it_has_its_own_label():
    assert label("term_months") == "Term in months"
    assert label("max_planned_per_month") == "Planned downtime a month, at most"
    assert label("min_outage") == "Minimum outage"
    assert label("zero_downtime_updates") == "Zero-downtime updates"
    assert label("statement_url") == "Statement URL"
    assert label("early_termination_fee_pct") == "Early termination fee (%)"  # the rule, untouched
