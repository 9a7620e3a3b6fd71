"""The `site-builder` command line: parse options, call one library function, format the result.

Exit codes: 0 success; 1 the data has problems (printed one per line); 2 usage error (click).
Anything else is a bug and is allowed to crash with its traceback.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from site_builder.cli.bundle import bundle
from site_builder.cli.diff import diff
from site_builder.cli.export import export
from site_builder.cli.links import check_links
from site_builder.cli.options import config_file, max_age
from site_builder.cli.reference import COMMANDS_URI, commands_page
from site_builder.cli.reporter import FORMATS, Commands, echo_report, summary
from site_builder.cli.rfp import rfp
from site_builder.cli.score import score
from site_builder.errors import Report


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ccaas-site-builder")
def cli() -> None:
    """Validate, score and publish a comparison of contact-center vendors.

    \b
    Typical use:
      site-builder validate vendors/       check every vendor file
      site-builder new acme                start a new vendor profile
      site-builder build                   build the website into site/
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@max_age(
    "Warn when last_reviewed, or a cited source's retrieved date, is older than this (e.g. 365d, 26w, "
    "6mo); build and serve apply the same default."
)
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, max_age: int | None) -> None:
    """Check vendor files and report every problem, one line each.

    PATHS are vendor files or directories, and scoring declarations (files named
    scoring.yaml); the default is vendors/ and scoring.yaml. Each problem is printed as
    FILE:LINE:COL: SEVERITY: FIELD.PATH: MESSAGE. Exit status is 0 when the data is
    valid, 1 when there is any error (or any warning with --strict).

    \b
    Examples:
      site-builder validate
      site-builder validate vendors/acme.yaml --strict
      site-builder validate vendors/ --format github   # annotations in a GitHub workflow
    """
    with _collector_paused():
        _validate(paths, fmt, strict, max_age)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a quick command: building the data model's classes
    makes some 300,000 objects that live until the command exits, which the collector would scan
    again and again, freeing nothing (validating creates next to no cycles)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Those objects go to the oldest generation at once (freeze, then unfreeze): left in the
        # youngest, the first collection after the pause would walk them all (1.3% of `validate FILE`).
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


def _validate(paths: tuple[Path, ...], fmt: str, strict: bool, max_age: int | None) -> None:
    from site_builder.data.read import build_date, read_vendors  # imported per command: a fast start

    targets = list(paths) or [Path("vendors")] + [p for p in [Path("scoring.yaml")] if p.exists()]
    scoring = [t for t in targets if t.name == "scoring.yaml"]
    targets = [t for t in targets if t.name != "scoring.yaml"]
    progress = None
    if sys.stderr.isatty() and fmt == "text":
        progress = _ProgressBar(targets)
    currencies: tuple[str, ...] = ()
    if scoring:  # a price in a currency scoring.yaml cannot convert is a problem of the vendor file
        from site_builder.comparison import check_scoring, scoring_currencies

        currencies = scoring_currencies(scoring[0])
    vendors, report, files = (
        read_vendors(
            targets,
            today=build_date(),
            max_age_days=max_age,
            progress=progress.advance if progress else None,
            currencies=currencies,
        )
        if targets
        else ((), Report(), 0)
    )
    for path in scoring:
        report, files = report + check_scoring(path), files + 1
    if progress:
        progress.close()
    echo_report(report, fmt)
    if fmt == "text":
        ok = not report.failed(strict)
        tail = f"{len(vendors)} vendor{'s' if len(vendors) != 1 else ''} valid" if ok else "validation failed"
        click.echo(f"{summary(report, files)}; {tail}", err=True)
    sys.exit(1 if report.failed(strict) else 0)


class _ProgressBar:
    """A rich progress bar on stderr, only used on a terminal and for many files."""

    def __init__(self, targets: list[Path]):
        from rich.progress import Progress

        total = sum(len(list(t.glob("*.yaml"))) if t.is_dir() else 1 for t in targets)
        self._progress = Progress(transient=True, console=None) if total >= 200 else None
        if self._progress:
            self._progress.start()
            self._task = self._progress.add_task("validating", total=total)

    def advance(self, _path: Path) -> None:
        if self._progress:
            self._progress.advance(self._task)

    def close(self) -> None:
        if self._progress:
            self._progress.stop()


@cli.command()
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Directory the schema files are written to.",
)
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the committed files are stale.")
def schema(output_dir: Path, check: bool) -> None:
    """Write the JSON schemas editors use for autocompletion, and the command reference.

    Writes schema/vendor.schema.json, generated from the data model, and
    schema/scoring.schema.json for scoring.yaml. Vendor files point at it on their first
    line, so editors with the YAML language server complete and check fields as you type.
    Also writes docs/reference/commands.md, the site's command reference, from these
    commands' --help texts.

    \b
    Examples:
      site-builder schema
      site-builder schema --check     # in CI: fail when the committed schema is stale
    """
    stale = []
    targets = {output_dir / name: text for name, text in _schemas().items()}
    targets[COMMANDS_PAGE] = commands_markdown()
    for target, text in targets.items():
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if check:
            stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}")
    if stale:
        click.echo("stale: " + ", ".join(stale) + " (run: site-builder schema)", err=True)
        sys.exit(1)


