"""The home page: what is compared, how fresh the data is, the top pick per persona with how
solid that pick is, and the red flags raised.

Input: a `Comparison`. Output: the `index.md` page. Figures are formatted here; the template
only displays them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from markupsafe import Markup

from site_builder.comparison import Comparison
from site_builder.scoring.criteria import FLAG_SEVERITIES
from site_builder.scoring.robustness import WeightChange
from site_builder.site.chart import Bar, bar_chart
from site_builder.site.decision_view import DecisionView, decision_view
from site_builder.site.pages.matrix import WEIGHT_MAX, WEIGHT_STEP
from site_builder.site.render import DOWNLOADS, URIS, Page, RenderContext, vendor_uri


@dataclass(frozen=True)
class Pick:
    persona: str
    persona_id: str
    description: str
    vendor: str | None  # None when every vendor fails the persona's must-haves
    href: str | None
    total: str
    score_range: str
    coverage: str
    p_rank1: str  # share of perturbed weight sets in which the pick stays first
    tied_with: tuple[str, ...]
    runner_up: str | None
    smallest_change: str | None  # a weight the matrix slider can reach, with a strict new leader
    smallest_change_href: str | None  # the matrix with that weight set
    unsettled: str  # whether the unknown facts could still change the pick, in words
    inferred: str | None  # the inferred facts the pick rests on, and what happens without them
    ranked: int
    excluded: int
    matrix_href: str
    decision: DecisionView
    asks_hrefs: tuple[str, ...]  # the vendor page's questions, one per deciding question


@dataclass(frozen=True)
class RaisedFlag:
    vendor: str
    href: str
    message: str


@dataclass(frozen=True)
class RuleFlags:
    """One rule's flags. When every vendor got the same message, `message` holds it once."""

    message: str | None
    unknown: bool  # raised because the fact is unknown
    flags: tuple[RaisedFlag, ...]


@dataclass(frozen=True)
class FlagGroup:
    severity: str
    rules: tuple[RuleFlags, ...]
    raised: int
    vendors: int


@dataclass(frozen=True)
class HomeView:
    vendors: int
    criteria: int
    categories: tuple[str, ...]
    newest_review: str | None
    oldest_review: str | None
    picks: tuple[Pick, ...]
    ranges: tuple[RangeChart, ...]
    flag_groups: tuple[FlagGroup, ...]
    links: dict[str, str]


RANGE_BARS = 20  # vendors drawn per persona; the matrix has every one


@dataclass(frozen=True)
class RangeChart:
    persona_id: str
    persona: str
    svg: Markup
    more: int  # ranked vendors not drawn
    excluded: int


