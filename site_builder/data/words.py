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
from site_builder.data.values import Duration, bound_of, readable, readable_words


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
    words = getattr(value, "words", None) if isinstance(value, BaseModel) else None
    if isinstance(words, str):
        return words  # a record that says itself in words (a certification for some products)
    if isinstance(value, BaseModel):
        parts = [f"{label(k)}: {format_value(v)}" for k, v in facts(value) if v is not None]
        return "; ".join(parts) if parts else "unknown"
    if isinstance(value, str):
        return readable(value)  # a vocabulary word such as 'best_effort' or 'sla' reads as words
    return str(value)


def is_model_list(value: Any) -> bool:
    """A list of records (a table), not a list that mixes names and records (certifications)."""
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, BaseModel) for v in value)


def facts(obj: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(obj, n)) for n in type(obj).model_fields if n not in PROVENANCE]


_SEGMENT = re.compile(r"([a-z0-9_]+)(?:\[(?:[a-z]+=)?([^\]]*)\])?")


def fact_path(path: str, root: BaseModel | None = None) -> str:
    """A fact's path for readers: 'sla.tiers[name=Enterprise].availability_pct' -> 'SLA › Tiers
    “Enterprise” › Availability (%)'. A list position names the item when `root` (the profile) gives
    it a name, and otherwise counts from 1 in the singular: 'sla.tiers[0].sole_remedy' -> 'SLA ›
    Tiers “Enterprise” › Sole remedy' with the profile, 'SLA › Tier 1 › Sole remedy' without."""
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
                parts.append(f"{label(name)} “{held.name}”")  # type: ignore[union-attr]
            else:
                parts.append(f"{_singular(label(name))} {int(item) + 1}")
        else:
            obj = None
            parts.append(f"{label(name)} “{item}”")
    return " › ".join(parts)


def _singular(text: str) -> str:
    """'Tiers' -> 'Tier', 'Severities' -> 'Severity', 'List prices' -> 'List price'."""
    if text.endswith("ies"):
        return text[:-3] + "y"
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text
