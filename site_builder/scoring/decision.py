"""A decision per persona: a settled pick, or a shortlist with the questions that decide it.

Input: a `Scoreboard` and the validated vendors (for the question each unknown fact asks).
Output: frozen `Decision` records. Pure: no I/O.

Value of information. With persona weights w (share s_j = w_j / sum w) a vendor's total is
T_v = sum_j s_j x score_vj, and an unknown fact j of vendor v sits at the unknown policy's score.
Answering it with an answer that scores o moves T_v by s_j x (o - score_vj), and nothing else moves.
So, one question at a time and exactly:

- its *swing* is the most it can move the vendor's total: s_j x (best_j - worst_j) points;
- it *changes the pick* when some answer alone makes another vendor first, strictly (not a tie):
  a rival v overtakes the pick a when T_v + s_j x (o - score_vj) > T_a (totals rounded to 9
  decimals, as the ranking rounds them); the pick a loses first place when its own answer takes it
  below the best rival. The answer reported is the least one that does it (the lowest scoring
  outcome of the scale that still overtakes), in the scale's words ("at least 99.99%", "yes").
- a must-have of the persona that the pick meets only unconfirmed changes the pick on a "no" (the
  pick is excluded) when the runner-up is then first on its own.

Questions are ranked: those that change the pick first (must-haves among them first), then by
swing, then by the vendor's rank, then in criterion order. The pick is *settled* when no
ranked vendor's best case beats its worst case and it meets every must-have on known facts
(`Scoreboard.contenders`); the shortlist is the pick and those contenders, in rank order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

import numpy as np

from site_builder.data.model import Vendor
from site_builder.data.questions import all_questions, unknown_questions
from site_builder.scoring.conditions import condition_met
from site_builder.scoring.criteria import Criterion, MustHave, Scale
from site_builder.scoring.metrics import Value, figure_text
from site_builder.scoring.score import Scoreboard

# Derived metrics read several facts; the question asked is the first of these the profile lacks.
# A raw-fact metric ("downtime.notice", "sla.tier.sole_remedy") asks about its own field.
METRIC_QUESTIONS: dict[str, tuple[str, ...]] = {
    "availability_pct": ("sla.tiers.availability_pct", "sla.tiers.commitment"),
    "sla_availability_pct": ("sla.tiers.commitment", "sla.tiers.availability_pct"),
    "effective_availability_pct": (
        "downtime.planned_windows",
        "downtime.max_planned_per_month",
        "downtime.counts_against_sla",
        "sla.tiers.availability_pct",
    ),
    "credit_at_scenario_pct": ("sla.tiers.credits", "sla.tiers.availability_pct"),
    "claim_window_h": ("sla.tiers.claim_window",),
    "planned_downtime_quarter_h": ("downtime.planned_windows", "downtime.max_planned_per_month"),
    "critical_support_24x7": ("support.hours", "support.severities"),
    "critical_response_h": ("support.severities",),
    "support_hours_week": ("support.hours",),
    "log4j_days": ("log4j.affected", "log4j.remediated"),
    "price_per_agent_month": ("pricing.list_prices",),
}

# An answer about one metric also answers these: the committed availability a vendor gives is also the
# figure a must-have on the SLA-backed availability reads (when it is an SLA), so an answer suggested
# for one is checked against the must-haves on the other too.
SAME_ANSWER: dict[str, tuple[str, ...]] = {
    "availability_pct": ("availability_pct", "sla_availability_pct"),
    "sla_availability_pct": ("sla_availability_pct", "availability_pct"),
}

Kind = Literal["criterion", "must-have"]


@dataclass(frozen=True)
class DecidingQuestion:
    """One unknown fact of one shortlisted vendor, with what its answer can do to the pick."""

    vendor: str  # the vendor to ask (id)
    kind: Kind  # an unknown scored criterion, or an unconfirmed must-have of the pick
    subject: str  # the criterion or must-have id
    label: str  # the criterion or must-have, as readers see it
    path: str  # the profile field the answer fills ("downtime.notice")
    question: str  # the buyer's question (questions.py)
    swing: float  # the most the answer can move the vendor's total, in points
    changes_pick: bool  # some answer to this question alone makes another vendor first, strictly
    answer: str | None  # the least answer that changes the pick, in words ("at least 14 days")
    answer_score: float | None  # the criterion score that answer gives
    new_top: str | None  # who is first after that answer (id)
    paths: tuple[str, ...] = ()  # every open profile field whose answer feeds it (`path` first)


@dataclass(frozen=True)
class Decision:
    persona: str
    top: str | None  # None when every vendor fails a must-have
    settled: bool
    shortlist: tuple[str, ...]  # the pick, then the vendors that could still overtake it, in rank order
    questions: tuple[DecidingQuestion, ...]  # every unknown of the shortlist, most valuable first
    tied: tuple[str, ...] = ()  # the vendors sharing rank 1 with the pick (the pick first), when tied

    @cached_property
    def _by_vendor(self) -> dict[str, tuple[DecidingQuestion, ...]]:
        out: dict[str, list[DecidingQuestion]] = {}
        for q in self.questions:
            out.setdefault(q.vendor, []).append(q)
        return {v: tuple(qs) for v, qs in out.items()}

    def questions_for(self, vid: str) -> tuple[DecidingQuestion, ...]:
        """The questions to ask `vid`, most valuable first (indexed once, not filtered per vendor)."""
        return self._by_vendor.get(vid, ())


def _paths(open_paths: set[str], metric: str) -> tuple[str, ...]:
    """The profile fields an unknown metric asks a vendor whose open questions are `open_paths`: those
    still open, in the order they are asked (the first is the question shown), or the first of all."""
    candidates = METRIC_QUESTIONS.get(metric) or (metric.replace("sla.tier.", "sla.tiers."),)
    return tuple(p for p in candidates if p in open_paths) or candidates[:1]


def _text(path: str) -> str:
    return _question_texts().get(path, "")


@cache
def _question_texts() -> dict[str, str]:
    """Each profile field's question, by path (the first asked, as the model orders them)."""
    texts: dict[str, str] = {}
    for q in all_questions():
        texts.setdefault(q.path, q.text)
    return texts


