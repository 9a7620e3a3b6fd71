"""The figures derived from support, the Log4J response and the commercials: 24x7 cover, response, remediation days, seat bill, price, credit cover, exit exposure."""

from __future__ import annotations

from site_builder.data.checks import LOG4SHELL_DISCLOSED
from site_builder.data.model import (
    HoursWindow,
    Log4j,
    Pricing,
    Support,
    Vendor,
)
from site_builder.data.values import MonthDate, bound_of, with_bound
from site_builder.data.words import duration_text
from site_builder.scoring.metrics.base import (
    HOURS_PER_MONTH,
    _uniq,
    figure_text,
    num,
)
from site_builder.scoring.metrics.sla import (
    _credit,
)
from site_builder.scoring.settings import Settings

# --- support, Log4J, pricing ---------------------------------------------------------------------


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def day_spans(h: HoursWindow) -> tuple[tuple[int, int], ...] | None:
    """The day's cover in minutes from midnight, merged and sorted: one start and end, or several
    windows ('08:00-12:00', '13:00-18:00'). '23:59' closes the day; a window ending at or before its
    start runs past midnight (counted within the day). None when no times are given."""
    raw = list(h.windows) if h.windows else ([f"{h.start}-{h.end}"] if h.start and h.end else [])
    if not raw:
        return None
    spans: list[tuple[int, int]] = []
    for window in raw:
        a, b = (_clock(x) for x in window.split("-"))
        b = 1440 if b == 1439 else b
        spans += [(a, 1440), (0, b)] if b <= a else [(a, b)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(x for x in spans if x[1] > x[0]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def round_the_clock(h: HoursWindow | None) -> bool | None:
    if h is None:
        return None
    if h.always is not None:
        return h.always
    spans = day_spans(h)
    if h.days is None and spans is None:
        return None
    full_day = spans is None or spans == ((0, 1440),)
    return (h.days is None or len(set(h.days)) == 7) and full_day


def weekly_hours(h: HoursWindow | None) -> tuple[float | None, str]:
    """Hours of cover a week, with the working in words; None when the days or the times are unknown."""
    if h is None:
        return None, "the support hours are not recorded"
    if h.always:
        return 168.0, "around the clock: 24 hours x 7 days = 168 hours a week"
    spans = day_spans(h)
    if spans is None or h.days is None:
        return None, "the days and times of support are not both recorded"
    daily = sum(b - a for a, b in spans) / 60
    days = len(set(h.days))
    windows = " and ".join(h.windows) if h.windows else f"{h.start}-{h.end}"
    zone = f" ({h.timezone})" if h.timezone else ""
    return daily * days, (
        f"{windows}{zone}, {num(daily)} hours a day, on {', '.join(h.days)}: {num(daily)} x {days} = "
        f"{num(daily * days)} hours of the week's 168"
    )


def _support_week(v: Vendor, s: Settings):
    sup: Support | None = v.support
    value, why = weekly_hours(sup.hours if sup else None)
    if value is None or sup is None:
        return None, (), f"Unknown: {why}."
    return value, _uniq(sup.source_for("hours")), f"General support works {why}."


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
            f"at most {figure_text(float(days), 'days')}",
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
            f"at most {figure_text(float(days), 'days')}",
        )
    return None, (), "Unknown: no remediation date is recorded."


def seat_prices(p: Pricing | None, s: Settings):
    """The per-seat list prices as (price, its currency, amount in the reporting currency or None
    when no rate is declared, the rate's words or why it does not compare): one conversion, read by
    the seat bill and the cost calculator alike."""
    if p is None or not p.list_prices or p.currency is None:
        return
    for price in p.list_prices:
        if price.unit in ("per_agent_month", "per_user_month"):
            currency = price.currency or p.currency
            yield (price, currency, *s.convert(price.amount, currency))


def seat_bill(v: Vendor, s: Settings):
    """Cheapest monthly bill for the seat mix, in the reporting currency (`Settings.cost_currency`):
    (amount, currency, sources, as_of, explanation). A price in a currency with no declared rate does
    not compare (never read 1:1); when no price compares, the bill is unknown and says why."""
    p: Pricing | None = v.pricing
    if p is None or not p.list_prices or p.currency is None:
        return None, None, (), None, "Unknown: no published per-seat price."
    options, no_rate = [], []
    for price, currency, amount, rate_words in seat_prices(p, s):
        if amount is None:
            no_rate.append(rate_words)
            continue
        concurrent = price.model == "concurrent_agent"
        seats = max(s.concurrent_agents if concurrent else s.named_agents, p.minimum_seats or 0)
        bill = with_bound(amount * seats, bound_of(price.amount))  # 'at least EUR 50' bills at least
        options.append((bill, price.name, seats, price, concurrent, currency, amount, rate_words))
    if not options:
        if no_rate:
            return None, None, (), None, f"Unknown: {no_rate[0]}."
        return None, None, (), None, "Unknown: no per-seat price is published (usage-based pricing)."
    bill, name, seats, price, concurrent, currency, amount, rate_words = min(
        options, key=lambda o: (o[0], o[1])
    )
    seats_src = p.source_for("minimum_seats") if p.minimum_seats else None
    src = _uniq(price.source or p.source_for("list_prices"), seats_src)
    kind, cur = ("concurrent" if concurrent else "named"), s.cost_currency
    each = f"{currency} {num(price.amount)} a month"
    if rate_words:
        each += f" = {cur} {num(amount)} {rate_words}"
    return (
        bill,
        cur,
        src,
        price.as_of,
        f"Cheapest published seat price: {name}, {each} x {seats} {kind} seats = {cur} {num(bill)} a month",
    )


def _price(v: Vendor, s: Settings, months: int):
    bill, cur, src, as_of, text = seat_bill(v, s)
    if bill is None:
        return None, (), text, None
    if months == 1:
        value = with_bound(bill / s.named_agents, bound_of(bill))
        return value, src, f"{text}, {cur} {num(value)} per named agent ({s.named_agents} agents).", as_of
    year = with_bound(bill * 12, bound_of(bill))
    return year, src, f"{text}, {cur} {num(year)} a year.", as_of


def _exit_months(v: Vendor, s: Settings):
    p = v.pricing
    if p is None or p.early_termination_fee_pct is None:
        return None, (), "Unknown: the early-termination fee is not known."
    months = max(s.term_months, p.term_months or 0)
    remaining = max(0, months - s.exit_after_months)
    value = with_bound(p.early_termination_fee_pct / 100 * remaining, bound_of(p.early_termination_fee_pct))
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
    bounds = {bound_of(months), bound_of(bill)} - {None}
    if len(bounds) > 1:  # at most so many months of at least so much: no bound holds
        return None, (), "Unknown: the fee and the price are bounds in opposite directions."
    exposure = with_bound(months * bill, next(iter(bounds), None))
    text = f"{mtext} At {cur} {num(bill)} a month: {cur} {num(exposure)}."
    return exposure, _uniq(*msrc, *bsrc), text


def _credit_cover(v: Vendor, s: Settings):
    credit, csrc, *_ = _credit(v, s)
    bill, cur, bsrc, _, _ = seat_bill(v, s)
    if credit is None or bill is None:
        return None, (), "Unknown: needs the credit table and a per-seat price."
    hours = (100 - s.credit_scenario_pct) / 100 * HOURS_PER_MONTH
    loss = hours * s.downtime_cost_per_hour
    if loss == 0:  # a bad month of 100%, or downtime that costs nothing: no loss to cover
        return None, (), "Unknown: the bad month loses nothing (no downtime, or an hour down costs 0)."
    bounds = {bound_of(credit), bound_of(bill)} - {None}
    if len(bounds) > 1:
        return None, (), "Unknown: the credit and the price are bounds in opposite directions."
    paid = credit / 100 * bill
    return (
        with_bound(100 * paid / loss, next(iter(bounds), None)),
        _uniq(*csrc, *bsrc),
        (
            f"A month at {s.credit_scenario_pct:g}% is {duration_text(hours, long=True)} down, costing {cur} {num(loss)}; "
            f"a {credit:g}% credit on a {cur} {num(bill)} monthly bill pays {cur} {num(paid)}."
        ),
    )
