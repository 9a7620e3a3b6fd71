"""The race of four vendors the questionnaire and export tests read, worked by hand.

On the fixture declaration (tests/fixtures/scoring/minimal.yaml, no must-have): availability
(weight 3: 99 -> 0, 99.9 -> 60, 99.99 -> 100), claim window (weight 1: 720 h -> 100, 168 h -> 50,
else 0), taxes included (weight 1: yes 100, no 0). Shares 3/5, 1/5, 1/5; unknown scores 0.
  A: 99.99% (60) + a 7-day claim window (10) + taxes unknown = 70, the pick; at worst 70.
  B: 99.99% (60) + claim window unknown + no taxes = 60; 720 h would give 80 > 70.
  C: 99.9% (36) + nothing else known = 36; at best 76 > 70, but no single answer passes 70.
  D: no SLA + taxes included (20) = 20; 99.99% alone gives 80 > 70.
Every rival's best beats A's worst (70): the shortlist is A (the pick), B, C, D; nothing is settled.
"""

from __future__ import annotations

from datetime import date

import pytest

from site_builder.comparison import Comparison
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors
from tests.scoring.test_score import minimal, sla, vendor

TODAY = date(2026, 11, 22)
WEEK = {"within": "7d", "starts": "incident"}


@pytest.fixture(scope="module")
def race() -> Comparison:
    vendors = (
        vendor("a", sla=sla(99.99, claim_window=WEEK)),
        vendor("b", sla=sla(99.99), pricing={"taxes_included": False}),
        vendor("c", sla=sla(99.9)),
        vendor("d", pricing={"taxes_included": True}),
    )
    criteria = minimal()
    board = score_vendors(vendors, criteria, today=TODAY)
    return Comparison(vendors, criteria, board, analyse_all(board), TODAY)
