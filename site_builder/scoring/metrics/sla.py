"""The figures derived from the SLA: committed availability, allowed downtime, planned maintenance, credits, downtime cost."""

from __future__ import annotations

from site_builder.data.model import (
    Component,
    CreditStep,
    Downtime,
    SlaTier,
    Vendor,
)
from site_builder.data.values import FLIP_BOUND, bound_of, readable, with_bound
from site_builder.data.words import duration_text
from site_builder.scoring.metrics.base import (
    HOURS_PER_MONTH,
    PERIOD_HOURS,
    WINDOWS_PER_QUARTER,
    _known,
    _uniq,
    figure_text,
    num,
)
from site_builder.scoring.settings import Settings

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


_HEADLINE: list[tuple[Vendor, SlaTier | None]] = []  # the last vendor asked and its answer


def headline_tier(vendor: Vendor) -> SlaTier | None:
    """The tier with the highest committed availability: a contractual tier before an objective
    however high the objective, then the highest figure (the first listed on a tie or when none
    has one). Only tiers about the compared product count.

    Every metric asks this of the same vendor in turn: the last answer is kept, held with the
    (immutable) vendor object itself, so another vendor is never given it."""
    last = _HEADLINE[-1] if _HEADLINE else None  # one read: a tuple another thread cannot change
    if last is not None and last[0] is vendor:
        return last[1]
    found = _headline_tier(vendor)
    _HEADLINE[:] = [(vendor, found)]
    return found


def _headline_tier(vendor: Vendor) -> SlaTier | None:
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
    kind = readable(tier.commitment or "")  # "SLO", "best effort"
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
    amount = hours * 60 if months == 1 else hours
    # a bound on the availability bounds the downtime the other way: at least 99.9% allows at most ...
    amount = with_bound(amount, FLIP_BOUND.get(bound_of(pct) or ""))
    bound = bound_of(amount)
    up_to = (
        f"{bound.replace('_', ' ')} " if bound else "up to "
    )  # a bound reads as one: 'at most 43.8 minutes'
    text = f"{pct:g}% availability allows {up_to}{duration_text(hours, long=True)} of downtime in {span}."
    return amount, src, text


def _hours_words(hours: float) -> str:
    """A duration for a sentence that multiplies it by a rate an hour: '52.6 minutes (0.877 h)'."""
    words = duration_text(hours, long=True)
    return words if words.endswith(("hour", "hours")) else f"{words} ({num(hours)} h)"


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
    hours = with_bound(
        (100 - pct) / 100 * PERIOD_HOURS[tier.measurement_period], FLIP_BOUND.get(bound_of(pct) or "")
    )
    src = _uniq(*src, _tier_src(v, tier, "measurement_period"))
    if pct == 100:
        text = f"Measured per {tier.measurement_period}, 100% allows no outage at all: every minute down is a breach."
        return 0.0, src, text, None, BREACH_WORDS
    return (
        hours,
        src,
        (
            f"Measured per {tier.measurement_period}, {pct:g}% still holds after a single "
            f"outage of {duration_text(hours, long=True)} in one {tier.measurement_period}."
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
                f"Planned downtime of {text} comes to {duration_text(hours, long=True)} in {span} "
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
                f"planned downtime a month: up to {duration_text(hours, long=True)} in {span}."
            ),
            None,
            f"up to {figure_text(hours, 'h')}",
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
    most = "up to " if up_to else ""
    # What is left is a floor after a monthly maximum of maintenance, and keeps the availability's bound.
    bound = bound_of(pct) or ("at_least" if up_to else None)
    if up_to and bound == "at_most":  # at most the SLA figure minus at most the maintenance: no bound holds
        return (
            None,
            (),
            "Unknown: an availability of at most a figure, less up to a monthly maximum, has no bound.",
        )
    eff = with_bound(pct - 100 * month / HOURS_PER_MONTH, bound)
    return (
        eff,
        _uniq(*src, *psrc, *esrc),
        (
            f"The SLA excludes planned maintenance: {pct:g}% minus {most}{num(month)} hours of maintenance a month "
            f"(of 730.49) leaves {eff:.3f}% that the contact center actually lives with."
        ),
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
            f"{'' if bound_of(step.credit_pct) else 'at least '}{step.credit_pct:g}% below {step.below_pct:g}% "
            "(table captured in part)",
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
    if floor and not bound_of(value):  # a partial table or outage-length steps: at least this
        value = with_bound(value, "at_least")
    text = f"A month at {s.credit_scenario_pct:g}% availability earns a credit of {value:g}% ({why})."
    return value, src, text


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
    cost = with_bound(hours * share * s.downtime_cost_per_hour, None if planned else bound_of(hours))
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
        text = f"{up_to}{_hours_words(hours)} of planned downtime a year, {when}"
        text += f": {num(hours)} x {rate} = {up_to}{s.cost_currency} {num(cost)} a year." if share else "."
        return (
            cost,
            src,
            text[:1].upper() + text[1:],
            None,
            (f"up to {figure_text(cost, s.cost_currency)}" if up_to else None),
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
            f"{_hours_words(hours)} of downtime the SLA allows a year ({open_words}) x {rate} "
            f"= {s.cost_currency} {num(cost)} a year."
        ),
    )
