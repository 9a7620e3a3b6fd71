"""The vendor pages: one page per vendor, and the vendor index.

Input: a `Comparison`. Output: `Page`s for `vendors/index.md` and `vendors/<id>.md`. Every fact
is shown with its citation; an unknown fact is shown as unknown, never left out, and becomes a
question to ask. Views are computed here; templates only display them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from site_builder.comparison import Comparison
from site_builder.data.freshness import FRESH_DAYS, MAX_AGE_DAYS
from site_builder.data.model import Vendor
from site_builder.data.words import duration_text, fact_path, format_value
from site_builder.scoring.criteria import FLAG_SEVERITIES
from site_builder.scoring.metrics import OBJECTIVES, Metric, planned_is_maximum
from site_builder.site import search
from site_builder.site.chart import pct
from site_builder.site.pages.vendor_facts import VendorView, vendor_view
from site_builder.site.pages.vendor_questions import QuestionGroup, question_groups, question_sections
from site_builder.site.pages.vendor_summary import GroupSummary, PersonaQuestions, groups, persona_questions
from site_builder.site.render import URIS, Page, RenderContext, vendor_uri

STALE_DAYS = MAX_AGE_DAYS  # stale when validation warns (data/freshness.py declares both thresholds)
FRESHNESS_RULE = (
    f"A profile is current for {FRESH_DAYS} days after a person last checked it against its "
    f"sources, ageing until {STALE_DAYS} days, and stale after that."
)


# --- the scored overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    state: str  # current / ageing / stale
    label: str  # "Current"
    words: str  # "Current: reviewed 12 days ago"
    ago: str  # "reviewed 12 days ago"
    # scored facts whose evidence is older than their criterion allows (its fresh_days), however
    # recent the review: "Committed availability (evidence of 2017-12-01, fresh for 180 days)"
    old_evidence: tuple[str, ...] = ()

    @property
    def old_note(self) -> str | None:
        n = len(self.old_evidence)
        return None if not n else f"{n} scored fact{'s rest' if n > 1 else ' rests'} on old evidence."


def _freshness(reviewed: date, today: date, c: Comparison | None = None, vid: str | None = None) -> Freshness:
    state, words = freshness(reviewed, today)
    old: list[str] = []
    if c is not None and vid is not None:
        for s in c.board.vendor(vid).scores:
            if s.known and s.stale and s.evidence_date is not None:  # a stale score always has a date
                k = c.criteria.criterion(s.criterion)
                days = c.criteria.fresh_days(k)
                old.append(f"{k.label} (evidence of {s.evidence_date.isoformat()}, fresh for {days} days)")
    return Freshness(state, state.capitalize(), words, words.split(": ", 1)[1].split(" (")[0], tuple(old))


def freshness_badge(f: Freshness, reviewed: date, known: int, total: int) -> str:
    """The review's state with its date, then the coverage, which a recent review does not make
    complete: 'The review is current: 2026-11-22, 11 days ago. The coverage is not: 26 of 29 criteria
    are unknown.'"""
    review = f"The review is {f.state}: {reviewed.isoformat()}, {f.ago.removeprefix('reviewed ')}."
    if known == total:
        return f"{review} Every criterion is known."
    lead = "The coverage is not: " if f.state == "current" else ""
    return f"{review} {lead}{total - known} of {total} criteria are unknown."


def freshness(reviewed: date, today: date) -> tuple[str, str]:
    """('current' | 'ageing' | 'stale', words) from the days since the last review."""
    days = (today - reviewed).days
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
    if days > STALE_DAYS:
        return "stale", f"Stale: reviewed {ago} (more than {STALE_DAYS} days)"
    if days > FRESH_DAYS:
        return "ageing", f"Ageing: reviewed {ago} (more than {FRESH_DAYS} days)"
    return "current", f"Current: reviewed {ago}"


