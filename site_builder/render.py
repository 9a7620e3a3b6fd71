"""Vendors -> view models -> page sources (Markdown pages whose bodies are escaped HTML).

Input: validated `Vendor` records. Output: `Page(uri, content)` records for the site engine.
Templates get precomputed view models only: all formatting happens here, and every string
from a vendor file is escaped by Jinja's autoescape, or rendered from Markdown and then
sanitised with nh3. This module does not import MkDocs and writes no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import markdown as md
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel

from .model import SECTIONS, Source, Sourced, Vendor
from .reference import reference_markdown
from .values import Duration

_PROVENANCE = {"source", "fact_sources", "disputed_by_vendor", "note"}
_ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "table",
                 "thead", "tbody", "tr", "th", "td"}


@dataclass(frozen=True)
class Page:
    uri: str
    content: str


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


def markdown_html(text: str | None) -> Markup | None:
    """Vendor Markdown -> sanitised HTML: no scripts, no event handlers, no javascript: URLs."""
    if not text:
        return None
    html = md.markdown(text, extensions=["tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


# --- view models ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str | None
    kind: str
    retrieved: str
    published: str | None


@dataclass(frozen=True)
class FactRow:
    label: str
    value: str
    known: bool
    help: str
    citation: Citation | None
    disputed: str | None


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    help: str
    known: bool
    rows: tuple[FactRow, ...]
    tables: tuple[tuple[str, Table], ...]
    children: tuple[Block, ...]
    note: Markup | None
    citation: Citation | None


@dataclass(frozen=True)
class VendorView:
    id: str
    name: str
    products: str
    website: str
    last_reviewed: str
    known_facts: int
    total_facts: int
    sections: tuple[Block, ...]
    sources: tuple[Citation, ...]
    contradictions: tuple[tuple[str, str], ...]
    notes: Markup | None


_ACRONYMS = {"sla": "SLA", "slo": "SLO", "log4j": "Log4J", "rpo": "RPO", "rto": "RTO", "dpa": "DPA",
             "mfa": "MFA", "sso": "SSO", "ui": "UI", "gdpr": "GDPR", "ivr": "IVR", "acd": "ACD", "sms": "SMS",
             "crm": "CRM", "ai": "AI", "pci": "PCI", "dss": "DSS", "hipaa": "HIPAA", "soc1": "SOC 1",
             "soc2": "SOC 2", "soc3": "SOC 3", "iso27001": "ISO 27001", "iso27017": "ISO 27017",
             "iso27018": "ISO 27018", "iso27701": "ISO 27701", "iso22301": "ISO 22301", "ccaas": "CCaaS", "wfo": "WFO", "us": "US", "eu": "EU", "uk": "UK"}


def _words(text: str) -> str:
    return " ".join(_ACRONYMS.get(word, word) for word in text.replace("_", " ").split(" "))


def label(name: str) -> str:
    """Field name -> readable label: 'availability_pct' -> 'Availability (%)', 'sla' -> 'SLA'."""
    text = _words(name.removesuffix("_pct"))
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
        parts = [f"{label(k)}: {format_value(v)}" for k, v in _facts(value) if v is not None]
        return "; ".join(parts) if parts else "unknown"
    if isinstance(value, str) and " " not in value and value.islower() and "://" not in value:
        return _words(value)  # a vocabulary word such as 'best_effort' or 'sla'
    return str(value)


def _is_model_list(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], BaseModel)


def _facts(obj: BaseModel) -> list[tuple[str, Any]]:
    return [(n, getattr(obj, n)) for n in type(obj).model_fields if n not in _PROVENANCE]


def _citation(sources: dict[str, Source], source_id: str | None) -> Citation | None:
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


def _block(key: str, title: str, obj: BaseModel | None, model: type[BaseModel], sources: dict[str, Source],
           inherited: str | None) -> Block:
    help_text = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    if obj is None:
        return Block(key, title, help_text, False, (), (), (), None, None)
    own_source = obj.source_for("", inherited) if isinstance(obj, Sourced) else inherited
    rows: list[FactRow] = []
    tables: list[tuple[str, Table]] = []
    children: list[Block] = []
    for name, value in _facts(obj):
        info = type(obj).model_fields[name]
        if _is_model_list(value):
            if any(_is_model_list(v) for item in value for _, v in _facts(item)):
                for i, item in enumerate(value):
                    title_text = str(getattr(item, "name", None) or f"{label(name)} {i + 1}")
                    children.append(_block(f"{key}-{name}-{i}", title_text, item, type(item), sources, own_source))
            else:
                tables.append((label(name), _table(value)))
            continue
        source_id = obj.source_for(name, inherited) if isinstance(obj, Sourced) else inherited
        rows.append(
            FactRow(
                label=label(name),
                value=format_value(value),
                known=value is not None,
                help=info.description or "",
                citation=_citation(sources, source_id) if value is not None else None,
                disputed=obj.disputed_by_vendor.get(name) if isinstance(obj, Sourced) else None,
            )
        )
    note = markdown_html(obj.note) if isinstance(obj, Sourced) else None
    return Block(key, title, help_text, True, tuple(rows), tuple(tables), tuple(children), note,
                 _citation(sources, own_source))


def _table(items: tuple[BaseModel, ...]) -> Table:
    names = [n for n in type(items[0]).model_fields if n not in _PROVENANCE
             and any(getattr(i, n) is not None for i in items)]
    return Table(tuple(label(n) for n in names), tuple(tuple(format_value(getattr(i, n)) for n in names) for i in items))


def _count_facts(obj: BaseModel | None, model: type[BaseModel]) -> tuple[int, int]:
    """(known, total) leaf facts of a section; an absent section counts all its top-level facts as unknown."""
    names = [n for n in model.model_fields if n not in _PROVENANCE]
    if obj is None:
        return 0, len(names)
    known = sum(1 for n in names if getattr(obj, n) is not None)
    return known, len(names)


def vendor_view(vendor: Vendor) -> VendorView:
    sources = {s.id: s for s in vendor.sources}
    blocks = []
    known = total = 0
    for name in SECTIONS:
        model = _section_model(name)
        section = getattr(vendor, name)
        blocks.append(_block(name, label(name), section, model, sources, None))
        k, t = _count_facts(section, model)
        known, total = known + k, total + t
    return VendorView(
        id=vendor.id,
        name=vendor.name,
        products=", ".join(vendor.products),
        website=vendor.website,
        last_reviewed=vendor.last_reviewed.isoformat(),
        known_facts=known,
        total_facts=total,
        sections=tuple(blocks),
        sources=tuple(c for s in vendor.sources if (c := _citation(sources, s.id))),
        contradictions=tuple((c.field, c.summary) for c in vendor.contradictions or ()),
        notes=markdown_html(vendor.notes),
    )


def _section_model(name: str) -> type[BaseModel]:
    annotation = Vendor.model_fields[name].annotation
    return next(a for a in annotation.__args__ if isinstance(a, type) and issubclass(a, BaseModel))


# --- pages --------------------------------------------------------------------------------------


def page_href(from_uri: str, to_uri: str, directory_urls: bool) -> str:
    """Relative link between two generated pages, for directory URLs or plain .html files."""
    def url(uri: str) -> list[str]:
        stem = uri.removesuffix(".md")
        if stem.endswith("index"):
            stem = stem.removesuffix("index").rstrip("/")
            return stem.split("/") + [""] if stem else [""]
        return stem.split("/") + [""] if directory_urls else (stem + ".html").split("/")
    here, there = url(from_uri), url(to_uri)
    depth = len(here) - 1
    common = 0
    while common < min(depth, len(there) - 1) and here[common] == there[common]:
        common += 1
    parts = [".."] * (depth - common) + there[common:]
    if not directory_urls and there[-1] == "":
        parts[-1] = "index.html"
    return "/".join(parts) or "./"


def render_pages(vendors: tuple[Vendor, ...], env: Environment, *, directory_urls: bool = True) -> list[Page]:
    """Every generated page: the vendor index, one page per vendor, the data-format reference."""
    views = [vendor_view(v) for v in vendors]
    links = {v.id: page_href("vendors/index.md", f"vendors/{v.id}.md", directory_urls) for v in views}
    index = env.get_template("pages/vendor_index.html").render(vendors=views, links=links)
    pages = [Page("vendors/index.md", index)]
    template = env.get_template("pages/vendor.html")
    pages += [Page(f"vendors/{view.id}.md", template.render(vendor=view)) for view in views]
    pages.append(Page("reference/vendor-format.md", reference_markdown()))
    return pages
