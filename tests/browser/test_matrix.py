"""The scoring matrix in Chromium: re-ranking in the browser equals the Python engine's ranking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.scoring.score import score_vendors

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)  # the browser harness's SOURCE_DATE_EPOCH


def python_table(
    engine, persona: str, weights: dict[str, float] | None = None, musts: tuple[str, ...] | None = None
) -> dict[str, tuple[str, str]]:
    """vendor id -> (rank as the page shows it, total to one decimal), from score_vendors."""
    criteria, vendors = engine
    personas = []
    for p in criteria.personas:
        if p.id == persona:
            update = {}
            if weights is not None:
                update["weights"] = {**{k.id: 0.0 for k in criteria.criteria}, **weights}
            if musts is not None:
                update["must_haves"] = musts
            p = p.model_copy(update=update)
        personas.append(p)
    board = score_vendors(vendors, criteria.model_copy(update={"personas": tuple(personas)}), today=TODAY)
    ranks = [v.persona(persona).rank for v in board.vendors]
    out = {}
    for v in board.vendors:
        s = v.persona(persona)
        rank = "–" if s.rank is None else ("=" if ranks.count(s.rank) > 1 else "") + str(s.rank)
        out[v.id] = (rank, f"{s.total:.1f}")
    return out


def page_table(page) -> dict[str, tuple[str, str]]:
    return {
        k: tuple(v)
        for k, v in page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')].map(tr =>
            [tr.dataset.id, [tr.querySelector('.sb-rank').textContent, tr.querySelector('.sb-total').textContent]]))"""
        ).items()
    }


def order(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')].map(tr => tr.dataset.id)"
    )


WEIGHT_SETS = {
    "persona defaults": ("enterprise-24x7", None, None, ""),
    "one criterion only (ties)": (
        "enterprise-24x7",
        {"availability": 1.0},
        None,
        "&".join(
            ["w.availability=1"]
            + [
                f"w.{c}=0"
                for c in (
                    "effective-availability",
                    "planned-downtime",
                    "other-tenant-updates",
                    "own-tenant-updates",
                    "zero-downtime-updates",
                    "maintenance-notice",
                    "critical-24x7",
                    "critical-response",
                    "sla-commitment",
                    "measurement-period",
                    "service-credit",
                    "claim-window",
                    "sole-remedy",
                    "account-manager",
                    "log4j",
                    "recovery-time",
                    "certifications",
                    "breach-notification",
                    "termination-fee",
                    "data-deletion",
                    "price",
                )
            ]
        ),
    ),
    "regulated, price weighs 10": ("regulated", "price=10", None, "w.price=10"),
    "small team with two must-haves": (
        "small-business-hours",
        None,
        ("critical-24x7", "dpa"),
        "must=critical-24x7,dpa",
    ),
}


@pytest.mark.parametrize("name", WEIGHT_SETS)
def test_browser_ranking_equals_python_for_weights_in_the_url(open_page, engine, name):
    persona, weights, musts, extra = WEIGHT_SETS[name]
    criteria, _ = engine
    if weights == "price=10":
        weights = {**criteria.persona(persona).weights, "price": 10.0}
    visit = open_page(f"matrix/#persona={persona}" + (f"&{extra}" if extra else ""))
    assert page_table(visit.page) == python_table(engine, persona, weights, musts)
    visit.assert_clean()


def test_sliders_from_the_keyboard_rerank_like_python(open_page, engine):
    criteria, _ = engine
    visit = open_page("matrix/")
    page = visit.page
    page.locator(".sb-weights summary").click()
    slider = page.locator("#w-price")
    slider.focus()
    for _ in range(16):  # 2 -> 10 in steps of 0.5
        page.keyboard.press("ArrowRight")
    assert page.locator("#w-price-out").text_content() == "10"
    weights = {**criteria.persona("enterprise-24x7").weights, "price": 10.0}
    assert page_table(page) == python_table(engine, "enterprise-24x7", weights)
    assert "w.price=10" in page.evaluate("() => location.hash")
    visit.assert_clean()


def test_persona_switch_and_must_have_toggle(open_page, engine):
    visit = open_page("matrix/")
    page = visit.page
    page.select_option("#sb-persona", "regulated")
    assert page_table(page) == python_table(engine, "regulated")
    assert page.locator(".sb-caption-persona").text_content() == "Regulated buyer (healthcare, finance)"
    page.locator(".sb-musts-box summary").click()
    page.locator("input[name=must][value=dpa]").uncheck()  # the persona requires dpa and eu-residency
    assert page_table(page) == python_table(engine, "regulated", musts=("eu-residency",))
    visit.assert_clean()


