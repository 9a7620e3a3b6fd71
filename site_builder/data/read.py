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
from site_builder.data.load import RawDocument, discover, display_name, load_file
from site_builder.data.model import Vendor
from site_builder.data.validate import check_vendor, validate_vendors
from site_builder.errors import BuildFailed, Problem, Report


class ReadCache:
    """Kept by a long-running process (`serve`): each file's parsed document while its bytes stay the
    same, and each document's checked record, so a rebuild after one edit re-reads one file. The
    results are the ones `read_vendors` gives without it (the same objects, for unchanged files)."""

    def __init__(self) -> None:
        self._loaded: dict[Path, tuple[bytes, tuple[RawDocument | None, tuple[Problem, ...]]]] = {}
        self._checked: dict[tuple, tuple[RawDocument, tuple[Vendor | None, list[Problem]]]] = {}

    def load(self, path: Path) -> tuple[RawDocument | None, tuple[Problem, ...]]:
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
        kept = self._loaded.get(path)
        if raw is not None and kept is not None and kept[0] == raw:
            return kept[1]
        result = load_file(path, display_name(path))
        if raw is not None:
            self._loaded[path] = (raw, result)
        return result

    def check(
        self, doc: RawDocument, *, today: date, max_age_days: int | None, currencies: tuple[str, ...]
    ) -> tuple[Vendor | None, list[Problem]]:
        key = (id(doc), today, max_age_days, currencies)
        kept = self._checked.get(key)
        if kept is None or kept[0] is not doc:
            result = check_vendor(doc, today=today, max_age_days=max_age_days, currencies=currencies)
            kept = self._checked[key] = (doc, result)
        return kept[1]

    def keep_only(self, docs: list[RawDocument]) -> None:
        """Forget the documents of files that changed or went."""
        ids = {id(d) for d in docs}
        self._checked = {k: v for k, v in self._checked.items() if k[0] in ids}


def read_vendors(
    paths: list[Path],
    *,
    today: date,
    max_age_days: int | None = MAX_AGE_DAYS,
    progress: Callable[[Path], None] | None = None,
    currencies: tuple[str, ...] = (),
    cache: ReadCache | None = None,
) -> tuple[tuple[Vendor, ...], Report, int]:
    """Load and validate vendor files. Returns the vendors, every problem, and the file count.
    `currencies`: the reporting currency and those scoring.yaml has rates for (empty: not checked).
    `cache`: reuse what a long-running process read before (see `ReadCache`)."""
    files, missing = discover(paths)  # 1. find the files
    docs, problems = [], list(missing)
    for path in files:  # 2. parse each, keeping positions
        doc, load_problems = cache.load(path) if cache else load_file(path, display_name(path))
        problems += load_problems
        if doc is not None:
            docs.append(doc)
        if progress:
            progress(path)
    vendors, report = validate_vendors(  # 3. validate
        docs,
        today=today,
        max_age_days=max_age_days,
        currencies=currencies,
        check=cache.check if cache else check_vendor,
    )
    if cache:
        cache.keep_only(docs)
    return vendors, report + Report(tuple(problems)), len(files)


def require_vendors(
    paths: list[Path],
    *,
    today: date,
    strict: bool = False,
    currencies: tuple[str, ...] = (),
    cache: ReadCache | None = None,
) -> tuple[Vendor, ...]:
    """Like `read_vendors`, but raise `BuildFailed` when the data has errors (or warnings under strict)."""
    vendors, report, _ = read_vendors(paths, today=today, currencies=currencies, cache=cache)
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
