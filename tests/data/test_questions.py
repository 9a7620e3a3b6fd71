"""The buyer's questions come from the model, once; a vendor is asked only what its profile leaves unknown."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from site_builder.data.model import HoursWindow, Section, Vendor, fact
from site_builder.data.questions import NOT_ASKED, Question, all_questions, unasked, unknown_questions

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "id": "a",
    "name": "A",
    "products": ["X"],
    "website": "https://a.example.com",
    "last_reviewed": "2026-10-01",
    "sources": [{"id": "s", "title": "T", "kind": "public_terms", "retrieved": "2026-10-01"}],
}


def test_every_question_of_the_model_once_in_order():
    qs = all_questions()
    assert len(qs) == 114 and len({q.path for q in qs}) == 114 and len({q.text for q in qs}) == 114
    assert qs[0] == Question(
        "sla.tiers.editions",
        "sla",
        "editions",
        "Editions",
        "Which product editions does each SLA tier cover?",
    )
    by_path = {q.path: q for q in qs}
    assert by_path["sla.tiers.commitment"] == Question(
        "sla.tiers.commitment",
        "sla",
        "commitment",
        "Commitment",
        "Is the availability figure a contractual SLA with credits, or only an objective?",
    )
    assert (
        by_path["log4j.remediated"].text == "On what date were all customers fully remediated for Log4Shell?"
    )
    assert by_path["sla.tiers.credit_cap_pct"].label == "Credit cap (%)"
    assert by_path["security.breach_notification"].text == (
        "Within how many hours will you notify us of a security breach?"
    )
    # a group of facts (a field holding a record) has one question for the whole record
    assert by_path["support.hours"].text == (
        "What are your support hours (24x7, or which days and times, in which time zone)?"
    )
    assert by_path["sla.tiers.claim_window"].text == (
        "How long do we have to file a credit claim, and from when is that time counted?"
    )
    assert by_path["liability.force_majeure_exempt"].text == (
        "Does the contract excuse you from liability for force majeure, and how does it define force majeure?"
    )
    assert by_path["recovery.rto"].text == (
        "After a disaster, how long until the service is back (your recovery time objective), and is that in the "
        "contract?"
    )
    sections = [q.section for q in qs]
    assert sections == sorted(sections, key=sections.index)  # grouped by section, in the model's order


def test_no_question_text_is_written_twice_in_the_project():
    """The model is the one place a question is written; pages, guide and RFP read questions.py."""
    files = [
        p
        for d in ("site_builder", "templates", "docs")
        for p in (ROOT / d).rglob("*")
        if p.is_file() and p.suffix in (".py", ".html", ".md", ".js", ".yaml")
    ]
    files += [ROOT / "scoring.yaml"]
    # join implicitly concatenated string literals split over lines ("... " \n "...")
    texts = {p: re.sub(r'"\s*\n\s*"', "", p.read_text(encoding="utf-8")) for p in files}
    for q in all_questions():
        holders = [p.relative_to(ROOT).as_posix() for p, t in texts.items() if q.text in t]
        assert len(holders) == 1 and holders[0].startswith("site_builder/data/model"), (q.text, holders)


def test_unknown_facts_become_questions_known_ones_do_not():
    vendor = Vendor.model_validate(
        {
            **BASE,
            "sla": {
                "source": "s",
                "change_notice": "30d",
                "tiers": [{"name": "Gold", "availability_pct": 99.9}, {"name": "Silver"}],
            },
        }
    )
    asked = {a.question.path: a.items for a in unknown_questions(vendor)}
    assert "sla.change_notice" not in asked  # answered
    assert asked["sla.tiers.availability_pct"] == ("Silver",)  # only the tier that does not say
    assert asked["sla.tiers.measurement_period"] == ("Gold", "Silver")
    assert asked["log4j.remediated"] == ()  # a missing section asks all its questions
    assert len(asked) == 114 - 1  # every other question (availability is still asked for Silver)


def test_a_vendor_log4shell_did_not_affect_is_not_asked_when_it_fixed_it():
    for log4j in ({"affected": False}, {"status": "not_affected"}):
        vendor = Vendor.model_validate({**BASE, "log4j": {"source": "s", **log4j}})
        asked = [a.question.path for a in unknown_questions(vendor) if a.question.path.startswith("log4j.")]
        assert asked == (
            ["log4j.statement_url"] if "affected" in log4j else ["log4j.affected", "log4j.statement_url"]
        )
    affected = Vendor.model_validate({**BASE, "log4j": {"source": "s", "affected": True}})
    assert [a.question.path for a in unknown_questions(affected) if a.question.path.startswith("log4j.")] == [
        "log4j.first_response",
        "log4j.mitigated",
        "log4j.remediated",
        "log4j.statement_url",
    ]


def test_a_fully_known_field_or_group_asks_nothing():
    log4j = {
        "affected": True,
        "first_response": "2021-12-10",
        "mitigated": "2021-12-11",
        "remediated": "2021-12-20",
        "statement_url": "https://a.example.com/log4j",
    }
    vendor = Vendor.model_validate(
        {**BASE, "support": {"source": "s", "hours": {"always": True}}, "log4j": {"source": "s", **log4j}}
    )
    asked = [a.question.path for a in unknown_questions(vendor)]
    assert "support.hours" not in asked  # the record is known
    assert not [p for p in asked if p.startswith("log4j.")]  # all its questions answered
    assert len(asked) == 114 - 6


def test_a_wholly_missing_section_asks_its_questions_together():
    asked = unknown_questions(Vendor.model_validate(BASE))
    assert len(asked) == 114 and all(a.items == () for a in asked)
    log4j = [a.question.text for a in asked if a.question.section == "log4j"]
    assert log4j == [
        "Was your service affected by Log4Shell (CVE-2021-44228)?",
        "On what date did you first tell customers about Log4Shell?",
        "On what date were your exposed systems protected against Log4Shell?",
        "On what date were all customers fully remediated for Log4Shell?",
        "Where can we read your public statement on Log4Shell?",
    ]


def test_a_known_empty_list_is_an_answer_only_when_it_is_the_fact_itself():
    vendor = Vendor.model_validate({**BASE, "security": {"source": "s", "certifications": []}})
    asked = {a.question.path for a in unknown_questions(vendor)}
    assert "security.certifications" not in asked  # "none" is a known answer


def test_every_fact_field_has_a_question_or_a_documented_reason_not_to_ask():
    assert unasked() == ()
    # every exemption names a real field (a name used somewhere, or a full path), so none goes stale
    from site_builder.data.questions import _fact_fields, _section_models

    paths = [p for s, m in _section_models() for p, _ in _fact_fields(m, f"{s}.", False)]
    names = {p.rsplit(".", 1)[-1] for p in paths}
    assert [k for k in NOT_ASKED if k not in paths and k not in names] == []
    assert sorted(k for k in NOT_ASKED if "." in k) == [
        "log4j.status",
        "log4j.status_as_of",
        "sla.claim_channel",
        "sla.claim_window",
        "sla.replaces",
    ]


def test_a_new_fact_field_without_a_question_is_named():
    class Grouped(BaseModel):
        first: str | None = fact("A fact of the group.")

    class Extra(Section):
        asked: str | None = fact("Asked.", question="Is it asked?")
        forgotten: int | None = fact("Nobody wrote its question.")
        group: Grouped | None = fact("A record asked as a whole.", question="What is in the group?")
        loose: Grouped | None = fact("A record with no question.")
        hours: HoursWindow | None = fact("Hours with no question.")

    assert unasked([("extra", Extra)]) == (
        "extra.forgotten",
        "extra.loose",
        "extra.loose.first",
        "extra.hours",
        "extra.hours.always",
        "extra.hours.days",
        "extra.hours.start",
        "extra.hours.end",
        "extra.hours.windows",
        "extra.hours.timezone",
        "extra.hours.holidays_excluded",
    )  # (note and source are exempt; the group's question covers group.first)


def test_a_question_names_one_fact_so_it_stays_when_its_neighbour_is_known():
    vendor = Vendor.model_validate(
        {
            **BASE,
            "recovery": {"source": "s", "rpo": "1h"},
            "security": {"source": "s", "encryption_at_rest": True, "mfa": True},
            "control": {"source": "s", "customer_controls_seats": True},
        }
    )
    asked = {a.question.path for a in unknown_questions(vendor)}
    assert {
        "recovery.rto",
        "security.encryption_in_transit",
        "security.sso",
        "control.customer_controls_access",
        "control.change_costs",
    } <= asked
    assert (
        not {"recovery.rpo", "security.encryption_at_rest", "security.mfa", "control.customer_controls_seats"}
        & asked
    )
    by_path = {q.path: q.text for q in all_questions()}
    assert [by_path[p] for p in ("recovery.rpo", "security.encryption_in_transit", "security.sso")] == [
        "After a disaster, how much recent data could we lose (your recovery point objective), and is that in the "
        "contract?",
        "Is our data encrypted whenever it travels over a network (in transit)?",
        "Can our users sign in through our own single sign-on (SAML or OpenID Connect)?",
    ]
