"""The compare page in Chromium: picking, the URL, differences only, the 4-vendor limit, the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.comparison import prepare_comparison
from site_builder.site.pages.compare import compare_view
from site_builder.site.render import RenderContext, make_env

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def python_view():
    comparison = prepare_comparison([ROOT / "vendors"], ROOT / "scoring.yaml", today=date(2026, 11, 22))
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True)
    return lambda picks: compare_view(comparison, ctx, picks)


def shown(page) -> dict:
    return page.evaluate(
        """() => ({
            names: [...document.querySelectorAll('.sb-compare-table thead th a')].map(a => a.textContent),
            rows: document.querySelectorAll('.sb-compare-table tbody tr:not(.sb-compare-group)').length,
            differing: document.querySelectorAll('.sb-compare-table tbody tr.sb-differs').length,
            hash: location.hash,
        })"""
    )


def test_default_selection_matches_the_server_rendered_table(open_page, python_view):
    visit = open_page("compare/")
    view = python_view(None)
    state = shown(visit.page)
    assert state["names"] == [col.name for col in view.picked]
    assert state["rows"] == sum(len(g.rows) for g in view.groups) and state["differing"] == view.differing
    assert state["hash"] == "#vendors=" + ",".join(col.id for col in view.picked)
    visit.assert_clean()


def test_picking_updates_the_table_and_the_url_and_the_url_restores_it(open_page, python_view, site_browser):
    visit = open_page("compare/#vendors=five9")
    page = visit.page
    page.locator("input[name=pick][value=genesys-cloud]").check()
    page.locator("input[name=pick][value=ujet]").check()
    state = shown(page)
    assert (
        state["names"] == ["Five9", "Genesys", "UJET"]
        and state["hash"] == "#vendors=five9,genesys-cloud,ujet"
    )
    view = python_view(["five9", "genesys-cloud", "ujet"])
    assert state["differing"] == view.differing
    again = open_page("compare/" + state["hash"])
    assert shown(again.page)["names"] == ["Five9", "Genesys", "UJET"]
    visit.assert_clean()


def test_differences_only_hides_the_equal_rows(open_page, python_view):
    visit = open_page("compare/#vendors=five9,nice-cxone")
    page = visit.page
    page.locator("#sb-diff-only").check()
    view = python_view(["five9", "nice-cxone"])
    state = shown(page)
    assert state["rows"] == state["differing"] == view.differing
    assert state["hash"] == "#vendors=five9,nice-cxone&diff=1"
    assert (
        f"{view.differing} of {sum(len(g.rows) for g in view.groups)} rows differ"
        in page.locator("#sb-compare-status").text_content()
    )
    visit.assert_clean()


def test_a_fifth_pick_is_refused_and_unknown_ids_are_reported(open_page):
    visit = open_page("compare/#vendors=five9,ujet,8x8,verint,nope")
    page = visit.page
    assert "Not found and left out: nope." in page.locator("#sb-compare-status").text_content()
    page.locator("input[name=pick][value=dialpad]").click()
    assert not page.locator("input[name=pick][value=dialpad]").is_checked()
    assert (
        "At most 4 vendors: remove one before adding Dialpad."
        in page.locator("#sb-compare-status").text_content()
    )
    assert len(shown(page)["names"]) == 4
    visit.assert_clean()


def test_keyboard_only_picking(open_page):
    visit = open_page("compare/#vendors=five9")
    page = visit.page
    page.locator("#sb-pick-filter").focus()
    page.keyboard.type("twil")
    page.keyboard.press("Tab")  # to the only visible checkbox
    page.keyboard.press("Space")
    assert shown(page)["names"] == ["Five9", "Twilio"]
    visit.assert_clean()


def row_notes(page) -> list[tuple[str, list[str], list[str]]]:
    """Per shown row: its label's row notes and the notes its cells show."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.sb-compare-table tbody tr:not(.sb-compare-group)')].map(tr => [
            tr.querySelector('th').firstChild.textContent,
            [...tr.querySelectorAll('th .sb-row-note')].map(s => s.textContent),
            [...tr.querySelectorAll('td')].map(td => td.querySelector('span')?.textContent ?? ''),
        ])"""
    )


@pytest.mark.parametrize("picks", [None, ["five9", "genesys-cloud", "talkdesk", "ujet"]])
def test_a_cause_shared_by_several_vendors_is_said_once_as_python_words_it(open_page, python_view, picks):
    visit = open_page("compare/" + ("#vendors=" + ",".join(picks) if picks else ""))
    view = python_view(picks)
    expected = [[r.label, list(r.notes), list(r.cell_notes)] for g in view.groups for r in g.rows]
    assert row_notes(visit.page) == expected
    said = [n for _, notes, _ in expected for n in notes]
    assert said and all(n.startswith("Unknown for ") for n in said)
    # one unknown style: every unknown cell keeps its hatched "? unknown", with or without a note
    assert visit.page.evaluate(
        """() => [...document.querySelectorAll('.sb-compare-table td.sb-unknown')].every(td =>
            td.firstChild.textContent === 'unknown' && getComputedStyle(td).backgroundImage.includes('gradient'))"""
    )
    visit.assert_clean()


# Page height on a phone (390 x 844) with the default picks: 25,587 px when every unknown cell
# repeated its explanation and each row's label was squeezed into a quarter of the width;
# 19,525 px with a shared cause said once per row and the label on a line of its own.
PHONE_HEIGHT_BUDGET = 20_500


def test_page_height_on_a_phone_stays_in_budget(open_page):
    visit = open_page("compare/", width=390)
    height = visit.page.evaluate("document.documentElement.scrollHeight")
    assert height <= PHONE_HEIGHT_BUDGET
    # the table fits the width: no sideways scrolling
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.assert_clean()


def test_a_tier_only_one_pick_has_reads_not_in_its_profile_for_the_others(open_page, python_view):
    """Five9's tier “Five9 services”: Talkdesk and Genesys have no tier of that name, so its rows read
    "not in its profile" for them (as Python words it), in a plain style: no unknown hatch, not red."""
    picks = ["five9", "talkdesk", "genesys-cloud"]
    visit = open_page("compare/#vendors=" + ",".join(picks))
    view = python_view(picks)
    (group,) = (g for g in view.groups if g.label == "Facts: SLA tier “Five9 services”")
    expected = [[r.label, [c.text for c in r.cells]] for r in group.rows]
    assert ["Measurement period", ["month", "not in its profile", "not in its profile"]] in expected
    shown_rows = visit.page.evaluate(
        """() => {
            const out = []; let inGroup = false;
            for (const tr of document.querySelectorAll('.sb-compare-table tbody tr')) {
                if (tr.classList.contains('sb-compare-group')) { inGroup = tr.textContent === 'Facts: SLA tier “Five9 services”'; continue; }
                if (inGroup) out.push([tr.querySelector('th').firstChild.textContent.trim(),
                    [...tr.querySelectorAll('td')].map(td => td.firstChild.textContent)]);
            }
            return out;
        }"""
    )
    assert shown_rows == expected
    styles = visit.page.evaluate(
        """() => [...document.querySelectorAll('.sb-compare-table td.sb-absent')].map(td => {
            const s = getComputedStyle(td);
            return [td.textContent, s.backgroundImage, s.fontStyle];
        })"""
    )
    absent = sum(c.absent for g in view.groups for r in g.rows for c in r.cells)
    assert len(styles) == absent > 20
    assert {tuple(s) for s in styles} == {("not in its profile", "none", "normal")}
    visit.assert_clean()
