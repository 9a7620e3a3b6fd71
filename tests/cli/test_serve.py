"""`site-builder serve`: its address, a line per rebuild, a broken file's error on every page (no request
hangs), the last good page a click away, and recovery once the file is fixed. A real server process."""

from __future__ import annotations

import re
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


def serve_command(address: str) -> list[str]:
    """`site-builder serve -a ADDRESS`, run by this interpreter (so the editable install is the one tested)."""
    return [sys.executable, "-c", "from site_builder.cli.main import main; main()", "serve", "-a", address]


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
    command = serve_command(f"127.0.0.1:{port}")
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
        # the fix is applied to the last good site: the pages the renamed vendor shows on
        (fixed,) = [line for line in log.read_text().splitlines() if line.startswith("fixed: ")]
        assert fixed.startswith("fixed: updated 8 pages in ")
        assert fixed.endswith(
            " s: /, calculator/, compare/, data-quality/, matrix/, vendors/, vendors/alpha/, vendors/beta/"
        )
        assert "Alpha Fixed" in get(f"http://127.0.0.1:{port}/vendors/beta/")[1]  # its rival, by name
    finally:
        server.terminate()
        server.wait(timeout=30)


def served_body(url: str) -> bytes:
    """A served file as the site holds it: without the live-reload script the server adds to pages."""
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
    return re.sub(rb"<script>\nvar livereload = .*?</script>(?=</body>)", b"", body, flags=re.S)


def reload_poll(url: str) -> str:
    """The page's live-reload poll: '/livereload/<epoch>/<id>' as its script asks for it."""
    with urllib.request.urlopen(url, timeout=10) as response:
        found = re.search(r"livereload\((\d+), (\d+)\);", response.read().decode("utf-8"))
    assert found is not None
    return f"/livereload/{found[1]}/{found[2]}"


def reloads(url: str) -> bool:
    """Whether a browser showing the page would reload now (the poll answers at once with a newer epoch)."""
    epoch = int(url.rsplit("/", 2)[1])
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return int(response.read()) > epoch
    except TimeoutError:
        return False  # the server holds the poll: nothing new for this page


def test_an_edit_rewrites_only_the_pages_it_changes_as_a_full_build_would(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench.synthetic import rename_vendor, write_project

    project = tmp_path / "project"
    write_project(project, 3)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    command = serve_command(base[7:-1])
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT)
    try:
        until(lambda: "serving on" in log.read_text(), "address")
        edited, untouched = (
            reload_poll(base + "vendors/vendor-0001/"),
            reload_poll(base + "methodology/"),
        )
        time.sleep(1.0)  # the watcher's first look at the files
        rename_vendor(project / "vendors" / "vendor-0001.yaml", "Renamed Vendor One")
        until(lambda: "updated " in log.read_text(), "update")
        # the pages showing the vendor: its own, those showing every vendor (the guide's live figures
        # too) and its rivals' (which name it); not the methodology or any other hand-written page
        report = next(line for line in log.read_text().splitlines() if line.startswith("updated "))
        assert report.startswith("updated 15 pages in ")
        assert report.endswith(
            " s: /, calculator/, compare/, data-quality/, guide/before-you-sign/, guide/exit-plan/, "
            "guide/monitoring/, guide/planned-downtime/, guide/sla/, guide/true-cloud/, matrix/, vendors/, "
            "vendors/vendor-0000/, vendors/vendor-0001/, vendors/vendor-0002/"
        )
        assert "Renamed Vendor One" in get(base + "vendors/vendor-0001/")[1]
        assert reloads(base.rstrip("/") + edited) and not reloads(base.rstrip("/") + untouched)

        fresh = tmp_path / "fresh"
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(fresh))
        config.site_url = base
        build(config, serve_url=base)
        files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
        assert "vendors/vendor-0001/index.html" in files and "search/search_index.json" in files
        differ = [name for name in files if served_body(base + name) != (fresh / name).read_bytes()]
        assert differ == []
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_update_shows_the_edited_vendors_page_first_and_makes_the_downloads_last(tmp_path, monkeypatch):
    # In-process, as `serve` runs it: each page goes to the browsers once written (publish), the
    # edited vendor's page before every other; the downloads come after the last page.
    import threading

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench.synthetic import rename_vendor, write_project
    from site_builder.plugin import Warm
    from site_builder.serve import _Session

    project = tmp_path / "project"
    write_project(project, 3)
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    config = load_config(config_file="mkdocs.yml", site_dir=str(served))
    config.plugins.on_startup(command="serve", dirty=False)
    config.plugins["vendors"].warm = Warm()
    build(config, serve_url="http://127.0.0.1:8000/")
    session = _Session(config, served, ())
    events: list[tuple[str, list[str], str]] = []
    download = served / "downloads" / "vendor-comparison.csv"
    stop = threading.Event()  # serve runs threads: the downloads are then made in this process
    threading.Thread(target=stop.wait, daemon=True).start()
    try:
        rename_vendor(project / "vendors" / "vendor-0002.yaml", "Renamed Vendor Two")
        written = session.update(lambda paths: events.append(("publish", paths, download.read_text())))
    finally:
        stop.set()
    published = [paths for _, paths, _ in events]
    assert published[0] == ["vendors/vendor-0002/index.html"]
    assert "Renamed Vendor Two" in (served / "vendors/vendor-0002/index.html").read_text()
    assert sorted(p for paths in published for p in paths) == sorted(
        p for p in written if p.endswith(".html")
    )
    assert all("Renamed Vendor Two" not in csv for _, _, csv in events)  # no download made yet
    assert "Renamed Vendor Two" in download.read_text()
    assert sorted(written[-3:]) == [
        "downloads/vendor-comparison.csv",
        "downloads/vendor-comparison.json",
        "downloads/vendor-comparison.xlsx",
    ]
