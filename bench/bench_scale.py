"""Benchmark: how our build scales, and the offline bundle's size.

1. ms per page of a full `site-builder build` at 100 and at 1,000 synthetic vendors (target: the
   1,000-vendor figure within 1.1x of the 100-vendor one: nothing quadratic in our code or in what
   we ask of MkDocs). 100 vendors: best of 2 (the first also warms imports); 1,000: one build.
2. The offline bundle of one `site-builder build --bundle` at 13 and 500 vendors (targets: <= 1 MB
   and <= 4 MB).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from bench.synthetic import write_project

SCALE = {100: 2, 1000: 1}  # vendors -> builds (best kept)
SCALE_TARGET = 1.1
BUNDLES = {13: 1.0, 500: 4.0}  # vendors -> target MB


def pages_of(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def main() -> None:
    from site_builder.cli.bundle import pack
    from site_builder.plugin import build_site

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        rows = []
        for n, runs in SCALE.items():
            config = write_project(Path(tmp) / f"ours-{n}", n)
            best = float("inf")
            for _ in range(runs):
                start = time.perf_counter()
                build_site(config)
                best = min(best, time.perf_counter() - start)
            rows.append((n, pages_of(config.parent / "site"), best))
        print("full build, ms per page")
        print(f"{'vendors':>7} {'pages':>6} {'seconds':>8} {'ms/page':>8}")
        for n, pages, seconds in rows:
            print(f"{n:7} {pages:6} {seconds:8.2f} {seconds * 1000 / pages:8.1f}")
        ratio = (rows[-1][2] / rows[-1][1]) / (rows[0][2] / rows[0][1])
        verdict = "OK" if ratio <= SCALE_TARGET else "MISSED"
        print(
            f"ms/page at {rows[-1][0]} / at {rows[0][0]} = {ratio:.2f} (target <= {SCALE_TARGET}): {verdict}"
        )

        print("\noffline bundle from one `build --bundle`")
        print(f"{'vendors':>7} {'MB':>6} {'target':>7}")
        for n, target in BUNDLES.items():
            config = write_project(Path(tmp) / f"bundle-{n}", n)
            data = build_site(config, offline=True)
            pack(data, Path(tmp) / f"dist-{n}")
            (zip_path,) = (Path(tmp) / f"dist-{n}").glob("*.zip")
            mb = zip_path.stat().st_size / 1e6
            print(f"{n:7} {mb:6.2f} {target:6.1f}  {'OK' if mb <= target else 'MISSED'}")


if __name__ == "__main__":
    main()
