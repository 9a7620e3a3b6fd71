"""`make audit` (or `python -m bench.audit`): Lighthouse on a freshly built site, mobile preset.

Builds the real project (mkdocs.yml, docs/, vendors/, scoring.yaml, templates/) into a temporary
folder with `site-builder build`, serves it with Python's http.server on 127.0.0.1, and runs
Lighthouse (pinned in package.json, installed into node_modules/ by `npm ci --ignore-scripts`) in
Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default) on the home page, the scoring matrix
and one vendor page. Prints performance, accessibility and cumulative layout shift per page, with
the failing accessibility audits, and exits 1 when a page misses a target:

    performance >= 90, accessibility = 100, CLS < 0.1

Lighthouse's performance score is a simulation on a throttled mobile profile and moves by a few
points from run to run on a busy machine: `--runs N` audits each page N times and keeps the median
performance (and the worst accessibility and CLS). Not part of `make test`: it takes minutes.

    python -m bench.audit                      # home, matrix, vendors/five9
    python -m bench.audit --runs 3 --vendor genesys-cloud
    python -m bench.audit --site site          # audit an already built site folder instead
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)

PERFORMANCE_MIN = 90  # Lighthouse performance score, 0-100
ACCESSIBILITY_MIN = 100
CLS_MAX = 0.1  # cumulative layout shift: a page passes below this


@dataclass(frozen=True)
class Figures:
    """What one Lighthouse report says about one page."""

    url: str
    performance: int  # 0-100, as Lighthouse shows it
    accessibility: int
    cls: float  # cumulative layout shift
    lcp_ms: float  # largest contentful paint (simulated mobile)
    tbt_ms: float  # total blocking time
    failed: tuple[str, ...]  # ids of failed accessibility audits (score 0), e.g. "target-size"
    blocking: tuple[str, ...]  # render-blocking resources Lighthouse names

    def misses(self) -> list[str]:
        """The targets this page misses, in words; empty when it meets all three."""
        out = []
        if self.performance < PERFORMANCE_MIN:
            out.append(f"performance {self.performance} < {PERFORMANCE_MIN}")
        if self.accessibility < ACCESSIBILITY_MIN:
            out.append(f"accessibility {self.accessibility} < {ACCESSIBILITY_MIN}")
        if self.cls >= CLS_MAX:
            out.append(f"CLS {self.cls:.3f} >= {CLS_MAX}")
        return out


def read_report(report: dict) -> Figures:
    """A Lighthouse JSON report (lighthouse --output=json) -> the figures `make audit` checks."""
    categories, audits = report["categories"], report["audits"]

    def score(category: str) -> int:
        value = categories[category]["score"]
        return round(100 * value) if value is not None else 0

    def numeric(audit: str) -> float:
        return float(audits.get(audit, {}).get("numericValue") or 0.0)

    a11y_ids = [ref["id"] for ref in categories["accessibility"]["auditRefs"] if ref.get("weight", 0) > 0]
    failed = tuple(sorted(i for i in a11y_ids if audits.get(i, {}).get("score") == 0))
    items = (audits.get("render-blocking-resources", {}).get("details") or {}).get("items", [])
    return Figures(
        url=report.get("finalDisplayedUrl") or report.get("finalUrl") or report["requestedUrl"],
        performance=score("performance"),
        accessibility=score("accessibility"),
        cls=numeric("cumulative-layout-shift"),
        lcp_ms=numeric("largest-contentful-paint"),
        tbt_ms=numeric("total-blocking-time"),
        failed=failed,
        blocking=tuple(item["url"] for item in items),
    )


def combine(runs: list[Figures]) -> Figures:
    """Several runs of one page: the median performance, the worst accessibility and CLS."""
    first = runs[0]
    middle = sorted(runs, key=lambda f: f.performance)[len(runs) // 2]
    return Figures(
        url=first.url,
        performance=round(statistics.median(f.performance for f in runs)),
        accessibility=min(f.accessibility for f in runs),
        cls=max(f.cls for f in runs),
        lcp_ms=middle.lcp_ms,
        tbt_ms=middle.tbt_ms,
        failed=tuple(sorted({a for f in runs for a in f.failed})),
        blocking=tuple(sorted({b for f in runs for b in f.blocking})),
    )


def table(rows: list[tuple[str, Figures]]) -> str:
    lines = [f"{'page':<16} {'perf':>4} {'a11y':>4} {'CLS':>6} {'LCP':>7} {'TBT':>6}  verdict"]
    for name, f in rows:
        verdict = "; ".join(f.misses()) or "ok"
        lines.append(
            f"{name:<16} {f.performance:>4} {f.accessibility:>4} {f.cls:>6.3f} "
            f"{f.lcp_ms / 1000:>6.1f}s {f.tbt_ms:>4.0f}ms  {verdict}"
        )
        if f.failed:
            lines.append(f"{'':<16} failed accessibility audits: {', '.join(f.failed)}")
        for url in f.blocking:
            lines.append(f"{'':<16} render-blocking: {url}")
    return "\n".join(lines)


def build(into: Path) -> Path:
    """The real project built by `site-builder build` (as `make site` does, without the bundle)."""
    project = into / "project"
    project.mkdir()
    for name in ("docs", "vendors", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "scoring.yaml"):
        shutil.copy(ROOT / name, project / name)
    command = [str(Path(sys.executable).with_name("site-builder")), "build"]
    # PYTHONPATH: this checkout's package, even when the virtualenv's editable install points at another
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=project, check=True, env=env)
    return project / "site"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Gzip(_Quiet):
    """Text files gzip-compressed, as a static host (GitHub Pages, nginx, Netlify) serves them;
    http.server alone sends them raw, which is not what a reader's phone downloads."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not (
            path.is_file() and path.suffix in self.TEXT
        ):
            return super().do_GET()  # and http.server's redirect of "/matrix" to "/matrix/"
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def lighthouse(url: str, out: Path, chrome: str) -> Figures:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome})
    return read_report(json.loads(out.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="audits per page (median performance)")
    parser.add_argument("--vendor", default="five9", help="the vendor page to audit (its id)")
    parser.add_argument("--site", type=Path, help="audit this built site folder instead of building one")
    parser.add_argument("--raw", action="store_true", help="serve files uncompressed (http.server as it is)")
    parser.add_argument("--keep", type=Path, help="write the Lighthouse JSON reports into this folder")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        print("make audit: lighthouse is missing; install it with `npm ci --ignore-scripts`", file=sys.stderr)
        return 2
    if not Path(chrome).exists():
        print(f"make audit: Chromium is missing ({chrome}); set CHROME_PATH", file=sys.stderr)
        return 2
    pages = {"home": "", "matrix": "matrix/", f"vendor {args.vendor}": f"vendors/{args.vendor}/"}
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        work = Path(tmp)
        site = args.site.resolve() if args.site else build(work)
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(_Quiet if args.raw else _Gzip, directory=str(site))
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        reports = args.keep or work
        reports.mkdir(parents=True, exist_ok=True)
        rows = []
        try:
            for name, path in pages.items():
                runs = []
                for n in range(args.runs):
                    out = reports / f"{name.replace(' ', '-')}-{n + 1}.json"
                    runs.append(lighthouse(base + path, out, chrome))
                rows.append((name, combine(runs)))
        finally:
            server.shutdown()
            server.server_close()
    print(table(rows))
    missed = [name for name, f in rows if f.misses()]
    if missed:
        print(f"make audit: {len(missed)} of {len(rows)} pages miss a target: {', '.join(missed)}")
        return 1
    print(f"make audit: all {len(rows)} pages meet the targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
