"""The scoring declaration: criteria, personas, must-haves, red-flag rules and settings.

Input: scoring.yaml (read with the same loader as vendor files). Output: a frozen `Criteria`
record, or `BuildFailed` whose report places every problem at file:line:col. Field types are
checked by pydantic (through `validate.check_document`); the rules that span fields (metric
ids, scale order, references between sections) are `Finding`s placed with `problem_at`.
The site, the methodology page and the exports all read this one declaration.
"""

from __future__ import annotations

import json
import string
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from site_builder.data.checks import Finding
from site_builder.data.load import display_name, load_file
from site_builder.data.model import INFERRED, EvidenceKind, Record, Seq
from site_builder.data.validate import check_document, problem_at
from site_builder.data.values import Count, NonNegative, Pattern, Range, Slug
from site_builder.errors import BuildFailed, Report
from site_builder.scoring.conditions import Condition, condition_findings
from site_builder.scoring.metrics import METRIC_SPECS
from site_builder.scoring.scales import (
    Scale,
    did_you_mean,
    scale_findings,
    schema_rules,
    structure_findings,
)
from site_builder.scoring.settings import Settings

SCHEMA_ID = "https://example.invalid/ccaas-site-builder/scoring.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=schema/scoring.schema.json"

Score = Annotated[float, Range(0, 100)]
Share = Annotated[float, Range(0, 1)]
Positive = Annotated[int, Range(1)]
GuidePage = Annotated[
    str, Pattern(r"[a-z0-9][a-z0-9/_-]*\.md", "expected a Markdown page path such as 'guide/sla.md'")
]
Direction = Literal["higher", "lower"]
UnknownRule = Literal["worst", "neutral", "best"]
FlagSeverity = Literal["high", "medium", "low"]
FLAG_SEVERITIES: tuple[FlagSeverity, ...] = get_args(
    FlagSeverity
)  # most severe first: the order flags are listed in
Loc = tuple[Any, ...]


class UnknownPolicy(Record):
    """How a criterion whose fact is unknown is scored (it is always shown as unknown)."""

    default: UnknownRule = Field(
        "worst", description="worst (the scale's lowest score), neutral (midway) or best (its highest)."
    )


class Confidence(Record):
    """How much the evidence behind a score is trusted: its kind and its age."""

    evidence_weights: dict[str, Share] = Field(
        description="Trust in each evidence kind, 0-1 (a signed contract 1.0, a marketing page much less). "
        "Every kind of the vendor model must be listed; `inferred` (optional, default 0) is the weight of "
        "a fact a profile marks as read between the lines rather than stated."
    )
    stale_factor: Share = Field(0.5, description="Trust multiplier for evidence older than fresh_days.")
    default_fresh_days: Count | None = Field(
        None, description="Freshness for criteria that declare none; omit for never stale."
    )


class RobustnessSettings(Record):
    """The Monte Carlo over persona weights that tells how solid a ranking is."""

    samples: Annotated[int, Range(100, 1_000_000)] = Field(10_000, description="Weight samples per persona.")
    seed: Count = Field(20211209, description="Random seed; the same seed gives the same figures.")
    concentration: Annotated[float, Range(1)] = Field(
        30.0, description="Dirichlet concentration: higher keeps sampled weights closer to the persona's."
    )


class GuideSection(Record):
    """A section of the buying guide that criteria, must-haves and red flags link to."""

    id: Slug = Field(description="Id that criteria and rules use in `guide:`.")
    title: str = Field(description="Title of the section.", min_length=1)
    page: GuidePage = Field(description="Guide page, relative to docs/, e.g. 'guide/planned-downtime.md'.")
    anchor: Slug | None = Field(None, description="Heading anchor on the page, without '#'.")

    @property
    def link(self) -> str:
        return self.page + (f"#{self.anchor}" if self.anchor else "")


class Category(Record):
    """A group of criteria (shown as a column group in the matrix)."""

    id: Slug = Field(description="Id that criteria use in `category:`.")
    label: str = Field(description="Name shown to readers.", min_length=1)


class Criterion(Record):
    """One scored criterion: the metric it reads and the scale that turns the value into 0-100."""

    id: Slug = Field(description="Identifier used by persona weights.")
    label: str = Field(description="Name shown in the matrix.", min_length=1)
    category: Slug = Field(description="Id of its category.")
    metric: str = Field(description="Id of the metric (derived or raw fact) it reads.")
    direction: Direction | None = Field(
        None, description="higher or lower: which way is better. Required for number scales."
    )
    scale: Scale = Field(description="How the value maps to a score of 0-100.")
    unit: str | None = Field(
        None, description="Unit the value must be in (e.g. USD for prices); other units score as unknown."
    )
    rationale: str = Field(description="Why the criterion matters to a buyer.", min_length=1)
    guide: Slug = Field(description="Id of the guide section that explains it.")
    fresh_days: Count | None = Field(None, description="Days its evidence stays fresh; omit for the default.")
    unknown: UnknownRule | None = Field(None, description="Overrides the unknown policy for this criterion.")


