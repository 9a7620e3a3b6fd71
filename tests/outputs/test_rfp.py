"""The RFP questionnaire round trip: export, fill the answers, import, validate, values land in the
profile, edited in place (only added lines), read by the field's type, idempotent."""

from __future__ import annotations

import difflib
import shutil
import typing
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.data.load import load_bytes, load_file
from site_builder.data.model import Vendor
from site_builder.data.questions import all_questions
from site_builder.data.values import Duration
from site_builder.data.words import format_value
from site_builder.data.yaml_edit import CannotEditInPlace, insert_additions
from site_builder.outputs.rfp import lines
from site_builder.outputs.rfp_import import (
    Answer,
    BadValue,
    Filled,
    field_of,
    import_answers,
    parse_answer,
    read_answers,
    same,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "vendors", tmp_path / "vendors")
    shutil.copy(ROOT / "scoring.yaml", tmp_path / "scoring.yaml")  # the questions are ordered by it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    return tmp_path


def fill(
    path: Path,
    answers: dict[str, object],
    answered_on: object = "2026-11-20",
    formats: dict[str, str] | None = None,
) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(path)
    if answered_on:
        book["About"]["B4"] = answered_on
    sheet = book["Questions"]
    keys = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for key, text in answers.items():
        sheet.cell(keys[key], 6).value = text
        if key in (formats or {}):
            sheet.cell(keys[key], 6).number_format = formats[key]
    out = path.with_name("filled.xlsx")
    book.save(out)
    return out


def row_of(path: Path, key: str) -> int:
    import openpyxl

    sheet = openpyxl.load_workbook(path)["Questions"]
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == key)


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(added lines, removed lines) of a line diff."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("+ ")], [d[2:] for d in diff if d.startswith("- ")]


