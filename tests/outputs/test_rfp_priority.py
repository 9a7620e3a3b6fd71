"""The questionnaire asks first what decides the choice: open questions ordered by value of
information (scoring/decision.py), per persona or for the persona each matters most to.

The race of four vendors is worked by hand in tests/outputs/conftest.py (`race`).
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.outputs.rfp import Priority, priorities, to_markdown, to_xlsx
from tests.outputs.test_rfp import workdir  # noqa: F401 (a fixture)

TODAY = date(2026, 11, 22)


def test_the_totals_are_the_ones_worked_by_hand(race):
    totals = {v: race.board.vendor(v).persona("enterprise").total for v in "abcd"}
    assert totals == pytest.approx({"a": 70.0, "b": 60.0, "c": 36.0, "d": 20.0})


def test_a_question_whose_answer_changes_the_pick_comes_first_and_says_so(race):
    assert priorities(race, "b", "enterprise") == {
        "sla.tiers.claim_window": Priority(
            1, "Enterprise: Time to claim a credit: at least 30 days makes B the top pick."
        )
    }


def test_every_field_a_derived_figure_reads_is_asked_then_by_swing(race):
    # D's availability (swing 60, changes the pick) reads the commitment and the figure: both come
    # first, in question order; its claim window (swing 20, 20 + 20 = 40 < 70) follows.
    got = priorities(race, "d", "enterprise")
    assert list(got) == ["sla.tiers.commitment", "sla.tiers.availability_pct", "sla.tiers.claim_window"]
    assert [p.rank for p in got.values()] == [1, 2, 3]
    assert got["sla.tiers.availability_pct"].why == (
        "Enterprise: Committed availability: at least 99.99% makes D the top pick."
    )
    assert got["sla.tiers.claim_window"].why == (
        "Enterprise: Its answer can move D’s total by up to 20.0 points (Time to claim a credit); "
        "on its own it does not change the pick."
    )


def test_the_pick_is_asked_what_could_only_raise_it(race):
    assert priorities(race, "a", "enterprise") == {
        "pricing.taxes_included": Priority(
            1,
            "Enterprise: Its answer can move A’s total by up to 20.0 points (Taxes included); "
            "on its own it does not change the pick.",
        )
    }


def test_the_workbook_lists_the_decisive_questions_first_with_rank_and_reason(race):
    d = race.vendor("d")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(d, TODAY, priorities(race, "d", "enterprise"))))
    sheet = book["Questions"]
    assert [c.value for c in sheet[1]][7:] == ["Ask first (1 = most)", "Why it matters"]
    first = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert [(r[0], r[7]) for r in first] == [
        ("sla.tiers.commitment", 1),
        ("sla.tiers.availability_pct", 2),
        ("sla.tiers.claim_window", 3),
    ]
    assert sheet.cell(5, 8).value is None  # the rest: no priority, in section order
    keys = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(keys) == len(set(keys))  # each question once


def test_the_markdown_opens_with_the_questions_to_ask_first(race):
    text = to_markdown(race.vendor("b"), TODAY, priorities(race, "b", "enterprise"), "Enterprise")
    ask_first = text.split("## Ask first\n\n", 1)[1].split("\n## ", 1)[0]
    assert ask_first.startswith(
        "The open questions whose answers can change the ranking for Enterprise, most decisive first."
    )
    assert "1. **How long do we have to file a credit claim" in ask_first
    assert "   Enterprise: Time to claim a credit: at least 30 days makes B the top pick." in ask_first
    assert ask_first.count("\n1. ") == 1 and "\n2. " not in ask_first


def test_without_priorities_there_is_no_ask_first_section(race):
    assert "## Ask first" not in to_markdown(race.vendor("b"), TODAY)


def test_the_command_orders_for_a_persona_and_names_an_unknown_one(workdir):  # noqa: F811
    runner = CliRunner()
    result = runner.invoke(cli, ["rfp", "alpha", "--persona", "nobody", "-o", "out"])
    assert result.exit_code == 2
    assert (
        "Invalid value for --persona: unknown persona 'nobody'; choose from: enterprise-24x7" in result.output
    )
    result = runner.invoke(cli, ["rfp", "alpha", "--persona", "regulated", "-o", "out"])
    assert result.exit_code == 0, result.output
    text = (workdir / "out" / "alpha.md").read_text(encoding="utf-8")
    assert "## Ask first" in text and "can change the ranking for Regulated buyer" in text
