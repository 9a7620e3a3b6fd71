"""The shipped pipeline definitions and pre-commit hooks parse, and every command they run exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from site_builder.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = [ROOT / "docs" / "ci" / "github-actions.yml", ROOT / "docs" / "ci" / "gitlab-ci.yml"]


def commands_in(text: str) -> list[list[str]]:
    """Every `site-builder ...` invocation in shell text, as argument lists (up to ; && | > or #)."""
    found = []
    for line in text.splitlines():
        for match in re.finditer(r"site-builder\s+([^;&|>#\n]*)", line):
            found.append(shlex.split(match.group(1)))
    return found


def scripts(node) -> list[str]:
    """Every shell script in a parsed pipeline: `run:` (GitHub) and `script`/`before_script` (GitLab)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                out.append(value)
            elif key in ("script", "before_script") and isinstance(value, list):
                out += [str(v) for v in value]
            else:
                out += scripts(value)
    elif isinstance(node, list):
        for item in node:
            out += scripts(item)
    return out


def check_invocation(args: list[str]) -> None:
    name, rest = args[0], args[1:]
    assert name in cli.commands, f"site-builder {name}: no such command"
    command = cli.commands[name]
    options = {opt for p in command.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts}
    for arg in rest:
        if arg.startswith("-"):
            assert arg.split("=")[0] in options, f"site-builder {name}: no option {arg}"


@pytest.mark.parametrize("path", PIPELINES, ids=lambda p: p.name)
def test_pipeline_parses_and_runs_only_commands_we_have(path):
    pipeline = yaml.safe_load(path.read_text())
    invocations = [c for script in scripts(pipeline) for c in commands_in(script)]
    assert {c[0] for c in invocations} >= {"validate", "build", "bundle", "diff"}
    for args in invocations:
        check_invocation(args)


def test_github_workflow_keeps_untrusted_refs_out_of_scripts():
    """`${{ github.base_ref }}` pasted into `run:` would be shell injection; it goes through env."""
    pipeline = yaml.safe_load(PIPELINES[0].read_text())
    for script in scripts(pipeline):
        assert "${{" not in script


def test_pre_commit_hooks():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["site-builder-validate", "site-builder-validate-strict"]
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "vendors/acme.yaml") and re.search(hook["files"], "scoring.yaml")
        assert not re.search(hook["files"], "docs/index.md")
        entry = shlex.split(hook["entry"])
        assert entry[0] == "site-builder"
        check_invocation(entry[1:])


def test_the_checker_catches_a_wrong_command_and_option():
    with pytest.raises(AssertionError, match="no such command"):
        check_invocation(["deploy"])
    with pytest.raises(AssertionError, match="no option --colour"):
        check_invocation(["validate", "--colour"])
