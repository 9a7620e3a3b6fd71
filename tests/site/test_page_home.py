"""The home page: top pick per persona with its confidence, red flags grouped by rule."""

from __future__ import annotations

from pathlib import Path

from site_builder.data.model import Vendor
from site_builder.site.pages.home import home_view, pages
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def vendor(vid: str, name: str, **sections) -> Vendor:
    return Vendor.model_validate(
        {
            "id": vid,
            "name": name,
            "products": ["X"],
            "website": f"https://{vid}.example.com",
            "last_reviewed": sections.pop("reviewed", "2026-10-01"),
            "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
            **{k: {"source": "s", **v} for k, v in sections.items()},
        }
    )


def ctx() -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=True)


def test_top_pick_figures_and_flag_groups(comparison_of):
    vendors = [
        vendor(
            "alpha",
            "Alpha",
            sla={"tiers": [{"name": "E", "availability_pct": 99.99}]},
            support={"hours": {"always": True}},
        ),
        vendor(
            "beta",
            "Beta",
            reviewed="2026-09-01",
            sla={"tiers": [{"name": "E", "availability_pct": 99.5}]},
            support={"hours": {"always": False}},
        ),
    ]
    comparison = comparison_of(vendors)
    view = home_view(comparison, ctx())
    assert (view.vendors, view.criteria, view.oldest_review, view.newest_review) == (
        2,
        29,
        "2026-09-01",
        "2026-10-01",
    )
    pick = view.picks[0]
    assert pick.persona_id == "enterprise-24x7" and pick.vendor == "Alpha" and pick.href == "vendors/alpha/"
    score = comparison.board.vendor("alpha").persona("enterprise-24x7")
    assert pick.total == f"{score.total:.1f}" and pick.score_range == f"{score.low:.1f}–{score.high:.1f}"
    assert pick.p_rank1 == "100%"  # Beta fails the 24x7 must-have: Alpha is the only ranked vendor
    assert (pick.ranked, pick.excluded, pick.runner_up, pick.smallest_change) == (1, 1, None, None)
    small = view.picks[2]  # no must-have: both ranked, and Alpha leads on every weighted criterion Beta knows
    assert (small.vendor, small.ranked, small.excluded, small.runner_up) == ("Alpha", 2, 0, "Beta")
    high = next(g for g in view.flag_groups if g.severity == "high")
    assert [(f.vendor, f.message) for r in high.rules for f in r.flags] == [
        ("Beta", "Availability commitment of only 99.5%"),
        ("Beta", "Critical incidents are not worked 24x7"),
    ]
    assert (high.raised, high.vendors) == (2, 1)
    low = next(g for g in view.flag_groups if g.severity == "low")
    log4j = next(r for r in low.rules if r.unknown)
    assert log4j.message.startswith("Log4Shell remediation date unknown") and [
        f.vendor for f in log4j.flags
    ] == ["Alpha", "Beta"]


def test_each_pick_says_whether_unknown_facts_could_still_change_it(comparison_of):
    vendors = [
        vendor(
            "alpha",
            "Alpha",
            sla={"tiers": [{"name": "E", "availability_pct": 99.99}]},
            support={"hours": {"always": True}},
        ),
        vendor(
            "beta",
            "Beta",
            sla={"tiers": [{"name": "E", "availability_pct": 99.5}]},
            support={"hours": {"always": False}},
        ),
    ]
    comparison = comparison_of(vendors)
    board = comparison.board
    enterprise, _, small = home_view(comparison, ctx()).picks
    alpha = board.vendor("alpha").persona("enterprise-24x7")
    # Beta is excluded for the 24/7 buyer, so nothing can overtake Alpha there
    assert board.contenders("enterprise-24x7") == ()
    assert enterprise.unsettled == (
        f"Settled by the data: no other vendor's best case beats this pick's worst case ({alpha.low:.1f}), "
        "and it meets every must-have on known facts, whatever the unknown facts turn out to be."
    )
    # for the small team Beta is ranked; with 27 of 29 criteria unknown its best case is far above Alpha's worst
    a, b = (
        board.vendor("alpha").persona("small-business-hours"),
        board.vendor("beta").persona("small-business-hours"),
    )
    assert b.high > a.low and board.contenders("small-business-hours") == ("beta",)
    assert small.unsettled == (
        f"Not settled by the data: 1 other vendor could still rank first once unknown facts are answered, because "
        f"their best case beats this pick's worst case ({a.low:.1f}): Beta (up to {b.high:.1f})."
    )
    # the regulated buyer requires a DPA and EU residency: Alpha's facts confirm neither, so a "no" would exclude it
    regulated = home_view(comparison, ctx()).picks[1]
    assert regulated.vendor == "Alpha"
    assert [m.status for m in board.vendor("alpha").persona("regulated").must_haves] == ["unconfirmed"] * 2
    assert regulated.unsettled.endswith(
        "Its must-haves “Signs a data processing agreement” and “Customer data can "
        "be kept in the EU” are unconfirmed: a “no” would exclude it."
    )
    shown = small.unsettled.replace("'", "&#39;")  # autoescaped
    assert f'<p class="sb-pick-unsettled">{shown}</p>' in pages(comparison, ctx())[0].content


