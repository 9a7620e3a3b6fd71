"""The scoring matrix: vendors x score categories as a heat map, ranked for a persona, re-ranked live.

Input: a `Comparison`. Output: the `matrix.md` page. The page opens on one column per category
(the category score: the persona-weighted mean of its criteria) and is a complete, ranked table
without JavaScript (the first persona). `assets/javascripts/matrix.js` adds the persona switcher,
must-have toggles, weight sliders, sorting, filters, and expanding a category into its criteria
(criteria the weights set to 0 stay hidden), computing totals and ranks exactly as `score.py`
does (weighted mean, totals rounded to 9 decimals, equal totals share a rank, vendor-id order
within a tie, a failed must-have excludes). Its data is the JSON block built here, each thing
once: the browser never recomputes a criterion score, only the weighting, and builds a
criterion's cells only when its category is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.scoring.criteria import FLAG_SEVERITIES
from site_builder.scoring.score import CriterionScore
from site_builder.site.decision_view import DecisionView, decision_view
from site_builder.site.render import URIS, Page, RenderContext, json_script, vendor_uri

BANDS = 5  # heat-map bands of 20 points; each cell also prints its score
WEIGHT_STEP, WEIGHT_MAX = 0.5, 10  # the weight sliders' step and top; claims about weights use them


@dataclass(frozen=True)
class CategoryCell:
    category: str
    label: str  # the category's name, shown beside the cell on a phone
    score: str  # "60"; "" when no weighted criterion of it is known (an unknown never shows a number)
    known: str  # "2 of 5 known": the category's weighted criteria backed by a fact
    band: int  # 0-4
    hidden: bool  # the persona weighs none of its criteria


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    href: str
    rank: str  # "1", "=2" for a tie, "–" when excluded
    total: str
    score_range: str
    coverage: str
    excluded: str | None  # the failed must-have(s), in words
    unconfirmed: str | None  # the persona's must-haves this vendor's facts cannot confirm, in words
    flags: tuple[tuple[str, int], ...]  # (severity, count) for severities present
    flag_text: str  # the messages, for the tooltip and screen readers
    categories: tuple[CategoryCell, ...]


@dataclass(frozen=True)
class Column:
    id: str
    index: int  # position in the data block's criteria
    label: str
    href: str  # methodology anchor
    weight: str  # the default persona's weight


@dataclass(frozen=True)
class Group:
    id: str
    index: int
    label: str
    columns: tuple[Column, ...]
    hidden: bool  # the default persona weighs none of its criteria


@dataclass(frozen=True)
class PersonaRanking:
    id: str
    label: str
    ranked: tuple[tuple[str, str, str], ...]  # (rank, name, href)
    excluded: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MatrixView:
    persona: str  # the persona the static table is ranked for
    persona_label: str
    groups: tuple[Group, ...]
    rows: tuple[Row, ...]
    rankings: tuple[PersonaRanking, ...]
    data: object  # the JSON block for matrix.js
    methodology: str
    vendor_count: int
    weight_step: float
    weight_max: float
    coverage_choices: tuple[tuple[str, str], ...]  # (value, words): only shares some vendor reaches
    decisions: tuple[tuple[DecisionView, tuple[str, ...]], ...]  # per persona, with the asks' vendor links
    status: str  # the status line at the default persona, as matrix.js writes it (no shift when it runs)
    must_haves: tuple[tuple[str, str], ...]  # (id, label) for the toggles


def _band(score: float) -> int:
    return min(BANDS - 1, int(score // (100 / BANDS)))


def category_score(scores: list[CriterionScore], weights: list[float]) -> tuple[float, int, int] | None:
    """A category's score at these weights: the weighted mean of its weighted criteria (an unknown
    at the score the unknown policy gives it, as in the total), with how many of them rest on a
    fact (known, or known to be bad) out of how many count. None when no criterion of it counts.
    matrix.js computes the same for other weights."""
    total = weight = 0.0
    informed = counted = 0
    for s, w in zip(scores, weights, strict=True):
        if w > 0:
            total += s.score * w
            weight += w
            counted += 1
            informed += s.known or s.bad
    return None if counted == 0 else (total / weight, informed, counted)


def matrix_view(c: Comparison, ctx: RenderContext) -> MatrixView:
    here = URIS["matrix"]
    crit = c.criteria
    persona = crit.personas[0]
    method = ctx.href(here, URIS["methodology"])
    by_cat = {cat.id: [k for k in crit.criteria if k.category == cat.id] for cat in crit.categories}
    order = [k.id for cat in crit.categories for k in by_cat[cat.id]]
    index = {cid: i for i, cid in enumerate(order)}
    cats = [cat for cat in crit.categories if by_cat[cat.id]]
    groups = tuple(
        Group(
            cat.id,
            i,
            cat.label,
            tuple(
                Column(
                    k.id,
                    index[k.id],
                    k.label,
                    f"{method}#criterion-{k.id}",
                    f"{persona.weights.get(k.id, 0):g}",
                )
                for k in by_cat[cat.id]
            ),
            not any(persona.weights.get(k.id, 0) > 0 for k in by_cat[cat.id]),
        )
        for i, cat in enumerate(cats)
    )
    ranking = c.board.ranking(persona.id)
    rows = []
    for vid in ranking.ranked + ranking.excluded:
        v = c.board.vendor(vid)
        p = v.persona(persona.id)
        cells = []
        for g in groups:
            got = category_score(
                [v.score(k.id) for k in g.columns], [persona.weights.get(k.id, 0.0) for k in g.columns]
            )
            score, informed, counted = got if got is not None else (0.0, 0, 0)
            cells.append(
                CategoryCell(
                    g.id,
                    g.label,
                    f"{score:.0f}" if informed else "",
                    f"{informed} of {counted} known",
                    _band(score),
                    got is None,
                )
            )
        severities = [(sev, sum(f.severity == sev for f in v.flags)) for sev in FLAG_SEVERITIES]
        failed = [m.label for m in p.must_haves if m.status == "fail"]
        rows.append(
            Row(
                id=v.id,
                name=v.name,
                href=ctx.href(here, vendor_uri(v.id)),
                rank=c.board.rank_text(vid, persona.id) or "–",
                total=f"{p.total:.1f}",
                score_range=f"{p.low:.1f}–{p.high:.1f}",
                coverage=f"{p.coverage:.0%}",
                excluded="; ".join(failed) or None,
                unconfirmed="; ".join(m.label for m in p.must_haves if m.status == "unconfirmed") or None,
                flags=tuple((sev, n) for sev, n in severities if n),
                flag_text="; ".join(f"{f.severity}: {f.message}" for f in v.flags),
                categories=tuple(cells),
            )
        )
    rankings = []
    for pr in crit.personas:
        r = c.board.ranking(pr.id)
        rankings.append(
            PersonaRanking(
                pr.id,
                pr.label,
                tuple(  # a ranked vendor always has a rank: rank_text is None for the excluded only
                    (c.board.rank_text(x, pr.id) or "", c.board.vendor(x).name, ctx.href(here, vendor_uri(x)))
                    for x in r.ranked
                ),
                tuple((c.board.vendor(x).name, ctx.href(here, vendor_uri(x))) for x in r.excluded),
            )
        )
    return MatrixView(
        persona.id,
        persona.label,
        groups,
        tuple(rows),
        tuple(rankings),
        _data(c, order),
        method,
        len(c.vendors),
        WEIGHT_STEP,
        WEIGHT_MAX,
        _coverage_choices(c),
        tuple(
            (
                view := decision_view(c, pr.id),
                tuple(ctx.href(here, vendor_uri(a.vendor_id)) + "#" + a.anchor for a in view.asks),
            )
            for pr in crit.personas
        ),
        _status(c, persona.id, tuple(rows)),
        tuple((m.id, m.label) for m in crit.must_haves),
    )


def _status(c: Comparison, pid: str, rows: tuple[Row, ...]) -> str:
    """The status line beside the controls at the persona's own weights, worded as matrix.js
    words it, so the line is there at first paint and the script's run changes nothing."""
    ranking = c.board.ranking(pid)
    label = c.criteria.persona(pid).label
    totals = {x: c.board.vendor(x).persona(pid).total for x in ranking.ranked}
    first = [x for x in ranking.ranked if c.board.vendor(x).persona(pid).rank == 1]
    name = {x: c.board.vendor(x).name for x in ranking.ranked}
    if len(first) > 1:
        lead = f"Tied first at {totals[first[0]]:.1f}: {', '.join(name[x] for x in sorted(first))}. "
    elif first:
        x = first[0]
        ahead = ""
        if len(ranking.ranked) > 1:  # the runner-up as the leaderboard lists it: by rank, then id
            y = sorted(ranking.ranked, key=lambda v: (c.board.vendor(v).persona(pid).rank or 0, v))[1]
            ahead = f", {totals[x] - totals[y]:.1f} ahead of {name[y]}"
        lead = f"Leader: {name[x]} at {totals[x]:.1f}{ahead}. "
    else:
        lead = ""
    unconfirmed = sum(1 for r in rows if r.unconfirmed and not r.excluded)
    words = f"Ranked for {label}: {len(ranking.ranked)} ranked, {len(ranking.excluded)} excluded"
    if unconfirmed:
        words += f", {unconfirmed} with a must-have unconfirmed (its fact is unknown)"
    return lead + words + "."


