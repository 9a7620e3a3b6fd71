"""`site-builder score`: table, JSON and CSV output, and clean failures on bad data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from site_builder.cli.score import CSV_COLUMNS, score

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scoring"
VENDORS = FIXTURES / "vendors"
SCORING = ROOT / "scoring.yaml"


def run(*args: str):
    return CliRunner().invoke(score, ["--vendors", str(VENDORS), "--scoring", str(SCORING), *args])


def test_json_is_keyed_by_persona_with_ranked_vendors():
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1
    assert list(data["personas"]) == ["enterprise-24x7", "regulated", "small-business-hours"]
    enterprise = data["personas"]["enterprise-24x7"]
    # the seed scenario: one 8 h window a quarter beats 5 x 1 h a week
    assert [v["id"] for v in enterprise["vendors"]] == ["quarterly-window", "weekly-windows"]
    assert enterprise["top_pick"] == "quarterly-window"
    first = enterprise["vendors"][0]
    assert set(first) == {
        "id",
        "name",
        "rank",
        "total",
        "range",
        "coverage",
        "confidence",
        "p_rank1",
        "rank_probabilities",
        "flags",
        "unconfirmed",
        "exclusions",
    }
    assert first["range"][0] <= first["total"] <= first["range"][1]
    assert sum(v["p_rank1"] for v in enterprise["vendors"]) == 1.0


def test_json_shows_excluded_vendors_with_the_reason():
    enterprise = json.loads(run("--format", "json").output)["personas"]["enterprise-24x7"]
    (trap,) = enterprise["excluded"]
    assert trap["id"] == "fee-trap"
    assert trap["exclusions"] == [
        {"id": "critical-24x7", "reason": "Critical incidents worked 24x7 is no, required yes"}
    ]
    assert {f["id"] for f in trap["flags"]} >= {
        "full-termination-fee",
        "short-claim-window",
        "taxes-excluded",
    }
    assert "rank" not in trap and "p_rank1" not in trap


def test_identical_vendors_tie_for_a_persona_that_ignores_their_difference():
    regulated = json.loads(run("--format", "json").output)["personas"]["regulated"]
    ranks = {v["id"]: (v["rank"], v["p_rank1"]) for v in regulated["vendors"]}
    # the regulated buyer weighs nothing that tells the two maintenance patterns apart
    assert ranks["quarterly-window"] == ranks["weekly-windows"] == (1, 0.5)
    assert regulated["tied_top"] == ["quarterly-window", "weekly-windows"]
    assert regulated["smallest_change"] is None


def test_the_table_marks_a_shared_rank():
    out = run("--persona", "regulated").output
    rows = [
        line
        for line in out.splitlines()
        if "│" in line and ("quarterly-window" in line or "weekly-windows" in line)
    ]
    assert len(rows) == 2 and all(line.split("│")[1].strip() == "=1" for line in rows), rows


def test_one_persona_only():
    data = json.loads(run("--format", "json", "--persona", "small-business-hours").output)
    assert list(data["personas"]) == ["small-business-hours"]


def test_an_unknown_persona_is_a_usage_error_with_a_suggestion():
    result = run("--persona", "regulatd")
    assert result.exit_code == 2
    assert "unknown persona 'regulatd'; did you mean 'regulated'?" in result.output


def test_csv_has_one_row_per_persona_and_vendor():
    result = run("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 9  # 3 personas x 3 vendors
    trap = next(r for r in rows if r["persona"] == "enterprise-24x7" and r["vendor"] == "fee-trap")
    assert (trap["rank"], trap["excluded_by"]) == ("", "critical-24x7")
    assert "short-claim-window" in trap["flags"].split()


def test_table_lists_ranking_and_red_flags():
    result = run()
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Large 24/7 enterprise contact center (enterprise-24x7)" in out
    assert out.index("quarterly-window") < out.index("weekly-windows")
    assert "The top pick is tied: quarterly-window, weekly-windows." in out
    assert "fee-trap: high Early termination costs 100% of the remaining contract value" in out
    assert "weekly-windows: high 60 h of planned downtime a quarter" in out


def test_invalid_vendor_data_prints_positions_and_exits_1():
    result = CliRunner().invoke(score, ["--vendors", str(FIXTURES / "invalid"), "--scoring", str(SCORING)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "broken-vendor.yaml:12:25: error: sla.tiers[name=Standard].availability_pct: must be between 0 and 100 (got 199)"
    )
    assert "Traceback" not in result.output


def test_invalid_scoring_file_prints_positions_and_exits_1(tmp_path):
    bad = tmp_path / "scoring.yaml"
    bad.write_text(
        SCORING.read_text(encoding="utf-8").replace("metric: log4j_days", "metric: log4j_day"), "utf-8"
    )
    result = CliRunner().invoke(score, ["--vendors", str(VENDORS), "--scoring", str(bad)])
    assert result.exit_code == 1
    problem = next(line for line in result.output.splitlines() if "log4j_day'" in line)
    assert problem.endswith(
        "criteria[id=log4j].metric: unknown metric 'log4j_day'; did you mean 'log4j_days'?"
    )


def test_help_explains_with_an_example():
    result = CliRunner().invoke(score, ["--help"])
    assert result.exit_code == 0
    assert "site-builder score --persona regulated" in result.output


def test_each_persona_leads_with_its_decision_and_a_tie_reads_as_a_tie():
    data = json.loads(run("--format", "json").output)["personas"]
    summaries = {pid: p["decision"]["summary"] for pid, p in data.items()}
    assert summaries == {
        "enterprise-24x7": "Shortlist: Quarterly Window Cloud (the pick), Weekly Windows Cloud.",
        "regulated": "Shortlist: Quarterly Window Cloud and Weekly Windows Cloud (tied first), Fee Trap Telecom.",
        "small-business-hours": "Shortlist: Quarterly Window Cloud (the pick), Weekly Windows Cloud, Fee Trap Telecom.",
    }
    assert data["regulated"]["decision"]["tied"] == data["regulated"]["tied_top"]
    first = data["regulated"]["decision"]["questions"][0]
    assert first["kind"] == "must-have" and first["changes_pick"]
    table = run("--persona", "regulated").output
    assert (
        "Decision: Shortlist: Quarterly Window Cloud and Weekly Windows Cloud (tied first), Fee Trap Telecom."
        in table
    )
    asks = [
        line
        for line in table.splitlines()
        if line.startswith(("  1. Ask", "  2. Ask", "  3. Ask", "  4. Ask"))
    ]
    assert len(asks) == 3
    assert asks[0].startswith(f"  1. Ask Quarterly Window Cloud: {first['question']} {first['effect']}"[:120])
