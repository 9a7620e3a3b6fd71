"""Everything derived from the model: schema, reference page, scaffold — and that nothing is missing."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel

from site_builder.data.load import load_bytes
from site_builder.data.model import SECTIONS, Vendor
from site_builder.data.validate import validate_vendors
from site_builder.site.reference import model_order, reference_markdown, scaffold_yaml, vendor_schema


def all_models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                a = stack.pop()
                if isinstance(a, type) and issubclass(a, BaseModel):
                    visit(a)
                stack.extend(getattr(a, "__args__", ()))

    visit(Vendor)
    return found


def test_every_model_field_is_documented_on_the_reference_page():
    page = reference_markdown()
    for name, model in all_models().items():
        assert f"## {name} {{#{name.lower()}}}" in page
        for field, info in model.model_fields.items():
            assert f"| `{field}` |" in page, f"{name}.{field} missing"
            assert info.description, f"{name}.{field} has no description"


def test_schema_carries_questions_and_units_from_the_model():
    tier = vendor_schema()["$defs"]["SlaTier"]["properties"]
    assert tier["availability_pct"]["x-unit"] == "%"
    assert tier["availability_pct"]["x-question"].startswith("What availability do you commit to")
    assert tier["availability_pct"]["anyOf"][0] == {"maximum": 100, "minimum": 0, "type": "number"}
    assert vendor_schema()["required"] == ["id", "name", "products", "website", "last_reviewed", "sources"]


def test_model_order_starts_with_the_profile_and_reaches_every_model():
    order = model_order()
    assert order[0] == "Vendor"
    assert set(order) == set(all_models())


def test_uncommented_scaffold_asks_only_for_required_fields():
    """Uncommenting every block of the scaffold must parse; empty leaves are unknown (null),
    so the only errors are required fields of list items that still need a value."""
    text = scaffold_yaml("acme", date(2026, 11, 22), name="Acme", website="https://acme.test")
    body = "\n".join(
        line[2:] if line.startswith("# ") and not line.startswith("# yaml") else line
        for line in text.splitlines()[4:]
    )
    doc, problems = load_bytes(body.encode(), "acme.yaml")
    assert problems == ()
    _vendors, report = validate_vendors([doc], today=date(2026, 11, 22))
    messages = {re.sub(r"^acme.yaml:\d+:\d+: ", "", str(p)) for p in report.problems}
    assert "error: sla.tiers[0].name: expected text (got null)" in messages
    assert all("(got null)" in m for m in messages), messages
    for section in SECTIONS:
        assert isinstance(doc.data[section], dict)


def test_metrics_page_lists_every_metric_once():
    from site_builder.scoring.metrics import METRICS
    from site_builder.site.reference import metrics_markdown

    rows = [line for line in metrics_markdown().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [m.id for m in METRICS]
    assert "| `availability_pct` | Committed availability (best tier) | % | number |  |" in rows
    assert "| `sla.tier.commitment` | Commitment (SLA) |  | choice | `sla`, `slo`, `best_effort` |" in rows
