"""Benchmark: build the whole site for 50 and 500 synthetic vendors next to plain MkDocs + Material +
search building as many hand-written pages (about 4 kB of Markdown with a 40-row table each, see
bench/synthetic.py's `write_baseline`). Target: our build no slower than that baseline (1.0x).

Ours is the real mkdocs.yml, scoring.yaml, docs/ and templates/ with N synthetic vendors
(bench/synthetic.py), built as `site-builder build` builds it (`plugin.build_site`, in-process).
Both builds run in this process, alternately, best of RUNS (time.perf_counter); the stage table
says where our time goes. Beside the wall time, each build's CPU seconds (getrusage: this process
and any child it waited for): on a shared machine other work stretches the wall time but hardly
the CPU time, so the CPU ratio is the steadier figure.

The main table builds outside git, where the "What changed" page has no history to read. A real
checkout has one, so a second table builds the same project after HISTORY_COMMITS commits that each
rename one vendor: the price of reading that history (every commit's data validated and scored),
at 50 vendors only (GIT_RUNS).

    python -m bench build                       # this benchmark only
    python -m bench.bench_build --profile 500   # plus cProfile of our build, top functions
"""

from __future__ import annotations

import cProfile
import logging
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import commit_history, write_baseline, write_project
from site_builder import build as recipe
from site_builder.comparison import Comparison, check_scoring
from site_builder.data.read import build_date, require_vendors
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors

RUNS = {50: 5, 500: 2}  # vendors -> builds of each kind (the best is kept: other work on a shared
# machine only ever slows a build down)
# Builds of ours in a git checkout (slow: every commit's data is validated and scored, so at 500
# vendors this table alone would take minutes; it runs at 50 only, to keep `make bench` short).
GIT_RUNS = {50: 2}
HISTORY_COMMITS = 20  # the plugin's default history_limit
TARGET = 1.0
SEARCH_INDEX = "search/search_index.json"
# Page weights the issue sets targets for (MB, at 500 vendors): label -> file of the built site.
WEIGHED = {"matrix": "matrix/index.html", "compare": "compare/index.html", "search index": SEARCH_INDEX}
WEIGHT_TARGETS = {"matrix": 1.5, "compare": 1.5, "search index": 3.0}


def plain_build(config_file: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(config_file), strict=False))  # what build_site passes too


def our_build(config_file: Path) -> None:
    from site_builder.plugin import build_site

    build_site(config_file)


def timed(fn: Callable[..., object], *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[..., object], *args) -> tuple[float, float]:
    """(wall, CPU) seconds of one call: the CPU seconds of this process and of any child it waited
    for, which other work on a shared machine moves far less than the wall time."""

    def cpu() -> float:
        mine, children = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime

    wall, before = time.perf_counter(), cpu()
    fn(*args)
    return time.perf_counter() - wall, cpu() - before


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def stages(project: Path, runs: int) -> dict[str, float]:
    """Best time of each stage of our pipeline that plain MkDocs does not run, as build.py chains them."""
    today = build_date()
    best: dict[str, float] = {}

    def keep(name: str, fn: Callable[..., object], *args, **kwargs) -> object:
        seconds, result = timed(fn, *args, **kwargs)
        best[name] = min(best.get(name, seconds), seconds)
        return result

    def load_and_validate() -> tuple:
        check_scoring(project / "scoring.yaml")
        return require_vendors([project / "vendors"], today=today), load_criteria(project / "scoring.yaml")

    for _ in range(runs):
        vendors, criteria = keep("load + validate", load_and_validate)
        board = keep("score", score_vendors, vendors, criteria, today=today)
        robustness = keep("robustness", analyse_all, board)
        comparison = Comparison(vendors, criteria, board, robustness, today)
        keep("render pages", recipe.render_site, comparison, project / "templates")
        if hasattr(recipe, "downloads"):
            keep("downloads", recipe.downloads, comparison)
    return best


def measure(root: Path, n: int) -> dict:
    project = root / f"ours-{n}"
    config = write_project(project, n)
    first = cpu_timed(our_build, config)  # also counts our pages, so the baseline gets as many
    ours = site_files(project / "site")
    pages = sum(1 for name in ours if name.endswith(".html") and name != "404.html")
    plain_config = write_baseline(root / f"plain-{n}", pages)
    plain_times, our_times = [], [first]
    for _ in range(RUNS[n]):  # alternate, so drift (other load on the machine) hits both alike
        plain_times.append(cpu_timed(plain_build, plain_config))
        our_times.append(cpu_timed(our_build, config))
    ours = site_files(project / "site")
    plain = site_files(root / f"plain-{n}" / "site")
    result = {
        "n": n,
        "plain": min(t[0] for t in plain_times),
        "ours": min(t[0] for t in our_times),
        "plain_cpu": min(t[1] for t in plain_times),
        "ours_cpu": min(t[1] for t in our_times),
        "pages": pages,
        "plain_pages": sum(1 for name in plain if name.endswith(".html") and name != "404.html"),
        "mb": sum(len(data) for name, data in ours.items() if name.endswith(".html")) / 1e6,
        "weights": {label: len(ours.get(name, b"")) / 1e6 for label, name in WEIGHED.items()},
        "plain_search": len(plain.get(SEARCH_INDEX, b"")) / 1e6,
        "stages": stages(project, RUNS[n]),
    }
    if n in GIT_RUNS:
        commit_history(project, HISTORY_COMMITS)
        result["git"] = min(timed(our_build, config)[0] for _ in range(GIT_RUNS[n]))
    return result


