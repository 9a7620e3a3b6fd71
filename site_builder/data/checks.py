"""Cross-field rules for a validated vendor: references, orderings, dates, freshness.

Input: a `Vendor` (fields already valid). Output: `Finding`s, each a path into the document
and a message; `validate.py` turns them into positioned problems. Pure: no I/O, and the
current date is a parameter so results are reproducible.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args
from urllib.parse import urlsplit

from pydantic import BaseModel

from site_builder.data.freshness import MAX_AGE_DAYS
from site_builder.data.model import (
    PROVENANCE,
    SECTIONS,
    Component,
    Downtime,
    HoursWindow,
    Log4j,
    MaintenanceWindow,
    Product,
    SlaTier,
    Sourced,
    Support,
    SupportProgramme,
    Vendor,
)
from site_builder.data.values import DURATION_UNITS, Duration
from site_builder.errors import ProblemSeverity

LOG4SHELL_DISCLOSED = date(2021, 12, 9)


# Length of each maintenance period in hours (a month is the mean Gregorian month, as in durations).
PERIOD_HOURS = {
    "day": 24.0,
    "week": 24.0 * 7,
    "month": DURATION_UNITS["mo"][1],
    "quarter": DURATION_UNITS["mo"][1] * 3,
    "year": DURATION_UNITS["mo"][1] * 12,
}

# What the `new` scaffold and habit leave behind: a text opening with TODO/TBD/FIXME, or an address
# on the domains reserved for examples (RFC 2606) themselves.
_PLACEHOLDER_TEXT = re.compile(r"\s*(TODO|TBD|FIXME)\b", re.IGNORECASE)
_PLACEHOLDER_HOSTS = {f"{www}example.{tld}" for www in ("", "www.") for tld in ("com", "org", "net")}


@dataclass(frozen=True)
class Finding:
    loc: tuple[Any, ...]
    message: str
    severity: ProblemSeverity = "error"
    at_key: bool = False


def walk(obj: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], BaseModel]]:
    """Every model instance inside `obj` (itself included) with its path."""
    yield loc, obj
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel):
            yield from walk(value, (*loc, name))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, (*loc, name, i))


def vendor_findings(
    vendor: Vendor, *, stem: str, today: date, max_age_days: int | None = MAX_AGE_DAYS
) -> list[Finding]:
    findings: list[Finding] = []
    if vendor.id != stem:
        findings.append(Finding(("id",), f"id '{vendor.id}' must equal the file name '{stem}'"))
    findings += _source_findings(vendor)
    findings += _reference_findings(vendor)
    findings += _covers_findings(vendor)
    findings += _contradiction_findings(vendor)
    findings += _placeholder_findings(vendor)
    for loc, obj in walk(vendor):
        findings += _future_dates(obj, loc, today)
        if isinstance(obj, Sourced):
            findings += _fact_key_findings(obj, loc)
        if isinstance(obj, (SlaTier, Component)) and obj.credits:
            findings += _credit_order(obj.credits, (*loc, "credits"))
        if isinstance(obj, MaintenanceWindow):
            findings += _maintenance_findings(obj, loc)
        if isinstance(obj, Downtime) and obj.max_planned_per_month is not None:
            findings += _monthly_cap_findings(obj.max_planned_per_month, (*loc, "max_planned_per_month"))
        if isinstance(obj, Log4j):
            findings += _log4j_dates(obj, loc)
        if isinstance(obj, (Support, SupportProgramme)) and obj.severities:
            findings += _unique(obj.severities, "level", (*loc, "severities"))
        if isinstance(obj, HoursWindow):
            findings += _hours_findings(obj, loc)
        if isinstance(obj, SlaTier) and obj.components:
            findings += _unique(obj.components, "name", (*loc, "components"))
    if vendor.sla:
        findings += _unique(vendor.sla.tiers, "name", ("sla", "tiers"))
    if max_age_days is not None and (today - vendor.last_reviewed).days > max_age_days:
        age = (today - vendor.last_reviewed).days
        findings.append(
            Finding(
                ("last_reviewed",),
                f"last reviewed {age} days ago; the limit is {max_age_days} days",
                "warning",
            )
        )
    if max_age_days is not None:
        cited = cited_sources(vendor)
        for i, source in enumerate(vendor.sources):
            age = (today - source.retrieved).days
            if source.id in cited and age > max_age_days:
                message = (
                    f"source '{source.id}' was retrieved {age} days ago; the limit is {max_age_days} days"
                )
                findings.append(Finding(("sources", i, "retrieved"), message, "warning"))
    return findings


def currency_findings(vendor: Vendor, currencies: tuple[str, ...]) -> list[Finding]:
    """Prices in a currency the scoring declaration cannot convert: `currencies` is the reporting
    currency, then those scoring.yaml declares a rate for. Such a price would stay unknown, never 1:1."""
    p = vendor.pricing
    if p is None or not currencies:
        return []
    reporting, declared = currencies[0], currencies[1:]
    places: list[tuple[tuple[Any, ...], str]] = []
    if p.currency is not None and p.list_prices:
        places.append((("pricing", "currency"), p.currency))
    places += [
        (("pricing", "list_prices", i, "currency"), x.currency)
        for i, x in enumerate(p.list_prices or ())
        if x.currency
    ]
    rates = f" (rates declared: {', '.join(declared)})" if declared else " (no rates declared)"
    return [
        Finding(
            loc,
            f"no currency rate for {code}: prices are compared in {reporting}; declare {code} under "
            f"scoring.yaml's settings.currency_rates with its rate, date and source{rates}",
        )
        for loc, code in places
        if code not in currencies
    ]


def _source_findings(vendor: Vendor) -> list[Finding]:
    findings = []
    first: dict[str, int] = {}
    for i, source in enumerate(vendor.sources):
        loc = ("sources", i)
        if source.id in first:
            findings.append(
                Finding(
                    (*loc, "id"),
                    f"duplicate source id '{source.id}' (first used by sources[{first[source.id]}])",
                )
            )
        first.setdefault(source.id, i)
        if source.kind == "audit_report" and source.published is None:
            findings.append(
                Finding((*loc, "published"), "an audit report needs its report date in 'published'")
            )
        if source.published and source.published > source.retrieved:
            findings.append(
                Finding(
                    (*loc, "published"),
                    f"published {source.published} is after retrieved {source.retrieved}",
                )
            )
    return findings


def _references(vendor: Vendor) -> Iterator[tuple[tuple[Any, ...], str]]:
    for loc, obj in walk(vendor):
        source = getattr(obj, "source", None)
        if isinstance(source, str):
            yield (*loc, "source"), source
        if isinstance(obj, Sourced):
            for key, ref in obj.fact_sources.items():
                yield (*loc, "fact_sources", key), ref
    for i, item in enumerate(vendor.contradictions or ()):
        for j, ref in enumerate(item.sources):
            yield ("contradictions", i, "sources", j), ref


def cited_sources(vendor: Vendor) -> set[str]:
    return {ref for _, ref in _references(vendor)}


def _reference_findings(vendor: Vendor) -> list[Finding]:
    ids = [s.id for s in vendor.sources]
    findings = []
    for loc, ref in _references(vendor):
        if ref not in ids:
            close = difflib.get_close_matches(ref, ids, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"defined: {', '.join(dict.fromkeys(ids))}"
            findings.append(Finding(loc, f"unknown source '{ref}'; {hint}"))
    cited = cited_sources(vendor)
    # A profile with no section yet (a fresh scaffold) has nothing that could cite a source.
    if not any(getattr(vendor, name) is not None for name in SECTIONS) and not vendor.contradictions:
        return findings
    for i, source in enumerate(vendor.sources):
        if source.id not in cited:
            findings.append(
                Finding(("sources", i, "id"), f"source '{source.id}' is not cited by any section", "warning")
            )
    return findings


def _covers_findings(vendor: Vendor) -> list[Finding]:
    """Every `covers:` names a product of the profile by its id."""
    ids = [p.id for p in vendor.products if isinstance(p, Product)]
    findings = _unique(
        vendor.products, "id", ("products",)
    )  # a plain name has no id: skipped, positions kept
    for loc, obj in walk(vendor):
        for i, ref in enumerate(getattr(obj, "covers", None) or ()):
            if ref not in ids:
                known = ", ".join(ids) if ids else "none (give products as records with an id)"
                findings.append(Finding((*loc, "covers", i), f"unknown product '{ref}'; defined: {known}"))
    return findings


def _fact_key_findings(obj: Sourced, loc: tuple[Any, ...]) -> list[Finding]:
    fields = [n for n in type(obj).model_fields if n not in PROVENANCE]
    findings = []
    for mapping in ("fact_sources", "disputed_by_vendor", "inferred"):
        for key in getattr(obj, mapping):
            if key not in fields:
                close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                findings.append(
                    Finding((*loc, mapping, key), f"'{key}' is not a fact of this section{hint}", at_key=True)
                )
    return findings


def _credit_order(steps: tuple[Any, ...], loc: tuple[Any, ...]) -> list[Finding]:
    findings = []
    previous = None
    for i, step in enumerate(steps):
        if step.below_pct is None:
            continue
        if previous is not None:
            _j, prev = previous
            if step.below_pct >= prev.below_pct:
                findings.append(
                    Finding(
                        (*loc, i, "below_pct"),
                        f"credit steps must go from the highest availability down: {_n(step.below_pct)} "
                        f"follows {_n(prev.below_pct)}",
                    )
                )
            elif None not in (step.credit_pct, prev.credit_pct) and step.credit_pct < prev.credit_pct:
                findings.append(
                    Finding(
                        (*loc, i, "credit_pct"),
                        f"a lower availability must not earn a smaller credit: {_n(step.credit_pct)}% "
                        f"after {_n(prev.credit_pct)}%",
                    )
                )
        previous = (i, step)
    return findings


def _log4j_dates(obj: Log4j, loc: tuple[Any, ...]) -> list[Finding]:
    findings = []
    for name in ("first_response", "mitigated", "remediated"):
        value = getattr(obj, name)
        if value is not None and getattr(value, "last_day", value) < LOG4SHELL_DISCLOSED:
            findings.append(
                Finding((*loc, name), f"{value} is before Log4Shell was disclosed ({LOG4SHELL_DISCLOSED})")
            )
    # Each date against the latest one before it, so a gap (no `mitigated`) hides nothing.
    latest: tuple[str, date] | None = None
    for name in ("first_response", "mitigated", "remediated"):
        value = getattr(obj, name)
        if value is None:
            continue
        if latest and value < latest[1]:
            findings.append(Finding((*loc, name), f"{name} ({value}) is before {latest[0]} ({latest[1]})"))
        else:
            latest = (name, value)
    if obj.affected is False and obj.status in ("affected", "fixed"):
        findings.append(Finding((*loc, "affected"), f"affected is false but status is '{obj.status}'"))
    if obj.affected is True and obj.status == "not_affected":
        findings.append(Finding((*loc, "affected"), "affected is true but status is 'not_affected'"))
    return findings


def _future_dates(obj: BaseModel, loc: tuple[Any, ...], today: date) -> list[Finding]:
    return [
        Finding((*loc, name), f"{value} is in the future (today is {today})")
        for name in type(obj).model_fields
        if isinstance(value := getattr(obj, name), date) and value > today
    ]


def _unique(items: Sequence[Any], key: str, loc: tuple[Any, ...]) -> list[Finding]:
    seen: set[Any] = set()
    findings = []
    for i, item in enumerate(items):
        value = getattr(item, key, None)
        if value is None:
            continue
        if value in seen:
            findings.append(Finding((*loc, i, key), f"duplicate {key} '{value}'"))
        seen.add(value)
    return findings


def _hours_findings(hours: HoursWindow, loc: tuple[Any, ...]) -> list[Finding]:
    if hours.always and (hours.days or hours.start or hours.end or hours.windows):
        return [Finding((*loc, "always"), "give either 'always: true' or days with start and end, not both")]
    if hours.windows is not None and (hours.start or hours.end):
        message = "give either one 'start' and 'end' or several 'windows', not both"
        return [Finding((*loc, "windows"), message)]
    for i, (a, b) in enumerate(zip(hours.windows or (), (hours.windows or ())[1:], strict=False)):
        if _minutes(b.split("-")[0]) < _minutes(a.split("-")[1]) and _minutes(a.split("-")[1]) > _minutes(
            a.split("-")[0]
        ):
            message = f"window {b} starts before the window before it ({a}) ends: list them in order, apart"
            return [Finding((*loc, "windows", i + 1), message)]
    if (hours.start is None) != (hours.end is None):
        missing = "end" if hours.end is None else "start"
        return [Finding(loc, f"'{missing}' is needed when the other end of the window is given")]
    return []


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _maintenance_findings(window: MaintenanceWindow, loc: tuple[Any, ...]) -> list[Finding]:
    total, period = window.count * window.duration.hours, PERIOD_HOURS[window.per]
    if total <= period:
        return []
    windows = f"{window.count} window{'s' if window.count != 1 else ''} of {window.duration}"
    return [
        Finding(
            (*loc, "duration"),
            f"{windows} a {window.per} add up to {_hours(total)}, more than the {_hours(period)} "
            f"in a {window.per}",
        )
    ]


def _monthly_cap_findings(cap: Duration, loc: tuple[Any, ...]) -> list[Finding]:
    month = PERIOD_HOURS["month"]
    if cap.hours <= month:
        return []
    return [Finding(loc, f"{cap} of maintenance a month is more than the {_hours(month)} in a month")]


def _hours(hours: float) -> str:
    return f"{_n(round(hours, 2))}h"


def _contradiction_findings(vendor: Vendor) -> list[Finding]:
    findings = []
    for i, item in enumerate(vendor.contradictions or ()):
        problem = field_path_problem(item.field)
        if problem:
            findings.append(Finding(("contradictions", i, "field"), problem))
    return findings


def field_path_problem(path: str) -> str | None:
    """Why a dotted fact path such as `sla.tiers[0].sole_remedy` names no field of the profile
    (None when it does); list indices and `[name=...]` selectors are not checked."""
    cls: type[BaseModel] | None = Vendor
    walked: list[str] = []
    for part in path.split("."):
        name = part.split("[", 1)[0].strip()
        if cls is None:
            return f"'{path}' names no field: {'.'.join(walked)} is a value, with no '{name}' inside"
        fields = [f for f in cls.model_fields if f not in PROVENANCE or f == "note"]
        if name not in fields:
            where = f"in {'.'.join(walked)}" if walked else "at the top of a profile"
            close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"'{path}' names no field: there is no '{name}' {where}{hint}"
        walked.append(name)
        cls = inner_model(cls.model_fields[name].annotation)
    return None


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The record type a field holds (itself, in a list or optional), or None for a plain value."""
    stack = [annotation]
    while stack:
        candidate = stack.pop()
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        stack.extend(get_args(candidate))
    return None


def _strings(obj: BaseModel, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text value held directly by `obj` (its fields, list items and mapping values)."""
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, str):
            yield (*loc, name), value
        elif isinstance(value, tuple):
            yield from (((*loc, name, i), v) for i, v in enumerate(value) if isinstance(v, str))
        elif isinstance(value, dict):
            yield from (((*loc, name, k), v) for k, v in value.items() if isinstance(v, str))


def _placeholder_findings(vendor: Vendor) -> list[Finding]:
    findings = []
    for loc, obj in walk(vendor):
        for value_loc, value in _strings(obj, loc):
            if _PLACEHOLDER_TEXT.match(value):
                message = f"'{value}' is a placeholder; write what the source says, or remove the field"
            elif "://" in value and (urlsplit(value).hostname or "") in _PLACEHOLDER_HOSTS:
                message = f"'{value}' is a placeholder address; give the real one"
            else:
                continue
            findings.append(Finding(value_loc, message, "warning"))
    return findings
