"""The RFP questionnaire round trip: export, fill the answers, import, validate, values land in the profile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.load import load_file
from site_builder.questions import all_questions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "vendors", tmp_path / "vendors")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    return tmp_path


def fill(path: Path, answers: dict[str, str], answered_on: str | None = "2026-11-20") -> Path:
    import openpyxl

    book = openpyxl.load_workbook(path)
    if answered_on:
        book["About"]["B4"] = answered_on
    sheet = book["Questions"]
    keys = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for key, text in answers.items():
        sheet.cell(keys[key], 6).value = text
    out = path.with_name("filled.xlsx")
    book.save(out)
    return out


def test_export_lists_every_question_with_what_is_on_record(workdir):
    import openpyxl

    result = CliRunner().invoke(cli, ["rfp", "alpha"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(workdir / "dist" / "rfp" / "alpha.xlsx")["Questions"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["sla.tiers[name=Enterprise].availability_pct"][4] == "99.99"
    assert rows["sla.tiers[name=Enterprise].availability_pct"][6] == "Alpha service level agreement (public terms, 2026-03-01)"
    assert rows["log4j.remediated"][4] == "unknown"
    assert len(rows) == len(all_questions())  # alpha has one SLA tier: one line per question
    md = (workdir / "dist" / "rfp" / "alpha.md").read_text()
    assert md.startswith("# Questionnaire for Alpha Contact\n") and "On record: unknown. Answer:" in md


def test_import_adds_answers_cites_the_questionnaire_and_keeps_known_facts(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    filled = fill(workdir / "dist" / "rfp" / "alpha.xlsx", {
        "log4j.remediated": "2021-12-20",
        "security.breach_notification": "24h",
        "sla.tiers[name=Enterprise].credit_cap_pct": "50",  # same as on record
        "sla.tiers[name=Enterprise].availability_pct": "99.95",  # differs from 99.99: a contradiction
    })  # fmt: skip
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
    assert after["contradictions"] == [{
        "field": "sla.tiers[name=Enterprise].availability_pct",
        "summary": "The profile says 99.99; the questionnaire answer says 99.95.",
        "sources": ["alpha-sla", "rfp-2026-11-20"],
    }]  # fmt: skip
    assert after["sources"][-1] == {"id": "rfp-2026-11-20", "title": "Alpha Contact's answers to our RFP questionnaire",
                                    "kind": "questionnaire", "retrieved": "2026-11-20"}  # fmt: skip
    for key, value in before.items():  # everything else is still there
        if key not in ("sources", "contradictions", "log4j", "security"):
            assert after[key] == value, key
    assert CliRunner().invoke(cli, ["validate", "vendors/alpha.yaml", "--strict"]).exit_code == 0


def test_an_invalid_answer_writes_nothing(workdir):
    CliRunner().invoke(cli, ["rfp", "alpha"])
    filled = fill(workdir / "dist" / "rfp" / "alpha.xlsx", {"security.breach_notification": "soon"})
    original = (workdir / "vendors" / "alpha.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["rfp", "import", str(filled)])
    assert result.exit_code == 1
    assert "not written: the merged profile would not be valid" in result.output
    assert any(line.startswith("vendors/alpha.yaml:") and "security.breach_notification" in line
               for line in result.output.splitlines())  # fmt: skip
    assert (workdir / "vendors" / "alpha.yaml").read_bytes() == original


def test_usage_errors(workdir):
    assert CliRunner().invoke(cli, ["rfp"]).exit_code == 2
    assert CliRunner().invoke(cli, ["rfp", "nobody"]).exit_code == 2
    assert CliRunner().invoke(cli, ["rfp", "import"]).exit_code == 2
