"""The history of the vendor data, from git: what each commit changed in the comparison.

Input: the directory of the vendor files and scoring.yaml, and how many commits to read.
Output: a frozen `History` of dated `Change`s (newest first), each a `diff.DataDiff` between a
commit and its predecessor, or `History.unavailable` with the reason (no git, a tarball, a
shallow clone). Git runs locally (`git log`, `ls-tree`, `cat-file`); nothing is fetched. Each
distinct file (git blob) is validated once, and only vendors whose file changed are compared.
Commits are compared oldest first, so a vendor whose file stops validating keeps its last
validated record (`diff.hold_back`) until a later commit fixes the file.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from site_builder.comparison import Comparison
from site_builder.data.load import load_bytes
from site_builder.data.model import Vendor
from site_builder.data.validate import validate_vendors
from site_builder.errors import BuildFailed, Problem, Report
from site_builder.history.diff import DataDiff, Snapshot, compare, hold_back
from site_builder.history.diff_report import vendor_lines
from site_builder.history.snapshot import SnapshotError
from site_builder.scoring.criteria import Criteria, load_criteria
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors


@dataclass(frozen=True)
class Change:
    commit: str  # abbreviated id
    date: date  # committer date
    subject: str
    diff: DataDiff
    author: str = ""  # the author's name


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...]  # newest first
    unavailable: str | None = None  # why there is no history
    truncated: bool = False  # older commits exist beyond the limit

    def for_vendor(self, vid: str, path_label: Callable[[str], str] = str) -> list[tuple[Change, list[str]]]:
        """The changes that touched one vendor, each as plain-words lines (see `diff.vendor_lines`)."""
        out = []
        for change in self.changes:
            lines = vendor_lines(change.diff, vid, path_label)
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
    log = _git(
        project, "log", f"--max-count={limit + 1}", "--format=%H%x09%h%x09%cs%x09%an%x09%s", "--", *paths
    )
    if not log:
        return History((), "no commit has changed the vendor data yet")
    rows = [line.split("\t", 4) for line in log.splitlines() if line]
    truncated = len(rows) > limit
    reader = _Reader(Path(top.strip()), project, vendors, scoring, today)
    changes: list[Change] = []
    last_valid: dict[str, Vendor] = {}  # each vendor's newest record that validated, so far
    try:
        for full, short, day, author, subject in reversed(rows[:limit]):
            parent = (_git(project, "rev-parse", "--verify", "--quiet", f"{full}^") or "").strip()
            if not parent:
                continue  # the first commit: nothing to compare it with (everything was added)
            (old, old_blobs), (new, new_blobs) = reader.snapshot(parent), reader.snapshot(full)
            old = hold_back(old, last_valid.values())
            changed = {vid for vid, blob in new_blobs.items() if old_blobs.get(vid) != blob}
            diff = compare(old, new, changed=changed)
            last_valid |= {v.id: v for v in (*old.comparison.vendors, *new.comparison.vendors)}
            if not diff.unchanged:
                changes.append(Change(short, date.fromisoformat(day), subject, diff, author))
    except SnapshotError as exc:
        return History(tuple(reversed(changes)), f"the history could not be read: {exc}")
    return History(tuple(reversed(changes)), None, truncated)


class _Reader:
    """Reads commits through `git ls-tree` and `git cat-file`, validating each distinct file
    (git blob) once: across 20 commits most vendor files are the same blob every time."""

    def __init__(self, top: Path, project: Path, vendors: Path, scoring: Path, today: date):
        self.top, self.today = top, today
        self.vendors = _relative(project / vendors, top)
        self.scoring = _relative(project / scoring, top)
        self.fallback = project / scoring
        self.validated: dict[str, tuple[Vendor | None, tuple[Problem, ...]]] = {}
        self.criteria: dict[str, Criteria] = {}
        self.snapshots: dict[str, tuple[Snapshot, dict[str, str]]] = {}
        self.memos: dict[int, dict[int, tuple]] = {}  # per criteria (kept alive in self.criteria)

    def snapshot(self, commit: str) -> tuple[Snapshot, dict[str, str]]:
        """The scored data at `commit`, and each vendor id's blob."""
        if commit not in self.snapshots:
            self.snapshots[commit] = self._read(commit)
        return self.snapshots[commit]

    def _read(self, commit: str) -> tuple[Snapshot, dict[str, str]]:
        listing = _git(
            self.top, "ls-tree", "-r", commit, "--", self.vendors.as_posix(), self.scoring.as_posix()
        )
        if listing is None:
            raise SnapshotError(f"cannot list {commit}")
        blobs = {}
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            blobs[path] = meta.split()[2]
        criteria = self._criteria(blobs.get(self.scoring.as_posix()))
        files = {
            p: b for p, b in blobs.items() if p != self.scoring.as_posix() and p.endswith((".yaml", ".yml"))
        }
        self._validate(files)
        found, problems, ids = [], [], {}
        names = {Path(path).stem: path for path in sorted(files)}  # every vendor file, valid or not
        for path, blob in sorted(files.items()):
            vendor, file_problems = self.validated[blob]
            problems += [replace(pr, file=f"{path} (at {commit[:7]})") for pr in file_problems]
            if vendor is not None and vendor.id not in ids:  # a duplicate id: the first file wins
                found.append(vendor)
                ids[vendor.id] = blob
        memo = self.memos.setdefault(id(criteria), {})
        board = score_vendors(found, criteria, today=self.today, memo=memo)
        comparison = Comparison(
            tuple(sorted(found, key=lambda v: v.id)),
            criteria,
            board,
            analyse_all(board, samples=200),
            self.today,
        )
        return Snapshot(commit[:7], comparison, Report(tuple(sorted(problems))), names), ids

    def _validate(self, files: dict[str, str]) -> None:
        todo = sorted({b for b in files.values() if b not in self.validated})
        if not todo:
            return
        contents = _cat(self.top, todo)
        path_of = {b: p for p, b in files.items()}
        for blob in todo:
            doc, problems = load_bytes(contents[blob], path_of[blob])
            if doc is None:
                self.validated[blob] = (None, problems)
                continue
            found, report = validate_vendors([doc], today=self.today)
            self.validated[blob] = (found[0] if found else None, tuple(problems) + report.problems)

    def _criteria(self, blob: str | None) -> Criteria:
        key = blob or "fallback"
        if key not in self.criteria:
            with tempfile.TemporaryDirectory(prefix="site-builder-history-") as tmp:
                path = Path(tmp) / "scoring.yaml"
                path.write_bytes(_cat(self.top, [blob])[blob] if blob else self.fallback.read_bytes())
                try:
                    self.criteria[key] = load_criteria(path, self.scoring.as_posix())
                except BuildFailed as exc:
                    raise SnapshotError(f"{self.scoring} at this commit cannot be used:\n{exc}") from None
        return self.criteria[key]


def _cat(top: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of several blobs in one `git cat-file --batch` call."""
    run = subprocess.run(
        ["git", "-C", str(top), "cat-file", "--batch"],
        input=("\n".join(blobs) + "\n").encode(),
        capture_output=True,
        check=True,
    )
    out, data, at = {}, run.stdout, 0
    for blob in blobs:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split()[2])
        out[blob] = data[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1  # contents, then a newline
    return out


def _relative(path: Path, top: Path) -> Path:
    try:
        return path.resolve().relative_to(top.resolve())
    except ValueError:
        raise SnapshotError(f"{path} is outside the git repository {top}") from None
