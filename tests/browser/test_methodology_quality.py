"""Methodology and Data quality in the built site: anchors other pages link to, and tables that
scroll inside their own wrapper on a phone, by keyboard."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PHONE = 390


def test_every_link_into_the_methodology_lands_on_an_element(built_site: Path):
    """Whatever page links to `methodology/#x` (data quality, vendor pages, matrix, guide), `x` exists."""
    method = (built_site / "methodology" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', method))
    broken, seen = [], 0
    for page in sorted(built_site.rglob("*.html")):
        folder = posixpath.dirname(page.relative_to(built_site).as_posix())
        for href in re.findall(r'href="([^"#]*methodology/)#([^"]+)"', page.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(folder, href[0]))
            if target == "methodology":
                seen += 1
                if href[1] not in ids:
                    broken.append(f"{page.relative_to(built_site)} -> #{href[1]}")
    assert seen >= 29 and broken == []  # data quality alone links every criterion


@pytest.mark.browser
@pytest.mark.parametrize("anchor", ["criterion-log4j", "red-flag-slow-log4j", "persona-regulated"])
def test_a_linked_item_opens_below_the_header_and_is_marked(open_page, anchor):
    visit = open_page(f"methodology/#{anchor}", width=PHONE)
    page = visit.page
    box = page.locator(f"#{anchor}").bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] < 844
    colour = page.locator(f"#{anchor}").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    visit.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["methodology/", "data-quality/"])
def test_wide_tables_scroll_in_their_wrapper_by_keyboard(open_page, path):
    visit = open_page(path, width=PHONE)
    page = visit.page
    wrappers = page.locator(".sb-method-scroll")
    assert wrappers.count() >= 5
    labels = wrappers.evaluate_all("ws => ws.map(w => [w.tabIndex, w.getAttribute('aria-label')])")
    assert all(tab == 0 and label for tab, label in labels)
    wide = page.locator(".sb-method-scroll:has(table.sb-method-wide)").first
    assert wide.evaluate("w => w.scrollWidth > w.clientWidth")
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wide.element_handle())
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE
    visit.assert_clean()
