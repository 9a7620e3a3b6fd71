"""`site-builder serve`: its address, a line per rebuild, a broken file's error on every page (no request
hangs), the last good page a click away, and recovery once the file is fixed. A real server process."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
WAIT = 180.0  # seconds a rebuild may take on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """Every request answers within 10 s, whatever state the build is in."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def until(check, what: str):
    start = time.monotonic()
    while time.monotonic() - start < WAIT:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"no {what} after {WAIT:.0f} s")


def test_serve_shows_a_broken_files_error_and_recovers(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", f"{ROOT}/"))
    log = tmp_path / "serve.log"
    port = free_port()
    page = f"http://127.0.0.1:{port}/vendors/alpha/"
    command = [
        sys.executable,
        "-c",
        "from site_builder.cli.main import main; main()",
        "serve",
        "-a",
        f"127.0.0.1:{port}",
    ]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT)
    try:
        until(lambda: "serving on" in log.read_text(), "address")
        lines = log.read_text().splitlines()
        assert lines[0].startswith("built in ") and lines[0].endswith(" s")
        assert lines[1] == f"serving on http://127.0.0.1:{port}/ (Ctrl-C stops)"
        status, good = get(page)
        assert status == 200 and "Alpha Contact" in good

        vendor = project / "vendors" / "alpha.yaml"
        original = vendor.read_text()
        vendor.write_text(original.replace("last_reviewed: 2026-10-01", "last_reviewed: not-a-date"))
        message = "vendors/alpha.yaml:6:16: error: last_reviewed: expected a date written YYYY-MM-DD"
        status, body = until(lambda: (r := get(page))[0] == 500 and r, "error page")
        assert "<h1>The site could not be rebuilt</h1>" in body
        assert (
            message in body and "(got &#x27;not-a-date&#x27;)" in body and "livereload(" in body
        )  # reloads once fixed
        assert '<a href="/vendors/alpha/?last-good">Open the last good version of this page</a>' in body
        assert get(f"http://127.0.0.1:{port}/matrix/")[0] == 500  # every page says so
        last_good = get(page + "?last-good")
        assert last_good[0] == 200 and "Alpha Contact" in last_good[1]
        assert get(f"http://127.0.0.1:{port}/assets/stylesheets/site.css")[0] == 200
        text = log.read_text()
        assert message in text and "build failed after " in text

        vendor.write_text(original.replace("name: Alpha Contact", "name: Alpha Fixed"))
        status, body = until(lambda: (r := get(page))[0] == 200 and "Alpha Fixed" in r[1] and r, "recovery")
        assert "fixed: built in " in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
