"""View models and escaping: vendor text is data, unknown stays visibly unknown."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from site_builder.build import render_site
from site_builder.data.model import Vendor
from site_builder.data.values import Duration
from site_builder.data.words import format_value
from site_builder.site import render
from site_builder.site.pages.vendor import vendor_view
from site_builder.site.render import markdown_html

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

HOSTILE = {
    "id": "evil",
    "name": "<script>alert('name')</script>Evil",
    "products": ["<img src=x onerror=alert(1)>"],
    "website": "https://evil.example.com/?q=<b>",
    "last_reviewed": "2026-01-01",
    "notes": "Hi <script>alert(2)</script> [click](javascript:alert(3)) <a href='x' onclick='alert(4)'>a</a>",
    "sources": [
        {
            "id": "s",
            "title": "<iframe src=//x>",
            "kind": "marketing",
            "retrieved": "2026-01-01",
            "url": 'https://x.example.com/"><script>alert(5)</script>',
        }
    ],
    "sla": {
        "source": "s",
        "tiers": [{"name": "<svg onload=alert(6)>", "availability_pct": 99.9}],
        "note": "<style>body{display:none}</style>**bold**",
    },
}


class Elements(HTMLParser):
    """Collects the real elements and attributes of a page (escaped text is not an element)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def test_hostile_vendor_cannot_inject_markup(comparison_of):
    """On every generated page, not only the vendor's own."""
    vendor = Vendor.model_validate(HOSTILE)
    pages = render_site(comparison_of([vendor]), TEMPLATES)
    html = "\n".join(p.content for p in pages)
    found = Elements(html)
    assert not found.tags & {"img", "iframe", "style"}
    # Our own elements only: inert JSON data blocks and the category chart.
    assert {a.get("type") for t, a in found.elements if t == "script"} == {"application/json"}
    assert {a.get("class") for t, a in found.elements if t == "svg"} == {"sb-chart"}
    assert not [k for k, _ in found.attrs if k.startswith("on")]
    assert not [v for k, v in found.attrs if k == "href" and v.strip().lower().startswith("javascript")]
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;Evil" in html
    assert "<strong>bold</strong>" in html


def test_control_and_bidi_characters_that_slip_past_validation_reach_no_page_raw(comparison_of):
    """The validator refuses them (see the corpus); a record built around it still renders safely."""
    with pytest.raises(ValidationError, match="U\\+001B \\(ESC\\) at character 3"):
        Vendor.model_validate(HOSTILE | {"name": "Ev\x1bil\u202eCorp"})
    vendor = Vendor.model_validate(HOSTILE).model_copy(
        update={"name": "Ev\x1bil\u202eCorp", "notes": "bell\x07 rlo\u202e ok"}
    )
    pages = render_site(comparison_of([vendor]), TEMPLATES)
    html = "\n".join(p.content for p in pages)
    assert not [c for c in ("\x1b", "\x07", "\u202e") if c in html]
    assert "Ev\ufffdil\ufffdCorp" in html
    assert "bell\ufffd rlo\ufffd ok" in html


def test_markdown_is_sanitised_but_keeps_safe_links():
    html = str(markdown_html("[ok](https://a.example.com) [bad](javascript:alert(1))"))
    assert '<a href="https://a.example.com" rel="noopener noreferrer nofollow">ok</a>' in html
    assert "javascript" not in html


def _parsed_and_sanitised(text: str) -> str:
    """What markdown_html makes of `text` through the Markdown parser and the sanitiser."""
    return render._sanitised(render._markdown().reset().convert(text))


def _vendor_texts() -> list[str]:
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((TEMPLATES.parent / "vendors").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def test_plain_sentences_skip_the_parser_with_the_same_html():
    """Plain sentences are wrapped in <p> without the Markdown parser; the result must be exactly
    what the parser and the sanitiser make, for every text of the shipped profiles and for 100,000
    seeded random texts over the characters Markdown reads (markup, blank lines, list and heading
    starts, tabs, trailing spaces, line separators, no-break spaces)."""
    rng = random.Random(20261203)
    alphabet = "ab c.,;:'\"()?!%$@/-+=1 2\n\n \t*_`[]<>&\\|#~é{}^\u00a0\u200b\x0b\x0c\u2014\u00ad\u2028"
    texts = _vendor_texts() + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(100_000)
    ]
    fast = 0
    for text in texts:
        plain = render._plain_paragraphs(text)
        if plain is not None:
            fast += 1
            assert plain == _parsed_and_sanitised(text), repr(text)
    assert fast > 3_000  # the fast path is taken (plain texts are common), not a check of nothing
    assert (
        render._plain_paragraphs("Two weeks.\n\nThen a credit.") == "<p>Two weeks.</p>\n<p>Then a credit.</p>"
    )
    for marked in ("**bold**", "1. first", "- item", "# title", "a  \nb", "a | b", "x &amp; y", "  code"):
        assert render._plain_paragraphs(marked) is None, marked


