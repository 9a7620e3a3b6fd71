"""Derived metrics: the facts a buyer cannot see at a glance, computed from one vendor profile.

Input: a `Vendor` and `Settings` (cost of an hour down, seat mix, term). Output: frozen
`Metric` records, each with its unit, value (None = unknown, never 0 or "no"), the ids of the
sources it rests on and a plain-words explanation. Criteria in scoring.yaml read metric ids
only: the derived metrics below (short ids such as `planned_downtime_quarter_h`) and every
scalar fact of the vendor model, generated from the model as `section.field` (e.g.
`pricing.taxes_included`; `sla.tier.*` reads the headline tier, the one with the highest
availability). Durations become hours. Pure: no I/O.

Calendar conventions (the browser calculator uses the same numbers):
- Availability: a month is the mean Gregorian month, 365.2425 / 12 = 30.436875 days
  (730.485 h); a quarter is three such months; a year is 8,765.82 h. 99.99% a month therefore
  allows 0.0001 x 730.485 h = 4.38 minutes.
- Planned maintenance: counted on the seed's planning calendar of 7 days a week, 4 weeks a
  month, 3 months (12 weeks) a quarter and 4 quarters a year. This is how the seed counts
  "5 x 1 hour a week = 60 hours a quarter". It understates weekly and daily windows by about
  8% against a 13-week calendar quarter, which errs in the vendor's favour, never against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, NamedTuple, get_args, get_origin

from pydantic import BaseModel

from site_builder.data.checks import LOG4SHELL_DISCLOSED
from site_builder.data.model import (
    PROVENANCE,
    SECTIONS,
    Component,
    CreditStep,
    Downtime,
    HoursWindow,
    Log4j,
    Pricing,
    SlaTier,
    Support,
    Vendor,
)
from site_builder.data.values import Duration, MonthDate, readable
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
        return self.shown or format_value(self.value, self.unit)


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
    unit: str  # "currency" means the profile's pricing currency
    kind: Kind
    choices: tuple[str, ...] | None
    compute: Callable[[Vendor, Settings], tuple[Any, ...]]


def num(x: float) -> str:
    """A number for people: thousands separators from 1,000, else 4 (from 10) or 3 significant digits."""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}" if abs(x) >= 10 else f"{x:.3g}"


def format_value(value: Value, unit: str) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(readable(v) for v in value) if value else "none"
    if isinstance(value, str):
        return readable(value)
    if unit == "%":
        return f"{value:.5g}%"
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


# --- SLA ---------------------------------------------------------------------------------------


def tier_availability(tier: SlaTier) -> tuple[float | None, str]:
    """The tier's committed availability, else its lowest component target (the cautious reading)."""
    if tier.availability_pct is not None:
        return tier.availability_pct, f"The {tier.name} tier commits to {tier.availability_pct:g}%"
    known = [c for c in tier.components or () if c.availability_pct is not None]
    if not known:
        return None, ""
    low = min(known, key=lambda c: _known(c.availability_pct))
    if len(tier.components or ()) == 1:
        return low.availability_pct, (
            f"The {tier.name} tier states no overall figure; its only component on record, {low.name}, "
            f"targets {low.availability_pct:g}%"
        )
    return low.availability_pct, (
        f"The {tier.name} tier states no overall figure; its lowest component target is "
        f"{low.availability_pct:g}% ({low.name})"
    )


def headline_component(tier: SlaTier) -> Component | None:
    """The component whose target stands for a tier that states no figure of its own."""
    if tier.availability_pct is not None:
        return None
    known = [c for c in tier.components or () if c.availability_pct is not None]
    return min(known, key=lambda c: _known(c.availability_pct)) if known else None


OBJECTIVES = ("slo", "best_effort")


def headline_tier(vendor: Vendor) -> SlaTier | None:
    """The tier with the highest committed availability: a contractual tier before an objective
    however high the objective, then the highest figure (the first listed on a tie or when none
    has one). Only tiers about the compared product count."""
    tiers = tuple(t for t in vendor.sla.tiers if vendor.compared(t.covers)) if vendor.sla else ()
    if not tiers:
        return None

    def key(t: SlaTier) -> tuple[bool, float]:
        pct = tier_availability(t)[0]
        return t.commitment not in OBJECTIVES, pct if pct is not None else -1.0

    return max(tiers, key=key)


def objective_tier(vendor: Vendor) -> SlaTier | None:
    """The headline tier when its figure is only an objective (SLO, best effort): nothing is committed."""
    tier = headline_tier(vendor)
    return tier if tier is not None and tier.commitment in OBJECTIVES else None