# The command reference is a committed page, generated from click like the schemas (and checked
# for staleness the same way), so the MkDocs adapter never imports the CLI.
COMMANDS_PAGE = Path("docs") / COMMANDS_URI


def _schemas() -> dict[str, str]:
    from site_builder.scoring.criteria import criteria_schema_text
    from site_builder.site.reference import vendor_schema_text

    return {"vendor.schema.json": vendor_schema_text(), "scoring.schema.json": criteria_schema_text()}


def _website(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from pydantic_core import PydanticCustomError

    from site_builder.data.values import check_url

    try:
        return check_url(value.strip())
    except PydanticCustomError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("vendor_id")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path),
    default=Path("vendors"),
    show_default=True,
    help="Directory to create the file in.",
)
@click.option("--name", help="The vendor's display name.  [default: from VENDOR_ID, e.g. 'Acme Cloud']")
@click.option(
    "--website",
    prompt="Vendor's website (https://...)",
    callback=_website,
    help="The vendor's website, also the profile's first source (asked for when not given).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(vendor_id: str, directory: Path, name: str | None, website: str, force: bool) -> None:
    """Create vendors/VENDOR_ID.yaml with every section present and commented.

    The file validates as it is, even with --strict: it holds the name and website you
    give, with the website as its first source, and no placeholder. Uncomment a section
    and fill in what your sources say; anything you leave out stays unknown. A value
    left as a placeholder (TODO..., https://www.example.com) is a warning, an error
    under --strict.

    \b
    Examples:
      site-builder new acme-cloud --website https://www.acme.com
      site-builder new acme-cloud --name "ACME Cloud CX" --website https://www.acme.com
    """
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", vendor_id):
        raise click.BadParameter(
            "use lowercase letters, digits and hyphens, e.g. 'acme-cloud'", param_hint="VENDOR_ID"
        )
    target = directory / f"{vendor_id}.yaml"
    if target.exists() and not force:
        click.echo(f"{target} already exists (use --force to overwrite)", err=True)
        sys.exit(1)
    from pydantic_core import PydanticCustomError

    from site_builder.data.values import TextRule

    name = name or " ".join(word.capitalize() for word in vendor_id.split("-"))
    try:
        TextRule(80).check(name)
    except PydanticCustomError as exc:
        raise click.BadParameter(str(exc), param_hint="--name") from None
    directory.mkdir(parents=True, exist_ok=True)
    from site_builder.site.reference import scaffold_yaml

    target.write_text(scaffold_yaml(vendor_id, date.today(), name=name, website=website), encoding="utf-8")
    click.echo(f"created {target}")


@cli.command()
@config_file()
@click.option("--strict", is_flag=True, help="Treat data warnings and MkDocs warnings as errors.")
@click.option(
    "--bundle",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Also write the offline bundle into DIR, from this same build.",
)
def build(config_file: Path, strict: bool, bundle: Path | None) -> None:
    """Build the website (into site/ by default) from vendors/ and docs/.

    Runs the same load and validate steps as `validate`; any error stops the build
    with the same one-line messages. The new site replaces the old one only once it
    is complete: a failed build leaves the previous site/ (and bundle) as they were.

    With --bundle DIR, the same build also gives the offline bundle (as `site-builder
    bundle` writes it) in DIR: the site is then built for opening from disk as well
    (pages are .html files, which any web server serves too), and site/ and the zip hold
    the same pages. `make site` builds this way.

    \b
    Examples:
      site-builder build --strict
      site-builder build --bundle dist
    """
    from site_builder.plugin import build_site  # the MkDocs adapter; only it imports mkdocs

    pages = {COMMANDS_URI: commands_markdown()}
    data = build_site(config_file, strict=strict, offline=bundle is not None, extra_pages=pages)
    if bundle is not None:
        from site_builder.cli.bundle import pack

        click.echo(pack(data, bundle), err=True)


@cli.command()
@config_file()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site locally and rebuild when a vendor file, scoring.yaml or a doc changes.

    Prints its address and one line per rebuild with its time. After an edit of vendor
    files or scoring.yaml only the pages the edit changes are rewritten (the line names
    them), and only browsers showing one of them reload. When a rebuild fails, the
    problems are printed (file:line:col, as `validate` prints them) and every page shows
    them, with a link to the last good version of the page, until the files are fixed;
    the browser then reloads by itself.

    \b
    Example:
      site-builder serve -a 127.0.0.1:8080
    """
    from site_builder.serve import serve_site  # the live-reload adapter; imports mkdocs

    serve_site(config_file, dev_addr, echo=click.echo)


def main() -> None:
    """The `site-builder` program. It exits without tearing the interpreter down (freeing every
    object of the data model one by one, a tenth of a quick command's time); exit handlers still
    run and output is flushed. A command that left threads running exits the ordinary way."""
    # Pydantic looks for plugins in the metadata of every installed package; this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli()
    except SystemExit as stop:
        if threading.active_count() > 1 or not isinstance(stop.code, int | None):
            raise
        code = stop.code or 0
    else:
        code = 0
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


for command in (score, diff, check_links, export, bundle, rfp):  # each in a module of its own
    cli.add_command(command)


def commands_markdown() -> str:
    """The command reference page of this CLI (see `cli.reference.commands_page`)."""
    return commands_page(cli)
