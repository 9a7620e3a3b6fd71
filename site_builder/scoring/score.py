"""Score vendors against the criteria of scoring.yaml: per-criterion scores, flags, totals, ranks.

Input: validated `Vendor`s, a `Criteria` declaration and today's date (a parameter, so results
are reproducible). Output: a frozen `Scoreboard` of `ScoredVendor`s and per-persona rankings.
Pure: no I/O, no printing, no clock. Per-criterion work is plain Python; the per-persona totals
are one matrix product each (NumPy), so 1,000 vendors x every persona stays fast.

Unknown facts are scored by the unknown policy (default: the scale's worst score) and always
marked unknown. The score range puts every unknown at the scale's worst and at its best.
Confidence of a criterion = trust in the weakest evidence kind behind it x (stale_factor when
its oldest evidence is older than the criterion's fresh_days); an unknown has confidence 0.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

import numpy as np

from site_builder.data.model import INFERRED, Source, Vendor
from site_builder.data.values import bound_of
from site_builder.scoring.conditions import FAR, condition_holds, describe_condition
from site_builder.scoring.criteria import FLAG_SEVERITIES, Criteria, Criterion, Persona
from site_builder.scoring.metrics import Metric, Value, compute_metrics
from site_builder.scoring.settings import Settings

Status = Literal["pass", "fail", "unconfirmed"]


@dataclass(frozen=True)
class CriterionScore:
    """One criterion for one vendor."""

    criterion: str
    metric: str
    value: Value
    display: str  # the value with its unit, or "unknown"
    known: bool
    score: float  # 0-100; for an unknown, the unknown policy's score
    worst: float  # equal to `score` when known
    best: float
    sources: tuple[str, ...]
    evidence: str | None  # weakest evidence kind behind the value
    evidence_date: date | None  # oldest evidence date (published, else retrieved)
    stale: bool
    confidence: float  # 0-1
    note: str  # why it is unknown, or the metric's explanation
    bad: bool = False  # known to be bad: the scale's worst (a "no"), or nothing committed (only an objective)


@dataclass(frozen=True)
class MustHaveResult:
    id: str
    label: str
    status: Status
    reason: str


@dataclass(frozen=True)
class Flag:
    id: str
    severity: str
    message: str
    guide: str  # link to the guide section, relative to docs/
    metric: str
    value: str
    unknown: bool  # raised because the fact is unknown


@dataclass(frozen=True)
class PersonaScore:
    persona: str
    total: float  # 0-100, weighted mean of the criterion scores
    low: float  # every unknown at its worst
    high: float  # every unknown at its best
    coverage: float  # weighted share of criteria backed by known, sourced facts (0-1)
    confidence: float  # weighted mean confidence (0-1)
    must_haves: tuple[MustHaveResult, ...]
    excluded: bool  # a must-have failed
    rank: int | None  # 1 = best; equal totals share a rank; None when excluded


@dataclass(frozen=True)
class ScoredVendor:
    id: str
    name: str
    metrics: tuple[Metric, ...]
    scores: tuple[CriterionScore, ...]
    flags: tuple[Flag, ...]
    personas: tuple[PersonaScore, ...]
    coverage: float  # unweighted share of all criteria that are known
    must_haves: tuple[MustHaveResult, ...]  # every declared must-have (the site's toggles), in file order

    def metric(self, mid: str) -> Metric:
        return self.metrics_by_id[mid]

    def score(self, cid: str) -> CriterionScore:
        return self._scores[cid]

    @cached_property
    def metrics_by_id(self) -> dict[str, Metric]:  # the first of an id, as a search in order finds it
        return {m.id: m for m in reversed(self.metrics)}

    @cached_property
    def _scores(self) -> dict[str, CriterionScore]:
        return {s.criterion: s for s in reversed(self.scores)}

    def persona(self, pid: str) -> PersonaScore:
        return next(p for p in self.personas if p.persona == pid)


@dataclass(frozen=True)
class Ranking:
    persona: str
    ranked: tuple[str, ...]  # vendor ids, best first
    excluded: tuple[str, ...]


@dataclass(frozen=True)
class InferredPick:
    """A top pick that rests on facts inferred rather than stated."""

    facts: tuple[tuple[str, str, str], ...]  # (criterion label, value shown, the reasoning)
    total_without: float  # the pick's total with those facts unknown
    leader_without: str | None  # the vendor that would then lead (None: the pick stays first)


@dataclass(frozen=True)
class Scoreboard:
    vendors: tuple[ScoredVendor, ...]  # sorted by id
    rankings: tuple[Ranking, ...]  # in persona order
    criteria: Criteria
    table: np.ndarray = field(compare=False, repr=False)  # vendors x criteria: the `score` of each cell
    settings: Settings | None = None  # the settings its metrics were computed with (None: the criteria's)

    def metrics_at(self, vid: str, settings: Settings) -> Mapping[str, Metric] | None:
        """`vid`'s metrics by id when they were computed with `settings`; None when not (then the
        caller computes them)."""
        if settings != (self.settings or self.criteria.settings):
            return None
        return self.vendor(vid).metrics_by_id

    @cached_property
    def _index(self) -> dict[str, ScoredVendor]:
        return {v.id: v for v in self.vendors}

    def vendor(self, vid: str) -> ScoredVendor:
        return self._index[vid]

    def ranking(self, pid: str) -> Ranking:
        return next(r for r in self.rankings if r.persona == pid)

    def contenders(self, pid: str) -> tuple[str, ...]:
        """Ranked vendors that could still overtake the persona's top pick once unknown facts are
        answered: their best case (every unknown at its best) beats its worst case. In rank order, so
        the closest rivals come first, not the ones whose every fact is unknown."""
        ranked = self.ranking(pid).ranked
        if not ranked:
            return ()
        floor = self.vendor(ranked[0]).persona(pid).low
        return tuple(v for v in ranked[1:] if round(self.vendor(v).persona(pid).high, 9) > round(floor, 9))

    def rank_text(self, vid: str, pid: str) -> str | None:
        """The vendor's rank for the persona as people read it: "2", "=2" when it shares the rank
        with another vendor, None when a must-have excludes it."""
        rank = self.vendor(vid).persona(pid).rank
        if rank is None:
            return None
        return f"={rank}" if self._rank_counts[pid][rank] > 1 else str(rank)

    def inferred_pick(self, pid: str) -> InferredPick | None:
        """Whether the persona's top pick rests on facts the profile marks as inferred: the facts, the
        pick's total with them unknown (scored by the unknown policy), and the vendor that would then
        lead. None when the pick rests on no inferred fact with weight."""
        ranked = self.ranking(pid).ranked
        if not ranked:
            return None
        top, persona, c = self.vendor(ranked[0]), self.criteria.persona(pid), self.criteria
        weight = sum(persona.weights.get(k.id, 0.0) for k in c.criteria)
        facts, drop = [], 0.0
        for s in top.scores:
            w = persona.weights.get(s.criterion, 0.0)
            metric = top.metric(s.metric)
            if w > 0 and s.known and metric.inferred:
                crit = c.criterion(s.criterion)
                drop += w * (s.score - _unknown_score(crit, c)) / weight
                facts.append((crit.label, s.display, metric.inferred))
        if not facts:
            return None
        without = top.persona(pid).total - drop
        rivals = [v for v in ranked[1:] if round(self.vendor(v).persona(pid).total, 9) > round(without, 9)]
        leader = max(rivals, key=lambda v: self.vendor(v).persona(pid).total, default=None)
        return InferredPick(tuple(facts), without, leader)

    @cached_property
    def _rank_counts(self) -> dict[str, Counter[int]]:
        """Per persona, how many ranked vendors hold each rank (pages ask for every vendor's)."""
        return {  # every ranked vendor has a rank (only an excluded one has none)
            r.persona: Counter(
                rank for v in r.ranked if (rank := self.vendor(v).persona(r.persona).rank) is not None
            )
            for r in self.rankings
        }


# --- scales and conditions ---------------------------------------------------------------------


# --- one vendor ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bounds:
    """A criterion's worst and best score and the score its unknown policy gives: worked out once
    per scoring run, not once per vendor."""

    worst: float
    best: float
    unknown: float


def _bounds(crit: Criterion, c: Criteria) -> _Bounds:
    outcomes = crit.scale.outcomes()
    worst, best = min(outcomes), max(outcomes)
    rule = crit.unknown or c.unknown_policy.default
    return _Bounds(worst, best, {"worst": worst, "best": best, "neutral": (worst + best) / 2}[rule])


def _unknown_score(crit: Criterion, c: Criteria) -> float:
    """The score an unknown fact gets under the criterion's unknown policy."""
    return _bounds(crit, c).unknown


def _criterion_score(
    crit: Criterion,
    metric: Metric,
    vendor: Vendor,
    c: Criteria,
    today: date,
    bounds: _Bounds | None = None,
    sources: dict[str, Source] | None = None,
) -> CriterionScore:
    b = bounds or _bounds(crit, c)
    worst, best = b.worst, b.best
    value, note = metric.value, metric.explanation
    if value is not None and crit.unit is not None and metric.unit != crit.unit:
        value, note = None, f"Not comparable: the value is in {metric.unit}, the scale in {crit.unit}."
    if value is None:
        score = b.unknown
        # A metric with words but no value is known to be nothing (only an objective): shown as
        # known-bad, scored as unknown (issue 13 owns whether it should score as known).
        shown, bad = (metric.shown, True) if metric.shown else ("unknown", False)
        return CriterionScore(
            crit.id, metric.id, None, shown, False, score, worst, best, (), None, None, False, 0.0, note, bad
        )
    score = low = high = crit.scale.score(crit.direction, value)
    bound = bound_of(value)
    if bound is not None and isinstance(value, float | int):
        # A bound ('at least 99.9%') scores as its worst case; its best case is the open end.
        beyond = crit.scale.score(crit.direction, float(value) + (FAR if bound == "at_least" else -FAR))
        score = low = min(score, beyond)
        high = max(high, beyond)
    by_id = sources if sources is not None else {s.id: s for s in vendor.sources}
    evidence = [by_id[s] for s in metric.sources if s in by_id]
    weights = c.confidence.evidence_weights
    kinds = [s.kind for s in evidence] + ([INFERRED] if metric.inferred else [])
    kind = min(kinds, key=lambda k: weights.get(k, 0.0), default=None)
    when = min((s.published or s.retrieved for s in evidence), default=None)
    fresh = c.fresh_days(crit)
    stale = when is not None and fresh is not None and (today - when).days > fresh
    conf = weights.get(kind, 0.0) * (c.confidence.stale_factor if stale else 1.0) if kind else 0.0
    return CriterionScore(
        crit.id,
        metric.id,
        value,
        metric.display,
        True,
        score,
        low,
        high,
        metric.sources,
        kind,
        when,
        stale,
        conf,
        note,
        score <= worst < best,
    )


def _flags(metrics: dict[str, Metric], c: Criteria) -> tuple[Flag, ...]:
    flags = []
    for rule in c.red_flags:
        m = metrics[rule.metric]
        if m.value is None:
            if rule.when_unknown:
                text = rule.when_unknown.format(value="unknown", label=m.label)
                flags.append(
                    Flag(
                        rule.id, rule.unknown_severity, text, c.guide(rule.guide).link, m.id, "unknown", True
                    )
                )
        elif condition_holds(rule, m.value) is not False:  # a bound that may meet it: its worst case
            text = rule.message.format(value=m.display, label=m.label)
            flags.append(Flag(rule.id, rule.severity, text, c.guide(rule.guide).link, m.id, m.display, False))
    # One flag per cause: a flag raised because a fact is unknown goes when a flag on known facts
    # already covers its guide section (Genesys: "only an objective" explains why no committed
    # availability is on record; "no committed availability" beside it would flag the same SLA twice).
    covered = {f.guide for f in flags if not f.unknown}
    flags = [f for f in flags if not (f.unknown and f.guide in covered)]
    return tuple(sorted(flags, key=lambda f: FLAG_SEVERITIES.index(f.severity)))


def _must_have(rule, metrics: dict[str, Metric]) -> MustHaveResult:
    m = metrics[rule.metric]
    if m.value is None:
        return MustHaveResult(rule.id, rule.label, "unconfirmed", f"{m.label} is unknown")
    holds = condition_holds(rule, m.value)
    if holds:
        return MustHaveResult(rule.id, rule.label, "pass", f"{m.label}: {m.display}")
    if holds is None:  # a bound that leaves it open: unconfirmed, never read as a pass
        required = describe_condition(rule, m.unit)
        return MustHaveResult(
            rule.id,
            rule.label,
            "unconfirmed",
            f"{m.label} is {m.display}: not enough to tell whether it is {required}",
        )
    return MustHaveResult(
        rule.id, rule.label, "fail", f"{m.label} is {m.display}, required {describe_condition(rule, m.unit)}"
    )


# --- all vendors -------------------------------------------------------------------------------


def score_vendors(
    vendors: tuple[Vendor, ...] | list[Vendor],
    criteria: Criteria,
    *,
    today: date,
    settings: Settings | None = None,
    memo: dict[int, tuple] | None = None,
) -> Scoreboard:
    """Score every vendor for every persona. `settings` overrides scoring.yaml's (e.g. the calculator's).

    `memo` lets a caller scoring many versions of the same data (the git history) reuse each
    vendor's per-criterion work: one dict per criteria, settings and date; entries hold the
    vendor object itself, so an id is never mistaken for another vendor's."""
    settings = settings or criteria.settings
    vendors = sorted(vendors, key=lambda v: v.id)
    bounds = [_bounds(k, criteria) for k in criteria.criteria]
    parts = []
    for v in vendors:
        part = memo.get(id(v)) if memo is not None else None
        if part is None or part[0] is not v:
            metrics = compute_metrics(v, settings)
            sources = {s.id: s for s in v.sources}
            scores = tuple(
                _criterion_score(k, metrics[k.metric], v, criteria, today, b, sources)
                for k, b in zip(criteria.criteria, bounds, strict=True)
            )
            musts = {m.id: _must_have(m, metrics) for m in criteria.must_haves}
            part = (v, metrics, scores, _flags(metrics, criteria), musts)
            if memo is not None:
                memo[id(v)] = part
        parts.append(part)
    table = np.array(
        [[(s.score, s.worst, s.best, s.known, s.confidence) for s in p[2]] for p in parts], dtype=float
    )
    table = table.reshape(len(parts), len(criteria.criteria), 5)
    ids = [v.id for v in vendors]
    severity = [_flag_key(x[3]) for x in parts]
    per_persona = [
        _persona_scores(p, criteria, table, [x[4] for x in parts], ids, severity) for p in criteria.personas
    ]
    scored = tuple(
        ScoredVendor(
            v.id,
            v.name,
            tuple(metrics.values()),
            scores,
            flags,
            tuple(pp[0][i] for pp in per_persona),
            float(table[i, :, 3].mean()),
            tuple(musts.values()),
        )
        for i, (v, metrics, scores, flags, musts) in enumerate(parts)
    )
    return Scoreboard(scored, tuple(pp[1] for pp in per_persona), criteria, table[:, :, 0].copy(), settings)


def _flag_key(flags: tuple[Flag, ...]) -> tuple[int, int, int]:
    """Red flags by severity (high, medium, low): fewer serious flags come first on a tie."""
    high, medium, low = (sum(f.severity == sev for f in flags) for sev in FLAG_SEVERITIES)
    return high, medium, low


def _persona_scores(
    persona: Persona,
    c: Criteria,
    table: np.ndarray,
    musts: list[dict[str, MustHaveResult]],
    ids: list[str],
    severity: list[tuple[int, int, int]],
) -> tuple[list[PersonaScore], Ranking]:
    w = np.array([persona.weights.get(k.id, 0.0) for k in c.criteria], dtype=float)
    sums = table.transpose(0, 2, 1) @ (w / w.sum())  # vendors x (score, worst, best, known, confidence)
    results = [tuple(m[mid] for mid in persona.must_haves) for m in musts]
    excluded = [any(r.status == "fail" for r in res) for res in results]
    totals = np.round(sums[:, 0], 9) if len(ids) else np.zeros(0)
    ranked = [i for i in range(len(ids)) if not excluded[i]]
    # Equal totals share a rank; within it, fewer red flags (high first), then more coverage, go first.
    # The id only keeps the order deterministic when all of these are equal too.
    cover = np.round(sums[:, 3], 9) if len(ids) else np.zeros(0)
    order = sorted(ranked, key=lambda i: (-totals[i], severity[i], -cover[i], ids[i]))
    desc = sorted(-totals[i] for i in ranked)
    scores = [
        PersonaScore(
            persona.id,
            float(sums[i, 0]),
            float(sums[i, 1]),
            float(sums[i, 2]),
            float(sums[i, 3]),
            float(sums[i, 4]),
            results[i],
            excluded[i],
            None if excluded[i] else bisect_left(desc, -totals[i]) + 1,
        )
        for i in range(len(ids))
    ]
    ranking = Ranking(
        persona.id, tuple(ids[i] for i in order), tuple(ids[i] for i in range(len(ids)) if excluded[i])
    )
    return scores, ranking
