"""The scoring declaration: criteria, personas, must-haves, red-flag rules and settings.

Input: scoring.yaml (read with the same loader as vendor files). Output: a frozen `Criteria`
record, or `BuildFailed` whose report places every problem at file:line:col. Field types are
checked by pydantic (through `validate.check_document`); the rules that span fields (metric
ids, scale order, references between sections) are `Finding`s placed with `problem_at`.
The site, the methodology page and the exports all read this one declaration.
"""

from __future__ import annotations

import difflib
import json
import string
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from site_builder.data.checks import Finding
from site_builder.data.load import display_name, load_file
from site_builder.data.model import INFERRED, EvidenceKind, Record, Seq
from site_builder.data.validate import check_document, problem_at
from site_builder.data.values import Count, Currency, NonNegative, Pattern, Percent, Range, Slug
from site_builder.errors import BuildFailed, Report
from site_builder.scoring.metrics import METRIC_SPECS, MetricSettings

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
ScaleType = Literal["breakpoints", "thresholds", "boolean", "set", "choice"]
FlagSeverity = Literal["high", "medium", "low"]
FLAG_SEVERITIES: tuple[FlagSeverity, ...] = get_args(
    FlagSeverity
)  # most severe first: the order flags are listed in
Loc = tuple[Any, ...]


class Settings(Record):
    """Buyer-side assumptions used by the derived metrics; the cost calculator starts from these."""

    downtime_cost_per_hour: NonNegative = Field(
        500_000.0,
        description="What one hour of downtime costs the buyer (the seed: almost 500,000 USD "
        "for a large 24/7 contact center).",
    )
    cost_currency: Currency = Field("USD", description="Currency of `downtime_cost_per_hour`.")
    credit_scenario_pct: Percent = Field(
        99.0, description="Availability of the 'bad month' used to compute the credit earned (%)."
    )
    named_agents: Positive = Field(100, description="Named agents in the seat mix.")
    concurrent_agents: Positive = Field(70, description="Peak concurrent agents in the seat mix.")
    term_months: Positive = Field(36, description="Contract term the buyer plans for, in months.")
    exit_after_months: Count = Field(18, description="Month of an early exit, for the exit exposure.")
    open_hours_per_week: Annotated[float, Range(1, 168)] = Field(
        168.0, description="Hours a week the contact center is open (168 = around the clock)."
    )
    maintenance_in_open_hours: bool = Field(
        True,
        description="Whether planned-maintenance windows fall in open hours (they cost nothing otherwise).",
    )

    def metric_settings(self) -> MetricSettings:
        return MetricSettings(**self.model_dump())


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


class Robustness(Record):
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


class Point(Record):
    """A breakpoint: `value` scores `score`; values in between are interpolated."""

    value: float = Field(description="Metric value.")
    score: Score = Field(description="Score (0-100) at that value.")


class Step(Record):
    """A threshold: a value at least (direction higher) or at most (lower) `value` scores `score`."""

    value: float = Field(description="Threshold on the metric value.")
    score: Score = Field(description="Score (0-100) when the threshold is met.")


class Scale(Record):
    """Maps a metric value to 0-100. Which keys apply depends on `type`."""

    type: ScaleType = Field(
        description="breakpoints (piecewise linear through points, clamped at the ends), thresholds (first "
        "step met, best first), boolean, set (points per member present) or choice (score per value)."
    )
    points: Seq[Point] | None = Field(None, description="breakpoints: at least two points, increasing value.")
    steps: Seq[Step] | None = Field(None, description="thresholds: steps from the best value down.")
    otherwise: Score | None = Field(
        None,
        description="thresholds: score when no step is met; set/choice: when no listed member matches "
        "(default 0).",
    )
    when_true: Score | None = Field(None, description="boolean: score when the fact is true.")
    when_false: Score | None = Field(None, description="boolean: score when the fact is false.")
    members: dict[str, Score] | None = Field(None, description="set/choice: score per member or value.")
    combine: Literal["sum", "max"] | None = Field(
        None, description="set: add the members' points (capped at 100) or take the best one (default sum)."
    )

    def outcomes(self) -> list[float]:
        """Every score the scale can give; its min and max are the unknown policy's worst and best."""
        other = 0.0 if self.otherwise is None else self.otherwise
        if self.type == "breakpoints":
            return [p.score for p in self.points or ()]
        if self.type == "thresholds":
            return [s.score for s in self.steps or ()] + [other]
        if self.type == "boolean":
            return [x for x in (self.when_true, self.when_false) if x is not None]
        pts = list((self.members or {}).values())
        if self.type == "set" and self.combine != "max":
            return [other, min(100.0, sum(pts)), *pts]
        return [other, *pts]


