"""A persona's decision in words, for the home page, the matrix and the exports: the shortlist and
the few questions that decide it, each with the vendor to ask and what its answer would do.

Input: a `Comparison` and a persona id. Output: frozen view records; the templates only display them.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.scoring.decision import effect, summary

SHOWN_QUESTIONS = 3  # the few questions a card shows; the vendor pages list every one
SHOWN_RIVALS = 3  # shortlisted rivals named before "and N more"


@dataclass(frozen=True)
class Ask:
    vendor: str  # the vendor's name
    vendor_id: str
    anchor: str  # the question's group on the vendor page: "questions-sla"
    question: str
    effect: str  # what the answer does to the pick, in words
    changes_pick: bool


@dataclass(frozen=True)
class DecisionView:
    persona_id: str
    settled: bool
    pick: str | None  # name
    rivals: tuple[tuple[str, str], ...]  # (id, name) of the closest shortlisted rivals, rank order
    more: int  # shortlisted rivals not named
    asks: tuple[Ask, ...]
    summary: str  # one line: "Settled pick: X." or "Shortlist: X (the pick), Y, Z and 4 more."


def decision_view(c: Comparison, persona_id: str) -> DecisionView:
    d = c.decision(persona_id)
    names = {v.id: v.name for v in c.vendors}
    if d.top is None:
        return DecisionView(persona_id, False, None, (), 0, (), "No vendor meets every must-have.")
    rivals = tuple((v, names[v]) for v in d.shortlist[1:])
    shown, more = rivals[:SHOWN_RIVALS], max(0, len(rivals) - SHOWN_RIVALS)
    asks = tuple(
        Ask(
            names[q.vendor],
            q.vendor,
            "questions-" + q.path.split(".")[0],
            q.question,
            effect(q, names, d.top),
            q.changes_pick,
        )
        for q in d.questions[:SHOWN_QUESTIONS]
    )
    return DecisionView(
        persona_id, d.settled, names[d.top], shown, more, asks, summary(d, names, SHOWN_RIVALS)
    )
