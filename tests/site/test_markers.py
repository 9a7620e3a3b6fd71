"""Live-data markers in hand-written pages: exact problems, exact expansions, and a real build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.data.model import Vendor
from site_builder.site.markers import Expander, check_page, check_pages
from site_builder.site.render import RenderContext, make_env

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
GUIDE_IDS = ["planned-downtime", "sla-claims"]


def vendor(vid: str, name: str, availability: float | None, hours: str | None = None) -> Vendor:
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
    if hours is not None:
        data["downtime"] = {
            "source": "s",
            "planned_windows": [{"count": 1, "per": "quarter", "duration": hours}],
        }
    return Vendor.model_validate(data)


def problems(text: str) -> list[str]:
    return [str(p) for p in check_page(text, "docs/guide/x.md", GUIDE_IDS)[1]]


def test_every_kind_of_mistake_is_one_placed_line():
    text = "\n".join(
        [
            "# Title",
            "<!-- vendors:tabel availability_pct -->",
            "<!-- vendors:table availabilty_pct -->",
            "<!-- vendors:table availability_pct sort=claim_window_h -->",
            "<!-- vendors:table availability_pct order=up -->",
            "<!-- vendors:table availability_pct colour=red -->",
            "<!-- vendors:list availability_pct at_least=high -->",
            "<!-- vendors:list availability_pct -->",
            "<!-- vendors:list sla.tier.commitment one_of=sla,bogus -->",
            "<!-- vendors:list maintenance_excluded above=3 -->",
            "<!-- vendors:criteria planned-downtim -->",
            "<!-- vendors:questions extra -->",
            "Text before <!-- vendors:questions -->",
            "<!-- vendors: -->",
        ]
    )
    assert problems(text) == [
        "docs/guide/x.md:2:1: error: vendors:tabel: unknown marker 'tabel'; did you mean 'table'?",
        "docs/guide/x.md:3:1: error: vendors:table: unknown metric 'availabilty_pct'; did you mean 'availability_pct'?",
        "docs/guide/x.md:4:1: error: vendors:table: sort metric 'claim_window_h' is not a column of this table",
        "docs/guide/x.md:5:1: error: vendors:table: order must be asc or desc (got 'up')",
        "docs/guide/x.md:6:1: error: vendors:table: unknown option of vendors:table 'colour'; expected one of: order, sort",
        "docs/guide/x.md:7:1: error: vendors:list: at_least needs a number (got 'high')",
        "docs/guide/x.md:8:1: error: vendors:list: vendors:list needs exactly one test: above, at_least, below, "
        "at_most, equals, one_of, includes_any",
        "docs/guide/x.md:9:1: error: vendors:list: 'bogus' is not a value of 'sla.tier.commitment'; expected one of: "
        "sla, slo, best_effort",
        "docs/guide/x.md:10:1: error: vendors:list: 'above' does not fit metric 'maintenance_excluded' (bool)",
        "docs/guide/x.md:11:1: error: vendors:criteria: unknown guide section 'planned-downtim'; did you mean "
        "'planned-downtime'?",
        "docs/guide/x.md:12:1: error: vendors:questions: vendors:questions takes no arguments (got 1)",
        "docs/guide/x.md:13:13: error: vendors:questions: a marker must be alone on its line",
        "docs/guide/x.md:14:1: error: vendors:: empty marker; expected one of: table, list, criteria, questions",
    ]


def test_what_was_meant_as_a_marker_but_would_be_skipped_is_an_error_too():
    text = "\n".join(
        [
            "# Title",
            "<!-- vendor:table availability_pct -->",
            "<!-- Vendors:list availability_pct at_least=99.99 -->",
            "<!-- VENDORS:criteria sla-claims -->",
            "<!-- vendors :table availability_pct -->",
            "<!-- vendors table availability_pct -->",
            "<!-- vendors:table availability_pct",
            "     sort=availability_pct -->",
            "<!--",
            "vendors:questions",
            "-->",
            "<!-- vendors:table availability_pct availability_pct order=asc order=desc -->",
            "  <!-- vendors:table planned_downtime_quarter_h",
            "the rest of the page",
        ]
    )
    assert problems(text) == [
        "docs/guide/x.md:2:1: error: vendor:table: unknown marker prefix 'vendor:'; did you mean 'vendors:'?",
        "docs/guide/x.md:3:1: error: Vendors:list: unknown marker prefix 'Vendors:'; did you mean 'vendors:'?",
        "docs/guide/x.md:4:1: error: VENDORS:criteria: unknown marker prefix 'VENDORS:'; did you mean 'vendors:'?",
        "docs/guide/x.md:5:1: error: vendors :table: unknown marker prefix 'vendors :'; did you mean 'vendors:'?",
        "docs/guide/x.md:6:1: error: vendors table: missing ':' after 'vendors'; did you mean 'vendors:table'?",
        "docs/guide/x.md:7:1: error: vendors:table: a marker must be on one line; this one is closed on line 8",
        "docs/guide/x.md:9:1: error: vendors:questions: a marker must be on one line; this one is closed on line 11",
        "docs/guide/x.md:12:1: error: vendors:table: option 'order' is given twice",
        "docs/guide/x.md:12:1: error: vendors:table: 'availability_pct' is a column twice",
        "docs/guide/x.md:13:3: error: vendors:table: marker is not closed: '-->' is missing, so the rest of the "
        "page would be hidden",
    ]


def test_a_marker_without_spaces_is_a_marker_and_ordinary_comments_are_not():
    text = (
        "<!--vendors:table availability_pct-->\n<!-- vendor: notes for reviewers -->\n<!-- TODO: check -->\n"
        "<!--\nA comment over\nthree lines -->\n<!-- vendors are listed below -->\n"
    )
    markers, found = check_page(text, "x.md", GUIDE_IDS)
    assert found == [] and [(m.line, m.kind, m.args) for m in markers] == [
        (1, "table", ("availability_pct",))
    ]


def test_editorial_comments_that_start_like_a_marker_are_not_errors():
    text = (
        "<!-- vendor questions go to procurement -->\n<!-- vendor list: keep it alphabetical -->\n"
        "<!-- Vendors table below is generated -->\n<!-- vendors criteria are linked below -->\n"
    )
    assert check_page(text, "x.md", GUIDE_IDS) == ([], [])


def test_a_marker_inside_a_comment_left_open_is_reported_not_hidden():
    text = "Intro\n<!-- TODO: reword this\n\n<!-- vendors:table availability_pct -->\nThe rest\n"
    assert problems(text) == [
        "docs/guide/x.md:4:1: error: vendors:table: the comment opened on line 2 is not closed before this marker, "
        "so the marker would be hidden",
    ]


def test_markers_in_inline_code_are_left_alone_and_columns_stay_right():
    text = "Write `<!-- vendors:table x -->` or ``<!-- vendor:list -->`` alone on a line. <!-- vendors:questions -->"
    assert problems(text) == [
        "docs/guide/x.md:1:79: error: vendors:questions: a marker must be alone on its line"
    ]


def test_markers_in_fenced_code_and_other_comments_are_left_alone():
    text = "```\n<!-- vendors:bogus -->\n```\n~~~md\n<!-- vendors:tabel -->\n~~~\n<!-- a comment -->\n"
    assert problems(text) == []
    assert check_page(text, "x.md", GUIDE_IDS)[0] == []


def test_check_pages_collects_every_page_sorted():
    report = check_pages([("b.md", "<!-- vendors:x -->"), ("a.md", "<!-- vendors:y -->")], GUIDE_IDS)
    assert [p.file for p in report.problems] == ["a.md", "b.md"]
    assert report.failed()


@pytest.fixture
def expander(comparison_of):
    vendors = [
        vendor("alpha", "Alpha", 99.99, "8h"),
        vendor("beta", "Beta", 99.9, "2h"),
        vendor("gamma", "Gamma", None),
        vendor("delta", "Delta", 99.99, "8h"),
    ]
    return Expander(comparison_of(vendors), RenderContext(make_env(TEMPLATES), directory_urls=True))


def rows(html: str) -> list[str]:
    """Each table row as 'name: cell | cell' (tags stripped)."""
    import re

    out = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.split(r"</t[hd]>", row) if c]
        out.append(cells[0] + ": " + " | ".join(cells[1:]))
    return out


def test_table_sorts_by_the_sort_metric_unknowns_last_names_break_ties(expander):
    page = "# G\n<!-- vendors:table availability_pct planned_downtime_quarter_h order=desc -->\nafter\n"
    html = expander.expand(page, "guide/planned-downtime.md")
    assert rows(html) == [
        "Alpha: 99.99% | 8 h",
        "Delta: 99.99% | 8 h",
        "Beta: 99.9% | 2 h",
        "Gamma: unknown | unknown",
    ]
    assert '<a href="../../vendors/alpha/">Alpha</a>' in html
    assert "for 4 vendors (live data, built 2026-11-01)" in html
    assert html.startswith("# G\n") and html.endswith("after\n")
    ascending = expander.expand("<!-- vendors:table planned_downtime_quarter_h -->\n", "guide/x.md")
    assert [r.split(":")[0] for r in rows(ascending)] == ["Beta", "Alpha", "Delta", "Gamma"]


def test_list_names_vendors_meeting_the_condition_and_the_unknowns(expander):
    html = expander.expand("<!-- vendors:list availability_pct at_least=99.99 -->\n", "guide/sla.md")
    text = " ".join(html.split())
    assert (
        "<strong>Committed availability (best tier) at least 99.99%</strong> (live data, 4 vendors):" in text
    )
    assert 'Alpha</a> (99.99%), <a href="../../vendors/delta/">Delta</a> (99.99%). Unknown for 1: ' in text
    assert ">Gamma</a>." in text and ">Beta<" not in text


def test_criteria_lists_what_a_guide_section_explains_with_methodology_anchors(expander):
    html = expander.expand("<!-- vendors:criteria sla-claims -->\n", "guide/sla.md")
    assert (
        '<li>Criterion: <a href="../../methodology/#criterion-claim-window">Time to claim a credit</a></li>'
        in html
    )
    assert "red-flag-short-claim-window" not in html  # the monitoring chapter explains that one
    html = expander.expand("<!-- vendors:criteria monitoring-claims -->\n", "guide/monitoring.md")
    assert (
        '<li>Red flag: <a href="../../methodology/#red-flag-short-claim-window">Time to claim a credit at most '
        "24 h</a></li>"
    ) in html  # (the rule in words: its message needs a value)
    html = expander.expand("<!-- vendors:criteria exit-relationship -->\n", "guide/exit-plan.md")
    assert (
        '#red-flag-no-account-manager">No named account manager</a></li>' in html
    )  # the message reads alone


def test_a_broken_marker_in_docs_fails_the_build_with_its_line(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", f"{ROOT}/"))
    page = project / "docs" / "about.md"
    page.write_text(
        page.read_text() + "\n<!-- vendors:list availability_pct at_least=99.9 -->\n"
        "<!-- vendors:table availabilty_pct -->\n"
    )
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "docs/about.md:6:1: error: vendors:table: unknown metric 'availabilty_pct'; did you mean 'availability_pct'?"
    )
    page.write_text(page.read_text().replace("<!-- vendors:table availabilty_pct -->\n", ""))
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    html = (project / "site" / "about" / "index.html").read_text()
    assert "Alpha Contact</a> (99.99%)." in html


def test_questions_list_every_question_of_the_model_or_one_section(expander):
    from site_builder.data.questions import all_questions

    html = expander.expand("<!-- vendors:questions -->\n", "guide/before-you-sign.md")
    assert html.count("<li>") == len(all_questions()) == 114
    assert (
        "<h3>SLA</h3>" in html
        and "<li>Within how many hours will you notify us of a security breach?</li>" in html
    )
    one = expander.expand("<!-- vendors:questions section=log4j -->\n", "guide/true-cloud.md")
    assert one.count("<li>") == 5
    assert problems("<!-- vendors:questions section=log4 -->") == [
        "docs/guide/x.md:1:1: error: vendors:questions: unknown section 'log4'; did you mean 'log4j'?"
    ]