def test_home_page_escapes_vendor_text_and_says_when_no_vendor_qualifies(comparison_of):
    evil = vendor(
        "evil",
        "<script>x()</script>",
        sla={"tiers": [{"name": "E", "availability_pct": 99.9}]},
        support={"hours": {"always": False}},
    )
    (page,) = pages(comparison_of([evil]), ctx())
    assert page.uri == "index.md"
    assert "<script>x()" not in page.content and "&lt;script&gt;x()&lt;/script&gt;" in page.content
    assert "No vendor meets every must-have of this buyer." in page.content


def test_rivals_that_could_overtake_are_named_closest_first(comparison_of):
    vendors = [
        vendor(
            "alpha",
            "Alpha",
            sla={"tiers": [{"name": "E", "availability_pct": 99.99}]},
            support={"hours": {"always": True}},
        ),
        vendor("beta", "Beta", sla={"tiers": [{"name": "E", "availability_pct": 99.9}]}),
        vendor("gamma", "Gamma"),  # nothing known: the highest best case, the lowest rank
    ]
    board = comparison_of(vendors).board
    pid = "small-business-hours"
    assert board.ranking(pid).ranked == ("alpha", "beta", "gamma")
    assert board.vendor("gamma").persona(pid).high > board.vendor("beta").persona(pid).high
    assert board.contenders(pid) == ("beta", "gamma")  # in rank order, not by best case


def test_each_card_leads_with_the_decision_and_the_questions_that_decide_it(comparison_of):
    alpha = vendor(
        "alpha",
        "Alpha",
        sla={"tiers": [{"name": "E", "availability_pct": 99.99}]},
        support={"hours": {"always": True}},
    )
    comparison = comparison_of([alpha, vendor("gamma", "Gamma")])
    pick = home_view(comparison, ctx()).picks[0]
    # Gamma knows nothing: its best case beats Alpha's worst, so the pick is not settled
    assert (pick.decision.settled, pick.decision.summary) == (False, "Shortlist: Alpha (the pick), Gamma.")
    # Alpha: 99.99% (100) x 10 + 24x7 (100) x 7 over 104 = 16.3. The heaviest single question moves a
    # total by 10/104 x 100 = 9.6 points < 16.3: no one answer changes the pick; ties keep rank order.
    first = pick.decision.asks[0]
    assert (first.vendor, first.changes_pick) == ("Alpha", False)
    assert first.effect == (
        "Its answer can move Alpha’s total by up to 9.6 points (Availability incl. planned downtime); "
        "on its own it does not change the pick."
    )
    assert pick.asks_hrefs[0] == "vendors/alpha/#questions-downtime"
    (page,) = pages(comparison, ctx())
    assert (
        '<li><a href="vendors/alpha/#questions-downtime">Ask Alpha</a>: How many planned-maintenance'
        in page.content
    )


def test_the_range_chart_draws_every_ranked_vendor_in_rank_order_with_the_picks_worst_case(comparison_of):
    alpha = vendor(
        "alpha",
        "Alpha",
        sla={"tiers": [{"name": "E", "availability_pct": 99.99}]},
        support={"hours": {"always": True}},
    )
    comparison = comparison_of([vendor("gamma", "Gamma"), alpha])
    chart = home_view(comparison, ctx()).ranges[0]
    svg = str(chart.svg)
    # Alpha 16.3 (up to its best), then Gamma 0 up to 100; the line at Alpha's worst case, 16.3% across
    assert svg.index(">1. Alpha<") < svg.index(">2. Gamma<")
    assert ">0, up to 100<" in svg
    low = comparison.board.vendor("alpha").persona("enterprise-24x7").low
    assert f'<line x1="{low:.1f}%"' in svg and "The dashed line is Alpha&#39;s worst case (16)" in svg
    assert (chart.more, chart.excluded) == (0, 0)
