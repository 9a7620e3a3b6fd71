"""Fast commands: `--help` and `validate FILE` import only what they need (issue 15: each <= 0.25 s).

Timing is for `make bench`; these tests check the cause instead: which heavy libraries a fresh
interpreter has imported after the command ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "mkdocs",
    "jinja2",
    "markdown",
    "nh3",
    "numpy",
    "openpyxl",
    "pydantic",
    "rich",
    "site_builder.comparison",
)

PROBE = """
import json, sys
from site_builder.cli.main import cli
try:
    cli.main(args=sys.argv[1:], prog_name="site-builder", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("site_builder") else m for m in sys.modules})))
"""


def loaded(*args: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(run.stdout.strip().splitlines()[-1]))
    return {name for name in HEAVY if name in modules}


def test_help_imports_no_library_of_any_command():
    assert loaded("--help") == set()
    assert loaded("export", "--help") == set()


@pytest.mark.parametrize("target", ["vendors/8x8.yaml", "tests/fixtures/vendors/invalid"])
def test_validate_imports_the_data_stage_only(target):
    assert loaded("validate", target) == {"pydantic"}


def test_export_formats_named_for_help_are_the_exporters():
    from site_builder.cli.export import FORMAT_NAMES
    from site_builder.outputs.export import FORMATS

    assert tuple(sorted(FORMATS)) == FORMAT_NAMES
