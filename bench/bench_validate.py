"""Benchmark: validate 1,000 vendor files next to the bare time to parse them with PyYAML's C loader.

Target: load + validate within 3x of the bare parse. Best of several runs (time.perf_counter).
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from bench.synthetic import write_vendors
from site_builder.data.load import load_file
from site_builder.data.read import read_vendors

N = 1_000
RUNS = 5
TODAY = date(2026, 11, 22)


def best(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "vendors"
        paths = write_vendors(directory, N)
        size = sum(p.stat().st_size for p in paths)

        def bare() -> None:
            for p in paths:
                yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def load_only() -> None:
            for p in paths:
                load_file(p)

        def validate() -> None:
            vendors, report, _ = read_vendors([directory], today=TODAY)
            assert len(vendors) == N and not report.errors, str(report)[:500]

        rows = [
            ("bare parse (yaml CSafeLoader)", best(bare)),
            ("load (positions, checks)", best(load_only)),
            ("load + validate", best(validate)),
        ]
    base = rows[0][1]
    print(f"{N} files, {size / 1e6:.1f} MB, best of {RUNS} runs")
    print(f"{'stage':32} {'seconds':>8} {'ms/file':>8} {'x bare':>7}")
    for name, seconds in rows:
        print(f"{name:32} {seconds:8.3f} {seconds * 1000 / N:8.3f} {seconds / base:7.2f}")
    ratio = rows[-1][1] / base
    print(f"validate / bare parse = {ratio:.2f} (target <= 3.00): {'OK' if ratio <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
