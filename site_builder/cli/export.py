"""`site-builder export`: the comparison as CSV, JSON or XLSX, for spreadsheets and other tools."""

from __future__ import annotations

from pathlib import Path

import click

from site_builder.cli.options import scoring_file, vendors_dir
from site_builder.cli.reporter import Command

# outputs.export.FORMATS' keys, spelled here so `--help` need not import the exporters (a test keeps them equal).
FORMAT_NAMES = ("csv", "json", "xlsx")


@click.command(cls=Command)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default="xlsx",
    show_default=True,
    help="csv (one row per vendor), json (versioned, for tools) or xlsx (a sheet per persona + facts).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; default dist/vendor-comparison.<format> ('-' for stdout, csv/json only).",
)
@vendors_dir()
@scoring_file()
def export(fmt: str, output: Path | None, vendors_dir: Path, scoring: Path) -> None:
    """Export the comparison: facts with units, derived metrics, criterion scores, per-persona
    totals, ranges and ranks, coverage and red flags, one row per vendor.

    Unknown facts are written as the word "unknown" (JSON: null with "known": false), never
    as an empty cell or a zero. The same data gives byte-identical files. The site offers
    the same files for download.

    \b
    Examples:
      site-builder export                       # dist/vendor-comparison.xlsx
      site-builder export --format csv -o comparison.csv
      site-builder export --format json -o - | jq '.vendors[0].personas'
    """
    from site_builder.comparison import prepare_comparison
    from site_builder.data.read import build_date
    from site_builder.outputs.export import FORMATS

    comparison = prepare_comparison([vendors_dir], scoring, today=build_date())
    data = FORMATS[fmt](comparison)
    if output is not None and str(output) == "-":
        if fmt == "xlsx":
            raise click.UsageError("an XLSX file cannot go to stdout; give a file name with -o")
        click.echo(data.decode("utf-8"), nl=False)
        return
    target = output or Path("dist") / f"vendor-comparison.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    click.echo(f"wrote {target} ({len(data):,} bytes, {len(comparison.vendors)} vendors)", err=True)
