"""The shipped pipeline definitions and pre-commit hooks parse, and every command they run exists;
the PR-comment scripts run under Node against a fake GitHub API when Node is installed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from site_builder.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
PIPELINES = [ROOT / "docs" / "ci" / "github-actions.yml", ROOT / "docs" / "ci" / "gitlab-ci.yml"]
MARKER = "<!-- site-builder-diff -->"


def github() -> dict:
    return yaml.safe_load(PIPELINES[0].read_text())


def gitlab() -> dict:
    return yaml.safe_load(PIPELINES[1].read_text())


def companion() -> dict:
    """The fork-comment workflow that docs/ci.md links to for copying."""
    assert "(ci/github-actions-comment.yml)" in (ROOT / "docs" / "ci.md").read_text()
    return yaml.safe_load((ROOT / "docs" / "ci" / "github-actions-comment.yml").read_text())


def step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name") == name or s.get("uses", "").startswith(name))


def commands_in(text: str) -> list[list[str]]:
    """Every `site-builder ...` invocation in shell text, as argument lists (up to ; && | > or #)."""
    found = []
    for line in text.splitlines():
        for match in re.finditer(r"site-builder\s+([^;&|>#\n]*)", line):
            found.append(shlex.split(match.group(1)))
    return found


def scripts(node) -> list[str]:
    """Every script in a parsed pipeline: `run:` and github-script's `script:` (GitHub),
    `script`/`before_script` (GitLab)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script") and isinstance(value, str):
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
    options = {
        opt for p in command.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts
    }
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


@pytest.mark.parametrize("workflow", [github, companion], ids=["vendor-data", "vendor-data-comment"])
def test_github_workflows_keep_untrusted_refs_out_of_scripts(workflow):
    """`${{ github.base_ref }}` pasted into `run:` or a github-script would be code injection; it goes
    through env (or the script reads `context`)."""
    found = scripts(workflow())
    assert found
    for script in found:
        assert "${{" not in script


def test_github_pull_request_job_diffs_always_and_comments_only_where_its_token_can():
    check = github()["jobs"]["check"]
    assert check["permissions"] == {"contents": "read", "pull-requests": "write"}
    diff = step(check, "Diff against the base branch")
    assert (
        diff["if"] == "always()"
        and 'site-builder diff "origin/$BASE_REF" HEAD --max-age 365d -o diff.md' in diff["run"]
    )
    assert (
        'cat diff.md >> "$GITHUB_STEP_SUMMARY"' in diff["run"]
        and 'echo "$PR_NUMBER" > pr-number' in diff["run"]
    )
    upload = step(check, "Upload the diff")
    assert upload["with"] == {"name": "vendor-data-diff", "path": "diff.md\npr-number\n"}
    assert upload["if"] == "always() && hashFiles('diff.md') != ''"
    comment = step(check, "Post or update the diff comment")
    assert comment["continue-on-error"] is True
    assert comment["if"].endswith("&& github.event.pull_request.head.repo.full_name == github.repository")


def test_github_pages_deploys_one_at_a_time_with_a_stable_bundle_name():
    publish = github()["jobs"]["publish"]
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build = step(publish, "Build the site and the offline bundle")["run"]
    assert "cp dist/vendor-comparison-*.zip site/download/vendor-comparison-latest.zip\n" in build


def test_the_fork_comment_workflow_never_runs_pull_request_code():
    workflow = companion()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers == {"workflow_run": {"workflows": [github()["name"]], "types": ["completed"]}}
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == (
        "github.event.workflow_run.event == 'pull_request' && "
        "github.event.workflow_run.head_repository.full_name != github.repository"
    )
    assert [s["uses"] for s in job["steps"]] == ["actions/download-artifact@v4", "actions/github-script@v7"]
    assert job["steps"][0]["with"]["name"] == "vendor-data-diff"
    assert job["steps"][0]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_gitlab_diffs_against_the_merge_base_in_its_own_job():
    pipeline = gitlab()
    diff = pipeline["diff"]
    assert diff["needs"] == [] and diff["artifacts"]["when"] == "always"
    assert diff["script"][:2] == [
        'BASE="${CI_MERGE_REQUEST_TARGET_BRANCH_SHA:-$CI_MERGE_REQUEST_DIFF_BASE_SHA}"',
        'site-builder diff "$BASE" HEAD --max-age 365d -o diff.md',
    ]
    assert not any("diff" in line for line in pipeline["check"]["script"])
    assert (
        "cp dist/vendor-comparison-*.zip site/download/vendor-comparison-latest.zip"
        in pipeline["pages"]["script"]
    )
    # The header promises no report the file does not produce (validate has no Code Quality format).
    header = PIPELINES[1].read_text().split("\nimage:")[0].lower()
    assert "code quality" not in header and "code-quality" not in header


# --- the comment scripts, under Node with a fake GitHub API ----------------------------------

RUNNER = """
const fs = require("fs");
const state = JSON.parse(fs.readFileSync("state.json", "utf8"));
const calls = [];
const github = {
  paginate: async (fn, args) => { calls.push(["list", args.issue_number]); return state.comments; },
  rest: {
    issues: {
      listComments: "listComments",
      updateComment: async a => { calls.push(["update", a.comment_id, a.body]); },
      createComment: async a => { calls.push(["create", a.issue_number, a.body]); },
    },
    pulls: { get: async a => { calls.push(["pull", a.pull_number]); return { data: state.pull }; } },
  },
};
const core = { info: m => calls.push(["info", m]) };
const AsyncFunction = (async () => {}).constructor;
new AsyncFunction("github", "context", "core", "require", fs.readFileSync("script.js", "utf8"))(
  github, state.context, core, require,
).then(() => console.log(JSON.stringify(calls)), e => console.log(JSON.stringify([["error", e.message]])));
"""
CONTEXT = {
    "repo": {"owner": "acme", "repo": "data"},
    "issue": {"number": 7},
    "serverUrl": "https://github.com",
    "runId": 42,
    "payload": {
        "workflow_run": {"head_sha": "abc123", "html_url": "https://github.com/acme/data/actions/runs/41"}
    },
}
BOT, PERSON = {"login": "github-actions[bot]"}, {"login": "someone"}


def run_script(
    script: str, tmp_path: Path, report: str, comments: list, pr_number: str = "7", head_sha: str = "abc123"
) -> list:
    (tmp_path / "script.js").write_text(script)
    (tmp_path / "diff.md").write_text(report)
    (tmp_path / "pr-number").write_text(pr_number + "\n")
    state = {"context": CONTEXT, "comments": comments, "pull": {"head": {"sha": head_sha}}}
    (tmp_path / "state.json").write_text(json.dumps(state))
    run = subprocess.run(["node", "-e", RUNNER], cwd=tmp_path, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def pr_script() -> str:
    return step(github()["jobs"]["check"], "Post or update the diff comment")["with"]["script"]


def fork_script() -> str:
    return companion()["jobs"]["comment"]["steps"][1]["with"]["script"]


node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


@node
@pytest.mark.parametrize("script", [pr_script, fork_script], ids=["vendor-data", "vendor-data-comment"])
def test_the_comment_is_ours_by_marker_and_author(script, tmp_path):
    report = "### Vendor data: main → HEAD\n"
    theirs = {"id": 1, "user": PERSON, "body": MARKER + "\nquoted by someone"}
    ours = {"id": 2, "user": BOT, "body": MARKER + "\nold report"}
    other_bot = {"id": 3, "user": BOT, "body": "a different bot comment"}
    calls = run_script(script(), tmp_path, report, [theirs, other_bot, ours])
    assert calls[-2:] == [["list", 7], ["update", 2, MARKER + "\n" + report]]
    calls = run_script(script(), tmp_path, report, [theirs, other_bot])
    assert calls[-2:] == [["list", 7], ["create", 7, MARKER + "\n" + report]]


@node
@pytest.mark.parametrize(
    ("script", "run_url"),
    [
        (pr_script, "https://github.com/acme/data/actions/runs/42"),
        (fork_script, "https://github.com/acme/data/actions/runs/41"),
    ],
    ids=["vendor-data", "vendor-data-comment"],
)
def test_a_long_report_is_cut_under_the_comment_limit_with_a_pointer_to_the_full_one(
    script, run_url, tmp_path
):
    line = "vendors/acme.yaml:1:1: warning: sources[id=x].id: source 'x' is not cited by any section\n"  # 86 chars
    report = "### Vendor data\n\n```\n" + line * 1000 + "```\n"
    ((_, _, body),) = [c for c in run_script(script(), tmp_path, report, []) if c[0] == "create"]
    kept = (60000 - len("### Vendor data\n\n```\n")) // len(line)
    assert body == (
        MARKER + "\n### Vendor data\n\n```\n" + line * kept + "```\n\n**The report is cut here.** The "
        f"full report is the `vendor-data-diff` artifact of [this run]({run_url}).\n"
    )
    assert len(body) < 65536


@node
def test_the_fork_comment_trusts_only_a_pull_request_number_that_matches_the_run(tmp_path):
    report = "### Vendor data: main → HEAD\n"
    assert run_script(fork_script(), tmp_path, report, [], head_sha="def456") == [
        ["pull", 7],
        ["info", "pull request #7 is not at abc123 (any more): no comment"],
    ]
    assert run_script(fork_script(), tmp_path, report, [], pr_number="7; echo") == [
        ["error", "the artifact holds no pull request number"],
    ]


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
