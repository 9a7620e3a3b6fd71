"""How a criterion turns a metric value into a score of 0-100: one registry entry per scale type.

A `ScaleType` says which kinds of metric it reads, which keys a scale of its type takes, how it
scores a known value, every score it can give (the unknown policy's worst and best come from
these), the checks on its keys, and how the methodology page explains it. `SCALES` is the one
registry: the `type:` values scoring.yaml accepts, its JSON schema, scoring, the checks and the
methodology all read it. A new scale type is one entry here, plus its tests.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import Field

from site_builder.data.checks import Finding
from site_builder.data.model import Record, Seq
from site_builder.data.values import Range
from site_builder.scoring.metrics import Kind, MetricSpec, Value

Score = Annotated[float, Range(0, 100)]
Loc = tuple[Any, ...]


class Point(Record):
    """A breakpoint: `value` scores `score`; values in between are interpolated."""

    value: float = Field(description="Metric value.")
    score: Score = Field(description="Score (0-100) at that value.")


class Step(Record):
    """A threshold: a value at least (direction higher) or at most (lower) `value` scores `score`."""

    value: float = Field(description="Threshold on the metric value.")
    score: Score = Field(description="Score (0-100) when the threshold is met.")


def did_you_mean(name: str, known: list[str], what: str) -> str:
    """ "unknown criterion 'x'; did you mean 'y'?"; `what` may hold {name} to word it differently."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    head = what.format(name=name) if "{name}" in what else f"unknown {what} '{name}'"
    return head + "; " + (f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}")


def number(value: float) -> str:
    """A number as written in scoring.yaml: '5', '99.9'."""
    return str(int(value)) if value == int(value) else str(value)


@dataclass(frozen=True)
class Explanation:
    """A scale for readers: its rows (value or member in words, score) and how the rest scores."""

    columns: tuple[str, str]
    rows: tuple[tuple[str, str], ...]
    note: str


# How the methodology page words a scale value and a member (the site layer owns units and labels).
Amount = Callable[[float], str]
MemberLabel = Callable[[str], str]


@dataclass(frozen=True)
class ScaleType:
    """One kind of scale. `rises`: a higher value is better (direction higher, or none given)."""

    words: str  # its name on the methodology page
    fits: tuple[Kind, ...]  # the kinds of metric it can read
    required: frozenset[str]  # keys a scale of this type needs
    optional: frozenset[str]
    score: Callable[[Scale, bool, Any], float]  # (scale, rises, known value) -> 0-100
    outcomes: Callable[[Scale], list[float]]  # every score it can give
    check: Callable[
        [Scale, str | None, Loc, MetricSpec], list[Finding]
    ]  # rules across its keys, given the direction
    explain: Callable[[Scale, bool, Amount, MemberLabel, tuple[str, ...]], Explanation]

    def allowed(self) -> frozenset[str]:
        return self.required | self.optional


def _other(s: Scale) -> float:
    return 0.0 if s.otherwise is None else s.otherwise


def _order(items: tuple[Any, ...], loc: Loc, rises: bool, increasing_values: bool) -> list[Finding]:
    out = []
    for i in range(1, len(items)):
        a, b = items[i - 1], items[i]
        if (b.value <= a.value) if increasing_values else (b.value >= a.value):
            order = "increasing" if increasing_values else "decreasing"
            message = f"values must be in {order} order: {number(b.value)} follows {number(a.value)}"
            out.append(Finding((*loc, i, "value"), message))
        elif (b.score < a.score) if increasing_values == rises else (b.score > a.score):
            way, direction = ("rise", "higher") if rises else ("fall", "lower")
            message = (
                f"scores must {way} as the value rises (direction: {direction}): "
                f"{number(b.score)} follows {number(a.score)}"
            )
            out.append(Finding((*loc, i, "score"), message))
    return out


def not_a_value(member: str, spec: MetricSpec) -> str:
    """ "'x' is not a value of 'metric'; did you mean 'y'?" for a scale member or a test's limit."""
    return did_you_mean(member, list(spec.choices or ()), f"'{{name}}' is not a value of '{spec.id}'")


def _members_check(s: Scale, _direction: str | None, loc: Loc, spec: MetricSpec) -> list[Finding]:
    return [
        Finding((*loc, "members", m), not_a_value(m, spec), at_key=True)
        for m in s.members or {}
        if m not in (spec.choices or ())
    ]


