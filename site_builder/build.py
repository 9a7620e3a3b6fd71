"""The recipe: load -> validate -> (score) -> render. Each stage is one call.

Input: paths and settings. Output: validated vendors and the rendered pages. The CLI's
`validate` and the MkDocs plugin both go through `read_vendors`, so they can never disagree.
This module does not import MkDocs and does not print.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from .criteria import load_criteria
from .errors import BuildFailed, Report
from .load import discover, display_name, load_file
from .model import Vendor
from .validate import validate_vendors


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
