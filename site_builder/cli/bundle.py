"""`site-builder bundle`: the offline HTML bundle, a zip a reader opens from disk with no network."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from site_builder.cli.options import config_file
from site_builder.cli.reference import COMMANDS_URI, commands_page
from site_builder.cli.reporter import Command


@click.command(cls=Command)
@config_file()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    help="Directory for the zip.",
)
def bundle(config_file: Path, output: Path) -> None:
    """Build the offline bundle: dist/vendor-comparison-<data date>.zip.

    The whole site, built for opening from disk (file://): unzip it and double-click
    index.html. Navigation, search, the matrix with its sliders, compare, the vendor pages
    and the guide all work with no network, and nothing is fetched from the internet. The
    zip carries manifest.json (data hash and git commit, dates, vendor count, tool version,
    every file's SHA-256). The same data gives a byte-identical zip: timestamps come from
    SOURCE_DATE_EPOCH when set, else from the data date.

    \b
    Examples:
      site-builder bundle
      SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) site-builder bundle -o public/download
    """
    import tempfile

    from site_builder.plugin import build_site  # the MkDocs adapter; only it imports mkdocs

    with tempfile.TemporaryDirectory(prefix="site-builder-bundle-") as tmp:
        site = Path(tmp) / "site"
        try:
            group = click.get_current_context().find_root().command
            assert isinstance(group, click.Group)  # bundle is always a subcommand of site-builder
            reference = commands_page(group)
            data = build_site(config_file, site_dir=site, offline=True, extra_pages={COMMANDS_URI: reference})
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        click.echo(pack(data, output), err=True)


def pack(data: dict, output: Path) -> str:
    """Zip a site built for file:// (`data`: what `build_site` returned) into `output`; says what it wrote.
    The zip is written beside its final name and renamed, so a reader never sees half a bundle."""
    from site_builder.outputs.bundle import BundleInfo, bundle_name, data_commit, write_zip

    info = BundleInfo(
        date.fromisoformat(data["reviewed"]), date.fromisoformat(data["built"]), data["vendors"]
    )
    vendors_dir, scoring = Path(data["vendors_dir"]), Path(data["scoring_file"])
    files = [*sorted(p for p in vendors_dir.iterdir() if p.suffix in (".yaml", ".yml")), scoring]
    from site_builder.data.read import source_date_epoch  # imported when run: --help stays light

    stamp = source_date_epoch() or datetime.combine(info.data_date, time(), tzinfo=UTC)
    target = output / f"{bundle_name(info)}.zip"
    partial = target.with_name(f".{target.name}.partial")
    english = data.get("search_langs", ["en"]) == ["en"]
    try:
        size = write_zip(
            Path(data["site_dir"]),
            partial,
            info,
            files,
            data_commit(vendors_dir),
            stamp,
            english_only=english,
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return f"wrote {target} ({size / 1024:,.0f} KiB, {info.vendors} vendors, data of {info.data_date})"
