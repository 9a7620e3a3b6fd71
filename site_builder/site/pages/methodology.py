"""The Methodology page: how vendors are scored, generated entirely from scoring.yaml.

Input: a `Comparison` (its `criteria` is the one declaration of scoring). Output: the
`methodology.md` page. Every criterion, persona, must-have and red-flag rule gets an anchor
(`criterion-<id>`, `persona-<id>`, `must-have-<id>`, `red-flag-<id>`) that the matrix, the
vendor pages and the buying guide link to. Nothing here is a hand-kept list: add a criterion to
scoring.yaml and it appears. Texts and figures are formatted here; the template only shows them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from site_builder.comparison import Comparison
from site_builder.data.words import label
from site_builder.scoring.conditions import TESTS, describe_condition
from site_builder.scoring.criteria import (
    Condition,
    Criteria,
    Criterion,
    GuideSection,
    MustHave,
    RedFlagRule,
    Scale,
)
from site_builder.scoring.metrics import METRIC_SPECS, MetricSpec, figure_text, num
from site_builder.site.render import URIS, Page, RenderContext, markdown_html

PAGE = URIS["methodology"]
_BETTER = {
    ("number", "higher"): "Higher is better",
    ("number", "lower"): "Lower is better",
    ("bool", "higher"): "Yes is better",
    ("bool", "lower"): "No is better",
}
_UNKNOWN_WORDS = {"worst": "the scale's worst", "best": "the scale's best", "neutral": "midway"}


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class ScaleView:
    name: str  # breakpoints, thresholds...
    columns: tuple[str, str]
    rows: tuple[tuple[str, str], ...]  # (value or member in words, score)
    note: str  # how values between or beyond the rows are scored


@dataclass(frozen=True)
class CriterionView:
    id: str
    label: str
    category: Link
    metric: str  # the metric's label
    metric_id: str
    unit: str | None  # None for yes/no and vocabulary metrics
    better: str
    scale: ScaleView
    unknown: str
    fresh: str
    rationale: str
    weights: tuple[tuple[Link, str], ...]  # (persona, "10 (8.8%)") for each persona that weighs it
    guide: Link


@dataclass(frozen=True)
class CategoryView:
    id: str
    label: str
    criteria: tuple[CriterionView, ...]


@dataclass(frozen=True)
class WeightRow:
    criterion: Link
    weight: str
    share: str


@dataclass(frozen=True)
class PersonaView:
    id: str
    label: str
    description: str
    must_haves: tuple[Link, ...]
    weights: tuple[WeightRow, ...]  # as declared
    total: str
    unweighted: int  # criteria this persona does not weigh


@dataclass(frozen=True)
class MustHaveView:
    id: str
    label: str
    condition: str
    required_by: tuple[Link, ...]
    guide: Link


@dataclass(frozen=True)
class RedFlagView:
    id: str
    condition: str
    severity: str
    message: str
    when_unknown: str | None
    unknown_severity: str | None
    guide: Link


@dataclass(frozen=True)
class MethodologyView:
    criteria: int
    categories: tuple[CategoryView, ...]
    personas: tuple[PersonaView, ...]
    must_haves: tuple[MustHaveView, ...]
    red_flags: tuple[RedFlagView, ...]
    unknown_default: str  # worst, neutral or best
    unknown_overrides: tuple[tuple[Link, str], ...]  # criteria with their own rule
    evidence: tuple[tuple[str, str, str], ...]  # (kind, weight, weight when stale)
    stale_factor: str
    default_fresh: str
    samples: str
    seed: str
    concentration: str
    spread: str  # how far a criterion of average weight varies, e.g. "18%"
    settings: tuple[tuple[str, str, Markup], ...]  # (setting, value, meaning: the model's description)
    links: dict[str, str]


# --- words for values, scales and conditions ----------------------------------------------------


def member_label(member: str) -> str:
    """A vocabulary value for people: 'best_effort' -> 'Best effort', 'iso27001' -> 'ISO 27001',
    two-letter region codes in capitals ('de' -> 'DE', 'us-gov' -> 'US-gov')."""
    parts = member.split("-")
    if len(parts[0]) == 2 and "_" not in member:
        return "-".join(part.upper() if len(part) == 2 else part for part in parts)
    return label(member)


def metric_label(spec: MetricSpec) -> str:
    """The metric's label with acronyms in capitals ('Recovery: rto' -> 'Recovery: RTO')."""
    return label(spec.label)


