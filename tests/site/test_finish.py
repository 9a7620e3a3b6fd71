"""Finished HTML: plain headings get the ids, permalinks and contents Markdown's toc would give them."""

from __future__ import annotations

from site_builder.site.finish import Heading, finish, front_matter, slug


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