def _objective_text(tier: SlaTier, pct: float | None) -> str:
    kind = (tier.commitment or "").replace("_", " ")
    figure = (
        f"The {tier.name} tier's {pct:g}%"
        if pct is not None
        else f"The {tier.name} tier (no figure on record)"
    )
    return (
        f"no availability is committed. {figure} is only an objective ({kind}), "
        "not a contractual SLA, so nothing is owed when it is missed."
    )


def planned_is_maximum(vendor: Vendor) -> bool:
    """Whether the planned downtime is a contract's monthly maximum rather than a schedule of windows:
    scored in full (the cautious reading) but read as "up to"."""
    d = vendor.downtime
    return d is not None and d.planned_windows is None and d.max_planned_per_month is not None


def _tier_src(vendor: Vendor, tier: SlaTier, name: str) -> str | None:
    return tier.source_for(name, vendor.sla.source if vendor.sla else None)


def _availability(v: Vendor, s: Settings):
    tier = headline_tier(v)
    pct, words = tier_availability(tier) if tier else (None, "")
    if tier is None or pct is None:
        return None, (), "Unknown: no availability commitment is recorded" + "."
    if tier.availability_pct is None:
        low = headline_component(tier)
        assert low is not None  # the tier states no figure, so `pct` is this component's target
        src = low.source_for("availability_pct", _tier_src(v, tier, "components"))
    else:
        src = _tier_src(v, tier, "availability_pct")
    if tier.commitment in OBJECTIVES:
        # An objective is a figure the vendor aims at, not one it owes: it never scores or counts
        # as a commitment, and the figures derived from it stay unknown for the same reason.
        sources = _uniq(src, _tier_src(v, tier, "commitment"))
        return None, sources, "Unknown: " + _objective_text(tier, pct), None, "none (only an objective)"
    period = f"measured per {tier.measurement_period}" if tier.measurement_period else "period not stated"
    return pct, _uniq(src), f"{words} ({period})."


BREACH_WORDS = "none: every minute down is a breach"


def _sla_backed(v: Vendor, s: Settings):
    """The committed availability when the profile says it is a contractual SLA with credits; an
    unknown kind of commitment leaves it unknown (the figure may be owed, or only aimed at)."""
    pct, src, text, *_ = _availability(v, s)
    tier = headline_tier(v)
    objective = objective_tier(v)
    if objective is not None:  # known: nothing is backed (0%, said in words)
        words = _objective_text(objective, tier_availability(objective)[0])
        return 0.0, src, words[:1].upper() + words[1:], None, "none (only an objective)"
    if pct is None or tier is None or tier.commitment == "sla":  # a known figure has a tier
        return pct, src, text
    return (
        None,
        (),
        (
            f"Unknown: {tier.name} states {pct:g}%, but whether it is a contractual SLA with credits is not on record."
        ),
    )


def _committed(v: Vendor, s: Settings) -> tuple[float | None, tuple[str, ...], str]:
    """The committed availability for the metrics derived from it; when it is unknown, why."""
    pct, src, text, *_ = _availability(v, s)
    if pct is None and objective_tier(v) is None:
        text = "Unknown: the availability commitment is not known."
    return pct, (src if pct is not None else ()), text


def _allowed(v: Vendor, s: Settings, months: int):
    """Allowed downtime in minutes for one average month, in hours for 12 months."""
    pct, src, why = _committed(v, s)
    tier = headline_tier(v)
    if pct is None or tier is None:  # a known commitment is the headline tier's
        return None, (), why
    if tier.measurement_period in ("event", "session"):
        return (
            None,
            (),
            (
                f"Unknown: {pct:g}% is measured per {tier.measurement_period}, not over a calendar period, "
                "so it sets no monthly or yearly allowance."
            ),
        )
    span = "an average month (30.44 days)" if months == 1 else "a year (365.24 days)"
    if pct == 100:
        text = f"100% availability allows no downtime in {span}: every minute down is a breach of the SLA."
        return 0.0, src, text, None, BREACH_WORDS
    hours = (100 - pct) / 100 * HOURS_PER_MONTH * months
    amount, unit = (hours * 60, "minutes") if months == 1 else (hours, "hours")
    text = f"{pct:g}% availability allows up to {num(amount)} {unit} of downtime in {span}."
    return amount, src, text


def _longest_outage(v: Vendor, s: Settings):
    tier = headline_tier(v)
    pct, src, why = _committed(v, s)
    if pct is None and objective_tier(v) is not None:
        return None, (), why
    if pct is None or tier is None or tier.measurement_period is None:
        return None, (), "Unknown: needs both the availability and the period it is measured over."
    if tier.measurement_period not in PERIOD_HOURS:
        return (
            None,
            (),
            f"Unknown: {pct:g}% is measured per {tier.measurement_period}, whose length is not fixed.",
        )
    hours = (100 - pct) / 100 * PERIOD_HOURS[tier.measurement_period]
    src = _uniq(*src, _tier_src(v, tier, "measurement_period"))
    if pct == 100:
        text = f"Measured per {tier.measurement_period}, 100% allows no outage at all: every minute down is a breach."
        return 0.0, src, text, None, BREACH_WORDS
    return (
        hours,
        src,
        (
            f"Measured per {tier.measurement_period}, {pct:g}% still holds after a single "
            f"outage of {num(hours)} hours in one {tier.measurement_period}."
        ),
    )


