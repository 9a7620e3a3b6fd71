"""Scoring: scales, the unknown policy, ranges, coverage, confidence, must-haves, red flags, ranks,
and the seed scenarios. Totals are worked by hand in the comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.data.model import Vendor
from site_builder.scoring.criteria import Criteria, load_criteria
from site_builder.scoring.score import score_vendors
from site_builder.scoring.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scoring" / "minimal.yaml"
SHIPPED = load_criteria(ROOT / "scoring.yaml")
TODAY = date(2026, 11, 22)

SOURCES = [
    {"id": "contract", "title": "Signed contract", "kind": "contract", "retrieved": "2026-01-15"},
    {"id": "ad", "title": "Product page", "kind": "marketing", "retrieved": "2026-01-15"},
]


def vendor(vid: str = "acme", **sections) -> Vendor:
    doc = {
        "id": vid,
        "name": vid.title(),
        "products": ["CC"],
        "website": "https://vendor.example.com/",
        "last_reviewed": "2026-01-15",
        "sources": SOURCES,
    }
    for name, body in sections.items():
        doc[name] = {"source": "contract", **body}
    return Vendor.model_validate(doc)


def sla(pct: float | None = None, **tier) -> dict:
    return {"tiers": [{"name": "Std", **({"availability_pct": pct} if pct is not None else {}), **tier}]}


def minimal(policy: str = "worst", must_haves: tuple[str, ...] = (), **criterion_updates) -> Criteria:
    """The fixture declaration with its persona's must-haves and the unknown policy replaced."""
    c = load_criteria(MINIMAL)
    persona = c.personas[0].model_copy(update={"must_haves": must_haves})
    criteria = tuple(k.model_copy(update=criterion_updates.get(k.id, {})) for k in c.criteria)
    return c.model_copy(
        update={
            "personas": (persona,),
            "criteria": criteria,
            "unknown_policy": c.unknown_policy.model_copy(update={"default": policy}),
        }
    )


def total(board, vid: str, persona: str = "enterprise"):
    return board.vendor(vid).persona(persona)


# --- totals, unknowns, ranges, coverage ------------------------------------------------------------


def test_total_is_the_weighted_mean_of_criterion_scores():
    v = vendor(
        sla=sla(99.95, claim_window={"within": "30d", "starts": "incident"}), pricing={"taxes_included": True}
    )
    p = total(score_vendors([v], minimal(), today=TODAY), "acme")
    # availability 99.95 between (99.9, 60) and (99.99, 100): 60 + 40 x 0.05/0.09 = 82.2222
    # claim window 720 h >= 720: 100; taxes included: 100
    # (3 x 82.2222 + 1 x 100 + 1 x 100) / 5 = 89.3333
    assert p.total == pytest.approx(89.33333, abs=1e-4)
    assert (p.low, p.high) == pytest.approx((89.33333, 89.33333), abs=1e-4)
    assert p.coverage == 1.0


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("worst", 36.0),  # (3 x 60 + 0 + 0) / 5
        ("neutral", 56.0),  # (180 + 50 + 50) / 5
        ("best", 76.0),  # (180 + 100 + 100) / 5
    ],
)
def test_unknown_policy(policy, expected):
    v = vendor(sla=sla(99.9))  # claim window and taxes unknown
    board = score_vendors([v], minimal(policy), today=TODAY)
    p = total(board, "acme")
    assert p.total == pytest.approx(expected)
    assert (p.low, p.high) == pytest.approx((36.0, 76.0))  # the range ignores the policy
    assert p.coverage == pytest.approx(0.6)  # 3 of 5 weight units known
    cell = board.vendor("acme").score("taxes")
    assert (cell.known, cell.display, cell.value, cell.confidence) == (False, "unknown", None, 0.0)


def test_a_criterion_can_override_the_unknown_policy():
    board = score_vendors(
        [vendor(sla=sla(99.9))], minimal("worst", **{"claim-window": {"unknown": "best"}}), today=TODAY
    )
    assert total(board, "acme").total == pytest.approx(56.0)  # (180 + 100 + 0) / 5


def test_unknown_never_scores_as_good_by_default():
    board = score_vendors([vendor()], SHIPPED, today=TODAY)
    for cell in board.vendor("acme").scores:
        assert not cell.known
        assert cell.score == cell.worst == min(SHIPPED.criterion(cell.criterion).scale.outcomes())


