"""Every metric, declared once: the derived figures and a metric for every scalar fact of the model; `compute_metrics` computes them for one vendor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from site_builder.data.model import (
    PROVENANCE,
    SECTIONS,
    SlaTier,
    Vendor,
)
from site_builder.data.values import Duration, bound_of, with_bound
from site_builder.data.words import label as field_label
from site_builder.scoring.metrics.base import (
    Kind,
    Metric,
    MetricSpec,
    Reading,
    _uniq,
    figure_text,
)
from site_builder.scoring.metrics.sla import (
    _allowed,
    _availability,
    _credit,
    _downtime_cost,
    _effective,
    _excluded,
    _longest_outage,
    _planned,
    _sla_backed,
    _tier_src,
    headline_component,
    headline_tier,
)
from site_builder.scoring.metrics.terms import (
    _credit_cover,
    _critical_24x7,
    _critical_response,
    _exit_exposure,
    _exit_months,
    _log4j_days,
    _price,
    _support_week,
)
from site_builder.scoring.settings import Settings

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
    """A raw fact read as a metric; 'sla.tier' is the headline tier; unit 'h' reads a Duration. An
    unknown says where the fact would be, in the words of the vendor page's headings: "RTO is not
    stated in the Recovery section", "Measurement period is not stated in the SLA"."""
    field, _, section = label.removesuffix(")").rpartition(" (")
    where = "the SLA" if section == "SLA" else f"the {section} section"

    def compute(v: Vendor, s: Settings):
        holder = headline_tier(v) if holder_path == "sla.tier" else getattr(v, holder_path)
        value = getattr(holder, name, None) if holder is not None else None
        if holder is None or value is None:
            return None, (), f"Unknown: {field} is not stated in {where}."
        src = _uniq(_tier_src(v, holder, name) if isinstance(holder, SlaTier) else holder.source_for(name))
        inferred = holder.inferred.get(name)
        why = f" Inferred, not stated: {inferred}" if inferred else ""
        if unit == "h":  # scored in hours, shown as the contract writes it ("30 days", "2 business days")
            return value.hours, src, f"{label}: {value.words}.{why}", None, value.words, inferred
        return value, src, f"{label}: {figure_text(value, unit)}.{why}", None, None, inferred

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
    if get_origin(tp) is tuple and _literals(get_args(tp)[0]):  # names, or records naming their products
        return "set"  # (the compared view holds the names of the compared product's only)
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
            # "Measurement period (SLA)", "RTO (Recovery)": the field and its section as the vendor page heads them
            section = "SLA" if prefix.startswith("sla") else field_label(prefix)
            label = f"{field_label(name).removesuffix(' (%)')} ({section})"
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


# Derived metrics: id, label, unit ("currency": a price converted to the reporting currency at
# scoring.yaml's rates; "cost": the buyer's cost, in that currency), kind, function.
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
    ("support_hours_week", "Hours of support cover a week", "h", "number", _support_week),
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
    "support_hours_week": "support",
    "log4j_days": "log4j",
    **{m: "pricing" for m in ("price_per_agent_month", "price_per_year", "exit_fee_months", "exit_exposure")},
}


