"""scoring.yaml: the shipped declaration, its JSON schema, and every loading error with its exact line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from site_builder.errors import BuildFailed
from site_builder.scoring.criteria import (
    SCHEMA_LINE,
    Criteria,
    criteria_json_schema,
    criteria_schema_text,
    load_criteria,
)

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scoring" / "minimal.yaml"


def problems(tmp_path: Path, old: str, new: str, count: int = 1) -> list[str]:
    """Load the minimal fixture with `old` replaced by `new`; return the report lines."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == count, old
    target = tmp_path / "scoring.yaml"
    target.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        load_criteria(target, "scoring.yaml")
    return str(caught.value.report).splitlines()


def test_the_minimal_fixture_is_valid():
    criteria = load_criteria(MINIMAL)
    assert [c.id for c in criteria.criteria] == ["availability", "claim-window", "taxes"]
    assert criteria.unknown_policy.default == "worst"  # the default policy
    assert criteria.settings.downtime_cost_per_hour == 500_000  # the seed's figure by default


def test_the_shipped_declaration_loads_and_has_the_three_buyers():
    criteria = load_criteria(ROOT / "scoring.yaml")
    assert {"enterprise-24x7", "regulated", "small-business-hours"} <= {p.id for p in criteria.personas}
    assert criteria.unknown_policy.default == "worst"
    assert criteria.criterion("log4j").fresh_days is None  # a Log4J timeline never goes stale
    assert criteria.criterion("price").fresh_days == 90
    assert criteria.criterion("availability").fresh_days == 180
    assert criteria.settings.downtime_cost_per_hour == 500_000


def test_the_shipped_declaration_starts_with_the_schema_line():
    assert (ROOT / "scoring.yaml").read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_every_weighted_criterion_and_every_rule_links_to_a_guide_section():
    criteria = load_criteria(ROOT / "scoring.yaml")
    sections = {g.id: g.link for g in criteria.guide_sections}
    for item in criteria.criteria + criteria.must_haves + criteria.red_flags:
        assert sections[item.guide].startswith("guide/"), item.id


def test_the_committed_schema_is_up_to_date():
    assert (ROOT / "schema" / "scoring.schema.json").read_text(encoding="utf-8") == criteria_schema_text()


def test_the_schema_describes_every_field_and_requires_keys_per_scale_type():
    schema = criteria_json_schema()
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field}"
    rules = {
        r["if"]["properties"]["type"]["const"]: r["then"]["required"]
        for r in schema["$defs"]["Scale"]["allOf"]
    }
    assert rules["thresholds"] == ["otherwise", "steps"]
    assert (
        "marketing"
        in schema["$defs"]["Confidence"]["properties"]["evidence_weights"]["propertyNames"]["enum"]
    )
    json.dumps(schema)


def test_the_model_is_frozen():
    criteria = load_criteria(MINIMAL)
    with pytest.raises(ValidationError, match="frozen"):
        criteria.version = 2
    assert Criteria.model_config["extra"] == "forbid"


# --- loading errors: exact one-line texts ---------------------------------------------------------


def test_unknown_metric_with_did_you_mean(tmp_path):
    assert problems(tmp_path, "metric: availability_pct\n", "metric: availabilty_pct\n") == [
        "scoring.yaml:16:13: error: criteria[id=availability].metric: unknown metric 'availabilty_pct'; "
        "did you mean 'availability_pct'?"
    ]


def test_weight_on_an_unknown_criterion(tmp_path):
    assert problems(tmp_path, "weights: {availability: 3,", "weights: {availabilty: 3,") == [
        "scoring.yaml:61:15: error: personas[id=enterprise].weights.availabilty: unknown criterion 'availabilty'; "
        "did you mean 'availability'?"
    ]


def test_breakpoints_out_of_order(tmp_path):
    assert problems(tmp_path, "{value: 99.9, score: 60}", "{value: 98.9, score: 60}") == [
        "scoring.yaml:22:19: error: criteria[id=availability].scale.points[1].value: values must be in increasing "
        "order: 98.9 follows 99"
    ]


def test_scores_against_the_direction(tmp_path):
    assert problems(tmp_path, "{value: 99.99, score: 100}", "{value: 99.99, score: 50}") == [
        "scoring.yaml:23:33: error: criteria[id=availability].scale.points[2].score: scores must rise as the value "
        "rises (direction: higher): 50 follows 60"
    ]


def test_thresholds_listed_worst_first(tmp_path):
    old = "        - {value: 720, score: 100}\n        - {value: 168, score: 50}\n"
    new = "        - {value: 168, score: 100}\n        - {value: 720, score: 50}\n"
    assert problems(tmp_path, old, new) == [
        "scoring.yaml:36:19: error: criteria[id=claim-window].scale.steps[1].value: values must be in decreasing "
        "order: 720 follows 168"
    ]


def test_unknown_guide_section(tmp_path):
    assert problems(
        tmp_path, "    guide: sla\n    fresh_days: 180", "    guide: sl\n    fresh_days: 180"
    ) == [
        "scoring.yaml:25:12: error: criteria[id=availability].guide: unknown guide section 'sl'; did you mean 'sla'?"
    ]


def test_a_scale_that_does_not_fit_the_metric(tmp_path):
    assert problems(tmp_path, "metric: pricing.taxes_included", "metric: availability_pct") == [
        "scoring.yaml:45:19: error: criteria[id=taxes].scale.type: a boolean scale does not fit metric "
        "'availability_pct' (number); use breakpoints or thresholds"
    ]


def test_a_scale_missing_a_key(tmp_path):
    assert problems(tmp_path, "      otherwise: 0\n", "") == [
        "scoring.yaml:33:7: error: criteria[id=claim-window].scale: a thresholds scale needs 'otherwise'"
    ]


