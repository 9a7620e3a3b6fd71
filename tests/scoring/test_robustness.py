"""Robustness of a ranking: the seeded Monte Carlo over weights and the exact smallest weight change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from site_builder.data.model import Vendor
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import (
    analyse,
    analyse_all,
    first_counts,
    rank_counts,
    sample_weights,
    smallest_change,
)
from site_builder.scoring.score import score_vendors

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = load_criteria(ROOT / "scoring.yaml")
TODAY = date(2026, 11, 22)


def vendor(vid: str, pct: float, windows: list[dict], **extra) -> Vendor:
    source = {"id": "terms", "title": "Terms", "kind": "public_terms", "retrieved": "2026-01-15"}
    return Vendor.model_validate(
        {
            "id": vid,
            "name": vid,
            "products": ["CC"],
            "website": "https://vendor.example.com/",
            "last_reviewed": "2026-01-15",
            "sources": [source],
            "sla": {
                "source": "terms",
                "tiers": [
                    {
                        "name": "Std",
                        "availability_pct": pct,
                        "measurement_period": "month",
                        "exclusions": ["planned_maintenance"],
                    }
                ],
            },
            "downtime": {"source": "terms", "planned_windows": windows},
            **{k: {"source": "terms", **v} for k, v in extra.items()},
        }
    )


def board():
    vendors = [
        vendor("steady", 99.99, [{"count": 1, "per": "quarter", "duration": "8h"}]),
        vendor(
            "cheap",
            99.9,
            [{"count": 5, "per": "week", "duration": "1h"}],
            pricing={
                "currency": "USD",
                "taxes_included": True,
                "early_termination_fee_pct": 0,
                "list_prices": [{"name": "Seat", "amount": 40, "unit": "per_agent_month"}],
            },
        ),
        vendor(
            "middling",
            99.95,
            [{"count": 2, "per": "month", "duration": "2h"}],
            support={"hours": {"always": True}, "named_account_manager": True},
        ),
    ]
    return score_vendors(vendors, SHIPPED, today=TODAY)


def test_the_figures_are_deterministic_for_a_seed():
    b = board()
    assert analyse_all(b) == analyse_all(b)
    scores, w = np.array([[100.0, 0.0], [0.0, 100.0]]), np.array([1.0, 1.0])
    same = [rank_counts(scores, sample_weights(w, 1000, 30.0, seed, "p")).tolist() for seed in (1, 1, 2)]
    assert same[0] == same[1]
    assert same[0] != same[2]  # another seed draws other weights


def test_the_seed_and_sample_count_come_from_scoring_yaml():
    r = analyse(board(), "regulated")
    assert (r.samples, r.seed, r.concentration) == (10_000, 20211209, 30.0)


def test_rank_probabilities_form_a_doubly_stochastic_matrix():
    r = analyse(board(), "small-business-hours")
    probs = np.array(r.rank_probs)
    assert probs.shape == (3, 3)
    assert np.allclose(probs.sum(axis=0), 1) and np.allclose(probs.sum(axis=1), 1)
    assert r.p_rank1(r.vendors[0]) == probs[0, 0]


def test_a_vendor_that_dominates_every_criterion_always_ranks_first():
    scores = np.array([[90.0, 80.0, 70.0], [50.0, 60.0, 10.0], [10.0, 20.0, 5.0]])
    weights = sample_weights(np.array([1.0, 2.0, 3.0]), 2000, 30.0, 7, "p")
    counts = rank_counts(scores, weights)
    assert counts.tolist() == [[2000, 0, 0], [0, 2000, 0], [0, 0, 2000]]


def test_mirror_image_vendors_are_a_coin_toss():
    # A is best on one criterion, B on the other, equal weights: by symmetry P(rank 1) = 1/2 each.
    scores = np.array([[100.0, 0.0], [0.0, 100.0]])
    counts = rank_counts(scores, sample_weights(np.array([1.0, 1.0]), 10_000, 30.0, 3, "p"))
    assert counts[0, 0] / 10_000 == pytest.approx(0.5, abs=0.02)


def test_identical_vendors_share_their_ranks_evenly():
    # Two identical vendors tie in every sample: each takes rank 1 half the time.
    scores = np.array([[50.0, 70.0, 1.0], [50.0, 70.0, 99.0], [10.0, 20.0, 50.0]])
    counts = rank_counts(scores, sample_weights(np.array([1.0, 1.0, 0.0]), 100, 30.0, 3, "p"))
    assert counts.tolist() == [[50, 50, 0], [50, 50, 0], [0, 0, 100]]  # the third criterion weighs 0


def test_sampled_weights_centre_on_the_persona_and_keep_zeros():
    w = np.array([6.0, 0.0, 3.0, 1.0])
    sampled = sample_weights(w, 10_000, 30.0, 11, "p")
    assert np.allclose(sampled.sum(axis=1), 1)
    assert (sampled[:, 1] == 0).all()
    assert sampled.mean(axis=0) == pytest.approx([0.6, 0.0, 0.3, 0.1], abs=0.005)
    # alpha = 30 x 3 criteria x 0.6 = 54 for the heaviest weight; Dirichlet sd = sqrt(w(1-w)/(sum(alpha)+1))
    # = sqrt(0.6 x 0.4 / 91) = 0.0514
    assert sampled[:, 0].std() == pytest.approx(0.0514, abs=0.003)


def test_sampling_depends_on_the_persona_id_not_on_its_position():
    w = np.array([1.0, 2.0])
    assert (sample_weights(w, 50, 30.0, 5, "a") == sample_weights(w, 50, 30.0, 5, "a")).all()
    assert not (sample_weights(w, 50, 30.0, 5, "a") == sample_weights(w, 50, 30.0, 5, "b")).all()


def test_smallest_change_worked_by_hand():
    # A = (100, 50), B = (0, 100), weights (3, 2): totals A = 400, B = 200 (un-normalised).
    # Criterion 1: B gains 0 - 100 = -100 per unit, so d = 200 / -100 = -2: weight 3 -> 1 (A 200 = B 200).
    # Criterion 2: B gains 100 - 50 = 50 per unit, so d = 200 / 50 = +4: weight 2 -> 6. The smaller is the first.
    scores = np.array([[100.0, 50.0], [0.0, 100.0]])
    assert smallest_change(scores, np.array([3.0, 2.0]), 0) == (0, 1, -2.0)


def test_no_single_weight_can_flip_a_dominant_vendor():
    scores = np.array([[100.0, 100.0], [0.0, 50.0]])
    # criterion 1: B gains -100 per unit, d = -gap/100 would need weight < 0 when gap > 100 x weight
    assert smallest_change(scores, np.array([1.0, 1.0]), 0) is None


def test_a_tied_top_has_no_smallest_change_but_names_the_tie():
    assert smallest_change(np.array([[100.0, 0.0], [0.0, 100.0]]), np.array([1.0, 1.0]), 0) is None
    twins = [vendor("twin-a", 99.9, []), vendor("twin-b", 99.9, [])]
    r = analyse(score_vendors(twins, SHIPPED, today=TODAY), "regulated", samples=1000)
    assert (r.tied_top, r.smallest_change) == (("twin-a", "twin-b"), None)
    assert r.p_rank1("twin-a") == r.p_rank1("twin-b") == 0.5


def test_the_smallest_change_on_a_scoreboard_names_the_criterion_and_the_new_top():
    b = board()
    r = analyse(b, "small-business-hours")
    assert r.vendors[0] == "cheap"
    change = r.smallest_change
    assert change is not None and change.new_top in ("steady", "middling")
    persona = SHIPPED.persona("small-business-hours")
    assert change.weight_from == persona.weights.get(change.criterion, 0.0)
    # at the reported weight the two totals tie
    cids = [c.id for c in SHIPPED.criteria]
    weights = np.array([persona.weights.get(c, 0.0) for c in cids])
    weights[cids.index(change.criterion)] = change.weight_to
    top = np.array([b.vendor("cheap").score(c).score for c in cids]) @ weights
    new = np.array([b.vendor(change.new_top).score(c).score for c in cids]) @ weights
    assert top == pytest.approx(new)


def test_excluded_vendors_are_not_in_the_monte_carlo():
    b = board()
    r = analyse(b, "enterprise-24x7")  # its must-have: critical incidents worked 24x7
    assert r.vendors == b.ranking("enterprise-24x7").ranked
    assert set(r.vendors) == {"steady", "cheap", "middling"}  # unknowns are unconfirmed, not excluded


def test_a_single_vendor_ranks_first_with_certainty():
    b = score_vendors([vendor("only", 99.9, [])], SHIPPED, today=TODAY)
    r = analyse(b, "regulated", samples=500)
    assert (r.rank_probs, r.smallest_change, r.tied_top) == (((1.0,),), None, ())


def test_first_place_counts_equal_the_first_column_of_the_full_sort():
    # 40 vendors on 6 criteria with scores on a coarse grid (many equal totals) and two identical
    # vendors: the pages' P(rank 1) (argmax per sample) must equal the full rank count's first column.
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 5, size=(40, 6)).astype(float) * 25
    scores[7] = scores[3]
    sampled = sample_weights(np.array([3.0, 1.0, 0.0, 2.0, 2.0, 1.0]), 3000, 30.0, 9, "p")
    assert first_counts(scores, sampled).tolist() == rank_counts(scores, sampled)[:, 0].tolist()
    assert first_counts(scores, sampled).sum() == 3000


def test_rank_probabilities_are_worked_out_when_asked_and_agree_with_p_rank1():
    r = analyse(board(), "regulated")
    assert [r.p_rank1(v) for v in r.vendors] == [row[0] for row in r.rank_probs]
