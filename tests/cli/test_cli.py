"""The command line through click's CliRunner: exit codes, output formats, scaffold, schema."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli, commands_markdown
from site_builder.comparison import prepare_comparison
from site_builder.data.read import build_date
from site_builder.errors import BuildFailed

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_VENDORS = ROOT / "tests" / "fixtures" / "site" / "vendors"

BAD = """\
id: acme
name: Acme
products: [Acme CX]
website: https://acme.example.com
last_reviewed: 2026-01-10
sources:
  - id: sla
    title: Acme SLA
    kind: public_terms
    retrieved: 2026-01-10
sla:
  source: sla
  tiers:
    - name: Enterprise
      credits:
        - below_pct: 99.99
          credit_pct: 10
        - below_pct: 99.0
          credit_pct: 150
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_valid_directory_exits_0(runner):
    result = runner.invoke(cli, ["validate", str(FIXTURE_VENDORS), "--max-age", "100000d"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors, 0 warnings in 2 files; 2 vendors valid" in result.stderr


def test_validate_reports_issue_example_line(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendors").mkdir()
    write(tmp_path / "vendors", "acme.yaml", BAD)
    result = runner.invoke(cli, ["validate", "vendors/acme.yaml"])
    assert result.exit_code == 1
    assert result.stdout == (
        "vendors/acme.yaml:19:23: error: sla.tiers[name=Enterprise].credits[1].credit_pct: "
        "must be between 0 and 100 (got 150)\n"
    )
    assert "1 error, 0 warnings in 1 file; validation failed" in result.stderr


def test_validate_github_format(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "acme.yaml", BAD)
    result = runner.invoke(cli, ["validate", "acme.yaml", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=acme.yaml,line=19,col=23::sla.tiers[name=Enterprise].credits[1].credit_pct: "
        "must be between 0 and 100 (got 150)\n"
    )


def test_validate_json_format(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "acme.yaml", BAD)
    result = runner.invoke(cli, ["validate", "acme.yaml", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["warnings"] == 0 and report["version"] == 1
    assert report["problems"] == [
        {
            "file": "acme.yaml",
            "line": 19,
            "col": 23,
            "severity": "error",
            "path": "sla.tiers[name=Enterprise].credits[1].credit_pct",
            "message": "must be between 0 and 100 (got 150)",
        }
    ]


def test_warnings_fail_only_with_strict(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BAD.replace("credit_pct: 150", "credit_pct: 15").replace("2026-01-10", "2020-01-10")
    write(tmp_path, "acme.yaml", text)
    relaxed = runner.invoke(cli, ["validate", "acme.yaml", "--max-age", "365d"])
    assert relaxed.exit_code == 0
    assert "warning: last_reviewed: last reviewed" in relaxed.stdout
    strict = runner.invoke(cli, ["validate", "acme.yaml", "--max-age", "365d", "--strict"])
    assert strict.exit_code == 1


def test_missing_path_is_reported_not_skipped(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", "nope/"])
    assert result.exit_code == 1
    assert result.stdout == "nope:1:1: error: no such file or directory\n"


def test_bad_max_age_is_a_usage_error(runner):
    result = runner.invoke(cli, ["validate", "--max-age", "soon"])
    assert result.exit_code == 2
    assert "expected days such as '365d'" in result.output


def test_new_scaffold_validates_and_refuses_overwrite(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new", "acme-cloud", "--website", "https://www.acme-cloud.test"])
    assert result.exit_code == 0, result.output
    created = tmp_path / "vendors" / "acme-cloud.yaml"
    text = created.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/vendor.schema.json\n")
    assert f"last_reviewed: {date.today().isoformat()}" in text
    assert '\nname: "Acme Cloud"\n' in text
    assert '    title: "Acme Cloud website"\n    kind: vendor_documentation\n' in text
    assert "TODO" not in text and "example.com" not in text
    for section in ("sla", "support", "downtime", "tenant_isolation", "log4j", "pricing", "exit"):
        assert f"\n# {section}:\n" in text
    check = runner.invoke(cli, ["validate", "vendors/", "--strict"])
    assert (check.exit_code, check.stdout) == (0, ""), check.output
    again = runner.invoke(cli, ["new", "acme-cloud", "--website", "https://www.acme-cloud.test"])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_new_asks_for_the_website_and_takes_a_name(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new", "acme", "--name", "ACME CX"], input="ftp://acme\nhttps://acme.test\n")
    assert result.exit_code == 0, result.output
    assert "Error: expected an http:// or https:// URL" in result.output
    text = (tmp_path / "vendors" / "acme.yaml").read_text()
    assert 'name: "ACME CX"\n' in text and 'website: "https://acme.test"\n' in text
    assert runner.invoke(cli, ["validate", "vendors/", "--strict"]).exit_code == 0


def test_placeholders_left_in_a_profile_warn_and_fail_strict(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(cli, ["new", "acme", "--website", "https://acme.test"])
    path = tmp_path / "vendors" / "acme.yaml"
    path.write_text(path.read_text().replace('name: "Acme"', "name: TODO vendor name"))
    relaxed = runner.invoke(cli, ["validate", "vendors/"])
    assert relaxed.exit_code == 0
    assert relaxed.stdout == (
        "vendors/acme.yaml:6:7: warning: name: 'TODO vendor name' is a placeholder; write what the source "
        "says, or remove the field\n"
    )
    assert runner.invoke(cli, ["validate", "vendors/", "--strict"]).exit_code == 1


def test_new_rejects_bad_id(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new", "Acme Cloud", "--website", "https://acme.test"])
    assert result.exit_code == 2
    assert "use lowercase letters, digits and hyphens" in result.output


def test_committed_schema_is_current(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(cli, ["schema", "--check"])
    assert result.exit_code == 0, result.output + "\nrun: site-builder schema"


def test_schema_check_detects_stale_file(runner, tmp_path):
    (tmp_path / "vendor.schema.json").write_text("{}\n")
    result = runner.invoke(cli, ["schema", "--output-dir", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "stale:" in result.stderr and "vendor.schema.json" in result.stderr


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_command_reference_lists_every_option():
    page = commands_markdown()
    for name, command in cli.commands.items():
        assert f"## `site-builder {name}`" in page
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert opt in page, f"{name} {opt} missing from the command reference"


def test_validate_checks_scoring_declaration(runner, tmp_path, monkeypatch):
    text = (
        (ROOT / "scoring.yaml")
        .read_text()
        .replace("    metric: availability_pct\n", "    metric: availabilty_pct\n", 1)
    )
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "scoring.yaml", text)
    result = runner.invoke(cli, ["validate", "scoring.yaml"])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.endswith(
        ": error: criteria[id=availability].metric: unknown metric 'availabilty_pct'; did you mean 'availability_pct'?"
    )
    assert first.startswith("scoring.yaml:")


def test_default_validate_covers_vendors_and_scoring(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(cli, ["validate", "--max-age", "100000d"])
    assert result.exit_code == 0, result.output
    vendor_files = len(list((ROOT / "vendors").glob("*.yaml")))
    assert f"in {vendor_files + 1} files" in result.stderr


def test_max_age_covers_the_retrieved_date_of_cited_sources(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # "today" is 2026-11-22
    text = BAD.replace("credit_pct: 150", "credit_pct: 15").replace(
        "retrieved: 2026-01-10", "retrieved: 2025-01-10"
    )
    write(tmp_path, "acme.yaml", text)
    result = runner.invoke(cli, ["validate", "acme.yaml", "--max-age", "365d"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "acme.yaml:10:16: warning: sources[id=sla].retrieved: "
        "source 'sla' was retrieved 681 days ago; the limit is 365 days"
    )  # 2025-01-10 -> 2026-11-22: 356 + 325 days; last_reviewed (316 days) is within the limit
    assert runner.invoke(cli, ["validate", "acme.yaml", "--max-age", "700d"]).stdout.count("warning") == 0


def test_schema_check_detects_a_stale_command_reference(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(cli, ["schema", "--output-dir", "schema"])  # writes both, current
    assert runner.invoke(cli, ["schema", "--output-dir", "schema", "--check"]).exit_code == 0
    page = tmp_path / "docs" / "reference" / "commands.md"
    assert page.read_text(encoding="utf-8") == commands_markdown()
    page.write_text("# Command reference\n\nold\n", encoding="utf-8")
    result = runner.invoke(cli, ["schema", "--output-dir", "schema", "--check"])
    assert result.exit_code == 1
    assert result.stderr == "stale: docs/reference/commands.md (run: site-builder schema)\n"


def test_validate_and_build_share_one_freshness_policy(runner, monkeypatch, tmp_path):
    """On 2030-01-01 every sample profile is stale: `validate --strict` and the build's loading path
    (`prepare_comparison`, which `build --strict` and `serve` run) report the same warnings."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())))
    result = runner.invoke(cli, ["validate", "vendors/", "--strict"])
    stale = [line for line in result.stdout.splitlines() if "; the limit is 365 days" in line]
    assert result.exit_code == 1
    assert len(stale) >= 20 and all(": warning: " in line for line in stale)
    with pytest.raises(BuildFailed) as failure:
        prepare_comparison([Path("vendors")], Path("scoring.yaml"), today=build_date(), strict=True)
    assert [str(p) for p in failure.value.report.problems if "; the limit is 365 days" in p.message] == stale
    relaxed = prepare_comparison([Path("vendors")], Path("scoring.yaml"), today=build_date())
    assert len(relaxed.vendors) == len(list(Path("vendors").glob("*.yaml")))
    from site_builder.plugin import build_site

    with pytest.raises(BuildFailed) as built:
        build_site(Path("mkdocs.yml"), strict=True, site_dir=tmp_path / "site")
    assert [str(p) for p in built.value.report.problems if "; the limit is 365 days" in p.message] == stale
