"""The scoring matrix: vendors x criteria as a heat map, ranked for a persona, re-ranked live.

Input: a `Comparison`. Output: the `matrix.md` page. The page is a complete, ranked table
without JavaScript (the first persona); `assets/javascripts/matrix.js` adds the persona
switcher, must-have toggles, weight sliders, sorting and filters, computing totals and ranks
exactly as `score.py` does (weighted mean, totals rounded to 9 decimals, equal totals share a
rank, vendor-id order within a tie, a failed must-have excludes). Its data is the JSON block
built here, so the browser never recomputes a criterion score, only the weighting.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.scoring.criteria import FLAG_SEVERITIES
from site_builder.site.decision_view import DecisionView, decision_view
from site_builder.site.render import URIS, Page, RenderContext, json_script, vendor_uri

BANDS = 5  # heat-map bands of 20 points; each cell also prints its score
WEIGHT_STEP, WEIGHT_MAX = 0.5, 10  # the weight sliders' step and top; claims about weights use them


@dataclass(frozen=True)
class Cell:
    criterion: str
    category: str
    score: str  # "60"; "" when unknown (an unknown never shows a number)
    value: str  # "99.9%", "unknown", or the known-bad words ("none (only an objective)")
    known: bool
    bad: bool  # known to be bad: the scale's worst, or nothing committed
    band: int  # 0-4
    title: str  # tooltip: criterion, value, score, range when unknown


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
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    href: str  # methodology anchor
    weight: str  # the default persona's weight


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    columns: tuple[Column, ...]


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


def _band(score: float) -> int:
    return min(BANDS - 1, int(score // (100 / BANDS)))


def matrix_view(c: Comparison, ctx: RenderContext) -> MatrixView:
    here = URIS["matrix"]
    crit = c.criteria
    persona = crit.personas[0]
    method = ctx.href(here, URIS["methodology"])
    by_cat = {cat.id: [k for k in crit.criteria if k.category == cat.id] for cat in crit.categories}
    groups = tuple(
        Group(
            cat.id,
            cat.label,
            tuple(
                Column(k.id, k.label, f"{method}#criterion-{k.id}", f"{persona.weights.get(k.id, 0):g}")
                for k in by_cat[cat.id]
            ),
        )
        for cat in crit.categories
        if by_cat[cat.id]
    )
    order = [k.id for g in groups for k in g.columns]
    ranking = c.board.ranking(persona.id)
    rows = []
    for vid in ranking.ranked + ranking.excluded:
        v = c.board.vendor(vid)
        p = v.persona(persona.id)
        cells = []
        for cid in order:
            s = v.score(cid)
            k = crit.criterion(cid)
            shown = f"{s.score:.0f}"
            if s.known:
                title = f"{k.label}: {s.display}; score {shown}"
            elif s.bad:
                title = f"{k.label}: {s.display}; scores as the worst case"
            else:
                title = f"{k.label}: unknown; scored as the worst case until it is known"

            cells.append(
                Cell(
                    cid,
                    k.category,
                    shown if s.known else "",
                    s.display,
                    s.known,
                    s.bad,
                    _band(s.score),
                    title,
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
                cells=tuple(cells),
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
        _data(c, order, ctx),
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
    )


COVERAGE_STEPS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9)


def _coverage_choices(c: Comparison) -> tuple[tuple[str, str], ...]:
    """The data-coverage filter's choices: only shares at least one vendor reaches for some persona at
    its own weights, so no choice empties the table before any weight is moved."""
    best = max((p.coverage for v in c.board.vendors for p in v.personas), default=0.0)
    return tuple((f"{t:g}", f"At least {t:.0%}") for t in COVERAGE_STEPS if round(t, 9) <= round(best, 9))


def _data(c: Comparison, order: list[str], ctx: RenderContext) -> dict:
    """What matrix.js needs: per-cell scores in column order, weights, must-have results."""
    crit = c.criteria
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
        "vendors": [
            {
                "id": v.id,
                "name": v.name,
                "score": [v.score(cid).score for cid in order],
                "worst": [v.score(cid).worst for cid in order],
                "best": [v.score(cid).best for cid in order],
                "known": [1 if v.score(cid).known else 0 for cid in order],
                "must": {m.id: m.status for m in v.must_haves},
                "flags": {sev: sum(f.severity == sev for f in v.flags) for sev in FLAG_SEVERITIES},
            }
            for v in c.board.vendors
        ],
    }


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    view = matrix_view(comparison, ctx)
    html = ctx.render("pages/matrix.html", m=view, data=json_script(view.data, "sb-matrix-data"))
    return [Page(URIS["matrix"], html)]
