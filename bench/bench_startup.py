"""Benchmark: start-up of the quick commands, wall time of a fresh process as a user runs them.
Target: `site-builder validate FILE` (one vendor file) and `site-builder --help` each <= 0.25 s.

Each command runs RUNS times as a subprocess of this interpreter's `site-builder` entry point, after
one run that is not counted; the table gives the best and the median. Python may cache compiled
modules (`__pycache__`) as it does on a user's machine: an environment with PYTHONDONTWRITEBYTECODE
set would otherwise compile every module of the package on every run (about 15% more). The baseline
row is a bare `python -c pass` (the interpreter's own start-up, which no command can go below)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
TARGET = 0.25
ENTRY = Path(sys.executable).with_name("site-builder")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system) of each run. On a busy machine the wall time
    includes waiting for a core; the CPU time is what the command itself costs."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=ENV)  # caches bytecode
    times, cpu = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def main() -> None:
    rows = [
        ("python -c pass (interpreter alone)", wall([sys.executable, "-c", "pass"]), False),
        ("site-builder --help", wall([str(ENTRY), "--help"]), True),
        ("site-builder validate vendors/8x8.yaml", wall([str(ENTRY), "validate", "vendors/8x8.yaml"]), True),
    ]
    print(
        f"wall seconds of a fresh process, {RUNS} runs ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})"
    )
    print(f"{'command':42} {'best':>6} {'median':>7} {'cpu s':>6}  target <= {TARGET} s (median wall)")
    for name, (times, cpu), judged in rows:
        median = statistics.median(times)
        verdict = ("OK" if median <= TARGET else "MISSED") if judged else ""
        print(f"{name:42} {min(times):6.3f} {median:7.3f} {statistics.median(cpu):6.3f}  {verdict}")


if __name__ == "__main__":
    main()
