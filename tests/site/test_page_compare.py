"""The compare page without a browser: rows from the model and scoring.yaml, differences, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

from site_builder.data.model import Vendor
from site_builder.site.pages.compare import Cell, compare_view, fact_words, pages, shared_notes
from site_builder.site.render import RenderContext, make_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def vendor(vid: str, name: str, availability: float, notice: str | None = None) -> Vendor:
    sla = {"source": "s", "tiers": [{"name": "Std", "availability_pct": availability}]}
    if notice:
        sla["change_notice"] = notice
    return Vendor.model_validate(
        {
            "id": vid,
            "name": name,
            "products": ["X"],
            "website": f"https://{vid}.example.com",
            "last_reviewed": "2026-10-01",
            "sources": [
                {"id": "s", "title": f"{name} terms", "kind": "public_terms", "retrieved": "2026-10-01"}
            ],
            "sla": sla,
        }
    )


def ctx() -> RenderContext:
    return RenderContext(make_env(TEMPLATES), directory_urls=True)


def rows(view) -> dict[str, tuple]:
    return {
        f"{g.label} / {r.label}": (tuple(c.text for c in r.cells), r.differs)
        for g in view.groups
        for r in g.rows
    }


def test_side_by_side_rows_and_differences(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9, "30d"), vendor("b", "B", 99.9)])
    view = compare_view(c, ctx(), ["a", "b"])
    table = rows(view)
    assert table["Facts: SLA tier “Std” / Availability (%)"] == (("99.9", "99.9"), False)
    assert table["Facts: SLA / Change notice"] == (("30 days", "unknown"), True)
    assert table["Availability and SLA / Committed availability"] == (
        ("99.9% (score 60)", "99.9% (score 60)"),
        False,
    )
    cell = view.picked[0].cells["fact:SLA › Change notice"]
    # a fact cites its source by number; the vendor's sources are written out once, under the table
    assert cell.note == "source 1" and view.picked[0].sources == ("A terms (public terms, 2026-10-01)",)
    (page,) = pages(c, ctx())
    assert "<li>A terms (public terms, 2026-10-01)</li>" in page.content
    assert "Facts: Pricing / Currency" not in table  # a fact neither vendor records is left out
    assert view.differing == sum(d for _, d in table.values())


def test_default_picks_are_the_first_personas_top_three(comparison_of):
    c = comparison_of(
        [vendor("a", "A", 99.0), vendor("b", "B", 99.99), vendor("c", "C", 99.9), vendor("d", "D", 99.5)]
    )
    assert [col.id for col in compare_view(c, ctx()).picked] == ["b", "c", "d"]


def test_hostile_text_is_escaped_in_table_and_data(comparison_of):
    c = comparison_of([vendor("evil", "<img src=x onerror=alert(1)>", 99.9), vendor("b", "B", 99.9)])
    (page,) = pages(c, ctx())
    assert "<img src=x" not in page.content and "&lt;img src=x onerror=alert(1)&gt;" in page.content
    data = json.loads(re.search(r'id="sb-compare-data">(.*?)</script>', page.content).group(1))
    assert data["vendors"]["evil"]["name"] == "<img src=x onerror=alert(1)>"  # data, set with textContent
    assert data["max"] == 4


def test_the_data_block_holds_each_text_once_and_decodes_to_the_same_cells(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9, "30d"), vendor("b", "B", 99.9)])
    view = compare_view(c, ctx(), ["a", "b"])
    data = view.data
    # the same availability text for both vendors, and the same unknown note, are stored once
    assert data["strings"].count("99.9% (score 60)") == 1 and data["strings"][0] == ""
    assert len(data["strings"]) == len(set(data["strings"]))
    for col in view.picked:
        flat = data["vendors"][col.id]["cells"]
        # four integers per cell: row, text, state (0 unknown, 1 known, 2 known-bad), note
        decoded = {
            tuple(data["rows"][flat[i]][:2]): (
                data["strings"][flat[i + 1]],
                flat[i + 2],
                data["strings"][flat[i + 3]],
            )
            for i in range(0, len(flat), 4)
        }
        expected = {
            (g.label, r.label): (cell.text, 2 if cell.bad else int(cell.known), cell.note)
            for g in view.groups
            for r in g.rows
            for cell in r.cells[view.picked.index(col) : view.picked.index(col) + 1]
            if not (cell.text == "unknown" and cell.note == "" and not cell.known)
            and not cell.absent  # a fact it does not record
        }
        assert decoded == expected
    assert data["rows"][0] == ["Scores", "Large 24/7 enterprise contact center: score (range), rank", 0]
    assert ["Facts: SLA", "Change notice", 1] in data["rows"]
    assert [data["strings"][i] for i in data["vendors"]["a"]["sources"]] == [
        "A terms (public terms, 2026-10-01)"
    ]
    assert (
        view.status
        == f"Comparing 2 vendors: {view.differing} of {sum(len(g.rows) for g in view.groups)} rows differ."
    )


def test_an_unknown_shared_by_several_vendors_is_explained_once_for_the_row():
    gone = Cell("unknown", False, "Unknown: RTO is not stated in the Recovery section.")
    other = Cell("unknown", False, "Unknown: the credit table is not known.")
    known = Cell("4 hours (score 80)", True, "")
    names = ["Five9", "Talkdesk", "UJET", "Zoom"]
    # two of four share a cause: said once, naming them; the odd one keeps its own note in its cell
    assert shared_notes((gone, known, gone, other), names) == (
        ("Unknown for Five9 and UJET: RTO is not stated in the Recovery section.",),
        ("", "", "", "Unknown: the credit table is not known."),
    )
    assert shared_notes((gone, gone, gone, known), names) == (
        ("Unknown for Five9, Talkdesk and UJET: RTO is not stated in the Recovery section.",),
        ("", "", "", ""),
    )
    assert shared_notes((gone, gone), names[:2]) == (
        ("Unknown for both: RTO is not stated in the Recovery section.",),
        ("", ""),
    )
    assert shared_notes((gone, other, known), names[:3]) == (
        (),
        (gone.note, other.note, ""),
    )  # no cause shared
    # a known-bad cell is not an unknown: its note stays in its cell
    bad = Cell(
        "none (only an objective)", True, "Unknown: RTO is not stated in the Recovery section.", bad=True
    )
    assert shared_notes((gone, bad), names[:2]) == ((), (gone.note, bad.note))


def test_the_page_says_a_shared_cause_once_and_keeps_the_unknown_mark_in_each_cell(comparison_of):
    c = comparison_of([vendor("a", "A", 99.9), vendor("b", "B", 99.9), vendor("c", "C", 99.5)])
    view = compare_view(c, ctx(), ["a", "b", "c"])
    (row,) = (r for g in view.groups for r in g.rows if r.label == "Named account manager")
    assert row.notes == ("Unknown for all 3: Named account manager is not stated in the Support section.",)
    assert [cell.text for cell in row.cells] == ["unknown"] * 3 and row.cell_notes == ("", "", "")
    html = pages(c, ctx())[0].content
    line = next(x for x in html.splitlines() if '<th scope="row">Named account manager' in x)
    assert line.count("Named account manager is not stated in the Support section.") == 1
    assert line.count('<td class="sb-unknown">unknown</td>') == 3


def test_a_fact_row_reads_as_words_under_its_section_or_its_named_item():
    assert fact_words("SLA › Tiers “Five9 services” › Components “VCC Voice” › Credits #2 › Credit (%)") == (
        "SLA tier “Five9 services”",
        "Component “VCC Voice”, credit 2: credit (%)",
    )
    assert fact_words("SLA › Tiers “Five9 services” › Credits #1 › Below (%)") == (
        "SLA tier “Five9 services”",
        "Credit 1: below (%)",
    )
    assert fact_words("Support › Programmes “Premier” › Severities #P1 › Hours › Start") == (
        "Support programme “Premier”",
        "Severity P1, hours: start",
    )
    assert fact_words("Exit › Retention #3 › Period") == ("Exit", "Retention 3: period")
    assert fact_words("SLA › Change notice") == ("SLA", "Change notice")
    assert fact_words("Recovery › RTO") == ("Recovery", "RTO")


def test_a_tier_only_one_vendor_has_is_not_in_the_others_profile(comparison_of):
    gold = vendor("a", "A", 99.99)
    gold = gold.model_copy(
        update={
            "sla": gold.sla.model_copy(
                update={"tiers": (*gold.sla.tiers, gold.sla.tiers[0].model_copy(update={"name": "Gold"}))}
            )
        }
    )
    c = comparison_of([gold, vendor("b", "B", 99.9)])
    view = compare_view(c, ctx(), ["a", "b"])
    table = rows(view)
    assert table["Facts: SLA tier “Gold” / Availability (%)"] == (("99.99", "not in its profile"), True)
    assert "Facts: SLA tier “Gold” / Name" not in table  # the name is the group's heading
    (row,) = (r for g in view.groups if g.label == "Facts: SLA tier “Gold”" for r in g.rows)
    assert [(cell.known, cell.absent) for cell in row.cells] == [(True, False), (False, True)]
    html = pages(c, ctx())[0].content
    assert '<td class="sb-absent">not in its profile</td>' in html
    data = view.data
    row_index = data["rows"].index(["Facts: SLA tier “Gold”", "Availability (%)", 2])
    assert [data["strings"][i] for i in data["vendors"]["a"]["items"]] == [
        "Facts: SLA tier “Gold”",
        "Facts: SLA tier “Std”",
    ]
    assert [data["strings"][i] for i in data["vendors"]["b"]["items"]] == ["Facts: SLA tier “Std”"]
    assert data["strings"][1] == "not in its profile"
    assert row_index not in data["vendors"]["b"]["cells"][::4]
