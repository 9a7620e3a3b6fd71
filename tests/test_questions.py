"""The buyer's questions come from the model, once; a vendor is asked only what its profile leaves unknown."""

from __future__ import annotations

from site_builder.model import Vendor
from site_builder.questions import all_questions, unknown_questions

BASE = {"id": "a", "name": "A", "products": ["X"], "website": "https://a.example.com", "last_reviewed": "2026-10-01",
        "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}]}  # fmt: skip


def test_every_question_of_the_model_once_in_order():
    qs = all_questions()
    assert len(qs) == 61 and len({q.path for q in qs}) == 61
    assert qs[0].path == "sla.tiers.commitment"
    assert next(q for q in qs if q.path == "log4j.remediated").text == (
        "On what date were all customers fully remediated for Log4Shell?"
    )
    assert [q.section for q in qs] == sorted((q.section for q in qs), key=[q.section for q in qs].index)


def test_unknown_facts_become_questions_known_ones_do_not():
    vendor = Vendor.model_validate({**BASE, "sla": {"source": "s", "change_notice": "30d", "tiers": [
        {"name": "Gold", "availability_pct": 99.9}, {"name": "Silver"}]}})  # fmt: skip
    asked = {a.question.path: a.items for a in unknown_questions(vendor)}
    assert "sla.change_notice" not in asked  # answered
    assert asked["sla.tiers.availability_pct"] == ("Silver",)  # only the tier that does not say
    assert asked["sla.tiers.measurement_period"] == ("Gold", "Silver")
    assert asked["log4j.remediated"] == ()  # a missing section asks all its questions
    assert len(asked) == 61 - 1 - 0  # every other question (availability is still asked for Silver)


def test_a_known_empty_list_is_an_answer_only_when_it_is_the_fact_itself():
    vendor = Vendor.model_validate({**BASE, "security": {"source": "s", "certifications": []}})
    asked = {a.question.path for a in unknown_questions(vendor)}
    assert "security.certifications" not in asked  # "none" is a known answer
