"""The shipped sample data in vendors/: valid, editor-ready, traceable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from site_builder.data.checks import cited_sources
from site_builder.data.read import read_vendors
from site_builder.site.reference import SCHEMA_LINE

VENDORS = Path(__file__).resolve().parents[2] / "vendors"


def test_sample_profiles_validate_strictly():
    vendors, report, files = read_vendors([VENDORS], today=date.today(), max_age_days=None)
    assert str(report) == ""
    assert files == len(vendors) >= 12


def test_every_profile_starts_with_the_schema_line():
    for path in sorted(VENDORS.glob("*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, path.name


def test_every_listed_source_is_cited_and_dated():
    vendors, _, _ = read_vendors([VENDORS], today=date.today())
    for vendor in vendors:
        assert {s.id for s in vendor.sources} <= cited_sources(vendor), vendor.id
        assert all(s.retrieved <= date.today() for s in vendor.sources)
