"""The scale and condition registries are the one declaration: the YAML schema, the record's fields,
scoring, checks, markers and the methodology all follow them."""

import pytest

from site_builder.scoring.conditions import (
    TESTS,
    Condition,
    condition_met,
    describe_condition,
    parse_condition,
)
from site_builder.scoring.criteria import criteria_json_schema
from site_builder.scoring.scales import SCALES, Scale, Step


def test_the_scoring_schema_and_records_follow_the_registries():
    defs = criteria_json_schema()["$defs"]
    assert defs["Scale"]["properties"]["type"]["enum"] == list(SCALES)
    assert [rule["if"]["properties"]["type"]["const"] for rule in defs["Scale"]["allOf"]] == list(SCALES)
    assert list(Condition.model_fields) == ["metric", *TESTS]
    assert list(defs["MustHave"]["properties"])[:8] == ["metric", *TESTS]  # a must-have is a condition


@pytest.mark.parametrize(
    ("key", "value", "limit", "met", "words"),
    [
        ("above", 99.95, 99.9, True, "above 99.9%"),
        ("above", 99.9, 99.9, False, "above 99.9%"),
        ("at_least", 99.9, 99.9, True, "at least 99.9%"),
        ("below", 24.0, 24.0, False, "below 24%"),
        ("at_most", 24.0, 24.0, True, "at most 24%"),
        ("equals", False, False, True, "no"),
        ("one_of", "slo", ("sla", "slo"), True, "one of sla, slo"),
        ("includes_any", ("eu",), ("us", "uk"), False, "including any of us, uk"),
    ],
)
def test_each_test_is_met_and_worded_by_its_registry_entry(key, value, limit, met, words):
    cond = Condition(metric="availability_pct", **{key: limit})
    assert cond.test() == (key, limit)
    assert condition_met(cond, value) is met
    assert describe_condition(cond, "%") == words


def test_a_marker_limit_is_parsed_by_its_test():
    assert parse_condition("availability_pct", "at_least", "99.9").at_least == 99.9
    with pytest.raises(ValueError, match=r"^at_least needs a number \(got 'high'\)$"):
        parse_condition("availability_pct", "at_least", "high")


def test_a_thresholds_scale_scores_the_first_step_met_and_falls_back_to_otherwise():
    scale = Scale(
        type="thresholds", steps=(Step(value=99.99, score=100), Step(value=99.9, score=60)), otherwise=0
    )
    assert [scale.score("higher", v) for v in (99.995, 99.95, 99.5)] == [100, 60, 0]
    assert scale.outcomes() == [100, 60, 0]
    lower = Scale(type="thresholds", steps=(Step(value=4, score=100), Step(value=24, score=50)), otherwise=0)
    assert [lower.score("lower", h) for h in (2, 4, 8, 48)] == [100, 100, 50, 0]
