"""The Methodology page: every figure and word comes from the scoring declaration."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from site_builder.comparison import Comparison
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors
from site_builder.site.finish import finish
from site_builder.site.pages.methodology import methodology_view, pages
from site_builder.site.render import RenderContext, make_env

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

SCORING = """\
version: 1
settings: {downtime_cost_per_hour: 250000, cost_currency: EUR, credit_scenario_pct: 99.5, named_agents: 40,
           concurrent_agents: 30, term_months: 24, exit_after_months: 12}
unknown_policy: {default: worst}
confidence:
  evidence_weights: {contract: 1.0, public_terms: 0.9, trust_centre: 0.75, audit_report: 0.9,
                     questionnaire: 0.7, vendor_documentation: 0.7, marketing: 0.3, third_party: 0.4,
                     incident_database: 0.7, hands_on_test: 0.7, analyst_note: 0.5}
  stale_factor: 0.4
  default_fresh_days: 400
robustness: {samples: 2000, seed: 7, concentration: 25}
guide_sections:
  - {id: sla, title: Availability, page: guide/sla.md, anchor: availability}
  - {id: exit, title: Termination, page: guide/exit.md}
categories:
  - {id: sla, label: SLA terms}
  - {id: other, label: Everything else}
criteria:
  - id: response
    label: First response
    category: sla
    metric: critical_response_h
    direction: lower
    scale:
      type: breakpoints
      points: [{value: 0.25, score: 100}, {value: 1, score: 80}, {value: 24, score: 0}]
    rationale: Every hour counts.
    guide: sla
    fresh_days: 180
  - id: breach
    label: Breach notice
    category: other
    metric: security.breach_notification
    direction: lower
    scale:
      type: thresholds
      steps: [{value: 24, score: 100}, {value: 72, score: 60}]
      otherwise: 0
    rationale: GDPR gives 72 hours.
    guide: exit
    unknown: neutral
  - id: account
    label: Account manager
    category: other
    metric: support.named_account_manager
    direction: higher
    scale: {type: boolean, when_true: 100, when_false: 0}
    rationale: Someone to call.
    guide: exit
    unknown: best
  - id: period
    label: Measured per month
    category: sla
    metric: sla.tier.measurement_period
    scale: {type: choice, members: {month: 100, quarter: 60}}
    rationale: A year hides a bad month.
    guide: sla
  - id: regions
    label: Data in Europe
    category: other
    metric: tenant_isolation.residency_regions
    scale: {type: set, combine: max, members: {eu: 100, ch: 80}}
    rationale: Keep data close.
    guide: exit
must_haves:
  - {id: four-nines, label: Four nines, metric: availability_pct, at_least: 99.99, guide: sla}
  - {id: round-the-clock, label: 24x7 critical support, metric: critical_support_24x7, equals: true,
     guide: sla}
  - {id: real-sla, label: A real SLA, metric: sla.tier.commitment, one_of: [sla], guide: exit}
red_flags:
  - id: long-maintenance
    severity: high
    metric: planned_downtime_quarter_h
    above: 24
    message: "{value} of planned downtime a quarter"
    guide: sla
  - id: no-log4j-date
    severity: medium
    metric: log4j_days
    above: 30
    message: "Log4Shell took {value}"
    when_unknown: "{label}: {value}, ask"
    guide: exit
personas:
  - id: big
    label: Big center
    description: Around the clock.
    weights: {response: 5, period: 3, regions: 2}
    must_haves: [round-the-clock, four-nines]
  - id: small
    label: Small team
    description: Weekdays only.
    weights: {account: 1, breach: 2}