def _range_chart(comparison: Comparison, persona_id: str) -> RangeChart:
    """Every ranked vendor's total for the persona as a bar from its worst case to its best, in rank
    order, with a dashed line at the pick's worst case: a bar reaching past it could still overtake."""
    board = comparison.board
    persona = comparison.criteria.persona(persona_id)
    ranking = board.ranking(persona_id)
    weighted = [k.id for k in comparison.criteria.criteria if persona.weights.get(k.id, 0) > 0]
    bars = []
    for vid in ranking.ranked[:RANGE_BARS]:
        v = board.vendor(vid)
        p = v.persona(persona_id)
        known = sum(v.score(k).known for k in weighted)
        bars.append(
            Bar(f"{board.rank_text(vid, persona_id)}. {v.name}", p.total, p.low, p.high, known, len(weighted))
        )
    mark = board.vendor(ranking.ranked[0]).persona(persona_id).low if ranking.ranked else None
    words = (
        f"The dashed line is {board.vendor(ranking.ranked[0]).name}'s worst case ({mark:.0f}): a vendor whose bar "
        "reaches past it could still overtake the pick."
        if mark is not None
        else ""
    )
    svg = bar_chart(bars, f"Score ranges for {persona.label}", f"sb-range-{persona_id}", mark, words)
    return RangeChart(
        persona_id, persona.label, svg, max(0, len(ranking.ranked) - RANGE_BARS), len(ranking.excluded)
    )


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _pick(comparison: Comparison, persona_id: str, ctx: RenderContext) -> Pick:
    crit = comparison.criteria
    persona = crit.persona(persona_id)
    ranking = comparison.board.ranking(persona_id)
    robust = comparison.robust(persona_id)
    matrix = ctx.href(URIS["home"], URIS["matrix"]) + f"#persona={persona_id}"
    names = {v.id: v.name for v in comparison.board.vendors}
    view = decision_view(comparison, persona_id)
    no_pick = Pick(  # every vendor fails a must-have; a pick fills in the rest below
        persona=persona.label,
        persona_id=persona_id,
        description=persona.description,
        vendor=None,
        href=None,
        total="",
        score_range="",
        coverage="",
        p_rank1="",
        tied_with=(),
        runner_up=None,
        smallest_change=None,
        smallest_change_href=None,
        unsettled="",
        inferred=None,
        ranked=len(ranking.ranked),
        excluded=len(ranking.excluded),
        matrix_href=matrix,
        decision=view,
        asks_hrefs=tuple(ctx.href(URIS["home"], vendor_uri(a.vendor_id)) + "#" + a.anchor for a in view.asks),
    )
    if not ranking.ranked:
        return no_pick
    top = ranking.ranked[0]
    score = comparison.board.vendor(top).persona(persona_id)
    change = robust.smallest_change
    change_text = change_href = None
    reached = reachable_change(comparison, persona_id, change) if change is not None else None
    if change is not None and reached is not None:
        target, leader = reached
        verb = "raising" if target > change.weight_from else "lowering"
        change_text = (
            f"{verb} the weight of “{crit.criterion(change.criterion).label}” from {change.weight_from:g} "
            f"to {target:g} makes {names[leader]} the top pick"
        )
        change_href = f"{matrix}&w.{change.criterion}={target:g}"
    return replace(
        no_pick,
        vendor=names[top],
        href=ctx.href(URIS["home"], vendor_uri(top)),
        total=f"{score.total:.1f}",
        score_range=f"{score.low:.1f}–{score.high:.1f}",
        coverage=_pct(score.coverage),
        p_rank1=_pct(robust.p_rank1(top)),
        tied_with=tuple(names[v] for v in robust.tied_top if v != top),
        runner_up=names[ranking.ranked[1]] if len(ranking.ranked) > 1 else None,
        smallest_change=change_text,
        smallest_change_href=change_href,
        unsettled=_unsettled(comparison, persona_id, names),
        inferred=_inferred(comparison, persona_id, names),
    )


def _inferred(comparison: Comparison, persona_id: str, names: dict[str, str]) -> str | None:
    """Words for a pick that rests on facts inferred rather than stated (UJET's encryption, read from a
    privacy notice's "all data is encrypted")."""
    pick = comparison.board.inferred_pick(persona_id)
    if pick is None:
        return None
    facts = "; ".join(f"{label} ({shown}): {why}" for label, shown, why in pick.facts)
    one = len(pick.facts) == 1
    text = f"This pick rests on {'a fact' if one else 'facts'} inferred, not stated: {facts}"
    text = text.rstrip(".") + "."
    if pick.leader_without is not None:
        return text + (
            f" Without {'it' if one else 'them'} its score falls to {pick.total_without:.1f} and "
            f"{names[pick.leader_without]} would lead."
        )
    return text + f" Without {'it' if one else 'them'} it still leads, at {pick.total_without:.1f}."


def reachable_change(
    comparison: Comparison, persona_id: str, change: WeightChange
) -> tuple[float, str] | None:
    """The smallest change of one weight, moved to the first slider step beyond the tie (the
    matrix's sliders move in WEIGHT_STEPs up to WEIGHT_MAX), and the vendor that leads alone
    there: (weight, vendor id). None when that step is off the slider or leaves a tie at the top."""
    steps = change.weight_to / WEIGHT_STEP
    up = change.weight_to > change.weight_from
    target = (math.floor(steps) + 1 if up else math.ceil(steps) - 1) * WEIGHT_STEP
    if not 0 <= target <= WEIGHT_MAX:
        return None
    crit = comparison.criteria
    weights = np.array([crit.persona(persona_id).weights.get(k.id, 0.0) for k in crit.criteria])
    weights[[k.id for k in crit.criteria].index(change.criterion)] = target
    if weights.sum() <= 0:
        return None
    board = comparison.board
    ranked = board.ranking(persona_id).ranked
    rows = [next(i for i, v in enumerate(board.vendors) if v.id == vid) for vid in ranked]
    totals = np.round(board.table[rows] @ (weights / weights.sum()), 9)
    leaders = np.flatnonzero(totals == totals.max())
    return (target, ranked[int(leaders[0])]) if len(leaders) == 1 else None