def test_a_price_in_a_currency_without_a_declared_rate_is_not_compared():
    v = vendor(
        pricing={
            "currency": "EUR",
            "list_prices": [{"name": "Seat", "amount": 80, "unit": "per_agent_month"}],
        }
    )
    cell = score_vendors([v], SHIPPED, today=TODAY).vendor("acme").score("price")
    assert not cell.known
    # scoring.yaml declares no EUR rate: never read 1:1
    assert cell.note == (
        "Unknown: prices are in EUR and scoring.yaml declares no EUR rate into USD, so they do not compare."
    )


# --- confidence --------------------------------------------------------------------------------------


def test_confidence_from_evidence_kind_and_age():
    v = vendor(
        sla=sla(99.9, claim_window={"within": "30d", "starts": "incident"}),
        pricing={"taxes_included": True, "fact_sources": {"taxes_included": "ad"}},
    )
    board = score_vendors([v], minimal(), today=TODAY)
    cells = {c.criterion: c for c in board.vendor("acme").scores}
    # availability: a contract (1.0), 311 days old > 180 fresh days -> stale, x 0.5
    assert (cells["availability"].stale, cells["availability"].confidence) == (True, 0.5)
    assert cells["availability"].evidence_date == date(2026, 1, 15)
    # claim window: no fresh_days and no default -> never stale: 1.0
    assert (cells["claim-window"].stale, cells["claim-window"].confidence) == (False, 1.0)
    # taxes: from a marketing page: 0.3
    assert (cells["taxes"].evidence, cells["taxes"].confidence) == ("marketing", 0.3)
    # persona: (3 x 0.5 + 1 x 1.0 + 1 x 0.3) / 5 = 0.56
    assert total(board, "acme").confidence == pytest.approx(0.56)
    fresh = score_vendors([v], minimal(), today=date(2026, 5, 1))  # 106 days old: fresh
    assert total(fresh, "acme").confidence == pytest.approx(0.86)  # (3 + 1 + 0.3) / 5


# --- must-haves and ranks -----------------------------------------------------------------------------


def test_must_haves_exclude_with_a_reason_and_unknowns_are_unconfirmed():
    vendors = [vendor("a-fails", sla=sla(99.95)), vendor("b-passes", sla=sla(99.99)), vendor("c-unknown")]
    board = score_vendors(vendors, minimal(must_haves=("sla-99-99",)), today=TODAY)
    ranking = board.ranking("enterprise")
    assert ranking.ranked == ("b-passes", "c-unknown")
    assert ranking.excluded == ("a-fails",)
    failed = total(board, "a-fails")
    assert (failed.excluded, failed.rank) == (True, None)
    assert failed.must_haves[0].status == "fail"
    assert (
        failed.must_haves[0].reason
        == "Committed availability (best tier) is 99.95%, required at least 99.99%"
    )
    unknown = total(board, "c-unknown")
    assert (unknown.must_haves[0].status, unknown.excluded, unknown.rank) == ("unconfirmed", False, 2)
    assert total(board, "b-passes").must_haves[0].status == "pass"
    # every declared must-have is evaluated for every vendor, whether a persona requires it or not
    assert [m.status for m in board.vendor("c-unknown").must_haves] == ["unconfirmed"]
    other = score_vendors(vendors, minimal(), today=TODAY)
    assert [m.status for m in other.vendor("a-fails").must_haves] == ["fail"]
    assert other.ranking("enterprise").excluded == ()


def test_equal_totals_share_a_rank():
    vendors = [vendor("b", sla=sla(99.9)), vendor("a", sla=sla(99.9)), vendor("c", sla=sla(99.0))]
    board = score_vendors(vendors, minimal(), today=TODAY)
    assert board.ranking("enterprise").ranked == ("a", "b", "c")  # equal flags and coverage: id order
    assert [total(board, v).rank for v in ("a", "b", "c")] == [1, 1, 3]


def test_scoring_is_deterministic_and_does_not_depend_on_input_order():
    vendors = [vendor("x", sla=sla(99.5)), vendor("y", sla=sla(99.99))]
    one = score_vendors(vendors, SHIPPED, today=TODAY)
    two = score_vendors(list(reversed(vendors)), SHIPPED, today=TODAY)
    assert one == two
    assert [v.id for v in one.vendors] == ["x", "y"]


