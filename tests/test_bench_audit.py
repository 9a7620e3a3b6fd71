"""`make audit`'s reading of a Lighthouse JSON report (bench/audit.py); Lighthouse itself is not run."""

from __future__ import annotations

from bench.audit import Figures, combine, read_report, table


def report(perf: float | None, a11y: float, cls: float, failed: dict[str, int]) -> dict:
    """The parts of a Lighthouse 12 report that `read_report` reads, shaped as Lighthouse writes them."""
    refs = [
        {"id": "color-contrast", "weight": 7},
        {"id": "target-size", "weight": 7},
        {"id": "tabindex", "weight": 0},
    ]
    audits = {
        "cumulative-layout-shift": {"score": 0.4, "numericValue": cls},
        "largest-contentful-paint": {"score": 0.9, "numericValue": 2150.4},
        "total-blocking-time": {"score": 1, "numericValue": 30},
        "render-blocking-resources": {
            "details": {
                "items": [{"url": "http://127.0.0.1:8000/assets/stylesheets/main.css", "wastedMs": 300}]
            }
        },
        "color-contrast": {"score": 1},
        "target-size": {"score": 1},
        "tabindex": {"score": 0},  # weight 0 in the category: not counted
    } | {audit: {"score": score} for audit, score in failed.items()}
    return {
        "requestedUrl": "http://127.0.0.1:8000/matrix/",
        "finalDisplayedUrl": "http://127.0.0.1:8000/matrix/",
        "categories": {
            "performance": {"score": perf},
            "accessibility": {"score": a11y, "auditRefs": refs},
        },
        "audits": audits,
    }


def test_a_report_gives_the_scores_out_of_100_cls_and_the_failed_accessibility_audits():
    f = read_report(report(0.654, 0.97, 0.4213, {"target-size": 0}))
    assert f == Figures(
        url="http://127.0.0.1:8000/matrix/",
        performance=65,
        accessibility=97,
        cls=0.4213,
        lcp_ms=2150.4,
        tbt_ms=30.0,
        failed=("target-size",),
        blocking=("http://127.0.0.1:8000/assets/stylesheets/main.css",),
    )
    assert f.misses() == ["performance 65 < 90", "accessibility 97 < 100", "CLS 0.421 >= 0.1"]


def test_a_page_at_the_targets_passes_and_a_missing_score_counts_as_0():
    assert read_report(report(0.9, 1.0, 0.0999, {})).misses() == []
    assert read_report(report(None, 1.0, 0.0, {})).misses() == ["performance 0 < 90"]
    assert read_report(report(0.95, 1.0, 0.1, {})).misses() == ["CLS 0.100 >= 0.1"]


def test_runs_of_a_page_keep_the_median_performance_and_the_worst_of_the_rest():
    runs = [
        read_report(report(p, a, c, {})) for p, a, c in ((0.91, 1, 0.02), (0.62, 1, 0.0), (0.88, 0.97, 0.05))
    ]
    both = combine(runs)
    assert (both.performance, both.accessibility, both.cls) == (88, 97, 0.05)
    lines = table([("matrix", both)]).splitlines()
    assert (
        lines[1]
        == "matrix             88   97  0.050    2.2s   30ms  performance 88 < 90; accessibility 97 < 100"
    )
