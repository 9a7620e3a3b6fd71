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
    index = sorted((index_row(comparison, v.id, links[v.id]) for v in views), key=lambda r: (r.name.lower(), r.id))
    personas = tuple(p.label for p in comparison.criteria.personas)
    out = [Page(URIS["vendors"], ctx.render(
        "pages/vendor_index.html", rows=index, personas=personas,
        matrix=ctx.href(URIS["vendors"], URIS["matrix"]), compare=ctx.href(URIS["vendors"], URIS["compare"]),
    ))]  # fmt: skip
    out += [Page(vendor_uri(view.id), ctx.render("pages/vendor.html", vendor=view, o=overview(comparison, view.id, ctx)))
            for view in views]  # fmt: skip
    return out


# --- the scored overview at the top of each vendor page ----------------------------------------

FRESH_DAYS, STALE_DAYS = 180, 365  # reviewed within FRESH_DAYS: current; beyond STALE_DAYS: stale


@dataclass(frozen=True)
class PersonaLine:
    label: str
    rank: str  # "2 of 12", or "excluded"
    total: str
    score_range: str
    p_rank1: str | None
    coverage: str
    excluded: str | None


@dataclass(frozen=True)
class FlagLine:
    severity: str
    message: str
    href: str
    unknown: bool


@dataclass(frozen=True)
class MetricLine:
    label: str
    value: str
    explanation: str
    known: bool


@dataclass(frozen=True)
class QuestionLine:
    text: str
    items: str  # "for: Enterprise, Standard" or ""


@dataclass(frozen=True)
class QuestionGroup:
    section: str
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True)
class HistoryLine:
    date: str
    subject: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    headline: str
    freshness: str  # current / ageing / stale
    freshness_words: str
    criteria_known: int
    criteria_total: int
    personas: tuple[PersonaLine, ...]
    flags: tuple[FlagLine, ...]
    metrics: tuple[MetricLine, ...]
    chart: Markup
    questions: tuple[QuestionGroup, ...]
    question_count: int
    history: tuple[HistoryLine, ...] | None  # None: no history was read
    compare_href: str
    matrix_href: str


def freshness(reviewed, today) -> tuple[str, str]:
    """('current' | 'ageing' | 'stale', words) from the days since the last review."""
    days = (today - reviewed).days
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
    if days > STALE_DAYS:
        return "stale", f"Stale: reviewed {ago} (more than {STALE_DAYS} days)"
    if days > FRESH_DAYS:
        return "ageing", f"Ageing: reviewed {ago} (more than {FRESH_DAYS} days)"
    return "current", f"Current: reviewed {ago}"


def headline(metrics: dict) -> str:
    """The SLA and maintenance in one plain sentence, saying what is unknown."""
    allowed, planned = metrics["allowed_downtime_month_min"], metrics["planned_downtime_quarter_h"]
    excluded = metrics["maintenance_excluded"]
    if not allowed.known:
        first = "The availability this vendor commits to is unknown, so the downtime its SLA allows is too"
    else:
        first = f"This SLA allows up to {_num(allowed.value)} minutes of downtime a month"
    if not planned.known:
        return first + "; how much planned maintenance comes on top is unknown."
    if planned.value == 0:
        return first + ", and no planned maintenance."
    hours = f"{_num(planned.value)} hour{'s' if planned.value != 1 else ''} of planned maintenance a quarter"
    if excluded.known and excluded.value:
        return f"{first}, plus {hours} that do not count against it."
    if excluded.known:
        return f"{first}; its {hours} count against it."
    return f"{first}, and {hours} (whether they count against the SLA is unknown)."


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def overview(c: Comparison, vid: str, ctx: RenderContext) -> Overview:
    from .chart import Bar, bar_chart
    from .diff import vendor_lines
    from .page_changes import readable
    from .questions import unknown_questions

    here = vendor_uri(vid)
    v, vendor = c.board.vendor(vid), c.vendor(vid)
    metrics = {m.id: m for m in v.metrics}
    state, words = freshness(vendor.last_reviewed, c.today)
    personas = []
    for p in v.personas:
        ranked = len(c.board.ranking(p.persona).ranked)
        failed = "; ".join(m.label for m in p.must_haves if m.status == "fail") or None
        personas.append(PersonaLine(
            c.criteria.persona(p.persona).label, f"{p.rank} of {ranked}" if p.rank else "excluded",
            f"{p.total:.1f}", f"{p.low:.1f}–{p.high:.1f}",
            f"{c.robust(p.persona).p_rank1(vid):.0%}" if p.rank else None, f"{p.coverage:.0%}", failed,
        ))  # fmt: skip
    flags = tuple(
        FlagLine(f.severity, f.message, ctx.href(here, f.guide.split("#")[0]) + ("#" + f.guide.split("#")[1] if "#" in f.guide else ""), f.unknown)
        for f in v.flags
    )  # fmt: skip
    derived = tuple(MetricLine(m.label, m.display, m.explanation, m.known) for m in v.metrics if "." not in m.id)
    bars = []
    for cat in c.criteria.categories:
        scores = [s for s in v.scores if c.criteria.criterion(s.criterion).category == cat.id]
        if scores:
            bars.append(Bar(cat.label, sum(s.score for s in scores) / len(scores),
                            sum(s.best for s in scores) / len(scores), sum(s.known for s in scores), len(scores)))  # fmt: skip
    groups: dict[str, list[QuestionLine]] = {}
    asked = unknown_questions(vendor)
    for a in asked:
        items = f"for: {', '.join(a.items)}" if a.items else ""
        groups.setdefault(label(a.question.section), []).append(QuestionLine(a.question.text, items))
    history = None
    if c.history is not None:
        history = tuple(HistoryLine(ch.date.isoformat(), ch.subject, tuple(vendor_lines(ch.diff, vid, readable)))
                        for ch in c.history.changes if vendor_lines(ch.diff, vid))  # fmt: skip
    return Overview(
        headline=headline(metrics), freshness=state, freshness_words=words,
        criteria_known=sum(s.known for s in v.scores), criteria_total=len(v.scores),
        personas=tuple(personas), flags=flags, metrics=derived,
        chart=bar_chart(bars, f"Category scores of {v.name}: solid as scored, hatched up to the best case"),
        questions=tuple(QuestionGroup(k, tuple(q)) for k, q in groups.items()), question_count=len(asked),
        history=history, compare_href=ctx.href(here, URIS["compare"]) + f"#vendors={vid}",
        matrix_href=ctx.href(here, URIS["matrix"]),
    )  # fmt: skip


@dataclass(frozen=True)
class IndexRow:
    id: str
    name: str
    href: str
    products: str
    coverage: str
    reviewed: str
    freshness: str
    freshness_words: str
    ranks: tuple[str, ...]  # per persona: "3", or "excluded"
    flags: str  # "1 high, 1 low" or "none"


def index_row(c: Comparison, vid: str, href: str) -> IndexRow:
    v, vendor = c.board.vendor(vid), c.vendor(vid)
    state, words = freshness(vendor.last_reviewed, c.today)
    counts = [f"{n} {sev}" for sev in ("high", "medium", "low") if (n := sum(f.severity == sev for f in v.flags))]
    return IndexRow(vid, v.name, href, ", ".join(vendor.products), f"{v.coverage:.0%}",
                    vendor.last_reviewed.isoformat(), state, words,
                    tuple(str(p.rank) if p.rank else "excluded" for p in v.personas), ", ".join(counts) or "none")  # fmt: skip