class MustHave(Condition):
    """A knockout requirement: vendors failing it are excluded, unknowns shown as unconfirmed."""

    id: Slug = Field(description="Identifier used by personas (and the site's toggles).")
    label: str = Field(description="The requirement in plain words.", min_length=1)
    guide: Slug = Field(description="Id of the guide section that explains it.")


class RedFlagRule(Condition):
    """A warning raised when the condition is met (or, with `when_unknown`, when the fact is unknown)."""

    id: Slug = Field(description="Identifier of the rule.")
    severity: FlagSeverity = Field(description="high, medium or low.")
    message: str = Field(description="One line for readers; {value} is replaced by the vendor's value.")
    when_unknown: str | None = Field(None, description="Message when the fact is unknown; omit for silence.")
    unknown_severity: FlagSeverity = Field("low", description="Severity of the `when_unknown` flag.")
    guide: Slug = Field(description="Id of the guide section that explains it.")


class Persona(Record):
    """A kind of buyer: weights per criterion and knockout requirements."""

    id: Slug = Field(description="Identifier, e.g. 'enterprise-24x7'.")
    label: str = Field(description="Name shown in the persona switcher.", min_length=1)
    description: str = Field(description="Who this buyer is and what matters to them.", min_length=1)
    weights: dict[str, NonNegative] = Field(description="Criterion id -> weight; unlisted criteria weigh 0.")
    must_haves: Seq[Slug] = Field((), description="Ids of must-haves this buyer requires.")


class Criteria(Record):
    """The whole scoring declaration (scoring.yaml)."""

    version: Literal[1] = Field(description="Format version of this file.")
    settings: Settings = Field(Settings(), description="Assumptions of the derived metrics.")
    unknown_policy: UnknownPolicy = Field(UnknownPolicy(), description="How unknown facts are scored.")
    confidence: Confidence = Field(description="Trust in evidence by kind and age.")
    robustness: RobustnessSettings = Field(
        RobustnessSettings(), description="Monte Carlo over persona weights."
    )
    guide_sections: Seq[GuideSection] = Field(description="Buying-guide sections to link to.", min_length=1)
    categories: Seq[Category] = Field(description="Criterion groups, in display order.", min_length=1)
    criteria: Seq[Criterion] = Field(description="Scored criteria, in display order.", min_length=1)
    must_haves: Seq[MustHave] = Field((), description="Knockout requirements personas can require.")
    red_flags: Seq[RedFlagRule] = Field((), description="Warning rules.")
    personas: Seq[Persona] = Field(description="Weight sets of different buyers.", min_length=1)

    def criterion(self, cid: str) -> Criterion:
        return self._criteria_by_id[cid]

    @cached_property
    def _criteria_by_id(self) -> dict[str, Criterion]:
        """The criteria by id: pages ask for a criterion per vendor and score (~200,000 times at
        500 vendors), so a lookup, not a search."""
        return {c.id: c for c in self.criteria}

    def persona(self, pid: str) -> Persona:
        return next(p for p in self.personas if p.id == pid)

    def guide(self, gid: str) -> GuideSection:
        return next(g for g in self.guide_sections if g.id == gid)

    def fresh_days(self, crit: Criterion) -> int | None:
        """How many days evidence for `crit` stays fresh: its own figure, else the default (None: never stale)."""
        return crit.fresh_days if crit.fresh_days is not None else self.confidence.default_fresh_days


# --- cross-field rules --------------------------------------------------------------------------