def _unit(spec: MetricSpec, crit_unit: str | None, c: Criteria) -> str:
    if spec.unit == "currency":
        return crit_unit or ""
    return c.settings.cost_currency if spec.unit == "cost" else spec.unit


def amount(value: float, unit: str) -> str:
    """A scale value with its unit; a length of time in the unit a person would use (15 min, 3 days)."""
    return figure_text(value, unit)


def scale_view(crit: Criterion, spec: MetricSpec, unit: str) -> ScaleView:
    s: Scale = crit.scale
    rises = crit.direction != "lower"
    e = s.kind.explain(s, rises, lambda value: amount(value, unit), member_label, spec.choices or ())
    return ScaleView(s.kind.words, e.columns, e.rows, e.note)


def condition_words(cond: Condition, c: Criteria) -> str:
    """A must-have or red-flag test in words: 'Planned downtime a quarter above 24 h'."""
    spec = METRIC_SPECS[cond.metric]
    test, limit = cond.test()
    if "number" in TESTS[test].fits:
        return f"{metric_label(spec)} {describe_condition(cond, _unit(spec, None, c))}"
    if isinstance(limit, bool):
        return f"{metric_label(spec)} {TESTS[test].verb} {'yes' if limit else 'no'}"
    members = ", ".join(member_label(m) for m in ((limit,) if isinstance(limit, str) else limit))
    return f"{metric_label(spec)} {TESTS[test].verb} {members}"


def _unknown_words(crit: Criterion, c: Criteria) -> str:
    rule = crit.unknown or c.unknown_policy.default
    outcomes = crit.scale.outcomes()
    score = {"worst": min(outcomes), "best": max(outcomes), "neutral": (min(outcomes) + max(outcomes)) / 2}[
        rule
    ]
    own = f" (this criterion's own rule; the default is {c.unknown_policy.default})" if crit.unknown else ""
    return f"Scores {score:g}, {_UNKNOWN_WORDS[rule]}{own}, and is shown as unknown."


def _fresh_words(crit: Criterion, c: Criteria) -> str:
    if crit.fresh_days is not None:
        return f"{crit.fresh_days} days"
    if c.confidence.default_fresh_days is not None:
        return f"{c.confidence.default_fresh_days} days (the default)"
    return "Never goes stale"


# --- the view ------------------------------------------------------------------------------------


def _guide(section: GuideSection, ctx: RenderContext) -> Link:
    href = ctx.href(PAGE, section.page) + (f"#{section.anchor}" if section.anchor else "")
    return Link(section.title, href)


def _criterion(crit: Criterion, c: Criteria, ctx: RenderContext) -> CriterionView:
    spec = METRIC_SPECS[crit.metric]
    unit = _unit(spec, crit.unit, c)
    weights = []
    for p in c.personas:
        w = p.weights.get(crit.id, 0.0)
        if w > 0:
            weights.append((Link(p.label, f"#persona-{p.id}"), f"{w:g} ({_share(w, p.weights)})"))
    category = next(k for k in c.categories if k.id == crit.category)
    return CriterionView(
        id=crit.id,
        label=crit.label,
        category=Link(category.label, f"#category-{category.id}"),
        metric=metric_label(spec),
        metric_id=spec.id,
        unit=unit or None,
        better=_BETTER.get((spec.kind, crit.direction or ""), "As the scale ranks the values"),
        scale=scale_view(crit, spec, unit),
        unknown=_unknown_words(crit, c),
        fresh=_fresh_words(crit, c),
        rationale=crit.rationale,
        weights=tuple(weights),
        guide=_guide(c.guide(crit.guide), ctx),
    )


def _share(weight: float, weights: dict[str, float]) -> str:
    return f"{100 * weight / sum(weights.values()):.1f}%"


