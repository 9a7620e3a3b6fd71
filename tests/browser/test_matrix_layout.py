"""Matrix and compare fit a screen: category columns first, criteria weighted 0 left out, the page's
own scrolling (no scroll box inside it), a header row that stays in view, and no layout shift."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from site_builder.comparison import prepare_comparison
from site_builder.site.pages.compare import compare_view
from site_builder.site.pages.matrix import category_score
from site_builder.site.render import RenderContext, make_env

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)  # the browser harness's SOURCE_DATE_EPOCH
PHONE, DESKTOP = (390, 844), (1280, 800)


@pytest.fixture(scope="module")
def comparison():
    return prepare_comparison([ROOT / "vendors"], ROOT / "scoring.yaml", today=TODAY)


# Every element of the page's content whose overflow makes it a scroll box and whose content is
# taller than it: a box the reader would have to scroll inside the page.
NESTED = """() => [...document.querySelectorAll('.md-content *')].filter(e => {
        const s = getComputedStyle(e);
        return /auto|scroll/.test(s.overflowY) && e.scrollHeight > e.clientHeight;
    }).map(e => e.tagName + '.' + e.className + ' ' + e.scrollHeight + '>' + e.clientHeight)"""


@pytest.mark.parametrize(
    "path",
    ["matrix/", "matrix/#open=security", "compare/", "compare/#vendors=five9,genesys-cloud,ujet,verint"],
)
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_no_scroll_box_inside_the_page(open_page, path, size):
    visit = open_page(path, width=size[0])
    page = visit.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    assert page.evaluate(NESTED) == []
    # the page itself scrolls, and nothing is wider than the screen
    assert page.evaluate("document.documentElement.scrollHeight") > size[1]
    assert page.evaluate("document.documentElement.scrollWidth") == size[0]
    visit.assert_clean()


@pytest.mark.parametrize("path, table", [("matrix/", ".sb-matrix-table"), ("compare/", ".sb-compare-table")])
def test_the_header_row_stays_under_the_site_header_while_the_page_scrolls(open_page, path, table):
    visit = open_page(path)
    page = visit.page
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    page.evaluate(
        f"() => window.scrollTo(0, [...document.querySelectorAll('{table} tbody tr')].filter(tr => !tr.hidden).pop()"
        ".getBoundingClientRect().top + scrollY - 300)"
    )
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = page.evaluate(f"() => document.querySelector('{table} thead th').getBoundingClientRect().top")
    assert header == 48 and abs(top - header) < 1
    visit.assert_clean()


def test_the_matrix_opens_on_category_columns(open_page, comparison):
    visit = open_page("matrix/")
    page = visit.page
    crit = comparison.criteria
    labels = page.locator("th.sb-cat:visible button.sb-sort").all_text_contents()
    assert labels == [cat.label for cat in crit.categories]
    assert page.locator("th.sb-cat:visible").count() == len(crit.categories)
    assert page.locator("th.sb-crit:visible").count() == 0
    visit.assert_clean()


def _python_category_texts(comparison, persona: str, weights: dict[str, float]) -> dict[str, dict[str, str]]:
    """vendor id -> category id -> the category cell's text: "62 6 of 7 known", "unknown 0 of 4 known"."""
    crit = comparison.criteria
    out: dict[str, dict[str, str]] = {}
    for v in comparison.board.vendors:
        out[v.id] = {}
        for cat in crit.categories:
            ks = [k for k in crit.criteria if k.category == cat.id]
            got = category_score([v.score(k.id) for k in ks], [weights.get(k.id, 0.0) for k in ks])
            if got is None:
                continue
            score, informed, counted = got
            out[v.id][cat.id] = f"{score:.0f}" if informed else "unknown"
            out[v.id][cat.id] += f"{informed} of {counted} known"
    return out


