"""The Data quality page: exact lists and figures for hand-built vendors (real scoring.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from site_builder.data.model import Vendor
from site_builder.site.pages.quality import pages, quality_view, unsourced_facts
from site_builder.site.pages.vendor_facts import vendor_view
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TODAY = date(2026, 11, 1)


def ctx(directory_urls: bool = True) -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=directory_urls)


def source(
    sid: str, kind: str, retrieved: str, published: str | None = None, title: str | None = None
) -> dict:
    out = {"id": sid, "title": title or sid.capitalize(), "kind": kind, "retrieved": retrieved}
    return out | ({"published": published} if published else {})


def alpha(
    name: str = "Alpha", objection: str = "We measure per quarter now", summary: str = "The two disagree"
) -> Vendor:
    """Evidence of 2025-01-01 behind the SLA (stale after 180 days), an uncited contract, a dispute,
    a contradiction, and a review older than 180 days."""
    return Vendor.model_validate(
        {
            "id": "alpha",
            "name": name,
            "products": ["X"],
            "website": "https://alpha.example.com",
            "last_reviewed": "2026-01-15",
            "sources": [
                source("s1", "public_terms", "2026-10-01", "2025-01-01", title="Alpha SLA"),
                source("s2", "marketing", "2026-09-01", title="Alpha marketing"),
                source("s3", "contract", "2026-08-01", "2024-06-30"),
            ],
            "contradictions": [
                {"field": "sla.tiers[0].availability_pct", "summary": summary, "sources": ["s1", "s2"]}
            ],
            "sla": {
                "source": "s1",
                "tiers": [
                    {
                        "name": "E",
                        "availability_pct": 99.9,
                        "measurement_period": "month",
                        "disputed_by_vendor": {"measurement_period": objection},
                    }
                ],
            },
            "support": {"source": "s2", "hours": {"always": True}},
        }
    )


def beta() -> Vendor:
    """Facts resting on sources the profile does not list (validation would refuse it)."""
    return Vendor.model_validate(
        {
            "id": "beta",
            "name": "beta",
            "products": ["Y"],
            "website": "https://beta.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [source("b1", "questionnaire", "2026-10-01")],
            "sla": {"source": "ghost", "tiers": [{"name": "Pro", "availability_pct": 99.95}]},
            "support": {
                "source": "b1",
                "named_account_manager": True,
                "fact_sources": {"named_account_manager": "gone"},
            },
        }
    )


def test_unsourced_facts_are_exact():
    assert unsourced_facts(beta()) == [
        ("sla.tiers", "cites 'ghost', which is not in the profile's sources"),
        ("sla.tiers[0].name", "cites 'ghost', which is not in the profile's sources"),
        ("sla.tiers[0].availability_pct", "cites 'ghost', which is not in the profile's sources"),
        ("support.named_account_manager", "cites 'gone', which is not in the profile's sources"),
    ]
    assert unsourced_facts(alpha()) == []


def test_coverage_weakest_first(comparison_of):
    view = quality_view(comparison_of([alpha(), beta()], today=TODAY), ctx())
    assert (view.vendors, view.criteria, view.sources, view.cells_known, view.cells) == (2, 29, 4, 5, 58)
    rows = [(r.vendor.text, r.vendor.href, r.criteria_known, r.share, r.facts_known) for r in view.by_vendor]
    assert (
        rows
        == [  # beta knows availability and the account manager; Alpha also the period and 24x7 support
            ("beta", "../vendors/beta/", "2 of 29", "7%", "3 of 121"),
            ("Alpha", "../vendors/alpha/", "3 of 29", "10%", "4 of 121"),
        ]
    )
    # the same count as each vendor page's "facts on record" (one function counts both)
    for v in (alpha(), beta()):
        page = vendor_view(v)
        row = next(r for r in view.by_vendor if r.vendor.text == v.name)
        assert row.facts_known == f"{page.known_facts} of {page.total_facts}"
    assert view.by_vendor[1].missing == (
        "Downtime, Tenant isolation, Log4J, Pricing, Security, Data protection, "
        "Recovery, Exit, Liability, Control, Functionality"
    )
    tail = [(r.criterion.text, r.criterion.href, r.known, r.share, r.stale) for r in view.by_criterion[-4:]]
    assert tail == [
        (
            "Availability measured per month",
            "../methodology/#criterion-measurement-period",
            "1 of 2",
            "50%",
            1,
        ),
        ("Critical incidents worked 24x7", "../methodology/#criterion-critical-24x7", "1 of 2", "50%", 0),
        ("Named account manager", "../methodology/#criterion-account-manager", "1 of 2", "50%", 0),
        ("Committed availability", "../methodology/#criterion-availability", "2 of 2", "100%", 1),
    ]
    assert (
        view.by_criterion[0].criterion.text == "Availability incl. planned downtime"
    )  # first unknown one declared


def test_oldest_stale_uncited_disputed_contradictions_and_reviews(comparison_of):
    view = quality_view(comparison_of([beta(), alpha()], today=TODAY), ctx())
    # ages worked by hand: 2024-06-30 -> 2026-11-01 is 365 + 365 + 124 days
    assert [(s.vendor.text, s.title, s.date, s.dated_by, s.age, s.kind) for s in view.oldest] == [
        ("Alpha", "S3", "2024-06-30", "published", 854, "Contract"),
        ("Alpha", "Alpha SLA", "2025-01-01", "published", 669, "Public terms"),
        ("Alpha", "Alpha marketing", "2026-09-01", "retrieved", 61, "Marketing"),
        ("beta", "B1", "2026-10-01", "retrieved", 31, "Questionnaire"),
    ]
    # beta's SLA cites no listed source, so it has no evidence date and cannot be stale
    assert [(s.vendor.text, s.criterion.text, s.date, s.age, s.fresh_days) for s in view.stale] == [
        ("Alpha", "Committed availability", "2025-01-01", 669, 180),
        ("Alpha", "Availability measured per month", "2025-01-01", 669, 180),
    ]
    assert [(u.vendor.text, u.source_id, u.title, u.kind) for u in view.uncited] == [
        ("Alpha", "s3", "S3", "Contract"),
    ]
    assert [(f.vendor.text, f.path) for f in view.unsourced] == [
        ("beta", "sla.tiers"),
        ("beta", "sla.tiers[0].name"),
        ("beta", "sla.tiers[0].availability_pct"),
        ("beta", "support.named_account_manager"),
    ]
    assert [(f.vendor.text, f.path, f.detail) for f in view.disputed] == [
        ("Alpha", "sla.tiers[0].measurement_period", "We measure per quarter now"),
    ]
    assert [(r.field, r.summary, r.sources) for r in view.contradictions] == [
        ("sla.tiers[0].availability_pct", "The two disagree", "Alpha SLA; Alpha marketing"),
    ]
    assert [(r.vendor.text, r.reviewed, r.age) for r in view.review_due] == [("Alpha", "2026-01-15", 290)]


def test_search_reads_the_pages_summary_in_sentences_not_its_tables_of_vendors(comparison_of):
    """The counts are those of the lists checked one by one above (2 stale, 4 unsourced, ...)."""
    [page] = pages(comparison_of([beta(), alpha()], today=TODAY), ctx())
    assert page.search == (
        "Where the research behind the comparison is thin, old or unsupported: the places to look first "
        "when updating vendor profiles. Figures as of 2026-11-01, for 2 vendors, 29 criteria and 4 cited "
        "sources. Coverage by vendor and by criterion: 5 of 58 vendor–criterion scores rest on a known "
        "fact. Oldest evidence; stale scores: 2. Known facts without a source: 4. Sources never cited: 1. "
        "Facts disputed by the vendor: 1. Recorded contradictions: 1. Profiles due for review (not "
        "reviewed for over 180 days): 1."
    )
    assert "Alpha" not in page.search and "beta" not in page.search  # no table of vendors


def test_links_follow_the_url_style(comparison_of):
    view = quality_view(comparison_of([alpha()], today=TODAY), ctx(directory_urls=False))
    assert view.by_vendor[0].vendor.href == "vendors/alpha.html"
    assert view.stale[0].criterion.href == "methodology.html#criterion-availability"


def test_empty_lists_say_none_explicitly(comparison_of):
    clean = Vendor.model_validate(
        {
            "id": "clean",
            "name": "Clean",
            "products": ["Z"],
            "website": "https://clean.example.com",
            "last_reviewed": "2026-10-20",
            "sources": [source("c1", "contract", "2026-10-20")],
            "sla": {"source": "c1", "tiers": [{"name": "All", "availability_pct": 99.99}]},
        }
    )
    (page,) = pages(comparison_of([clean], today=TODAY), ctx())
    text = page.content
    assert page.uri == "data-quality.md" and text.startswith(
        "---\nstyles: [methodology]\n---\n<h1>Data quality</h1>\n"
    )
    for sentence in (
        "Every known fact names a source that its profile lists.",
        "Every listed source is cited by at least one fact.",
        "No vendor disputes a recorded fact.",
        "No profile records sources that disagree.",
        "Every profile was reviewed within 180 days.",
        "Every known score rests on evidence within its freshness limit.",
    ):
        assert f'<p class="sb-dq-none"><strong>None.</strong> {sentence}</p>' in text
    assert (
        '<a href="#known-facts-without-a-source"><strong>0</strong> known facts without a source</a>' in text
    )


def test_hostile_vendor_text_is_escaped(comparison_of):
    evil = alpha(name="<script>x()</script>", objection="<img src=x onerror=y()>", summary="</table><b>b</b>")
    (page,) = pages(comparison_of([evil], today=TODAY), ctx())
    text = page.content
    assert "<script>x()" not in text and "<img" not in text and "<b>b</b>" not in text
    assert "&lt;script&gt;x()&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=y()&gt;" in text and "&lt;/table&gt;&lt;b&gt;b&lt;/b&gt;" in text


def test_same_data_gives_the_same_page_whatever_the_input_order(comparison_of):
    one = pages(comparison_of([alpha(), beta()], today=TODAY), ctx())[0].content
    two = pages(comparison_of([beta(), alpha()], today=TODAY), ctx())[0].content
    assert one == two


def test_only_the_oldest_sources_are_listed(comparison_of, monkeypatch):
    from site_builder.site.pages import quality as page_quality

    monkeypatch.setattr(page_quality, "OLDEST_SHOWN", 2)
    (page,) = pages(comparison_of([alpha(), beta()], today=TODAY), ctx())
    assert "<p>The 2 oldest of 4 sources, dated by publication" in page.content
    assert "<td>2024-06-30 <small>(published)</small></td><td>854</td>" in page.content
    assert "<td>2025-01-01 <small>(published)</small></td><td>669</td>" in page.content
    assert "2026-09-01 <small>" not in page.content  # the third oldest
