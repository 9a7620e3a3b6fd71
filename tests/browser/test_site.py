"""The built site in a real browser: clean loads, search, axe-core, the Nu Html Checker, screenshots.

Fixtures (one build, one server, one Chromium per session) are in conftest.py.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""WCAG 2.1 A and AA, WCAG 2.2 AA (target size: 24 x 24 px or spaced), plus axe's best practices
(where Material's unnamed search dialog shows)."""

# One page of each type, by the name used in test ids and screenshot files.
PAGES = {
    "home": "",
    "matrix": "matrix/",
    "compare": "compare/",
    "vendor-index": "vendors/",
    "vendor": "vendors/genesys-cloud/",
    "methodology": "methodology/",
    "data-quality": "data-quality/",
    "calculator": "calculator/",
    "changes": "changes/",
    "guide": "guide/planned-downtime/",
    "data-format": "reference/vendor-format/",
    "commands": "reference/commands/",
    "contributing": "contributing/",
}

SCREEN_WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_console_errors_or_offsite_requests(open_page, name):
    visit = open_page(PAGES[name])
    assert visit.page.locator("h1").count() == 1
    assert visit.console_errors == []
    assert visit.offsite_requests == []


@pytest.mark.browser
def test_offsite_requests_are_aborted_and_counted(open_page):
    """The harness itself: a request to another host never leaves, and is reported twice."""
    visit = open_page(PAGES["home"])
    visit.page.evaluate("() => fetch('https://vendor.example.com/probe.js').catch(() => null)")
    visit.page.wait_for_timeout(100)
    assert visit.offsite_requests == ["https://vendor.example.com/probe.js"]
    assert any("ERR_FAILED" in error for error in visit.console_errors), visit.console_errors


@pytest.mark.browser
def test_search_finds_a_vendor_by_name(open_page):
    from playwright.sync_api import expect

    visit = open_page(PAGES["home"])
    page = visit.page
    # Material reads the query on keyup (not on `input`), so type it as a person would.
    page.locator(".md-search__input").press_sequentially("Genesys")
    hit = page.locator(".md-search-result__item > a[href$='vendors/genesys-cloud/']")
    expect(hit.first).to_be_visible(timeout=5000)
    visit.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREEN_WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(open_page, axe_script, name, screen):
    """At both widths: on a phone, tables that scroll sideways must be reachable by keyboard."""
    visit = open_page(PAGES[name], width=SCREEN_WIDTHS[screen])
    visit.page.add_script_tag(path=str(axe_script))
    violations = visit.page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }""",
        AXE_TAGS,
    )
    assert violations == []
    visit.assert_clean()


def test_nu_html_checker_finds_no_errors(built_site, vnu_command):
    files = sorted(built_site.rglob("*.html"))
    assert {f"{p}index.html" for p in PAGES.values()} <= {str(f.relative_to(built_site)) for f in files}
    run = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, files)], capture_output=True, text=True
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    site = built_site.as_uri()
    errors = [f"{m['url'].removeprefix(site)}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]
    assert errors == []


def test_material_fixes_are_in_the_built_html(built_site):
    """The overrides in templates/overrides still match Material's markup (needs no tools)."""
    for page in [f"{path}index.html" for path in PAGES.values()] + ["404.html"]:
        html = (built_site / page).read_text()
        assert 'role="dialog" aria-label="Search"' in html, page
        assert 'tabindex=""' not in html, page
        assert not re.search(r'<input[^>]*type="checkbox"[^>]*autocomplete=', html), page
        assert "assets/stylesheets/site.css" in html, page
        # Material's indentation is squeezed out (hooks.py); <pre> keeps its own.
        outside_pre = re.sub(r"<pre[\s>].*?</pre>", "<pre>", html, flags=re.S)
        assert not re.search(r"\n[ \t\n]", outside_pre), page
        assert "__palette" not in html, page  # no palette to restore: mkdocs.yml sets none


def _hooks():
    import importlib.util

    spec = importlib.util.spec_from_file_location("hooks", ROOT / "templates" / "overrides" / "hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    return hooks


def test_the_palette_script_goes_only_where_no_palette_can_be_picked():
    hooks = _hooks()
    html = '<p>a</p>\n<script>var palette=__md_get("__palette");if(palette){x()}</script>\n<p>b</p>'
    assert hooks.without_palette_script(html, {}) == "<p>a</p>\n<p>b</p>"
    toggle = {"palette": [{"scheme": "default"}, {"scheme": "slate"}]}
    assert hooks.without_palette_script(html, toggle) == html


def test_the_hook_squeezes_indentation_but_not_preformatted_text():
    hooks = _hooks()
    html = "<p>a\n   <b>b</b>\n\n  c</p>\n  <pre><code>x\n    y\n</code></pre>\n <textarea>q\n  r</textarea>"
    assert (
        hooks.squeeze(html)
        == "<p>a\n<b>b</b>\nc</p>\n<pre><code>x\n    y\n</code></pre>\n<textarea>q\n  r</textarea>"
    )


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREEN_WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(open_page, artifacts, name, screen):
    """Full-page screenshots into test-artifacts/ for people to look at; no horizontal scrolling."""
    width = SCREEN_WIDTHS[screen]
    visit = open_page(PAGES[name], width=width)
    page = visit.page
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    visit.assert_clean()