def test_unknown_is_never_rendered_as_no_or_zero(comparison_of):
    vendor = Vendor.model_validate({**HOSTILE, "notes": None, "sla": None})
    view = vendor_view(vendor)
    sla = next(b for b in view.sections if b.key == "sla")
    assert not sla.known
    html = next(
        p.content for p in render_site(comparison_of([vendor]), TEMPLATES) if p.uri == "vendors/evil.md"
    )
    assert (
        '<section class="sb-block sb-v-block sb-v-block-missing" id="sla" aria-labelledby="sla-title">'
        in html
    )
    assert (
        '<span class="sb-unk">unknown</span> No source yet (<a href="#questions-sla">questions to ask</a>).'
        in html
    )


def test_format_value():
    assert format_value(None) == "unknown"
    assert format_value(False) == "no"
    assert format_value(()) == "none"
    assert format_value(99.990) == "99.99"
    assert format_value(Duration(1, "bd")) == "1 business day"
    assert format_value(Duration(30, "d")) == "30 days"
    assert format_value(("planned_maintenance", "force_majeure")) == "planned maintenance, force majeure"


def test_facts_carry_their_citation_and_dispute():
    vendor = Vendor.model_validate(
        {
            **HOSTILE,
            "name": "V",
            "sla": {
                "source": "s",
                "tiers": [{"name": "E"}],
                "change_notice": "30d",
                "disputed_by_vendor": {"change_notice": "We never change it."},
            },
        }
    )
    sla = next(b for b in vendor_view(vendor).sections if b.key == "sla")
    row = next(r for r in sla.rows if r.label == "Change notice")
    assert row.value == "30 days" and row.known
    assert row.citation.id == "s" and row.citation.kind == "marketing"
    assert row.disputed == "We never change it."
    status = next(r for r in sla.rows if r.label == "Status page")
    assert status.value == "unknown" and status.citation is None


def test_labels_and_vocabulary_read_as_words():
    from site_builder.data.words import label

    assert label("sla") == "SLA" and label("log4j") == "Log4J" and label("credit_cap_pct") == "Credit cap (%)"
    assert format_value("best_effort") == "best effort"
    assert format_value(("soc2", "iso27001")) == "SOC 2, ISO 27001"
    assert format_value("https://a.example.com/x_y") == "https://a.example.com/x_y"


def test_generated_pages_are_finished_html_the_engine_need_not_parse(comparison_of):
    """No Markdown left in a template's output: the plugin hands these pages to MkDocs as they are,
    so a `## Heading` or `**bold**` written in a template would reach the reader as typed."""
    vendor = Vendor.model_validate(HOSTILE)
    for page in render_site(comparison_of([vendor]), TEMPLATES):
        body = page.content.split("\n---\n", 1)[-1] if page.content.startswith("---\n") else page.content
        heading = '<h1 id="' if page.uri.startswith("reference/") else "<h1>"  # finished from Markdown
        assert body.startswith(heading), page.uri
        assert not re.search(r"(?m)^#{1,6} |^\s*[-*] |^\|.*\|$|\*\*\w", body), page.uri


def test_each_html_page_comes_split_and_finished_as_mkdocs_would_read_it(comparison_of):
    """render_site hands every HTML page over with its front matter parsed and its body finished,
    exactly as MkDocs' own reader (`get_data`) would split the page's file and `finish` would go on."""
    from mkdocs.utils.meta import get_data

    from site_builder.site.finish import finish, finish_markdown
    from site_builder.site.reference import metrics_markdown, reference_markdown

    vendor = Vendor.model_validate(HOSTILE)
    pages = render_site(comparison_of([vendor]), TEMPLATES)
    html = [p for p in pages if not p.uri.startswith("reference/")]
    assert len(html) == 9 and all(p.meta for p in html)  # every generated page has front matter
    reference = {p.uri: p for p in pages if p not in html}
    for uri, text in (
        ("reference/vendor-format.md", reference_markdown()),
        ("reference/metrics.md", metrics_markdown()),
    ):
        assert reference[uri].meta == {} and reference[uri].finished == finish_markdown(text)
        assert reference[uri].content == reference[uri].finished.html  # type: ignore[union-attr]
    for page in html:
        body, meta = get_data(page.content)
        assert page.meta == meta, page.uri
        assert page.finished == finish(body), page.uri
