"""Real MkDocs builds of the fixture site: through our CLI and through `mkdocs build --strict`."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("site"))
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", f"{ROOT}/"))
    return target


def digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_cli_build_generates_vendor_pages(project, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    alpha = (project / "site" / "vendors" / "alpha" / "index.html").read_text()
    assert '<h1 id="alpha-contact">Alpha Contact' in alpha
    assert "99.99" in alpha and "Alpha service level agreement" in alpha
    index = (project / "site" / "vendors" / "index.html").read_text()
    assert '<a href="alpha/">Alpha Contact</a>' in index
    assert (project / "site" / "reference" / "vendor-format" / "index.html").exists()
    assert (project / "site" / "reference" / "commands" / "index.html").exists()


def test_generated_pages_reach_mkdocs_finished_and_search_reads_sentences(project, monkeypatch, caplog):
    monkeypatch.chdir(project)
    config = project / "mkdocs.yml"  # as the real mkdocs.yml: with strict, a missing anchor fails
    config.write_text(config.read_text() + "validation:\n  links:\n    anchors: warn\n")
    # A hand-written link to a heading of a generated page: strict checks the anchor exists.
    (project / "docs" / "about.md").write_text(
        "# About\n\nSee [how scoring works](methodology.md#how-scoring-works), [the SLA fields]"
        "(reference/vendor-format.md#sla) and [build](reference/commands.md#site-builder-build).\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    site = project / "site"
    methodology = (site / "methodology" / "index.html").read_text()
    assert (
        '<h2 id="how-scoring-works">How scoring works<a class="headerlink" href="#how-scoring-works" '
        'title="Permanent link">&para;</a></h2>'
    ) in methodology
    assert '<a href="#how-scoring-works" class="md-nav__link">' in methodology  # the page's contents
    assert (
        "<title>Alpha Contact - Fixture comparison</title>"
        in (site / "vendors" / "alpha" / "index.html").read_text()
    )
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    alpha = [d for d in docs if d["location"].startswith("vendors/alpha/")]
    assert [(d["location"], d["title"]) for d in alpha] == [("vendors/alpha/", "Alpha Contact")]
    assert alpha[0]["text"].startswith("<p>Alpha Contact: ")
    assert "Red flag, " in alpha[0]["text"] and " facts on record, last reviewed " in alpha[0]["text"]
    index = next(d for d in docs if d["location"] == "vendors/")
    assert index["text"].startswith("<p>Alpha Contact: ") and "Beta" in index["text"]
    # The pages themselves are unchanged by their search text.
    assert '<table class="sb-list sb-v-personas">' in (site / "vendors" / "alpha" / "index.html").read_text()
    # The reference pages reach MkDocs finished too, and their anchors are checked like any page's.
    (project / "docs" / "about.md").write_text("# About\n\n[x](reference/vendor-format.md#slas)\n")
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 1
    assert "the doc 'reference/vendor-format.md' does not contain an anchor '#slas'" in caplog.text


def test_generated_html_is_never_parsed_as_markdown_and_search_skips_vendor_tables(project, monkeypatch):
    """Markdown converts the hand-written text only: a marker's HTML goes in after it, a generated
    page reaches MkDocs finished. Search indexes a marker's prose but not its table of vendors."""
    import markdown

    monkeypatch.chdir(project)
    (project / "docs" / "about.md").write_text(
        "# About\n\nSome *emphasis*.\n\n<!-- vendors:table availability_pct -->\n\n"
        "<!-- vendors:criteria sla-claims -->\n",
        encoding="utf-8",
    )
    converted: list[str] = []
    convert = markdown.Markdown.convert

    def spy(self, source: str) -> str:
        converted.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", spy)
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    about = (project / "site" / "about" / "index.html").read_text()
    assert "<p>Some <em>emphasis</em>.</p>" in about
    assert about.count('<table class="sb-live-table">') == 1 and "vendors-block-" not in about
    assert about.count('<div class="sb-live sb-explains">') == 1
    assert [s for s in converted if "sb-live" in s] == []  # the markers' HTML
    assert "" not in converted  # no Markdown converter is even made for a generated page
    assert [s for s in converted if "sb-v-personas" in s] == []  # a vendor page's body
    assert any("Some *emphasis*." in s for s in converted)
    docs = json.loads((project / "site" / "search" / "search_index.json").read_text())["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("about/"))
    assert text == (
        "<p>Some emphasis.</p> <p>This section explains:</p> <ul> <li>Criterion: Time to claim a credit</li> </ul>"
    )
    assert "Alpha Contact" not in text and "99.99" not in text


def test_mkdocs_build_strict_uses_the_plugin(project):
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (project / "site" / "vendors" / "beta" / "index.html").exists()


def test_bad_vendor_fails_the_build_with_file_line_messages(project, monkeypatch):
    monkeypatch.chdir(project)
    beta = project / "vendors" / "beta.yaml"
    beta.write_text(
        beta.read_text().replace("early_termination_fee_pct: 100", "early_termination_fee_pct: 120")
    )
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.stdout == (
        "vendors/beta.yaml:15:30: error: pricing.early_termination_fee_pct: must be between 0 and 100 (got 120)\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "vendors/beta.yaml:15:30: error: pricing.early_termination_fee_pct" in run.stderr
    assert "Traceback" not in run.stderr


def test_two_builds_are_byte_identical(project):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}
    builds = []
    for out in ("one", "two"):
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", out], cwd=project, env=env, check=True
        )
        builds.append(digest(project / out))
    assert builds[0] == builds[1]
    assert len(builds[0]) > 10


