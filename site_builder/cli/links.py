"""`site-builder check-links`: the one command that goes online, to check the cited source URLs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from site_builder.cli.reporter import Command


@click.command("check-links", cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each server.",
)
@click.option(
    "--workers", type=click.IntRange(1, 32), default=8, show_default=True, help="Requests in flight at once."
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on moved links too (not on rate-limited ones).")
def check_links(paths: tuple[Path, ...], timeout: float, workers: int, strict: bool) -> None:
    """Check that every source URL in the vendor files still answers. GOES ONLINE.

    This is the only command that makes network requests: one per distinct URL (HEAD, then
    GET when HEAD answers 403, 404, 405 or 501), a few at a time. Nothing else (validate,
    build, serve, bundle, the tests) ever touches the network. A link that answers 4xx/5xx or
    not at all is an error at its file:line:col. A link that redirects elsewhere is a warning
    (not one that only gains or loses a trailing slash, or moves from http to https on the
    same host), and so is a 429 or 503 answer: rate limited, not checked. Exit status: 0 all
    answer, 1 a broken link (or a moved one with --strict).

    PATHS are vendor files or directories (default: vendors/).

    \b
    Examples:
      site-builder check-links
      site-builder check-links vendors/five9.yaml --timeout 20
    """
    from site_builder.outputs.links import check, collect, not_checked

    links, report = collect(list(paths) or [Path("vendors")])
    click.echo(
        f"checking {len(links)} links ({len({link.url for link in links})} distinct) online...", err=True
    )
    report = report + check(links, timeout=timeout, workers=workers)
    for problem in report.problems:
        click.echo(str(problem))
    unchecked = [p for p in report.warnings if not_checked(p)]
    moved = len(report.warnings) - len(unchecked)
    rate_limited = f", {len(unchecked)} not checked (rate limited)" if unchecked else ""
    click.echo(
        f"{len(report.errors)} broken, {moved} moved{rate_limited}, {len(links)} links checked", err=True
    )
    sys.exit(1 if report.errors or (strict and moved) else 0)