def test_settings_can_be_overridden_for_a_what_if():
    v = vendor(
        sla=sla(
            99.99, credits=[{"below_pct": 99.99, "credit_pct": 10}, {"below_pct": 99.0, "credit_pct": 25}]
        )
    )
    base = score_vendors([v], SHIPPED, today=TODAY).vendor("acme").metric("credit_at_scenario_pct").value
    worse = score_vendors([v], SHIPPED, today=TODAY, settings=Settings(credit_scenario_pct=98.0))
    assert (base, worse.vendor("acme").metric("credit_at_scenario_pct").value) == (10, 25)


def test_a_scoreboard_lends_its_metrics_only_for_the_settings_it_was_scored_with():
    """The calculator page reads the scoreboard's metrics instead of computing them again, which is
    right only while its settings are the scoreboard's."""
    v = vendor(sla=sla(99.99, credits=[{"below_pct": 99.99, "credit_pct": 10}]))
    board = score_vendors([v], SHIPPED, today=TODAY)
    kept = board.metrics_at("acme", SHIPPED.settings)
    assert kept is not None and kept["credit_at_scenario_pct"].value == 10
    assert board.metrics_at("acme", Settings(credit_scenario_pct=98.0)) is None
    what_if = score_vendors([v], SHIPPED, today=TODAY, settings=Settings(credit_scenario_pct=98.0))
    assert what_if.metrics_at("acme", SHIPPED.settings) is None
    assert what_if.metrics_at("acme", Settings(credit_scenario_pct=98.0)) is not None


# --- scales -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criterion", "value", "score"),
    [
        ("certifications", ("iso27001", "soc2"), 60),  # 30 + 30
        (
            "certifications",
            ("iso27001", "soc2", "pci_dss", "hipaa", "iso27017", "iso27018", "c5"),
            100,
        ),  # 115, capped
        ("certifications", (), 0),
        ("data-residency", ("us", "uk"), 80),  # the best member present
        ("data-residency", ("us",), 0),
        ("data-isolation", "logical", 30),
        ("breach-notification", 48.0, 80),  # at most 48 h
        ("breach-notification", 100.0, 0),  # slower than every step
        ("claim-window", 200.0, 50),  # at least 168 h, less than 336 h
        ("planned-downtime", 16.0, 60),  # halfway between (8, 80) and (24, 40)
        ("planned-downtime", 100.0, 0),  # clamped past the last breakpoint
        ("sole-remedy", True, 0),
    ],
)
def test_scales(criterion, value, score):
    c = SHIPPED.criterion(criterion)
    assert c.scale.score(c.direction, value) == pytest.approx(score)


# --- red flags: every shipped rule, firing and not firing ---------------------------------------------

FLAG_CASES = {
    "excessive-planned-downtime": (
        {"downtime": {"planned_windows": [{"count": 5, "per": "week", "duration": "1h"}]}},
        {"downtime": {"planned_windows": [{"count": 1, "per": "quarter", "duration": "8h"}]}},
        "60 h of planned downtime a quarter, far above one 8-hour window a quarter",
    ),
    "full-termination-fee": (
        {"pricing": {"early_termination_fee_pct": 100}},
        {"pricing": {"early_termination_fee_pct": 50}},
        "Early termination costs 100% of the remaining contract value",
    ),
    "short-claim-window": (
        {"sla": sla(claim_window={"within": "24h", "starts": "incident"})},
        {"sla": sla(claim_window={"within": "25h", "starts": "incident"})},
        "Service credits must be claimed within 24 hours of the outage, or they are lost",
    ),
    "taxes-excluded": (
        {"pricing": {"taxes_included": False}},
        {"pricing": {"taxes_included": True}},
        "Quotes leave out taxes and surcharges (the case study's bill ran 30% over budget)",
    ),
    "no-deletion": (
        {"exit": {"deletion_after_termination": False}},
        {"exit": {"deletion_after_termination": True}},
        "No commitment to delete customer data after the contract ends",
    ),
    "slow-breach-notification": (
        {"security": {"breach_notification": "4d"}},
        {"security": {"breach_notification": "72h"}},
        "Breach notification within 4 days, slower than GDPR's 72 hours",
    ),
    "own-tenant-update-downtime": (
        {"downtime": {"own_tenant_update_downtime": True}},
        {"downtime": {"own_tenant_update_downtime": False}},
        "Updating your tenant takes your contact center down",
    ),
    "other-tenant-update-downtime": (
        {"downtime": {"other_tenant_update_downtime": True}},
        {"downtime": {"other_tenant_update_downtime": False}},
        "Updates to other customers' tenants can take your contact center down",
    ),
    "slow-log4j": (
        {"log4j": {"remediated": "2022-02-01"}},  # 54 days after 2021-12-09
        {"log4j": {"remediated": "2021-12-20"}},
        "Log4Shell took 54 days to remediate fully",
    ),
    "low-availability": ({"sla": sla(99.5)}, {"sla": sla(99.9)}, "Availability commitment of only 99.5%"),
    "no-contractual-sla": (
        {"sla": sla(100, commitment="best_effort")},
        {"sla": sla(99.9, commitment="sla")},
        "Availability is only an objective (best effort): no credits when it is missed",
    ),
    "no-24x7-critical": (
        {
            "support": {
                "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "17:00"}
            }
        },
        {"support": {"hours": {"always": True}}},
        "Critical incidents are not worked 24x7",
    ),
    "no-account-manager": (
        {"support": {"named_account_manager": False}},
        {"support": {"named_account_manager": True}},
        "No named account manager",
    ),
}


