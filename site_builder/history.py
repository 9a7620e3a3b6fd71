"""The history of the vendor data, from git: what each commit changed in the comparison.

Input: the directory of the vendor files and scoring.yaml, and how many commits to read.
Output: a frozen `History` of dated `Change`s (newest first), each a `diff.DataDiff` between a
commit and its predecessor, or `History.unavailable` with the reason (no git, a tarball, a
shallow clone). Git runs locally (`git log`, `git archive`); nothing is fetched.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diff import DataDiff, compare, vendor_lines
from .snapshot import SnapshotError, from_revision


@dataclass(frozen=True)
class Change:
    commit: str  # abbreviated id
    date: date  # committer date
    subject: str
    diff: DataDiff


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...]  # newest first
    unavailable: str | None = None  # why there is no history
    truncated: bool = False  # older commits exist beyond the limit

    def for_vendor(self, vid: str) -> list[tuple[Change, list[str]]]:
        """The changes that touched one vendor, each as plain-words lines."""
        out = []
        for change in self.changes:
            lines = vendor_lines(change.diff, vid)
            if lines:
                out.append((change, lines))
        return out


def _git(repo: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return run.stdout if run.returncode == 0 else None


def read_head(project: Path) -> str | None:
    """The commit checked out in the repository holding `project`, or None outside git."""
    head = _git(project, "rev-parse", "HEAD")
    return head.strip() if head else None


def read_history(project: Path, *, vendors: Path, scoring: Path, today: date, limit: int = 20) -> History:
    """The last `limit` commits that changed the vendor files or scoring.yaml, compared pairwise."""
    top = _git(project, "rev-parse", "--show-toplevel")
    if top is None:
        return History((), "the vendor data is not in a git repository (for example, it came from a tarball)")
    if (_git(project, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return History((), "the repository is a shallow clone; fetch its full history (fetch-depth: 0)")
    paths = [str(vendors), str(scoring)]
    log = _git(project, "log", f"--max-count={limit + 1}", "--format=%H%x09%h%x09%cs%x09%s", "--", *paths)
    if not log:
        return History((), "no commit has changed the vendor data yet")
    rows = [line.split("\t", 3) for line in log.splitlines() if line]
    truncated = len(rows) > limit
    rows = rows[:limit]
    changes = []
    try:
        snaps = {}

        def snap(rev: str):
            if rev not in snaps:
                snaps[rev] = from_revision(project, rev, vendors=vendors, scoring=scoring, today=today, samples=200,
                                           fallback_scoring=project / scoring)
            return snaps[rev]

        for full, short, day, subject in rows:
            parent = (_git(project, "rev-parse", "--verify", "--quiet", f"{full}^") or "").strip()
            if not parent:
                continue  # the first commit: nothing to compare it with (everything was added)
            diff = compare(snap(parent), snap(full))
            if not diff.unchanged:
                changes.append(Change(short, date.fromisoformat(day), subject, diff))
    except SnapshotError as exc:
        return History(tuple(changes), f"the history could not be read: {exc}")
    return History(tuple(changes), None, truncated)
