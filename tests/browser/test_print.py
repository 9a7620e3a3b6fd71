"""Printing: the navigation chrome disappears, tables print whole, cited sources show their address."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("path", ["vendors/five9/", "compare/"])
def test_print_media_hides_chrome_and_writes_out_source_addresses(open_page, path):
    visit = open_page(path)
    page = visit.page
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-search']
            .map(s => document.querySelector(s))
            .filter(Boolean)
            .map(e => getComputedStyle(e).display)"""
    )
    assert hidden and set(hidden) == {"none"}
    scroll = page.evaluate(
        """() => [...document.querySelectorAll('[role=region], .md-typeset__scrollwrap')]
            .map(e => getComputedStyle(e).overflowX)"""
    )
    assert "auto" not in scroll and "scroll" not in scroll
    if path.startswith("vendors/"):
        after = page.evaluate(
            """() => { const a = document.querySelector('.sb-sources a[href^="http"]');
                       return [a.href, getComputedStyle(a, '::after').content]; }"""
        )
        assert after[1] == f'" <{after[0]}>"'
    visit.assert_clean()
