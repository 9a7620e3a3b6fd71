"""Find, parse and validate vendor files: the one path that `validate`, `build`, `serve` and `diff` share.

Input: paths (files or folders) and the date to judge freshness by. Output: validated `Vendor`
records sorted by id, and every problem found. Never prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from site_builder.data.checks import MAX_AGE_DAYS
from site_builder.data.load import discover, display_name, load_file
from site_builder.data.model import Vendor
from site_builder.data.validate import validate_vendors
from site_builder.errors import BuildFailed, Report


def read_vendors(
    paths: list[Path],
    *,
    today: date,
    max_age_days: int | None = MAX_AGE_DAYS,
    progress: Callable[[Path], None] | None = None,
    currencies: tuple[str, ...] = (),
) -> tuple[tuple[Vendor, ...], Report, int]:
    """Load and validate vendor files. Returns the vendors, every problem, and the file count.
    `currencies`: the reporting currency and those scoring.yaml has rates for (empty: not checked)."""
    files, missing = discover(paths)  # 1. find the files
    docs, problems = [], list(missing)
    for path in files:  # 2. parse each, keeping positions
        doc, load_problems = load_file(path, display_name(path))
        problems += load_problems
        if doc is not None:
            docs.append(doc)
        if progress:
            progress(path)
    vendors, report = validate_vendors(  # 3. validate
        docs, today=today, max_age_days=max_age_days, currencies=currencies
    )
    return vendors, report + Report(tuple(problems)), len(files)


def require_vendors(
    paths: list[Path], *, today: date, strict: bool = False, currencies: tuple[str, ...] = ()
) -> tuple[Vendor, ...]:
    """Like `read_vendors`, but raise `BuildFailed` when the data has errors (or warnings under strict)."""
    vendors, report, _ = read_vendors(paths, today=today, currencies=currencies)
    if report.failed(strict):
        raise BuildFailed(report)
    return vendors


def source_date_epoch() -> datetime | None:
    """The moment SOURCE_DATE_EPOCH names, when set to a whole number of seconds (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else None


def build_date() -> date:
    """Today, or the date of SOURCE_DATE_EPOCH when set, so a rebuild of old data is reproducible."""
    stamp = source_date_epoch()
    return stamp.date() if stamp else date.today()