def headline(metrics: dict, maximum: bool = False) -> str:
    """The SLA and maintenance in plain sentences, saying what is unknown and why it matters."""
    allowed, planned = metrics["allowed_downtime_month_min"], metrics["planned_downtime_quarter_h"]
    excluded, commitment = metrics["maintenance_excluded"], metrics["sla.tier.commitment"]
    outage, period = metrics["longest_outage_h"], metrics["sla.tier.measurement_period"]
    tail = ""
    if commitment.value in OBJECTIVES:
        first = (
            f"The {_stated(metrics)} availability is only an objective ({format_value(commitment.value)}), "
            "not a contractual SLA: missing it costs the vendor nothing"
        )
    elif not allowed.known:
        first = "The availability this vendor commits to is unknown, so the downtime its SLA allows is too"
    elif allowed.value == 0:  # 100%: not a promise of no downtime, but no downtime allowed
        first = "This SLA allows no downtime at all: every minute down is a breach"
    else:
        first = f"This SLA allows up to {duration_text(allowed.value / 60, long=True)} of downtime a month"
        if outage.known and period.value in ("quarter", "year"):
            tail = (
                f" Because it is measured per {period.value}, a single outage of {duration_text(outage.value, long=True)} "
                "still meets it."
            )
        if not commitment.known:
            tail += " Whether the figure is a contractual SLA with credits is not on record."
    if not planned.known:
        return first + "; how much planned maintenance comes on top is unknown." + tail
    if planned.value == 0:
        return first + ", and no planned maintenance." + tail
    up_to = "up to " if maximum else ""  # a monthly maximum, not a schedule
    hours = f"{up_to}{duration_text(planned.value, long=True)} of planned maintenance a quarter"
    if excluded.known and excluded.value:
        return f"{first}, plus {hours} that do not count against it.{tail}"
    if excluded.known:
        return f"{first}; its {hours} count against it.{tail}"
    return f"{first}, and {hours} (whether they count against the SLA is unknown).{tail}"


def _stated(metrics: dict) -> str:
    """The headline tier's availability figure as written, whether promised or only aimed at."""
    pct = metrics["sla.tier.availability_pct"]
    return pct.display if pct.known else "stated"


def caveat(metrics: dict) -> str | None:
    """A warning that an availability figure is only an objective, so it is not scored as one."""
    commitment = metrics["sla.tier.commitment"]
    if commitment.value not in OBJECTIVES:
        return None
    return (
        f"The {_stated(metrics)} availability is only an objective ({format_value(commitment.value)}). It is "
        "not scored as a commitment, and the downtime it would allow stays unknown below: nothing is owed "
        "when it is missed."
    )


@dataclass(frozen=True)
class PersonaLine:
    label: str
    description: str
    rank: str  # "2 of 12", or "Excluded"
    excluded: str | None  # the must-haves it fails, in words
    unconfirmed: str | None  # must-haves whose fact is unknown
    total: str
    score_range: str
    p_rank1: str | None
    coverage: str


@dataclass(frozen=True)
class FlagLine:
    severity: str
    message: str
    href: str
    guide: str  # the guide section's title
    unknown: bool


@dataclass(frozen=True)
class MetricLine:
    label: str
    value: str
    sentence: str  # the explanation
    same_reason: str = ""  # unknown metrics that are unknown for the reason this line gives


@dataclass(frozen=True)
class ReasonLine:
    """One reason facts are unknown, said once, with every metric it leaves unknown."""

    reason: str
    labels: str  # "Downtime the SLA allows a month, Downtime the SLA allows a year"


@dataclass(frozen=True)
class CategoryLine:
    label: str
    score: str
    score_range: str
    known: str
    # the bar drawn beside the figures, as CSS custom properties (vendor.css): solid to the worst case
    # (--w), hatched to the best (--b), a tick at the score as it stands when it lies between (--s)
    bar: str = ""


@dataclass(frozen=True)
class HistoryLine:
    date: str
    subject: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    headline: str
    freshness: Freshness
    freshness_badge: str  # what is current (the review) and what is not (the coverage)
    freshness_rule: str
    criteria_known: int
    criteria_total: int
    personas: tuple[PersonaLine, ...]
    flags: tuple[FlagLine, ...]
    flag_summary: str  # "1 high, 2 low" or "none"
    caveat: str | None  # why the SLA figures below promise less than they seem to
    metrics: tuple[MetricLine, ...]  # known derived metrics
    unknown_metrics: tuple[ReasonLine, ...]  # the other unknown ones, one line per reason
    unknown_metric_count: int
    groups: tuple[GroupSummary, ...]  # known and unknown criteria per group, for the summary
    asks: tuple[PersonaQuestions, ...]  # per persona: the questions that matter most
    categories: tuple[CategoryLine, ...]
    questions: tuple[QuestionGroup, ...]
    question_count: int
    history: tuple[HistoryLine, ...] | None  # None: no history was read
    history_unavailable: str | None  # why the data has no history (a tarball, a shallow clone...)
    compare_href: str
    matrix_href: str
    methodology_href: str
    questions_href: str  # the vendor index's questions, one per fact