COVERAGE_STEPS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9)


def _coverage_choices(c: Comparison) -> tuple[tuple[str, str], ...]:
    """The data-coverage filter's choices: only shares at least one vendor reaches for some persona at
    its own weights, so no choice empties the table before any weight is moved."""
    best = max((p.coverage for v in c.board.vendors for p in v.personas), default=0.0)
    return tuple((f"{t:g}", f"At least {t:.0%}") for t in COVERAGE_STEPS if round(t, 9) <= round(best, 9))


def _number(x: float) -> float | int:
    """A score as JSON writes it shortest: 60 for 60.0 (the same number to the script)."""
    return int(x) if x.is_integer() else x


MUST_CODES = {"pass": "p", "fail": "f", "unconfirmed": "u"}


def _state(s: CriterionScore) -> str:
    """One letter per criterion: k known, b known and bad, x not known but bad (only an objective), u unknown."""
    return ("b" if s.bad else "k") if s.known else ("x" if s.bad else "u")


def _data(c: Comparison, order: list[str]) -> dict:
    """What matrix.js needs, each thing once: the criteria in column order, and per vendor its
    scores (s), worst cases (w, only when one differs from s), best cases (b), one state letter
    per criterion (k), the values of the cells that are not plain unknown (v), one must-have
    letter per must-have (m: p pass, f fail, u unconfirmed) and its flag counts (f: high,
    medium, low)."""
    crit = c.criteria
    vendors = []
    for v in c.board.vendors:
        scores = [v.score(cid) for cid in order]
        must = {m.id: m.status for m in v.must_haves}
        entry: dict[str, object] = {
            "id": v.id,
            "name": v.name,
            "s": [_number(s.score) for s in scores],
            "b": [_number(s.best) for s in scores],
            "k": "".join(_state(s) for s in scores),
            "v": [s.display for s in scores if _state(s) != "u"],
            "m": "".join(MUST_CODES[must[m.id]] for m in crit.must_haves),
            "f": [sum(f.severity == sev for f in v.flags) for sev in FLAG_SEVERITIES],
        }
        if any(s.worst != s.score for s in scores):
            entry["w"] = [_number(s.worst) for s in scores]
        vendors.append(entry)
    return {
        "criteria": [
            {"id": cid, "label": crit.criterion(cid).label, "category": crit.criterion(cid).category}
            for cid in order
        ],
        "categories": [{"id": cat.id, "label": cat.label} for cat in crit.categories],
        "personas": [
            {
                "id": p.id,
                "label": p.label,
                "weights": [p.weights.get(cid, 0.0) for cid in order],
                "mustHaves": list(p.must_haves),
            }
            for p in crit.personas
        ],
        "mustHaves": [{"id": m.id, "label": m.label} for m in crit.must_haves],
        "severities": list(FLAG_SEVERITIES),
        "vendors": vendors,
    }


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    view = matrix_view(comparison, ctx)
    html = ctx.render("pages/matrix.html", m=view, data=json_script(view.data, "sb-matrix-data"))
    return [Page(URIS["matrix"], html)]