"""


def ctx(directory_urls: bool = True) -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=directory_urls)


def comparison_for(path: Path) -> Comparison:
    criteria = load_criteria(path)
    board = score_vendors((), criteria, today=date(2026, 11, 1))
    return Comparison((), criteria, board, analyse_all(board, samples=100), date(2026, 11, 1))


@pytest.fixture
def small(tmp_path: Path) -> Comparison:
    path = tmp_path / "scoring.yaml"
    path.write_text(SCORING, encoding="utf-8")
    return comparison_for(path)


def test_each_scale_type_reads_as_a_value_to_score_table(small):
    view = methodology_view(small, ctx())
    crits = {c.id: c for k in view.categories for c in k.criteria}
    response = crits["response"]
    assert (response.metric, response.metric_id, response.unit) == (
        "First response to a critical incident",
        "critical_response_h",
        "h",
    )
    assert (response.better, response.fresh) == ("Lower is better", "180 days")
    assert response.scale.name == "breakpoints"
    assert response.scale.rows == (("15 min", "100"), ("1 h", "80"), ("24 h", "0"))
    assert response.scale.note == (
        "Between two rows the score is interpolated on a straight line; below 15 min it stays 100, "
        "above 24 h it stays 0."
    )
    breach = crits["breach"]
    assert breach.scale.rows == (
        ("at most 24 h", "100"),
        ("at most 3 days", "60"),
        ("anything else", "0"),
    )
    assert breach.scale.note == "The first row the value meets gives the score."
    account = crits["account"]
    assert (account.better, account.scale.rows) == ("Yes is better", (("yes", "100"), ("no", "0")))
    assert crits["period"].scale.rows == (
        ("Month", "100"),
        ("Quarter", "60"),
        ("any other value (Year, Event, Session)", "0"),
    )
    assert crits["period"].unit is None
    regions = crits["regions"].scale
    assert (regions.columns, regions.rows) == (
        ("Member", "Points"),
        (("EU", "100"), ("CH", "80"), ("none of these", "0")),
    )
    assert regions.note == (
        "The best member the vendor has gives the score. "
        "Other values (US, US-gov, CA, BR, UK, DE, FR, AU, NZ, JP, KR, IN, SG, ZA, AE) add nothing."
    )


def test_unknown_rule_freshness_weights_and_guide_per_criterion(small):
    view = methodology_view(small, ctx())
    crits = {c.id: c for k in view.categories for c in k.criteria}
    assert crits["response"].unknown == "Scores 0, the scale's worst, and is shown as unknown."
    assert crits["breach"].unknown == (
        "Scores 50, midway (this criterion's own rule; the default is worst), and is shown as unknown."
    )
    assert crits["account"].unknown.startswith("Scores 100, the scale's best (this criterion's own rule")
    assert crits["breach"].fresh == "400 days (the default)"
    # 5 of 5 + 3 + 2 = 50%; the Small team does not weigh this criterion
    assert [(lk.text, lk.href, w) for lk, w in crits["response"].weights] == [
        ("Big center", "#persona-big", "5 (50.0%)")
    ]
    assert [(lk.text, w) for lk, w in crits["breach"].weights] == [("Small team", "2 (66.7%)")]
    assert (crits["response"].guide.text, crits["response"].guide.href) == (
        "Availability",
        "../guide/sla/#availability",
    )
    assert crits["account"].guide.href == "../guide/exit/"  # a section without an anchor links to its page
    assert [(k.label, [c.id for c in k.criteria]) for k in view.categories] == [
        ("SLA terms", ["response", "period"]),
        ("Everything else", ["breach", "account", "regions"]),
    ]
    assert [(lk.text, rule) for lk, rule in view.unknown_overrides] == [
        ("Breach notice", "neutral"),
        ("Account manager", "best"),
    ]
    offline = methodology_view(small, ctx(directory_urls=False))
    first = offline.categories[0].criteria[0]
    assert first.guide.href == "guide/sla.html#availability"


def test_personas_must_haves_red_flags_and_settings_in_words(small):
    view = methodology_view(small, ctx())
    big, little = view.personas
    assert [(w.criterion.text, w.criterion.href, w.weight, w.share) for w in big.weights] == [
        ("First response", "#criterion-response", "5", "50.0%"),
        ("Measured per month", "#criterion-period", "3", "30.0%"),
        ("Data in Europe", "#criterion-regions", "2", "20.0%"),
    ]
    assert (big.total, big.unweighted) == ("10", 2)
    assert [lk.href for lk in big.must_haves] == ["#must-have-round-the-clock", "#must-have-four-nines"]
    assert [(w.weight, w.share) for w in little.weights] == [("1", "33.3%"), ("2", "66.7%")]  # as declared
    assert [(m.condition, [p.text for p in m.required_by]) for m in view.must_haves] == [
        ("Committed availability (best tier) at least 99.99%", ["Big center"]),
        ("Critical incidents worked 24x7 is yes", ["Big center"]),
        ("Commitment (SLA) is one of SLA", []),
    ]
    long, log4j = view.red_flags
    assert (long.condition, long.severity, long.message, long.when_unknown) == (
        "Planned downtime a quarter above 24 h",
        "high",
        "… of planned downtime a quarter",
        None,
    )
    assert (log4j.condition, log4j.when_unknown, log4j.unknown_severity) == (
        "Days to full Log4Shell remediation above 30 days",
        "Days to full Log4Shell remediation: unknown, ask",
        "low",
    )
    assert view.evidence[:2] == (("Contract", "1", "0.4"), ("Public terms", "0.9", "0.36"))
    assert (view.stale_factor, view.default_fresh) == ("0.4", "400 days")
    assert (view.samples, view.seed, view.concentration, view.spread) == ("2,000", "7", "25", "20%")
    settings = {name: value for name, value, _ in view.settings}
    assert settings == {
        "Downtime cost per hour": "EUR 250,000",
        "Cost currency": "EUR",
        "Currency rates": "none declared",
        "Credit scenario (%)": "99.5%",
        "Named agents": "40",
        "Concurrent agents": "30",
        "Term in months": "24",
        "Exit after months": "12",
        "Open hours per week": "168",
        "Maintenance in open hours": "yes",
    }


def test_the_page_shows_the_parameters_and_anchors(small):
    (page,) = pages(small, ctx())
    assert page.uri == "methodology.md" and page.content.startswith(
        "---\nstyles: [methodology]\n---\n<h1>Methodology</h1>\n"
    )
    text = page.content
    assert "<strong>2,000</strong> weight sets" in text and "seed <strong>7</strong>" in text
    alpha = "<var>α<sub>i</sub></var> = 25 × <var>k</var> × <var>w<sub>i</sub></var> (concentration\n<strong>25</strong>"
    assert alpha in text and "varies by about ±20% of its weight" in text
    for anchor in ("criterion-response", "persona-small", "must-have-real-sla", "red-flag-no-log4j-date"):
        assert text.count(f'id="{anchor}"') == 1
    assert "<tr><td>at most 3 days</td><td>60</td></tr>" in text


# --- the real scoring.yaml ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Comparison:
    return comparison_for(ROOT / "scoring.yaml")


def test_every_declared_item_of_scoring_yaml_gets_its_anchor(real):
    (page,) = pages(real, ctx())
    c = real.criteria
    declared = (
        [f"criterion-{k.id}" for k in c.criteria]
        + [f"persona-{p.id}" for p in c.personas]
        + [f"must-have-{m.id}" for m in c.must_haves]
        + [f"red-flag-{r.id}" for r in c.red_flags]
        + [f"category-{k.id}" for k in c.categories]
    )
    ids = re.findall(r'\sid="([^"]+)"', page.content)
    assert [a for a in declared if ids.count(a) != 1] == []
    assert len(ids) == len(set(ids))


def test_a_choice_scale_listing_every_value_has_no_other_row(real):
    crits = {c.id: c for k in methodology_view(real, ctx()).categories for c in k.criteria}
    assert crits["sla-commitment"].scale.rows == (("SLA", "100"), ("SLO", "40"), ("Best effort", "0"))
    assert crits["sla-commitment"].better == "As the scale ranks the values"


def test_every_guide_link_points_at_a_declared_guide_section(real):
    (page,) = pages(real, ctx())
    c = real.criteria
    sections = {
        f"../{g.page.removesuffix('.md')}/" + (f"#{g.anchor}" if g.anchor else ""): g
        for g in c.guide_sections
    }
    links = re.findall(r'<a href="(\.\./guide/[^"]*)">([^<]*)</a>', page.content)
    assert links and [href for href, _ in links if href not in sections] == []
    assert all(text == sections[href].title for href, text in links)
    view = methodology_view(real, ctx())
    crits = {k.id: k for cat in view.categories for k in cat.criteria}
    for k in c.criteria:  # each criterion links to its own section, not merely to some section
        assert sections[crits[k.id].guide.href].id == k.guide
    for item, rule in zip(view.must_haves + view.red_flags, c.must_haves + c.red_flags, strict=True):
        assert sections[item.guide.href].id == rule.guide


def test_every_in_page_link_lands_on_an_element(real):
    """Finished as the plugin hands it to MkDocs (plain headings get their ids there)."""
    (page,) = pages(real, ctx())
    html = finish(page.content).html
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets - ids == set()
    assert {"how-scoring-works", "rank-confidence", "criteria"} <= ids


def test_hostile_scoring_text_is_escaped(tmp_path):
    hostile = (
        SCORING.replace("label: First response", "label: \"<script>alert('c')</script>\"")
        .replace("rationale: Every hour counts.", 'rationale: "<img src=x onerror=alert(1)>"')
        .replace("description: Around the clock.", 'description: "</table><b>bold</b>"')
    )
    path = tmp_path / "scoring.yaml"
    path.write_text(hostile, encoding="utf-8")
    (page,) = pages(comparison_for(path), ctx())
    assert "<script>" not in page.content and "<img" not in page.content and "<b>bold" not in page.content
    assert "&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt;" in page.content
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.content
    assert "&lt;/table&gt;&lt;b&gt;bold&lt;/b&gt;" in page.content


def test_output_is_deterministic(real):
    assert pages(real, ctx())[0].content == pages(real, ctx())[0].content
