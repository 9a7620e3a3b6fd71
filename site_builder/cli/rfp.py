"""`site-builder rfp`: the questionnaire to send a vendor, and `rfp import` to bring the answers back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from site_builder.cli.options import personas_chosen, scoring_file, vendors_dir
from site_builder.cli.reporter import Command


@click.command(cls=Command)
@click.argument("target", required=False, metavar="VENDOR_ID | import")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--all", "every", is_flag=True, help="A questionnaire for every vendor.")
@click.option(
    "--persona",
    metavar="PERSONA_ID",
    help="Ask first what decides this persona's choice (default: what matters most to any persona).",
)
@vendors_dir()
@scoring_file()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist/rfp"),
    show_default=True,
    help="Directory for the questionnaires.",
)
def rfp(
    target: str | None,
    file: Path | None,
    every: bool,
    persona: str | None,
    vendors_dir: Path,
    scoring: Path,
    output: Path,
) -> None:
    """The RFP questionnaire for a vendor (XLSX and Markdown), or import a filled one.

    `rfp VENDOR_ID` (or `--all`) writes <id>.xlsx and <id>.md: every buyer question, with
    what the profile already records (value and source) for the vendor to confirm, and the
    unknown ones left to answer. The open questions come first, most decisive first: those
    whose answer alone could change a persona's top pick, then by how many points the answer
    can move the vendor's total (with `--persona`, for that persona only); each says why.
    `rfp import FILE.xlsx` reads a filled questionnaire and
    adds each new answer to vendors/<id>.yaml, cited to a new "questionnaire" source dated
    the answer date. Answers are read by the field's type, as the questionnaire shows them
    ("yes", "7 days", "99.9%") or as the profile writes them (true, 7d, 99.9). A known fact
    is never overwritten: a different answer is recorded under `contradictions`, once. The
    file is edited in place: only the added lines change. Every answer that cannot be read
    is reported with its cell (FILE.xlsx:Questions!F12), and nothing is written when there
    is one, or when the merged profile would not be valid.

    \b
    Examples:
      site-builder rfp five9
      site-builder rfp --all -o rfp/
      site-builder rfp talkdesk --persona regulated
      site-builder rfp import answers/five9.xlsx
    """
    from site_builder.comparison import prepare_comparison  # imported here: `--help` stays fast
    from site_builder.data.read import build_date
    from site_builder.outputs.rfp import priorities, to_markdown, to_xlsx

    today = build_date()
    if target == "import":
        if file is None:
            raise click.UsageError("give the filled questionnaire: site-builder rfp import FILE.xlsx")
        _import(file, vendors_dir, today)
        return
    if (target is None) == (not every):
        raise click.UsageError("give a vendor id or --all (or: rfp import FILE.xlsx)")
    c = prepare_comparison([vendors_dir], scoring, today=today)
    personas_chosen(c.criteria, persona)  # an unknown id: a usage error naming the closest
    chosen = [v for v in c.vendors if every or v.id == target]
    if not chosen:
        raise click.BadParameter(f"no vendor '{target}' in {vendors_dir}", param_hint="VENDOR_ID")
    focus = c.criteria.persona(persona).label if persona else "any persona"
    output.mkdir(parents=True, exist_ok=True)
    for v in chosen:
        ranks = priorities(c, v.id, persona)
        (output / f"{v.id}.xlsx").write_bytes(to_xlsx(v, today, ranks))
        (output / f"{v.id}.md").write_text(to_markdown(v, today, ranks, focus), encoding="utf-8")
    click.echo(f"wrote {len(chosen)} questionnaire(s) to {output}/", err=True)


def _import(file: Path, vendors_dir: Path, today) -> None:
    from site_builder.data.load import display_name, load_file
    from site_builder.data.yaml_edit import CannotEditInPlace
    from site_builder.outputs.rfp_import import ImportFailed, NotAQuestionnaire, import_answers, read_answers

    try:
        filled = read_answers(file.read_bytes())
    except (OSError, NotAQuestionnaire) as exc:
        raise click.UsageError(f"{file} is not a questionnaire made by `site-builder rfp`: {exc}") from None
    if not filled.vendor_id:
        raise click.UsageError(f"{file} names no vendor id on its About sheet")
    target = vendors_dir / f"{filled.vendor_id}.yaml"
    doc, problems = load_file(target, display_name(target))
    if doc is None:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"create the profile first: site-builder new {filled.vendor_id}", err=True)
        sys.exit(1)
    try:
        imported = import_answers(doc, target.read_text(encoding="utf-8"), filled, today=today)
    except ImportFailed as exc:
        for bad in exc.bad:
            click.echo(f"{display_name(file)}:{bad.cell}: error: {bad.key}: {bad.message}")
        for problem in exc.problems:
            click.echo(str(problem))
        reasons = [f"{len(exc.bad)} answer(s) cannot be taken"] if exc.bad else []
        reasons += ["the merged profile would not be valid"] if exc.problems else []
        click.echo(f"not written: {' and '.join(reasons)} ({doc.file} is unchanged)", err=True)
        sys.exit(1)
    except CannotEditInPlace as exc:
        click.echo(
            f"not written: {doc.file} cannot be edited in place ({exc}); add the answers by hand", err=True
        )
        sys.exit(1)
    for o in imported.outcomes:
        click.echo(f"{o.status}: {o.key}: {o.message}")
    if not imported.changed:
        click.echo(
            "nothing to add: every answer is already on record"
            if imported.outcomes
            else "nothing to add: the questionnaire has no answers",
            err=True,
        )
        return
    target.write_bytes(imported.text.encode("utf-8"))
    added = sum(o.status == "added" for o in imported.outcomes)
    conflicts = sum(o.status == "conflict" for o in imported.outcomes)
    recorded = f", {conflicts} contradiction(s) recorded" if conflicts else ""
    click.echo(f"{added} answer(s) added to {doc.file}{recorded}", err=True)