def answer_value(crit: Criterion, score: float) -> Value:
    """The least answer to `crit` that scores at least `score`: a number (the breakpoint or step),
    True/False, or the members that do (a tuple); None when no answer does."""
    scale: Scale = crit.scale
    if scale.type == "boolean":
        return scale.when_true is not None and scale.when_true >= score
    if scale.type in ("breakpoints", "thresholds"):
        marks = scale.points if scale.type == "breakpoints" else scale.steps
        hits = [m.value for m in marks or () if m.score >= score]
        return (max(hits) if crit.direction == "lower" else min(hits)) if hits else None
    members = tuple(m for m, s in (scale.members or {}).items() if s >= score)
    return members or None


def answer_words(crit: Criterion, unit: str, score: float) -> str:
    """`answer_value` in the scale's words: "at least 99.9%", "yes", "one of separate_database, ..."."""
    value = answer_value(crit, score)
    if value is None:
        return "the scale's best answer"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        words = ", ".join(figure_text(m, "") for m in value)
        return words if len(value) == 1 else ("one of " if crit.scale.type == "choice" else "any of ") + words
    shown = f"{value:g}%" if unit == "%" else figure_text(float(value), unit)
    return f"{'at most' if crit.direction == 'lower' else 'at least'} {shown}"


def _passes(rules: list[MustHave], value: Value) -> bool:
    """Whether an answer meets the persona's must-haves on the same metric (an answer that
    overtakes on score but fails a must-have would exclude the vendor instead)."""
    if value is None:
        return False
    if isinstance(value, tuple):  # any one of these members would do
        return any(
            all(condition_met(r, (m,) if r.test()[0] == "includes_any" else m) for r in rules) for m in value
        )
    return all(condition_met(r, value) for r in rules)


def _r9(x: float) -> float:
    """`np.round(x, 9)` as a Python float: numpy scales, rounds half to even and scales back, which
    Python's round() of the scaled value does too, bit for bit, at a fraction of the cost per call."""
    return round(x * 1e9) / 1e9 if math.isfinite(x) else float(np.round(x, 9))


@dataclass(frozen=True)
class _Race:
    """One persona's race at its declared weights: what every question's value is measured against."""

    board: Scoreboard
    persona: str
    ranked: tuple[str, ...]
    top: str
    shares: dict[str, float]  # criterion -> its share of the persona's weight
    totals: dict[str, float]
    rounded: dict[str, float]  # totals at 9 decimals, as the ranking rounds them

    @cached_property
    def _leaders(self) -> list[tuple[float, list[str]]]:
        """The two best rounded totals, each with who holds it (the first two of them are enough):
        first_after then answers without a pass over every vendor (it runs per unknown fact x answer)."""
        levels = sorted(set(self.rounded.values()), reverse=True)[:2]
        held = {level: [v for v, t in self.rounded.items() if t == level] for level in levels}
        return [(level, held[level]) for level in levels]

    def _best_without(self, changed: str) -> tuple[float, str | None] | None:
        """The best total among the vendors other than `changed` and who alone holds it (None when
        several do); None when no other vendor is ranked."""
        for level, held in self._leaders:
            others = len(held) - (changed in held[:2])  # `changed` appears at most once in `held`
            if others == 0:
                continue
            if others > 1:
                return level, None
            return level, held[0] if held[0] != changed else held[1]
        return None

    def first_after(self, changed: str, total: float | None) -> str | None:
        """Who is first, strictly, when `changed` has `total` (None: excluded)."""
        others = self._best_without(changed)
        if total is None:
            return None if others is None else others[1]
        mine = _r9(total)
        if others is None or mine > others[0]:
            return changed
        if mine == others[0]:
            return None
        return others[1]


