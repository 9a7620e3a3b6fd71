"""A one-off read of many files on two cores: another process reads and checks half of them. The
vendors and every problem (parse errors, field errors, a duplicate id across the halves) are those
of a read in one process, in the same order and at the same positions."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from bench.synthetic import write_vendors
from site_builder.data import read

TODAY = date(2026, 12, 1)


def test_a_read_shared_out_finds_what_a_read_in_one_process_finds(tmp_path, may_fork, monkeypatch):
    paths = write_vendors(tmp_path, 20)
    paths[3].write_text(paths[3].read_text() + "bad: [unclosed\n", encoding="utf-8")  # a parse error
    late = paths[15].read_text().replace("name: ", "name: [", 1)  # a field error, in the second half
    paths[15].write_text(late, encoding="utf-8")
    dup = paths[17].read_text().replace("id: vendor-0017", "id: vendor-0002", 1)  # a duplicate id
    paths[17].write_text(dup, encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")

    monkeypatch.setattr(read, "_may_fork", lambda: False)
    alone = read.read_vendors([tmp_path], today=TODAY)
    here = os.getpid()
    checked_by: set[int] = set()
    real = read.check_vendor

    def check_vendor(doc, **rules):
        if os.getpid() == here:
            checked_by.add(int(Path(doc.file).stem.split("-")[-1]) if "-" in doc.file else -1)
        return real(doc, **rules)

    monkeypatch.setattr(read, "check_vendor", check_vendor)
    monkeypatch.setattr(read, "_may_fork", lambda: True)
    shared = read.read_vendors([tmp_path], today=TODAY)
    assert shared == alone  # the same vendors, problems (texts, files, lines) and file count
    assert [v.id for v in shared[0]][:3] == ["vendor-0000", "vendor-0001", "vendor-0002"]
    messages = [str(p) for p in shared[1].problems]
    assert any("vendor-0017.yaml" in m and "duplicate vendor id 'vendor-0002'" in m for m in messages)
    assert any("vendor-0015.yaml" in m for m in messages) and any("vendor-0003.yaml" in m for m in messages)
    assert shared[2] == 21
    assert checked_by and max(checked_by) < 10  # this process checked only the first half
