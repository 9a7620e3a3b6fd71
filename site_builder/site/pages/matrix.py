"""The scoring matrix: vendors x score categories as a heat map, ranked for a persona, re-ranked live.

Input: a `Comparison`. Output: the `matrix.md` page. The page opens on one column per category
(the category score: the persona-weighted mean of its criteria) and is a complete, ranked table
without JavaScript (the first persona), with the leaderboard and status line the script would
write: `assets/javascripts/matrix.js` does nothing at load but enable the controls (unless the URL
hash asks for another view). It adds the persona switcher, must-have toggles, weight sliders,
sorting, filters, and expanding a category into its criteria (criteria the weights set to 0 stay
hidden). Its data is the JSON block built here, each thing once, with every persona's totals,
ranges, ranks and order as score.py computed them: a persona switch shows those; only moved
weights or toggled must-haves are recomputed, by one function (matrix.js's `weigh`: weighted
mean, totals rounded to 9 decimals, equal totals share a rank, the engine's tie order, a failed
must-have excludes) that the browser tests check against score.py. The browser never recomputes
a criterion score, and builds a criterion's cells only when its category is expanded.
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
class BoardEntry:
    """One line of the leaderboard beside the sliders, as matrix.js writes it."""

    id: str
    rank: str  # "1", "=2"
    name: str
    total: str
    score_range: str  # "33.7–98.1"


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
    leader: str  # the leaderboard's first line at the default persona ("Leader: ..." or "Tied first at ...")
    board: tuple[BoardEntry, ...]  # the leaderboard at the default persona: the top vendors by rank, then id
    columns: (
        int  # the table's visible columns at the default persona (the "no vendor matches" row spans them)
    )
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
        _leader(c, persona.id),
        _board(c, persona.id),
        4 + sum(not g.hidden for g in groups),
        tuple((m.id, m.label) for m in crit.must_haves),
    )


BOARD = 5  # vendors on the leaderboard beside the sliders (matrix.js's BOARD)


def _board_order(c: Comparison, pid: str) -> list[str]:
    """The ranked vendors as the leaderboard lists them: by rank, then id (matrix.js's order)."""
    return sorted(c.board.ranking(pid).ranked, key=lambda v: (c.board.vendor(v).persona(pid).rank or 0, v))


def _board(c: Comparison, pid: str) -> tuple[BoardEntry, ...]:
    out = []
    for vid in _board_order(c, pid)[:BOARD]:
        p = c.board.vendor(vid).persona(pid)
        rank = c.board.rank_text(vid, pid) or ""  # a ranked vendor always has a rank
        out.append(
            BoardEntry(vid, rank, c.board.vendor(vid).name, f"{p.total:.1f}", f"{p.low:.1f}–{p.high:.1f}")
        )
    return tuple(out)


def _leader(c: Comparison, pid: str) -> str:
    """Who leads at the persona's own weights, worded as matrix.js words it; "" when no vendor is ranked."""
    ranked = _board_order(c, pid)
    if not ranked:
        return ""
    total = {x: c.board.vendor(x).persona(pid).total for x in ranked}
    name = {x: c.board.vendor(x).name for x in ranked}
    first = [x for x in ranked if c.board.vendor(x).persona(pid).rank == 1]
    if len(first) > 1:
        return f"Tied first at {total[first[0]]:.1f}: {', '.join(name[x] for x in first)}."
    x = first[0]
    ahead = f", {total[x] - total[ranked[1]]:.1f} ahead of {name[ranked[1]]}" if len(ranked) > 1 else ""
    return f"Leader: {name[x]} at {total[x]:.1f}{ahead}."


def _status(c: Comparison, pid: str, rows: tuple[Row, ...]) -> str:
    """The status line beside the controls at the persona's own weights, worded as matrix.js
    words it, so the line is there at first paint and the script's run changes nothing."""
    ranking = c.board.ranking(pid)
    label = c.criteria.persona(pid).label
    lead = _leader(c, pid)
    unconfirmed = sum(1 for r in rows if r.unconfirmed and not r.excluded)
    words = f"Ranked for {label}: {len(ranking.ranked)} ranked, {len(ranking.excluded)} excluded"
    if unconfirmed:
        words += f", {unconfirmed} with a must-have unconfirmed (its fact is unknown)"
    return (lead + " " if lead else "") + words + "."


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


def _persona_view(c: Comparison, pid: str) -> dict[str, object]:
    """The persona's ranking as score.py computed it, for matrix.js to show without recomputing
    (on a persona switch, or when the weights are moved back): per vendor in data order its total
    (t), worst case (l, only when one differs from t), best case (h), coverage (c) and rank (r,
    null when excluded), and the vendors' order (o: indexes, ranked ones first in the engine's tie
    order, then the excluded)."""
    scores = [v.persona(pid) for v in c.board.vendors]
    at = {v.id: i for i, v in enumerate(c.board.vendors)}
    ranking = c.board.ranking(pid)
    out: dict[str, object] = {
        "t": [_number(s.total) for s in scores],
        "h": [_number(s.high) for s in scores],
        "c": [_number(s.coverage) for s in scores],
        "r": [s.rank for s in scores],
        "o": [at[v] for v in ranking.ranked + ranking.excluded],
    }
    if any(s.low != s.total for s in scores):
        out["l"] = [_number(s.low) for s in scores]
    return out


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
                **_persona_view(c, p.id),
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
