"""The render stage's toolkit: the Jinja environment, sanitised Markdown, readable labels and values,
citations, links between generated pages, and the `Comparison` every page module reads.

Input: validated vendors, their scores and rank robustness (a `Comparison`). Output: `Page(uri,
content)` records, made by the `page_*` modules (one per page type) and assembled by `build.py`.
Templates get precomputed view models only; every string from a vendor file is escaped by
Jinja's autoescape, or rendered from Markdown and then sanitised with nh3. This module does not
import MkDocs and writes no files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown as md
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel

from site_builder.data.model import Source, Vendor
from site_builder.data.values import Duration, readable, readable_words
from site_builder.scoring.criteria import Criteria
from site_builder.scoring.robustness import Robustness
from site_builder.scoring.score import Scoreboard

if TYPE_CHECKING:
    from site_builder.history.log import History

PROVENANCE = {"source", "fact_sources", "disputed_by_vendor", "note"}
_ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}

# Where each generated page lives (relative to docs/). Page modules link through `RenderContext.href`.
URIS = {
    "home": "index.md",
    "matrix": "matrix.md",
    "compare": "compare.md",
    "vendors": "vendors/index.md",
    "calculator": "calculator.md",
    "methodology": "methodology.md",
    "changes": "changes.md",
    "quality": "data-quality.md",
    "vendor-format": "reference/vendor-format.md",
}


# The exports offered for download on the site (written by build.downloads).
DOWNLOADS = {fmt: f"downloads/vendor-comparison.{fmt}" for fmt in ("xlsx", "csv", "json")}


def vendor_uri(vendor_id: str) -> str:
    return f"vendors/{vendor_id}.md"


@dataclass(frozen=True)
class Page:
    uri: str
    content: str


@dataclass(frozen=True)
class Comparison:
    """Everything the pages show: the validated vendors (sorted by id), their scores and how solid
    each persona's ranking is. `today` is the build date (SOURCE_DATE_EPOCH when set)."""

    vendors: tuple[Vendor, ...]
    criteria: Criteria
    board: Scoreboard
    robustness: tuple[Robustness, ...]  # in persona order
    today: date
    history: History | None = None  # what each commit changed; None when not read (e.g. in tests)

    def vendor(self, vid: str) -> Vendor:
        return self._vendors[vid]

    def robust(self, pid: str) -> Robustness:
        return next(r for r in self.robustness if r.persona == pid)

    @cached_property
    def _vendors(self) -> dict[str, Vendor]:
        return {v.id: v for v in self.vendors}


def make_env(templates_dir: Path) -> Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@dataclass(frozen=True)
class RenderContext:
    """The environment plus how pages link to each other (directory URLs, or .html files for file://)."""

    env: Environment
    directory_urls: bool = True

    def href(self, from_uri: str, to_uri: str) -> str:
        return page_href(from_uri, to_uri, self.directory_urls)

    def file_href(self, from_uri: str, path: str) -> str:
        """Relative link from a page to a plain file of the site (a download, an image)."""
        return file_href(from_uri, path, self.directory_urls)

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(**values)


@cache
def _markdown() -> md.Markdown:
    """One converter, reset before each use: building one per call cost 0.2 s at 500 vendors.
    `reset()` clears all its state, so nothing leaks from one text to the next."""
    return md.Markdown(extensions=["tables"], output_format="html")


def markdown_html(text: str | None) -> Markup | None:
    """Vendor Markdown -> sanitised HTML: no scripts, no event handlers, no javascript: URLs."""
    if not text:
        return None
    html = _markdown().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


def json_script(data: Any, element_id: str) -> Markup:
    """Data for a page's script, as an inert JSON block. '<', '>' and '&' are escaped as \\u
    sequences, so no vendor string can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" id="{element_id}">{text}</script>')


# --- labels, values, citations -------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str | None
    kind: str
    retrieved: str
    published: str | None


def label(name: str) -> str:
    """Field name -> readable label: 'availability_pct' -> 'Availability (%)', 'sla' -> 'SLA'."""
    text = readable_words(name.removesuffix("_pct"))
    text = text[:1].upper() + text[1:]
    return text + " (%)" if name.endswith("_pct") else text


def format_value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Duration):
        return value.words
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(format_value(v) for v in value) if value else "none"
    if isinstance(value, BaseModel):
        parts = [f"{label(k)}: {format_value(v)}" for k, v in facts(value) if v is not None]
        return "; ".join(parts) if parts else "unknown"
    if isinstance(value, str):
        return readable(value)  # a vocabulary word such as 'best_effort' or 'sla' reads as words
    return str(value)


def is_model_list(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], BaseModel)


def facts(obj: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(obj, n)) for n in type(obj).model_fields if n not in PROVENANCE]


def citation(sources: dict[str, Source], source_id: str | None) -> Citation | None:
    source = sources.get(source_id or "")
    if source is None:
        return None
    return Citation(
        id=source.id,
        title=source.title,
        url=source.url,
        kind=source.kind.replace("_", " "),
        retrieved=source.retrieved.isoformat(),
        published=source.published.isoformat() if source.published else None,
    )


# --- links between pages ------------------------------------------------------------------------


def page_href(from_uri: str, to_uri: str, directory_urls: bool) -> str:
    """Relative link between two generated pages, for directory URLs or plain .html files."""

    def url(uri: str) -> list[str]:
        stem = uri.removesuffix(".md")
        if stem.endswith("index"):
            stem = stem.removesuffix("index").rstrip("/")
            return [*stem.split("/"), ""] if stem else [""]
        return [*stem.split("/"), ""] if directory_urls else (stem + ".html").split("/")

    here, there = url(from_uri), url(to_uri)
    depth = len(here) - 1
    common = 0
    while common < min(depth, len(there) - 1) and here[common] == there[common]:
        common += 1
    parts = [".."] * (depth - common) + there[common:]
    if not directory_urls and there[-1] == "":
        parts[-1] = "index.html"
    return "/".join(parts) or "./"


def file_href(from_uri: str, path: str, directory_urls: bool) -> str:
    """Relative link from a generated page to a plain file: 'downloads/x.csv' from 'vendors/a.md'."""
    stem = from_uri.removesuffix(".md")
    folders = stem.split("/")[:-1]
    if directory_urls and not stem.endswith("index"):
        folders.append(stem.split("/")[-1])
    return "/".join([".."] * len(folders) + [path])
