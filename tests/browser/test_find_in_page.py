"""Finding a word opens the closed section it sits in (issue 16, point 6), in Chromium.

A vendor page keeps its figures in plain words, full facts, open questions, sources and history in closed
<details> sections.
Chromium (since version 97) searches the text of a closed <details> and opens it when a match is
inside: Ctrl+F (find in page) and a link to a text fragment (`#:~:text=...`) share that matching
and that opening, so a text fragment is how this test drives it (a script cannot press Ctrl+F, and
`window.find` does not open sections). No script of ours is involved: the test passes with
JavaScript switched off too, so a page read without JavaScript finds the same way.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGE = "vendors/five9/"

# A phrase of a closed section (of its list items, past the summary) that occurs nowhere else on the page.
PHRASE = """(id) => {
    const body = document.body.textContent;
    const walker = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent.trim();
        if (text.length >= 20 && n.parentElement.closest("li") && body.split(text).length === 2) return text;
    }
    return null;
}"""

STATE = """(phrase) => {
    const open = [...document.querySelectorAll("details.sb-v-more")].filter((d) => d.open).map((d) => d.id);
    const sel = [...document.querySelectorAll("details.sb-v-more li")].findLast((li) => li.textContent.includes(phrase));
    const r = sel.getBoundingClientRect();
    return {open, inView: r.bottom > 0 && r.top < innerHeight && r.height > 0};
}"""


@pytest.mark.parametrize("section", ["in-plain-words", "contradictions", "sources", "freshness"])
@pytest.mark.parametrize("script", ["on", "off"])
def test_finding_a_word_in_a_closed_section_opens_that_section(open_page, site_browser, section, script):
    first = open_page(PAGE)
    closed = first.page.evaluate(
        "() => [...document.querySelectorAll('details.sb-v-more')].filter((d) => d.open)"
    )
    assert closed == []  # every section starts closed
    phrase = first.page.evaluate(PHRASE, section)
    assert phrase  # the section holds a phrase found nowhere else
    page = site_browser.context.new_page()
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        if script == "off":
            cdp = site_browser.context.new_cdp_session(page)
            cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        fragment = quote(phrase, safe="").replace("-", "%2D")  # "," and "-" are the syntax of a text fragment
        page.goto(site_browser.base_url + PAGE + "#:~:text=" + fragment, wait_until="load")
        page.wait_for_timeout(300)
        state = page.evaluate(STATE, phrase)
        assert state == {"open": [section], "inView": True}
        # Material's script defines `document$` when it runs: it did not, with scripts off
        assert page.evaluate("typeof window.document$") == ("undefined" if script == "off" else "object")
    finally:
        page.close()
    first.assert_clean()
