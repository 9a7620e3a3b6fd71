"""Finished HTML for a generated page: what a site engine needs from it without parsing it as Markdown.

Input: the HTML body of a generated page (a template's output after its front matter). Output: a
`Finished` record: the body with its plain headings given ids and permalinks, the table of contents,
the page title and every anchor id on the page. A plain heading (`<h2>How scoring works</h2>`, no
attributes) is treated as Markdown's `toc` extension treats `## How scoring works`: it gets a slug id
(unique on the page), a permalink and a place in the table of contents. A heading that carries its
own attributes (`<h3 id="sla-title" ...>`) is left as written and stays out of the table of contents,
as raw HTML in Markdown did. Engines hand this HTML to their theme as it is: generated pages cost
no Markdown parsing. The pages we write in Markdown (the reference pages) are converted here, in the
process that generated them (`finish_markdown`), into the same record. `front_matter` splits a page's front matter from its HTML as MkDocs does, so
the engine need not parse that either. This module does not import MkDocs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import markdown
import yaml

try:  # the loader MkDocs reads front matter with
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover (PyYAML built without libyaml)
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PLAIN_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_TAG = re.compile(r"<[^>]+>")
# What MkDocs converts a page with under our mkdocs.yml, narrowed to what our Markdown pages use:
# `{#id}` on headings, tables, fenced code, and the toc's ids and permalinks.
_MARKDOWN_EXTENSIONS = ("attr_list", "fenced_code", "tables", "toc")
_MARKDOWN_SETTINGS = {"toc": {"permalink": True}}
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str  # the heading as HTML text, tags removed (what a table of contents shows)


@dataclass(frozen=True)
class Finished:
    html: str
    title: str | None  # the first plain h1, as text
    toc: tuple[Heading, ...]  # the plain headings, in page order
    anchors: frozenset[str]  # every id on the page (links from other pages may point at them)


def slug(text: str) -> str:
    """The id Markdown's toc extension gives a heading: 'How scoring works' -> 'how-scoring-works'."""
    text = unicodedata.normalize("NFKD", html.unescape(text)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchor_ids(body: str) -> frozenset[str]:
    """Every id in a piece of HTML: what links from other pages may point at."""
    return frozenset(_ID.findall(body))


def finish(body: str) -> Finished:
    """Give the page's plain headings ids and permalinks; collect its contents, title and anchors."""
    used = set(_ID.findall(body))
    toc: list[Heading] = []

    def heading(match: re.Match[str]) -> str:
        level, inner = int(match.group(1)), match.group(2)
        name = _TAG.sub("", inner).strip()
        base = slug(name) or "section"
        anchor, n = base, 0
        while anchor in used:
            n += 1
            anchor = f"{base}_{n}"
        used.add(anchor)
        toc.append(Heading(level, anchor, name))
        link = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
        return f'<h{level} id="{anchor}">{inner}{link}</h{level}>'

    out = _PLAIN_HEADING.sub(heading, body)
    title = next((html.unescape(h.name) for h in toc if h.level == 1), None)
    return Finished(out, title, tuple(toc), frozenset(used))


def finish_markdown(text: str) -> Finished:
    """A page we write in Markdown, converted as MkDocs converts it (the same HTML, ids, permalinks and
    table of contents), so the engine need not parse it either. The toc lists every heading, as
    Markdown's `toc` extension does; the title is the first h1's text."""
    converter = markdown.Markdown(extensions=list(_MARKDOWN_EXTENSIONS), extension_configs=_MARKDOWN_SETTINGS)
    body = converter.convert(text)
    toc = tuple(_flat(converter.toc_tokens))  # type: ignore[attr-defined]
    title = next((html.unescape(h.name) for h in toc if h.level == 1), None)
    return Finished(body, title, toc, anchor_ids(body))


def _flat(tokens: list[dict[str, Any]]) -> list[Heading]:
    """Markdown's nested toc tokens -> headings in page order (the engine nests them again)."""
    out = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], token["name"]))
        out += _flat(token["children"])
    return out


def front_matter(page: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a page that may open with YAML front matter between `---` lines, split
    as MkDocs splits a Markdown page: the body loses its leading blank lines; YAML that is not a
    mapping, or does not parse, leaves the page whole and the front matter empty. (Without it, MkDocs
    would also read `key: value` lines at the top as metadata: a generated page opens with `---` or
    with its `<h1>`, never with those.)"""
    match = _FRONT_MATTER.match(page)
    if match is None:
        return {}, page
    try:
        data = yaml.load(match.group(1), _Loader)
    except yaml.YAMLError:
        return {}, page
    if not isinstance(data, dict):
        return {}, page
    return data, page[match.end() :].lstrip("\n")