def _flags(**sections):
    return {f.id: f for f in score_vendors([vendor(**sections)], SHIPPED, today=TODAY).vendor("acme").flags}


def test_every_shipped_rule_is_tested():
    assert set(FLAG_CASES) == {r.id for r in SHIPPED.red_flags}


@pytest.mark.parametrize("rule", sorted(FLAG_CASES))
def test_red_flag_fires_with_the_vendors_value(rule):
    fires, quiet, message = FLAG_CASES[rule]
    flag = _flags(**fires)[rule]
    assert flag.message == message
    assert (flag.severity, flag.unknown) == (
        SHIPPED.red_flags[[r.id for r in SHIPPED.red_flags].index(rule)].severity,
        False,
    )
    assert flag.guide.startswith("guide/") and "#" in flag.guide
    assert rule not in _flags(**quiet)


def test_only_the_log4j_and_availability_rules_fire_on_an_unknown():
    flags = _flags()
    assert sorted(flags) == ["low-availability", "slow-log4j"]
    assert (flags["slow-log4j"].severity, flags["slow-log4j"].unknown) == ("low", True)
    assert (
        flags["slow-log4j"].message == "Log4Shell remediation date unknown: ask when every customer was fixed"
    )
    # no committed availability on record is no better than an objective: medium, marked as raised by an unknown
    assert (flags["low-availability"].severity, flags["low-availability"].unknown) == ("medium", True)
    assert (
        flags["low-availability"].message
        == "No committed availability on record: ask for the SLA and its credits"
    )


def test_an_objective_raises_one_flag_not_a_second_for_the_missing_commitment():
    flags = _flags(sla=sla(100, commitment="best_effort"))
    assert (flags["no-contractual-sla"].severity, flags["no-contractual-sla"].unknown) == ("medium", False)
    # one cause, one flag: the objective is why no commitment is on record, so that unknown is not flagged again
    assert "low-availability" not in flags and "no-contractual-sla" in flags
    assert "low-availability" not in _flags(
        sla=sla(99.99)
    )  # a figure whose kind is not recorded is not flagged


# --- the seed scenarios -----------------------------------------------------------------------------


def _seed_vendor(vid: str, windows: list[dict]) -> Vendor:
    return vendor(
        vid,
        sla=sla(99.9, measurement_period="month", exclusions=["planned_maintenance"]),
        downtime={"planned_windows": windows, "zero_downtime_updates": False},
    )


def test_one_8h_window_a_quarter_ranks_above_5_x_1h_a_week():
    quarterly = _seed_vendor("quarterly-window", [{"count": 1, "per": "quarter", "duration": "8h"}])
    weekly = _seed_vendor("weekly-windows", [{"count": 5, "per": "week", "duration": "1h"}])
    board = score_vendors([weekly, quarterly], SHIPPED, today=TODAY)
    for persona in ("enterprise-24x7", "small-business-hours"):
        assert board.ranking(persona).ranked == ("quarterly-window", "weekly-windows"), persona
        assert total(board, "quarterly-window", persona).total > total(board, "weekly-windows", persona).total
    assert "excessive-planned-downtime" in {f.id for f in board.vendor("weekly-windows").flags}
    assert "excessive-planned-downtime" not in {f.id for f in board.vendor("quarterly-window").flags}