def _planned(v: Vendor, s: Settings, quarters: float = 1):
    d: Downtime | None = v.downtime
    span = "a quarter" if quarters == 1 else "a year"
    if d is None:
        return None, (), "Unknown: planned maintenance is not described."
    if d.planned_windows is not None:
        down = [w for w in d.planned_windows if w.service_unavailable is not False]
        hours = sum(w.count * w.duration.hours * WINDOWS_PER_QUARTER[w.per] for w in down) * quarters
        parts = [f"{w.count} x {w.duration.words} per {w.per}" for w in down]
        text = " + ".join(parts) if parts else "no window with the service down"
        return (
            hours,
            _uniq(d.source_for("planned_windows")),
            (
                f"Planned downtime of {text} comes to {num(hours)} hours in {span} "
                "(counting 12 weeks a quarter, the seed's convention)."
            ),
        )
    if d.max_planned_per_month is not None:
        hours = d.max_planned_per_month.hours * 3 * quarters
        return (
            hours,
            _uniq(d.source_for("max_planned_per_month")),
            (
                f"No windows are listed, but the contract allows up to {d.max_planned_per_month.words} of "
                f"planned downtime a month: up to {num(hours)} hours in {span}."
            ),
            None,
            f"up to {format_value(hours, 'h')}",
        )  # see planned_is_maximum
    return None, (), "Unknown: the planned-maintenance windows are not known."


def maintenance_excluded(v: Vendor) -> tuple[bool | None, tuple[str, ...]]:
    """Whether planned maintenance falls outside the SLA's downtime (True), counts (False) or unknown."""
    tier, d = headline_tier(v), v.downtime
    if d is not None and d.counts_against_sla is not None:
        return (not d.counts_against_sla), _uniq(d.source_for("counts_against_sla"))
    if tier is not None and tier.exclusions is not None:
        if "planned_maintenance" in tier.exclusions:
            return True, _uniq(_tier_src(v, tier, "exclusions"))
        if not tier.exclusions:  # known to exclude nothing at all
            return False, _uniq(_tier_src(v, tier, "exclusions"))
    # An exclusion list that does not mention maintenance says nothing about it: unknown, not "no".
    return None, ()


def _excluded(v: Vendor, s: Settings):
    value, src = maintenance_excluded(v)
    words = {True: "does not count", False: "counts", None: "unknown whether it counts"}[value]
    return value, src, f"Planned maintenance {words} as downtime under the SLA."


def _effective(v: Vendor, s: Settings):
    pct, src, why = _committed(v, s)
    quarter, psrc, *_ = _planned(v, s)
    up_to = planned_is_maximum(v)  # what is left after a monthly maximum is a floor
    excluded, esrc = maintenance_excluded(v)
    if pct is None:
        return None, (), why
    if quarter == 0 or excluded is False:
        why = "no planned downtime" if quarter == 0 else "planned maintenance counts against the SLA"
        return pct, _uniq(*src, *psrc, *esrc), f"{pct:g}%: {why}, so the SLA figure is what you live with."
    if quarter is None or excluded is None:
        return None, (), "Unknown: needs the planned downtime and whether the SLA excludes it."
    month = quarter / 3
    eff = pct - 100 * month / HOURS_PER_MONTH
    most = "up to " if up_to else ""
    return (
        eff,
        _uniq(*src, *psrc, *esrc),
        (
            f"The SLA excludes planned maintenance: {pct:g}% minus {most}{num(month)} hours of maintenance a month "
            f"(of 730.49) leaves {'at least ' if up_to else ''}{eff:.3f}% that the contact center actually lives with."
        ),
        None,
        (f"at least {format_value(eff, '%')}" if up_to else None),
    )


