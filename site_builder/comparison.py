"""The `Comparison`: validated vendors, their scores and how solid each persona's ranking is.

Every page, export, diff and snapshot reads this one record; it is built here from vendor files
and scoring.yaml (`prepare_comparison`). The git history of the data is read separately
(`history.log`) and passed beside it to the pages that show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from site_builder.data.load import display_name
from site_builder.data.model import Vendor
from site_builder.data.read import ReadCache, require_vendors
from site_builder.errors import BuildFailed, Report
from site_builder.scoring.criteria import Criteria, load_criteria
from site_builder.scoring.decision import Decision, decide_all
from site_builder.scoring.robustness import Robustness, analyse_all
from site_builder.scoring.score import Scoreboard, score_vendors


@dataclass(frozen=True)
class Comparison:
    """Everything the pages show: the validated vendors (sorted by id), their scores and how solid
    each persona's ranking is. `today` is the build date (SOURCE_DATE_EPOCH when set)."""

    vendors: tuple[Vendor, ...]
    criteria: Criteria
    board: Scoreboard
    robustness: tuple[Robustness, ...]  # in persona order
    today: date

    def vendor(self, vid: str) -> Vendor:
        return self._vendors[vid]

    def robust(self, pid: str) -> Robustness:
        return next(r for r in self.robustness if r.persona == pid)

    @cached_property
    def decisions(self) -> tuple[Decision, ...]:
        """Per persona (in order): the settled pick or the shortlist with its deciding questions."""
        return decide_all(self.board, self.vendors)

    def decision(self, pid: str) -> Decision:
        return next(d for d in self.decisions if d.persona == pid)

    @cached_property
    def names(self) -> dict[str, str]:
        """Each vendor's name by id (made once: pages ask for it per vendor)."""
        return {v.id: v.name for v in self.vendors}

    @cached_property
    def _vendors(self) -> dict[str, Vendor]:
        return {v.id: v for v in self.vendors}


def check_scoring(path: Path) -> Report:
    """Problems of a scoring declaration (scoring.yaml), placed like vendor problems."""
    return _read_scoring(path)[1]


def _read_scoring(path: Path) -> tuple[Criteria | None, Report]:
    try:
        return load_criteria(path, display_name(path)), Report()
    except BuildFailed as failure:
        return None, failure.report


def scoring_currencies(path: Path) -> tuple[str, ...]:
    """The reporting currency of a scoring declaration, then those it declares a rate for: what vendor
    prices may be in (empty when the declaration does not load; its own problems say why)."""
    criteria = _read_scoring(path)[0]
    return criteria.settings.currencies if criteria else ()


class ScoreMemo:
    """Each vendor's scores (`score_vendors`' per-vendor work), kept by `serve` from one edit to the
    next: an edit of one vendor file scores that vendor again, not the other 49. Entries hold the
    validated record itself (which `ReadCache` keeps while its file is unchanged) and are valid only
    for the criteria and the date they were worked out with."""

    def __init__(self) -> None:
        self._key: tuple[Criteria, date] | None = None
        self._parts: dict[int, tuple] = {}

    def parts(self, criteria: Criteria, today: date) -> dict[int, tuple]:
        """The memo for `score_vendors` under these criteria (scoring.yaml's) and date."""
        if self._key != (criteria, today):
            self._key, self._parts = (criteria, today), {}
        return self._parts

    def keep(self, vendors: tuple[Vendor, ...]) -> None:
        """Forget vendors no longer compared (an edited file's previous record)."""
        current = {id(v) for v in vendors}
        self._parts = {key: part for key, part in self._parts.items() if key in current}


def prepare_comparison(
    vendor_dirs: list[Path],
    scoring_path: Path,
    *,
    today: date,
    strict: bool = False,
    cache: ReadCache | None = None,
    scores: ScoreMemo | None = None,
) -> Comparison:
    """Vendors and scoring.yaml -> the scored `Comparison`; raise BuildFailed with every problem.
    `cache` and `scores`: what a long-running process (`serve`) keeps of the vendor files it read
    and the vendors it scored before."""
    criteria, report = _read_scoring(scoring_path)  # 1. the criteria, placed like vendor problems
    currencies = criteria.settings.currencies if criteria else ()
    try:  # 2. load and validate
        vendors = require_vendors(vendor_dirs, today=today, strict=strict, currencies=currencies, cache=cache)
    except BuildFailed as failure:
        raise BuildFailed(report + failure.report) from None
    if criteria is None or report.failed(strict):
        raise BuildFailed(report)
    memo = scores.parts(criteria, today) if scores is not None else None
    board = score_vendors(vendors, criteria, today=today, memo=memo)  # 3. score
    if scores is not None:
        scores.keep(vendors)
    return Comparison(vendors, criteria, board, analyse_all(board), today)  # 4. how solid each ranking is
