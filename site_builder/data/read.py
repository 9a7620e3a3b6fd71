"""Find, parse and validate vendor files: the one path that `validate`, `build`, `serve` and `diff` share.

Input: paths (files or folders) and the date to judge freshness by. Output: validated `Vendor`
records sorted by id, and every problem found. Never prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
    # A one-off read of many files (a build) on two cores: another process reads and checks the
    # second half (see _read_and_check) while this one reads and checks the first.
    apart = cache is None and progress is None and len(files) >= TWO_PROCESSES_FROM and _may_fork()
    half = len(files) // 2 if apart else len(files)
    rules: dict[str, Any] = {"today": today, "max_age_days": max_age_days, "currencies": currencies}
    theirs: Callable[[], list[_Checked]] = list
    if apart:
        from site_builder.processes import beside

        theirs = beside(lambda: [_read_and_check(p, **rules) for p in files[half:]])
    checked: dict[int, tuple[Vendor | None, list[Problem]]] = {}  # id of a document -> its check
    for path in files[:half]:  # 2. parse each, keeping positions
        doc, load_problems = cache.load(path) if cache else load_file(path, display_name(path))
        problems += load_problems
        if doc is not None:
            docs.append(doc)
            if apart:
                checked[id(doc)] = check_vendor(doc, **rules)
        if progress:
            progress(path)
    for load_problems, stand_in, result in theirs():
        problems += load_problems
        if stand_in is not None:
            docs.append(stand_in)
            checked[id(stand_in)] = result

    def check(doc: RawDocument, **given: Any) -> tuple[Vendor | None, list[Problem]]:
        kept = checked.get(id(doc))
        return kept if kept is not None else (cache.check if cache else check_vendor)(doc, **given)

    vendors, report = validate_vendors(  # 3. validate
        docs, today=today, max_age_days=max_age_days, currencies=currencies, check=check
    )
    if cache:
        cache.keep_only(docs)
    return vendors, report + Report(tuple(problems)), len(files)


# From this many files, a one-off read on two cores shares them out (at fewer, a fork costs more
# than half the reading saves).
TWO_PROCESSES_FROM = 16


def _may_fork() -> bool:
    # Imported only for a read of many files: multiprocessing is 2% of `validate FILE`.
    from site_builder.processes import may_fork

    return may_fork()


_Checked = tuple[tuple[Problem, ...], RawDocument | None, tuple[Vendor | None, list[Problem]]]


def _read_and_check(path: Path, **rules: Any) -> _Checked:
    """One file parsed and checked, as `read_vendors` would, for sending to the process that asked:
    its parse problems, a stand-in for its document that keeps only where the id is written (all
    that validation asks of it once checked: a duplicate id's position), and the check's result."""
    doc, load_problems = load_file(path, display_name(path))
    if doc is None:
        return load_problems, None, (None, [])
    stand_in = RawDocument(doc.file, None, {("id",): doc.position(("id",))}, {})
    return load_problems, stand_in, check_vendor(doc, **rules)


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