# --- breakpoints: piecewise linear through points, clamped at the ends ------------------------------


def _breakpoints_score(s: Scale, _rises: bool, value: float) -> float:
    points = s.points or ()
    return float(np.interp(value, [p.value for p in points], [p.score for p in points]))


def _breakpoints_check(s: Scale, direction: str | None, loc: Loc, _spec: MetricSpec) -> list[Finding]:
    points = s.points or ()
    out = _order(points, (*loc, "points"), direction != "lower", increasing_values=True)
    if len(points) < 2:
        out.append(Finding((*loc, "points"), "a breakpoints scale needs at least two points"))
    return out


def _breakpoints_explain(
    s: Scale, _rises: bool, amount: Amount, _label: MemberLabel, _c: tuple[str, ...]
) -> Explanation:
    rows = tuple((amount(p.value), f"{p.score:g}") for p in s.points or ())
    note = (
        f"Between two rows the score is interpolated on a straight line; below {rows[0][0]} it stays "
        f"{rows[0][1]}, above {rows[-1][0]} it stays {rows[-1][1]}."
    )
    return Explanation(("Value", "Score"), rows, note)


# --- thresholds: the first step met, best first ----------------------------------------------------


def _thresholds_score(s: Scale, rises: bool, value: float) -> float:
    for step in s.steps or ():
        if (value >= step.value) if rises else (value <= step.value):
            return step.score
    return _other(s)


def _thresholds_check(s: Scale, direction: str | None, loc: Loc, _spec: MetricSpec) -> list[Finding]:
    steps, rises = s.steps or (), direction != "lower"
    out = _order(steps, (*loc, "steps"), rises, increasing_values=not rises)
    if steps and _other(s) > steps[-1].score:
        message = f"'otherwise' ({number(_other(s))}) scores above the last step ({number(steps[-1].score)})"
        out.append(Finding((*loc, "otherwise"), message))
    return out


def _thresholds_explain(
    s: Scale, rises: bool, amount: Amount, _label: MemberLabel, _c: tuple[str, ...]
) -> Explanation:
    word = "at least" if rises else "at most"
    rows = tuple((f"{word} {amount(t.value)}", f"{t.score:g}") for t in s.steps or ())
    rows += (("anything else", f"{_other(s):g}"),)
    return Explanation(("Value", "Score"), rows, "The first row the value meets gives the score.")


# --- boolean: a score for yes and one for no --------------------------------------------------------


def _boolean_score(s: Scale, _rises: bool, value: bool) -> float:
    return float((s.when_true if value else s.when_false) or 0.0)


def _boolean_check(s: Scale, direction: str | None, loc: Loc, _spec: MetricSpec) -> list[Finding]:
    rises = direction != "lower"
    if (
        direction is None
        or s.when_true is None
        or s.when_false is None
        or (s.when_true < s.when_false) != rises
    ):
        return []
    better = "true" if rises else "false"
    return [Finding(loc, f"direction is {direction} but when_{better} does not score above the other")]


def _boolean_explain(
    s: Scale, _rises: bool, _amount: Amount, _label: MemberLabel, _c: tuple[str, ...]
) -> Explanation:
    return Explanation(("Value", "Score"), (("yes", f"{s.when_true:g}"), ("no", f"{s.when_false:g}")), "")


# --- set: points per member present; choice: a score per value --------------------------------------


def _set_score(s: Scale, _rises: bool, value: tuple[str, ...]) -> float:
    members = s.members or {}
    hits = [members[m] for m in value if m in members]
    if not hits:
        return _other(s)
    return max(hits) if s.combine == "max" else min(100.0, sum(hits))


def _set_outcomes(s: Scale) -> list[float]:
    points = list((s.members or {}).values())
    if s.combine == "max":
        return [_other(s), *points]
    return [_other(s), min(100.0, sum(points)), *points]


def _set_explain(
    s: Scale, _rises: bool, _amount: Amount, label: MemberLabel, choices: tuple[str, ...]
) -> Explanation:
    members = s.members or {}
    rows = (*((label(m), f"{p:g}") for m, p in members.items()), ("none of these", f"{_other(s):g}"))
    if s.combine == "max":
        note = "The best member the vendor has gives the score."
    else:
        note = "The points of every member the vendor has are added, up to 100."
    rest = [label(m) for m in choices if m not in members]
    if rest:
        note += f" Other values ({', '.join(rest)}) add nothing."
    return Explanation(("Member", "Points"), rows, note)