def _page_category_texts(page) -> dict[str, dict[str, str]]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')].map(tr =>
            [tr.dataset.id, Object.fromEntries([...tr.querySelectorAll('td.sb-cat-cell:not([hidden])')].map(td =>
                [td.dataset.cat, td.textContent]))]))"""
    )


def test_category_scores_follow_the_weights_as_python_computes_them(open_page, comparison):
    persona = comparison.criteria.persona("enterprise-24x7")
    visit = open_page("matrix/")
    page = visit.page
    # at load: the server's cells, left as they were by the script
    assert _page_category_texts(page) == _python_category_texts(comparison, persona.id, persona.weights)
    weights = {**persona.weights, "price": 10.0, "availability": 0.0}
    page.goto(visit.url + "#persona=enterprise-24x7&w.price=10&w.availability=0")
    page.reload()
    assert _page_category_texts(page) == _python_category_texts(comparison, persona.id, weights)
    visit.assert_clean()


def test_criteria_weighted_zero_are_hidden_and_come_back_with_a_weight(open_page, comparison):
    enterprise = comparison.criteria.persona("enterprise-24x7")
    assert enterprise.weights.get("dpa", 0) == 0 and enterprise.weights.get("certifications", 0) > 0
    visit = open_page("matrix/#open=security")
    page = visit.page
    vendors = len(comparison.vendors)
    dpa = "th.sb-crit[data-criterion=dpa]"
    assert page.locator("th.sb-crit[data-criterion=certifications]").is_visible()
    assert page.locator(dpa).is_hidden()
    assert page.locator("td.sb-cell[data-criterion=dpa]:visible").count() == 0
    page.locator(".sb-weights summary").click()
    page.locator("#w-dpa").focus()
    page.keyboard.press("ArrowRight")  # 0 -> 0.5
    assert page.locator(dpa).is_visible()
    assert page.locator("td.sb-cell[data-criterion=dpa]:visible").count() == vendors
    assert "w.dpa=0.5" in page.evaluate("() => location.hash")
    page.keyboard.press("ArrowLeft")  # back to 0
    assert page.locator(dpa).is_hidden()
    visit.assert_clean()


def test_a_category_the_persona_does_not_weigh_is_hidden_until_a_criterion_of_it_is(open_page, comparison):
    regulated = comparison.criteria.persona("regulated")
    maintenance = [k.id for k in comparison.criteria.criteria if k.category == "maintenance"]
    assert all(regulated.weights.get(k, 0) == 0 for k in maintenance)
    visit = open_page("matrix/#persona=regulated")
    page = visit.page
    assert page.locator("th.sb-cat[data-cat=maintenance]").is_hidden()
    assert page.locator("td.sb-cat-cell[data-cat=maintenance]:visible").count() == 0
    page.goto(visit.url + "&w.planned-downtime=1")
    page.reload()
    assert page.locator("th.sb-cat[data-cat=maintenance]").is_visible()
    assert page.locator("td.sb-cat-cell[data-cat=maintenance]:visible").count() == len(comparison.vendors)
    visit.assert_clean()


def test_the_status_line_is_in_the_html_as_the_script_words_it(open_page, built_site):
    html = (built_site / "matrix" / "index.html").read_text(encoding="utf-8")
    server = re.search(r'<p class="sb-status"[^>]*>(.*?)</p>', html).group(1)
    visit = open_page("matrix/")
    assert server and visit.page.locator("#sb-status").text_content() == server.replace("&amp;", "&")
    compare = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    server = re.search(r'<p class="sb-status" id="sb-compare-status"[^>]*>(.*?)</p>', compare).group(1)
    visit = open_page("compare/")
    assert server and visit.page.locator("#sb-compare-status").text_content() == server
    visit.assert_clean()


CLS_OBSERVER = """window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) {
    window.__cls += e.value;
    window.__shifts.push([e.value, e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?')]);
} }).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["matrix/", "compare/"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390x844", "1280x800"])
def test_cumulative_layout_shift_stays_under_a_tenth(site_browser, path, size):
    page = site_browser.context.new_page()
    try:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.add_init_script(CLS_OBSERVER)
        page.goto(site_browser.base_url + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        cls, shifts = page.evaluate("[window.__cls, window.__shifts]")
        assert cls < 0.1, shifts
    finally:
        page.close()


def test_compare_differences_only_keeps_the_hatch_and_counts_the_rows_unknown_for_all(open_page, comparison):
    picks = ["five9", "genesys-cloud", "talkdesk"]
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True)
    view = compare_view(comparison, ctx, picks)
    all_unknown = sum(
        1 for g in view.groups for r in g.rows if all(not c.known and not c.bad for c in r.cells)
    )
    assert all_unknown > 0
    visit = open_page("compare/#vendors=" + ",".join(picks) + "&diff=1")
    page = visit.page
    assert (
        f"; {all_unknown} unknown for every one of them are hidden)"
        in page.locator("#sb-compare-status").text_content()
    )
    shown = page.locator(".sb-compare-table tbody tr:not(.sb-compare-group)")
    assert shown.count() == view.differing == page.locator(".sb-compare-table tr.sb-differs").count()
    hatch = page.locator(".sb-compare-table tr.sb-differs td.sb-unknown").first.evaluate(
        "el => getComputedStyle(el).backgroundImage"
    )
    assert "repeating-linear-gradient" in hatch
    visit.assert_clean()
