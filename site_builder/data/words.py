"""Field names and fact values in words: the one place that turns the model into text a buyer reads.

`label('availability_pct')` -> 'Availability (%)'; `format_value` writes any fact (durations, dates,
lists, records) as words, with None as 'unknown'. Read by the pages, the exports, the RFP, the diff
and the questions, so a fact reads the same everywhere.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from site_builder.data.model import PROVENANCE, HoursWindow
from site_builder.data.values import Duration, bound_of, readable, readable_words

# Fields whose name, read word for word, is not how a buyer says it ("Term months", "Min outage").
_LABELS = {
    "term_months": "Term in months",
    "cap_months_of_fees": "Cap in months of fees",
    "max_planned_per_month": "Planned downtime a month, at most",
    "min_outage": "Minimum outage",
    "credit_days": "Credit in days",
    "credits_partial": "Partial credits",
    "multi_region_failover": "Multi-region failover",
    "zero_downtime_updates": "Zero-downtime updates",
    "negligence_carve_out": "Negligence carve-out",
    "data_breach_carve_out": "Data breach carve-out",
    "pen_test_frequency": "Penetration test frequency",
    "url": "URL",
    "other_urls": "Other URLs",
    "statement_url": "Statement URL",
}


def label(name: str) -> str:
    """Field name -> readable label: 'availability_pct' -> 'Availability (%)', 'sla' -> 'SLA',
    'term_months' -> 'Term in months' (a field whose name is not how a buyer says it: `_LABELS`)."""
    if name in _LABELS:
        return _LABELS[name]
    text = readable_words(name.removesuffix("_pct"))
    text = text[:1].upper() + text[1:]
    return text + " (%)" if name.endswith("_pct") else text


def format_value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if bound_of(value):
        return value.text  # 'at least 99.9': a bound reads as one everywhere
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Duration):
        return value.words
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(format_value(v) for v in value) if value else "none"
    if isinstance(value, HoursWindow):
        return hours_text(value)
    words = getattr(value, "words", None) if isinstance(value, BaseModel) else None
    if isinstance(words, str):
        return words  # a record that says itself in words (a certification for some products)
    if isinstance(value, BaseModel):
        parts = [f"{label(k)}: {format_value(v)}" for k, v in facts(value) if v is not None]
        return "; ".join(parts) if parts else "unknown"
    if isinstance(value, str):
        return readable(value)  # a vocabulary word such as 'best_effort' or 'sla' reads as words
    return str(value)


def _sig(x: float) -> str:
    """At most three significant digits, thousands separated: 26.3, 4.38, 1,460."""
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{float(f'{x:.3g}'):g}"


_DURATION_UNITS = {"s": "seconds", "min": "minutes", "h": "hours", "days": "days"}


def duration_text(hours: float, long: bool = False) -> str:
    """A length of time in the unit a person would use, at most three significant digits: under a
    minute in whole seconds ('26 s'), under an hour in minutes ('4.38 min'), then hours ('8.77 h'),
    and days from 48 hours when they are whole ('3 days', '30 days', not '720 h') or from two weeks
    ('36.5 days'). `long` writes the unit out for a sentence ('26 seconds')."""
    hours = float(hours)  # the plain figure: a bound ('at most') is for the caller to say
    seconds = hours * 3600
    if hours == 0:
        amount, unit = "0", "min"
    elif seconds < 59.5:
        amount, unit = f"{seconds:.0f}", "s"
    elif hours < 1:
        amount, unit = _sig(hours * 60), "min"
    elif hours < 48 or (hours % 24 and hours < 24 * 14):
        amount, unit = _sig(hours), "h"
    else:
        amount, unit = _sig(hours / 24), "days"
    if unit == "days" and amount == "1":
        return "1 day"
    if long:
        word = _DURATION_UNITS[unit]
        return f"{amount} {word[:-1] if amount == '1' else word}"
    return f"{amount} {unit}"


def share_text(pct: float) -> str:
    """A share in percent with at most three significant digits ('12.3%'); a share under 0.01%
    reads '< 0.01%'. A figure of 99% or more keeps the nines a source gives: 99.99% and 99.999% are
    different promises."""
    pct = float(pct)  # the plain figure: a bound ('at least') is for the caller to say
    if pct == 0:
        return "0%"
    if abs(pct) < 0.01:
        return "< 0.01%"
    return f"{pct:.5g}%" if 99 <= pct <= 100 else f"{_sig(pct)}%"


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hours_text(h: HoursWindow) -> str:
    """Support hours as people say them: '24x7', 'Mon–Fri 08:00–18:00 (US/Pacific)', not 'Always: yes'."""
    if h.always:
        return "24x7"
    days = ""
    if h.days:
        idx = sorted(_DAYS.index(d) for d in h.days)
        run = idx == list(range(idx[0], idx[-1] + 1)) and len(idx) > 2
        names = [_DAYS[i].capitalize() for i in idx]
        days = f"{names[0]}–{names[-1]}" if run else ", ".join(names)
    times = f"{h.start}–{h.end}" if h.start and h.end else ""
    text = " ".join(t for t in (days, times) if t) or ("not 24x7" if h.always is False else "unknown")
    if h.timezone:
        text += f" ({h.timezone})"
    if h.holidays_excluded:
        text += f", except {', '.join(h.holidays_excluded)}"
    return text


def is_model_list(value: Any) -> bool:
    """A list of records (a table), not a list that mixes names and records (certifications)."""
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, BaseModel) for v in value)


def facts(obj: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(obj, n)) for n in type(obj).model_fields if n not in PROVENANCE]


_SEGMENT = re.compile(r"([a-z0-9_]+)(?:\[(?:[a-z]+=)?([^\]]*)\])?")


def fact_path(path: str, root: BaseModel | None = None) -> str:
    """A fact's path for readers: 'sla.tiers[name=Enterprise].availability_pct' -> 'SLA › Tier
    “Enterprise” › Availability (%)'. A list item reads in the singular; a list position names the
    item when `root` (the profile) gives it a name, and otherwise counts from 1:
    'sla.tiers[0].sole_remedy' -> 'SLA › Tier “Enterprise” › Sole remedy' with the profile, 'SLA ›
    Tier 1 › Sole remedy' without."""
    parts, obj = [], root
    for m in _SEGMENT.finditer(path):
        name, item = m.groups()
        obj = getattr(obj, name, None) if obj is not None else None
        if item is None:
            parts.append(label(name))
        elif item.isdigit() and f"[{item}]" in m.group(0):
            held = obj[int(item)] if isinstance(obj, tuple) and int(item) < len(obj) else None
            obj = held
            if isinstance(getattr(held, "name", None), str):
                parts.append(f"{singular(label(name))} “{held.name}”")  # type: ignore[union-attr]
            else:
                parts.append(f"{singular(label(name))} {int(item) + 1}")
        else:
            obj = None
            parts.append(f"{singular(label(name))} “{item}”")
    return " › ".join(parts)


def singular(text: str) -> str:
    """'Tiers' -> 'Tier', 'Severities' -> 'Severity', 'List prices' -> 'List price'."""
    if text.endswith("ies"):
        return text[:-3] + "y"
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text
