"""The vendor page's overview: plain-words headline, freshness, scores, flags with guide links, chart, questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.chart import Bar, bar_chart
from site_builder.model import Vendor
from site_builder.page_vendor import FRESH_DAYS, STALE_DAYS, freshness, overview, pages
from site_builder.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def vendor(**sections) -> Vendor:
    return Vendor.model_validate({
        "id": "acme", "name": "Acme", "products": ["X"], "website": "https://acme.example.com",
        "last_reviewed": "2026-10-01",
        "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
        **{k: {"source": "s", **v} for k, v in sections.items()},
    })  # fmt: skip


def ctx() -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=True)


@pytest.mark.parametrize(("sections", "expected"), [
    ({"sla": {"tiers": [{"name": "E", "availability_pct": 99.9, "exclusions": ["planned_maintenance"]}]},
      "downtime": {"planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}]}},
     "This SLA allows up to 43.8 minutes of downtime a month, plus 8 hours of planned maintenance a quarter "
     "that do not count against it."),
    ({"sla": {"tiers": [{"name": "E", "availability_pct": 99.99}]}},
     "This SLA allows up to 4.38 minutes of downtime a month; how much planned maintenance comes on top is unknown."),
    ({}, "The availability this vendor commits to is unknown, so the downtime its SLA allows is too; how much "
         "planned maintenance comes on top is unknown."),
])  # fmt: skip
def test_headline_in_plain_words(comparison_of, sections, expected):
    # 99.9% of an average month (30.44 days = 43,833.6 min) leaves 43.8 minutes; 99.99% leaves 4.38.
    assert overview(comparison_of([vendor(**sections)]), "acme", ctx()).headline == expected


def test_freshness_thresholds_at_their_boundaries():
    today = date(2026, 11, 22)
    assert freshness(date(2026, 11, 22), today) == ("current", "Current: reviewed today")
    assert freshness(date.fromordinal(today.toordinal() - FRESH_DAYS), today)[0] == "current"
    assert freshness(date.fromordinal(today.toordinal() - FRESH_DAYS - 1), today) == (
        "ageing", f"Ageing: reviewed {FRESH_DAYS + 1} days ago (more than {FRESH_DAYS} days)")
    assert freshness(date.fromordinal(today.toordinal() - STALE_DAYS - 1), today)[0] == "stale"


def test_flags_link_to_their_guide_section_and_questions_cover_unknowns(comparison_of):
    o = overview(comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]})]), "acme", ctx())
    high = next(f for f in o.flags if f.severity == "high")
    assert high.message == "Availability commitment of only 99.5%"
    assert high.href == "../../guide/sla/#availability"
    assert o.question_count == 60  # 61 questions, availability answered
    sla = next(g for g in o.questions if g.section == "SLA")
    assert sla.questions[0].text.startswith("Is the availability figure a contractual SLA") and sla.questions[0].items == "for: E"
    assert o.history is None


def test_chart_bars_are_drawn_to_scale():
    svg = str(bar_chart([Bar("Availability", 40.0, 90.0, 2, 5), Bar("<Support>", 100.0, 100.0, 3, 3)], "T"))
    # bars are 300 units wide at 100: 40 -> 120 solid, then 50 more hatched (150) starting at 210 + 120
    assert '<rect x="210" y="8" width="120" height="18" fill="#3f51b5"/>' in svg
    assert '<rect x="330" y="8" width="150" height="18" fill="url(#sb-hatch)"' in svg
    assert ">40 (up to 90), 2/5 known</text>" in svg and ">100, 3/3 known</text>" in svg
    assert "&lt;Support&gt;" in svg and "<Support>" not in svg


def test_page_sections_render(comparison_of):
    out = pages(comparison_of([vendor()]), ctx())
    html = next(p.content for p in out if p.uri == "vendors/acme.md")
    for anchor in ("scores", "red-flags", "in-plain-words", "questions-to-ask", "facts", "history", "sources"):
        assert f'<h2 id="{anchor}">' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart"' in html


def test_vendor_index_rows_by_name_with_ranks_flags_and_freshness(comparison_of):
    a = vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]}, support={"hours": {"always": False}})
    b = Vendor.model_validate({**a.model_dump(mode="json", exclude_none=True), "id": "zed", "name": "Beta"})
    out = pages(comparison_of([a, b], today=date(2027, 11, 1)), ctx())
    index = out[0].content
    assert index.index(">Acme</a>") < index.index(">Beta</a>")  # by name, not by id ("zed")
    assert "<td>excluded</td>" in index  # both fail the 24/7 persona's must-have
    assert "2 high, 1 low" in index and 'sb-fresh-stale" title="Stale: reviewed 396 days ago' in index
