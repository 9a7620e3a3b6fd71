"""The invalid-file corpus: each tests/fixtures/invalid/<case>.yaml with its exact report in <case>.expected.

Regenerate after an intended message change with `UPDATE_GOLDEN=1 pytest tests/test_corpus.py`,
then read the diff: every line is a promise to users.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from site_builder.data.load import MAX_BYTES, load_bytes, load_file
from site_builder.data.validate import validate_vendors
from site_builder.errors import Report

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))
TODAY = date(2026, 11, 22)


def report_for(path: Path) -> str:
    doc, problems = load_file(path, path.name)
    docs = [doc] if doc else []
    _, report = validate_vendors(docs, today=TODAY, max_age_days=365)
    return str(report + Report(problems))


@pytest.mark.parametrize("case", CASES)
def test_invalid_file_report(case):
    path = CORPUS / f"{case}.yaml"
    expected_path = CORPUS / f"{case}.expected"
    actual = report_for(path) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
    assert "error:" in actual


def test_corpus_is_complete():
    assert len(CASES) >= 25
    assert sorted(p.stem for p in CORPUS.glob("*.expected")) == CASES


def test_many_errors_are_all_reported_in_line_order():
    lines = report_for(CORPUS / "many-errors.yaml").splitlines()
    assert len(lines) >= 6
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"notes: '" + b"x" * MAX_BYTES + b"'\n")
    doc, problems = load_file(big, "big.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [
        f"big.yaml:1:1: error: file is {MAX_BYTES + 10:,} bytes; the limit is {MAX_BYTES:,}"
    ]
    assert load_bytes(b"a: 1\n" + b" " * MAX_BYTES, "b.yaml")[1][0].message.startswith("file is")