def _race(board: Scoreboard, persona_id: str) -> _Race | None:
    crit = board.criteria
    persona = crit.persona(persona_id)
    ranked = tuple(board.ranking(persona_id).ranked)
    if not ranked:
        return None
    weights = {k.id: persona.weights.get(k.id, 0.0) for k in crit.criteria}
    total_weight = sum(weights.values())
    shares = {k: (w / total_weight if total_weight else 0.0) for k, w in weights.items()}
    totals = {v: board.vendor(v).persona(persona_id).total for v in ranked}
    rounded = {v: _r9(t) for v, t in totals.items()}  # once: this runs per unknown fact x vendor
    return _Race(board, persona_id, ranked, ranked[0], shares, totals, rounded)


def _criterion_questions(race: _Race, vid: str, open_paths: set[str]) -> list[DecidingQuestion]:
    """Every unknown scored fact of `vid` (a ranked vendor), with what its answer can do."""
    crit = race.board.criteria
    persona = crit.persona(race.persona)
    scored = race.board.vendor(vid)
    out = []
    for s in scored.scores:
        share = race.shares[s.criterion]
        if s.known or s.bad or share == 0 or s.best == s.worst:
            continue
        k = crit.criterion(s.criterion)
        outcomes = sorted(set(k.scale.outcomes()), reverse=(vid == race.top))
        change = None
        answers = SAME_ANSWER.get(s.metric, (s.metric,))
        rules = [r for r in crit.must_haves if r.id in persona.must_haves and r.metric in answers]
        for o in outcomes:  # rivals: the lowest answer that overtakes; the pick: the highest that loses
            if vid != race.top and rules and not _passes(rules, answer_value(k, o)):
                continue
            new = race.first_after(vid, race.totals[vid] + share * (o - s.score))
            if new is not None and new != race.top:
                change = (o, new)
                break
        paths = _paths(open_paths, s.metric)
        unit = k.unit or scored.metric(s.metric).unit
        out.append(
            DecidingQuestion(
                vid,
                "criterion",
                s.criterion,
                k.label,
                paths[0],
                _text(paths[0]),
                share * (s.best - s.worst),
                change is not None,
                None if change is None else _answer(k, unit, change[0], vid == race.top),
                None if change is None else change[0],
                None if change is None else change[1],
                paths,
            )
        )
    return out


def _must_have_questions(race: _Race, open_paths: set[str]) -> list[DecidingQuestion]:
    """The pick's must-haves it meets only unconfirmed: a "no" excludes it."""
    crit = race.board.criteria
    out = []
    for m in race.board.vendor(race.top).persona(race.persona).must_haves:
        if m.status != "unconfirmed":
            continue
        rule = next(r for r in crit.must_haves if r.id == m.id)
        new = race.first_after(race.top, None)
        paths = _paths(open_paths, rule.metric)
        out.append(
            DecidingQuestion(
                race.top,
                "must-have",
                m.id,
                m.label,
                paths[0],
                _text(paths[0]),
                0.0,
                new is not None,
                "no",
                None,
                new,
                paths,
            )
        )
    return out


def _ranked_questions(race: _Race, questions: list[DecidingQuestion]) -> tuple[DecidingQuestion, ...]:
    """One per vendor and field, most valuable first: those that change the pick (must-haves among
    them first), then by swing, then by the vendor's rank, then in criterion order."""
    kept = _one_per_fact(questions)
    rank = {v: i for i, v in enumerate(race.ranked)}
    order = {k.id: i for i, k in enumerate(race.board.criteria.criteria)}
    kept.sort(
        key=lambda q: (
            not q.changes_pick,
            q.kind != "must-have",
            -round(q.swing, 9),
            rank[q.vendor],
            order.get(q.subject, 0),
        )
    )
    return tuple(kept)


def decide(board: Scoreboard, persona_id: str, vendors: tuple[Vendor, ...]) -> Decision:
    """The decision for one persona at its declared weights."""
    race = _race(board, persona_id)
    if race is None:
        return Decision(persona_id, None, False, (), ())
    by_id = {v.id: v for v in vendors}
    contenders = board.contenders(persona_id)
    shortlist = (race.top, *contenders)
    questions: list[DecidingQuestion] = []
    for vid in shortlist:
        questions += _criterion_questions(race, vid, _open_paths(by_id[vid]))
    musts = _must_have_questions(race, _open_paths(by_id[race.top]))
    ranked = _ranked_questions(race, questions + musts)
    tied = tuple(v for v in race.ranked if board.vendor(v).persona(persona_id).rank == 1)
    settled = not contenders and not musts and len(tied) < 2
    return Decision(persona_id, race.top, settled, shortlist, ranked, tied if len(tied) > 1 else ())