def test_rows_follow_the_python_order_within_a_shared_rank(open_page, engine):
    # Small business: Zoom and NICE share rank 5; Zoom raises no red flag, NICE a low one, so Zoom
    # goes first although "nice-cxone" sorts before "zoom-contact-center".
    criteria, vendors = engine
    board = score_vendors(vendors, criteria, today=TODAY)
    for persona in ("enterprise-24x7", "small-business-hours"):
        visit = open_page(f"matrix/#persona={persona}")
        ranking = board.ranking(persona)
        assert order(visit.page) == [*ranking.ranked, *ranking.excluded]
    ranked = board.ranking("small-business-hours").ranked
    assert ranked.index("zoom-contact-center") < ranked.index("nice-cxone")
    visit.assert_clean()


def test_a_ticked_must_have_excludes_the_vendors_failing_it(open_page, engine):
    # Genesys's 100% is only an objective and Zoom's SLA figure is not on record as 99.99%: both fail
    # "SLA of at least 99.99%"; excluded vendors go last, in id order.
    visit = open_page("matrix/#persona=enterprise-24x7&must=critical-24x7,sla-99-99")
    row = visit.page.locator('tr[data-id="genesys-cloud"]')
    assert row.locator(".sb-rank").text_content() == "–"
    assert "excluded: fails SLA of at least 99.99%" in row.text_content()
    assert order(visit.page)[-2:] == ["genesys-cloud", "zoom-contact-center"]


