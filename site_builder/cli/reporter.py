"""Render a `Report` for people (text), for GitHub Actions (workflow annotations) or for tools (JSON).

Input: a `Report`. Output: a string. Pure formatting; the CLI decides where it goes.
"""

from __future__ import annotations

import json
import sys

import click

from site_builder.errors import BuildFailed, Problem, Report

FORMATS = ("text", "github", "json")


def format_report(report: Report, fmt: str) -> str:
    if fmt == "github":
        return "\n".join(_github(p) for p in report.problems)
    if fmt == "json":
        return json.dumps(
            {
                "version": 1,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "col": p.col,
                        "severity": p.severity,
                        "path": p.path,
                        "message": p.message,
                    }
                    for p in report.problems
                ],
            },
            indent=2,
        )
    return str(report)


def summary(report: Report, files: int) -> str:
    """One line such as '2 errors, 1 warning in 14 files'."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')} in {plural(files, 'file')}"


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _github(p: Problem) -> str:
    text = f"{p.path}: {p.message}" if p.path else p.message
    props = f"file={_escape(p.file, prop=True)},line={p.line},col={p.col}"
    return f"::{p.severity} {props}::{_escape(text)}"


def echo_report(report: Report, fmt: str = "text") -> None:
    """Print a report: in text, one line per problem with its severity coloured (on a terminal only)."""
    text = format_report(report, fmt)
    if not text:
        return
    if fmt == "text":
        for problem in report.problems:
            colour = "red" if problem.severity == "error" else "yellow"
            line = str(problem).replace(
                f": {problem.severity}: ", f": {click.style(problem.severity, fg=colour, bold=True)}: ", 1
            )
            click.echo(line)
    else:
        click.echo(text)


class Command(click.Command):
    """Every command's one error boundary: the library raises `BuildFailed`; its problems are printed
    one per line and the command exits 1. Usage errors stay click's (exit 2); anything else is a
    bug and crashes with its traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BuildFailed as failure:
            echo_report(failure.report)
            click.echo(f"{self.name} failed", err=True)
            sys.exit(1)


class Commands(click.Group):
    """The `site-builder` group: its commands get the same boundary (`Command`)."""

    command_class = Command