def vendor_questions(board: Scoreboard, persona_id: str, vendor: Vendor) -> tuple[DecidingQuestion, ...]:
    """Every unknown scored fact of one vendor (shortlisted or not), most valuable first, for the
    persona: what the RFP questionnaire asks first. Empty when the vendor is not ranked (excluded)."""
    race = _last_race(board, persona_id)
    if race is None or vendor.id not in race.totals:
        return ()
    open_paths = _open_paths(vendor)
    questions = _criterion_questions(race, vendor.id, open_paths)
    if vendor.id == race.top:
        questions += _must_have_questions(race, open_paths)
    return _ranked_questions(race, questions)


_RACES: list[tuple[Scoreboard, dict[str, _Race | None]]] = []  # the last board asked about, its races


def _last_race(board: Scoreboard, persona_id: str) -> _Race | None:
    """`_race`, kept per persona for the next call on the same (immutable) board: a page asks it for
    every vendor and persona in turn, and building a race reads every vendor."""
    last = _RACES[-1] if _RACES else None  # one read: a tuple another thread cannot change
    races = last[1] if last is not None and last[0] is board else {}
    if persona_id not in races:
        races[persona_id] = _race(board, persona_id)
        _RACES[:] = [(board, races)]
    return races[persona_id]


def _open_paths(vendor: Vendor) -> set[str]:
    return {a.question.path for a in unknown_questions(vendor)}


def _one_per_fact(questions: list[DecidingQuestion]) -> list[DecidingQuestion]:
    """One question per vendor and profile field: the most valuable of those asking it."""
    best: dict[tuple[str, str], DecidingQuestion] = {}
    for q in questions:
        key = (q.vendor, q.path)
        held = best.get(key)
        if held is None or (q.changes_pick, q.kind == "must-have", q.swing) > (
            held.changes_pick,
            held.kind == "must-have",
            held.swing,
        ):
            best[key] = q
    return list(best.values())


def _answer(k: Criterion, unit: str, score: float, is_top: bool) -> str:
    """The answer that changes the pick: for a rival the least that scores `score`; for the pick an
    answer scoring at most `score` (the scale's worst, in practice: 'no', or below the lowest step)."""
    if not is_top:
        return answer_words(k, unit, score)
    return (
        "an answer at the scale's worst" if score == min(k.scale.outcomes()) else answer_words(k, unit, score)
    )


def decide_all(board: Scoreboard, vendors: tuple[Vendor, ...]) -> tuple[Decision, ...]:
    """`decide` for every persona, in declaration order."""
    return tuple(decide(board, p.id, vendors) for p in board.criteria.personas)


def summary(d: Decision, names: dict[str, str], shown: int | None = None) -> str:
    """The decision in one line: "Settled pick: X.", "Shortlist: X (the pick), Y, Z." or, when the
    top is tied, "Shortlist: X and Y (tied first), Z."; with `shown`, at most that many rivals are
    named before "and N more"."""
    if d.top is None:
        return "No vendor meets every must-have."
    if d.settled:
        return f"Settled pick: {names[d.top]}."
    if len(d.shortlist) == 1:  # no rival can overtake it, but a must-have rests on an unknown fact
        return (
            f"{names[d.top]} is the pick, not settled: it meets a must-have only if an unknown fact allows."
        )
    if d.tied:
        lead = " and ".join([", ".join(names[v] for v in d.tied[:-1]), names[d.tied[-1]]]) + " (tied first)"
        rivals = [v for v in d.shortlist if v not in d.tied]
    else:
        lead, rivals = f"{names[d.top]} (the pick)", list(d.shortlist[1:])
    cut = rivals if shown is None else rivals[:shown]
    more = f" and {len(rivals) - len(cut)} more" if len(cut) < len(rivals) else ""
    return "Shortlist: " + ", ".join([lead, *(names[v] for v in cut)]) + more + "."


def effect(q: DecidingQuestion, names: dict[str, str], top: str) -> str:
    """What answering `q` does to the pick `top`, in words (`names`: vendor id -> name)."""
    if q.kind == "must-have":
        if q.new_top is None:
            return f"A “no” to “{q.label}” excludes {names[top]}; the next vendors then tie."
        return f"A “no” to “{q.label}” excludes {names[top]} and makes {names[q.new_top]} the top pick."
    if q.changes_pick and q.new_top is not None:
        return f"{q.label}: {q.answer} makes {names[q.new_top]} the top pick."
    return (
        f"Its answer can move {names[q.vendor]}’s total by up to {q.swing:.1f} points ({q.label}); "
        "on its own it does not change the pick."
    )
