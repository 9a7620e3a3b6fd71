"""A vendor page's facts: every section of the profile as tables, each fact with its numbered
citation, the sources and where they disagree. Read by the vendor page (vendor.py) and by search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from markupsafe import Markup
from pydantic import BaseModel

from site_builder.data.model import SECTIONS, Source, Sourced, Vendor
from site_builder.data.words import PROVENANCE, fact_path, facts, format_value, is_model_list, label
from site_builder.site.render import markdown_html

# A list of small records (credit steps, prices) reads best as a table; larger ones (SLA tiers)
# get a block each, so that every one of their facts, known or not, has its own line.
TABLE_FIELDS = 10


# --- facts, with their citations ----------------------------------------------------------------


@dataclass(frozen=True)
class Cite:
    number: int  # position in the sources list, 1-based
    id: str
    title: str
    url: str | None
    kind: str
    published: str | None
    retrieved: str


@dataclass(frozen=True)
class FactRow:
    path: str  # "sla.tiers.availability_pct" (list items unnumbered, as questions.py names them)
    label: str
    value: str
    known: bool
    help: str
    citation: Cite | None
    disputed: str | None


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    unknown: str  # columns no item knows, in words ("Resolution, Update interval"), shown below the table


@dataclass(frozen=True)
class Block:
    key: str  # the element id: "sla", "sla-tiers-0"
    title: str
    help: str
    known: bool
    rows: tuple[FactRow, ...]
    tables: tuple[Table, ...]
    children: tuple[Block, ...]
    note: Markup | None
    citation: Cite | None
    known_count: str  # "4 of 9 facts known"
    disputes: tuple[str, ...]  # readable paths where sources disagree ("Where sources disagree")
    counts: tuple[int, int] = (
        0,
        0,
    )  # (known, total) facts, its items' included: see `VendorView.known_facts`

    @property
    def unknown(self) -> str:
        """Its own unknown facts by name, in one line: 'Effective, Replaces, Claim window'."""
        return ", ".join(r.label for r in self.rows if not r.known)


@dataclass(frozen=True)
class SourceLine:
    cite: Cite
    publisher: str | None
    note: str | None
    copy_of: str | None = None  # the original's address, when the source is a copy hosted elsewhere
    other_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    where: str  # "SLA › Tiers › Sole remedy"
    path: str
    summary: str
    sources: tuple[Cite, ...]


@dataclass(frozen=True)
class VendorView:
    id: str
    name: str
    products: str
    website: str
    category: str | None
    last_reviewed: str
    known_facts: int
    total_facts: int
    sections: tuple[Block, ...]
    sources: tuple[SourceLine, ...]
    contradictions: tuple[Disagreement, ...]
    notes: Markup | None


class _Cites:
    """Source id -> `Cite`, numbered in the profile's order."""

    def __init__(self, sources: tuple[Source, ...]):
        self.by_id = {
            s.id: Cite(
                i,
                s.id,
                s.title,
                s.url,
                s.kind.replace("_", " "),
                s.published.isoformat() if s.published else None,
                s.retrieved.isoformat(),
            )
            for i, s in enumerate(sources, 1)
        }

    def __call__(self, source_id: str | None) -> Cite | None:
        return self.by_id.get(source_id or "")