def _sentence(text: str) -> str:
    text = text.removeprefix("Unknown: ").strip()
    return text[:1].upper() + text[1:]


def plain_words(metrics: list[Metric]) -> tuple[tuple[MetricLine, ...], tuple[ReasonLine, ...]]:
    """Known metrics with their explanations, then the unknown ones grouped by reason: each reason
    said once. A reason a known line already gives (Genesys: "No availability is committed...")
    is not repeated; the unknown metrics it explains are named under that line."""
    reasons: dict[str, list[str]] = {}
    for m in metrics:
        if not m.known:
            reasons.setdefault(_sentence(m.explanation), []).append(m.label)
    known = []
    for m in metrics:
        if m.known:
            same = reasons.pop(_sentence(m.explanation), [])
            known.append(MetricLine(m.label, m.display, m.explanation, ", ".join(same)))
    return tuple(known), tuple(ReasonLine(r, ", ".join(labels)) for r, labels in reasons.items())


def _percent(x: float) -> str:
    return "<1%" if 0 < x < 0.005 else f"{x:.0%}"


def _personas(c: Comparison, vid: str) -> tuple[PersonaLine, ...]:
    out = []
    for p in c.board.vendor(vid).personas:
        persona = c.criteria.persona(p.persona)
        failed = "; ".join(m.label for m in p.must_haves if m.status == "fail") or None
        open_ = "; ".join(m.label for m in p.must_haves if m.status == "unconfirmed") or None
        out.append(
            PersonaLine(
                persona.label,
                persona.description,
                f"{c.board.rank_text(vid, p.persona)} of {len(c.board.ranking(p.persona).ranked)}"
                if p.rank
                else "Excluded",
                failed,
                open_,
                f"{p.total:.1f}",
                f"{p.low:.1f}–{p.high:.1f}",
                _percent(c.robust(p.persona).p_rank1(vid)) if p.rank else None,
                f"{p.coverage:.0%}",
            )
        )
    return tuple(out)


def _flags(c: Comparison, vid: str, ctx: RenderContext) -> tuple[FlagLine, ...]:
    titles = {g.link: g.title for g in c.criteria.guide_sections}
    here, out = vendor_uri(vid), []
    for f in c.board.vendor(vid).flags:
        page, _, anchor = f.guide.partition("#")
        href = ctx.href(here, page) + (f"#{anchor}" if anchor else "")
        out.append(FlagLine(f.severity, f.message, href, titles.get(f.guide, "the buying guide"), f.unknown))
    return tuple(out)


def flag_summary(flags) -> str:
    counts = [f"{n} {sev}" for sev in FLAG_SEVERITIES if (n := sum(f.severity == sev for f in flags))]
    return ", ".join(counts) or "none"


def _categories(c: Comparison, vid: str) -> tuple[CategoryLine, ...]:
    v = c.board.vendor(vid)
    lines = []
    for cat in c.criteria.categories:
        scores = [s for s in v.scores if c.criteria.criterion(s.criterion).category == cat.id]
        if scores:
            n = len(scores)
            score, worst = sum(s.score for s in scores) / n, sum(s.worst for s in scores) / n
            best = sum(s.best for s in scores) / n
            lines.append(
                CategoryLine(
                    cat.label,
                    f"{score:.0f}",
                    f"{worst:.0f}–{best:.0f}",
                    f"{sum(s.known for s in scores)} of {n}",
                    bar_style(score, worst, best),
                )
            )
    return tuple(lines)


def _clamp(x: float) -> float:
    return min(100.0, max(0.0, x))


def bar_style(score: float, worst: float, best: float) -> str:
    """A category's bar as CSS custom properties, percentages of its width: '--w:40%;--b:90%'."""
    worst, best, score = _clamp(worst), _clamp(max(best, worst)), _clamp(score)
    style = f"--w:{pct(worst)};--b:{pct(best)}"
    return style + (f";--s:{pct(score)}" if worst < score < best else "")


