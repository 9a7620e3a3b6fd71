"""The vendor page and the vendor index: plain words, freshness, scores, flags, chart, questions, facts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.data.model import Vendor
from site_builder.data.words import fact_path
from site_builder.site.chart import Bar, bar_chart, pct
from site_builder.site.pages.vendor import (
    FRESH_DAYS,
    FRESHNESS_RULE,
    STALE_DAYS,
    bar_style,
    freshness,
    overview,
    pages,
    vendor_view,
)
from site_builder.site.pages.vendor_questions import QuestionLink
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def vendor(**sections) -> Vendor:
    return Vendor.model_validate(
        {
            "id": "acme",
            "name": "Acme",
            "products": ["X"],
            "website": "https://acme.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
            **{k: {"source": "s", **v} for k, v in sections.items()},
        }
    )


def ctx(history=None) -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=True, history=history)


def page_html(comparison, vid: str = "acme", history=None) -> str:
    return next(p.content for p in pages(comparison, ctx(history)) if p.uri == f"vendors/{vid}.md")


# --- plain words ---------------------------------------------------------------------------------------

MAINTENANCE_8H = {"planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}]}


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (
            {
                "sla": {
                    "tiers": [
                        {
                            "name": "E",
                            "commitment": "sla",
                            "availability_pct": 99.9,
                            "exclusions": ["planned_maintenance"],
                        }
                    ]
                },
                "downtime": MAINTENANCE_8H,
            },
            "This SLA allows up to 43.8 minutes of downtime a month, plus 8 hours of planned maintenance a quarter "
            "that do not count against it.",
        ),
        (
            {
                "sla": {
                    "tiers": [{"name": "E", "commitment": "sla", "availability_pct": 99.9, "exclusions": []}]
                },
                "downtime": MAINTENANCE_8H,
            },
            "This SLA allows up to 43.8 minutes of downtime a month; its 8 hours of planned maintenance a quarter count "
            "against it.",
        ),
        (
            {
                "sla": {"tiers": [{"name": "E", "commitment": "sla", "availability_pct": 99.9}]},
                "downtime": MAINTENANCE_8H,
            },
            "This SLA allows up to 43.8 minutes of downtime a month, and 8 hours of planned maintenance a quarter "
            "(whether they count against the SLA is unknown).",
        ),
        (
            {"sla": {"tiers": [{"name": "E", "commitment": "sla", "availability_pct": 99.99}]}},
            "This SLA allows up to 4.38 minutes of downtime a month; how much planned maintenance comes on top is unknown.",
        ),
        # measured per year: 0.1% of 8,765.82 hours is 8.77 hours in one go
        (
            {
                "sla": {
                    "tiers": [
                        {
                            "name": "E",
                            "commitment": "sla",
                            "availability_pct": 99.9,
                            "measurement_period": "year",
                        }
                    ]
                },
                "downtime": {"planned_windows": []},
            },
            "This SLA allows up to 43.8 minutes of downtime a month, and no planned maintenance. Because it is measured "
            "per year, a single outage of 8.77 hours still meets it.",
        ),
        (
            {"sla": {"tiers": [{"name": "E", "availability_pct": 100, "commitment": "best_effort"}]}},
            "The 100% availability is only an objective (best effort), not a contractual SLA: missing it costs the vendor "
            "nothing; how much planned maintenance comes on top is unknown.",
        ),
        (
            {},
            "The availability this vendor commits to is unknown, so the downtime its SLA allows is too; how much "
            "planned maintenance comes on top is unknown.",
        ),
        (
            {
                "sla": {
                    "tiers": [
                        {
                            "name": "E",
                            "commitment": "sla",
                            "availability_pct": 99.5,
                            "exclusions": ["planned_maintenance"],
                        }
                    ]
                },
                "downtime": {"max_planned_per_month": "8h"},
            },
            "This SLA allows up to 3.65 hours of downtime a month, plus up to 24 hours of planned maintenance a quarter "
            "that do not count against it.",
        ),
        # a figure whose kind of commitment the profile does not record (8x8's, for one)
        (
            {"sla": {"tiers": [{"name": "E", "availability_pct": 99.99}]}},
            "This SLA allows up to 4.38 minutes of downtime a month; how much planned maintenance comes on top is unknown. "
            "Whether the figure is a contractual SLA with credits is not on record.",
        ),
    ],
)
def test_headline_in_plain_words(comparison_of, sections, expected):
    # 99.9% of an average month (30.44 days = 43,829 min) leaves 43.8 minutes; 99.99% leaves 4.38.
    assert overview(comparison_of([vendor(**sections)]), "acme", ctx()).headline == expected


def test_metrics_read_as_sentences_and_unknowns_say_why(comparison_of):
    o = overview(
        comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.9}]})]), "acme", ctx()
    )
    known = {m.label: (m.value, m.sentence) for m in o.metrics}
    assert known["Downtime the SLA allows a month"] == (
        "43.8 min",
        "99.9% availability allows up to 43.8 minutes of downtime in an average month (30.44 days).",
    )
    assert known["Committed availability (best tier)"] == (
        "99.9%",
        "The E tier commits to 99.9% (period not stated).",
    )
    unknown = {r.labels: r.reason for r in o.unknown_metrics}  # one line per reason, each said once
    assert unknown["Longest single outage within the SLA"] == (
        "Needs both the availability and the period it is measured over."
    )
    assert (
        unknown["Planned downtime a quarter, Planned downtime a year"]
        == "Planned maintenance is not described."
    )
    assert len(set(unknown.values())) == len(unknown)
    assert not set(known) & set(unknown) and all("." not in m.label for m in o.metrics)
    assert o.caveat is None


def test_an_objective_is_not_presented_as_a_promise(comparison_of):
    v = vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5, "commitment": "slo"}]})
    o = overview(comparison_of([v]), "acme", ctx())
    assert o.caveat == (
        "The 99.5% availability is only an objective (SLO). It is not scored as a commitment, and "
        "the downtime it would allow stays unknown below: nothing is owed when it is missed."
    )
    # the reason is said once, under the known line that gives it, with every figure it leaves unknown
    line = next(m for m in o.metrics if m.label == "Availability backed by an SLA with credits")
    assert line.sentence == (
        "No availability is committed. The E tier's 99.5% is only an objective (SLO), not a contractual SLA, so "
        "nothing is owed when it is missed."
    )
    assert line.same_reason.startswith(
        "Committed availability (best tier), Downtime the SLA allows a month, "
    )
    assert not any("objective" in r.reason for r in o.unknown_metrics)
    html = page_html(comparison_of([v]))
    assert "<strong>Careful:</strong>" not in html  # the headline says it already
    assert html.count("No availability is committed.") == 1


# --- freshness -----------------------------------------------------------------------------------------


def test_freshness_thresholds_at_their_boundaries():
    today = date(2026, 11, 22)
    assert freshness(today, today) == ("current", "Current: reviewed today")
    assert freshness(today - timedelta(days=1), today) == ("current", "Current: reviewed 1 day ago")
    assert freshness(today - timedelta(days=FRESH_DAYS), today) == (
        "current",
        f"Current: reviewed {FRESH_DAYS} days ago",
    )
    assert freshness(today - timedelta(days=FRESH_DAYS + 1), today) == (
        "ageing",
        f"Ageing: reviewed {FRESH_DAYS + 1} days ago (more than {FRESH_DAYS} days)",
    )
    assert freshness(today - timedelta(days=STALE_DAYS), today)[0] == "ageing"
    assert freshness(today - timedelta(days=STALE_DAYS + 1), today) == (
        "stale",
        f"Stale: reviewed {STALE_DAYS + 1} days ago (more than {STALE_DAYS} days)",
    )
    assert (FRESH_DAYS, STALE_DAYS) == (180, 365)
    assert FRESHNESS_RULE == (
        "A profile is current for 180 days after a person last checked it against its sources, "
        "ageing until 365 days, and stale after that."
    )


def test_a_recent_review_still_names_the_scored_facts_on_old_evidence(comparison_of):
    doc = vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.9, "sole_remedy": True}]}).model_dump(
        mode="json", exclude_none=True
    )
    doc["sources"] = [
        {
            "id": "s",
            "title": "Terms",
            "kind": "public_terms",
            "retrieved": "2026-10-01",
            "published": "2017-12-01",
        }
    ]
    c = comparison_of([Vendor.model_validate(doc)])  # today 2026-11-01: reviewed a month ago
    o = overview(c, "acme", ctx())
    assert o.freshness.state == "current"
    # both SLA criteria are fresh for 180 days; their evidence was published almost nine years ago
    assert o.freshness.old_evidence == (
        "Committed availability (evidence of 2017-12-01, fresh for 180 days)",
        "Credits are the sole remedy (evidence of 2017-12-01, fresh for 180 days)",
    )
    assert o.freshness.old_note == "2 scored facts rest on old evidence."
    html = page_html(c)
    assert '<strong><span aria-hidden="true">! </span>2 scored facts rest on old evidence.</strong>' in html
    assert "<li>Committed availability (evidence of 2017-12-01, fresh for 180 days)</li>" in html
    assert (
        overview(
            comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.9}]})]), "acme", ctx()
        ).freshness.old_note
        is None
    )


def test_the_badge_and_its_rule_are_on_the_page(comparison_of):
    html = page_html(comparison_of([vendor()], today=date(2027, 4, 1)))  # reviewed 2026-10-01: 182 days
    assert '<li class="sb-v-card sb-v-fresh sb-v-fresh-ageing">' in html
    assert "</span> Ageing</span>" in html
    assert "The review is ageing: 2026-10-01, 182 days ago. 29 of 29 criteria are unknown." in html
    assert "<strong>Ageing: reviewed 182 days ago (more than 180 days)</strong>. " + FRESHNESS_RULE in html


# --- scores, flags, chart ---------------------------------------------------------------------------------


def test_persona_lines_rank_or_exclusion_with_reason(comparison_of):
    good = vendor(
        sla={"tiers": [{"name": "E", "availability_pct": 99.99}]}, support={"hours": {"always": True}}
    )
    bad = Vendor.model_validate(
        {
            **vendor(support={"hours": {"always": False}}).model_dump(mode="json", exclude_none=True),
            "id": "bad",
            "name": "Bad",
        }
    )
    c = comparison_of([good, bad])
    lines = {p.label: p for p in overview(c, "bad", ctx()).personas}
    enterprise = lines["Large 24/7 enterprise contact center"]
    assert (enterprise.rank, enterprise.excluded, enterprise.p_rank1) == (
        "Excluded",
        "Critical incidents worked 24x7",
        None,
    )
    first = next(p for p in overview(c, "acme", ctx()).personas if p.label == enterprise.label)
    assert first.rank == "1 of 1" and first.p_rank1 == "100%" and first.excluded is None
    assert re.fullmatch(r"\d+\.\d–\d+\.\d", first.score_range)
    assert "<strong>Excluded:</strong> fails “Critical incidents worked 24x7”" in page_html(c, "bad")


def test_flags_link_to_their_guide_section_by_title(comparison_of):
    o = overview(
        comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]})]), "acme", ctx()
    )
    high = next(f for f in o.flags if f.severity == "high")
    assert (high.message, high.href, high.guide, high.unknown) == (
        "Availability commitment of only 99.5%",
        "../../guide/sla/#availability",
        "Availability and measurement periods",
        False,
    )
    assert any(f.unknown for f in o.flags)  # the Log4Shell date is unknown: a low flag, marked as such
    assert o.flag_summary == "1 high, 1 low"
    files = RenderContext(make_env(TEMPLATES), directory_urls=False)  # the offline bundle's links
    o2 = overview(
        comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]})]), "acme", files
    )
    assert next(f for f in o2.flags if f.severity == "high").href == "../guide/sla.html#availability"


def test_chart_bars_are_drawn_to_scale():
    bars = [
        Bar("Availability", 40.0, 40.0, 90.0, 2, 5),
        Bar("<Support>", 100.0, 100.0, 100.0, 3, 3),
        Bar("Policy", 30.0, 20.0, 80.0, 1, 4),
    ]
    svg = str(bar_chart(bars, "Scores & more"))
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" width="100%" height="142" '
        'role="img" aria-labelledby="sb-chart-title sb-chart-desc">'
    )  # 4 + 3 rows x 46
    # row 0 (y 4, bar at 24): solid to 40%, hatched from 40% for 50% more, up to 90
    assert '<rect x="0" y="24" width="40%" height="16" class="sb-chart-known" fill="#3949ab"/>' in svg
    assert (
        '<rect x="40%" y="24" width="50%" height="16" class="sb-chart-open" fill="url(#sb-chart-hatch)" '
        'stroke="#6b6b6b"/>'
    ) in svg
    assert '<text x="100%" y="18" text-anchor="end" class="sb-chart-value">40, up to 90</text>' in svg
    # row 1 (bar at 70): all known, no hatching
    assert '<rect x="0" y="70" width="100%" height="16" class="sb-chart-known" fill="#3949ab"/>' in svg
    assert svg.count("sb-chart-open") == 2 and ">100</text>" in svg
    # row 2 (bar at 116): worst 20, score 30 (a policy between worst and best) ticked, best 80
    assert '<rect x="20%" y="116" width="60%" height="16" class="sb-chart-open"' in svg
    assert '<rect x="30%" y="113" width="3" height="22" class="sb-chart-score" fill="#000000"/>' in svg
    assert '<title id="sb-chart-title">Scores &amp; more</title>' in svg
    assert (
        '<desc id="sb-chart-desc">Availability: 40, up to 90 (2 of 5 criteria known); &lt;Support&gt;: 100 '
        "(3 of 3 criteria known); Policy: 30, up to 80 (1 of 4 criteria known).</desc>"
    ) in svg
    assert "&lt;Support&gt;" in svg and "<Support>" not in svg
    assert svg == str(bar_chart(bars, "Scores & more"))
    assert (pct(33.3333), pct(40.0), pct(0.04)) == ("33.3%", "40%", "0%")


def test_category_bars_are_the_unweighted_mean_of_their_criteria(comparison_of):
    c = comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.99}]})])
    o = overview(c, "acme", ctx())
    v = c.board.vendor("acme")
    availability = [s for s in v.scores if c.criteria.criterion(s.criterion).category == "availability"]
    line = next(cat for cat in o.categories if cat.label == "Availability and SLA")
    mean = sum(s.score for s in availability) / len(availability)
    assert (
        line.score == f"{mean:.0f}"
        and line.known == f"{sum(s.known for s in availability)} of {len(availability)}"
    )
    assert [cat.label for cat in o.categories] == [cat.label for cat in c.criteria.categories]


def test_a_category_bar_is_solid_to_the_worst_case_hatched_to_the_best_with_a_tick_between():
    assert bar_style(40, 40, 90) == "--w:40%;--b:90%"
    assert bar_style(30, 20, 80) == "--w:20%;--b:80%;--s:30%"  # the score as it stands, between
    assert bar_style(100, 100, 100) == "--w:100%;--b:100%"
    assert bar_style(33.3333, 12.25, 120) == "--w:12.2%;--b:100%;--s:33.3%"  # clamped to the bar


# --- questions and facts -------------------------------------------------------------------------------------


def test_open_questions_name_the_unknown_facts_and_link_each_to_its_question_on_the_vendor_index(
    comparison_of,
):
    o = overview(
        comparison_of([vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]})]), "acme", ctx()
    )
    assert o.question_count == 113  # 114 questions, availability answered
    sla, support = o.questions[0], o.questions[1]
    assert (sla.key, sla.section, sla.missing, sla.count) == ("sla", "SLA", False, 28)
    # the tier's open facts in one line, then the SLA's own
    tier, own = sla.lines
    assert tier.items == "E" and own.items == ""
    assert tier.links[0] == QuestionLink("Editions", "../#q1")
    assert [q.label for q in own.links] == ["Effective", "Fixed for term", "Status page", "Change notice"]
    assert len(tier.links) + len(own.links) == 28
    assert sla.also_unknown == ""  # every SLA fact now has its own question
    assert (support.key, support.missing, support.count, support.also_unknown) == ("support", True, 9, "")
    assert o.questions_href == "../#questions-to-ask-one-per-fact"
    assert o.history is None


def test_the_vendor_index_words_every_question_once_under_the_anchor_vendor_pages_link_to(comparison_of):
    from site_builder.data.questions import all_questions

    out = pages(comparison_of([vendor()]), ctx())
    index = next(p.content for p in out if p.uri == "vendors/index.md")
    assert index.count('<li id="q') == len(all_questions()) == 114
    assert (
        '<li id="q3"><strong>Availability (%)</strong>: '
        "What availability do you commit to in the contract, per tier?</li>"
    ) in index
    page = next(p.content for p in out if p.uri == "vendors/acme.md")
    anchors = set(re.findall(r'id="(q\d+)"', index))
    linked = set(re.findall(r'href="\.\./#(q\d+)"', page))
    assert linked and linked <= anchors
    assert "Which product editions does each SLA tier cover?" not in page  # worded once, on the index


def test_every_fact_carries_its_citation_and_unknowns_stay_visible():
    v = Vendor.model_validate(
        {
            "id": "acme",
            "name": "Acme",
            "products": ["X"],
            "website": "https://acme.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [
                {"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"},
                {
                    "id": "p",
                    "title": "Price list",
                    "kind": "marketing",
                    "retrieved": "2026-09-01",
                    "published": "2026-08-01",
                    "url": "https://acme.example.com/p",
                },
            ],
            "pricing": {
                "source": "s",
                "currency": "EUR",
                "fact_sources": {"taxes_included": "p"},
                "taxes_included": False,
                "list_prices": [{"name": "Seat", "amount": 90, "unit": "per_agent_month"}],
            },
            "contradictions": [
                {"field": "pricing.taxes_included", "summary": "They differ.", "sources": ["s", "p"]}
            ],
        }
    )
    view = vendor_view(v)
    pricing = next(b for b in view.sections if b.key == "pricing")
    rows = {r.label: r for r in pricing.rows}
    assert rows["Taxes included"].value == "no" and rows["Taxes included"].citation.number == 2
    assert rows["Taxes included"].citation.published == "2026-08-01"
    assert rows["Currency"].citation.id == "s" and rows["Minimum seats"].known is False
    assert rows["Minimum seats"].citation is None and pricing.known_count == "3 of 15 facts known"
    table = pricing.tables[0]
    assert (table.caption, table.columns, table.rows) == (
        "List prices",
        ("Name", "Amount", "Unit"),
        (("Seat", "90", "per agent month"),),
    )
    assert table.unknown == "Currency, Approximate, Model, As of"  # `source` is provenance, not a fact
    assert pricing.disputes == ("Pricing › Taxes included",)
    d = view.contradictions[0]
    assert (d.where, d.summary, [s.number for s in d.sources]) == (
        "Pricing › Taxes included",
        "They differ.",
        [1, 2],
    )
    assert fact_path("sla.tiers[0].sole_remedy") == "SLA › Tier 1 › Sole remedy"
    assert not next(b for b in view.sections if b.key == "sla").known


class Anchors(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])


def test_every_in_page_link_lands_and_ids_are_unique(comparison_of):
    v = vendor(
        sla={"tiers": [{"name": "E", "availability_pct": 99.5}, {"name": "F"}]}, pricing={"currency": "EUR"}
    )
    html = page_html(comparison_of([v]))
    found = Anchors(html)
    assert len(found.ids) == len(set(found.ids))
    assert set(found.links) <= set(found.ids), set(found.links) - set(found.ids)
    for anchor in (
        "scores",
        "known-unknown",
        "red-flags",
        "questions-that-matter",
        "score-groups",
        "in-plain-words",
        "questions-to-ask",
        "facts",
        "sources",
        "freshness",
        "history",
        "questions-sla",
        "questions-log4j",
        "sla-tiers-0",
        "sla-tiers-1",
    ):
        assert anchor in found.ids
    assert "<svg" not in html  # the category bars are the table's, drawn by CSS
    assert html.count('<span class="sb-v-bar" style="--w:') == 6
    regions = [a for t, a in found.elements if a.get("role") == "region"]
    assert regions and all(a.get("tabindex") == "0" and a.get("aria-label") for a in regions)


# --- hostile text in every new part ------------------------------------------------------------------------

EVIL = "<img src=x onerror=alert(1)>"


def test_hostile_text_is_escaped_everywhere_on_the_vendor_page_and_index(comparison_of):
    v = Vendor.model_validate(
        {
            "id": "evil",
            "name": f"{EVIL}Evil",
            "products": [EVIL],
            "website": "https://evil.example.com/?q=<b>",
            "last_reviewed": "2026-01-01",
            "sources": [
                {
                    "id": "s",
                    "title": EVIL,
                    "kind": "marketing",
                    "retrieved": "2026-01-01",
                    "publisher": EVIL,
                    "note": EVIL,
                    "url": 'https://x.example.com/"><script>alert(5)</script>',
                }
            ],
            "contradictions": [{"field": f"sla.{EVIL}", "summary": EVIL, "sources": ["s"]}],
            "sla": {
                "source": "s",
                "tiers": [{"name": EVIL, "availability_pct": 99.9}],
                "disputed_by_vendor": {"change_notice": EVIL},
                "change_notice": "30d",
            },
            "pricing": {
                "source": "s",
                "list_prices": [{"name": EVIL, "amount": 1, "unit": "per_agent_month"}],
            },
        }
    )
    out = pages(comparison_of([v]), ctx())
    for page in out:
        found = Anchors(page.content)
        tags = {t for t, _ in found.elements}
        assert not tags & {"img", "script", "iframe", "b"}, page.uri
        assert not [k for _, a in found.elements for k in a if k.startswith("on")], page.uri
    html = next(p.content for p in out if p.uri == "vendors/evil.md")
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert (
        html.count(escaped) >= 9
    )  # name, products, source title/publisher/note, dispute, tier, price, contradiction
    assert f"For {escaped}:" in html  # a tier name in the open questions
    assert f"The {escaped} tier commits to 99.9%" in html  # a tier name inside a metric's sentence


# --- the index --------------------------------------------------------------------------------------------


def test_vendor_index_rows_by_name_with_coverage_ranks_flags_and_freshness(comparison_of):
    a = vendor(sla={"tiers": [{"name": "E", "availability_pct": 99.5}]}, support={"hours": {"always": False}})
    b = Vendor.model_validate({**a.model_dump(mode="json", exclude_none=True), "id": "zed", "name": "Beta"})
    out = pages(comparison_of([a, b], today=date(2027, 11, 1)), ctx())
    index = out[0].content
    assert out[0].uri == "vendors/index.md"
    assert index.index('href="acme/">Acme</a>') < index.index('href="zed/">Beta</a>')  # by name, not by id
    assert '<td class="sb-v-nowrap">excluded</td>' in index  # both fail the 24/7 persona's must-have
    assert '<td class="sb-v-nowrap">2 high, 1 low</td>' in index
    assert '<span class="sb-v-badge sb-v-fresh-stale">Stale</span>' in index  # 396 days
    assert '<td class="sb-v-nowrap">2 of 29</td>' in index  # availability and 24x7 known, of 29 criteria
    assert 'href="../matrix/"' in index and 'href="../compare/"' in index and FRESHNESS_RULE in index


def test_without_git_history_the_page_says_why_instead_of_no_change(comparison_of):
    from site_builder.history.log import History

    c = comparison_of([vendor()])
    history = History((), "the vendor data is not in a git repository (for example, it came from a tarball)")
    o = overview(c, "acme", ctx(history))
    assert (o.history, o.history_unavailable) == ((), history.unavailable)
    html = page_html(c, history=history)
    assert (
        "<p>The history of this profile is unavailable: the vendor data is not in a git repository "
        "(for example, it came from a tarball).</p>"
    ) in html
    assert "No recorded change" not in html
