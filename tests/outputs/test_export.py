"""Exports read back equal to the engine's numbers: CSV, JSON and XLSX (read with openpyxl)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.comparison import prepare_comparison
from site_builder.data.model import Vendor
from site_builder.outputs.export import columns, rounded, to_csv, to_json, to_xlsx

ROOT = Path(__file__).resolve().parents[2]


def vendor(vid: str, name: str, availability: float | None) -> Vendor:
    data = {
        "id": vid,
        "name": name,
        "products": ["X"],
        "website": f"https://{vid}.example.com",
        "last_reviewed": "2026-10-01",
        "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
    }
    if availability is not None:
        data["sla"] = {"source": "s", "tiers": [{"name": "Std", "availability_pct": availability}]}
    return Vendor.model_validate(data)


@pytest.fixture
def small(comparison_of):
    return comparison_of([vendor("alpha", "Alpha", 99.9), vendor("beta", "Beta", None)])


@pytest.fixture(scope="module")
def real():
    from datetime import date

    return prepare_comparison([ROOT / "vendors"], ROOT / "scoring.yaml", today=date(2026, 11, 22))


def test_csv_cells_by_hand(small):
    table = list(csv.DictReader(io.StringIO(to_csv(small).decode("utf-8"))))
    alpha, beta = table
    assert alpha["Vendor"] == "Alpha" and alpha["Committed availability (best tier) (%)"] == "99.9"
    assert alpha["Score: Committed availability (0-100)"] == "60.0"  # 99.9% sits on the 60-point breakpoint
    assert beta["Committed availability (best tier) (%)"] == "unknown"
    assert beta["Score: Committed availability (0-100)"] == "unknown"  # scored worst, but never written as 0
    assert (
        beta["Large 24/7 enterprise contact center: must-haves"]
        == "Critical incidents worked 24x7: unconfirmed"
    )


def test_a_name_a_spreadsheet_would_run_is_written_inert(comparison_of):
    names = ['=HYPERLINK("https://evil.test","x")', "+1+cmd", "-2+3", "@SUM(A1)", "Plain - name"]
    vendors = [vendor(f"v{i}", name, 99.9) for i, name in enumerate(names)]
    comparison = comparison_of(vendors)
    table = list(csv.DictReader(io.StringIO(to_csv(comparison).decode("utf-8"))))
    assert sorted(r["Vendor"] for r in table) == sorted(
        ['\'=HYPERLINK("https://evil.test","x")', "'+1+cmd", "'-2+3", "'@SUM(A1)", "Plain - name"]
    )
    import openpyxl

    facts = openpyxl.load_workbook(io.BytesIO(to_xlsx(comparison)))["Facts"]
    cells = [row[1] for row in facts.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(names)  # the name as it is, in a text cell
    assert {c.data_type for c in cells} == {"s"}


def test_numbers_carry_no_float_noise(real):
    table = list(csv.DictReader(io.StringIO(to_csv(real).decode("utf-8"))))
    nice = next(r for r in table if r["Vendor id"] == "nice-cxone")
    # 0.01% of a mean month (43,829.1 min) is 4.38291 min; the float sum gave 4.3829100000022425.
    assert nice["Downtime the SLA allows a month (min)"] == "4.38291"
    assert rounded(4.3829100000022425) == 4.38291 and rounded(99.99999) == 99.99999 and rounded(7) == 7


def test_the_two_coverage_figures_are_named_apart(small):
    table = list(csv.DictReader(io.StringIO(to_csv(small).decode("utf-8"))))
    alpha = table[0]
    unweighted = "Criteria known, unweighted (share of all criteria with a known fact)"
    weighted = "Regulated buyer (healthcare, finance): data coverage (share of the persona's weight resting on known facts, as on the site)"
    assert "Criteria known (share)" not in alpha
    scored = small.board.vendor("alpha")
    assert float(alpha[unweighted]) == rounded(scored.coverage)
    assert float(alpha[weighted]) == rounded(scored.persona("regulated").coverage)
    assert scored.coverage != scored.persona("regulated").coverage


def test_csv_reads_back_equal_to_the_engine(real):
    table = list(csv.DictReader(io.StringIO(to_csv(real).decode("utf-8"))))
    assert [r["Vendor id"] for r in table] == [v.id for v in real.board.vendors]
    for row, v in zip(table, real.board.vendors, strict=True):
        for p in v.personas:
            label = real.criteria.persona(p.persona).label
            assert float(row[f"{label}: score (0-100)"]) == rounded(p.total)
            assert row[f"{label}: rank"] == (str(p.rank) if p.rank else "excluded")
        for s in v.scores:
            cell = row[f"Score: {real.criteria.criterion(s.criterion).label} (0-100)"]
            assert (float(cell) == rounded(s.score)) if s.known else cell == "unknown"


def test_json_reads_back_equal_and_is_versioned(real):
    data = json.loads(to_json(real))
    assert data["version"] == 1 and data["built"] == "2026-11-22"
    assert [c["id"] for c in data["criteria"]] == [k.id for k in real.criteria.criteria]
    for entry, v in zip(data["vendors"], real.board.vendors, strict=True):
        for p in v.personas:
            got = entry["personas"][p.persona]
            assert (got["total"], got["low"], got["high"], got["rank"]) == (p.total, p.low, p.high, p.rank)
        for m in v.metrics:
            got = entry["metrics"][m.id]
            assert got["known"] == m.known and (
                got["value"] == (list(m.value) if isinstance(m.value, tuple) else rounded(m.value))
            )


def test_xlsx_is_a_real_spreadsheet_equal_to_the_engine(real):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(real)))
    assert book.sheetnames == ["Decision"] + [p.id for p in real.criteria.personas] + ["Facts", "Criteria"]
    for p in real.criteria.personas:
        sheet = book[p.id]
        assert sheet.freeze_panes == "C2"
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
        ranking = real.board.ranking(p.id)
        assert [r["Vendor id"] for r in rows] == list(ranking.ranked + ranking.excluded)
        total = f"{p.label}: score (0-100)"
        for r in rows:  # the export's 10 significant digits
            assert r[total] == rounded(real.board.vendor(r["Vendor id"]).persona(p.id).total)
        assert sheet.cell(2, header.index(total) + 1).number_format == "0.0"
    facts = book["Facts"]
    header = [c.value for c in facts[1]]
    assert len(header) == 3 + len([c for c in columns(real) if c.key.startswith("metric:")])
    from datetime import datetime

    column = {name: i + 1 for i, name in enumerate(header)}
    row = 1 + [v.id for v in real.board.vendors].index("nice-cxone") + 1
    reviewed = facts.cell(row, column["Last reviewed"])
    assert (reviewed.value, reviewed.number_format) == (
        datetime(2026, 11, 22),
        "yyyy-mm-dd",
    )  # a date, not text
    cell = facts.cell(row, column["Downtime the SLA allows a month (min)"])
    assert (cell.number_format, cell.value) == (
        "#,##0.0#",
        pytest.approx(4.3829, rel=1e-4),
    )  # 99.99% of a month
    assert facts.cell(row, column["Committed availability (best tier) (%)"]).number_format == "0.0##"


def test_exports_are_byte_identical_run_to_run(real):
    for fn in (to_csv, to_json, to_xlsx):
        assert fn(real) == fn(real)


def test_cli_writes_each_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    base = ["export", "--vendors", str(ROOT / "vendors"), "--scoring", str(ROOT / "scoring.yaml")]
    for fmt in ("csv", "json", "xlsx"):
        result = CliRunner().invoke(cli, [*base, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "dist" / f"vendor-comparison.{fmt}").stat().st_size > 1000
    result = CliRunner().invoke(cli, [*base, "--format", "xlsx", "-o", "-"])
    assert result.exit_code == 2 and "cannot go to stdout" in result.output


# --- the decision per persona (the race of four in tests/outputs/conftest.py, worked by hand) ------

DECIDING = [  # the questions, most valuable first: those that change the pick (by swing), then the rest
    ("d", "availability", True, "at least 99.99%", "d", 60.0),  # 20 + 60 = 80 > 70
    ("b", "claim-window", True, "at least 30 days", "b", 20.0),  # 60 + 20 = 80 > 70 (168 h: 70, a tie)
    ("a", "taxes", False, None, None, 20.0),  # can only raise the pick; then by rank
    ("c", "claim-window", False, None, None, 20.0),  # 36 + 20 = 56 < 70
    ("c", "taxes", False, None, None, 20.0),
    ("d", "claim-window", False, None, None, 20.0),  # 20 + 20 = 40 < 70
]


def test_json_carries_each_personas_decision_and_the_questions_that_decide_it(race):
    data = json.loads(to_json(race))
    decision = data["personas"][0]["decision"]
    assert (decision["settled"], decision["top"], decision["shortlist"]) == (False, "a", ["a", "b", "c", "d"])
    assert decision["summary"] == "Shortlist: A (the pick), B, C, D."
    got = [
        (q["vendor"], q["subject"], q["changes_pick"], q["answer"], q["new_top"], q["swing"])
        for q in decision["questions"]
    ]
    assert got == DECIDING
    first = decision["questions"][0]
    assert first["fields"] == ["sla.tiers.availability_pct", "sla.tiers.commitment"]
    assert first["effect"] == "Committed availability: at least 99.99% makes D the top pick."
    assert first["question"].startswith("What availability do you commit to")
    places = {v["id"]: v["personas"]["enterprise"]["decision"] for v in data["vendors"]}
    assert places == {
        "a": "pick, not settled",
        "b": "shortlisted (could still overtake)",
        "c": "shortlisted (could still overtake)",
        "d": "shortlisted (could still overtake)",
    }


def test_csv_and_xlsx_name_each_vendors_place_and_the_xlsx_opens_on_the_decision(race):
    import openpyxl

    table = list(csv.DictReader(io.StringIO(to_csv(race).decode("utf-8"))))
    assert [r["Enterprise: decision"] for r in table] == [
        "pick, not settled",
        "shortlisted (could still overtake)",
        "shortlisted (could still overtake)",
        "shortlisted (could still overtake)",
    ]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(race)))
    assert book.sheetnames[0] == "Decision"
    sheet = book["Decision"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][:2] == ["Persona", "Decision"]
    assert cells[1][:2] == ["Enterprise", "Shortlist: A (the pick), B, C, D."]
    header = cells[3]
    assert header[:4] == ["Persona", "Ask first (1 = most)", "Vendor to ask", "Question"]
    asked = [(r[1], r[2], r[5], r[6]) for r in cells[4:]]
    assert asked == [
        (n, name.upper(), "yes" if changes else "no", swing)
        for n, (name, _, changes, _, _, swing) in enumerate(DECIDING, 1)
    ]
    assert cells[5][4] == "Time to claim a credit: at least 30 days makes B the top pick."


def test_a_settled_pick_reads_as_settled():
    # A: 100 x 3/5 + 100 x 1/5 + 100 x 1/5 = 100; B at its best: 60 x 3/5 + 20 + 20 = 76 < 100.
    from site_builder.comparison import Comparison
    from site_builder.scoring.robustness import analyse_all
    from site_builder.scoring.score import score_vendors
    from tests.outputs.conftest import TODAY
    from tests.scoring.test_score import minimal, sla
    from tests.scoring.test_score import vendor as profile

    month = {"within": "30d", "starts": "incident"}
    vendors = (
        profile("a", sla=sla(99.99, claim_window=month), pricing={"taxes_included": True}),
        profile("b", sla=sla(99.9)),
    )
    board = score_vendors(vendors, minimal(), today=TODAY)
    data = json.loads(to_json(Comparison(vendors, minimal(), board, analyse_all(board), TODAY)))
    decision = data["personas"][0]["decision"]
    assert (decision["summary"], decision["shortlist"], decision["questions"]) == (
        "Settled pick: A.",
        ["a"],
        [],
    )
    assert [v["personas"]["enterprise"]["decision"] for v in data["vendors"]] == [
        "settled pick",
        "not shortlisted",
    ]
