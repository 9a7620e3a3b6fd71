"""Views of the vendor model: the JSON schema file, the data-format reference page, the scaffold.

Input: the pydantic models in `model.py`. Output: strings (JSON, Markdown, YAML). Nothing here
lists a field by hand; everything is walked from `Vendor.model_json_schema()`, so a field added
to the model appears in the schema, the docs and `site-builder new` at once. No I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from site_builder.data.model import SCHEMA_VERSION
from site_builder.data.schema_cache import vendor_json_schema
from site_builder.data.values import DATE_PATTERN

SCHEMA_ID = "https://example.invalid/ccaas-site-builder/vendor.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/vendor.schema.json"


@cache
def vendor_schema() -> dict[str, Any]:
    """The JSON schema of a vendor file, with our header fields (the model's schema is kept between
    runs: see `data.schema_cache`)."""
    schema = vendor_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "x-schema-version": SCHEMA_VERSION,
        **schema,
    }


def vendor_schema_text() -> str:
    return json.dumps(vendor_schema(), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class FieldDoc:
    """One field as the docs and the scaffold see it."""

    name: str
    type: str
    required: bool
    description: str
    unit: str | None
    question: str | None
    model: str | None  # name of the nested model, if the field holds one
    is_list: bool


def _strip_null(node: dict[str, Any]) -> dict[str, Any]:
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else node


def _type_name(node: dict[str, Any]) -> tuple[str, str | None, bool]:
    """A readable type, the nested model name (if any), and whether it is a list."""
    node = _strip_null(node)
    alternatives = node.get("anyOf") or node.get("oneOf") or []
    if len(alternatives) > 1:  # a record or a shorthand, e.g. a product or its name
        parts = [_type_name(o) for o in alternatives if o.get("type") != "null"]
        model = next((m for _, m, _ in parts if m), None)
        return " or ".join(p[0] for p in parts), model, False
    if "$ref" in node:
        return node["$ref"].split("/")[-1], node["$ref"].split("/")[-1], False
    if node.get("type") == "array":
        inner, model, _ = _type_name(node.get("items", {}))
        return f"list of {inner}", model, True
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"]), None, False
    if "const" in node:
        return f"`{node['const']}`", None, False
    if node.get("type") == "object":
        return "mapping of field name to text", None, False
    if node.get("format") == "date":
        return "date (YYYY-MM-DD)", None, False
    if node.get("pattern") == DATE_PATTERN:
        return "date (YYYY-MM-DD, or YYYY-MM when only the month is known)", None, False
    if node.get("format") == "uri":
        return "URL", None, False
    if "examples" in node and "pattern" in node:
        return "duration (" + ", ".join(f"`{e}`" for e in node["examples"]) + ")", None, False
    kind = {"number": "number", "integer": "whole number", "string": "text", "boolean": "true/false"}.get(
        node.get("type", ""), node.get("type", "value")
    )
    if "minimum" in node and "maximum" in node:
        kind += f" {_n(node['minimum'])}–{_n(node['maximum'])}"
    elif "minimum" in node:
        kind += f" ≥ {_n(node['minimum'])}"
    if "maxLength" in node:
        kind += f" (at most {node['maxLength']:,} characters)"
    return kind, None, False


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def model_fields(model_name: str) -> list[FieldDoc]:
    """The fields of one model (by schema name), in declaration order."""
    definition = vendor_schema() if model_name == "Vendor" else vendor_schema()["$defs"][model_name]
    required = set(definition.get("required", []))
    docs = []
    for name, prop in definition["properties"].items():
        type_name, model, is_list = _type_name(prop)
        docs.append(
            FieldDoc(
                name=name,
                type=type_name,
                required=name in required,
                description=prop.get("description", ""),
                unit=prop.get("x-unit"),
                question=prop.get("x-question"),
                model=model,
                is_list=is_list,
            )
        )
    return sorted(docs, key=lambda f: _PROVENANCE_ORDER.get(f.name, 1))


# `source` first and the remarks last read best, whatever the class hierarchy's order.
_PROVENANCE_ORDER = {"source": 0, "fact_sources": 2, "disputed_by_vendor": 2, "note": 3}


def model_order() -> list[str]:
    """Model names reachable from Vendor, depth-first in declaration order."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        order.append(name)
        for field in model_fields(name):
            if field.model:
                visit(field.model)

    visit("Vendor")
    return order


def model_description(model_name: str) -> str:
    definition = vendor_schema() if model_name == "Vendor" else vendor_schema()["$defs"][model_name]
    return definition.get("description", "")


# --- reference page ---------------------------------------------------------------------------


