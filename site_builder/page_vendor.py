"""The vendor pages: one page per vendor, and the vendor index.

Input: a `Comparison`. Output: `Page`s for `vendors/index.md` and `vendors/<id>.md`. Every fact
is shown with its citation; an unknown fact is shown as unknown, never left out. Views are
computed here; templates only display them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from pydantic import BaseModel

from .model import SECTIONS, Source, Sourced, Vendor
from .render import (
    PROVENANCE,
    URIS,
    Citation,
    Comparison,
    Page,
    RenderContext,
    citation,
    facts,
    format_value,
    is_model_list,
    label,
    markdown_html,
    vendor_uri,
)


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


def _block(key: str, title: str, obj: BaseModel | None, model: type[BaseModel], sources: dict[str, Source],
           inherited: str | None) -> Block:
    help_text = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    if obj is None:
        return Block(key, title, help_text, False, (), (), (), None, None)
    own_source = obj.source_for("", inherited) if isinstance(obj, Sourced) else inherited
    rows: list[FactRow] = []
    tables: list[tuple[str, Table]] = []
    children: list[Block] = []
    for name, value in facts(obj):
        info = type(obj).model_fields[name]
        if is_model_list(value):
            if any(is_model_list(v) for item in value for _, v in facts(item)):
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
                citation=citation(sources, source_id) if value is not None else None,
                disputed=obj.disputed_by_vendor.get(name) if isinstance(obj, Sourced) else None,
            )
        )
    note = markdown_html(obj.note) if isinstance(obj, Sourced) else None
    return Block(key, title, help_text, True, tuple(rows), tuple(tables), tuple(children), note,
                 citation(sources, own_source))


def _table(items: tuple[BaseModel, ...]) -> Table:
    names = [n for n in type(items[0]).model_fields if n not in PROVENANCE
             and any(getattr(i, n) is not None for i in items)]
    return Table(tuple(label(n) for n in names), tuple(tuple(format_value(getattr(i, n)) for n in names) for i in items))


def _countfacts(obj: BaseModel | None, model: type[BaseModel]) -> tuple[int, int]:
    """(known, total) leaf facts of a section; an absent section counts all its top-level facts as unknown."""
    names = [n for n in model.model_fields if n not in PROVENANCE]
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
        k, t = _countfacts(section, model)
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
        sources=tuple(c for s in vendor.sources if (c := citation(sources, s.id))),
        contradictions=tuple((c.field, c.summary) for c in vendor.contradictions or ()),
        notes=markdown_html(vendor.notes),
    )


def _section_model(name: str) -> type[BaseModel]:
    annotation = Vendor.model_fields[name].annotation
    return next(a for a in annotation.__args__ if isinstance(a, type) and issubclass(a, BaseModel))


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    """The vendor index and one page per vendor."""
    views = [vendor_view(v) for v in comparison.vendors]
    links = {v.id: ctx.href(URIS["vendors"], vendor_uri(v.id)) for v in views}
    out = [Page(URIS["vendors"], ctx.render("pages/vendor_index.html", vendors=views, links=links))]
    out += [Page(vendor_uri(view.id), ctx.render("pages/vendor.html", vendor=view)) for view in views]
    return out
