"""`site-builder rfp`: the questionnaire to send a vendor, and `rfp import` to bring the answers back."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from .build import build_date, require_vendors
from .errors import BuildFailed
from .load import display_name, load_bytes, load_file
from .rfp import merge, read_answers, source_entry, to_markdown, to_xlsx
from .validate import validate_vendors

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/vendor.schema.json\n"


@click.command()
@click.argument("target", required=False, metavar="VENDOR_ID | import")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--all", "every", is_flag=True, help="A questionnaire for every vendor.")
@click.option("--vendors", "vendors_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("vendors"),
              show_default=True, help="Directory of vendor files.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=Path("dist/rfp"),
              show_default=True, help="Directory for the questionnaires.")
def rfp(target: str | None, file: Path | None, every: bool, vendors_dir: Path, output: Path) -> None:
    """The RFP questionnaire for a vendor (XLSX and Markdown), or import a filled one.

    `rfp VENDOR_ID` (or `--all`) writes <id>.xlsx and <id>.md: every buyer question, with
    what the profile already records (value and source) for the vendor to confirm, and the
    unknown ones left to answer. `rfp import FILE.xlsx` reads a filled questionnaire and
    adds each new answer to vendors/<id>.yaml, cited to a new "questionnaire" source dated
    the answer date. A known fact is never overwritten: a different answer is recorded under
    `contradictions`. The merged profile is validated first and written only if it is valid
    (the file is rewritten from its data, so YAML comments other than the schema line are not kept).

    \b
    Examples:
      site-builder rfp five9
      site-builder rfp --all -o rfp/
      site-builder rfp import answers/five9.xlsx
    """
    today = build_date()
    if target == "import":
        if file is None:
            raise click.UsageError("give the filled questionnaire: site-builder rfp import FILE.xlsx")
        _import(file, vendors_dir, today)
        return
    if (target is None) == (not every):
        raise click.UsageError("give a vendor id or --all (or: rfp import FILE.xlsx)")
    try:
        vendors = require_vendors([vendors_dir], today=today)
    except BuildFailed as exc:
        for problem in exc.report.problems:
            click.echo(str(problem))
        sys.exit(1)
    chosen = [v for v in vendors if every or v.id == target]
    if not chosen:
        raise click.BadParameter(f"no vendor '{target}' in {vendors_dir}", param_hint="VENDOR_ID")
    output.mkdir(parents=True, exist_ok=True)
    for v in chosen:
        (output / f"{v.id}.xlsx").write_bytes(to_xlsx(v, today))
        (output / f"{v.id}.md").write_text(to_markdown(v, today), encoding="utf-8")
    click.echo(f"wrote {len(chosen)} questionnaire(s) to {output}/", err=True)


def _import(file: Path, vendors_dir: Path, today) -> None:
    try:
        vendor_id, answered, answers = read_answers(file.read_bytes())
    except (OSError, KeyError, ValueError) as exc:
        raise click.UsageError(f"{file} is not a questionnaire made by `site-builder rfp`: {exc}") from None
    target = vendors_dir / f"{vendor_id}.yaml"
    doc, problems = load_file(target, display_name(target))
    if doc is None:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"create the profile first: site-builder new {vendor_id}", err=True)
        sys.exit(1)
    when = answered or today
    source_id = f"rfp-{when.isoformat()}"
    data, outcomes = merge(doc.data, answers, source_id)
    if any(o.status in ("added", "conflict") for o in outcomes) and all(s.get("id") != source_id for s in data["sources"]):
        data["sources"].append(source_entry(source_id, str(data.get("name", vendor_id)), when))
    text = SCHEMA_LINE + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    merged, load_problems = load_bytes(text.encode("utf-8"), display_name(target))
    _, report = validate_vendors([merged], today=today) if merged else (None, None)
    for o in outcomes:
        click.echo(f"{o.status}: {o.key}: {o.message}")
    if merged is None or report.failed():
        for problem in (report.problems if report else load_problems):
            click.echo(str(problem))
        click.echo(f"not written: the merged profile would not be valid ({target} is unchanged)", err=True)
        sys.exit(1)
    added = sum(o.status == "added" for o in outcomes)
    if added or any(o.status == "conflict" for o in outcomes):
        target.write_text(text, encoding="utf-8")
    click.echo(f"{added} answer(s) added to {target}", err=True)