def _steps_at(
    credits: tuple[CreditStep, ...] | None, partial: bool | None, cap: float | None, availability: float
) -> tuple[float | None, str, bool]:
    """Credit (% of its base) one credit table pays for a month at `availability`: (value, why, is a
    floor). A duration-based table (no thresholds) pays its smallest step, the worst case, since a
    month's downtime may come as short outages; a table captured in part pays at least its step."""
    if credits is None:
        return None, "the credit table is not known", False
    if credits and all(c.below_pct is None for c in credits):
        # By outage length: a bad month's downtime may come as short outages, so only a step that any
        # outage earns (no minimum length) is certain; a longer outage may earn more.
        rows = "; ".join(
            f"{c.credit_pct:g}% {c.label or ''}".strip() for c in credits if c.credit_pct is not None
        )
        anyone = [c.credit_pct for c in credits if c.min_outage is None and c.credit_pct is not None]
        if not anyone:
            return (
                None,
                f"credits depend on how long each outage lasts ({rows or 'amounts not known'})",
                False,
            )
        low, high = min(anyone), max(c.credit_pct for c in credits if c.credit_pct is not None)
        return low, f"by outage length: {rows}; {low:g}% is certain", high > low
    steps = [c for c in credits if c.below_pct is not None and availability < c.below_pct]
    if not steps:
        if partial:
            return (
                None,
                "the credit table was captured only in part, and no captured row covers this level",
                False,
            )
        return 0.0, "no credit step applies", False
    step = min(steps, key=lambda c: _known(c.below_pct))
    if step.credit_pct is None and step.credit_days is not None:
        # Extra service time: days of a 30.44-day month, as a share of the monthly fee.
        pct = 100 * step.credit_days / (HOURS_PER_MONTH / 24)
        return (
            pct,
            f"{step.credit_days:g} days of service below {step.below_pct:g}%, {pct:.3g}% of a month",
            False,
        )
    if step.credit_pct is None:
        return None, f"the credit below {step.below_pct:g}% is not known", False
    if cap is not None and cap < step.credit_pct:
        return cap, f"{step.credit_pct:g}% below {step.below_pct:g}%, capped at {cap:g}%", False
    if partial:
        return (
            step.credit_pct,
            f"at least {step.credit_pct:g}% below {step.below_pct:g}% (table captured in part)",
            True,
        )
    return step.credit_pct, f"{step.credit_pct:g}% below {step.below_pct:g}%", False


def credit_at(tier: SlaTier, availability: float) -> tuple[float | None, str]:
    """Credit (% of the credit base) for a month at `availability`: the tier's own table and cap, and
    the table of the component its headline figure comes from; the larger applies."""
    value, why, _floor = credit_reading(tier, availability)
    return value, why


def credit_reading(tier: SlaTier, availability: float) -> tuple[float | None, str, bool]:
    """`credit_at` with whether the value is a floor (a partial table, outage-length steps)."""
    if tier.credit_unit in ("event_fee_pct", "fixed_amount"):
        what = "a share of an event's fees" if tier.credit_unit == "event_fee_pct" else "a fixed amount"
        return None, f"credits are {what}, not a share of the monthly fee", False
    own = _steps_at(tier.credits, tier.credits_partial, tier.credit_cap_pct, availability)
    comp = headline_component(tier)
    if comp is None or comp.credits is None or comp.availability_pct is None:  # the last: never
        return own
    if availability >= comp.availability_pct:
        theirs: tuple[float | None, str, bool] = (
            0.0,
            f"{comp.name} meets its {comp.availability_pct:g}% target",
            False,
        )
    else:
        theirs = _steps_at(comp.credits, comp.credits_partial, tier.credit_cap_pct, availability)
        theirs = (theirs[0], f"{comp.name} ({comp.availability_pct:g}%): {theirs[1]}", theirs[2])
    if own[0] is None and tier.credits is None:
        return theirs
    known = [r for r in (own, theirs) if r[0] is not None]
    if not known:
        return None, f"{own[1]}; {theirs[1]}", False
    best = max(known, key=lambda r: _known(r[0]))
    if len(known) == 1 and best is own and own[0] == 0:
        return None, theirs[1], False  # nothing from the tier, the component's credit unknown
    return best


def _credit(v: Vendor, s: Settings):
    tier = headline_tier(v)
    if tier is None:
        return None, (), "Unknown: no SLA is recorded" + "."
    value, why, floor = credit_reading(tier, s.credit_scenario_pct)
    cap_src = _tier_src(v, tier, "credit_cap_pct") if tier.credit_cap_pct else None
    comp = headline_component(tier)
    comp_src = comp.source_for("credits", _tier_src(v, tier, "components")) if comp and comp.credits else None
    src = _uniq(_tier_src(v, tier, "credits") if tier.credits is not None else None, comp_src, cap_src)
    if value is None:
        return None, (), f"Unknown: {why}."
    text = f"A month at {s.credit_scenario_pct:g}% availability earns a credit of {value:g}% ({why})."
    return value, src, text, None, (f"at least {format_value(value, '%')}" if floor else None)


