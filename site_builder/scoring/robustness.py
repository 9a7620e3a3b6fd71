"""How much to trust a ranking: a seeded Monte Carlo over persona weights, and the smallest
single-weight change that changes the top pick.

Input: a `Scoreboard` (per-criterion scores are fixed; unknowns at the unknown policy's score).
Output: frozen `Robustness` records. Pure and deterministic: the same scores, weights, seed and
sample count give the same figures, whatever the machine or the order personas are analysed in.

Method (in the spirit of SMAA rank acceptability indices): for each persona, weight vectors are
drawn from a Dirichlet distribution centred on the persona's normalised weights w, with
parameters alpha_i = concentration x k x w_i (k = number of weighted criteria), so a criterion of
average weight varies by about 1/sqrt(concentration) of itself (+-18% at 30). Criteria the
persona does not weigh stay at 0. Each sample ranks the vendors that pass the persona's
must-haves; the share of samples in which a vendor takes rank r is its rank acceptability, and
r = 1 gives P(rank 1). Vendors whose weighted scores are identical tie in every sample and share
those ranks evenly (two such vendors at the top get P(rank 1) = 0.5 each).

The smallest change is exact, not sampled: with raw weights w, vendor totals are
T_v = sum_i w_i s_vi / sum_i w_i. Changing one weight w_j by d changes the numerators by d s_vj
and every denominator alike, so vendor b overtakes the top pick a at d* = (T_a - T_b) / (s_bj -
s_aj) (un-normalised totals), subject to w_j + d >= 0. The smallest |d*| over all criteria and
vendors is reported; at that weight the two tie, beyond it b leads. When the top pick is already
tied, there is no smallest change: `tied_top` names the vendors sharing rank 1.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from site_builder.scoring.score import Scoreboard

CHUNK = 512  # samples per block: keeps the working set in cache for 1,000+ vendors


@dataclass(frozen=True)
class WeightChange:
    """The smallest change of one weight that changes the top pick."""

    criterion: str
    weight_from: float  # the persona's weight (scoring.yaml units)
    weight_to: float  # at this weight the top pick ties; beyond it `new_top` leads
    new_top: str

    @property
    def relative(self) -> float | None:
        """The change as a share of the original weight (None when the weight was 0)."""
        return abs(self.weight_to - self.weight_from) / self.weight_from if self.weight_from else None


@dataclass(frozen=True)
class Robustness:
    persona: str
    vendors: tuple[str, ...]  # ranked vendors, in the persona's rank order
    first: tuple[float, ...]  # per vendor: P(rank 1), the share of samples it leads
    samples: int
    seed: int
    concentration: float
    smallest_change: (
        WeightChange | None
    )  # None with fewer than two vendors, a tied top, or when no weight can
    tied_top: tuple[str, ...]  # vendors sharing rank 1 when the top is tied, else empty
    # The sampled race, kept to work out every rank's share when asked (`rank_probs`).
    scores: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), compare=False, repr=False)
    sampled: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), compare=False, repr=False)

    def p_rank1(self, vid: str) -> float:
        return self.first[self.vendors.index(vid)] if self.vendors else 0.0

    @cached_property
    def rank_probs(self) -> tuple[tuple[float, ...], ...]:
        """vendors x ranks: P(vendor takes rank r+1). A full sort of every sample: computed only
        when asked (`site-builder score`), as the pages read P(rank 1) alone."""
        counts = rank_counts(self.scores, self.sampled)
        return tuple(tuple(float(x) for x in row / self.samples) for row in counts)

    def ranks(self, vid: str) -> tuple[float, ...]:
        return self.rank_probs[self.vendors.index(vid)]


def sample_weights(
    weights: np.ndarray, samples: int, concentration: float, seed: int, persona: str
) -> np.ndarray:
    """`samples` x len(weights) normalised weight vectors; zero weights stay zero."""
    w = np.asarray(weights, dtype=float)
    active = w > 0
    mean = w[active] / w[active].sum()
    alpha = concentration * active.sum() * mean
    rng = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(persona.encode("utf-8"))]))
    gamma = rng.standard_gamma(alpha, size=(samples, alpha.size))
    out = np.zeros((samples, w.size))
    out[:, active] = gamma / gamma.sum(axis=1, keepdims=True)
    return out


def rank_counts(scores: np.ndarray, sampled: np.ndarray) -> np.ndarray:
    """vendors x ranks: in how many samples each vendor took each rank.

    Totals are float32 (ample for 0-100 scores). Instead of an argsort, each total's bits and
    its vendor index are packed into one int64 key (non-negative floats order like their bit
    patterns) and the keys are sorted in place: a plain integer sort, several times faster.
    Vendors with identical weighted scores share their ranks evenly (see `_share_ties`).
    """
    n = scores.shape[0]
    counts = np.zeros(n * n, dtype=np.int64)
    if n == 0:
        return counts.reshape(0, 0)
    scores_t = np.ascontiguousarray(scores.T, dtype=np.float32)
    weights = sampled.astype(np.float32)
    index = np.arange(n, dtype=np.int64)
    for start in range(0, weights.shape[0], CHUNK):
        totals = weights[start : start + CHUNK] @ scores_t  # chunk x vendors
        totals += np.float32(0.0)  # turns any -0.0 into +0.0
        key = totals.view(np.int32).astype(np.int64)
        np.subtract(np.int64(2**31 - 1), key, out=key)  # higher total -> smaller key
        np.left_shift(key, 32, out=key)
        np.bitwise_or(key, index, out=key)
        key.sort(axis=1)
        np.bitwise_and(key, 0xFFFFFFFF, out=key)  # key[s, r] = vendor at rank r
        key *= n
        key += index
        counts += np.bincount(key.ravel(), minlength=n * n)
    return _share_ties(counts.reshape(n, n).astype(float), scores[:, sampled.any(axis=0)])


def first_counts(scores: np.ndarray, sampled: np.ndarray) -> np.ndarray:
    """Per vendor: in how many samples it ranks first; `rank_counts(...)[:, 0]` without the sort.

    The same float32 totals; `argmax` takes the first of equal totals, as the packed sort puts
    the lower index first, and identical vendors share their count as in `rank_counts`."""
    n = scores.shape[0]
    counts = np.zeros(n, dtype=np.int64)
    if n == 0:
        return counts.astype(float)
    scores_t = np.ascontiguousarray(scores.T, dtype=np.float32)
    weights = sampled.astype(np.float32)
    for start in range(0, weights.shape[0], CHUNK):
        totals = weights[start : start + CHUNK] @ scores_t
        counts += np.bincount(totals.argmax(axis=1), minlength=n)
    return _share_ties(counts.reshape(n, 1).astype(float), scores[:, sampled.any(axis=0)])[:, 0]


def _share_ties(counts: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Vendors with identical scores on every weighted criterion tie in every sample; the packed
    sort put them in index order, so give each the group's mean row (by symmetry, its true share)."""
    _, group = np.unique(scores, axis=0, return_inverse=True)
    for g in np.flatnonzero(np.bincount(group.ravel()) > 1):
        members = group.ravel() == g
        counts[members] = counts[members].mean(axis=0)
    return counts