def reference_markdown() -> str:
    """The 'Vendor data format' page, generated from the model."""
    lines = [
        "# Vendor data format",
        "",
        "One YAML file per vendor in `vendors/`, named after its `id`. This page is generated from",
        "the data model, as are `schema/vendor.schema.json` (for editor autocompletion) and the",
        "`site-builder new` scaffold, so it always matches what the validator accepts.",
        "",
        "Every fact is optional. A fact that is left out is **unknown**: the site shows it as",
        "unknown, scoring never treats it as good, and the vendor page turns it into a question for",
        "the vendor. Write `false` or an empty list only when a source says so.",
        "",
        "Durations are written as an amount and a unit: `30s`, `15min`, `4h`, `30d`, `2bd` (business",
        "days, counted as calendar days when compared), `1w`, `2mo` (a mean month of 30.44 days).",
        "",
    ]
    for name in model_order():
        anchor = name.lower()
        lines += [f"## {name} {{#{anchor}}}", "", model_description(name), ""]
        lines += ["| Field | Type | Required | Description |", "|---|---|---|---|"]
        for f in model_fields(name):
            type_text = f"[{f.type}](#{f.model.lower()})" if f.model and not f.is_list else f.type
            if f.model and f.is_list:
                type_text = f"list of [{f.model}](#{f.model.lower()})"
            description = f.description.replace("|", "\\|").replace("\n", " ")
            if f.unit:
                description += f" Unit: {f.unit}."
            if f.question:
                description += f" *Ask:* {f.question}"
            lines.append(f"| `{f.name}` | {type_text} | {'yes' if f.required else 'no'} | {description} |")
        lines.append("")
    return "\n".join(lines)


# --- scaffold -----------------------------------------------------------------------------------


def scaffold_yaml(vendor_id: str, today: date, *, name: str, website: str) -> str:
    """A new vendor file that validates under --strict: the identity the user gave (no placeholder
    left to forget), the vendor's website as its first source, every section commented."""
    out = [
        SCHEMA_LINE,
        f"# New profile for '{vendor_id}'. Uncomment and fill in what your sources say; leave out",
        "# what they do not: a missing fact is shown as unknown. Check with: site-builder validate",
        "",
    ]
    out += [
        f"id: {vendor_id}",
        f"name: {_yaml_text(name)}",
        "products:  # the product names this profile covers",
        f"  - {_yaml_text(name)}",
        f"website: {_yaml_text(website)}",
        f"last_reviewed: {today.isoformat()}",
        "sources:  # add one entry per document you cite (kind: contract, public_terms, marketing...)",
        f"  - id: {SCAFFOLD_SOURCE}",
        f"    title: {_yaml_text(name + ' website')}",
        "    kind: vendor_documentation",
        f"    retrieved: {today.isoformat()}",
        f"    url: {_yaml_text(website)}",
    ]
    handled = {"id", "name", "products", "website", "last_reviewed", "sources"}
    for field in model_fields("Vendor"):
        if field.name in handled:
            continue
        out.append("")
        out.append(f"## {field.name}: {field.description}")
        out += ["# " + line for line in _scaffold_value(field, indent=0)]
    return "\n".join(out) + "\n"


_SCAFFOLD_SKIP = {"fact_sources", "disputed_by_vendor"}
SCAFFOLD_SOURCE = "website"


def _yaml_text(text: str) -> str:
    """`text` as one YAML scalar: JSON's double-quoted string is valid YAML and quotes what needs it."""
    return json.dumps(text, ensure_ascii=False)


def _scaffold_value(field: FieldDoc, indent: int) -> list[str]:
    """YAML lines for one field; a leaf is left empty (null = unknown) with its type as a comment."""
    pad = "  " * indent
    if not field.model:
        if field.name == "source" and field.required:
            return [f"{pad}source: {SCAFFOLD_SOURCE}"]
        hint = field.type + (f", {field.unit}" if field.unit else "")
        return [f"{pad}{field.name}:  # {hint}"]
    lines = [f"{pad}{field.name}:"]
    children = [c for c in model_fields(field.model) if c.name not in _SCAFFOLD_SKIP]
    for i, child in enumerate(children):
        child_lines = _scaffold_value(child, indent + (2 if field.is_list else 1))
        if field.is_list and i == 0:
            child_lines[0] = "  " * (indent + 1) + "- " + child_lines[0].lstrip()
        lines += child_lines
    return lines


def metrics_markdown() -> str:
    """The metrics reference page: every id that scoring.yaml and the live-data markers can read."""
    from site_builder.scoring.metrics import METRICS

    units = {
        "currency": "the reporting currency (settings.cost_currency): prices converted at settings.currency_rates",
        "cost": "the buyer's cost currency (settings.cost_currency)",
    }
    lines = [
        "# Metrics",
        "",
        "Every figure that `scoring.yaml` (criteria, must-haves, red flags) and the live-data markers of the",
        "guide pages can read. Derived metrics are computed from several facts; `section.field` ids read one",
        "fact as it is (`sla.tier.*` reads the vendor's best SLA tier). An unknown fact gives an unknown metric.",
        "",
        "| Id | Meaning | Unit | Kind | Values |",
        "|----|---------|------|------|--------|",
    ]
    for m in METRICS:
        unit = units.get(m.unit, m.unit or "")
        values = ", ".join(f"`{c}`" for c in m.choices) if m.choices else ""
        lines.append(f"| `{m.id}` | {m.label} | {unit} | {m.kind} | {values} |")
    return "\n".join(lines) + "\n"