def _choice_score(s: Scale, _rises: bool, value: str) -> float:
    return (s.members or {}).get(value, _other(s))


def _choice_explain(
    s: Scale, _rises: bool, _amount: Amount, label: MemberLabel, choices: tuple[str, ...]
) -> Explanation:
    members = s.members or {}
    rows = tuple((label(m), f"{p:g}") for m, p in members.items())
    rest = [label(m) for m in choices if m not in members]
    if rest:  # values the scale does not list score `otherwise`
        rows += ((f"any other value ({', '.join(rest)})", f"{_other(s):g}"),)
    return Explanation(("Value", "Score"), rows, "")


SCALES: Mapping[str, ScaleType] = {
    "breakpoints": ScaleType(
        "breakpoints",
        ("number",),
        frozenset({"points"}),
        frozenset(),
        _breakpoints_score,
        lambda s: [p.score for p in s.points or ()],
        _breakpoints_check,
        _breakpoints_explain,
    ),
    "thresholds": ScaleType(
        "thresholds",
        ("number",),
        frozenset({"steps", "otherwise"}),
        frozenset(),
        _thresholds_score,
        lambda s: [*(t.score for t in s.steps or ()), _other(s)],
        _thresholds_check,
        _thresholds_explain,
    ),
    "boolean": ScaleType(
        "yes or no",
        ("bool",),
        frozenset({"when_true", "when_false"}),
        frozenset(),
        _boolean_score,
        lambda s: [x for x in (s.when_true, s.when_false) if x is not None],
        _boolean_check,
        _boolean_explain,
    ),
    "set": ScaleType(
        "points per member",
        ("set",),
        frozenset({"members"}),
        frozenset({"combine", "otherwise"}),
        _set_score,
        _set_outcomes,
        _members_check,
        _set_explain,
    ),
    "choice": ScaleType(
        "score per value",
        ("choice",),
        frozenset({"members"}),
        frozenset({"otherwise"}),
        _choice_score,
        lambda s: [_other(s), *(s.members or {}).values()],
        _members_check,
        _choice_explain,
    ),
}

if TYPE_CHECKING:
    ScaleName = str
else:
    ScaleName = Literal[tuple(SCALES)]  # the `type:` values scoring.yaml accepts, from the registry


class Scale(Record):
    """Maps a metric value to 0-100. Which keys apply depends on `type`."""

    type: ScaleName = Field(
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

    @property
    def kind(self) -> ScaleType:
        return SCALES[self.type]

    def outcomes(self) -> list[float]:
        """Every score the scale can give; its min and max are the unknown policy's worst and best."""
        return self.kind.outcomes(self)

    def score(self, direction: str | None, value: Value) -> float:
        """The 0-100 score of a known value."""
        return self.kind.score(self, direction != "lower", value)


def scale_findings(scale: Scale, direction: str | None, loc: Loc, spec: MetricSpec) -> list[Finding]:
    """Whether the scale fits its metric, has the keys its type needs (and no others), and is ordered."""
    kind = scale.kind
    if spec.kind not in kind.fits:
        fitting = [name for name, t in SCALES.items() if spec.kind in t.fits]
        message = (
            f"a {scale.type} scale does not fit metric '{spec.id}' ({spec.kind}); use {' or '.join(fitting)}"
        )
        return [Finding((*loc, "type"), message)]
    out = [
        Finding(loc, f"a {scale.type} scale needs '{key}'")
        for key in sorted(kind.required)
        if getattr(scale, key) is None
    ]
    out += [
        Finding((*loc, key), f"'{key}' does not belong in a {scale.type} scale", at_key=True)
        for key in Scale.model_fields
        if key != "type" and key not in kind.allowed() and getattr(scale, key) is not None
    ]
    return out


def structure_findings(scale: Scale, direction: str | None, loc: Loc, spec: MetricSpec) -> list[Finding]:
    """The type's own rules across its keys (order of points and steps, members of the metric)."""
    return scale.kind.check(scale, direction, loc, spec)


def schema_rules() -> list[dict[str, Any]]:
    """JSON-schema `allOf` rules: a scale of each type requires that type's keys."""
    return [
        {"if": {"properties": {"type": {"const": name}}}, "then": {"required": sorted(t.required)}}
        for name, t in SCALES.items()
    ]
