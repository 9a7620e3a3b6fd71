"""Read the vendor data as it is in a git revision, a directory or the working tree, and score it.

Input: a revision (anything `git rev-parse` accepts) or a directory, plus where the vendor files
and scoring.yaml live. Output: a `diff.Snapshot`. A revision is read with `git archive` into a
temporary directory; git runs locally and never fetches. Files that fail validation are left out
of the snapshot's vendors and their problems kept (`diff.compare` then holds back their last
validated record), so a diff can still report what it can.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from site_builder.comparison import Comparison
from site_builder.data.checks import MAX_AGE_DAYS
from site_builder.data.load import display_name
from site_builder.data.read import read_vendors
from site_builder.errors import BuildFailed, Report
from site_builder.history.diff import Snapshot
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors


class SnapshotError(Exception):
    """The data cannot be read at all (unknown revision, not a git repository, broken scoring.yaml)."""


def git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if run.returncode != 0:
        raise SnapshotError(
            run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
            if run.stderr
            else f"git {' '.join(args)} failed"
        )
    return run.stdout if binary else run.stdout.decode("utf-8")


def from_directory(
    root: Path,
    label: str,
    *,
    vendors: Path,
    scoring: Path,
    today: date,
    samples: int | None = None,
    max_age_days: int | None = MAX_AGE_DAYS,
) -> Snapshot:
    """Score the vendor files under `root / vendors` with `root / scoring`; a profile or source older
    than `max_age_days` (the library's freshness policy by default) is a warning, as `validate` reports it."""
    vendor_dir, scoring_file = root / vendors, root / scoring
    if not vendor_dir.is_dir():
        raise SnapshotError(f"{label}: no vendor directory {vendors}")
    try:
        criteria = load_criteria(scoring_file, display_name(scoring))
    except BuildFailed as exc:  # the diff cannot score anything
        raise SnapshotError(f"{label}: {scoring} cannot be used:\n{exc}") from None
    found, report, _ = read_vendors([vendor_dir], today=today, max_age_days=max_age_days)
    board = score_vendors(found, criteria, today=today)
    files = {
        p.stem: (vendors / p.name).as_posix()
        for p in sorted(vendor_dir.iterdir())
        if p.suffix in (".yaml", ".yml")
    }
    return Snapshot(
        label,
        Comparison(tuple(found), criteria, board, analyse_all(board, samples=samples), today),
        report,
        files,
    )


def from_revision(
    repo: Path,
    rev: str,
    *,
    vendors: Path,
    scoring: Path,
    today: date,
    samples: int | None = None,
    fallback_scoring: Path | None = None,
    max_age_days: int | None = MAX_AGE_DAYS,
) -> Snapshot:
    """The data as committed in `rev` of the repository at `repo` (paths relative to `repo`). When
    `rev` has no scoring.yaml, `fallback_scoring` (e.g. today's) scores it, if given."""
    top = Path(str(git(repo, "rev-parse", "--show-toplevel")).strip())
    try:
        commit = str(git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")).strip()
    except SnapshotError:
        raise SnapshotError(
            f"'{rev}' is neither a directory nor a revision of the repository at {top}"
        ) from None
    rel_vendors = _relative(repo / vendors, top)
    rel_scoring = _relative(repo / scoring, top)
    note = None
    with tempfile.TemporaryDirectory(prefix="site-builder-diff-") as tmp:
        root = Path(tmp)
        for path in (rel_vendors, rel_scoring):
            listed = str(git(top, "ls-tree", "--name-only", commit, "--", path.as_posix())).strip()
            if listed:
                data = git(top, "archive", "--format=tar", commit, "--", path.as_posix(), binary=True)
                with tarfile.open(fileobj=io.BytesIO(data)) as tar:  # type: ignore[arg-type]
                    tar.extractall(root, filter="data")
            elif path == rel_scoring and fallback_scoring is not None and fallback_scoring.is_file():
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(fallback_scoring.read_bytes())
                note = (
                    f"{rev} has no {scoring.as_posix()}: its data is scored with the rules of "
                    f"{display_name(fallback_scoring)} (HEAD's), so no rule change is shown"
                )
        (root / rel_vendors).mkdir(parents=True, exist_ok=True)
        snap = from_directory(
            root,
            rev,
            vendors=rel_vendors,
            scoring=rel_scoring,
            today=today,
            samples=samples,
            max_age_days=max_age_days,
        )
        prefix = str(root) + "/"
        problems = tuple(
            replace(p, file=f"{_from_repo(p.file.removeprefix(prefix), rel_vendors, vendors)} (at {rev})")
            if p.file.startswith(prefix)
            else p
            for p in snap.report.problems
        )
    files = {k: _from_repo(v, rel_vendors, vendors) for k, v in snap.files.items()}
    return Snapshot(rev, snap.comparison, Report(problems), files, note=note)


def _relative(path: Path, top: Path) -> Path:
    try:
        return path.resolve().relative_to(top.resolve())
    except ValueError:
        raise SnapshotError(f"{path} is outside the git repository {top}") from None


def _from_repo(shown: str, rel_vendors: Path, vendors: Path) -> str:
    """A file name as the user passed the vendor directory (not relative to the repository top)."""
    try:
        return (vendors / Path(shown).relative_to(rel_vendors)).as_posix()
    except ValueError:  # scoring.yaml, not a vendor file
        return shown