def criteria_findings(c: Criteria) -> list[Finding]:
    """Every rule that spans fields of scoring.yaml; each finding is a path and a message."""
    out: list[Finding] = []
    for key in ("guide_sections", "categories", "criteria", "must_haves", "red_flags", "personas"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(c, key)):
            if item.id in seen:
                first = f"{key}[{seen[item.id]}]"
                out.append(Finding((key, i, "id"), f"duplicate id '{item.id}' (first used by {first})"))
            seen.setdefault(item.id, i)
    guides, cats = [g.id for g in c.guide_sections], [k.id for k in c.categories]
    for key in ("criteria", "must_haves", "red_flags"):
        for i, item in enumerate(getattr(c, key)):
            if item.guide not in guides:
                out.append(Finding((key, i, "guide"), did_you_mean(item.guide, guides, "guide section")))
    for i, crit in enumerate(c.criteria):
        if crit.category not in cats:
            out.append(Finding(("criteria", i, "category"), did_you_mean(crit.category, cats, "category")))
        out += _criterion_findings(crit, ("criteria", i))
        spec = METRIC_SPECS.get(crit.metric)
        if spec is not None and spec.unit == "currency" and crit.unit not in (None, c.settings.cost_currency):
            message = (
                f"prices are compared in {c.settings.cost_currency} (settings.cost_currency, the reporting "
                f"currency): the scale must be in {c.settings.cost_currency}, not {crit.unit}"
            )
            out.append(Finding(("criteria", i, "unit"), message))
    for key in ("must_haves", "red_flags"):
        for i, rule in enumerate(getattr(c, key)):
            out += condition_findings(rule, (key, i))
    for i, flag in enumerate(c.red_flags):
        for text, name in ((flag.message, "message"), (flag.when_unknown, "when_unknown")):
            fields = [f for _, f, _, _ in string.Formatter().parse(text or "")]
            bad = [f for f in fields if f not in (None, "value", "label")]
            if bad:
                message = f"unknown placeholder {{{bad[0]}}}; use {{value}} or {{label}}"
                out.append(Finding(("red_flags", i, name), message))
    out += _persona_findings(c)
    kinds = [*get_args(EvidenceKind), INFERRED]
    for kind in c.confidence.evidence_weights:
        if kind not in kinds:
            message = did_you_mean(kind, kinds, "evidence kind")
            out.append(Finding(("confidence", "evidence_weights", kind), message, at_key=True))
    missing = [k for k in kinds if k not in c.confidence.evidence_weights and k != INFERRED]
    if missing:
        message = f"no weight for evidence kind: {', '.join(missing)}"
        out.append(Finding(("confidence", "evidence_weights"), message))
    s = c.settings
    seen_rates: dict[str, int] = {}
    for i, rate in enumerate(s.currency_rates):
        loc = ("settings", "currency_rates", i, "currency")
        if rate.currency == s.cost_currency:
            out.append(
                Finding(loc, f"{rate.currency} is the reporting currency (cost_currency): it needs no rate")
            )
        elif rate.currency in seen_rates:
            first = f"settings.currency_rates[{seen_rates[rate.currency]}]"
            out.append(Finding(loc, f"a second rate for {rate.currency} (first declared at {first})"))
        seen_rates.setdefault(rate.currency, i)
    if s.exit_after_months > s.term_months:
        message = f"exit after {s.exit_after_months} months is beyond the term of {s.term_months}"
        out.append(Finding(("settings", "exit_after_months"), message))
    return out


def _criterion_findings(crit: Criterion, loc: tuple[Any, ...]) -> list[Finding]:
    spec = METRIC_SPECS.get(crit.metric)
    if spec is None:
        return [Finding((*loc, "metric"), did_you_mean(crit.metric, list(METRIC_SPECS), "metric"))]
    scale, sloc = crit.scale, (*loc, "scale")
    out = scale_findings(scale, crit.direction, sloc, spec)
    if out:
        return out
    if spec.unit == "currency" and crit.unit is None:
        return [Finding(loc, f"metric '{spec.id}' is a price: give 'unit', the currency the scale is in")]
    if spec.kind == "number" and crit.direction is None:
        return [Finding(loc, "a number scale needs 'direction: higher' or 'direction: lower'")]
    return structure_findings(scale, crit.direction, sloc, spec)


def _persona_findings(c: Criteria) -> list[Finding]:
    out = []
    ids, musts = [k.id for k in c.criteria], [m.id for m in c.must_haves]
    for i, persona in enumerate(c.personas):
        for key in persona.weights:
            if key not in ids:
                message = did_you_mean(key, ids, "criterion")
                out.append(Finding(("personas", i, "weights", key), message, at_key=True))
        if not any(w > 0 for k, w in persona.weights.items() if k in ids):
            message = "a persona needs at least one criterion with a weight above 0"
            out.append(Finding(("personas", i, "weights"), message))
        for j, mid in enumerate(persona.must_haves):
            if mid not in musts:
                out.append(Finding(("personas", i, "must_haves", j), did_you_mean(mid, musts, "must-have")))
    return out


# --- entry points ---------------------------------------------------------------------------------


def load_criteria(path: Path, display: str | None = None) -> Criteria:
    """Read and check scoring.yaml; raise `BuildFailed` with every problem placed at file:line:col."""
    doc, problems = load_file(path, display or display_name(path))
    if doc is None:
        raise BuildFailed(Report(tuple(sorted(problems))))
    criteria, field_problems = check_document(doc, Criteria)
    if criteria is not None:
        field_problems += [problem_at(doc, f) for f in criteria_findings(criteria)]
    report = Report(tuple(sorted(field_problems)))
    if criteria is None or report.failed():
        raise BuildFailed(report)
    return criteria


@cache
def criteria_json_schema() -> dict[str, Any]:
    """The JSON schema of scoring.yaml, generated from the model (editors complete and check with it)."""
    schema = Criteria.model_json_schema()
    scale = schema["$defs"]["Scale"]
    scale["allOf"] = schema_rules()
    weights = schema["$defs"]["Confidence"]["properties"]["evidence_weights"]
    weights["propertyNames"] = {"enum": [*get_args(EvidenceKind), INFERRED]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def criteria_schema_text() -> str:
    return json.dumps(criteria_json_schema(), indent=2, ensure_ascii=False) + "\n"
