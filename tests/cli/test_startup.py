"""Fast commands: `--help` and `validate FILE` import only what they need (issue 15: each <= 0.25 s).

Timing is for `make bench`; these tests check the cause instead: which heavy libraries a fresh
interpreter has imported after the command ran."""

from __future__ import annotations

import json
import os
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


def loaded(*args: str, among: tuple[str, ...] = HEAVY) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(run.stdout.strip().splitlines()[-1]))
    return {name for name in among if name in modules}


def test_help_imports_no_library_of_any_command():
    assert loaded("--help") == set()
    assert loaded("export", "--help") == set()


@pytest.mark.parametrize("target", ["vendors/8x8.yaml", "tests/fixtures/vendors/invalid"])
def test_validate_imports_the_data_stage_only(target):
    assert loaded("validate", target) == {"pydantic"}


def test_validate_of_a_few_files_loads_no_second_process():
    # Reading many files shares them with a forked process; one file does not need multiprocessing.
    assert loaded("validate", "vendors/8x8.yaml", among=("multiprocessing",)) == set()


def test_export_formats_named_for_help_are_the_exporters():
    from site_builder.cli.export import FORMAT_NAMES
    from site_builder.outputs.export import FORMATS

    assert tuple(sorted(FORMATS)) == FORMAT_NAMES


MAIN = "import sys; sys.argv[0] = 'site-builder'; from site_builder.cli.main import main; main()"


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_program_exits_with_the_commands_status_and_all_its_output():
    # main() skips the interpreter's teardown: the exit status and every printed line must survive it.
    bad = "tests/fixtures/vendors/invalid/bad-bound.yaml"
    failed = run_main("validate", bad)
    assert failed.returncode == 1
    expected = (ROOT / bad).with_suffix(".expected").read_text(encoding="utf-8")
    assert failed.stdout == expected
    assert failed.stderr == "2 errors, 0 warnings in 1 file; validation failed\n"
    passed = run_main("validate", "vendors/8x8.yaml")
    assert (passed.returncode, passed.stdout) == (0, "")
    assert passed.stderr == "0 errors, 0 warnings in 1 file; 1 vendor valid\n"
    usage = run_main("validate", "--format", "xml")
    assert usage.returncode == 2
    assert "Invalid value for '--format'" in usage.stderr


# Validates one file, then prints (last) the names of the model classes whose validator got built.
BUILT_MODELS = """
import sys
from site_builder.cli.main import cli
try:
    cli.main(args=["validate", "vendors/8x8.yaml"], standalone_mode=False)
except SystemExit:
    pass
from pydantic import BaseModel
import site_builder.data.model as model
classes = [getattr(model, n) for n in model.__all__]
print(sorted(c.__name__ for c in classes if isinstance(c, type) and issubclass(c, BaseModel) and c.__pydantic_complete__))
"""


def test_validate_builds_the_validator_of_the_vendor_model_only():
    # The model's classes build no validator when defined (defer_build); validating a file builds
    # Vendor's, which holds every other part. Building each class's own would cost a third more.
    # pydantic's own build: the kept validator (data/schema_cache.py) is off while plugins may run.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    run = subprocess.run(
        [sys.executable, "-c", BUILT_MODELS], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    )
    assert run.stdout.strip().splitlines()[-1] == "['Vendor']"


@pytest.mark.parametrize("text", ["365d", " 30d ", "0d", "14", "2w", "6mo", "1y", "36h", "10 d"])
def test_max_age_reads_days_as_the_duration_parser_does(text):
    # '365d' (the default) is read without the model, so option parsing loads no library.
    from site_builder.cli.options import _max_age_days
    from site_builder.data.values import Duration

    expected = int(text) if text.strip().isdigit() else int(Duration.parse(text.strip()).hours // 24)
    assert _max_age_days(None, None, text) == expected  # type: ignore[arg-type]
