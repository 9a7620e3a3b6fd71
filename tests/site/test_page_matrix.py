"""The matrix page without a browser: ranked rows, ties, unknown cells, the data for matrix.js, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_builder.data.model import Vendor
from site_builder.site.pages.matrix import category_score, matrix_view, pages
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def vendor(vid: str, name: str, availability: float | None = None, always: bool | None = None) -> Vendor:
    data = {
        "id": vid,
        "name": name,
        "products": ["X"],
        "website": f"https://{vid}.example.com",
        "last_reviewed": "2026-10-01",
        "sources": [{"id": "s", "title": "Terms", "kind": "public_terms", "retrieved": "2026-10-01"}],
    }
    if availability is not None:
        data["sla"] = {"source": "s", "tiers": [{"name": "Std", "availability_pct": availability}]}
    if always is not None:
        data["support"] = {"source": "s", "hours": {"always": always}}
    return Vendor.model_validate(data)


def ctx() -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=True)


def test_rows_are_ranked_for_the_first_persona_with_ties_and_exclusions(comparison_of):
    c = comparison_of(
        [
            vendor("a", "A", 99.9),
            vendor("b", "B", 99.9),
            vendor("c", "C", 99.99, always=False),
            vendor("d", "D"),
        ]
    )
    view = matrix_view(c, ctx())
    assert view.persona == "enterprise-24x7"
    # A and B have the same facts: equal totals share rank 1; C fails the 24x7 must-have and goes last.
    assert [(r.id, r.rank) for r in view.rows] == [("a", "=1"), ("b", "=1"), ("d", "3"), ("c", "–")]
    assert view.rows[-1].excluded == "Critical incidents worked 24x7"
    # availability weighs 10 of the persona's 104: 99.9% scores 60, every other criterion is unknown (0) -> 5.8
    assert view.rows[0].total == "5.8" and view.rows[0].score_range.startswith("5.8–")
    # One cell per category, at the persona's weights: availability's seven criteria weigh 39 of which
    # committed availability 10; A's 99.9% scores 60, the six others are unknown (0): 600 / 39 = 15.4
    a = {x.category: x for x in view.rows[0].categories}
    assert (a["availability"].score, a["availability"].known, a["availability"].band) == (
        "15",
        "1 of 7 known",
        0,
    )
    # a category with no fact shows no number, only unknown; C's "no" for 24x7 is a fact: 0 of 100
    d = {x.category: x for x in view.rows[2].categories}
    assert (d["availability"].score, d["availability"].known) == ("", "0 of 7 known")
    c_support = next(x for x in view.rows[3].categories if x.category == "support")
    assert (c_support.score, c_support.known) == ("0", "1 of 3 known")
    # the status line is there before the script runs, as the script words it
    assert view.status == (
        "Tied first at 5.8: A, B. Ranked for Large 24/7 enterprise contact center: 3 ranked, 1 excluded, "
        "3 with a must-have unconfirmed (its fact is unknown)."
    )


def test_the_page_opens_on_categories_with_criteria_weighted_zero_left_out(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9, always=True)])
    view = matrix_view(c, ctx())
    # the enterprise persona weighs one criterion of "Exit and liability" (data deletion, 2 of the three)
    exit_cell = next(x for x in view.rows[0].categories if x.category == "exit")
    assert (exit_cell.known, exit_cell.hidden) == ("0 of 1 known", False)
    (page,) = pages(c, ctx())
    # category view: every criterion header starts hidden and no criterion cell is in the HTML
    headers = re.findall(r'<th scope="col" class="sb-crit"[^>]*>', page.content)
    assert len(headers) == 29 and all(h.endswith(" hidden>") for h in headers)
    assert "sb-cell" not in re.search(r"<tbody>.*?</tbody>", page.content, re.S).group(0)
    # the category score counts weighted criteria only: 24x7 "yes" (100, weight 8) and two unknowns
    # weighted 0 leave 100; none weighted at all: no score
    scores = [c.board.vendor("a").score(k) for k in ("critical-24x7", "critical-response", "account-manager")]
    assert category_score(scores, [8, 0, 0]) == (100.0, 1, 1)
    assert category_score(scores, [8, 6, 3]) == (800 / 17, 1, 3)
    assert category_score(scores, [0, 0, 0]) is None


def test_a_must_have_whose_fact_is_unknown_is_marked_unconfirmed_not_passed(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9), vendor("c", "C", 99.99, always=False), vendor("d", "D")])
    rows = {r.id: r for r in matrix_view(c, ctx()).rows}
    assert (rows["d"].unconfirmed, rows["d"].excluded) == ("Critical incidents worked 24x7", None)
    assert (rows["c"].unconfirmed, rows["c"].excluded) == (None, "Critical incidents worked 24x7")
    (page,) = pages(c, ctx())
    row = re.search(r'<tr data-id="d">.*?</th>', page.content, re.S).group(0)
    assert (
        '<span class="sb-unconfirmed"><span aria-hidden="true">? </span>unconfirmed: '
        "Critical incidents worked 24x7</span></th>"
    ) in row


def test_the_data_block_has_scores_in_column_order(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9)])
    (page,) = pages(c, ctx())
    block = re.search(
        r'<script type="application/json" id="sb-matrix-data">(.*?)</script>', page.content
    ).group(1)
    data = json.loads(block)
    columns = [x["id"] for x in data["criteria"]]
    assert columns[:2] == ["availability", "effective-availability"] and len(columns) == 29
    a = data["vendors"][0]
    # scores in column order (60 for 60.0), best cases, one state letter per criterion, the values
    # of the cells that are not plain unknown, one letter per must-have; no worst list: it equals s
    assert a["s"][:2] == [60, 0] and a["b"][:2] == [60, 100] and "w" not in a
    assert a["k"][:2] == "ku" and len(a["k"]) == 29 and a["v"] == ["99.9%"]
    enterprise = data["personas"][0]
    assert (
        enterprise["id"] == "enterprise-24x7"
        and enterprise["weights"][0] == 10
        and enterprise["mustHaves"] == ["critical-24x7"]
    )
    musts = [m["id"] for m in data["mustHaves"]]
    assert a["m"][musts.index("critical-24x7")] == "u" and data["severities"] == ["high", "medium", "low"]


def test_hostile_names_are_escaped_in_the_table_and_the_data(comparison_of):
    c = comparison_of([vendor("evil", "</script><script>alert(1)</script>", 99.9)])
    (page,) = pages(c, ctx())
    assert "<script>alert(1)" not in page.content
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page.content
    assert page.content.startswith("---\nsearch:\n  exclude: true\n")


def test_known_bad_cells_differ_from_unknown_ones(comparison_of):
    objective = vendor("o", "O", 99.99)
    objective = objective.model_copy(
        update={
            "sla": objective.sla.model_copy(
                update={"tiers": (objective.sla.tiers[0].model_copy(update={"commitment": "slo"}),)}
            )
        }
    )
    c = comparison_of([objective, vendor("n", "N", 99.9, always=False), vendor("u", "U")])
    data = matrix_view(c, ctx()).data
    vendors = {v["id"]: v for v in data["vendors"]}  # type: ignore[index]
    columns = [x["id"] for x in data["criteria"]]  # type: ignore[index]
    availability, always = columns.index("availability"), columns.index("critical-24x7")
    # only an objective: not known, but known to be bad (x); a "no": known and bad (b); unknown (u)
    assert vendors["o"]["k"][availability] == "x" and vendors["o"]["v"][0] == "none (only an objective)"
    assert vendors["n"]["k"][always] == "b" and "no" in vendors["n"]["v"]
    assert vendors["u"]["k"] == "u" * 29 and vendors["u"]["v"] == []
    (page,) = pages(c, ctx())
    row = re.search(r'<tr data-id="u">.*?</tr>', page.content, re.S).group(0)
    unknown_cells = re.findall(r'<td class="sb-cat-cell sb-unknown"[^>]*>(.*?)<span', row)
    assert len(unknown_cells) == 6 and set(unknown_cells) == {"unknown"}


def test_the_data_block_carries_each_personas_ranking_and_the_page_its_leaderboard(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9), vendor("b", "B", 99.9), vendor("c", "C", 99.99, always=False)])
    view = matrix_view(c, ctx())
    enterprise = view.data["personas"][0]  # type: ignore[index]
    # A and B tie at 600 / 104 (availability 60 of 10 weights); C fails the 24x7 must-have: no rank, last
    assert enterprise["r"] == [1, 1, None] and enterprise["o"] == [0, 1, 2]
    assert enterprise["t"][0] == pytest.approx(600 / 104) and enterprise["c"][0] == pytest.approx(10 / 104)
    assert "l" not in enterprise  # every worst case equals the total
    assert [(b.id, b.rank, b.total) for b in view.board] == [("a", "=1", "5.8"), ("b", "=1", "5.8")]
    assert view.leader == "Tied first at 5.8: A, B."
    assert view.columns == 4 + 6  # rank, score, known, flags and the six categories the persona weighs
    (page,) = pages(c, ctx())
    assert (
        '<li data-id="a"><span class="sb-rank">=1</span> A <strong class="sb-total">5.8</strong>'
        '<span class="sb-range"> (5.8–' in page.content
    )