def report(results: list[dict], load: float) -> None:
    runs = ", ".join(f"best of {RUNS[r['n']]} for {r['n']}" for r in results)
    print(
        f"full site build, in-process, {runs}; plain = MkDocs + Material + search on as many hand-written "
        "~4 kB Markdown pages with a 40-row table"
    )
    print(
        f"{os.cpu_count()} CPUs, load average {load:.2f} at start (other work on the machine moves these figures)"
    )
    print(
        f"{'vendors':>7} {'pages':>6} {'HTML MB':>8} {'plain s':>8} {'ours s':>8} {'ratio':>6} {'target':>7}  verdict"
        f"  {'plain CPU s':>11} {'ours CPU s':>10} {'CPU ratio':>9}"
    )
    for r in results:
        ratio = r["ours"] / r["plain"]
        verdict = "OK" if ratio <= TARGET else "MISSED"
        print(
            f"{r['n']:7} {r['pages']:6} {r['mb']:8.1f} {r['plain']:8.2f} {r['ours']:8.2f} {ratio:6.2f} "
            f"{TARGET:6.1f}x  {verdict:7} {r['plain_cpu']:11.2f} {r['ours_cpu']:10.2f} "
            f"{r['ours_cpu'] / r['plain_cpu']:9.2f}"
        )
        if r["plain_pages"] != r["pages"]:
            print(f"  WARNING: the baseline built {r['plain_pages']} pages, ours {r['pages']}")

    print("\npage weights, MB (targets at 500 vendors: matrix and compare <= 1.5, search index <= 3)")
    print(f"{'vendors':>7} " + " ".join(f"{label:>13}" for label in WEIGHED) + f" {'plain index':>12}")
    for r in results:
        cells = []
        for label in WEIGHED:
            mb = r["weights"][label]
            mark = "" if r["n"] < 500 else (" OK" if mb <= WEIGHT_TARGETS[label] else " !!")
            cells.append(f"{mb:10.2f}{mark:3}")
        print(f"{r['n']:7} " + " ".join(cells) + f" {r['plain_search']:12.2f}")

    print(
        "\nwhere our extra time goes (best of each stage, seconds; mkdocs = the plain build of the same pages)"
    )
    names = list(results[0]["stages"])
    print(
        f"{'vendors':>7} "
        + " ".join(f"{name:>15}" for name in names)
        + f" {'mkdocs':>8} {'sum':>7} {'ours':>7}"
    )
    for r in results:
        total = sum(r["stages"].values()) + r["plain"]
        print(
            f"{r['n']:7} "
            + " ".join(f"{r['stages'][name]:15.3f}" for name in names)
            + f" {r['plain']:8.2f} {total:7.2f} {r['ours']:7.2f}"
        )

    print(
        f"\nours in a git checkout: {HISTORY_COMMITS} commits each renaming one vendor, read for 'What changed'"
    )
    print(f"{'vendors':>7} {'runs':>5} {'plain s':>8} {'ours s':>8} {'ratio':>6} {'extra s':>10}")
    for r in (r for r in results if "git" in r):
        print(
            f"{r['n']:7} {GIT_RUNS[r['n']]:5} {r['plain']:8.2f} {r['git']:8.2f} {r['git'] / r['plain']:6.2f} "
            f"{r['git'] - r['ours']:10.2f}"
        )


def profile(n: int, top: int = 25) -> None:
    """cProfile one build of ours with n vendors; print the top functions by own and cumulative time."""
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        config = write_project(Path(tmp) / "ours", n)
        our_build(config)  # warm: imports, theme and Markdown set-up
        profiler = cProfile.Profile()
        profiler.runcall(our_build, config)
    for key in ("tottime", "cumulative"):
        print(f"\n--- cProfile of our build, {n} vendors, top {top} by {key} ---")
        pstats.Stats(profiler).sort_stats(key).print_stats(top)


def main(argv: list[str] | None = None) -> None:
    argv = list(argv or [])
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        results = [measure(Path(tmp), n) for n in RUNS]
    report(results, load)
    if "--profile" in argv:
        index = argv.index("--profile")
        profile(int(argv[index + 1]) if len(argv) > index + 1 else max(RUNS))


if __name__ == "__main__":
    main(sys.argv[1:])
