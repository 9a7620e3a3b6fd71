"""The matrix does (almost) nothing at load, shows score.py's numbers for a persona's own view, and
recomputes with one function (`weigh`) that equals score.py; on a phone each vendor is a card whose
cells carry their labels wherever the page is scrolled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.scoring.score import score_vendors

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)  # the browser harness's SOURCE_DATE_EPOCH


# The served #sb-matrix, parsed from the page's own HTML, next to the live one: equal when the
# script wrote nothing but enabling the controls.
SERVED_AND_LIVE = """async () => {
    const html = await (await fetch(location.href)).text();
    const served = new DOMParser().parseFromString(html, "text/html").getElementById("sb-matrix");
    served.querySelector(".sb-controls-set").removeAttribute("disabled");
    return [served.outerHTML, document.getElementById("sb-matrix").outerHTML];
}"""


def test_at_load_the_script_only_enables_the_controls(open_page):
    visit = open_page("matrix/")
    page = visit.page
    served, live = page.evaluate(SERVED_AND_LIVE)
    assert live == served
    assert page.evaluate("() => document.querySelector('.sb-controls-set').disabled") is False
    assert page.evaluate("() => location.hash") == ""  # nothing written to the URL either
    visit.assert_clean()


# What the reader sees of the table, the leaderboard and the status line: each row's text and the
# classes of its cells, in order.
SHOWN = """() => ({
    rows: [...document.querySelectorAll('.sb-matrix-table tbody tr')].map(tr =>
        [tr.dataset.id || '', tr.hidden, tr.className, [...tr.cells].map(c => [c.className, c.hidden, c.textContent])]),
    board: [...document.querySelectorAll('#sb-leaderboard li')].map(li => [li.dataset.id, li.textContent]),
    leader: document.getElementById('sb-leader').textContent,
    status: document.getElementById('sb-status').textContent,
    heads: [...document.querySelectorAll('.sb-matrix-table thead th')].map(th => [th.hidden, th.getAttribute('aria-sort')]),
})"""


def test_the_served_table_is_what_the_script_shows_for_the_persona(open_page):
    visit = open_page("matrix/")
    page = visit.page
    served = page.evaluate(SHOWN)
    # another persona and back: the script writes every row from the data block
    page.select_option("#sb-persona", "regulated")
    assert page.evaluate(SHOWN) != served
    page.select_option("#sb-persona", "enterprise-24x7")
    assert page.evaluate(SHOWN) == served
    # a weight moved and moved back: recomputed by weigh, then the persona's own numbers again
    page.locator(".sb-weights summary").click()
    page.locator("#w-price").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(SHOWN) != served
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(SHOWN) == served
    visit.assert_clean()


WEIGH = """([weights, musts]) => {
    const data = JSON.parse(document.getElementById('sb-matrix-data').textContent);
    const w = data.criteria.map(c => weights[c.id] || 0);
    const out = document.getElementById('sb-matrix').sbWeigh(w, musts);
    return {
        order: out.order.map(i => data.vendors[i].id),
        rows: Object.fromEntries(out.rows.map((r, i) => [data.vendors[i].id, [r.rank, r.tied, r.total, r.low, r.high, r.coverage]])),
    };
}"""


def _python(
    engine, persona: str, weights: dict[str, float] | None = None, musts: tuple[str, ...] | None = None
):
    criteria, vendors = engine
    personas = []
    for p in criteria.personas:
        if p.id == persona:
            update: dict[str, object] = {}
            if weights is not None:
                update["weights"] = weights
            if musts is not None:
                update["must_haves"] = musts
            p = p.model_copy(update=update)
        personas.append(p)
    board = score_vendors(vendors, criteria.model_copy(update={"personas": tuple(personas)}), today=TODAY)
    ranking = board.ranking(persona)
    ranks = [v.persona(persona).rank for v in board.vendors]
    rows = {}
    for v in board.vendors:
        s = v.persona(persona)
        rows[v.id] = [
            s.rank,
            s.rank is not None and ranks.count(s.rank) > 1,
            s.total,
            s.low,
            s.high,
            s.coverage,
        ]
    return [*ranking.ranked, *ranking.excluded], rows, board.criteria.persona(persona)


def _same(browser: dict, order: list[str], rows: dict) -> None:
    assert browser["order"] == order
    for vid, want in rows.items():
        got = browser["rows"][vid]
        assert got[:2] == want[:2], vid
        assert got[2:] == pytest.approx(want[2:], abs=1e-9), vid


CHANGES = {
    "own weights": (None, None),
    "price weighs 10": ({"price": 10.0}, None),
    "availability alone (ties broken by flags, coverage, id)": ("availability", None),
    "every must-have ticked": (None, "all"),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("persona", ["enterprise-24x7", "regulated", "small-business-hours"])
def test_weigh_equals_score_py(open_page, engine, persona, change):
    criteria, _ = engine
    weights, musts = CHANGES[change]
    own = criteria.persona(persona)
    if weights == "availability":
        weights = {k.id: 0.0 for k in criteria.criteria} | {"availability": 1.0}
    elif weights is not None:
        weights = {**own.weights, **weights}
    if musts == "all":
        musts = tuple(m.id for m in criteria.must_haves)
    order, rows, scored = _python(engine, persona, weights, musts)
    visit = open_page("matrix/")
    browser = visit.page.evaluate(WEIGH, [dict(scored.weights), list(scored.must_haves)])
    _same(browser, order, rows)
    visit.assert_clean()


def test_a_persona_switch_shows_score_py_numbers_in_its_order(open_page, engine):
    visit = open_page("matrix/")
    page = visit.page
    for persona in ("small-business-hours", "regulated"):
        page.select_option("#sb-persona", persona)
        order, rows, _ = _python(engine, persona)
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')].map(tr =>
                [tr.dataset.id, tr.querySelector('.sb-rank').textContent, tr.querySelector('.sb-total').textContent])"""
        )
        assert [vid for vid, _, _ in shown] == order
        for vid, rank, total in shown:
            want = rows[vid]
            assert rank == ("–" if want[0] is None else ("=" if want[1] else "") + str(want[0]))
            assert total == f"{want[2]:.1f}"
    visit.assert_clean()


