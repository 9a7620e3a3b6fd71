"""The offline bundle opened from disk (file://) in Chromium with every other request blocked."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("browser_harness", Path(__file__).with_name("conftest.py"))
_harness = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("browser_harness", _harness)
_spec.loader.exec_module(_harness)  # the browser harness's constants (this directory is not a package)
ROOT, SOURCE_DATE_EPOCH = _harness.ROOT, _harness.SOURCE_DATE_EPOCH

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    """The real project's bundle, built once and unzipped."""
    project = tmp_path_factory.mktemp("bundle") / "project"
    project.mkdir()
    for name in ("docs", "vendors", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "scoring.yaml"):
        shutil.copy(ROOT / name, project / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    run = subprocess.run(
        [str(Path(sys.executable).with_name("site-builder")), "bundle"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (archive,) = (project / "dist").glob("*.zip")
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as z:
        z.extractall(target)
    (root,) = target.iterdir()
    return root


@pytest.fixture(scope="module")
def file_browser(site_browser):
    """The session's Chromium (one Playwright per process); its routing lets file:// through and
    aborts and counts everything else."""
    return site_browser.context, site_browser.offsite_requests


@pytest.fixture
def page(file_browser):
    context, blocked = file_browser
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = len(blocked)
    yield page
    assert errors == []
    assert blocked[start:] == []
    page.close()


def test_navigation_and_search_work_from_disk(unzipped, page):
    from playwright.sync_api import expect

    page.goto((unzipped / "index.html").as_uri())
    page.get_by_role("link", name="Vendors", exact=True).first.click()
    assert page.url.endswith("/vendors/index.html")
    page.locator(".md-search__input").press_sequentially("Genesys")
    hit = page.locator(".md-search-result__item > a[href$='vendors/genesys-cloud.html']")
    expect(hit.first).to_be_visible(timeout=5000)
    hit.first.click()
    assert page.url.endswith("/vendors/genesys-cloud.html")
    assert page.locator("h1").text_content().startswith("Genesys")


def test_matrix_sorts_and_reranks_from_disk(unzipped, page):
    page.goto((unzipped / "matrix.html").as_uri() + "#persona=enterprise-24x7")
    totals = "() => [...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')].map(r => r.dataset.id + ' ' + r.querySelector('.sb-total').textContent)"
    before = page.evaluate(totals)
    page.locator("button.sb-sort[data-key=coverage]").click()
    assert page.locator("th[aria-sort=descending] button[data-key=coverage]").count() == 1
    page.locator(".sb-weights summary").click()
    page.locator("#w-availability").fill("0")
    page.locator("button.sb-sort[data-key=rank]").click()
    assert "w.availability=0" in page.evaluate("() => location.hash")
    after = page.evaluate(totals)
    assert sorted(after) != sorted(
        before
    )  # committed availability (weight 10) no longer counts: totals moved


def test_compare_and_guide_pages_from_disk(unzipped, page):
    page.goto((unzipped / "compare.html").as_uri() + "#vendors=five9,ujet")
    assert page.locator(".sb-compare-table thead th a").all_text_contents() == ["Five9", "UJET"]
    page.locator("input[name=pick][value=talkdesk]").check()
    assert "talkdesk" in page.evaluate("() => location.hash")
    page.goto((unzipped / "methodology.html").as_uri())
    assert page.locator("#criterion-availability").count() == 1


def test_every_page_of_the_bundle_loads_clean(unzipped, file_browser):
    context, blocked = file_browser
    start = len(blocked)
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        tab.goto(path.as_uri())
        tab.close()
        assert errors == [], path
    assert blocked[start:] == []
