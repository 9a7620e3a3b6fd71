"""Reach and light pages (issue 16, points 8 and 9), measured in Chromium on the built site:
each page type loads only its own stylesheets and scripts (scripts deferred), every target on the
home page, the matrix and a vendor page is at least 24 x 24 px or has WCAG 2.2's spacing or inline
exception. The sidebar's main sections: tests/browser/test_sidebar.py.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MATERIAL_CSS, SITE_CSS, PRINT_CSS = ["main.css", ""], ["site.css", ""], ["print.css", "print"]
BUNDLE = ["bundle.js", True]  # Material's script, deferred like ours

# Page -> (its own stylesheets, its own scripts), as the templates' front matter declares them.
OWN = {
    "": (["home.css"], []),
    "matrix/": (["matrix.css"], ["matrix.js"]),
    "compare/": (["compare.css"], ["compare.js"]),
    "calculator/": (["calculator.css"], ["calculator.js"]),
    "vendors/five9/": (["vendor.css"], []),
    "vendors/": (["vendor.css"], []),
    "methodology/": (["methodology.css"], []),
    "data-quality/": (["methodology.css"], []),
    "changes/": (["changes.css"], []),
    "guide/sla/": ([], []),  # a hand-written page: the site-wide files only
}

ASSETS = """() => {
    const name = (url) => new URL(url).pathname.split("/").pop().replace(/\\.[0-9a-f]{8}\\.min\\./, ".");
    return {
        styles: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => [name(l.href), l.media]),
        scripts: [...document.querySelectorAll("script[src]")].map((s) => [name(s.src), s.defer]),
    };
}"""


@pytest.mark.parametrize("path", OWN)
def test_each_page_type_loads_only_its_own_styles_and_scripts_deferred(open_page, path):
    visit = open_page(path)
    found = visit.page.evaluate(ASSETS)
    css, js = OWN[path]
    assert found["styles"] == [MATERIAL_CSS, SITE_CSS, *[[c, ""] for c in css], PRINT_CSS]
    assert found["scripts"] == [BUNDLE, *[[s, True] for s in js]]
    visit.assert_clean()


# Every target and what WCAG 2.2 (2.5.8, target size minimum) allows when it is under 24 x 24 px:
# a 24 px circle centred on it touches no other target and no other small target's circle
# (spacing), or it is a link in a line of text (inline, as axe's target-size rule reads it). Returns the targets that fail both.
# A target scrolled out of a box that clips it (overflow) is not on screen there: it is left out.
TARGETS = """() => {
    const clippedAway = (el, r) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {  // body, html: the page
            const s = getComputedStyle(a);
            if (s.overflowX === "visible" && s.overflowY === "visible") continue;
            const b = a.getBoundingClientRect();
            if (r.bottom <= b.top || r.top >= b.bottom || r.right <= b.left || r.left >= b.right) return true;
        }
        return false;
    };
    const all = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')]
        .filter((el) => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            // checkVisibility: false inside a closed <details> too (its content keeps a layout box)
            return r.width > 0 && r.height > 0 && s.pointerEvents !== "none" && !clippedAway(el, r)
                && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
        })
        .map((el) => ({el, r: el.getBoundingClientRect()}));
    const small = (t) => t.r.width < 24 - 0.01 || t.r.height < 24 - 0.01;
    const centre = (t) => [t.r.left + t.r.width / 2, t.r.top + t.r.height / 2];
    const touches = ([x, y], r) => {
        const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
        return dx * dx + dy * dy < 12 * 12;
    };
    const inline = (el) => {
        if (getComputedStyle(el).display !== "inline" || !el.parentElement) return false;
        const text = [...el.parentElement.childNodes].filter((n) => n !== el).map((n) => n.textContent).join("");
        return /[A-Za-z0-9]{2}/.test(text);  // text around it (words, figures): its line sets its height
    };
    const bad = [];
    for (const t of all.filter(small)) {
        if (inline(t.el)) continue;
        const [x, y] = centre(t);
        const clash = all.some((o) => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) && (
            touches([x, y], o.r) || (small(o) && Math.hypot(x - centre(o)[0], y - centre(o)[1]) < 24)));
        if (clash) {
            bad.push(`${t.el.outerHTML.slice(0, 80)} ${t.r.width.toFixed(1)}x${t.r.height.toFixed(1)}`);
        }
    }
    return {count: all.length, bad: bad};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["", "matrix/", "vendors/five9/", "vendors/genesys-cloud/"])
def test_every_target_is_24_px_or_spaced_as_wcag_allows(open_page, path, width):
    visit = open_page(path, width=width)
    found = visit.page.evaluate(TARGETS)
    assert found["count"] > 20  # the page's links and controls were measured
    assert found["bad"] == []
