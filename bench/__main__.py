"""`python -m bench` (or `make bench`): run main() of every bench/bench_*.py in name order."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def run(selected: list[str]) -> None:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    for name in names:
        if selected and not any(s in name for s in selected):
            continue
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