def smallest_change(scores: np.ndarray, weights: np.ndarray, top: int) -> tuple[int, int, float] | None:
    """(criterion index, vendor index, delta) of the smallest single-weight change that lets another
    vendor tie the vendor at index `top`; None when no single weight can."""
    n, k = scores.shape
    if n < 2 or k == 0:
        return None
    totals = scores @ weights
    gap = totals[top] - totals  # >= 0 for every rival
    if np.sum(np.abs(gap) <= 1e-9 * max(1.0, abs(totals[top]))) > 1:
        return None  # already tied at the top
    diff = scores - scores[top]  # how much more each rival gains per unit of weight j
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = gap[:, None] / diff
    ok = (diff != 0) & np.isfinite(delta) & (weights[None, :] + delta >= -1e-12) & (weights.sum() + delta > 0)
    ok[top, :] = False
    if not ok.any():
        return None
    size = np.where(ok, np.abs(delta), np.inf)
    flat = int(np.argmin(size.T))  # criterion-major: ties go to the first criterion, then the first vendor
    j, b = divmod(flat, n)
    return j, b, float(delta[b, j])


def analyse(
    board: Scoreboard,
    persona_id: str,
    *,
    samples: int | None = None,
    seed: int | None = None,
    concentration: float | None = None,
) -> Robustness:
    """Rank acceptability, P(rank 1) and the smallest flipping weight change for one persona."""
    settings = board.criteria.robustness
    samples = settings.samples if samples is None else samples
    seed = settings.seed if seed is None else seed
    concentration = settings.concentration if concentration is None else concentration
    persona = board.criteria.persona(persona_id)
    ranked = board.ranking(persona_id).ranked
    cids = [c.id for c in board.criteria.criteria]
    weights = np.array([persona.weights.get(c, 0.0) for c in cids], dtype=float)
    row = {v.id: i for i, v in enumerate(board.vendors)}
    scores = board.table[[row[v] for v in ranked]].reshape(len(ranked), len(cids))
    sampled = sample_weights(weights, samples, concentration, seed, persona_id)
    first = tuple(float(x) for x in first_counts(scores, sampled) / samples)
    change = None
    found = smallest_change(scores, weights, 0)
    if found is not None:
        j, b, delta = found
        change = WeightChange(cids[j], float(weights[j]), float(weights[j] + delta), ranked[b])
    tied = tuple(v for v in ranked if board.vendor(v).persona(persona_id).rank == 1)
    return Robustness(
        persona_id,
        ranked,
        first,
        samples,
        seed,
        concentration,
        change,
        tied if len(tied) > 1 else (),
        scores,
        sampled,
    )


def analyse_all(board: Scoreboard, **kw) -> tuple[Robustness, ...]:
    """`analyse` for every persona, in declaration order."""
    return tuple(analyse(board, p.id, **kw) for p in board.criteria.personas)