def _downtime_cost(v: Vendor, s: Settings, planned: bool = False):
    """A year's downtime x the cost of an hour. SLA downtime can strike at any hour, so only the
    share of the week the center is open counts; maintenance counts in full when its windows fall
    in open hours, else not at all."""
    hours, src, why, *_ = _planned(v, s, 4) if planned else _allowed(v, s, 12)
    if hours is None:
        if not planned and objective_tier(v) is not None:
            return None, (), why  # the objective's reason, as the downtime it would allow gives it
        what = "the planned downtime" if planned else "the availability"
        return None, (), f"Unknown: {what} is not known."
    share = (
        (1.0 if s.maintenance_in_open_hours else 0.0) if planned else min(1.0, s.open_hours_per_week / 168)
    )
    cost = hours * share * s.downtime_cost_per_hour
    rate = f"{s.cost_currency} {num(s.downtime_cost_per_hour)} an hour"
    if not planned and hours == 0:
        return (
            0.0,
            src,
            "The SLA allows no downtime at all (100%): every minute down is a breach, so no downtime cost is "
            "accepted in advance; what an outage costs is what the credits must cover.",
            None,
            BREACH_WORDS,
        )
    if planned:
        up_to = "up to " if planned_is_maximum(v) and cost else ""  # the contract's maximum, not a schedule
        when = "in open hours" if s.maintenance_in_open_hours else "outside open hours, so it costs nothing"
        text = f"{up_to}{num(hours)} hours of planned downtime a year, {when}"
        text += f": {num(hours)} x {rate} = {up_to}{s.cost_currency} {num(cost)} a year." if share else "."
        return (
            cost,
            src,
            text[:1].upper() + text[1:],
            None,
            (f"up to {format_value(cost, s.cost_currency)}" if up_to else None),
        )
    open_words = (
        "around the clock"
        if share == 1
        else f"{num(s.open_hours_per_week)} of 168 hours a week, so {num(hours * share)} of them hit open hours"
    )
    return (
        cost,
        src,
        (
            f"{num(hours)} hours of downtime the SLA allows a year ({open_words}) x {rate} "
            f"= {s.cost_currency} {num(cost)} a year."
        ),
    )


def _credit_cover(v: Vendor, s: Settings):
    credit, csrc, *_ = _credit(v, s)
    bill, cur, bsrc, _, _ = seat_bill(v, s)
    if credit is None or bill is None:
        return None, (), "Unknown: needs the credit table and a per-seat price."
    if cur != s.cost_currency:
        return None, (), f"Not comparable: prices are in {cur}, the cost of downtime in {s.cost_currency}."
    hours = (100 - s.credit_scenario_pct) / 100 * HOURS_PER_MONTH
    loss = hours * s.downtime_cost_per_hour
    if loss == 0:  # a bad month of 100%, or downtime that costs nothing: no loss to cover
        return None, (), "Unknown: the bad month loses nothing (no downtime, or an hour down costs 0)."
    paid = credit / 100 * bill
    return (
        100 * paid / loss,
        _uniq(*csrc, *bsrc),
        (
            f"A month at {s.credit_scenario_pct:g}% is {num(hours)} hours down, costing {cur} {num(loss)}; "
            f"a {credit:g}% credit on a {cur} {num(bill)} monthly bill pays {cur} {num(paid)}."
        ),
    )


# --- support, Log4J, pricing ---------------------------------------------------------------------


def round_the_clock(h: HoursWindow | None) -> bool | None:
    if h is None:
        return None
    if h.always is not None:
        return h.always
    if h.days is None and h.start is None:
        return None
    full_day = h.start in (None, "00:00") and h.end in (None, "23:59")
    return (h.days is None or len(set(h.days)) == 7) and full_day


def _critical_24x7(v: Vendor, s: Settings):
    sup: Support | None = v.support
    if sup is None:
        return None, (), "Unknown: support terms are not recorded."
    sev = min(sup.severities or (), key=lambda x: x.level, default=None)
    if sev is not None and sev.hours is not None:
        value, src, what = round_the_clock(sev.hours), sup.source_for("severities"), f"severity {sev.level}"
    else:
        value, src, what = round_the_clock(sup.hours), sup.source_for("hours"), "general support"
    if value is None:
        return None, (), "Unknown: the hours critical incidents are worked are not known."
    when = "24x7" if value else "only in set hours"
    return value, _uniq(src), f"Critical incidents ({what}) are worked {when}."


def _critical_response(v: Vendor, s: Settings):
    sup = v.support
    sev = min(sup.severities or (), key=lambda x: x.level, default=None) if sup else None
    if sup is None or sev is None or sev.response is None:
        return None, (), "Unknown: no first-response target for the most severe incidents."
    return (
        sev.response.hours,
        _uniq(sup.source_for("severities")),
        (f"First response to a severity {sev.level} incident within {sev.response.words}."),
        None,
        sev.response.words,
    )


