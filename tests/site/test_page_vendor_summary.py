"""The summary at the top of a vendor page: known and unknown per criterion group, and the questions
that matter most per persona (value of information, scoring/decision.py), on hand-built vendors."""

from __future__ import annotations

from site_builder.data.model import Vendor
from site_builder.scoring.decision import vendor_questions
from site_builder.site.pages.vendor_summary import groups, persona_questions


def vendor(vid: str, **sections) -> Vendor:
    return Vendor.model_validate(
        {
            "id": vid,
            "name": vid.capitalize(),
            "products": ["X"],
            "website": f"https://{vid}.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
            **{k: {"source": "s", **v} for k, v in sections.items()},
        }
    )


ACME = {
    "sla": {"tiers": [{"name": "E", "commitment": "slo", "availability_pct": 99.9}]},
    "support": {"named_account_manager": True},
}


def test_groups_name_known_values_and_unknown_criteria(comparison_of):
    c = comparison_of([vendor("acme", **ACME), vendor("beta")])
    by_label = {g.label: g for g in groups(c, "acme")}
    sla = by_label["Availability and SLA"]
    # an objective is known-bad (nothing committed), not unknown: it shows with its value, marked bad
    assert sla.count == "2 of 7 known"
    assert [(k.label, k.value, k.bad) for k in sla.known] == [
        ("Committed availability", "none (only an objective)", True),
        ("Contractual SLA with credits", "SLO", False),
    ]
    assert sla.unknown.startswith("Availability incl. planned downtime, Availability measured per month, ")
    support = by_label["Support"]
    assert (support.count, [(k.label, k.value) for k in support.known]) == (
        "1 of 3 known",
        [("Named account manager", "yes")],
    )
    assert support.unknown == "Critical incidents worked 24x7, First response to a critical incident"


def test_swing_is_the_weight_share_times_the_answer_range(comparison_of):
    # beta knows nothing: every weighted criterion can move its enterprise total by its share of
    # the 104 weight points times 100 (unknown scored 0, best answer 100); availability weighs 10.
    c = comparison_of([vendor("acme", **ACME), vendor("beta")])
    qs = vendor_questions(c.board, "enterprise-24x7", c.vendor("beta"))
    availability = next(q for q in qs if q.label == "Committed availability")
    assert round(availability.swing, 3) == round(10 / 104 * 100, 3)
    # those that can change the pick first, then by swing
    keys = [(not q.changes_pick, -round(q.swing, 6)) for q in qs if q.kind == "criterion"]
    assert keys == sorted(keys)
    assert len({q.path for q in qs}) == len(qs)  # one question per fact asked


def test_each_persona_gets_its_status_and_at_most_three_questions(comparison_of):
    c = comparison_of([vendor("acme", **ACME), vendor("beta")])
    lines = persona_questions(c, "beta")
    assert [p.persona for p in lines] == [p.label for p in c.criteria.personas]
    for p in lines:
        assert p.status and len(p.asks) <= 3
        assert all(a.href.startswith("#questions-") and a.question.endswith("?") for a in p.asks)


def test_the_pick_and_a_rival_read_what_their_answers_would_do(comparison_of):
    c = comparison_of([vendor("acme", **ACME), vendor("beta")])
    acme = persona_questions(c, "acme")[0]
    assert acme.status == "The pick for now, on a shortlist of 2: these answers could change that."
    assert [(a.effect, a.href, a.changes_pick) for a in acme.asks] == [
        (
            "A “no” to “Critical incidents worked 24x7” excludes Acme and makes Beta the top pick.",
            "#questions-support",
            True,
        ),
        (
            "Availability incl. planned downtime: its answer can move the total by up to 9.6 points.",
            "#questions-downtime",
            False,
        ),
        (
            "No downtime when other tenants are updated: its answer can move the total by up to 5.8 points.",
            "#questions-downtime",
            False,
        ),
    ]
    beta = persona_questions(c, "beta")[0]
    assert (
        beta.status
        == "On the shortlist of 2 behind Acme: an answer that lifts it enough could make it the pick."
    )
    assert beta.asks[0].question == "What availability do you commit to in the contract, per tier?"
    assert beta.asks[0].effect == "Committed availability: at least 99.9% makes Beta the top pick."
