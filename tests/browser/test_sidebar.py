"""The main sections are always reachable from the sidebar (issue 16, point 8), in Chromium.

At 1280 x 800 the sidebar holds more than the screen. Its "Main sections" block (templates/
overrides/main.html) stays at its top, above the scrolling list: whatever the list's scroll
position (Material scrolls it to the page's own entry; a reader may scroll it to its end), Home,
Scoring matrix, Compare, Vendors and Buying guide are on screen and clickable, and no entry covers
another. The matrix and the calculator keep the sidebar too. On a phone they are one tap away, in
the drawer.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MAIN = ["Home", "Scoring matrix", "Compare", "Vendors", "Cost calculator", "Buying guide"]
PAGES = [
    "matrix/",
    "calculator/",
    "guide/exit-plan/",
    "reference/commands/",
    "architecture/",
    "vendors/five9/",
]

# For each name: "shown" when a link of that name in the primary sidebar (or, in a phone's drawer,
# the section's title that opens it) is on screen, at least 24 px tall, and is what a click at its
# centre would hit.
REACH = """(names) => {
    const links = [...document.querySelectorAll(".md-sidebar--primary :is(a, label.md-nav__link)")]
        .filter((a) => a.getClientRects().length);
    return names.map((name) => {
        const found = links.filter((a) => a.textContent.trim() === name).map((a) => {
            const r = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return r.top >= 0 && r.bottom <= innerHeight && r.height >= 24 && a.contains(hit);
        });
        return [name, found.length === 0 ? "not in the sidebar" : found.some(Boolean) ? "shown" : "covered or off screen"];
    });
}"""

# Every entry (link or section title) of the primary sidebar whose centre is in view, inside the
# scrolling list's visible area or in the main block, must be what a click there hits.
COVERED = """() => {
    const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
    const w = wrap.getBoundingClientRect();
    const top = w.top + wrap.clientTop, bottom = top + wrap.clientHeight;
    const block = document.querySelector(".sb-main-nav");
    const b = block && block.getClientRects().length ? block.getBoundingClientRect() : null;
    const entries = [...document.querySelectorAll(".md-sidebar--primary :is(a, label.md-nav__link, .md-nav__link)")]
        .filter((e) => e.getClientRects().length);
    const bad = [];
    let checked = 0;
    for (const e of entries) {
        const r = e.getBoundingClientRect();
        const y = r.top + r.height / 2, x = r.left + Math.min(r.width / 2, 40);
        const inBlock = b && block.contains(e);
        if (y < 0 || y > innerHeight || (!inBlock && (y < top || y > bottom))) continue;
        checked++;
        const hit = document.elementFromPoint(x, y);
        // a section's title takes no clicks on a desktop (Material: pointer-events: none), so the hit is its item
        if (!hit || !(e.contains(hit) || hit.contains(e))) bad.push(e.textContent.trim() + " under " + (hit ? hit.className || hit.tagName : "nothing"));
    }
    const list = wrap.getClientRects().length > 0;
    return {checked, bad, list, blockBelowList: b && list ? Math.round(b.bottom - top) : null};
}"""


def scroll_list(page, where: str) -> None:
    page.evaluate(
        """(where) => { const w = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
            w.scrollTop = where === 'end' ? w.scrollHeight : where === 'middle' ? (w.scrollHeight - w.clientHeight) / 2 : 0; }""",
        where,
    )
    page.wait_for_timeout(50)


WIDE = {"matrix/", "calculator/"}  # `sidebar: main`: a narrow sidebar, the main sections only


def at_1280(page) -> None:
    """The viewport at 1280x800, once the page is laid out for it (the sidebar a column, not a
    phone's drawer): on a busy machine a fixed pause can end before the new layout."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function(
        """() => innerWidth === 1280 && innerHeight === 800
            && document.querySelector('.md-sidebar--primary').getBoundingClientRect().width > 0
            && getComputedStyle(document.querySelector('.md-sidebar--primary')).position !== 'fixed'""",
        timeout=5000,
    )


@pytest.mark.parametrize("path", PAGES)
def test_the_main_sections_are_in_view_and_nothing_covers_an_entry_at_1280(open_page, path):
    visit = open_page(path)
    page = visit.page
    at_1280(page)
    for where in ("as opened", "middle", "end"):
        if where != "as opened":
            scroll_list(page, where)
        assert page.evaluate(REACH, MAIN) == [[name, "shown"] for name in MAIN], where
        found = page.evaluate(COVERED)
        assert found["bad"] == [], where
        if path in WIDE:
            assert not found["list"] and found["checked"] == len(MAIN), where
        else:
            assert found["checked"] >= 12, where  # the block's six and the list's entries in view
            assert found["blockBelowList"] <= 0, where  # the list's visible area starts below the block
    visit.assert_clean()


@pytest.mark.parametrize("path", sorted(WIDE))
def test_a_wide_page_keeps_most_of_the_width(open_page, path):
    visit = open_page(path)
    page = visit.page
    at_1280(page)
    width = page.evaluate(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().width"
    )
    assert width == pytest.approx(8.6 * 20, abs=1)  # 8.6rem at Material's 20 px root size, not 12.1rem
    assert page.evaluate("document.documentElement.scrollWidth") == 1280
    visit.assert_clean()


def test_the_sidebar_scrolls_on_a_long_page_and_its_end_is_reachable(open_page):
    """The case that failed: the list is taller than the screen and scrolled to its end."""
    visit = open_page("reference/commands/")
    page = visit.page
    page.set_viewport_size({"width": 1280, "height": 800})
    # The new width lays the sidebar out again (a phone's drawer becomes a column): scroll its list to
    # the end until the layout has settled and the last entry is in view (5 s at most, then fail).
    page.wait_for_function(
        """() => { const w = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
            w.scrollTop = w.scrollHeight;
            const last = [...w.querySelectorAll('a')].filter((a) => a.textContent.trim() === 'Commands'
                && a.getClientRects().length).pop();
            return innerWidth === 1280 && last && last.getBoundingClientRect().bottom <= innerHeight; }""",
        timeout=5000,
    )
    last = page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Commands", exact=True)
    box = last.bounding_box()
    assert box["y"] + box["height"] <= 800
    assert page.evaluate(
        "() => { const w = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');"
        " return w.scrollHeight > w.clientHeight; }"
    )
    page.get_by_role("navigation", name="Main sections").get_by_role("link", name="Scoring matrix").click()
    assert re.search(r"/matrix/$", page.url)
    page.wait_for_load_state("networkidle")
    current = page.get_by_role("navigation", name="Main sections").locator("[aria-current=page]")
    assert current.text_content() == "Scoring matrix"
    visit.assert_clean()


@pytest.mark.parametrize("path", ["matrix/", "calculator/", "guide/sla/", "vendors/five9/"])
def test_on_a_phone_the_main_sections_are_one_tap_away(open_page, path):
    visit = open_page(path, width=390)
    page = visit.page
    assert page.evaluate("() => getComputedStyle(document.querySelector('.sb-main-nav')).display") == "none"
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # the drawer slides in (0.25 s)
    assert page.evaluate(REACH, MAIN) == [[name, "shown"] for name in MAIN]
    visit.assert_clean()
