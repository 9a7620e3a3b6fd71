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

from site_builder.data.model import PROVENANCE
from site_builder.data.values import Duration, readable, readable_words


def label(name: str) -> str:
    """Field name -> readable label: 'availability_pct' -> 'Availability (%)', 'sla' -> 'SLA'."""
    text = readable_words(name.removesuffix("_pct"))
    text = text[:1].upper() + text[1:]
    return text + " (%)" if name.endswith("_pct") else text


def format_value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Duration):
        return value.words
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(format_value(v) for v in value) if value else "none"
    if isinstance(value, BaseModel):
        parts = [f"{label(k)}: {format_value(v)}" for k, v in facts(value) if v is not None]
        return "; ".join(parts) if parts else "unknown"
    if isinstance(value, str):
        return readable(value)  # a vocabulary word such as 'best_effort' or 'sla' reads as words
    return str(value)


def is_model_list(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], BaseModel)


def facts(obj: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(obj, n)) for n in type(obj).model_fields if n not in PROVENANCE]


_SEGMENT = re.compile(r"([a-z0-9_]+)(?:\[(?:[a-z]+=)?([^\]]*)\])?")


def fact_path(path: str) -> str:
    """A fact's path for readers: 'sla.tiers[name=Enterprise].availability_pct' -> 'SLA › Tiers
    “Enterprise” › Availability (%)'; a list position counts from 1: 'sla.tiers[0].sole_remedy' ->
    'SLA › Tiers 1 › Sole remedy'."""
    parts = []
    for m in _SEGMENT.finditer(path):
        name, item = m.groups()
        if item is None:
            parts.append(label(name))
        elif item.isdigit() and f"[{item}]" in m.group(0):
            parts.append(f"{label(name)} {int(item) + 1}")
        else:
            parts.append(f"{label(name)} “{item}”")
    return " › ".join(parts)
