"""Finished HTML: plain headings get the ids, permalinks and contents Markdown's toc would give them."""

from __future__ import annotations

from pathlib import Path

from site_builder.site.finish import Heading, finish, finish_markdown, front_matter, slug


def test_plain_headings_get_toc_ids_and_permalinks_others_stay_as_written():
    body = (
        "<h1>Data &amp; quality</h1>\n<p>x</p>\n<h2>Coverage by vendor</h2>\n"
        '<h3 id="sla-title">SLA <span>1 of 3</span></h3>\n<h2>Coverage by vendor</h2>\n<h3>Über 99.9%</h3>\n'
    )
    done = finish(body)
    assert done.html == (
        '<h1 id="data-quality">Data &amp; quality<a class="headerlink" href="#data-quality" '
        'title="Permanent link">&para;</a></h1>\n<p>x</p>\n'
        '<h2 id="coverage-by-vendor">Coverage by vendor<a class="headerlink" href="#coverage-by-vendor" '
        'title="Permanent link">&para;</a></h2>\n'
        '<h3 id="sla-title">SLA <span>1 of 3</span></h3>\n'
        '<h2 id="coverage-by-vendor_1">Coverage by vendor<a class="headerlink" href="#coverage-by-vendor_1" '
        'title="Permanent link">&para;</a></h2>\n'
        '<h3 id="uber-999">Über 99.9%<a class="headerlink" href="#uber-999" title="Permanent link">&para;</a></h3>\n'
    )
    assert done.title == "Data & quality"
    assert done.toc == (
        Heading(1, "data-quality", "Data &amp; quality"),
        Heading(2, "coverage-by-vendor", "Coverage by vendor"),
        Heading(2, "coverage-by-vendor_1", "Coverage by vendor"),
        Heading(3, "uber-999", "Über 99.9%"),
    )
    assert done.anchors == {
        "data-quality",
        "coverage-by-vendor",
        "coverage-by-vendor_1",
        "sla-title",
        "uber-999",
    }


def test_a_heading_id_never_repeats_one_already_on_the_page():
    done = finish('<p id="red-flags">a</p><h2>Red flags</h2>')
    assert done.toc == (Heading(2, "red-flags_1", "Red flags"),)


def test_slug():
    assert slug("How scoring works") == "how-scoring-works" and slug("8x8") == "8x8"
    assert slug("Must-haves") == "must-haves" and slug("Log4J: fixed?") == "log4j-fixed"


def test_front_matter_is_split_as_mkdocs_splits_a_page():
    from mkdocs.utils.meta import get_data

    cases = [
        "---\ntitle: Five9\nhide:\n  - toc\n---\n\n\n<h1>Five9</h1>\n",  # blank lines after it go
        "--- \ntitle: x\n...\n<p>dots close it too</p>",
        "<h1>No front matter</h1>\n---\ntitle: x\n---\n",
        "---\n- a list\n---\n<p>not a mapping: the page stays whole</p>",
        "---\ntitle: [unclosed\n---\n<p>bad YAML: the page stays whole</p>",
        "---\n---\n<p>empty</p>",
    ]
    for page in cases:
        body, meta = get_data(page)
        assert front_matter(page) == (meta, body), page
    assert front_matter(cases[0]) == ({"title": "Five9", "hide": ["toc"]}, "<h1>Five9</h1>\n")


def test_our_markdown_pages_come_finished_as_mkdocs_converts_them():
    """The reference pages and the command reference are written in Markdown and finished where they
    are made: the HTML, table of contents, title and anchors are those MkDocs makes of the same
    Markdown under the site's mkdocs.yml (which the build then no longer asks of it)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from site_builder.cli.main import cli
    from site_builder.cli.reference import commands_page
    from site_builder.site.reference import metrics_markdown, reference_markdown

    config = load_config(str(Path(__file__).parents[2] / "mkdocs.yml"))
    for text in (reference_markdown(), metrics_markdown(), commands_page(cli)):
        file = File("reference/page.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
        file.content_string = text
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, Files([file]))
        done = finish_markdown(text)
        assert done.html == page.content
        assert done.toc == tuple(_flat_toc(page.toc.items))
        assert done.title == page.title and done.title is not None
        assert done.anchors == page.present_anchor_ids
    sla = finish_markdown(reference_markdown())
    assert Heading(2, "sla", "Sla") in sla.toc and "sla" in sla.anchors
    assert sla.toc[0] == Heading(1, "vendor-data-format", "Vendor data format")


def test_a_markdown_page_lists_its_headings_as_html_text_and_its_title_as_text():
    done = finish_markdown("# A & B\n\n## `x` < y\n\ntext\n")
    assert done.toc == (Heading(1, "a-b", "A &amp; B"), Heading(2, "x-y", "x &lt; y"))
    assert done.title == "A & B"


def _flat_toc(items) -> list[Heading]:
    out = []
    for item in items:
        out.append(Heading(item.level, item.id, item.title))
        out += _flat_toc(item.children)
    return out
