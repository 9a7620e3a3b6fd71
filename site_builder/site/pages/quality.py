"""The Data quality page: where the research is thin, old or unsupported, for maintainers.

Input: a `Comparison`. Output: the `data-quality.md` page. It lists coverage per vendor and per
criterion (weakest first), the oldest evidence, stale scores, known facts without a source,
sources never cited, facts the vendor disputes, recorded contradictions and profiles due for
review. Ages are counted in days up to `comparison.today`, so a rebuild of the same data gives
the same page. Lists are sorted here; the template only shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from site_builder.comparison import Comparison
from site_builder.data.checks import cited_sources
from site_builder.data.model import SECTIONS, Sourced, Vendor
from site_builder.data.words import PROVENANCE, label
from site_builder.site import search
from site_builder.site.pages.vendor import fact_counts
from site_builder.site.render import URIS, Page, RenderContext, vendor_uri

PAGE = URIS["quality"]
REVIEW_AFTER_DAYS = 180  # a profile not checked against its sources for longer is due for review
OLDEST_SHOWN = 20  # how many of the oldest sources the page lists


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class VendorCoverage:
    vendor: Link
    criteria_known: str  # "5 of 29"
    share: str  # "17%"
    facts_known: str  # "18 of 92": the facts its vendor page lists (VendorView.known_facts, total_facts)
    missing: str  # sections not recorded, or "none"


@dataclass(frozen=True)
class CriterionCoverage:
    criterion: Link
    category: str
    known: str  # "3 of 13" vendors
    share: str
    stale: int


@dataclass(frozen=True)
class SourceAge:
    vendor: Link
    title: str
    url: str | None
    kind: str
    date: str
    dated_by: str  # published or retrieved
    age: int  # days before today


@dataclass(frozen=True)
class StaleCell:
    vendor: Link
    criterion: Link
    date: str
    age: int
    fresh_days: int


@dataclass(frozen=True)
class FactNote:
    """A fact of a profile (its path in the YAML) and what is wrong with it or said about it."""

    vendor: Link
    path: str
    detail: str


@dataclass(frozen=True)
class Uncited:
    vendor: Link
    source_id: str
    title: str
    kind: str


@dataclass(frozen=True)
class ContradictionRow:
    vendor: Link
    field: str
    summary: str
    sources: str


@dataclass(frozen=True)
class ReviewDue:
    vendor: Link
    reviewed: str
    age: int


@dataclass(frozen=True)
class QualityView:
    today: str
    vendors: int
    criteria: int
    sources: int
    cells_known: int
    cells: int
    by_vendor: tuple[VendorCoverage, ...]
    by_criterion: tuple[CriterionCoverage, ...]
    oldest: tuple[SourceAge, ...]
    stale: tuple[StaleCell, ...]
    unsourced: tuple[FactNote, ...]
    uncited: tuple[Uncited, ...]
    disputed: tuple[FactNote, ...]
    contradictions: tuple[ContradictionRow, ...]
    review_after: int
    review_due: tuple[ReviewDue, ...]
    methodology: str


# --- walking a profile's facts --------------------------------------------------------------------


def sourced_items(vendor: Vendor) -> Iterator[tuple[str, Sourced, str | None]]:
    """(YAML path, item, source it inherits) for every section and nested sourced item (SLA tiers,
    components); a nested item inherits the source its parent gives the field that holds it."""

    def visit(path: str, obj: Sourced, inherited: str | None) -> Iterator[tuple[str, Sourced, str | None]]:
        yield path, obj, inherited
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            items = value if isinstance(value, tuple) else (value,)
            for i, item in enumerate(items):
                if isinstance(item, Sourced):
                    where = f"{path}.{name}[{i}]" if isinstance(value, tuple) else f"{path}.{name}"
                    yield from visit(where, item, obj.source_for(name, inherited))

    for section in SECTIONS:
        obj = getattr(vendor, section)
        if obj is not None:
            yield from visit(section, obj, None)


def unsourced_facts(vendor: Vendor) -> list[tuple[str, str]]:
    """(path, why) of every known fact whose source is missing or not among the profile's sources.
    Validation refuses both, so on validated data this is empty; the page shows it anyway."""
    ids = {s.id for s in vendor.sources}
    out = []
    for path, obj, inherited in sourced_items(vendor):
        for name in type(obj).model_fields:
            if name in PROVENANCE or getattr(obj, name) is None:
                continue
            source = obj.source_for(name, inherited)
            if source is None:
                out.append((f"{path}.{name}", "no source named"))
            elif source not in ids:
                out.append((f"{path}.{name}", f"cites '{source}', which is not in the profile's sources"))
    return out


def disputed_facts(vendor: Vendor) -> list[tuple[str, str]]:
    """(path, the vendor's objection) for every fact the vendor disputes."""
    return [
        (f"{path}.{name}", text)
        for path, obj, _ in sourced_items(vendor)
        for name, text in obj.disputed_by_vendor.items()
    ]


# --- the view ------------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _age(today: date, then: date) -> int:
    return (today - then).days


def _by_vendor(
    comparison: Comparison, vendors: list[Vendor], link: dict[str, Link], ctx: RenderContext
) -> tuple[VendorCoverage, ...]:
    n = len(comparison.criteria.criteria)
    rows = []
    for v in vendors:
        scored = comparison.board.vendor(v.id)
        known = sum(s.known for s in scored.scores)
        facts_known, facts_total = fact_counts(ctx, v)  # as its vendor page counts them
        missing = ", ".join(label(s) for s in SECTIONS if getattr(v, s) is None) or "none"
        row = VendorCoverage(
            link[v.id], f"{known} of {n}", _pct(known, n), f"{facts_known} of {facts_total}", missing
        )
        rows.append(((known, facts_known, v.name.lower(), v.id), row))
    return tuple(row for _, row in sorted(rows, key=lambda r: r[0]))


def _by_criterion(
    comparison: Comparison, vendors: list[Vendor], crit_link: dict[str, Link]
) -> tuple[CriterionCoverage, ...]:
    c = comparison.criteria
    cats = {k.id: k.label for k in c.categories}
    rows = []
    for i, k in enumerate(c.criteria):
        cells = [comparison.board.vendor(v.id).score(k.id) for v in vendors]
        known = sum(s.known for s in cells)
        stale = sum(s.stale for s in cells)
        row = CriterionCoverage(
            crit_link[k.id], cats[k.category], f"{known} of {len(cells)}", _pct(known, len(cells)), stale
        )
        rows.append(((known, i), row))
    return tuple(row for _, row in sorted(rows, key=lambda r: r[0]))


def _oldest(vendors: list[Vendor], link: dict[str, Link], today: date) -> tuple[SourceAge, ...]:
    dated = sorted(
        ((s.published or s.retrieved, v.name.lower(), v.id, s.id), v, s) for v in vendors for s in v.sources
    )
    return tuple(
        SourceAge(
            link[v.id],
            s.title,
            s.url,
            label(s.kind),
            when.isoformat(),
            "published" if s.published else "retrieved",
            _age(today, when),
        )
        for (when, *_), v, s in dated[:OLDEST_SHOWN]
    )


def _stale(
    comparison: Comparison, vendors: list[Vendor], link: dict[str, Link], crit_link: dict[str, Link]
) -> tuple[StaleCell, ...]:
    c, today = comparison.criteria, comparison.today
    rows = []
    for v in vendors:
        for i, (k, s) in enumerate(zip(c.criteria, comparison.board.vendor(v.id).scores, strict=True)):
            fresh, when = c.fresh_days(k), s.evidence_date
            # a score is stale only when it has an evidence date and a freshness limit
            if s.stale and when is not None and fresh is not None:
                row = StaleCell(link[v.id], crit_link[k.id], when.isoformat(), _age(today, when), fresh)
                rows.append(((when, v.name.lower(), v.id, i), row))
    return tuple(row for _, row in sorted(rows, key=lambda r: r[0]))


def quality_view(comparison: Comparison, ctx: RenderContext) -> QualityView:
    c, today = comparison.criteria, comparison.today
    vendors = sorted(comparison.vendors, key=lambda v: (v.name.lower(), v.id))
    link = {v.id: Link(v.name, ctx.href(PAGE, vendor_uri(v.id))) for v in vendors}
    method = ctx.href(PAGE, URIS["methodology"])
    crit_link = {k.id: Link(k.label, f"{method}#criterion-{k.id}") for k in c.criteria}
    cited = {v.id: cited_sources(v) for v in vendors}
    return QualityView(
        today=today.isoformat(),
        vendors=len(vendors),
        criteria=len(c.criteria),
        sources=sum(len(v.sources) for v in vendors),
        cells_known=sum(s.known for sv in comparison.board.vendors for s in sv.scores),
        cells=len(c.criteria) * len(vendors),
        by_vendor=_by_vendor(comparison, vendors, link, ctx),
        by_criterion=_by_criterion(comparison, vendors, crit_link),
        oldest=_oldest(vendors, link, today),
        stale=_stale(comparison, vendors, link, crit_link),
        unsourced=tuple(FactNote(link[v.id], p, why) for v in vendors for p, why in unsourced_facts(v)),
        uncited=tuple(
            Uncited(link[v.id], s.id, s.title, label(s.kind))
            for v in vendors
            for s in v.sources
            if s.id not in cited[v.id]
        ),
        disputed=tuple(FactNote(link[v.id], p, text) for v in vendors for p, text in disputed_facts(v)),
        contradictions=tuple(_contradictions(vendors, link)),
        review_after=REVIEW_AFTER_DAYS,
        review_due=tuple(
            ReviewDue(link[v.id], v.last_reviewed.isoformat(), _age(today, v.last_reviewed))
            for v in sorted(vendors, key=lambda v: (v.last_reviewed, v.name.lower(), v.id))
            if _age(today, v.last_reviewed) > REVIEW_AFTER_DAYS
        ),
        methodology=method,
    )


def _contradictions(vendors: list[Vendor], link: dict[str, Link]) -> Iterator[ContradictionRow]:
    for v in vendors:
        titles = {s.id: s.title for s in v.sources}
        for item in v.contradictions or ():
            names = "; ".join(titles.get(ref, ref) for ref in item.sources)
            yield ContradictionRow(link[v.id], item.field, item.summary, names)


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    view = quality_view(comparison, ctx)
    return [Page(PAGE, ctx.render("pages/quality.html", q=view), search=search.quality_text(view))]
