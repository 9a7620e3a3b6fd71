"""`make test`'s set-up of the test tools outside Python (.ci/test-tools): under CI=true a missing
npm, Java or Chromium stops the run with a message naming it, instead of tests silently skipping."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "test-tools"


def run_bare(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The script on a PATH with nothing on it: no npm, no Java, no Chromium."""
    chromium = str(tmp_path / "no-chromium")
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={"PATH": str(tmp_path), "CHROMIUM": chromium, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_under_ci_a_machine_without_the_test_tools_fails_naming_them(tmp_path):
    run = run_bare(tmp_path, CI="true")
    assert run.returncode == 1
    assert run.stderr == (
        f"make test: missing Chromium ({tmp_path}/no-chromium), npm, Java; under CI=true every test tool "
        "is required.\nInstall them with: apt-get install -y chromium nodejs npm default-jre-headless\n"
    )


def test_outside_ci_the_missing_tools_are_named_and_the_tests_run(tmp_path):
    run = run_bare(tmp_path)
    assert run.returncode == 0
    assert run.stderr == (
        f"make test: missing Chromium ({tmp_path}/no-chromium), npm, Java: the tests that need it are "
        "skipped (apt-get install -y chromium nodejs npm default-jre-headless).\n"
    )


def test_the_npm_test_tools_are_pinned_and_locked():
    declared = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert set(declared) == {"axe-core", "vnu-jar", "lighthouse"}  # lighthouse: `make audit`
    for name, version in declared.items():
        assert version[0].isdigit()  # an exact version, not a range
        assert locked[f"node_modules/{name}"]["version"] == version
        assert locked[f"node_modules/{name}"]["integrity"].startswith("sha512-")
    assert "\t.ci/test-tools\n\t$(BIN)/python -m pytest" in (ROOT / "Makefile").read_text()
