"""Benchmark: start-up of the quick commands, wall time of a fresh process as a user runs them.
Target: `site-builder validate FILE` (one vendor file) and `site-builder --help` each <= 0.25 s.

Each command runs RUNS times as a subprocess of this interpreter's `site-builder` entry point, after
one run that is not counted; the table gives the best and the median. Python may cache compiled
modules (`__pycache__`) as it does on a user's machine: an environment with PYTHONDONTWRITEBYTECODE
set would otherwise compile every module of the package on every run (about 15% more). The baseline
row is a bare `python -c pass` (the interpreter's own start-up, which no command can go below).

`validate` keeps the vendor model's compiled validator in the user's cache directory
(`site_builder/data/schema_cache.py`), as Python keeps bytecode: the uncounted run stores it, so the
judged row is what every run after the first one (after an install or a model change) costs. The
last row is that first run: each of its runs gets an empty cache directory.

Where `validate vendors/8x8.yaml` goes (2026-12-03, instructions counted by callgrind, which a
loaded machine does not blur): 908 M before the cache; 786 M with it (pydantic's own build of the
validator, with the plugin loader that imports importlib.metadata, was 125 M; loading the kept one
is 3 M); 774 M once the collector skips the objects the command made. Of those 774 M, 618 M are
the interpreter and the libraries before any module of ours: the interpreter 88 M, click 100 M,
pydantic and pydantic-core 330 M, PyYAML 93 M. Then the model's 32 classes 114 M (pydantic's class
construction), data/values.py 27 M, the command line's modules 29 M. The editable install's
import hook (setuptools' `__editable___*_finder`, loaded by site.py) costs the bare interpreter
49 M, but nothing for `validate`: the modules it imports (re, pathlib, fnmatch, urllib.parse) are
ones `validate` imports anyway (with `pip install -e . --config-settings editable_mode=compat`,
which has no hook: 785.7 M against 786.0 M), so `make` keeps the default editable install.
On the quiet machine (20:12 UTC, load 0.3): `validate` 0.171 s median, its first run 0.197 s,
`--help` 0.056 s, the interpreter alone 0.025 s; before the kept validator `validate` took 0.184 s
against 0.152 s after, in interleaved runs."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
TARGET = 0.25
ENTRY = Path(sys.executable).with_name("site-builder")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str], *, cold: bool = False) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system) of each run. On a busy machine the wall time
    includes waiting for a core; the CPU time is what the command itself costs. `cold`: each run
    with an empty user cache directory (XDG_CACHE_HOME)."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=ENV)  # caches bytecode
    times, cpu = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as empty:
            env = {**ENV, "XDG_CACHE_HOME": empty} if cold else ENV
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def main() -> None:
    rows = [
        ("python -c pass (interpreter alone)", wall([sys.executable, "-c", "pass"]), False),
        ("site-builder --help", wall([str(ENTRY), "--help"]), True),
        ("site-builder validate vendors/8x8.yaml", wall([str(ENTRY), "validate", "vendors/8x8.yaml"]), True),
        (
            "  the same, first run (empty cache)",
            wall([str(ENTRY), "validate", "vendors/8x8.yaml"], cold=True),
            False,
        ),
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