class Condition(Record):
    """A test on one metric: give `metric` and exactly one of the test keys."""

    metric: str = Field(description="Metric id the test reads.")
    above: float | None = Field(None, description="Met when the value is greater than this.")
    at_least: float | None = Field(None, description="Met when the value is at least this.")
    below: float | None = Field(None, description="Met when the value is less than this.")
    at_most: float | None = Field(None, description="Met when the value is at most this.")
    equals: bool | str | None = Field(
        None, description="Met when the value equals this (true, false or a choice)."
    )
    one_of: Seq[str] | None = Field(None, description="Met when the value is one of these choices.")
    includes_any: Seq[str] | None = Field(None, description="Met when the set holds any of these members.")

    def test(self) -> tuple[str, Any]:
        """(test key, its limit) of a checked condition: `condition_findings` refuses any other
        number of tests than one, so scoring and pages never meet such a condition."""
        given = [(k, getattr(self, k)) for k in TESTS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one test of: {', '.join(TESTS)}")
        return given[0]


TESTS = ("above", "at_least", "below", "at_most", "equals", "one_of", "includes_any")
_TEST_KINDS = {
    "above": "number",
    "at_least": "number",
    "below": "number",
    "at_most": "number",
    "equals": ("bool", "choice"),
    "one_of": "choice",
    "includes_any": "set",
}


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
    robustness: Robustness = Field(Robustness(), description="Monte Carlo over persona weights.")
    guide_sections: Seq[GuideSection] = Field(description="Buying-guide sections to link to.", min_length=1)
    categories: Seq[Category] = Field(description="Criterion groups, in display order.", min_length=1)
    criteria: Seq[Criterion] = Field(description="Scored criteria, in display order.", min_length=1)
    must_haves: Seq[MustHave] = Field((), description="Knockout requirements personas can require.")
    red_flags: Seq[RedFlagRule] = Field((), description="Warning rules.")
    personas: Seq[Persona] = Field(description="Weight sets of different buyers.", min_length=1)

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def persona(self, pid: str) -> Persona:
        return next(p for p in self.personas if p.id == pid)

    def guide(self, gid: str) -> GuideSection:
        return next(g for g in self.guide_sections if g.id == gid)

    def fresh_days(self, crit: Criterion) -> int | None:
        """How many days evidence for `crit` stays fresh: its own figure, else the default (None: never stale)."""
        return crit.fresh_days if crit.fresh_days is not None else self.confidence.default_fresh_days


# --- cross-field rules --------------------------------------------------------------------------


def _hint(name: str, known: list[str], what: str) -> str:
    """ "unknown criterion 'x'; did you mean 'y'?"; `what` may hold {name} to word it differently."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    head = what.format(name=name) if "{name}" in what else f"unknown {what} '{name}'"
    return head + "; " + (f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}")


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
                out.append(Finding((key, i, "guide"), _hint(item.guide, guides, "guide section")))
    for i, crit in enumerate(c.criteria):
        if crit.category not in cats:
            out.append(Finding(("criteria", i, "category"), _hint(crit.category, cats, "category")))
        out += _criterion_findings(crit, ("criteria", i))
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
            message = _hint(kind, kinds, "evidence kind")
            out.append(Finding(("confidence", "evidence_weights", kind), message, at_key=True))
    missing = [k for k in kinds if k not in c.confidence.evidence_weights and k != INFERRED]
    if missing:
        message = f"no weight for evidence kind: {', '.join(missing)}"
        out.append(Finding(("confidence", "evidence_weights"), message))
    s = c.settings
    if s.exit_after_months > s.term_months:
        message = f"exit after {s.exit_after_months} months is beyond the term of {s.term_months}"
        out.append(Finding(("settings", "exit_after_months"), message))
    return out


_SCALE_KEYS = {  # type -> (required keys, optional keys)
    "breakpoints": ({"points"}, set()),
    "thresholds": ({"steps", "otherwise"}, set()),
    "boolean": ({"when_true", "when_false"}, set()),
    "set": ({"members"}, {"combine", "otherwise"}),
    "choice": ({"members"}, {"otherwise"}),
}
_FITS = {
    "number": ("breakpoints", "thresholds"),
    "bool": ("boolean",),
    "set": ("set",),
    "choice": ("choice",),
}


def _criterion_findings(crit: Criterion, loc: tuple[Any, ...]) -> list[Finding]:
    spec = METRIC_SPECS.get(crit.metric)
    if spec is None:
        return [Finding((*loc, "metric"), _hint(crit.metric, list(METRIC_SPECS), "metric"))]
    scale, sloc = crit.scale, (*loc, "scale")
    if scale.type not in _FITS[spec.kind]:
        return [
            Finding(
                (*sloc, "type"),
                f"a {scale.type} scale does not fit metric '{spec.id}' "
                f"({spec.kind}); use {' or '.join(_FITS[spec.kind])}",
            )
        ]
    required, optional = _SCALE_KEYS[scale.type]
    missing = [key for key in sorted(required) if getattr(scale, key) is None]
    out = [Finding(sloc, f"a {scale.type} scale needs '{key}'") for key in missing]
    out += [
        Finding((*sloc, key), f"'{key}' does not belong in a {scale.type} scale", at_key=True)
        for key in Scale.model_fields
        if key != "type" and key not in required | optional and getattr(scale, key) is not None
    ]
    if out:
        return out
    if spec.unit == "currency" and crit.unit is None:
        return [Finding(loc, f"metric '{spec.id}' is a price: give 'unit', the currency the scale is in")]
    if spec.kind == "number" and crit.direction is None:
        return [Finding(loc, "a number scale needs 'direction: higher' or 'direction: lower'")]
    rises = crit.direction != "lower"
    # below, the keys each type requires are present: a missing one returned its finding above
    if scale.type == "breakpoints":
        assert scale.points is not None
        out += _order(scale.points, (*sloc, "points"), rises, increasing_values=True)
        if len(scale.points) < 2:
            out.append(Finding((*sloc, "points"), "a breakpoints scale needs at least two points"))
    elif scale.type == "thresholds":
        assert scale.steps is not None and scale.otherwise is not None
        out += _order(scale.steps, (*sloc, "steps"), rises, increasing_values=not rises)
        if scale.steps and scale.otherwise > scale.steps[-1].score:
            out.append(
                Finding(
                    (*sloc, "otherwise"),
                    f"'otherwise' ({_n(scale.otherwise)}) scores above the "
                    f"last step ({_n(scale.steps[-1].score)})",
                )
            )
    elif scale.type == "boolean" and crit.direction:
        assert scale.when_true is not None and scale.when_false is not None
        if (scale.when_true < scale.when_false) == rises:
            better = "true" if rises else "false"
            message = f"direction is {crit.direction} but when_{better} does not score above the other"
            out.append(Finding(sloc, message))
    elif scale.type in ("set", "choice"):
        assert scale.members is not None
        out += [
            Finding((*sloc, "members", m), _not_a_value(m, spec), at_key=True)
            for m in scale.members
            if m not in (spec.choices or ())
        ]
    return out


def _not_a_value(member: str, spec: Any) -> str:
    return _hint(member, list(spec.choices or ()), f"'{{name}}' is not a value of '{spec.id}'")


def _order(items: tuple[Any, ...], loc: Loc, rises: bool, increasing_values: bool) -> list[Finding]:
    out = []
    for i in range(1, len(items)):
        a, b = items[i - 1], items[i]
        if (b.value <= a.value) if increasing_values else (b.value >= a.value):
            order = "increasing" if increasing_values else "decreasing"
            message = f"values must be in {order} order: {_n(b.value)} follows {_n(a.value)}"
            out.append(Finding((*loc, i, "value"), message))
        elif (b.score < a.score) if increasing_values == rises else (b.score > a.score):
            way, direction = ("rise", "higher") if rises else ("fall", "lower")
            message = (
                f"scores must {way} as the value rises (direction: {direction}): "
                f"{_n(b.score)} follows {_n(a.score)}"
            )
            out.append(Finding((*loc, i, "score"), message))
    return out


def condition_findings(rule: Condition, loc: tuple[Any, ...]) -> list[Finding]:
    spec = METRIC_SPECS.get(rule.metric)
    if spec is None:
        return [Finding((*loc, "metric"), _hint(rule.metric, list(METRIC_SPECS), "metric"))]
    given = [k for k in TESTS if getattr(rule, k) is not None]
    if len(given) != 1:
        found = f" (found {', '.join(given)})" if given else ""
        return [Finding(loc, f"give exactly one test of: {', '.join(TESTS)}{found}")]
    test, value = given[0], getattr(rule, given[0])
    fits = _TEST_KINDS[test]
    if spec.kind not in (fits if isinstance(fits, tuple) else (fits,)):
        message = f"'{test}' does not fit metric '{spec.id}' ({spec.kind})"
        return [Finding((*loc, test), message, at_key=True)]
    if spec.kind == "bool" and not isinstance(value, bool):
        return [Finding((*loc, test), f"metric '{spec.id}' is true or false")]
    if spec.kind == "choice" and isinstance(value, bool):
        return [Finding((*loc, test), f"metric '{spec.id}' takes one of: {', '.join(spec.choices or ())}")]
    members = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
    choices = spec.choices or ()
    where = (lambda j: (*loc, test, j)) if isinstance(value, tuple) else (lambda j: (*loc, test))
    return [Finding(where(j), _not_a_value(m, spec)) for j, m in enumerate(members) if m not in choices]


def _persona_findings(c: Criteria) -> list[Finding]:
    out = []
    ids, musts = [k.id for k in c.criteria], [m.id for m in c.must_haves]
    for i, persona in enumerate(c.personas):
        for key in persona.weights:
            if key not in ids:
                message = _hint(key, ids, "criterion")
                out.append(Finding(("personas", i, "weights", key), message, at_key=True))
        if not any(w > 0 for k, w in persona.weights.items() if k in ids):
            message = "a persona needs at least one criterion with a weight above 0"
            out.append(Finding(("personas", i, "weights"), message))
        for j, mid in enumerate(persona.must_haves):
            if mid not in musts:
                out.append(Finding(("personas", i, "must_haves", j), _hint(mid, musts, "must-have")))
    return out


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


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
    scale["allOf"] = [
        {"if": {"properties": {"type": {"const": t}}}, "then": {"required": sorted(req)}}
        for t, (req, _) in _SCALE_KEYS.items()
    ]
    weights = schema["$defs"]["Confidence"]["properties"]["evidence_weights"]
    weights["propertyNames"] = {"enum": [*get_args(EvidenceKind), INFERRED]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def criteria_schema_text() -> str:
    return json.dumps(criteria_json_schema(), indent=2, ensure_ascii=False) + "\n"