def _log4j_days(v: Vendor, s: Settings):
    lj: Log4j | None = v.log4j
    if lj is None:
        return None, (), "Unknown: the vendor's Log4Shell response is not recorded."
    if lj.not_affected:
        name = "affected" if lj.affected is False else "status"
        return (
            0.0,
            _uniq(lj.source_for(name)),
            "Not affected by Log4Shell: nothing to remediate.",
            None,
            ("not affected"),
        )
    if isinstance(lj.remediated, MonthDate):  # a month: at most to its last day
        days = (lj.remediated.last_day - LOG4SHELL_DISCLOSED).days
        return (
            float(days),
            _uniq(lj.source_for("remediated")),
            (
                f"All customers remediated in {lj.remediated.strftime('%B %Y')}: at most {days} days after "
                f"disclosure ({LOG4SHELL_DISCLOSED}), counting to the month's last day."
            ),
            None,
            f"at most {format_value(float(days), 'days')}",
        )
    if lj.remediated is not None:
        days = (lj.remediated - LOG4SHELL_DISCLOSED).days
        return (
            float(days),
            _uniq(lj.source_for("remediated")),
            (
                f"All customers remediated on {lj.remediated}, {days} days after disclosure "
                f"({LOG4SHELL_DISCLOSED})."
            ),
        )
    if lj.status == "fixed" and lj.status_as_of is not None:
        days = (getattr(lj.status_as_of, "last_day", lj.status_as_of) - LOG4SHELL_DISCLOSED).days
        return (
            float(days),
            _uniq(lj.source_for("status"), lj.source_for("status_as_of")),
            (
                f"Reported fixed by {lj.status_as_of}: at most {days} days after disclosure "
                "(remediation date not stated; scored as the bound, its worst case)."
            ),
            None,
            f"at most {format_value(float(days), 'days')}",
        )
    return None, (), "Unknown: no remediation date is recorded."


def seat_bill(v: Vendor, s: Settings):
    """Cheapest monthly bill for the seat mix: (amount, currency, sources, as_of, explanation)."""
    p: Pricing | None = v.pricing
    if p is None or not p.list_prices or p.currency is None:
        return None, None, (), None, "Unknown: no published per-seat price."
    options = []
    for price in p.list_prices:
        if price.unit not in ("per_agent_month", "per_user_month"):
            continue
        concurrent = price.model == "concurrent_agent"
        seats = max(s.concurrent_agents if concurrent else s.named_agents, p.minimum_seats or 0)
        options.append((price.amount * seats, price.name, seats, price, concurrent))
    if not options:
        return None, None, (), None, "Unknown: no per-seat price is published (usage-based pricing)."
    bill, name, seats, price, concurrent = min(options, key=lambda o: (o[0], o[1]))
    seats_src = p.source_for("minimum_seats") if p.minimum_seats else None
    src = _uniq(price.source or p.source_for("list_prices"), seats_src)
    kind = "concurrent" if concurrent else "named"
    return (
        bill,
        p.currency,
        src,
        price.as_of,
        (
            f"Cheapest published seat price: {name}, {p.currency} {num(price.amount)} a month x {seats} {kind} "
            f"seats = {p.currency} {num(bill)} a month"
        ),
    )


def _price(v: Vendor, s: Settings, months: int):
    bill, cur, src, as_of, text = seat_bill(v, s)
    if bill is None:
        return None, (), text, None
    if months == 1:
        value = bill / s.named_agents
        return value, src, f"{text}, {cur} {num(value)} per named agent ({s.named_agents} agents).", as_of
    return bill * 12, src, f"{text}, {cur} {num(bill * 12)} a year.", as_of


def _exit_months(v: Vendor, s: Settings):
    p = v.pricing
    if p is None or p.early_termination_fee_pct is None:
        return None, (), "Unknown: the early-termination fee is not known."
    months = max(s.term_months, p.term_months or 0)
    remaining = max(0, months - s.exit_after_months)
    value = p.early_termination_fee_pct / 100 * remaining
    term_src = p.source_for("term_months") if p.term_months else None
    src = _uniq(p.source_for("early_termination_fee_pct"), term_src)
    return (
        value,
        src,
        (
            f"Leaving after {s.exit_after_months} of {months} months leaves {remaining} months; a fee of "
            f"{p.early_termination_fee_pct:g}% of them is {num(value)} months of fees."
        ),
    )


def _exit_exposure(v: Vendor, s: Settings):
    months, msrc, mtext = _exit_months(v, s)
    bill, cur, bsrc, _, _ = seat_bill(v, s)
    if months == 0:
        return 0.0, msrc, mtext
    if months is None or bill is None:
        return None, (), "Unknown: needs the early-termination fee and a per-seat price."
    text = f"{mtext} At {cur} {num(bill)} a month: {cur} {num(months * bill)}."
    return months * bill, _uniq(*msrc, *bsrc), text


