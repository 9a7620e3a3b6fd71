"""The nine cases of issue 13, each written the way its document says it, with the figures worked by
hand; then each read on the shipped profiles, in the JSON export and on the page that shows it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from site_builder.comparison import prepare_comparison
from site_builder.data.model import Vendor
from site_builder.outputs.export import to_json
from site_builder.scoring.metrics import compute_metrics
from site_builder.site.pages.home import home_view
from site_builder.site.pages.vendor import headline, overview
from site_builder.site.render import RenderContext, make_env

ROOT = Path(__file__).resolve().parents[2]


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


def metric(v: Vendor, mid: str):
    return compute_metrics(v)[mid]


@pytest.fixture(scope="module")
def real():
    return prepare_comparison([ROOT / "vendors"], ROOT / "scoring.yaml", today=date(2026, 11, 22))


@pytest.fixture(scope="module")
def exported(real):
    data = json.loads(to_json(real))
    return {v["id"]: v for v in data["vendors"]}, {p["id"]: p for p in data["personas"]}


def ctx() -> RenderContext:
    return RenderContext(make_env(ROOT / "templates"), directory_urls=True)


# 1. Five9: the VCC Voice component's own credit table ---------------------------------------------

FIVE9_TIER = {
    "name": "Five9 services",
    "commitment": "sla",
    "measurement_period": "month",
    "components": [
        {
            "name": "VCC Voice",
            "availability_pct": 99.999,
            "credits": [
                {"credit_pct": 5, "label": "Less than two hours"},
                {"min_outage": "2h", "credit_pct": 10, "label": "Two or more hours"},
            ],
        }
    ],
    "credits": [{"below_pct": 97, "credit_pct": 100}],
}


def test_five9_a_bad_month_reads_the_components_credit_table():
    m = metric(vendor(sla={"tiers": [FIVE9_TIER]}), "credit_at_scenario_pct")
    # 99% misses VCC Voice's 99.999%: any outage earns 5%, one of 2 h or more 10%; the tier's own
    # rule (100% below 97%) does not apply at 99%. Scored at the certain 5%, shown as a floor.
    assert (m.value, m.display) == (5.0, "at least 5%")
    assert "5% Less than two hours; 10% Two or more hours" in m.explanation
    a = metric(vendor(sla={"tiers": [FIVE9_TIER]}), "availability_pct")
    assert "its only component on record, VCC Voice, targets 99.999%" in a.explanation
    assert "lowest component target" not in a.explanation


def test_five9_below_97_the_tiers_rule_pays_more_than_the_component():
    v = vendor(sla={"tiers": [FIVE9_TIER]})
    from site_builder.scoring.metrics import credit_at

    assert credit_at(v.sla.tiers[0], 96.0)[0] == 100.0  # the tier's floor rule: 100% of the fees


def test_a_partial_table_is_a_floor_and_says_nothing_above_its_rows():
    tier = {"name": "T", "availability_pct": 99.9, "credits": [{"below_pct": 99.9, "credit_pct": 25}]}
    full = metric(vendor(sla={"tiers": [tier]}), "credit_at_scenario_pct")
    part = metric(vendor(sla={"tiers": [{**tier, "credits_partial": True}]}), "credit_at_scenario_pct")
    assert (full.value, full.display) == (25.0, "25%")
    assert (part.value, part.display) == (25.0, "at least 25%")  # a lower row may pay more
    from site_builder.scoring.metrics import credit_at

    partial = vendor(sla={"tiers": [{**tier, "credits_partial": True}]}).sla.tiers[0]
    assert credit_at(partial, 99.95)[0] is None  # above the only captured row: not "no credit"


# 2. Amazon Connect: Log4j fixed by a date is "at most" that many days ---------------------------------


def test_log4j_fixed_by_a_date_reads_as_a_bound():
    m = metric(vendor(log4j={"status": "fixed", "status_as_of": "2021-12-23"}), "log4j_days")
    # 2021-12-09 (disclosure) to 2021-12-23 = 14 days; scored as the bound, its worst case
    assert (m.value, m.display) == (14.0, "at most 14 days")


def test_a_duration_bound_is_kept_and_scores_as_its_limit():
    v = vendor(exit={"retention": [{"data": "Recordings", "period": "at least 1y"}]})
    assert str(v.exit.retention[0].period) == "at least 1y"
    assert v.exit.retention[0].period.words == "at least 1 year"
    assert v.exit.retention[0].period.hours == 8765.82
    patch = vendor(security={"critical_patch_within": "at most 7d"})
    m = metric(patch, "security.critical_patch_within")
    assert (m.value, m.display) == (168.0, "at most 7 days")


# 3. Twilio: the claim window the document sets for every tier -----------------------------------------


def test_twilio_claim_window_set_once_for_every_tier_reaches_the_best_tier():
    v = vendor(
        sla={
            "claim_window": {"within": "30d", "starts": "month_end"},
            "tiers": [
                {"name": "Twilio Services", "commitment": "sla", "availability_pct": 99.95},
                {"name": "Enterprise Edition", "commitment": "sla", "availability_pct": 99.99},
            ],
        }
    )
    m = metric(v, "claim_window_h")
    assert (m.value, m.display) == (720.0, "30 days")  # 30 x 24 h
    assert m.explanation == "A credit must be claimed within 30 days of the end of the month."
    own = {"within": "7d", "starts": "month_end"}
    tiers = [{**v.sla.tiers[1].model_dump(exclude_none=True), "claim_window": own}]
    override = vendor(sla={"claim_window": {"within": "30d", "starts": "month_end"}, "tiers": tiers})
    assert metric(override, "claim_window_h").value == 168.0  # the tier's own deadline wins


# 4. Genesys: an exclusion list silent on maintenance ---------------------------------------------------


def test_genesys_maintenance_not_mentioned_is_unknown():
    tier = {
        "name": "Genesys Cloud",
        "commitment": "best_effort",
        "availability_pct": 100,
        "exclusions": ["customer_network", "misconfiguration", "third_party_carriers", "force_majeure"],
    }
    m = metric(vendor(sla={"tiers": [tier]}), "maintenance_excluded")
    assert (m.value, m.display) == (None, "unknown")


# 5. Calabrio: a predecessor's terms are context -----------------------------------------------------

PRODUCTS = [
    {"id": "one", "name": "Calabrio ONE"},
    {"id": "teleopti", "name": "Teleopti WFM", "role": "predecessor"},
]


def test_calabrio_predecessor_support_hours_are_context_not_a_fact():
    v = vendor(
        products=PRODUCTS,
        support={"covers": ["teleopti"], "hours": {"days": ["mon", "tue", "wed", "thu", "fri"]}},
        sla={"tiers": [{"name": "Teleopti (2018)", "covers": ["teleopti"], "availability_pct": 99.5}]},
    )
    m = metric(v, "critical_support_24x7")
    assert m.value is None
    assert m.explanation == (
        "Unknown for the compared product: the support facts on record are about another product, shown as "
        "context and not scored (Teleopti WFM (predecessor))."
    )
    assert metric(v, "availability_pct").value is None


# 6. NICE: support terms of CXone Expert only ------------------------------------------------------


def test_nice_support_terms_of_a_neighbour_do_not_pass_the_24x7_must_have(comparison_of):
    v = vendor(
        "nice",
        products=[
            {"id": "cxone", "name": "CXone"},
            {"id": "expert", "name": "CXone Expert", "role": "neighbour"},
        ],
        support={"covers": ["expert"], "severities": [{"level": 1, "hours": {"always": True}}]},
    )
    board = comparison_of([v]).board
    must = {m.id: m for m in board.vendor("nice").must_haves}["critical-24x7"]
    assert must.status == "unconfirmed"
    same_for_cxone = vendor("nice", support={"severities": [{"level": 1, "hours": {"always": True}}]})
    assert metric(same_for_cxone, "critical_support_24x7").value is True


# 7. UJET: a pick resting on an inferred fact ----------------------------------------------------------


def test_an_inferred_fact_weighs_low_and_the_pick_that_rests_on_it_says_so(comparison_of):
    stated = vendor("stated", security={"encryption_at_rest": True})
    inferred = vendor(
        "inferred",
        security={"encryption_at_rest": True, "inferred": {"encryption_at_rest": "'all data is encrypted'"}},
    )
    board = comparison_of([stated, inferred]).board
    conf = {v: board.vendor(v).score("encryption").confidence for v in ("stated", "inferred")}
    assert conf == {"stated": 0.9, "inferred": 0.2}  # public_terms 0.9; inferred 0.2 (scoring.yaml)
    m = board.vendor("inferred").metric("security.encryption_at_rest")
    assert m.inferred == "'all data is encrypted'"
    assert (
        m.explanation == "Encryption at rest (Security): yes. Inferred, not stated: 'all data is encrypted'"
    )


def test_ujet_card_says_the_pick_rests_on_an_inferred_fact(real, exported):
    pick = next(p for p in home_view(real, ctx()).picks if p.persona_id == "regulated")
    assert pick.vendor == "UJET"
    assert pick.inferred.startswith(
        "This pick rests on a fact inferred, not stated: Encryption at rest (yes): "
    )
    assert pick.inferred.endswith(" Without it its score falls to 18.6 and Amazon Connect would lead.")
    _, personas = exported
    assert personas["regulated"]["top_pick_inferred"]["leader_without"] == "amazon-connect"


# 8. Talkdesk: 100% allows no downtime; it is not a promise of none ---------------------------------


def test_a_100_percent_commitment_reads_every_minute_down_is_a_breach():
    v = vendor(
        sla={
            "tiers": [
                {"name": "Elite", "commitment": "sla", "availability_pct": 100, "measurement_period": "month"}
            ]
        }
    )
    metrics = compute_metrics(v)
    for mid in (
        "allowed_downtime_month_min",
        "allowed_downtime_year_h",
        "longest_outage_h",
        "downtime_cost_year",
    ):
        assert (metrics[mid].value, metrics[mid].display) == (0.0, "none: every minute down is a breach"), mid
    assert headline(metrics).startswith("This SLA allows no downtime at all: every minute down is a breach;")


# 9. Ties: shown as ties, ordered by red flags then coverage ---------------------------------------------


def test_a_tie_is_ordered_by_red_flags_then_coverage_never_by_name():
    from site_builder.scoring.criteria import load_criteria
    from site_builder.scoring.score import score_vendors

    c = load_criteria(ROOT / "tests" / "fixtures" / "scoring" / "minimal.yaml")
    c = c.model_copy(update={"personas": (c.personas[0].model_copy(update={"must_haves": ()}),)})
    sla = {"tiers": [{"name": "T", "availability_pct": 99.9}]}
    # Each totals 36: availability 60 x 3/5; claim window and taxes 0 (unknown scores worst, 0).
    # "a" raises the high flag (a 100% exit fee, unweighted); "b" knows taxes are extra (0, but known,
    # so its coverage is 4/5 against 3/5); "c" has neither.
    vendors = [
        vendor("a", sla=sla, pricing={"early_termination_fee_pct": 100}),
        vendor("b", sla=sla, pricing={"taxes_included": False}),
        vendor("c", sla=sla),
    ]
    board = score_vendors(vendors, c, today=date(2026, 11, 22))
    assert [round(board.vendor(v).persona("enterprise").total, 9) for v in "abc"] == [36.0, 36.0, 36.0]
    assert board.ranking("enterprise").ranked == ("b", "c", "a")
    assert [board.rank_text(v, "enterprise") for v in "bca"] == ["=1", "=1", "=1"]


def test_shipped_tie_at_the_top_names_both_and_lists_fewer_flags_then_coverage_first(real, exported):
    ranking = real.board.ranking("enterprise-24x7").ranked
    # Five9 and Talkdesk total the same; both carry one low flag; Five9's coverage (38%) beats 36%.
    assert ranking[:2] == ("five9", "talkdesk")
    assert [real.board.rank_text(v, "enterprise-24x7") for v in ranking[:2]] == ["=1", "=1"]
    pick = next(p for p in home_view(real, ctx()).picks if p.persona_id == "enterprise-24x7")
    assert (pick.vendor, pick.tied_with) == ("Five9", ("Talkdesk",))
    _, personas = exported
    assert personas["enterprise-24x7"]["ranked"][:2] == ["five9", "talkdesk"]
    assert personas["enterprise-24x7"]["rank_text"]["talkdesk"] == "=1"


# The nine cases on the shipped profiles, as the JSON export and the vendor pages read them -----------


def test_the_nine_cases_in_the_json_export(exported):
    vendors, _ = exported

    def shown(vid, mid):
        return vendors[vid]["metrics"][mid]["display"]

    assert shown("five9", "credit_at_scenario_pct") == "at least 5%"
    assert shown("amazon-connect", "log4j_days") == "at most 14 days"
    assert vendors["amazon-connect"]["criteria"]["log4j"]["value"] == "at most 14 days"
    assert shown("twilio-flex", "claim_window_h") == "30 days"
    assert shown("genesys-cloud", "maintenance_excluded") == "unknown"
    assert "Critical incidents are not worked 24x7" not in {
        f["message"] for f in vendors["calabrio-one"]["red_flags"]
    }
    assert shown("calabrio-one", "critical_support_24x7") == "unknown"
    assert (
        vendors["nice-cxone"]["personas"]["enterprise-24x7"]["must_haves"]["critical-24x7"] == "unconfirmed"
    )
    assert vendors["ujet"]["metrics"]["security.encryption_at_rest"]["inferred"].startswith(
        "The privacy notice"
    )
    assert shown("talkdesk", "allowed_downtime_month_min") == "none: every minute down is a breach"
    assert shown("talkdesk", "downtime_cost_year") == "none: every minute down is a breach"


def test_the_cases_on_the_vendor_pages(real):
    five9 = {m.label: m for m in overview(real, "five9", ctx()).metrics}
    assert five9["Service credit in a bad month"].value == "at least 5%"
    talkdesk = overview(real, "talkdesk", ctx())
    assert talkdesk.headline.startswith("This SLA allows no downtime at all: every minute down is a breach")
    calabrio = overview(real, "calabrio-one", ctx())
    assert "Critical incidents are not worked 24x7" not in [f.message for f in calabrio.flags]


# The model's shapes, each written as its document says it, with the figures worked by hand ----------


def test_credit_paid_as_service_days_reads_as_a_share_of_the_month():
    # 3 days of extra service below 99.9%: 3 / 30.436875 days = 9.8565% of a month's fee
    tier = {
        "name": "T",
        "availability_pct": 99.9,
        "credit_unit": "service_days",
        "credits": [{"below_pct": 99.9, "credit_days": 3}],
    }
    m = metric(vendor(sla={"tiers": [tier]}), "credit_at_scenario_pct")
    assert m.value == pytest.approx(9.85647, abs=1e-5)
    assert "3 days of service below 99.9%, 9.86% of a month" in m.explanation


def test_a_credit_on_an_events_fees_is_not_a_share_of_the_monthly_fee():
    tier = {
        "name": "Webinar",
        "availability_pct": 99.9,
        "measurement_period": "event",
        "credit_unit": "event_fee_pct",
        "credits": [{"below_pct": 99.9, "credit_pct": 50}],
        "claim_window": {"within": "30d", "starts": "eligibility"},
    }
    metrics = compute_metrics(vendor(sla={"tiers": [tier]}))
    assert metrics["credit_at_scenario_pct"].explanation == (
        "Unknown: credits are a share of an event's fees, not a share of the monthly fee."
    )
    for mid in ("allowed_downtime_month_min", "allowed_downtime_year_h", "downtime_cost_year"):
        assert metrics[mid].value is None
    assert metrics["allowed_downtime_month_min"].explanation == (
        "Unknown: 99.9% is measured per event, not over a calendar period, so it sets no monthly or yearly "
        "allowance."
    )
    assert (
        metrics["claim_window_h"].explanation
        == "A credit must be claimed within 30 days of becoming eligible for the credit."
    )
    assert metrics["claim_window_h"].value == 720.0


def test_a_date_known_only_to_the_month_reads_to_its_last_day():
    v = vendor(log4j={"affected": True, "first_response": "2021-12", "remediated": "2022-01"})
    assert str(v.log4j.first_response) == "2021-12"
    m = metric(v, "log4j_days")
    # 2022-01-31 - 2021-12-09 = 53 days: at most, since the day is not given
    assert (m.value, m.display) == (53.0, "at most 53 days")


def test_a_month_before_disclosure_is_refused_but_the_disclosure_month_is_not():
    from site_builder.data.checks import vendor_findings

    ok = vendor(log4j={"affected": True, "first_response": "2021-12"})
    early = vendor(log4j={"affected": True, "first_response": "2021-11"})
    today = date(2026, 11, 22)
    assert not [
        f
        for f in vendor_findings(ok, stem="acme", today=today, max_age_days=None)
        if "disclosed" in f.message
    ]
    [finding] = [
        f
        for f in vendor_findings(early, stem="acme", today=today, max_age_days=None)
        if "disclosed" in f.message
    ]
    assert finding.message == "2021-11 is before Log4Shell was disclosed (2021-12-09)"


def test_a_list_price_for_a_neighbouring_product_is_not_the_seat_price():
    products = [{"id": "cc", "name": "CC"}, {"id": "meet", "name": "Meetings", "role": "neighbour"}]
    prices = [
        {"name": "Meetings seat", "amount": 10, "unit": "per_user_month", "covers": ["meet"]},
        {"name": "CC seat", "amount": 100, "unit": "per_agent_month", "approximate": True},
    ]
    m = metric(
        vendor(products=products, pricing={"currency": "USD", "list_prices": prices}), "price_per_agent_month"
    )
    assert m.value == 100.0  # 100 named agents x USD 100 / 100 agents, not the meetings seat's 10


def test_covers_must_name_a_product_of_the_profile():
    from site_builder.data.checks import vendor_findings

    v = vendor(products=[{"id": "cc", "name": "CC"}], support={"covers": ["expert"]})
    [finding] = [
        f
        for f in vendor_findings(v, stem="acme", today=date(2026, 11, 22), max_age_days=None)
        if "product" in f.message
    ]
    assert (finding.loc, finding.message) == (
        ("support", "covers", 0),
        "unknown product 'expert'; defined: cc",
    )


def test_a_duplicate_product_id_is_placed_at_its_own_position_among_plain_names():
    from site_builder.data.checks import vendor_findings

    products = ["Plain name", {"id": "cc", "name": "CC"}, {"id": "cc", "name": "CC again"}]
    v = vendor(products=products)
    found = [
        (f.loc, f.message)
        for f in vendor_findings(v, stem="acme", today=date(2026, 11, 22), max_age_days=None)
        if "duplicate" in f.message
    ]
    assert found == [(("products", 2, "id"), "duplicate id 'cc'")]  # not products[1]: the plain name counts


def test_a_premium_programme_is_shown_beside_the_standard_terms_which_are_scored():
    from site_builder.site.pages.vendor import vendor_view

    standard = {"level": 1, "response": "15min", "hours": {"always": True}}
    weekdays = {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "08:00",
        "end": "20:00",
        "timezone": "EST",
    }
    premium = {
        "name": "Premium Care",
        "severities": [{"level": 2, "hours": weekdays}, {"level": 4, "response": "1bd"}],
    }
    v = vendor(support={"severities": [standard], "programmes": [premium]})
    metrics = compute_metrics(v)
    assert metrics["critical_support_24x7"].value is True  # the standard terms: severity 1, 24x7
    assert metrics["critical_response_h"].value == 0.25  # 15 minutes
    support = next(b for b in vendor_view(v).sections if b.key == "support")
    assert [c.title for c in support.children] == ["Programmes: Premium Care"]


def test_a_copy_names_its_original_and_a_source_may_have_several_addresses():
    from site_builder.site.pages.vendor import vendor_view

    v = Vendor.model_validate(
        {
            "id": "acme",
            "name": "Acme",
            "products": ["CC"],
            "website": "https://example.com/",
            "last_reviewed": "2026-10-01",
            "sources": [
                {
                    "id": "copy",
                    "title": "A reseller's copy of the SLA",
                    "kind": "third_party",
                    "retrieved": "2026-10-01",
                    "url": "https://reseller.example.net/sla",
                    "copy_of": "https://example.com/legal/sla",
                    "other_urls": ["https://example.com/de/legal/sla"],
                }
            ],
            "sla": {"source": "copy", "tiers": [{"name": "T", "availability_pct": 99.9}]},
        }
    )
    [line] = vendor_view(v).sources
    assert (line.copy_of, line.other_urls) == (
        "https://example.com/legal/sla",
        ("https://example.com/de/legal/sla",),
    )


def test_amazon_connects_claim_window_is_inferred_from_the_aws_template(exported, real):
    vendors, _ = exported
    m = vendors["amazon-connect"]["metrics"]["claim_window_h"]
    # "by the end of the second billing cycle after the incident": 2 months of 730.485 h from the cycle's end
    assert (m["display"], round(m["value"], 2)) == ("2 months", 1460.97)
    assert m["inferred"].startswith("Other AWS SLAs of the same template")
    assert real.board.vendor("amazon-connect").score("claim-window").confidence == 0.2
    # a three-way tie for small businesses: no flag before a low flag, then coverage
    ranked = real.board.ranking("small-business-hours").ranked
    assert ranked[4:7] == ("zoom-contact-center", "amazon-connect", "nice-cxone")
