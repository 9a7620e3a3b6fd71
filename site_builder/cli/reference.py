"""The command reference page: every command's --help text, generated from click.

The CLI hands this page to the site build (`plugin.build_site(extra_pages=...)`) and `site-builder
schema` writes it to docs/reference/commands.md, so the MkDocs adapter never imports the CLI.
"""

from __future__ import annotations

import click

COMMANDS_URI = "reference/commands.md"


def commands_page(group: click.Group) -> str:
    """The command reference page, generated from the click commands (their --help texts)."""
    lines = [
        "# Command reference",
        "",
        "Generated from `site-builder --help`; every command also answers `--help`.",
        "",
    ]
    # The group's settings (-h, the width) and a fixed terminal width: the page is the same everywhere.
    root = click.Context(group, info_name="site-builder", terminal_width=100, **group.context_settings)
    for name in sorted(group.commands):
        command = group.commands[name]
        ctx = click.Context(command, info_name=name, parent=root)
        lines += [f"## `site-builder {name}`", "", "```text", command.get_help(ctx), "```", ""]
    return "\n".join(lines)