# The facts (and other metrics) each derived metric is computed from: a metric computed from a fact the
# profile marks as inferred is itself inferred, with that reasoning. 'sla.tier.X' is a fact of the
# headline tier (or of the component its figure comes from); other paths are `section.field`.
_DERIVED_INPUTS: dict[str, tuple[str, ...]] = {
    "availability_pct": ("sla.tier.availability_pct", "sla.tier.commitment"),
    "sla_availability_pct": ("sla.tier.availability_pct", "sla.tier.commitment"),
    "allowed_downtime_month_min": ("availability_pct", "sla.tier.measurement_period"),
    "allowed_downtime_year_h": ("availability_pct", "sla.tier.measurement_period"),
    "longest_outage_h": ("availability_pct", "sla.tier.measurement_period"),
    "planned_downtime_quarter_h": ("downtime.planned_windows", "downtime.max_planned_per_month"),
    "planned_downtime_year_h": ("planned_downtime_quarter_h",),
    "maintenance_excluded": ("downtime.counts_against_sla", "sla.tier.exclusions"),
    "effective_availability_pct": ("availability_pct", "planned_downtime_quarter_h", "maintenance_excluded"),
    "credit_at_scenario_pct": (
        "sla.tier.credits",
        "sla.tier.credits_partial",
        "sla.tier.credit_cap_pct",
        "sla.tier.credit_unit",
        "sla.tier.component.credits",
        "sla.tier.component.credits_partial",
        "sla.tier.component.availability_pct",
    ),
    "downtime_cost_year": ("allowed_downtime_year_h",),
    "planned_downtime_cost_year": ("planned_downtime_year_h",),
    "credit_cover_pct": ("credit_at_scenario_pct", "price_per_year"),
    "critical_support_24x7": ("support.hours", "support.severities"),
    "critical_response_h": ("support.severities",),
    "support_hours_week": ("support.hours",),
    "log4j_days": ("log4j.affected", "log4j.status", "log4j.status_as_of", "log4j.remediated"),
    "price_per_agent_month": ("pricing.list_prices", "pricing.currency", "pricing.minimum_seats"),
    "price_per_year": ("price_per_agent_month",),
    "exit_fee_months": ("pricing.early_termination_fee_pct", "pricing.term_months"),
    "exit_exposure": ("exit_fee_months", "price_per_year"),
}


def _fact_paths(metric_id: str) -> tuple[str, ...]:
    """The fact paths a derived metric rests on, through the metrics it is computed from."""
    out: list[str] = []
    for item in _DERIVED_INPUTS.get(metric_id, ()):
        out += _fact_paths(item) if item in _DERIVED_INPUTS else [item]
    return tuple(dict.fromkeys(out))


DERIVED_FACTS: dict[str, tuple[str, ...]] = {m: _fact_paths(m) for m in _DERIVED_INPUTS}


def _inferred_facts(view: Vendor) -> dict[str, str]:
    """Path -> reasoning of every fact of the compared view marked inferred, at the paths of
    `DERIVED_FACTS` ('sla.tier.X' for the headline tier, 'sla.tier.component.X' for its component)."""
    out: dict[str, str] = {}
    for name in SECTIONS:
        section = getattr(view, name)
        if section is not None:
            out.update({f"{name}.{k}": why for k, why in section.inferred.items()})
    tier = headline_tier(view)
    if tier is not None:
        out.update({f"sla.tier.{k}": why for k, why in tier.inferred.items()})
        comp = headline_component(tier)
        if comp is not None:
            out.update({f"sla.tier.component.{k}": why for k, why in comp.inferred.items()})
    return out


def compute_metrics(vendor: Vendor, settings: Settings | None = None) -> dict[str, Metric]:
    """Every metric of `vendor`, keyed by id, in declaration order (default settings: the seed's).

    Metrics read only the facts about the compared product (`Vendor.compared_view`); an unknown
    metric whose section holds facts about another product says they are context, not scored."""
    settings = settings or Settings()
    view = vendor.compared_view()
    context = vendor.context_sections() if view is not vendor else {}
    inferred_facts = _inferred_facts(view)
    out: dict[str, Metric] = {}
    for spec in METRICS:
        reading = Reading(*spec.compute(view, settings))
        value, text, inferred = reading.value, reading.explanation, reading.inferred
        if value is not None and inferred is None and inferred_facts and spec.id in DERIVED_FACTS:
            whys = [inferred_facts[p] for p in DERIVED_FACTS[spec.id] if p in inferred_facts]
            if whys:  # computed from a fact read between the lines: as inferred as that fact
                inferred = "; ".join(dict.fromkeys(whys))
                text = f"{text} Inferred, not stated: {inferred}"
        section = _DERIVED_SECTION.get(spec.id) or spec.id.split(".")[0]
        if value is None and section in context:
            text = (
                f"Unknown for the compared product: the {section.replace('_', ' ')} facts on record are about "
                f"another product, shown as context and not scored ({context[section]})."
            )
        unit = spec.unit
        if unit in ("currency", "cost"):  # prices are converted to the reporting currency
            unit = settings.cost_currency
        if isinstance(value, int) and not isinstance(value, bool):
            value = with_bound(float(value), bound_of(value))
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
            inferred,
        )
    return out
