"""The buyer's questions come from the model, once; a vendor is asked only what its profile leaves unknown."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.model import Vendor
from site_builder.questions import Question, all_questions, unknown_questions

ROOT = Path(__file__).resolve().parent.parent
BASE = {"id": "a", "name": "A", "products": ["X"], "website": "https://a.example.com", "last_reviewed": "2026-10-01",
        "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}]}  # fmt: skip


def test_every_question_of_the_model_once_in_order():
    qs = all_questions()
    assert len(qs) == 61 and len({q.path for q in qs}) == 61 and len({q.text for q in qs}) == 61
    assert qs[0] == Question("sla.tiers.commitment", "sla", "commitment", "Commitment",
                             "Is the availability figure a contractual SLA with credits, or only an objective?")
    by_path = {q.path: q for q in qs}
    assert by_path["log4j.remediated"].text == "On what date were all customers fully remediated for Log4Shell?"
    assert by_path["sla.tiers.credit_cap_pct"].label == "Credit cap (%)"
    assert by_path["security.breach_notification"].text == (
        "Within how many hours will you notify us of a security breach?")
    # a group of facts (a field holding a record) has one question for the whole record
    assert by_path["support.hours"].text == (
        "What are your support hours (24x7, or which days and times, in which time zone)?")
    assert by_path["sla.tiers.claim_window"].text == "By when, and how, must a credit claim be filed?"
    sections = [q.section for q in qs]
    assert sections == sorted(sections, key=sections.index)  # grouped by section, in the model's order


def test_no_question_text_is_written_twice_in_the_project():
    """The model is the one place a question is written; pages, guide and RFP read questions.py."""
    files = [p for d in ("site_builder", "templates", "docs") for p in (ROOT / d).rglob("*") if p.is_file()
             and p.suffix in (".py", ".html", ".md", ".js", ".yaml")]  # fmt: skip
    files += [ROOT / "scoring.yaml"]
    # join implicitly concatenated string literals split over lines ("... " \n "...")
    texts = {p: re.sub(r'"\s*\n\s*"', "", p.read_text(encoding="utf-8")) for p in files}
    for q in all_questions():
        holders = [p.relative_to(ROOT).as_posix() for p, t in texts.items() if q.text in t]
        assert holders == ["site_builder/model.py"], (q.text, holders)


def test_unknown_facts_become_questions_known_ones_do_not():
    vendor = Vendor.model_validate({**BASE, "sla": {"source": "s", "change_notice": "30d", "tiers": [
        {"name": "Gold", "availability_pct": 99.9}, {"name": "Silver"}]}})  # fmt: skip
    asked = {a.question.path: a.items for a in unknown_questions(vendor)}
    assert "sla.change_notice" not in asked  # answered
    assert asked["sla.tiers.availability_pct"] == ("Silver",)  # only the tier that does not say
    assert asked["sla.tiers.measurement_period"] == ("Gold", "Silver")
    assert asked["log4j.remediated"] == ()  # a missing section asks all its questions
    assert len(asked) == 61 - 1  # every other question (availability is still asked for Silver)


def test_a_fully_known_field_or_group_asks_nothing():
    vendor = Vendor.model_validate({**BASE, "support": {"source": "s", "hours": {"always": True}},
                                    "log4j": {"source": "s", "affected": False, "remediated": "2021-12-20"}})
    asked = [a.question.path for a in unknown_questions(vendor)]
    assert "support.hours" not in asked  # the record is known
    assert not [p for p in asked if p.startswith("log4j.")]  # both its questions answered
    assert len(asked) == 61 - 3


def test_a_wholly_missing_section_asks_its_questions_together():
    asked = unknown_questions(Vendor.model_validate(BASE))
    assert len(asked) == 61 and all(a.items == () for a in asked)
    log4j = [a.question.text for a in asked if a.question.section == "log4j"]
    assert log4j == ["Was your service affected by Log4Shell (CVE-2021-44228)?",
                     "On what date were all customers fully remediated for Log4Shell?"]


def test_a_known_empty_list_is_an_answer_only_when_it_is_the_fact_itself():
    vendor = Vendor.model_validate({**BASE, "security": {"source": "s", "certifications": []}})
    asked = {a.question.path for a in unknown_questions(vendor)}
    assert "security.certifications" not in asked  # "none" is a known answer