def test_sidebars_shared_by_unlisted_pages_are_those_each_page_would_render(project):
    """hooks.py keeps the sidebars of a page the navigation does not list (the vendor pages) and
    gives them to the next such page with the same links and table of contents, instead of Material
    rendering them again. A page at another depth (same/ and notes/same/: '../matrix/' and
    '../../matrix/') or with its own headings (notes/one/) gets its own. The site is byte-identical
    to one built without the memo."""
    (project / "docs" / "notes").mkdir()
    (project / "docs" / "notes" / "one.md").write_text("# One\n\n## First\n\nText.\n", encoding="utf-8")
    for same in ("same.md", "notes/same.md"):  # the same headings, at two depths
        (project / "docs" / same).write_text("# Same\n\nText.\n", encoding="utf-8")
    nav = (
        "nav:\n  - Home: index.md\n  - Scoring matrix: matrix.md\n  - Vendors: vendors/index.md\n"
        "  - Reference:\n      - Vendor data format: reference/vendor-format.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n"
    )
    hooks = ROOT / "templates" / "overrides" / "hooks.py"
    (project / "hooks_without_memo.py").write_text(hooks.read_text().replace("def on_env(", "def _no_event("))
    config = (project / "mkdocs.yml").read_text() + nav
    (project / "mkdocs.yml").write_text(config)
    (project / "plain.yml").write_text(config.replace(str(hooks), "hooks_without_memo.py"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}
    for config_file, out in (("mkdocs.yml", "memo"), ("plain.yml", "plain")):
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config_file, "-d", out],
            cwd=project,
            env=env,
            check=True,
        )
    memo, plain = digest(project / "memo"), digest(project / "plain")
    assert memo.keys() == plain.keys() and len(memo) > 10
    assert [name for name in memo if memo[name] != plain[name]] == []
    pages = {
        uri: (project / "memo" / uri / "index.html").read_text()
        for uri in ("about", "notes/one", "vendors/alpha")
    }
    assert 'href="../matrix/"' in pages["about"] and 'href="../../matrix/"' in pages["vendors/alpha"]
    assert 'href="#first"' in pages["notes/one"] and 'href="#first"' not in pages["vendors/alpha"]


def test_properdocs_builds_the_same_site_and_fails_the_same_way(project):
    """ProperDocs (the maintained MkDocs 1.x fork, a test dependency) runs the same plugin: the
    site it builds is byte-identical to MkDocs' but for the generator tag, and bad data stops it
    with the same file:line message."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}
    for engine, out in (("mkdocs", "mk"), ("properdocs", "pd")):
        run = subprocess.run(
            [sys.executable, "-m", engine, "build", "--strict", "-q", "-d", out],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, (engine, run.stderr)
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    pages = {}
    for out in ("mk", "pd"):
        pages[out] = {
            str(p.relative_to(project / out)): generator.sub(b"", p.read_bytes())
            for p in sorted((project / out).rglob("*"))
            if p.is_file() and p.suffix != ".gz"
        }
    assert pages["mk"].keys() == pages["pd"].keys() and len(pages["mk"]) > 10
    assert [name for name in pages["mk"] if pages["mk"][name] != pages["pd"][name]] == []
    assert b"ProperDocs" in (project / "pd" / "index.html").read_bytes()  # it really was the other engine
    beta = project / "vendors" / "beta.yaml"
    beta.write_text(
        beta.read_text().replace("early_termination_fee_pct: 100", "early_termination_fee_pct: 120")
    )
    run = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q", "-d", "bad"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "vendors/beta.yaml:15:30: error: pricing.early_termination_fee_pct" in run.stderr
    assert "Traceback" not in run.stderr


def test_plugin_registered_for_mkdocs_and_properdocs():
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        names = {ep.name: ep.value for ep in entry_points(group=group)}
        assert names.get("vendors") == "site_builder.plugin:VendorsPlugin"


def test_core_modules_do_not_import_mkdocs():
    for module in (ROOT / "site_builder").rglob("*.py"):
        if module.relative_to(ROOT / "site_builder").as_posix() in ("plugin.py", "serve.py"):  # the adapters
            continue
        text = module.read_text()
        assert "import mkdocs" not in text and "from mkdocs" not in text, module.name
