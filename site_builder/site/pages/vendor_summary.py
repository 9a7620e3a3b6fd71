"""The summary at the top of a vendor page: what is known and unknown per criterion group, and the
questions that matter most to each buyer persona, ranked by value of information (scoring/decision.py).

Input: a `Comparison` and a vendor id. Output: frozen view records; the template only displays them.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.scoring.decision import DecidingQuestion, effect, vendor_questions

SHOWN_ASKS = 3  # questions per persona in the summary; the full list sits below it


@dataclass(frozen=True)
class KnownFact:
    label: str
    value: str
    bad: bool  # known to be bad: the scale's worst, or nothing committed


@dataclass(frozen=True)
class GroupSummary:
    """One criterion group: its known criteria with their values, its unknown ones by name."""

    label: str
    count: str  # "1 of 6 known"
    known: tuple[KnownFact, ...]
    unknown: str  # "Committed availability (best tier), Measurement period"


@dataclass(frozen=True)
class PersonaAsk:
    question: str
    effect: str  # what the answer can do, in words
    href: str  # the question's group below: "#questions-sla"
    changes_pick: bool


@dataclass(frozen=True)
class PersonaQuestions:
    persona: str  # the persona's label
    status: str  # where the vendor stands for this buyer, in one sentence
    asks: tuple[PersonaAsk, ...]


def groups(c: Comparison, vid: str) -> tuple[GroupSummary, ...]:
    v = c.board.vendor(vid)
    out = []
    for cat in c.criteria.categories:
        scores = [s for s in v.scores if c.criteria.criterion(s.criterion).category == cat.id]
        if not scores:
            continue
        known = tuple(
            KnownFact(c.criteria.criterion(s.criterion).label, s.display, s.bad)
            for s in scores
            if s.known or s.bad
        )
        unknown = ", ".join(c.criteria.criterion(s.criterion).label for s in scores if not (s.known or s.bad))
        out.append(GroupSummary(cat.label, f"{len(known)} of {len(scores)} known", known, unknown))
    return tuple(out)


def _moves(q: DecidingQuestion) -> str:
    return f"{q.label}: its answer can move the total by up to {q.swing:.1f} points."


def _ask(q: DecidingQuestion, text: str) -> PersonaAsk:
    return PersonaAsk(q.question, text, "#questions-" + q.path.split(".")[0], q.changes_pick)


def persona_questions(c: Comparison, vid: str) -> tuple[PersonaQuestions, ...]:
    """Per persona: where the vendor stands and the few questions whose answers matter most."""
    names = c.names
    name, out = names[vid], []
    for p in c.board.vendor(vid).personas:
        label = c.criteria.persona(p.persona).label
        d = c.decision(p.persona)
        if not p.rank or d.top is None:
            failed = "; ".join(m.label for m in p.must_haves if m.status == "fail")
            out.append(PersonaQuestions(label, f"Excluded: fails the must-have “{failed}”.", ()))
            continue
        if vid in d.shortlist:
            mine = d.questions_for(vid)[:SHOWN_ASKS]
            if d.settled:
                status = f"The settled pick: {name} stays first whatever the unknown facts turn out to be."
            elif vid == d.top:
                status = f"The pick for now, on a shortlist of {len(d.shortlist)}: these answers could change that."
            else:
                status = f"On the shortlist of {len(d.shortlist)} behind {names[d.top]}: an answer that lifts it enough could make it the pick."
            asks = tuple(_ask(q, effect(q, names, d.top) if q.changes_pick else _moves(q)) for q in mine)
        else:
            status = (
                f"Off the shortlist: even with every unknown at its best ({p.high:.1f}) it stays below "
                f"{names[d.top]}’s worst case. These answers move its own total most."
            )
            asks = tuple(
                _ask(q, _moves(q)) for q in vendor_questions(c.board, p.persona, c.vendor(vid))[:SHOWN_ASKS]
            )
        out.append(PersonaQuestions(label, status, asks))
    return tuple(out)
