"""What a metric is (`Metric`, `MetricSpec`), the time constants and how numbers read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from site_builder.data.model import (
    Vendor,
)
from site_builder.data.values import bound_of, readable
from site_builder.data.words import duration_text, share_text
from site_builder.scoring.settings import Settings

HOURS_PER_YEAR = 365.2425 * 24
HOURS_PER_MONTH = HOURS_PER_YEAR / 12
PERIOD_HOURS = {"month": HOURS_PER_MONTH, "quarter": 3 * HOURS_PER_MONTH, "year": HOURS_PER_YEAR}
WINDOWS_PER_QUARTER = {"day": 84, "week": 12, "month": 3, "quarter": 1, "year": 0.25}

Kind = Literal["number", "bool", "set", "choice"]
Value = float | bool | str | tuple[str, ...] | None


@dataclass(frozen=True)
class Metric:
    """One metric of one vendor. `value` None means unknown."""

    id: str
    label: str
    unit: str
    kind: Kind
    value: Value
    sources: tuple[str, ...]
    explanation: str
    as_of: date | None = None
    shown: str | None = None  # words for a value whose number alone would mislead ("not affected")
    inferred: str | None = None  # the reasoning, when the value rests on a fact read between the lines

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return self.shown or figure_text(self.value, self.unit)


class Reading(NamedTuple):
    """What a metric's function returns: the value (None: unknown), the ids of the sources it rests
    on and its explanation; optionally the date it holds as of, words for a value whose number alone
    would mislead, and the reasoning when it rests on a fact read between the lines. A function
    returns the first three, or more when it has them."""

    value: Value
    sources: tuple[str, ...] | list[str]
    explanation: str
    as_of: date | None = None
    shown: str | None = None
    inferred: str | None = None


@dataclass(frozen=True)
class MetricSpec:
    """The declaration of a metric: what scoring.yaml may reference, and how it is computed."""

    id: str
    label: str
    unit: str  # "currency": a price, converted to the reporting currency (settings.cost_currency)
    kind: Kind
    choices: tuple[str, ...] | None
    compute: Callable[[Vendor, Settings], tuple[Any, ...]]


def num(x: float) -> str:
    """A number for people: thousands separators from 1,000, else 4 (from 10) or 3 significant digits."""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}" if abs(x) >= 10 else f"{x:.3g}"


_TO_HOURS = {"h": 1.0, "min": 1 / 60, "days": 24.0}


def figure_text(value: Value, unit: str) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(readable(v) for v in value) if value else "none"
    if isinstance(value, str):
        return readable(value)
    bound = bound_of(value)
    if bound:  # 'at least 99.9%', 'at most USD 4,382,910': the bound first, then the figure as usual
        return f"{bound.replace('_', ' ')} {figure_text(float(value), unit)}"
    if unit == "%":
        return share_text(value)
    if unit in _TO_HOURS:  # a length of time, in the unit a person would use: 26 s, 30 days
        return f"0 {unit}" if value == 0 else duration_text(value * _TO_HOURS[unit])
    if len(unit) == 3 and unit.isupper():
        return f"{unit} {num(value)}"
    return f"{num(value)} {unit}".rstrip()


def _uniq(*ids: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return tuple(out)


def _known(x: float | None) -> float:
    """A figure the caller has already filtered for being known (the key of a min or max)."""
    if x is None:
        raise ValueError("an unknown figure where only known ones were kept")
    return x