# At each scroll position, every table cell on screen (a part of a vendor's card) with what its
# label says, or "" when it has none; and the vendor whose card is at the top of the screen.
CARDS_IN_VIEW = """() => {
    const cells = [...document.querySelectorAll('.sb-matrix-table tbody tr[data-id] td')].filter(td => {
        const r = td.getBoundingClientRect();
        return !td.hidden && r.bottom > 48 && r.top < innerHeight;
    });
    return cells.map(td => [td.closest('tr').dataset.id, getComputedStyle(td, '::after').content,
                            td.getBoundingClientRect().width]);
}"""


def test_on_a_phone_every_card_cell_on_screen_carries_its_label(open_page):
    visit = open_page("matrix/", width=390)
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    top = page.evaluate(
        "() => document.querySelector('.sb-matrix-table tbody').getBoundingClientRect().top + scrollY"
    )
    bottom = page.evaluate(
        "() => document.querySelector('.sb-matrix-table tbody').getBoundingClientRect().bottom + scrollY"
    )
    seen = set()
    for y in range(int(top) - 200, int(bottom), 400):
        page.evaluate(f"() => window.scrollTo(0, {y})")
        cells = page.evaluate(CARDS_IN_VIEW)
        assert cells, y
        for vid, label, width in cells:
            seen.add(vid)
            assert label not in ("", "none", "normal"), (y, vid)
            assert width < 390 / 2, (y, vid)  # cells sit side by side in the card, not one wide table row
    assert len(seen) == page.locator(".sb-matrix-table tbody tr[data-id]").count()
    # no row is wider than the screen: nothing scrolls sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390
    visit.assert_clean()
