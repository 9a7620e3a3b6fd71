"""Synthetic vendor files for benchmarks: copies of the shipped sample profiles under new ids.

Real profiles give realistic size, depth and variety (sources, nested SLA tiers, notes), which
random toy data would not. Deterministic: file i is sample profile i mod len(samples).
"""

from __future__ import annotations

import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "vendors"


def write_vendors(directory: Path, n: int) -> list[Path]:
    """Write n valid vendor files into `directory`; returns their paths."""
    templates = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.yaml"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        vendor_id = f"vendor-{i:04d}"
        text = re.sub(r"(?m)^id: .*$", f"id: {vendor_id}", templates[i % len(templates)], count=1)
        path = directory / f"{vendor_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
