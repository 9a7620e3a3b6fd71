"""Click options that more than one command takes, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from site_builder.data.freshness import MAX_AGE_DAYS

if TYPE_CHECKING:
    from site_builder.scoring.criteria import Criteria


def _max_age_days(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return int(text)
    if text.endswith("d") and text[:-1].isdigit():  # the default ('365d'): no need to load the model yet
        return int(text[:-1])
    from pydantic_core import PydanticCustomError

    from site_builder.data.values import Duration

    try:
        return int(Duration.parse(text).hours // 24)
    except PydanticCustomError:
        raise click.BadParameter("expected days such as '365d', '52w' or '12mo'") from None


def max_age(help: str):
    """`--max-age AGE` in days ('365d', '26w', '6mo' or a bare number of days); the default is the
    library's one freshness policy (`data.freshness.MAX_AGE_DAYS`), which `build` and `serve` apply too."""
    return click.option(
        "--max-age",
        callback=_max_age_days,
        default=f"{MAX_AGE_DAYS}d",
        show_default=True,
        metavar="AGE",
        help=help,
    )


def vendors_dir(help: str = "Directory of vendor files."):
    """`--vendors DIR` (default vendors/), passed as `vendors_dir`."""
    return click.option(
        "--vendors",
        "vendors_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("vendors"),
        show_default=True,
        help=help,
    )


def scoring_file(help: str = "The scoring declaration."):
    """`--scoring FILE` (default scoring.yaml), passed as `scoring`."""
    return click.option(
        "--scoring",
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path("scoring.yaml"),
        show_default=True,
        help=help,
    )


def config_file():
    """`-f/--config-file FILE` (default mkdocs.yml), the site's MkDocs configuration."""
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(path_type=Path, exists=True, dir_okay=False),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="MkDocs configuration of the site.",
    )


def personas_chosen(criteria: Criteria, value: str | None) -> list[str]:
    """`--persona ID`: that persona (an unknown id is a usage error with the closest one); every persona when None."""
    ids = [p.id for p in criteria.personas]
    if value is None:
        return ids
    if value not in ids:
        import difflib

        close = difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"choose from: {', '.join(ids)}"
        raise click.BadParameter(f"unknown persona '{value}'; {hint}", param_hint="--persona")
    return [value]