# --- raw facts: every scalar fact of the model is also a metric --------------------------------------


_CLAIM_START = {
    "incident": "the incident",
    "target_missed": "the missed target",
    "month_end": "the end of the month",
    "following_month_end": "the end of the month after the incident",
    "eligibility": "becoming eligible for the credit",
    "billing_cycle_end": "the end of the billing cycle",
}


def _claim_window(v: Vendor, s: Settings):
    tier = headline_tier(v)
    w = tier.claim_window if tier is not None else None
    src = _tier_src(v, tier, "claim_window") if tier is not None and w is not None else None
    inferred = tier.inferred.get("claim_window") if tier is not None and w is not None else None
    if tier is not None and w is None and v.sla is not None and v.sla.claim_window is not None:
        w, src = v.sla.claim_window, v.sla.source_for("claim_window")  # the document's, for every tier
        inferred = v.sla.inferred.get("claim_window")
    if w is None:
        return None, (), "Unknown: the deadline for claiming a credit is not stated."
    why = f" Inferred, not stated: {inferred}" if inferred else ""
    return (
        w.within.hours,
        _uniq(src),
        (f"A credit must be claimed within {w.within.words} of {_CLAIM_START[w.starts]}.{why}"),
        None,
        w.within.words,
        inferred,
    )


def _fact(holder_path: str, name: str, label: str, unit: str):
    """A raw fact read as a metric; 'sla.tier' is the headline tier; unit 'h' reads a Duration."""

    def compute(v: Vendor, s: Settings):
        holder = headline_tier(v) if holder_path == "sla.tier" else getattr(v, holder_path)
        value = getattr(holder, name, None) if holder is not None else None
        if holder is None or value is None:
            return None, (), f"Unknown: {label[0].lower() + label[1:]} is not stated."
        src = _uniq(_tier_src(v, holder, name) if isinstance(holder, SlaTier) else holder.source_for(name))
        inferred = holder.inferred.get(name)
        why = f" Inferred, not stated: {inferred}" if inferred else ""
        if unit == "h":  # scored in hours, shown as the contract writes it ("30 days", "2 business days")
            return value.hours, src, f"{label}: {value.words}.{why}", None, value.words, inferred
        return value, src, f"{label}: {format_value(value, unit)}.{why}", None, None, inferred

    return compute


def _literals(tp: Any) -> tuple[str, ...]:
    """The string values of the Literal types inside an annotation (the allowed choices of a fact)."""
    out: list[str] = []
    for arg in get_args(tp):
        out += [arg] if isinstance(arg, str) else list(_literals(arg))
    return tuple(dict.fromkeys(out))


def _classify(annotation: Any) -> Kind | Literal["duration"] | None:
    """number, duration, bool, choice or set for a scalar fact; None for text, dates and records."""
    inner = [a for a in get_args(annotation) if a is not type(None)]
    tp = inner[0] if len(inner) == 1 else annotation
    tp = get_args(tp)[0] if get_origin(tp) is Annotated else tp
    if tp is bool or tp is Duration:
        return "bool" if tp is bool else "duration"
    if tp in (int, float):
        return "number"
    if get_origin(tp) is Literal:
        return "choice"
    if get_origin(tp) is tuple and get_origin(get_args(tp)[0]) is Literal:
        return "set"
    return None


def _raw_specs() -> tuple[MetricSpec, ...]:
    """Every scalar fact of every section (and of the headline SLA tier) as a metric `section.field`."""
    holders: list[tuple[str, type[BaseModel]]] = [("sla.tier", SlaTier)] + [
        (
            name,
            next(
                a
                for a in get_args(Vendor.model_fields[name].annotation)
                if isinstance(a, type) and issubclass(a, BaseModel)
            ),
        )
        for name in SECTIONS
    ]
    specs = []
    for prefix, model in holders:
        for name, info in model.model_fields.items():
            found = _classify(info.annotation)
            if found is None or name in PROVENANCE:
                continue
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            unit = "h" if found == "duration" else str(extra.get("x-unit", ""))
            section = "SLA" if prefix.startswith("sla") else prefix.replace("_", " ").capitalize()
            label = f"{section}: {name.removesuffix('_pct').replace('_', ' ')}"
            kind: Kind = "number" if found == "duration" else found
            specs.append(
                MetricSpec(
                    f"{prefix}.{name}",
                    label,
                    unit,
                    kind,
                    _literals(info.annotation) or None,
                    _fact(prefix, name, label, unit),
                )
            )
    return tuple(specs)


