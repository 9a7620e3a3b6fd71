"""Click options that more than one command takes, declared once."""

from __future__ import annotations

import click
from pydantic_core import PydanticCustomError

from site_builder.data.values import Duration


def _max_age_days(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return int(text)
    try:
        return int(Duration.parse(text).hours // 24)
    except PydanticCustomError:
        raise click.BadParameter("expected days such as '365d', '52w' or '12mo'") from None


def max_age(default: str | None, help: str):
    """`--max-age AGE` in days ('365d', '26w', '6mo' or a bare number of days)."""
    return click.option(
        "--max-age",
        callback=_max_age_days,
        default=default,
        show_default=default is not None,
        metavar="AGE",
        help=help,
    )
