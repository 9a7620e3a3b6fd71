"""The recipe: load -> validate -> score -> render. Each stage is one call.

Input: paths and settings. Output: validated vendors, the `Comparison` (scores and rank
robustness) and the rendered pages. The CLI's `validate` and the MkDocs plugin both go through
`read_vendors`, so they can never disagree. This module does not import MkDocs and does not print.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.data.load import discover, display_name, load_file
from site_builder.data.model import Vendor
from site_builder.data.validate import validate_vendors
from site_builder.errors import BuildFailed, Report
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors
from site_builder.site.pages import (
    calculator,
    changes,
    compare,
    home,
    matrix,
    methodology,
    quality,
    vendor,
)
from site_builder.site.reference import metrics_markdown, reference_markdown
from site_builder.site.render import Comparison, Page, RenderContext, make_env

if TYPE_CHECKING:
    from site_builder.history.log import History


def read_vendors(
    paths: list[Path],
    *,
    today: date,
    max_age_days: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> tuple[tuple[Vendor, ...], Report, int]:
    """Load and validate vendor files. Returns the vendors, every problem, and the file count."""
    files, missing = discover(paths)  # 1. find the files
    docs, problems = [], list(missing)
    for path in files:  # 2. parse each, keeping positions
        doc, load_problems = load_file(path, display_name(path))
        problems += load_problems
        if doc is not None:
            docs.append(doc)
        if progress:
            progress(path)
    vendors, report = validate_vendors(docs, today=today, max_age_days=max_age_days)  # 3. validate
    return vendors, report + Report(tuple(problems)), len(files)


def require_vendors(paths: list[Path], *, today: date, strict: bool = False) -> tuple[Vendor, ...]:
    """Like `read_vendors`, but raise `BuildFailed` when the data has errors (or warnings under strict)."""
    vendors, report, _ = read_vendors(paths, today=today)
    if report.failed(strict):
        raise BuildFailed(report)
    return vendors


def check_scoring(path: Path) -> Report:
    """Problems of a scoring declaration (scoring.yaml), placed like vendor problems."""
    try:
        load_criteria(path, display_name(path))
    except BuildFailed as failure:
        return failure.report
    return Report()


def build_date() -> date:
    """Today, or the date of SOURCE_DATE_EPOCH when set, so a rebuild of old data is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def prepare_comparison(
    vendor_dirs: list[Path],
    scoring_path: Path,
    *,
    today: date,
    strict: bool = False,
    history: History | None = None,
) -> Comparison:
    """Vendors and scoring.yaml -> the scored `Comparison`; raise BuildFailed with every problem.
    `history` (see `history.read_history`) is passed through for the "What changed" page."""
    report = check_scoring(scoring_path)  # 1. the criteria, placed like vendor problems
    try:
        vendors = require_vendors(vendor_dirs, today=today, strict=strict)  # 2. load and validate
    except BuildFailed as failure:
        raise BuildFailed(report + failure.report) from None
    if report.failed(strict):
        raise BuildFailed(report)
    criteria = load_criteria(scoring_path, display_name(scoring_path))
    board = score_vendors(vendors, criteria, today=today)  # 3. score
    return Comparison(
        vendors, criteria, board, analyse_all(board), today, history
    )  # 4. how solid each ranking is


# Each page module turns the comparison into its pages; the order is the order of the site's files.
PAGE_MODULES = (home, matrix, compare, vendor, calculator, methodology, quality, changes)


def render_site(comparison: Comparison, templates_dir: Path, *, directory_urls: bool = True) -> list[Page]:
    """Every generated page, from every page module, plus the data-format reference."""
    ctx = RenderContext(make_env(templates_dir), directory_urls)
    pages = [page for module in PAGE_MODULES for page in module.pages(comparison, ctx)]
    pages.append(Page("reference/vendor-format.md", reference_markdown()))
    pages.append(Page("reference/metrics.md", metrics_markdown()))
    return pages


def downloads(comparison: Comparison) -> list[tuple[str, bytes]]:
    """The exports the site offers for download: (path in the site, bytes)."""
    from site_builder.outputs.export import FORMATS
    from site_builder.site.render import DOWNLOADS

    return [(uri, FORMATS[fmt](comparison)) for fmt, uri in DOWNLOADS.items()]