# Derived metrics: id, label, unit ("currency" = the profile's, "cost" = the settings'), kind, function.
_DERIVED: tuple[tuple[str, str, str, Kind, Callable[[Vendor, Settings], tuple[Any, ...]]], ...] = (
    ("availability_pct", "Committed availability (best tier)", "%", "number", _availability),
    ("sla_availability_pct", "Availability backed by an SLA with credits", "%", "number", _sla_backed),
    (
        "allowed_downtime_month_min",
        "Downtime the SLA allows a month",
        "min",
        "number",
        lambda v, s: _allowed(v, s, 1),
    ),
    (
        "allowed_downtime_year_h",
        "Downtime the SLA allows a year",
        "h",
        "number",
        lambda v, s: _allowed(v, s, 12),
    ),
    ("longest_outage_h", "Longest single outage within the SLA", "h", "number", _longest_outage),
    ("planned_downtime_quarter_h", "Planned downtime a quarter", "h", "number", _planned),
    ("planned_downtime_year_h", "Planned downtime a year", "h", "number", lambda v, s: _planned(v, s, 4)),
    ("maintenance_excluded", "Planned maintenance excluded from the SLA", "", "bool", _excluded),
    ("effective_availability_pct", "Availability incl. planned downtime", "%", "number", _effective),
    ("credit_at_scenario_pct", "Service credit in a bad month", "%", "number", _credit),
    ("claim_window_h", "Time to claim a credit", "h", "number", _claim_window),
    ("downtime_cost_year", "Yearly cost of the downtime the SLA allows", "cost", "number", _downtime_cost),
    (
        "planned_downtime_cost_year",
        "Yearly cost of planned downtime",
        "cost",
        "number",
        lambda v, s: _downtime_cost(v, s, True),
    ),
    ("credit_cover_pct", "Share of a bad month's loss the credit pays", "%", "number", _credit_cover),
    ("critical_support_24x7", "Critical incidents worked 24x7", "", "bool", _critical_24x7),
    ("critical_response_h", "First response to a critical incident", "h", "number", _critical_response),
    ("log4j_days", "Days to full Log4Shell remediation", "days", "number", _log4j_days),
    ("price_per_agent_month", "Price per agent a month", "currency", "number", lambda v, s: _price(v, s, 1)),
    ("price_per_year", "Yearly price for the seat mix", "currency", "number", lambda v, s: _price(v, s, 12)),
    ("exit_fee_months", "Exit fee in months of fees", "months", "number", _exit_months),
    ("exit_exposure", "Exit exposure", "currency", "number", _exit_exposure),
)

METRICS: tuple[MetricSpec, ...] = (
    tuple(MetricSpec(i, label, unit, kind, None, fn) for i, label, unit, kind, fn in _DERIVED) + _raw_specs()
)

METRIC_SPECS: dict[str, MetricSpec] = {m.id: m for m in METRICS}


# The section each derived metric reads, for saying so when its facts are about another product.
_DERIVED_SECTION = {
    **{m: "sla" for m in ("availability_pct", "sla_availability_pct", "allowed_downtime_month_min")},
    **{m: "sla" for m in ("allowed_downtime_year_h", "longest_outage_h", "credit_at_scenario_pct")},
    **{m: "sla" for m in ("claim_window_h", "downtime_cost_year", "credit_cover_pct")},
    **{
        m: "downtime"
        for m in ("planned_downtime_quarter_h", "planned_downtime_year_h", "planned_downtime_cost_year")
    },
    "critical_support_24x7": "support",
    "critical_response_h": "support",
    "log4j_days": "log4j",
    **{m: "pricing" for m in ("price_per_agent_month", "price_per_year", "exit_fee_months", "exit_exposure")},
}


def compute_metrics(vendor: Vendor, settings: Settings | None = None) -> dict[str, Metric]:
    """Every metric of `vendor`, keyed by id, in declaration order (default settings: the seed's).

    Metrics read only the facts about the compared product (`Vendor.compared_view`); an unknown
    metric whose section holds facts about another product says they are context, not scored."""
    settings = settings or Settings()
    view = vendor.compared_view()
    context = vendor.context_sections() if view is not vendor else {}
    out: dict[str, Metric] = {}
    for spec in METRICS:
        reading = Reading(*spec.compute(view, settings))
        value, text = reading.value, reading.explanation
        section = _DERIVED_SECTION.get(spec.id) or spec.id.split(".")[0]
        if value is None and section in context:
            text = (
                f"Unknown for the compared product: the {section.replace('_', ' ')} facts on record are about "
                f"another product, shown as context and not scored ({context[section]})."
            )
        unit = spec.unit
        if unit == "currency":
            unit = vendor.pricing.currency if vendor.pricing and vendor.pricing.currency else ""
        elif unit == "cost":
            unit = settings.cost_currency
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        out[spec.id] = Metric(
            spec.id,
            spec.label,
            unit,
            spec.kind,
            value,
            tuple(reading.sources),
            text,
            reading.as_of,
            reading.shown,
            reading.inferred,
        )
    return out
