"""The matrix page without a browser: ranked rows, ties, unknown cells, the data for matrix.js, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

from site_builder.data.model import Vendor
from site_builder.site.pages.matrix import matrix_view, pages
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
    cell = next(x for x in view.rows[2].cells if x.criterion == "availability")
    # an unknown never shows a number, only the word (the "?" mark comes from the shared style)
    assert (cell.known, cell.value, cell.score, cell.bad) == (False, "unknown", "", False)
    assert cell.title == "Committed availability: unknown; scored as the worst case until it is known"
    known = next(x for x in view.rows[0].cells if x.criterion == "availability")
    assert (known.value, known.score, known.band) == ("99.9%", "60", 3)


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
    assert a["score"][0] == 60 and a["known"][0] == 1 and a["worst"][1] == 0 and a["best"][1] == 100
    enterprise = data["personas"][0]
    assert (
        enterprise["id"] == "enterprise-24x7"
        and enterprise["weights"][0] == 10
        and enterprise["mustHaves"] == ["critical-24x7"]
    )
    assert a["must"]["critical-24x7"] == "unconfirmed"


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
    rows = {r.id: r for r in matrix_view(c, ctx()).rows}
    only_objective = next(x for x in rows["o"].cells if x.criterion == "availability")
    assert (only_objective.known, only_objective.bad, only_objective.value) == (
        False,
        True,
        "none (only an objective)",
    )
    no_24x7 = next(x for x in rows["n"].cells if x.criterion == "critical-24x7")
    assert (no_24x7.known, no_24x7.bad, no_24x7.value, no_24x7.score) == (True, True, "no", "0")
    (page,) = pages(c, ctx())
    row = re.search(r'<tr data-id="u">.*?</tr>', page.content, re.S).group(0)
    unknown_cells = re.findall(r'<td class="sb-cell sb-unknown"[^>]*>(.*?)</td>', row)
    assert unknown_cells and set(unknown_cells) == {"unknown"}
    row = re.search(r'<tr data-id="o">.*?</tr>', page.content, re.S).group(0)
    assert (
        '<td class="sb-cell sb-bad" data-cat="availability" title="Committed availability: none (only an objective); scores as the worst case"><span class="sb-val">none (only an objective)</span></td>'
        in row
    )