def test_a_key_that_does_not_belong_to_the_scale_type(tmp_path):
    assert problems(tmp_path, "when_false: 0}", "when_false: 0, otherwise: 5}") == [
        "scoring.yaml:45:59: error: criteria[id=taxes].scale.otherwise: 'otherwise' does not belong in a boolean scale"
    ]


def test_a_number_scale_needs_a_direction(tmp_path):
    assert problems(
        tmp_path, "    metric: availability_pct\n    direction: higher\n", "    metric: availability_pct\n"
    ) == [
        "scoring.yaml:13:5: error: criteria[id=availability]: a number scale needs 'direction: higher' or "
        "'direction: lower'"
    ]


def test_a_score_out_of_range(tmp_path):
    assert problems(tmp_path, "{value: 99.0, score: 0}", "{value: 99.0, score: 120}") == [
        "scoring.yaml:21:32: error: criteria[id=availability].scale.points[0].score: must be between 0 and 100 (got 120)"
    ]


def test_a_must_have_with_two_tests(tmp_path):
    assert problems(tmp_path, "at_least: 99.99,", "at_least: 99.99, at_most: 100,") == [
        "scoring.yaml:49:5: error: must_haves[id=sla-99-99]: give exactly one test of: above, at_least, below, "
        "at_most, equals, one_of, includes_any (found at_least, at_most)"
    ]


def test_a_test_that_does_not_fit_the_metric(tmp_path):
    assert problems(
        tmp_path, "metric: availability_pct, at_least", "metric: pricing.taxes_included, at_least"
    ) == [
        "scoring.yaml:49:84: error: must_haves[id=sla-99-99].at_least: 'at_least' does not fit metric "
        "'pricing.taxes_included' (bool)"
    ]


def test_a_value_outside_the_metrics_vocabulary(tmp_path):
    old = "metric: availability_pct, at_least: 99.99,"
    new = "metric: tenant_isolation.residency_regions, includes_any: [eu, europe],"
    lines = problems(tmp_path, old, new)
    assert lines == [
        "scoring.yaml:49:115: error: must_haves[id=sla-99-99].includes_any[1]: 'europe' is not a value of "
        "'tenant_isolation.residency_regions'; expected one of: us, us-gov, ca, br, eu, uk, ch, de, fr, au, nz, jp, "
        "kr, in, sg, za, ae"
    ]


def test_a_red_flag_message_with_an_unknown_placeholder(tmp_path):
    assert problems(tmp_path, '"Early termination costs {value}', '"Early termination costs {vendor}') == [
        "scoring.yaml:55:14: error: red_flags[id=full-fee].message: unknown placeholder {vendor}; use {value} or {label}"
    ]


def test_evidence_weights_must_name_every_kind_and_only_kinds(tmp_path):
    assert problems(tmp_path, "marketing: 0.3", "marketting: 0.3") == [
        "scoring.yaml:4:21: error: confidence.evidence_weights: no weight for evidence kind: marketing",
        "scoring.yaml:5:49: error: confidence.evidence_weights.marketting: unknown evidence kind 'marketting'; "
        "did you mean 'marketing'?",
    ]


def test_a_persona_requiring_an_unknown_must_have(tmp_path):
    assert problems(tmp_path, "must_haves: [sla-99-99]", "must_haves: [sla-9999]") == [
        "scoring.yaml:62:18: error: personas[id=enterprise].must_haves[0]: unknown must-have 'sla-9999'; "
        "did you mean 'sla-99-99'?"
    ]


def test_a_persona_without_any_weight(tmp_path):
    old = "weights: {availability: 3, claim-window: 1, taxes: 1}"
    assert problems(tmp_path, old, "weights: {availability: 0}") == [
        "scoring.yaml:61:14: error: personas[id=enterprise].weights: a persona needs at least one criterion with a "
        "weight above 0"
    ]


def test_duplicate_criterion_ids(tmp_path):
    assert problems(tmp_path, "  - id: taxes\n", "  - id: availability\n") == [
        "scoring.yaml:40:9: error: criteria[id=availability].id: duplicate id 'availability' (first used by criteria[0])",
        "scoring.yaml:61:49: error: personas[id=enterprise].weights.taxes: unknown criterion 'taxes'; "
        "expected one of: availability, claim-window, availability",
    ]


def test_an_unknown_top_level_key(tmp_path):
    lines = problems(tmp_path, "personas:\n", "persona:\n")
    assert "scoring.yaml:57:1: error: persona: unknown key 'persona'; did you mean 'personas'?" in lines
    assert "scoring.yaml:2:1: error: personas: required field is missing" in lines


def test_exit_after_the_end_of_the_term(tmp_path):
    assert problems(
        tmp_path, "version: 1\n", "version: 1\nsettings: {term_months: 12, exit_after_months: 18}\n"
    ) == [
        "scoring.yaml:3:48: error: settings.exit_after_months: exit after 18 months is beyond the term of 12"
    ]


def test_a_price_criterion_needs_its_currency(tmp_path):
    old = "    metric: claim_window_h\n"
    lines = problems(tmp_path, old, "    metric: price_per_agent_month\n")
    assert lines == [
        "scoring.yaml:27:5: error: criteria[id=claim-window]: metric 'price_per_agent_month' is a price: give 'unit', "
        "the currency the scale is in"
    ]


def test_yaml_syntax_errors_are_reported_not_raised(tmp_path):
    assert problems(tmp_path, "version: 1\n", "version: [1\n") == [
        "scoring.yaml:3:11: error: YAML syntax error: did not find expected ',' or ']'"
    ]