def _unsettled(comparison: Comparison, persona_id: str, names: dict[str, str]) -> str:
    """Whether the unknown facts could still change the pick: vendors whose best case beats its
    worst case, and must-haves of the persona the pick meets only unconfirmed."""
    board = comparison.board
    top = board.vendor(board.ranking(persona_id).ranked[0]).persona(persona_id)
    rivals = board.contenders(persona_id)
    open_musts = [f"“{m.label}”" for m in top.must_haves if m.status == "unconfirmed"]
    if not rivals and not open_musts:
        return (
            f"Settled by the data: no other vendor's best case beats this pick's worst case "
            f"({top.low:.1f}), and it meets every must-have on known facts, whatever the unknown facts "
            "turn out to be."
        )
    parts = []
    if rivals:
        named = [f"{names[v]} (up to {board.vendor(v).persona(persona_id).high:.1f})" for v in rivals[:3]]
        more = f" and {len(rivals) - 3} more" if len(rivals) > 3 else ""
        parts.append(
            f"{len(rivals)} other vendor{'s' if len(rivals) > 1 else ''} could still rank first once "
            f"unknown facts are answered, because their best case beats this pick's worst case "
            f"({top.low:.1f}): {', '.join(named)}{more}."
        )
    if open_musts:
        musts = " and ".join(open_musts)
        parts.append(
            f"Its must-have{'s' if len(open_musts) > 1 else ''} {musts} "
            f"{'are' if len(open_musts) > 1 else 'is'} unconfirmed: a “no” would exclude it."
        )
    return "Not settled by the data: " + " ".join(parts)


def _flag_groups(comparison: Comparison, ctx: RenderContext) -> tuple[FlagGroup, ...]:
    raised: dict[tuple[str, str, bool], list] = {}  # (severity, rule, on an unknown) -> (vendor, flag)
    for v in comparison.board.vendors:
        for f in v.flags:
            raised.setdefault((f.severity, f.id, f.unknown), []).append((v, f))
    groups = []
    for severity in FLAG_SEVERITIES:
        rules = []
        for rule in comparison.criteria.red_flags:
            for unknown in (False, True):
                hits = raised.get((severity, rule.id, unknown), [])
                if not hits:
                    continue
                flags = tuple(
                    RaisedFlag(v.name, ctx.href(URIS["home"], vendor_uri(v.id)), f.message)
                    for v, f in sorted(hits, key=lambda h: h[0].name.lower())
                )
                same = len({f.message for f in flags}) == 1 and len(flags) > 1
                rules.append(RuleFlags(flags[0].message if same else None, unknown, flags))
        count = sum(len(r.flags) for r in rules)
        vendors = len({f.vendor for r in rules for f in r.flags})
        groups.append(FlagGroup(severity, tuple(rules), count, vendors))
    return tuple(groups)


def home_view(comparison: Comparison, ctx: RenderContext) -> HomeView:
    reviews = sorted(v.last_reviewed for v in comparison.vendors)
    crit = comparison.criteria
    links = {name: ctx.href(URIS["home"], uri) for name, uri in URIS.items()}
    links |= {f"download_{fmt}": ctx.file_href(URIS["home"], uri) for fmt, uri in DOWNLOADS.items()}
    return HomeView(
        vendors=len(comparison.vendors),
        criteria=len(crit.criteria),
        categories=tuple(c.label for c in crit.categories),
        newest_review=reviews[-1].isoformat() if reviews else None,
        oldest_review=reviews[0].isoformat() if reviews else None,
        picks=tuple(_pick(comparison, p.id, ctx) for p in crit.personas),
        ranges=tuple(_range_chart(comparison, p.id) for p in crit.personas),
        flag_groups=_flag_groups(comparison, ctx),
        links=links,
    )


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    return [Page(URIS["home"], ctx.render("pages/home.html", home=home_view(comparison, ctx)))]
