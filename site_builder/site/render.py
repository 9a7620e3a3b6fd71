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
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import markdown as md
import nh3
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from site_builder.site.finish import Finished

if TYPE_CHECKING:
    from site_builder.history.log import History

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
    """A generated page. `content` is front matter (optional) + HTML. `search`: plain text that search
    indexes instead of the page's HTML (a vendor page's summary and facts as sentences); None: index
    the page as shown.
    `meta` and `finished`: what an engine needs of an HTML page, its front matter and its body with
    headings, contents and anchors (`finish`), worked out by `build.render_site` in the process that
    rendered the page (for a page written in Markdown, from it: `build.markdown_page`); None until then."""

    uri: str
    content: str
    search: str | None = None
    meta: Mapping[str, Any] | None = None
    finished: Finished | None = None


@cache
def compiled_templates() -> FileSystemBytecodeCache:
    """Where compiled templates are kept between builds (Jinja's per-user folder in the temporary
    directory): compiling them is a fifth of a 50-vendor build. A template is reused only while its
    source is byte for byte the same, so the cache changes the speed of a build, never its output."""
    return FileSystemBytecodeCache()


def make_env(templates_dir: Path) -> Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = Environment(
        bytecode_cache=compiled_templates(),
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


T = TypeVar("T")
K = TypeVar("K")


class Memo:
    """What a long-running process (`serve`) keeps from one render to the next: the Jinja environment,
    results by the identity of their input (a vendor's page view, by its validated record, which
    `data.read.ReadCache` keeps while its file is unchanged) and rendered templates by their values
    (frozen view records compare by value). What a render did not ask for is dropped after it (`done`).
    A value that cannot be hashed is rendered anew each time, never wrongly reused."""

    def __init__(self) -> None:
        self._env: tuple[Path, Environment] | None = None
        self._kept: dict[Any, Any] = {}
        self._used: dict[Any, Any] = {}

    def env(self, templates_dir: Path, make: Callable[[Path], Environment]) -> Environment:
        """The environment of `templates_dir`, made once (the templates are read once: a process that
        sees them change makes a new Memo)."""
        if self._env is None or self._env[0] != templates_dir:
            self._env = (templates_dir, make(templates_dir))
        return self._env[1]

    def _get(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key in self._used:
            return self._used[key]
        value = self._kept[key] if key in self._kept else compute()
        self._used[key] = value
        return value

    def by_value(self, key: Any, compute: Callable[[], T]) -> T:
        try:
            hash(key)
        except TypeError:
            return compute()
        return self._get(key, compute)

    def by_identity(self, name: str, obj: K, compute: Callable[[K], T]) -> T:
        kept_obj, value = self._get((name, id(obj)), lambda: (obj, compute(obj)))
        if kept_obj is not obj:  # cannot happen while the entry holds `obj`; kept as a guard
            value = compute(obj)
            self._used[(name, id(obj))] = (obj, value)
        return value

    def done(self) -> None:
        """End of a render: forget what it did not use."""
        self._kept, self._used = self._used, {}


@dataclass(frozen=True)
class RenderContext:
    """The environment plus how pages link to each other (directory URLs, or .html files for file://)."""

    env: Environment
    directory_urls: bool = True
    history: History | None = None  # what each commit changed; None when not read (e.g. in tests)
    memo: Memo | None = None  # kept between the rebuilds of `serve`; None in a one-off build
    # `once`'s results in a one-off build: (name, id of the input) -> (the input, its result)
    _once: dict[tuple[str, int], tuple[Any, Any]] = field(default_factory=dict, compare=False, repr=False)

    def href(self, from_uri: str, to_uri: str) -> str:
        return page_href(from_uri, to_uri, self.directory_urls)

    def file_href(self, from_uri: str, path: str) -> str:
        """Relative link from a page to a plain file of the site (a download, an image)."""
        return file_href(from_uri, path, self.directory_urls)

    def render(self, template: str, **values: Any) -> str:
        if self.memo is None:
            return self.env.get_template(template).render(**values)
        key = (template, tuple(sorted(values.items())))
        return self.memo.by_value(key, lambda: self.env.get_template(template).render(**values))

    def seed(self, name: str, obj: K, result: Any) -> None:
        """What `once(name, obj, ...)` is to give in this one-off render: worked out by another
        process that rendered part of the pages (see build.render_site)."""
        self._once[(name, id(obj))] = (obj, result)

    def once(self, name: str, obj: K, compute: Callable[[K], T]) -> T:
        """`compute(obj)`, worked out once per render (a vendor's page view serves its page and the
        data-quality page) and, under `serve`, reused while `obj` itself comes back to a later render."""
        if self.memo is not None:
            return self.memo.by_identity(name, obj, compute)
        kept = self._once.get((name, id(obj)))
        if kept is None or kept[0] is not obj:
            kept = self._once[(name, id(obj))] = (obj, compute(obj))
        return kept[1]


@cache
def _markdown() -> md.Markdown:
    """One converter, reset before each use: building one per call cost 0.2 s at 500 vendors.
    `reset()` clears all its state, so nothing leaks from one text to the next."""
    return md.Markdown(extensions=["tables"], output_format="html")


# Text Markdown would leave as it is, apart from wrapping its paragraphs in <p>: no character that
# starts inline markup, an entity or HTML, no tab, no space at either end of a line, and no line
# that could open a block (heading, list, quote, code, rule, table). Most notes are such sentences.
_MARKUP_CHARS = re.compile(
    r"[`*_\[\]<>&\\|#~\x00-\x09\x0b-\x1f\x7f-\xa0\u2028\u2029]| $|^ |^[-+=]|^\d+[.)]", re.MULTILINE
)


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is plain sentences (see `_MARKUP_CHARS`), worked
    out without the parser (a tenth of the cost); None when `text` holds anything Markdown reads."""
    if _MARKUP_CHARS.search(text):
        return None
    if not text.strip("\n"):
        return None
    paragraphs = re.split(r"\n\n+", text.strip("\n"))
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def markdown_html(text: str | None) -> Markup | None:
    """Vendor Markdown -> sanitised HTML: no scripts, no event handlers, no javascript: URLs."""
    if not text:
        return None
    plain = _plain_paragraphs(text)
    if plain is not None:  # nothing for Markdown or the sanitiser to do
        return Markup(plain)
    return Markup(_sanitised(_markdown().reset().convert(text)))


def _sanitised(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def json_script(data: Any, element_id: str) -> Markup:
    """Data for a page's script, as an inert JSON block. '<', '>' and '&' are escaped as \\u
    sequences, so no vendor string can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" id="{element_id}">{text}</script>')


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
