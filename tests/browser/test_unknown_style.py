"""One unknown style on every page type: a hatched ground, a "?" mark and the word unknown, never a
number; known-bad (a "no", only an objective) is styled differently from unknown."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STYLE = """el => {
    const s = getComputedStyle(el), mark = getComputedStyle(el, "::before");
    return {hatch: s.backgroundImage.includes("repeating-linear-gradient"), colour: s.backgroundColor,
            mark: mark.content, text: el.firstChild.textContent.trim()};
}"""

PAGES = {
    "matrix": ("matrix/#persona=enterprise-24x7&open=availability", ".sb-matrix-table td"),
    "compare": ("compare/#vendors=genesys-cloud,five9,talkdesk", ".sb-compare-table td"),
    "calculator": ("calculator/", ".sb-calc-table td"),
}


@pytest.mark.parametrize("name", PAGES)
def test_unknown_and_known_bad_cells_differ(open_page, name):
    path, cells = PAGES[name]
    visit = open_page(path)
    unknown = visit.page.locator(f"{cells}.sb-unknown").first.evaluate(STYLE)
    bad = visit.page.locator(f"{cells}.sb-bad").first.evaluate(STYLE)
    assert unknown["hatch"] and unknown["mark"].startswith('"?"')
    assert unknown["text"] == "unknown"
    assert not bad["hatch"] and bad["mark"].startswith('"✕"') and bad["colour"] != unknown["colour"]
    visit.assert_clean()


def test_compare_highlight_keeps_the_hatch(open_page):
    visit = open_page("compare/#vendors=genesys-cloud,five9,talkdesk")
    cell = visit.page.locator(".sb-compare-table tr.sb-differs td.sb-unknown").first.evaluate(STYLE)
    assert cell["hatch"] and cell["colour"] == "rgb(255, 246, 214)"


def test_vendor_page_unknown_badge_has_the_same_style(open_page):
    visit = open_page("vendors/five9/")
    badge = visit.page.locator(".sb-unk").first.evaluate(STYLE)
    assert badge["hatch"] and badge["mark"].startswith('"?"') and badge["text"] == "unknown"
    visit.assert_clean()


SMALL_TEXT = """() => [...document.querySelectorAll('.md-content *')]
    .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(el => el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 11.95)
    .map(el => el.tagName + '.' + [...el.classList].join('.') + ' ' + getComputedStyle(el).fontSize)"""


@pytest.mark.parametrize("path", ["", "matrix/", "vendors/five9/", "compare/", "calculator/"])
def test_no_text_is_smaller_than_12_px(open_page, path):
    visit = open_page(path)
    assert visit.page.evaluate(SMALL_TEXT) == []
