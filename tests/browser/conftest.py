"""Browser-test harness: one fixture-site build, one local server and one Chromium per session.

Pages are opened through `open_page`, which records console errors and uncaught exceptions
and routes every request: requests to anything but the local server are aborted and counted.

Tools that may be missing: Chromium (Debian's, /usr/bin/chromium; Playwright's own download
does not work here), and for the accessibility and HTML checks axe-core and vnu-jar (pinned in
package.json and package-lock.json, installed into node_modules/ by `make test`'s set-up,
`npm ci`) and Java. Without them the tests skip with the reason, except under CI=true, where
a missing tool fails them (and `make test` stops before the tests, naming it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_builder.data.read import require_vendors
from site_builder.scoring.criteria import load_criteria

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SOURCE_DATE_EPOCH = "1795305600"  # 2026-11-22: the build date; no vendor date may be later

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Exact versions, declared once in package.json (locked in package-lock.json): a new axe-core
# release may add rules, and a test run should not change its verdict because a registry moved on.
NPM_TOOLS: dict[str, str] = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
NODE_MODULES = ROOT / "node_modules"


def unavailable(reason: str, *, required_in_ci: bool) -> None:
    """Skip for a missing tool; under CI=true fail instead when the tool is required there."""
    if required_in_ci and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def engine():
    """(criteria, vendors) of the shipped data, as the fixture site is built from them: what the
    browser tests compare the pages' own scoring with (score_vendors)."""
    today = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC).date()
    return load_criteria(ROOT / "scoring.yaml"), require_vendors([ROOT / "vendors"], today=today)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project (mkdocs.yml, docs/, vendors/, scoring.yaml, templates/) built once with
    `mkdocs build --strict` at a fixed build date, so every page type is tested on the real data."""
    project = tmp_path_factory.mktemp("browser") / "project"
    project.mkdir()
    for name in ("docs", "vendors", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "scoring.yaml"):
        shutil.copy(ROOT / name, project / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        pytest.fail(f"the site did not build:\n{run.stderr}", pytrace=False)
    return project / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site served over HTTP on a free 127.0.0.1 port, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """One opened page and what it did: console errors and aborted off-site requests."""

    page: object
    url: str
    console_errors: list[str]
    _routed_offsite: list[str]
    _first: int

    @property
    def offsite_requests(self) -> list[str]:
        # Requests are routed on the context (which also sees workers); tests run one at a
        # time, so whatever was aborted since this page was opened belongs to it.
        return self._routed_offsite[self._first :]

    def assert_clean(self) -> None:
        assert self.console_errors == [], f"console errors on {self.url}"
        assert self.offsite_requests == [], f"off-site requests from {self.url}"


@dataclass
class SiteBrowser:
    context: object
    base_url: str
    offsite_requests: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith("file://"):  # file://: the offline bundle's pages
            route.continue_()
        else:
            self.offsite_requests.append(url)
            route.abort()

    def open(self, path: str, *, width: int = 1280) -> Visit:
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
        visit = Visit(page, self.base_url + path, [], self.offsite_requests, len(self.offsite_requests))
        errors = visit.console_errors
        page.on("console", lambda m: m.type == "error" and errors.append(f"{m.text} @ {m.location}"))
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
        page.goto(visit.url, wait_until="networkidle")
        return visit


@pytest.fixture(scope="session")
def site_browser(base_url: str):
    """Chromium (Debian's), headless, with a fresh profile; every request goes through `route`."""
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)", required_in_ci=True)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')", required_in_ci=True)
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="chromium-profile-") as user_data_dir,
    ):
        context = playwright.chromium.launch_persistent_context(
            user_data_dir,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            service_workers="block",  # a service worker's requests would bypass the routing
        )
        browser = SiteBrowser(context, base_url)
        context.route("**/*", browser.route)
        try:
            yield browser
        finally:
            context.close()


@pytest.fixture
def open_page(site_browser: SiteBrowser):
    """`open_page(path, width=...)` -> Visit; pages are closed when the test ends."""
    visits: list[Visit] = []

    def open_(path: str, **size) -> Visit:
        visits.append(site_browser.open(path, **size))
        return visits[-1]

    yield open_
    for visit in visits:
        visit.page.close()


def _installed_version(package: str) -> str | None:
    manifest = NODE_MODULES / package / "package.json"
    try:
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


@pytest.fixture(scope="session")
def npm_tools() -> Path:
    """node_modules/ with axe-core and vnu-jar at the versions package.json pins (`make test`
    installs them with `npm ci`; the tests never install anything)."""
    wrong = [
        f"{name} {_installed_version(name) or 'not installed'} (wanted {version})"
        for name, version in NPM_TOOLS.items()
        if _installed_version(name) != version
    ]
    if wrong:
        unavailable(
            f"node_modules/ lacks the pinned test tools: {', '.join(wrong)}; run `npm ci --ignore-scripts` "
            "(make test does)",
            required_in_ci=True,
        )
    return NODE_MODULES


@pytest.fixture(scope="session")
def axe_script(npm_tools: Path) -> Path:
    return npm_tools / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def vnu_command(npm_tools: Path) -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("java is not installed: needed for the Nu Html Checker (vnu.jar)", required_in_ci=True)
    return [java, "-jar", str(npm_tools / "vnu-jar" / "build" / "dist" / "vnu.jar")]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