def _help(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""


def _block(
    key: str,
    path: str,
    title: str,
    obj: BaseModel | None,
    model: type[BaseModel],
    cites: _Cites,
    inherited: str | None,
    disputes: tuple[str, ...] = (),
    vendor: Vendor | None = None,
) -> Block:
    names = [n for n in model.model_fields if n not in PROVENANCE]
    covers = getattr(obj, "covers", None)
    if vendor is not None and (about := vendor.context_of(covers)) is not None:
        title = f"{title} (context: about {about}; not scored)"
    if obj is None:
        return Block(
            key,
            title,
            _help(model),
            False,
            (),
            (),
            (),
            None,
            None,
            f"0 of {len(names)} facts known",
            disputes,
            (0, len(names)),
        )
    own_source = obj.source_for("", inherited) if isinstance(obj, Sourced) else inherited
    rows: list[FactRow] = []
    tables: list[Table] = []
    children: list[Block] = []
    for name, value in facts(obj):
        if is_model_list(value):
            if len(facts(value[0])) > TABLE_FIELDS or any(
                is_model_list(v) for item in value for _, v in facts(item)
            ):
                for i, item in enumerate(value):
                    title_text = str(getattr(item, "name", None) or f"{label(name)} {i + 1}")
                    children.append(
                        _block(
                            f"{key}-{name}-{i}",
                            f"{path}.{name}",
                            f"{label(name)}: {title_text}",
                            item,
                            type(item),
                            cites,
                            own_source,
                            vendor=vendor,
                        )
                    )
            else:
                tables.append(_table(label(name), value))
            continue
        source_id = obj.source_for(name, inherited) if isinstance(obj, Sourced) else inherited
        rows.append(
            FactRow(
                path=f"{path}.{name}",
                label=label(name),
                value=format_value(value)
                + (
                    f" (inferred, not stated: {obj.inferred[name]})"
                    if isinstance(obj, Sourced) and name in obj.inferred
                    else ""
                ),
                known=value is not None,
                help=type(obj).model_fields[name].description or "",
                citation=cites(source_id) if value is not None else None,
                disputed=obj.disputed_by_vendor.get(name) if isinstance(obj, Sourced) else None,
            )
        )
    # One fact per row and per table (a list of small records), plus the facts of each item block.
    known = sum(r.known for r in rows) + len(tables) + sum(ch.counts[0] for ch in children)
    total = len(rows) + len(tables) + sum(ch.counts[1] for ch in children)
    note = markdown_html(obj.note) if isinstance(obj, Sourced) else None
    return Block(
        key,
        title,
        _help(model),
        True,
        tuple(rows),
        tuple(tables),
        tuple(children),
        note,
        cites(own_source),
        f"{known} of {total} facts known",
        disputes,
        (known, total),
    )


def _table(caption: str, items: tuple[BaseModel, ...]) -> Table:
    fields = [n for n in type(items[0]).model_fields if n not in PROVENANCE]
    names = [n for n in fields if any(getattr(i, n) is not None for i in items)]
    return Table(
        caption,
        tuple(label(n) for n in names),
        tuple(tuple(format_value(getattr(i, n)) for n in names) for i in items),
        ", ".join(label(n) for n in fields if n not in names),
    )


def _section_model(name: str) -> type[BaseModel]:
    annotation = Vendor.model_fields[name].annotation
    return next(a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel))


def vendor_view(vendor: Vendor) -> VendorView:
    """The facts of one profile, section by section, each with its citation."""
    cites = _Cites(vendor.sources)
    contradictions = vendor.contradictions or ()
    blocks = []
    for name in SECTIONS:
        model, section = _section_model(name), getattr(vendor, name)
        disputes = tuple(
            fact_path(c.field, vendor) for c in contradictions if c.field.split(".")[0].split("[")[0] == name
        )
        blocks.append(_block(name, name, label(name), section, model, cites, None, disputes, vendor))
    known, total = sum(b.counts[0] for b in blocks), sum(b.counts[1] for b in blocks)
    return VendorView(
        id=vendor.id,
        name=vendor.name,
        products=", ".join(vendor.product_names),
        website=vendor.website,
        category=format_value(vendor.category) if vendor.category else None,
        last_reviewed=vendor.last_reviewed.isoformat(),
        known_facts=known,
        total_facts=total,
        sections=tuple(blocks),
        sources=tuple(
            SourceLine(cites.by_id[s.id], s.publisher, s.note, s.copy_of, s.other_urls or ())
            for s in vendor.sources
        ),
        contradictions=tuple(
            Disagreement(
                fact_path(c.field, vendor),
                c.field,
                c.summary,
                tuple(x for sid in c.sources if (x := cites(sid))),
            )
            for c in contradictions
        ),
        notes=markdown_html(vendor.notes),
    )