def _persona(pid: str, c: Criteria) -> PersonaView:
    p = c.persona(pid)
    musts = {m.id: m for m in c.must_haves}
    rows = tuple(
        WeightRow(Link(c.criterion(cid).label, f"#criterion-{cid}"), f"{w:g}", _share(w, p.weights))
        for cid, w in p.weights.items()
    )
    return PersonaView(
        id=p.id,
        label=p.label,
        description=p.description,
        must_haves=tuple(Link(musts[m].label, f"#must-have-{m}") for m in p.must_haves),
        weights=rows,
        total=f"{sum(p.weights.values()):g}",
        unweighted=sum(1 for k in c.criteria if p.weights.get(k.id, 0.0) == 0),
    )


def _settings(c: Criteria) -> tuple[tuple[str, str, Markup], ...]:
    s = c.settings
    rows = []
    for name, info in type(s).model_fields.items():
        value = getattr(s, name)
        if name == "downtime_cost_per_hour":
            shown = f"{s.cost_currency} {num(value)}"
        elif name == "currency_rates":  # each rate with its date and source
            rates = [f"1 {r.currency} = {r.rate:g} {s.cost_currency} ({r.source}, {r.as_of})" for r in value]
            shown = "; ".join(rates) or "none declared"
        elif name.endswith("_pct"):
            shown = f"{value:g}%"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = f"{value:g}" if isinstance(value, (int, float)) else str(value)
        rows.append((label(name), shown, markdown_html(info.description) or Markup("")))
    return tuple(rows)


def _must_have(rule: MustHave, c: Criteria, ctx: RenderContext) -> MustHaveView:
    required_by = tuple(Link(p.label, f"#persona-{p.id}") for p in c.personas if rule.id in p.must_haves)
    return MustHaveView(
        rule.id, rule.label, condition_words(rule, c), required_by, _guide(c.guide(rule.guide), ctx)
    )


def _red_flag(rule: RedFlagRule, c: Criteria, ctx: RenderContext) -> RedFlagView:
    name = METRIC_SPECS[rule.metric].label  # what {label} reads in the vendor pages' flags too
    return RedFlagView(
        id=rule.id,
        condition=condition_words(rule, c),
        severity=rule.severity,
        message=rule.message.format(value="…", label=name),
        when_unknown=rule.when_unknown.format(value="unknown", label=name) if rule.when_unknown else None,
        unknown_severity=rule.unknown_severity if rule.when_unknown else None,
        guide=_guide(c.guide(rule.guide), ctx),
    )


def methodology_view(comparison: Comparison, ctx: RenderContext) -> MethodologyView:
    c = comparison.criteria
    crits = {k.id: _criterion(k, c, ctx) for k in c.criteria}
    categories = tuple(
        CategoryView(k.id, k.label, tuple(crits[x.id] for x in c.criteria if x.category == k.id))
        for k in c.categories
    )
    conf, rob = c.confidence, c.robustness
    fresh = conf.default_fresh_days
    return MethodologyView(
        criteria=len(c.criteria),
        categories=categories,
        personas=tuple(_persona(p.id, c) for p in c.personas),
        must_haves=tuple(_must_have(m, c, ctx) for m in c.must_haves),
        red_flags=tuple(_red_flag(r, c, ctx) for r in c.red_flags),
        unknown_default=c.unknown_policy.default,
        unknown_overrides=tuple(
            (Link(k.label, f"#criterion-{k.id}"), k.unknown) for k in c.criteria if k.unknown
        ),
        evidence=tuple(
            (label(kind), f"{w:g}", f"{w * conf.stale_factor:g}") for kind, w in conf.evidence_weights.items()
        ),
        stale_factor=f"{conf.stale_factor:g}",
        default_fresh=f"{fresh} days" if fresh is not None else "never",
        samples=f"{rob.samples:,}",
        seed=str(rob.seed),
        concentration=f"{rob.concentration:g}",
        spread=f"{100 / math.sqrt(rob.concentration):.0f}%",
        settings=_settings(c),
        links={name: ctx.href(PAGE, URIS[name]) for name in ("matrix", "calculator", "quality", "home")}
        | {"metrics": ctx.href(PAGE, "reference/metrics.md")},
    )


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    view = methodology_view(comparison, ctx)
    return [Page(PAGE, ctx.render("pages/methodology.html", m=view))]
