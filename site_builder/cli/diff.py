"""`site-builder diff`: what a change to the vendor data does to the comparison, for a PR comment.

Input: two git revisions, or a revision and the working tree, or two directories. Output:
Markdown (default) or JSON on stdout or into a file. Exit 0 whatever changed; 2 when the diff
cannot run (unknown revision, not a git repository, a scoring.yaml that does not load).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from site_builder.cli.options import max_age, scoring_file, vendors_dir
from site_builder.cli.reporter import Command

if TYPE_CHECKING:
    from datetime import date

    from site_builder.history.snapshot import Snapshot


def _snapshot(
    where: str, *, vendors: Path, scoring: Path, today: date, max_age_days: int | None = None
) -> Snapshot:
    from site_builder.history.snapshot import from_directory, from_revision

    path = Path(where)
    if path.is_dir():
        if (path / vendors).is_dir():  # a project directory: vendors/ and scoring.yaml inside
            return from_directory(
                path, where, vendors=vendors, scoring=scoring, today=today, max_age_days=max_age_days
            )
        return from_directory(
            path,
            where,
            vendors=Path("."),
            scoring=Path.cwd() / scoring,
            today=today,
            max_age_days=max_age_days,
        )
    return from_revision(
        Path.cwd(),
        where,
        vendors=vendors,
        scoring=scoring,
        today=today,
        fallback_scoring=scoring,
        max_age_days=max_age_days,
    )


@click.command(cls=Command)
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment, JSON for tools.",
)
@vendors_dir("Vendor directory, relative to the repository (or to BASE/HEAD when they are directories).")
@scoring_file("Scoring declaration, relative like --vendors.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@max_age(
    "List HEAD's profiles and sources older than this (e.g. 365d) among its problems, as "
    "`validate` warns about them.",
)
def diff(
    base: str,
    head: str | None,
    fmt: str,
    vendors_dir: Path,
    scoring: Path,
    output: Path | None,
    max_age: int | None,
) -> None:
    """Show what changed between two versions of the vendor data: facts, sources, scores, ranks, flags.

    BASE and HEAD are git revisions (HEAD defaults to the working tree) or two directories.
    For each vendor it lists facts added, removed and changed (old -> new, with units, and
    the source the new value cites), sources added, changed or removed, and contradictions
    added or removed; then vendors added or removed. A change to scoring.yaml has its own
    section: each rule changed, and what the new rules alone do to the ranking on BASE's
    data (a BASE without scoring.yaml is scored with HEAD's rules, and the report says so); per persona the score
    and rank changes (only where something moved), top-pick and rank-confidence changes; red
    flags raised and cleared; and the validation problems (errors and warnings) of HEAD. A
    vendor file of HEAD that does not validate is listed as not validated, with its problems;
    HEAD keeps BASE's record of it in the scores, so its changes are not scored (and nothing
    else moves because of it) until the file validates. The report still shows the rest.

    Exit status: 0 whatever changed, 2 when the diff cannot run. Reads git locally only.

    \b
    Examples:
      site-builder diff main                  # main vs the working tree
      site-builder diff origin/main HEAD --format json
      site-builder diff old-data/ new-data/   # two directories
      site-builder diff main -o diff.md       # for a PR comment
      site-builder diff main --max-age 180d   # a stricter freshness limit
    """
    from site_builder.data.read import build_date  # imported here: `--help` stays fast
    from site_builder.history.diff import compare
    from site_builder.history.diff_report import to_json, to_markdown
    from site_builder.history.snapshot import SnapshotError, from_directory

    today = build_date()
    try:
        old = _snapshot(base, vendors=vendors_dir, scoring=scoring, today=today)
        if head is None:
            new = from_directory(
                Path.cwd(),
                "the working tree",
                vendors=vendors_dir,
                scoring=scoring,
                today=today,
                max_age_days=max_age,
            )
        else:
            new = _snapshot(head, vendors=vendors_dir, scoring=scoring, today=today, max_age_days=max_age)
    except SnapshotError as exc:
        raise click.UsageError(str(exc)) from None
    result = compare(old, new, decisions=True)
    text = to_json(result) if fmt == "json" else to_markdown(result)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