def test_the_case_study_contract_raises_its_flags_high_first():
    v = vendor(
        pricing={"early_termination_fee_pct": 100, "taxes_included": False},
        sla=sla(99.9, commitment="sla", claim_window={"within": "24h", "starts": "incident"}),
        support={"named_account_manager": False},
        log4j={"affected": False},
    )
    flags = score_vendors([v], SHIPPED, today=TODAY).vendor("acme").flags
    assert [(f.id, f.severity) for f in flags] == [
        ("full-termination-fee", "high"),
        ("short-claim-window", "high"),
        ("taxes-excluded", "medium"),
        ("no-account-manager", "low"),
    ]


# --- invariants over many profiles --------------------------------------------------------------


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


@settings(max_examples=60, deadline=None)
@given(
    pct=_maybe(st.sampled_from([98.0, 99.0, 99.5, 99.9, 99.95, 99.99, 99.999])),
    fee=_maybe(st.sampled_from([0, 25, 50, 100])),
    windows=_maybe(st.integers(0, 6)),
    taxes=_maybe(st.booleans()),
    claim=_maybe(st.sampled_from(["24h", "7d", "30d"])),
)
def test_totals_stay_inside_their_range_and_unknowns_only_widen_it(pct, fee, windows, taxes, claim):
    tier = {"availability_pct": pct, "claim_window": claim and {"within": claim, "starts": "incident"}}
    v = vendor(
        sla=sla(**{k: x for k, x in tier.items() if x is not None}),
        pricing={
            k: x
            for k, x in {"early_termination_fee_pct": fee, "taxes_included": taxes}.items()
            if x is not None
        },
        downtime={}
        if windows is None
        else {"planned_windows": [{"count": windows, "per": "week", "duration": "1h"}]},
    )
    board = score_vendors([v], SHIPPED, today=TODAY)
    for p in board.vendor("acme").personas:
        assert 0 <= p.low <= p.total <= p.high <= 100
        assert 0 <= p.coverage <= 1 and 0 <= p.confidence <= p.coverage
        assert (p.low == p.high) == (p.coverage == 1)


def test_memo_reuses_work_per_vendor_object_and_gives_the_same_board():
    criteria = load_criteria(ROOT / "scoring.yaml")
    a, b = vendor("a", sla=sla(99.9)), vendor("b", sla=sla(99.5))
    today = date(2026, 11, 1)
    memo: dict = {}
    first = score_vendors([a, b], criteria, today=today, memo=memo)
    assert set(memo) == {id(a), id(b)}
    changed = vendor("b", sla=sla(99.99))  # a new version of b: a new object, scored afresh
    again = score_vendors([a, changed], criteria, today=today, memo=memo)
    fresh = score_vendors([a, changed], criteria, today=today)
    assert again.vendors == fresh.vendors and again.rankings == fresh.rankings
    assert again.vendor("b").score("availability").score != first.vendor("b").score("availability").score
    assert memo[id(a)][2] is again.vendor("a").scores  # a's criterion scores were reused, not recomputed


def test_score_memo_of_serve_holds_the_compared_vendors_under_the_same_criteria_and_date():
    from site_builder.comparison import ScoreMemo

    criteria = load_criteria(ROOT / "scoring.yaml")
    a, b = vendor("a", sla=sla(99.9)), vendor("b", sla=sla(99.5))
    kept = ScoreMemo()
    parts = kept.parts(criteria, TODAY)
    score_vendors([a, b], criteria, today=TODAY, memo=parts)
    kept.keep((a, b))
    reread = load_criteria(ROOT / "scoring.yaml")  # equal criteria, read again: the work is kept
    assert set(kept.parts(reread, TODAY)) == {id(a), id(b)}
    edited = vendor("b", sla=sla(99.99))
    score_vendors([a, edited], criteria, today=TODAY, memo=kept.parts(criteria, TODAY))
    kept.keep((a, edited))  # b's previous record is forgotten
    assert set(kept.parts(criteria, TODAY)) == {id(a), id(edited)}
    assert kept.parts(criteria, date(2026, 11, 23)) == {}  # another day: freshness scores change
    reweighted = criteria.model_copy(update={"must_haves": ()})
    score_vendors([a], criteria, today=TODAY, memo=kept.parts(criteria, TODAY))
    assert kept.parts(reweighted, TODAY) == {}  # scoring.yaml edited: everything is scored again
