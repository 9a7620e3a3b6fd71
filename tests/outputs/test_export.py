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
from site_builder.outputs.export import columns, to_csv, to_json, to_xlsx

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


def test_csv_reads_back_equal_to_the_engine(real):
    table = list(csv.DictReader(io.StringIO(to_csv(real).decode("utf-8"))))
    assert [r["Vendor id"] for r in table] == [v.id for v in real.board.vendors]
    for row, v in zip(table, real.board.vendors, strict=True):
        for p in v.personas:
            label = real.criteria.persona(p.persona).label
            assert float(row[f"{label}: score (0-100)"]) == p.total
            assert row[f"{label}: rank"] == (str(p.rank) if p.rank else "excluded")
        for s in v.scores:
            cell = row[f"Score: {real.criteria.criterion(s.criterion).label} (0-100)"]
            assert (float(cell) == s.score) if s.known else cell == "unknown"


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
                got["value"] == (list(m.value) if isinstance(m.value, tuple) else m.value)
            )


def test_xlsx_is_a_real_spreadsheet_equal_to_the_engine(real):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(real)))
    assert book.sheetnames == [p.id for p in real.criteria.personas] + ["Facts", "Criteria"]
    for p in real.criteria.personas:
        sheet = book[p.id]
        assert sheet.freeze_panes == "C2"
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
        ranking = real.board.ranking(p.id)
        assert [r["Vendor id"] for r in rows] == list(ranking.ranked + ranking.excluded)
        total = f"{p.label}: score (0-100)"
        for r in rows:  # a spreadsheet keeps 15 significant digits (Excel's precision)
            assert r[total] == pytest.approx(real.board.vendor(r["Vendor id"]).persona(p.id).total, rel=1e-14)
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
