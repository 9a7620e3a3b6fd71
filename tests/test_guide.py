"""The buying guide: every link and anchor of the built site resolves, criteria and chapters link both
ways, the downtime arithmetic is right, and no sentence is copied from a seed document."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.scoring.criteria import load_criteria

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
SEEDS = ROOT.parent / "shared" / "seeds"
pytestmark = pytest.mark.slow


class Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("guide") / "project"
    project.mkdir()
    for name in ("docs", "vendors", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "scoring.yaml"):
        shutil.copy(ROOT / name, project / name)
    mp = pytest.MonkeyPatch()
    mp.chdir(project)
    mp.setenv("SOURCE_DATE_EPOCH", "1795305600")
    result = CliRunner().invoke(cli, ["build", "--strict"])
    mp.undo()
    assert result.exit_code == 0, result.output
    return project / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Links]:
    return {
        p.relative_to(site).as_posix(): Links(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")
    }


def test_every_internal_link_and_anchor_of_the_site_resolves(site, pages):
    broken = []
    for page, links in pages.items():
        if page == "404.html":
            continue  # links from the server root, by design (the page is served at any path)
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (site / page).parent / unquote(parts.path) if parts.path else site / page
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            target = target.resolve()
            if not target.exists():
                broken.append(f"{page}: {href} (no file)")
                continue
            rel = target.relative_to(site.resolve()).as_posix()
            state = rel in ("matrix/index.html", "compare/index.html")  # their fragments are state
            if (
                parts.fragment
                and rel in pages
                and unquote(parts.fragment) not in pages[rel].ids
                and not state
            ):
                broken.append(f"{page}: {href} (no anchor)")
    assert broken == []


def test_guide_sections_exist_and_criteria_link_both_ways(pages):
    criteria = load_criteria(ROOT / "scoring.yaml")
    for section in criteria.guide_sections:
        html_page = section.page.removesuffix(".md") + "/index.html"
        assert section.anchor in pages[html_page].ids, section.link
    method = pages["methodology/index.html"]
    guide_hrefs = "\n".join(h for p, links in pages.items() if p.startswith("guide/") for h in links.hrefs)
    for kind, items in (
        ("criterion", criteria.criteria),
        ("red-flag", criteria.red_flags),
        ("must-have", criteria.must_haves),
    ):
        for item in items:
            assert f"methodology/#{kind}-{item.id}" in guide_hrefs, (
                f"the guide never links to {kind} {item.id}"
            )
            assert f"{kind}-{item.id}" in method.ids
    method_links = "\n".join(method.hrefs)
    explained = {i.guide for i in (*criteria.criteria, *criteria.red_flags, *criteria.must_haves)}
    for section in criteria.guide_sections:
        if section.id in explained:
            assert (
                f"guide/{section.page.removeprefix('guide/').removesuffix('.md')}/#{section.anchor}"
                in method_links
            )
    # every chapter explains at least one criterion, must-have or red flag, and lists it with a marker
    chapters = sorted(p.name for p in GUIDE.glob("*.md") if p.name != "index.md")
    linked = {s.page.removeprefix("guide/") for s in criteria.guide_sections if s.id in explained}
    assert [c for c in chapters if c not in linked] == []
    for section in criteria.guide_sections:
        if section.id in explained:
            assert f"<!-- vendors:criteria {section.id} -->" in (ROOT / "docs" / section.page).read_text(), (
                section.id
            )


MINUTES = {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0, "days": 24 * 60.0}


def test_allowed_downtime_table_is_the_formula():
    """Each figure within rounding to three significant digits, in the unit a person would use."""
    text = (GUIDE / "sla.md").read_text()
    cell = r"([\d.]+) (seconds|minutes|hours|days)"
    rows = re.findall(rf"^\| ([\d.]+)% \| {cell} \| {cell} \|$", text, re.M)
    assert len(rows) == 6
    for pct, month, month_unit, year, year_unit in rows:
        down = 1 - float(pct) / 100
        assert float(month) * MINUTES[month_unit] == pytest.approx(30.44 * 24 * 60 * down, rel=0.02), pct
        assert float(year) * MINUTES[year_unit] == pytest.approx(365.24 * 24 * 60 * down, rel=0.006), pct


def _sentences(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9%]+", text.lower())
    return {" ".join(words[i : i + 12]) for i in range(len(words) - 11)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents (../shared/seeds) are not on this machine")
def test_no_twelve_word_run_is_copied_from_a_seed():
    seeds = set().union(
        *(_sentences(p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS.iterdir())
    )
    for chapter in GUIDE.glob("*.md"):
        assert _sentences(chapter.read_text()) & seeds == set(), chapter.name