def test_a_must_have_with_an_unknown_fact_is_marked_on_the_row(open_page, engine):
    criteria, vendors = engine
    board = score_vendors(vendors, criteria, today=TODAY)
    unknown = [
        v.id
        for v in board.vendors
        if {m.id: m.status for m in v.must_haves}.get("eu-residency") == "unconfirmed"
    ]
    assert unknown, "the sample data should leave EU residency unknown for some vendor"
    musts = ("critical-24x7", "eu-residency")  # the persona's own plus the one ticked below
    status = {v.id: {m.id: m.status for m in v.must_haves} for v in board.vendors}
    failed = {v for v, s in status.items() if any(s[m] == "fail" for m in musts)}
    open_ = {v for v, s in status.items() if v not in failed and any(s[m] == "unconfirmed" for m in musts)}
    visit = open_page("matrix/")
    page = visit.page
    page.locator(".sb-musts-box summary").click()
    page.locator("input[name=must][value=eu-residency]").check()
    notes = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.sb-matrix-table tbody tr[data-id]')]
        .map(tr => [tr.dataset.id, tr.querySelector('.sb-unconfirmed').textContent]))""")
    assert {v for v, text in notes.items() if text} == open_
    for vid in set(unknown) - failed:
        assert "unconfirmed: " in notes[vid] and "Customer data can be kept in the EU" in notes[vid], vid
    assert (
        page.locator("#sb-status")
        .text_content()
        .endswith(  # after the leader line
            f"Ranked for Large 24/7 enterprise contact center: {len(status) - len(failed)} ranked, {len(failed)} "
            f"excluded, {len(open_)} with a must-have unconfirmed (its fact is unknown)."
        )
    )
    visit.assert_clean()


def test_sorting_by_click_and_keyboard(open_page, engine):
    visit = open_page("matrix/")
    page = visit.page
    header = page.locator("button.sb-sort[data-key=coverage]")
    header.click()
    coverage = page.evaluate(
        "() => [...document.querySelectorAll('.sb-matrix-table tbody tr .sb-col-coverage')].map(td => parseInt(td.textContent))"
    )
    assert coverage == sorted(coverage, reverse=True)
    assert header.locator("xpath=..").get_attribute("aria-sort") == "descending"
    header.focus()
    page.keyboard.press("Enter")
    assert header.locator("xpath=..").get_attribute("aria-sort") == "ascending"
    visit.page.locator("button.sb-sort[data-key=rank]").focus()
    page.keyboard.press("Enter")
    ranks = python_table(engine, "enterprise-24x7")
    expected = sorted(
        ranks,
        key=lambda v: (ranks[v][0] == "–", int(ranks[v][0].lstrip("=")) if ranks[v][0] != "–" else 0, v),
    )
    assert order(page) == expected
    visit.assert_clean()


def test_all_weights_zero_says_so(open_page):
    hash_ = "&".join(
        f"w.{c}=0"
        for c in (
            "availability",
            "effective-availability",
            "planned-downtime",
            "other-tenant-updates",
            "own-tenant-updates",
            "zero-downtime-updates",
            "maintenance-notice",
            "critical-24x7",
            "critical-response",
            "sla-commitment",
            "measurement-period",
            "service-credit",
            "claim-window",
            "sole-remedy",
            "account-manager",
            "log4j",
            "recovery-time",
            "certifications",
            "breach-notification",
            "termination-fee",
            "data-deletion",
            "price",
        )
    )
    visit = open_page("matrix/#persona=enterprise-24x7&" + hash_)
    assert "Every weight is 0" in visit.page.locator("#sb-status").text_content()
    assert set(t[0] for t in page_table(visit.page).values()) == {"–"}
    visit.assert_clean()


def test_filters_and_an_opened_category(open_page):
    visit = open_page("matrix/")
    page = visit.page
    page.select_option("#sb-flag-filter", "any")  # Amazon Connect raises no red flag
    assert page.locator('tr[data-id="amazon-connect"]').is_hidden()
    assert page.locator('tr[data-id="genesys-cloud"]').is_visible()
    assert page.locator("td.sb-cell").count() == 0  # no criterion cell before a category is opened
    page.locator("button.sb-expand[data-cat=support]").click()
    assert page.locator("button.sb-expand[data-cat=support]").get_attribute("aria-expanded") == "true"
    # the support category's three criteria, each weighted by the enterprise persona, one cell per vendor
    assert page.locator("th.sb-crit[data-cat=support]:visible").count() == 3
    assert page.locator('tr[data-id="genesys-cloud"] td.sb-cell[data-cat=support]:visible').count() == 3
    assert "flags=any" in page.evaluate("() => location.hash") and "open=support" in page.evaluate(
        "() => location.hash"
    )
    page.locator("button.sb-expand[data-cat=support]").click()
    assert page.locator("td.sb-cell:visible").count() == 0 and "open=" not in page.evaluate(
        "() => location.hash"
    )
    visit.assert_clean()


def test_the_leaderboard_updates_within_a_frame_of_a_slider_input_and_matches_python(open_page, engine):
    criteria, vendors = engine
    visit = open_page("matrix/")
    page = visit.page
    page.locator(".sb-weights summary").click()
    board = page.evaluate(
        """() => new Promise(done => {
            const slider = document.getElementById("w-price");
            slider.value = "10";
            slider.dispatchEvent(new Event("input", {bubbles: true}));
            requestAnimationFrame(() => done({
                lead: document.getElementById("sb-leader").textContent,
                rows: [...document.querySelectorAll("#sb-leaderboard li")].map(li =>
                    [li.dataset.id, li.querySelector(".sb-rank").textContent, li.querySelector(".sb-total").textContent]),
            }));
        })"""
    )
    weights = {**criteria.persona("enterprise-24x7").weights, "price": 10.0}
    expected = python_table(engine, "enterprise-24x7", weights)
    ranked = sorted(
        (v for v in expected if expected[v][0] != "–"), key=lambda v: (int(expected[v][0].lstrip("=")), v)
    )
    assert board["rows"] == [[v, *expected[v]] for v in ranked[:5]]
    names = {v.id: v.name for v in vendors}
    first = [v for v in ranked if expected[v][0] in ("1", "=1")]
    if len(first) == 1:
        assert board["lead"].startswith(f"Leader: {names[first[0]]} at {expected[first[0]][1]}, ")
    else:
        assert board["lead"].startswith("Tied first at ")
    assert page.locator("#sb-status").text_content().startswith(board["lead"])
    assert page.locator(".sb-board").is_visible()
    visit.assert_clean()


def test_the_home_pages_weight_claims_are_reachable_and_give_a_strict_new_leader(open_page, engine):
    visit = open_page("")
    claims = visit.page.evaluate(
        """() => [...document.querySelectorAll(".sb-pick-fragile")].map(p =>
            [p.textContent, p.querySelector("a").getAttribute("href")])"""
    )
    assert claims, "no weight claim on the home page to check"
    _, vendors = engine
    for text, href in claims:
        persona = href.split("persona=")[1].split("&")[0]
        criterion, weight = href.split("&w.")[1].split("=")
        assert float(weight) * 2 == int(float(weight) * 2) and 0 <= float(weight) <= 10  # a slider step
        criteria, _ = engine
        weights = {**criteria.persona(persona).weights, criterion: float(weight)}
        table = python_table(engine, persona, weights)
        (leader,) = [v for v, (rank, _) in table.items() if rank == "1"]  # strictly first, no "=1"
        assert f"makes {next(v.name for v in vendors if v.id == leader)} the top pick" in text
        page = open_page(href).page
        assert page.locator(".sb-matrix-table tbody tr").first.get_attribute("data-id") == leader
        assert page.locator(".sb-matrix-table tbody tr .sb-rank").first.text_content() == "1"
    visit.assert_clean()


def test_coverage_choices_come_from_the_data_and_an_empty_table_says_so(open_page, engine):
    criteria, vendors = engine
    board = score_vendors(vendors, criteria, today=TODAY)
    best = max(p.coverage for v in board.vendors for p in v.personas)
    visit = open_page("matrix/#cov=1")
    page = visit.page
    values = page.evaluate(
        "() => [...document.querySelectorAll('#sb-coverage-filter option')].map(o => Number(o.value))"
    )
    assert values[0] == 0 and len(values) > 1 and all(v <= best for v in values)
    assert page.locator(".sb-matrix-table tbody tr[data-id]:visible").count() == 0
    assert page.locator(".sb-no-match").is_visible()
    page.locator(".sb-clear-filters").click()
    assert page.locator(".sb-no-match").is_hidden()
    assert page.locator(".sb-matrix-table tbody tr[data-id]:visible").count() == len(vendors)
    visit.assert_clean()