def overview(c: Comparison, vid: str, ctx: RenderContext, view: VendorView | None = None) -> Overview:
    """Everything above the facts: headline, freshness, scores, flags, metrics, category bars, questions."""
    here = vendor_uri(vid)
    v, vendor = c.board.vendor(vid), c.vendor(vid)
    view = view or vendor_view(vendor)
    metrics = {m.id: m for m in v.metrics}
    derived = [m for m in v.metrics if "." not in m.id]
    categories = _categories(c, vid)
    known, unknown = plain_words(derived)
    fresh, known_n = _freshness(vendor.last_reviewed, c.today, c, vid), sum(s.known for s in v.scores)
    questions = question_groups(vendor, view, ctx.href(here, URIS["vendors"]))
    history = None
    if ctx.history is not None:
        history = tuple(
            HistoryLine(ch.date.isoformat(), ch.subject, tuple(lines))
            for ch, lines in ctx.history.for_vendor(vid, fact_path)
        )
    return Overview(
        headline=headline(metrics, planned_is_maximum(vendor)),
        freshness=fresh,
        freshness_badge=freshness_badge(fresh, vendor.last_reviewed, known_n, len(v.scores)),
        freshness_rule=FRESHNESS_RULE,
        criteria_known=known_n,
        criteria_total=len(v.scores),
        personas=_personas(c, vid),
        flags=_flags(c, vid, ctx),
        flag_summary=flag_summary(v.flags),
        caveat=caveat(metrics),
        metrics=known,
        unknown_metrics=unknown,
        unknown_metric_count=sum(not m.known for m in derived),
        groups=groups(c, vid),
        asks=persona_questions(c, vid),
        categories=categories,
        questions=questions,
        question_count=sum(g.count for g in questions),
        history=history,
        history_unavailable=ctx.history.unavailable if ctx.history is not None else None,
        compare_href=ctx.href(here, URIS["compare"]) + f"#vendors={vid}",
        matrix_href=ctx.href(here, URIS["matrix"]),
        methodology_href=ctx.href(here, URIS["methodology"]),
        questions_href=ctx.href(here, URIS["vendors"]) + "#questions-to-ask-one-per-fact",
    )


# --- the index ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    id: str
    name: str
    href: str
    products: str
    coverage: str  # "5 of 29"
    reviewed: str
    freshness: Freshness
    ranks: tuple[str, ...]  # per persona: "3", or "excluded"
    flags: str  # "1 high, 1 low" or "none"


def index_row(c: Comparison, vid: str, href: str) -> IndexRow:
    v, vendor = c.board.vendor(vid), c.vendor(vid)
    return IndexRow(
        vid,
        v.name,
        href,
        ", ".join(vendor.product_names),
        f"{sum(s.known for s in v.scores)} of {len(v.scores)}",
        vendor.last_reviewed.isoformat(),
        _freshness(vendor.last_reviewed, c.today),
        tuple(c.board.rank_text(vid, p.persona) or "excluded" for p in v.personas),
        flag_summary(v.flags),
    )


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    """The vendor index and one page per vendor."""
    return [index_page(comparison, ctx)] + [vendor_page(comparison, ctx, v) for v in comparison.vendors]


def index_page(comparison: Comparison, ctx: RenderContext) -> Page:
    links = {v.id: ctx.href(URIS["vendors"], vendor_uri(v.id)) for v in comparison.vendors}
    index = sorted(
        (index_row(comparison, v.id, links[v.id]) for v in comparison.vendors),
        key=lambda r: (r.name.lower(), r.id),
    )
    return Page(
        URIS["vendors"],
        ctx.render(
            "pages/vendor_index.html",
            rows=index,
            personas=tuple(p.label for p in comparison.criteria.personas),
            matrix=ctx.href(URIS["vendors"], URIS["matrix"]),
            compare=ctx.href(URIS["vendors"], URIS["compare"]),
            freshness_rule=FRESHNESS_RULE,
            question_sections=question_sections(),
        ),
        search=search.index_text(index),
    )


def vendor_page(comparison: Comparison, ctx: RenderContext, vendor: Vendor) -> Page:
    view = ctx.once("vendor_view", vendor, vendor_view)
    o = overview(comparison, view.id, ctx, view)
    html = ctx.render("pages/vendor.html", vendor=view, o=o)
    return Page(vendor_uri(view.id), html, search=search.vendor_text(view, o))


def fact_counts(ctx: RenderContext, vendor: Vendor) -> tuple[int, int]:
    """(known, total) facts of a vendor, as its page counts them (the data-quality page lists them)."""

    def counts(v: Vendor) -> tuple[int, int]:
        view = ctx.once("vendor_view", v, vendor_view)
        return view.known_facts, view.total_facts

    return ctx.once("fact_counts", vendor, counts)
