"""Tests on one metric, for must-haves, red flags and the guide's `vendors:list` markers.

`TESTS` is the one registry: each `Test` declares the key scoring.yaml writes it under, the type
of its limit, the kinds of metric it can read, when a value meets it, how it reads in words and
how a marker's text gives its limit. The `Condition` record (its fields are the registry's keys),
its checks, scoring, the methodology page and the markers all read it. A new test is one entry
here, plus its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field, create_model

from site_builder.data.checks import Finding
from site_builder.data.model import Record, Seq
from site_builder.data.values import bound_of
from site_builder.scoring.metrics import METRIC_SPECS, Kind, MetricSpec, Value, figure_text
from site_builder.scoring.scales import Loc, did_you_mean, not_a_value


@dataclass(frozen=True)
class Test:
    limit: Any  # the type of the limit in scoring.yaml
    description: str
    fits: tuple[Kind, ...]  # the kinds of metric it reads
    met: Callable[[Any, Any], bool]  # (known value, limit) -> met?
    words: str  # before the limit: 'at least 99.9%'
    verb: str  # between the metric's name and the limit, on the methodology page: 'is one of'
    parse: Callable[[str, MetricSpec], Any]  # a marker's text -> the limit; ValueError: what is wrong


def _number(raw: str, _spec: MetricSpec) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"needs a number (got '{raw}')") from None


def _members(raw: str, _spec: MetricSpec) -> tuple[str, ...]:
    return tuple(v for v in raw.split(",") if v)


def _yes_no_or_choice(raw: str, spec: MetricSpec) -> bool | str:
    return raw == "true" if raw in ("true", "false") and spec.kind != "choice" else raw


TESTS: Mapping[str, Test] = {
    "above": Test(
        float,
        "Met when the value is greater than this.",
        ("number",),
        lambda v, x: v > x,
        "above",
        "above",
        _number,
    ),
    "at_least": Test(
        float,
        "Met when the value is at least this.",
        ("number",),
        lambda v, x: v >= x,
        "at least",
        "at least",
        _number,
    ),
    "below": Test(
        float,
        "Met when the value is less than this.",
        ("number",),
        lambda v, x: v < x,
        "below",
        "below",
        _number,
    ),
    "at_most": Test(
        float,
        "Met when the value is at most this.",
        ("number",),
        lambda v, x: v <= x,
        "at most",
        "at most",
        _number,
    ),
    "equals": Test(
        bool | str,
        "Met when the value equals this (true, false or a choice).",
        ("bool", "choice"),
        lambda v, x: v == x,
        "",
        "is",
        _yes_no_or_choice,
    ),
    "one_of": Test(
        Seq[str],
        "Met when the value is one of these choices.",
        ("choice",),
        lambda v, x: v in x,
        "one of",
        "is one of",
        _members,
    ),
    "includes_any": Test(
        Seq[str],
        "Met when the set holds any of these members.",
        ("set",),
        lambda v, x: any(m in v for m in x),
        "including any of",
        "includes any of",
        _members,
    ),
}


class _ConditionBase(Record):
    """A test on one metric: give `metric` and exactly one of the test keys."""

    metric: str = Field(description="Metric id the test reads.")

    def test(self) -> tuple[str, Any]:
        """(test key, its limit) of a checked condition: `condition_findings` refuses any other
        number of tests than one, so scoring and pages never meet such a condition."""
        given = [(k, getattr(self, k)) for k in TESTS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one test of: {', '.join(TESTS)}")
        return given[0]


if TYPE_CHECKING:
    Condition = _ConditionBase
else:  # one optional field per registered test, in the registry's order
    Condition = create_model(
        "Condition",
        __base__=_ConditionBase,
        __doc__=_ConditionBase.__doc__,
        **{key: (t.limit | None, Field(None, description=t.description)) for key, t in TESTS.items()},
    )


def condition_met(cond: Condition, value: Value) -> bool:
    """Whether a known value meets a must-have or red-flag condition."""
    key, limit = cond.test()
    return TESTS[key].met(value, limit)


FAR = 1e12  # beyond any figure a scale or a test is written for: the open end of a bound


def condition_holds(cond: Condition, value: Value) -> bool | None:
    """Whether a known value meets the condition: for a figure the source gives as a bound ('at least
    99.9'), True when every value the bound allows meets it, False when none does, None when it
    depends on the figure the bound leaves open (a must-have then stays unconfirmed)."""
    bound = bound_of(value)
    if bound is None or not isinstance(value, float | int):
        return condition_met(cond, value)
    far = float(value) + (FAR if bound == "at_least" else -FAR)
    at_limit, beyond = condition_met(cond, float(value)), condition_met(cond, far)
    return at_limit if at_limit == beyond else None


def describe_condition(cond: Condition, unit: str) -> str:
    """A condition in words: 'at least 99.9%', 'one of sla, slo'."""
    key, limit = cond.test()
    if isinstance(limit, tuple):
        shown = ", ".join(limit)
    elif isinstance(limit, (bool, str)):
        shown = figure_text(limit, "")
    else:  # the limit as written, never rounded
        shown = f"{limit:g}%" if unit == "%" else f"{limit:g} {unit}".rstrip()
    return f"{TESTS[key].words} {shown}".strip()


def condition_findings(rule: Condition, loc: Loc) -> list[Finding]:
    """The metric exists, exactly one test is given, it fits the metric's kind, and its limit is a value of it."""
    spec = METRIC_SPECS.get(rule.metric)
    if spec is None:
        return [Finding((*loc, "metric"), did_you_mean(rule.metric, list(METRIC_SPECS), "metric"))]
    given = [k for k in TESTS if getattr(rule, k) is not None]
    if len(given) != 1:
        found = f" (found {', '.join(given)})" if given else ""
        return [Finding(loc, f"give exactly one test of: {', '.join(TESTS)}{found}")]
    test, value = given[0], getattr(rule, given[0])
    if spec.kind not in TESTS[test].fits:
        return [Finding((*loc, test), f"'{test}' does not fit metric '{spec.id}' ({spec.kind})", at_key=True)]
    if spec.kind == "bool" and not isinstance(value, bool):
        return [Finding((*loc, test), f"metric '{spec.id}' is true or false")]
    if spec.kind == "choice" and isinstance(value, bool):
        return [Finding((*loc, test), f"metric '{spec.id}' takes one of: {', '.join(spec.choices or ())}")]
    members = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
    choices = list(spec.choices or ())

    def where(j: int) -> Loc:
        return (*loc, test, j) if isinstance(value, tuple) else (*loc, test)

    return [Finding(where(j), not_a_value(m, spec)) for j, m in enumerate(members) if m not in choices]


def parse_condition(metric: str, key: str, raw: str) -> Condition:
    """A condition from a marker's text (`at_least=99.9`); ValueError says what is wrong with the text."""
    spec = METRIC_SPECS[metric]
    try:
        limit = TESTS[key].parse(raw, spec)
    except ValueError as exc:
        raise ValueError(f"{key} {exc}") from None
    return Condition(metric=metric, **{key: limit})