def test_export_lists_every_question_with_what_is_on_record(workdir):
    import openpyxl

    result = CliRunner().invoke(cli, ["rfp", "alpha"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(workdir / "dist" / "rfp" / "alpha.xlsx")["Questions"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["sla.tiers[name=Enterprise].availability_pct"][4] == "99.99"
    assert (
        rows["sla.tiers[name=Enterprise].availability_pct"][6]
        == "Alpha service level agreement (public terms, 2026-03-01)"
    )
    assert rows["log4j.remediated"][4] == "unknown"
    assert len(rows) == len(all_questions())  # alpha has one SLA tier: one line per question
    assert {sheet.cell(i, 6).number_format for i in range(2, sheet.max_row + 1)} == {
        "@"
    }  # answers stay as typed
    md = (workdir / "dist" / "rfp" / "alpha.md").read_text()
    assert md.startswith("# Questionnaire for Alpha Contact\n") and "On record: unknown. Answer:" in md


def test_import_adds_answers_cites_the_questionnaire_and_keeps_known_facts(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    filled = fill(
        workdir / "dist" / "rfp" / "alpha.xlsx",
        {
            "log4j.remediated": "2021-12-20",
            "security.breach_notification": "24h",
            "sla.tiers[name=Enterprise].credit_cap_pct": "50",  # same as on record
            "sla.tiers[name=Enterprise].availability_pct": "99.95",  # differs from 99.99: a contradiction
        },
    )
    before = load_file(workdir / "vendors" / "alpha.yaml")[0].data  # our loader: YAML 1.2, dates stay text
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [  # in key order
        "added: log4j.remediated: remediated: 2021-12-20",
        "added: security.breach_notification: breach_notification: 24h",
        "conflict: sla.tiers[name=Enterprise].availability_pct: kept 99.99, recorded the answer 99.95 as a contradiction",
        "same: sla.tiers[name=Enterprise].credit_cap_pct: confirms what is on record",
    ]
    after = load_file(workdir / "vendors" / "alpha.yaml")[0].data
    assert after["log4j"] == {"source": "rfp-2026-11-20", "remediated": "2021-12-20"}
    assert after["security"] == {"source": "rfp-2026-11-20", "breach_notification": "24h"}
    assert after["sla"]["tiers"][0]["availability_pct"] == 99.99  # never overwritten
    assert after["contradictions"] == [
        {
            "field": "sla.tiers[name=Enterprise].availability_pct",
            "summary": "The profile says 99.99; the questionnaire answer says 99.95.",
            "sources": ["alpha-sla", "rfp-2026-11-20"],
        }
    ]
    assert after["sources"][-1] == {
        "id": "rfp-2026-11-20",
        "title": "Alpha Contact's answers to our RFP questionnaire",
        "kind": "questionnaire",
        "retrieved": "2026-11-20",
    }
    for key, value in before.items():  # everything else is still there
        if key not in ("sources", "contradictions", "log4j", "security"):
            assert after[key] == value, key
    assert CliRunner().invoke(cli, ["validate", "vendors/alpha.yaml", "--strict"]).exit_code == 0


def test_usage_errors(workdir):
    assert CliRunner().invoke(cli, ["rfp"]).exit_code == 2
    assert CliRunner().invoke(cli, ["rfp", "nobody"]).exit_code == 2
    assert CliRunner().invoke(cli, ["rfp", "import"]).exit_code == 2


# --- editing in place ---------------------------------------------------------------------------


def test_import_into_a_real_profile_adds_lines_and_changes_no_other(workdir):
    shutil.copy(ROOT / "vendors" / "oki-toki.yaml", workdir / "vendors" / "oki-toki.yaml")
    CliRunner().invoke(cli, ["rfp", "oki-toki"])
    filled = fill(workdir / "dist" / "rfp" / "oki-toki.xlsx", {"sla.change_notice": "7 days"})
    before = (workdir / "vendors" / "oki-toki.yaml").read_text()
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "added: sla.change_notice: change_notice: 7d\n"
    after = (workdir / "vendors" / "oki-toki.yaml").read_text()
    added, removed = changes(before, after)
    assert removed == []
    assert added == [
        "  - id: rfp-2026-11-20",
        "    title: Oki-Toki's answers to our RFP questionnaire",
        "    kind: questionnaire",
        "    retrieved: 2026-11-20",
        "  change_notice: 7d",
        "  fact_sources:",
        "    change_notice: rfp-2026-11-20",
    ]
    assert after.splitlines()[28:33] == [  # the new source ends the list, before the blank line
        "  - id: rfp-2026-11-20",
        "    title: Oki-Toki's answers to our RFP questionnaire",
        "    kind: questionnaire",
        "    retrieved: 2026-11-20",
        "",
    ]
    data = load_file(workdir / "vendors" / "oki-toki.yaml")[0].data
    assert data["sla"]["change_notice"] == "7d" and data["sources"][-1]["retrieved"] == "2026-11-20"
    assert CliRunner().invoke(cli, ["validate", "vendors/oki-toki.yaml", "--strict"]).exit_code == 0


def test_a_new_section_follows_the_files_layout(workdir):
    shutil.copy(ROOT / "vendors" / "oki-toki.yaml", workdir / "vendors" / "oki-toki.yaml")
    CliRunner().invoke(cli, ["rfp", "oki-toki"])
    filled = fill(
        workdir / "dist" / "rfp" / "oki-toki.xlsx", {"log4j.affected": "No", "log4j.remediated": "2022-01-10"}
    )
    before = (workdir / "vendors" / "oki-toki.yaml").read_text()
    assert CliRunner().invoke(cli, ["rfp", "import", str(filled)]).exit_code == 0
    after = (workdir / "vendors" / "oki-toki.yaml").read_text()
    added, removed = changes(before, after)
    assert removed == [] and added[4:] == [
        "",
        "log4j:",
        "  source: rfp-2026-11-20",
        "  affected: false",
        "  remediated: 2022-01-10",
    ]
    assert after.endswith(
        "users.\n\nlog4j:\n  source: rfp-2026-11-20\n  affected: false\n  remediated: 2022-01-10\n"
    )


def test_every_open_question_of_every_real_profile_is_added_without_touching_other_lines(tmp_path):
    today = date(2026, 11, 22)
    for path in sorted((ROOT / "vendors").glob("*.yaml")):
        text = path.read_text()
        doc = load_bytes(text.encode(), path.name)[0]
        vendor = Vendor.model_validate(doc.data)
        affected = (
            "yes" if vendor.log4j and vendor.log4j.status in ("affected", "fixed", "investigating") else "no"
        )
        answers = tuple(
            Answer(r.key, f"Questions!F{i}", affected if r.key == "log4j.affected" else _an_answer(r.key))
            for i, r in enumerate(lines(vendor), 2)
            if not r.current
            and r.key.count(".") + r.key.count("[") != 2
            and (vendor.sla or not r.key.startswith("sla."))
        )
        imported = import_answers(doc, text, Filled(vendor.id, None, answers), today=today)
        _added, removed = changes(text, imported.text)
        assert removed == [], path.name
        assert {o.status for o in imported.outcomes} == {"added"}, path.name
        again = load_bytes(imported.text.encode(), path.name)[0]
        assert (
            import_answers(again, imported.text, Filled(vendor.id, None, answers), today=today).changed
            is False
        )


def _an_answer(key: str) -> str:
    """A valid answer for any question, typed the way a vendor would."""
    examples = {
        "claim_window": "Within: 30 days; Starts: month end",
        "hours": "Always: yes",
        "severities": "[{level: 1, response: 1h}]",
        "credits": "[{below_pct: 99.9, credit_pct: 10}]",
        "planned_windows": "[{count: 1, per: month, duration: 4h}]",
        "retention": "[{data: calls, period: 30d}]",
        "list_prices": "[{name: Seat, amount: 100, unit: per_agent_month}]",
        "currency": "USD",
        "certifications": "SOC 2, ISO 27001",
        "components": "[{name: Voice, availability_pct: 99.9}]",
        "programmes": "[{name: Premium, named_account_manager: true}]",
        "status_page": "https://status.example.com",
        "statement_url": "https://vendor.example.com/log4j",
    }
    name = key.rsplit(".", 1)[1]
    info = field_of(key)
    kind = next(a for a in typing.get_args(info.annotation) if a is not type(None))
    kind = typing.get_args(kind)[0] if typing.get_origin(kind) is typing.Annotated else kind
    if name in examples:
        return examples[name]
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        return (
            ", ".join(format_value(o) for o in typing.get_args(item)[:2]) if typing.get_args(item) else "A, B"
        )
    if typing.get_origin(kind) is typing.Literal:
        return format_value(typing.get_args(kind)[0])
    return {
        bool: "yes",
        Duration: "7 days",
        date: "2022-01-10",
        int: "10",
        str: "As agreed in the contract",
    }.get(kind, "99.9%" if name.endswith("_pct") else "12")


# --- answers read by the field's type -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answer", "written"),
    [
        ("sla.tiers[name=A].sole_remedy", "Yes", True),
        ("sla.tiers[name=A].sole_remedy", "FALSE", False),
        ("sla.tiers[name=A].sole_remedy", True, True),  # a boolean cell
        ("sla.change_notice", "7 days", "7d"),
        ("sla.change_notice", "7d", "7d"),
        ("sla.change_notice", "1 day", "1d"),
        ("sla.change_notice", "2 business days", "2bd"),
        ("sla.change_notice", "72 H", "72h"),
        ("sla.change_notice", "1.5 hours", "1.5h"),
        ("sla.change_notice", "15min", "15min"),
        ("sla.tiers[name=A].availability_pct", "99.9%", 99.9),
        ("sla.tiers[name=A].availability_pct", "99.9 %", 99.9),
        ("sla.tiers[name=A].availability_pct", 99.9, 99.9),
        ("sla.tiers[name=A].credit_cap_pct", "50", 50),
        ("pricing.minimum_seats", "10", 10),
        ("pricing.minimum_seats", 10.0, 10),
        ("log4j.remediated", "2021-12-20", "2021-12-20"),
        ("log4j.remediated", datetime(2021, 12, 20), "2021-12-20"),  # a date cell
        ("sla.tiers[name=A].commitment", "best effort", "best_effort"),
        ("sla.tiers[name=A].commitment", "SLA", "sla"),
        ("sla.tiers[name=A].measurement_period", "Month", "month"),
        ("security.certifications", "SOC 2, iso27001", ["soc2", "iso27001"]),
        ("sla.tiers[name=A].exclusions", "none", []),
        ("tenant_isolation.residency_regions", "EU, US-gov", ["eu", "us-gov"]),
        ("exit.export_formats", "CSV, JSON", ["CSV", "JSON"]),
        (
            "sla.tiers[name=A].claim_window",
            "Within: 30 days; Starts: month end",
            {"within": "30d", "starts": "month_end"},
        ),
        (
            "sla.tiers[name=A].claim_window",
            "{within: 30d, starts: incident}",
            {"within": "30d", "starts": "incident"},
        ),
        ("liability.cap", "12 months of fees", "12 months of fees"),
    ],
)
def test_answers_are_read_by_the_fields_type(key, answer, written):
    assert parse_answer(key, answer)[0] == written


@pytest.mark.parametrize(
    ("key", "answer", "message"),
    [
        ("sla.change_notice", "soon", "expected a duration such as 30d or 72h"),
        ("sla.change_notice", "30", "expected a duration such as 30d or 72h"),
        ("sla.tiers[name=A].sole_remedy", "maybe", "expected yes or no"),
        ("sla.tiers[name=A].availability_pct", "high", "expected a percentage such as 99.95 or 99.95%"),
        ("sla.tiers[name=A].availability_pct", "150", "must be between 0 and 100"),
        ("pricing.minimum_seats", "2.5", "expected a whole number such as 10"),
        ("log4j.remediated", "20/12/2021", "expected a date written YYYY-MM-DD"),
        ("log4j.remediated", "2021-02-30", "expected a real calendar date written YYYY-MM-DD"),
        (
            "sla.tiers[name=A].measurement_period",
            "weekly",
            "expected one of: month, quarter, year, event, session",
        ),
        (
            "security.certifications",
            "SOC 2, ISO 9001",
            "expected one of: SOC 1, SOC 2, SOC 3, ISO 27001, ISO 27017, "
            "ISO 27018, ISO 27701, ISO 22301, PCI DSS, HIPAA, HITRUST, C5, FedRAMP, IRAP, csa star, cyber essentials",
        ),
        ("pricing.currency", "dollars", "expected a three-letter ISO 4217 currency code"),
        (
            "sla.tiers[name=A].claim_window",
            "a month",
            "expected Within: ...; Starts: ... (or a YAML mapping)",
        ),
        (
            "sla.tiers[name=A].credits",
            "10% below 99.9",
            "expected a YAML list of mappings with the fields below_pct, min_outage, credit_pct, credit_days, credit_amount, label",
        ),
        (
            "sla.tiers.availability_pct",
            "99.9",
            "the profile lists no sla.tiers; add the item to the profile first",
        ),
        ("sla.source", "x", "not a question of the questionnaire (was the hidden Key column changed?)"),
    ],
)
def test_an_answer_that_is_not_a_value_of_its_field_says_what_was_expected(key, answer, message):
    with pytest.raises(BadValue) as caught:
        parse_answer(key, answer)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (Duration(7, "d"), Duration(1, "w"), True),
        (Duration(2, "d"), Duration(2, "bd"), False),
        (("eu", "us"), ("us", "eu"), True),
        (("eu",), ("eu", "us"), False),
        ("Per  region", "per region", True),
    ],
)
def test_same_compares_normalised_values(a, b, equal):
    assert same(a, b) is equal


# --- the command: confirmations, re-import, errors ------------------------------------------------


def test_answers_typed_as_the_questionnaire_shows_them_confirm_the_record(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    tier = "sla.tiers[name=Enterprise]"
    filled = fill(
        workdir / "dist" / "rfp" / "alpha.xlsx",
        {
            f"{tier}.sole_remedy": "yes",  # true on record
            "sla.change_notice": "30 days",  # 30d
            f"{tier}.availability_pct": "99.99%",  # 99.99
            f"{tier}.credit_cap_pct": 0.5,  # typed "50%" in a spreadsheet: 0.5 shown as a percentage
            f"{tier}.measurement_period": "Month",
            f"{tier}.exclusions": "Force majeure, planned maintenance",  # another order
            f"{tier}.claim_window": "Within: 30 days; Starts: month end",  # as the questionnaire shows it
        },
        formats={f"{tier}.credit_cap_pct": "0%"},
    )
    original = (workdir / "vendors" / "alpha.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "same: sla.change_notice: confirms what is on record",
        f"same: {tier}.availability_pct: confirms what is on record",
        f"same: {tier}.claim_window: confirms what is on record",
        f"same: {tier}.credit_cap_pct: confirms what is on record",
        f"same: {tier}.exclusions: confirms what is on record",
        f"same: {tier}.measurement_period: confirms what is on record",
        f"same: {tier}.sole_remedy: confirms what is on record",
    ]
    assert result.stderr == "nothing to add: every answer is already on record\n"
    assert (workdir / "vendors" / "alpha.yaml").read_bytes() == original


def test_a_whole_percentage_typed_in_a_percent_cell_is_read_as_that_percentage(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    key = "pricing.early_termination_fee_pct"
    filled = fill(
        workdir / "dist" / "rfp" / "alpha.xlsx",
        {key: 1, "sla.change_notice": 0.5},
        formats={key: "0%", "sla.change_notice": "0%"},
    )
    answers = {a.key: a.value for a in read_answers(filled.read_bytes()).answers}
    assert answers[key] == 100  # Excel stores a typed "100%" as the integer 1, not as 1%
    assert answers["sla.change_notice"] == 50


def test_importing_the_same_answers_again_changes_nothing(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    filled = fill(
        workdir / "dist" / "rfp" / "alpha.xlsx",
        {
            "log4j.remediated": "2021-12-20",
            "sla.tiers[name=Enterprise].sole_remedy": "no",  # yes on record: a contradiction
        },
    )
    first = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "added: log4j.remediated: remediated: 2021-12-20",
        "conflict: sla.tiers[name=Enterprise].sole_remedy: kept yes, recorded the answer no as a contradiction",
    ]
    assert first.stderr == "1 answer(s) added to vendors/alpha.yaml, 1 contradiction(s) recorded\n"
    written = (workdir / "vendors" / "alpha.yaml").read_bytes()
    assert written.decode().endswith(
        "log4j:\n  source: rfp-2026-11-20\n  remediated: 2021-12-20\ncontradictions:\n"
        "  - field: sla.tiers[name=Enterprise].sole_remedy\n"
        "    summary: The profile says yes; the questionnaire answer says no.\n"
        "    sources: [alpha-sla, rfp-2026-11-20]\n"
    )
    again = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        "same: log4j.remediated: confirms what is on record",
        "recorded: sla.tiers[name=Enterprise].sole_remedy: kept yes; the answer no is already recorded as a contradiction",
    ]
    assert again.stderr == "nothing to add: every answer is already on record\n"
    assert (workdir / "vendors" / "alpha.yaml").read_bytes() == written
    assert written.count(b"id: rfp-2026-11-20") == 1


def test_every_bad_answer_is_reported_at_its_cell_and_nothing_is_written(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    xlsx = workdir / "dist" / "rfp" / "alpha.xlsx"
    filled = fill(
        xlsx,
        {
            "security.breach_notification": "soon",
            "log4j.remediated": "2021-12-20",  # fine, but not written either
            "sla.tiers[name=Enterprise].premium_available": "maybe",
            "sla.tiers[name=Enterprise].credit_cap_pct": "150",
        },
        answered_on="next week",
    )
    original = (workdir / "vendors" / "alpha.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 1
    f = "dist/rfp/filled.xlsx"
    cells = sorted(  # reported in the sheet's order (the questions that matter most come first)
        (row_of(xlsx, key), f"{f}:Questions!F{row_of(xlsx, key)}: error: {key}: {message}")
        for key, message in [
            ("sla.tiers[name=Enterprise].credit_cap_pct", "must be between 0 and 100 (got '150')"),
            ("sla.tiers[name=Enterprise].premium_available", "expected yes or no (got 'maybe')"),
            ("security.breach_notification", "expected a duration such as 30d or 72h (got 'soon')"),
        ]
    )
    assert result.stdout.splitlines() == [
        f"{f}:About!B4: error: answered on: expected a date written YYYY-MM-DD (got 'next week')",
        *(line for _, line in cells),
    ]
    assert result.stderr == "not written: 4 answer(s) cannot be taken (vendors/alpha.yaml is unchanged)\n"
    assert (workdir / "vendors" / "alpha.yaml").read_bytes() == original


def test_an_answer_about_a_section_the_profile_lacks_leaves_no_section_behind(workdir):
    CliRunner().invoke(cli, ["rfp", "beta"])  # beta has no SLA: its questions about tiers name no tier
    xlsx = workdir / "dist" / "rfp" / "beta.xlsx"
    filled = fill(xlsx, {"sla.tiers.availability_pct": "99.9", "sla.change_notice": "30d"})
    original = (workdir / "vendors" / "beta.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"dist/rfp/filled.xlsx:Questions!F{row_of(xlsx, 'sla.tiers.availability_pct')}: error: "
        "sla.tiers.availability_pct: the profile lists no sla.tiers; add the item to the profile first (got '99.9')",
        f"dist/rfp/filled.xlsx:Questions!F{row_of(xlsx, 'sla.change_notice')}: error: sla.change_notice: "
        "the profile has no sla section, and a new one needs tiers; add the section to the profile first",
    ]
    assert (workdir / "vendors" / "beta.yaml").read_bytes() == original


def test_problems_of_the_merged_profile_point_at_the_cell_or_at_the_unchanged_file(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    xlsx = workdir / "dist" / "rfp" / "alpha.xlsx"
    filled = fill(xlsx, {"log4j.remediated": "2020-01-01"})  # a date, but before Log4Shell
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"dist/rfp/filled.xlsx:Questions!F{row_of(xlsx, 'log4j.remediated')}: error: "
        "log4j.remediated: 2020-01-01 is before Log4Shell was disclosed (2021-12-09)\n"
    )
    profile = workdir / "vendors" / "alpha.yaml"
    profile.write_text(profile.read_text().replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-13-01"))
    broken = profile.read_bytes()
    result = CliRunner().invoke(cli, ["rfp", "import", str(fill(xlsx, {"log4j.remediated": "2021-12-20"}))])
    assert result.exit_code == 1
    assert (
        result.stdout
        == "vendors/alpha.yaml:6:16: error: last_reviewed: not a real calendar date (got '2026-13-01')\n"
    )
    assert (
        result.stderr
        == "not written: the merged profile would not be valid (vendors/alpha.yaml is unchanged)\n"
    )
    assert profile.read_bytes() == broken


# --- insert_additions on hand-written layouts ------------------------------------------------------


def _add(text: str, change) -> str:
    old = load_bytes(text.encode(), "t.yaml")[0].data
    new = load_bytes(text.encode(), "t.yaml")[0].data
    change(new)
    return insert_additions(text, old, new)


def test_insert_into_flow_collections_and_null_keys():
    text = (
        "sla:\n  source: a  # the terms\n  fact_sources: {status_page: b}\n  change_notice:\n"
        "  tiers: [{name: X}]\nsources: [{id: a}]\nnotes: ~\n"
    )

    def change(d):
        d["sla"]["fact_sources"]["change_notice"] = "q"
        d["sla"]["change_notice"] = "7d"
        d["sla"]["tiers"][0]["sole_remedy"] = True
        d["sources"].append({"id": "q", "title": "Answers: ours"})
        d["notes"] = "yes"

    assert _add(text, change) == (
        "sla:\n  source: a  # the terms\n  fact_sources: {status_page: b, change_notice: q}\n  change_notice: 7d\n"
        '  tiers: [{name: X, sole_remedy: true}]\nsources: [{id: a}, {id: q, title: "Answers: ours"}]\nnotes: yes\n'
    )


def test_insert_keeps_crlf_comments_block_scalars_and_the_document_end():
    text = "a:\r\n  b: |\r\n    text\r\n\r\n  # about c\r\nc: 1\r\n...\r\n"

    def change(d):
        d["a"]["d"] = "2026-12-01"
        d["e"] = {"f": 1}

    assert (
        _add(text, change)
        == "a:\r\n  b: |\r\n    text\r\n  d: 2026-12-01\r\n\r\n  # about c\r\nc: 1\r\ne:\r\n  f: 1\r\n...\r\n"
    )


def test_insert_after_a_key_whose_value_is_an_alias():
    text = "x: &w {within: 30d}\ns:\n  t:\n    - name: A\n      claim: *w\nz: 1\n"
    assert _add(text, lambda d: d["s"]["t"][0].update(note="n")) == (
        "x: &w {within: 30d}\ns:\n  t:\n    - name: A\n      claim: *w\n      note: n\nz: 1\n"
    )


def test_insert_refuses_anything_but_additions():
    text = "a: 1\nb: [x]\n"
    with pytest.raises(CannotEditInPlace):
        _add(text, lambda d: d.update(a=2))
    with pytest.raises(CannotEditInPlace):
        _add(text, lambda d: d["b"].insert(0, "w"))
