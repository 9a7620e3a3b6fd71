"""The compare page: two to four vendors side by side, differences marked, selection in the URL.

Input: a `Comparison`. Output: the `compare.md` page. The rows (persona scores, every criterion,
every fact of the profiles with its source) are declared once here as `RowDef`s, and each
vendor's cells are stored by row key. The page renders the default selection (the first
persona's top picks) without JavaScript; `assets/javascripts/compare.js` renders any other
selection from the same JSON block, so both views show exactly the same rows and values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from site_builder.comparison import Comparison
from site_builder.data.model import SECTIONS, Source, Sourced, Vendor
from site_builder.data.words import PROVENANCE, format_value, is_model_list, label, singular
from site_builder.site.render import URIS, Page, RenderContext, json_script, vendor_uri

MAX_PICKS = 4
OPEN_LIST = 40  # up to this many vendors the pick list is shown whole; beyond, it starts closed and the filter opens it
_NAMED = (
    "name",
    "id",
)  # a list item a buyer knows by its name: a tier “Five9 services”, a programme “Premier”
_MARKED = ("level", "kind")  # otherwise by its level or kind (severity P1), or its place (credit 2)
_NAMING = {label(k) for k in _NAMED}
_ITEM_NAME = re.compile(r"”: (?:name|id)$")
_ITEM = re.compile(r"^(.*) (“.*”|#.*)$")


@dataclass(frozen=True)
class RowDef:
    key: str
    group: str
    label: str
    item: bool = False  # a fact of a named list item: a vendor without the item has "not in its profile"


@dataclass(frozen=True)
class Cell:
    text: str  # "unknown" for an unknown, never a number
    known: bool
    note: str  # "source 2" for a fact (its vendor's sources are listed under the table), or the score's explanation
    bad: bool = False  # known to be bad: the scale's worst, or nothing committed
    absent: bool = False  # a list item (an SLA tier, a price) the vendor's profile does not have


@dataclass(frozen=True)
class VendorColumn:
    id: str
    name: str
    href: str
    cells: dict[str, Cell]
    sources: tuple[str, ...] = ()  # the sources its facts cite, numbered from 1 in the cells' notes


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    cells: tuple[Cell, ...]
    differs: bool
    fact: bool = False  # a fact of the profiles: its note is the source's number, shown on the value's line
    notes: tuple[
        str, ...
    ] = ()  # an unknown's explanation shared by several picked vendors, said once for the row
    cell_notes: tuple[str, ...] = ()  # the note each cell shows: its own, or "" when the row says it


@dataclass(frozen=True)
class TableGroup:
    label: str
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class CompareView:
    picked: tuple[VendorColumn, ...]
    groups: tuple[TableGroup, ...]
    differing: int
    choices: tuple[tuple[str, str], ...]  # (id, name) for the picker, by name
    persona_label: str
    data: dict[str, Any]
    status: str  # the status line for this selection, as compare.js words it (no shift when it runs)
    open_list: int = OPEN_LIST


def _cite(sources: dict[str, Source], sid: str | None) -> str:
    s = sources.get(sid or "")
    if s is None:
        return ""
    when = s.published or s.retrieved
    where = f" {s.url}" if s.url else ""  # written out: a printed or copied comparison stays traceable
    return f"{s.title} ({s.kind.replace('_', ' ')}, {when.isoformat()}){where}"


def _facts(
    obj: BaseModel,
    prefix: str,
    sources: dict[str, Source],
    inherited: str | None,
    out: dict[str, tuple[str, str, str]],
) -> None:
    """(group, label, value, citation) for every known fact; list items labelled by their name."""
    own = obj.source_for("", inherited) if isinstance(obj, Sourced) else inherited
    for name in type(obj).model_fields:
        if name in PROVENANCE:
            continue
        value = getattr(obj, name)
        if value is None:
            continue
        path = f"{prefix} › {label(name)}"
        if isinstance(value, BaseModel):
            _facts(value, path, sources, own, out)
        elif is_model_list(value):  # a list of records (not names mixed with records)
            for i, item in enumerate(value):
                named = next((getattr(item, k) for k in _NAMED if getattr(item, k, None) is not None), None)
                marked = next(
                    (getattr(item, k) for k in _MARKED if getattr(item, k, None) is not None), i + 1
                )
                item_path = f"{path} “{named}”" if named is not None else f"{path} #{marked}"
                _facts(item, item_path, sources, own, out)
        else:
            sid = obj.source_for(name, inherited) if isinstance(obj, Sourced) else own
            out[path] = (format_value(value), _cite(sources, sid), "")


def _vendor_cells(c: Comparison, v: Vendor) -> tuple[dict[str, Cell], tuple[str, ...]]:
    """A vendor's cells by row key, and the sources its facts cite (each fact's note gives the
    number): a source is written out once under the table, not in every cell it backs."""
    scored = c.board.vendor(v.id)
    cells: dict[str, Cell] = {}
    for p in scored.personas:
        if p.rank is not None:
            rank = f"rank {c.board.rank_text(v.id, p.persona)}"
        else:
            rank = "excluded: " + "; ".join(m.label for m in p.must_haves if m.status == "fail")
        cells[f"persona:{p.persona}"] = Cell(
            f"{p.total:.1f} ({p.low:.1f}–{p.high:.1f}), {rank}",
            True,
            f"{p.coverage:.0%} of the weighted criteria known",
        )
    cells["coverage"] = Cell(f"{scored.coverage:.0%}", True, "")
    cells["reviewed"] = Cell(v.last_reviewed.isoformat(), True, "")
    flags = "; ".join(f"{f.severity}: {f.message}" for f in scored.flags)
    cells["flags"] = Cell(flags or "none", True, "")
    for s in scored.scores:
        if s.known:
            cells[f"criterion:{s.criterion}"] = Cell(f"{s.display} (score {s.score:.0f})", True, "", s.bad)
        else:
            cells[f"criterion:{s.criterion}"] = Cell(s.display, s.bad, s.note, s.bad)
    sources = {s.id: s for s in v.sources}
    cited: dict[str, int] = {}
    for section in SECTIONS:
        obj = getattr(v, section)
        if obj is None:
            continue
        found: dict[str, tuple[str, str, str]] = {}
        _facts(obj, label(section), sources, None, found)
        for path, (text, cite, _) in found.items():
            number = cited.setdefault(cite, len(cited) + 1) if cite else 0
            cells[f"fact:{path}"] = Cell(text, True, f"source {number}" if number else "")
    return cells, tuple(cited)


def _row_defs(c: Comparison, columns: dict[str, dict[str, Cell]]) -> list[RowDef]:
    crit = c.criteria
    rows = [RowDef(f"persona:{p.id}", "Scores", f"{p.label}: score (range), rank") for p in crit.personas]
    rows += [
        RowDef("coverage", "Scores", "Criteria known"),
        RowDef("reviewed", "Scores", "Last reviewed"),
        RowDef("flags", "Scores", "Red flags"),
    ]
    for cat in crit.categories:
        rows += [
            RowDef(f"criterion:{k.id}", cat.label, k.label) for k in crit.criteria if k.category == cat.id
        ]
    facts: dict[str, None] = {}
    for cells in columns.values():  # first appearance order, vendors by id: deterministic
        facts.update((k, None) for k in cells if k.startswith("fact:"))
    named = {key: fact_words(key[5:]) for key in facts}
    order = {label(s): i for i, s in enumerate(SECTIONS)}
    first: dict[str, int] = {}
    for group, _ in named.values():
        first.setdefault(group, len(first))
    # a section's facts, then each named list item's under its own heading; stable within a group
    keys = sorted(facts, key=lambda k: (order.get(k[5:].split(" › ")[0], len(order)), first[named[k][0]]))
    rows += [
        RowDef(key, f"Facts: {group}", text, group not in order)
        for key in keys
        for group, text in [named[key]]
        if not (group not in order and text in _NAMING) and not _ITEM_NAME.search(text)
        # a named item's name is already its group's heading, or its label's start
    ]
    return rows


def fact_words(path: str) -> tuple[str, str]:
    """A fact's place as a group heading and a row label in words, no path: 'SLA › Tiers “Five9
    services” › Credits #1 › Credit (%)' -> ('SLA tier “Five9 services”', 'Credit 1: credit (%)');
    'Support › Hours › Start' -> ('Support', 'Hours: start'). A named list item (a tier, a programme,
    a price) heads its own group; a numbered one (credit 2, severity P1) says itself in the label."""
    section, *parts = path.split(" › ")
    group = section
    if len(parts) > 1 and (m := _ITEM.match(parts[0])) and m.group(2).startswith("“"):
        group = f"{section} {_lower(singular(m.group(1)))} {m.group(2)}"
        parts = parts[1:]
    words = []
    for part in parts[:-1]:
        m = _ITEM.match(part)
        if m is None:
            words.append(part)
        else:
            words.append(f"{singular(m.group(1))} {m.group(2).removeprefix('#')}")
    context = ", ".join(w if i == 0 else _lower(w) for i, w in enumerate(words))
    return group, f"{context}: {_lower(parts[-1])}" if context else parts[-1]


def _lower(text: str) -> str:
    """'Credit (%)' -> 'credit (%)'; an acronym keeps its capitals ('RTO', 'SLA')."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _default_picks(c: Comparison) -> list[str]:
    first = c.criteria.personas[0].id
    ranked = list(c.board.ranking(first).ranked) + list(c.board.ranking(first).excluded)
    return ranked[: min(3, len(ranked))]


def compare_view(c: Comparison, ctx: RenderContext, picks: list[str] | None = None) -> CompareView:
    here = URIS["compare"]
    made = {v.id: _vendor_cells(c, v) for v in c.vendors}
    columns = {vid: cells for vid, (cells, _) in made.items()}
    cited = {vid: sources for vid, (_, sources) in made.items()}
    rows = _row_defs(c, columns)
    picks = picks if picks is not None else _default_picks(c)
    picked = tuple(
        VendorColumn(v, c.vendor(v).name, ctx.href(here, vendor_uri(v)), columns[v], cited[v]) for v in picks
    )
    unknown = Cell("unknown", False, "")
    absent = Cell(NOT_IN_PROFILE, False, "", absent=True)
    items = {vid: item_groups(cells) for vid, cells in columns.items()}
    groups: dict[str, list[TableRow]] = {}
    differing = 0
    for r in rows:
        cells = tuple(
            col.cells.get(r.key, absent if r.item and r.group not in items[col.id] else unknown)
            for col in picked
        )
        if r.key.startswith("fact:") and not any(cell.known for cell in cells):
            continue  # a fact none of the picked vendors records
        differs = len({cell.text for cell in cells}) > 1
        differing += differs
        notes, cell_notes = shared_notes(cells, [col.name for col in picked])
        groups.setdefault(r.group, []).append(
            TableRow(r.key, r.label, cells, differs, r.key.startswith("fact:"), notes, cell_notes)
        )
    data = _data(c, ctx, rows, columns, cited, picks)
    choices = tuple(sorted(((v.id, v.name) for v in c.vendors), key=lambda x: (x[1].lower(), x[0])))
    return CompareView(
        picked,
        tuple(TableGroup(g, tuple(rs)) for g, rs in groups.items()),
        differing,
        choices,
        c.criteria.personas[0].label,
        data,
        _status(len(picked), differing, sum(len(rs) for rs in groups.values())),
    )


NOT_IN_PROFILE = "not in its profile"


def item_groups(cells: dict[str, Cell]) -> set[str]:
    """The groups of facts a vendor's profile has: its sections and named list items (an SLA tier)."""
    return {f"Facts: {fact_words(key[5:])[0]}" for key in cells if key.startswith("fact:")}


def shared_notes(cells: tuple[Cell, ...], names: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One explanation per cause: an unknown's note that several picked vendors share is said once,
    for the row ("Unknown for Five9 and UJET: …", "Unknown for all 3: …"), and left out of their
    cells, which keep the unknown mark. compare.js words it the same way (rowNotes)."""
    by_note: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        if not cell.known and not cell.bad and cell.note:
            by_note.setdefault(cell.note, []).append(i)
    shared = {note: at for note, at in by_note.items() if len(at) > 1}
    notes = tuple(_row_note(note, [names[i] for i in at], len(cells)) for note, at in shared.items())
    said = {i for at in shared.values() for i in at}
    return notes, tuple("" if i in said else cell.note for i, cell in enumerate(cells))


def _row_note(note: str, names: list[str], picked: int) -> str:
    if len(names) == picked:
        who = "both" if picked == 2 else f"all {picked}"
    else:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    cause = note.removeprefix("Unknown: ")
    return f"Unknown for {who}: {cause}"


def _status(picked: int, differing: int, rows: int) -> str:
    if picked < 2:
        return "Pick at least two vendors."
    return f"Comparing {picked} vendors: {differing} of {rows} rows differ."


def _data(
    c: Comparison,
    ctx: RenderContext,
    rows: list[RowDef],
    columns: dict[str, dict[str, Cell]],
    cited: dict[str, tuple[str, ...]],
    picks: list[str],
) -> dict[str, Any]:
    """What compare.js reads, each thing once: the rows in order ([group, label, 1 for a fact of the profiles]), every distinct
    text and note once in `strings`, and per vendor its cells as one flat list of integers,
    four per cell: row index, text (index into strings), state (0 unknown, 1 known, 2 known-bad),
    note (index into strings), and the sources its facts cite (indexes into strings, numbered
    from 1 in the notes). A vendor's cells repeat no key, label or citation text."""
    strings: dict[str, int] = {}

    def ref(text: str) -> int:
        return strings.setdefault(text, len(strings))

    ref("")  # index 0: no note
    ref(NOT_IN_PROFILE)  # index 1: the text of a list item's row for a vendor without the item
    at = {r.key: i for i, r in enumerate(rows)}
    named = {r.group for r in rows if r.item}
    vendors = {}
    for v in c.vendors:
        flat: list[int] = []
        for key, cell in columns[v.id].items():
            if key in at:  # (a list item's name is its group's heading, not a row)
                flat += (at[key], ref(cell.text), 2 if cell.bad else 1 if cell.known else 0, ref(cell.note))
        vendors[v.id] = {
            "name": v.name,
            "href": ctx.href(URIS["compare"], vendor_uri(v.id)),
            "cells": flat,
            "sources": [ref(text) for text in cited[v.id]],
            "items": [ref(group) for group in sorted(item_groups(columns[v.id])) if group in named],
        }
    return {
        "max": MAX_PICKS,
        "defaults": picks,
        # 1: a fact, hidden when no pick records it; 2: a fact of a named list item, "not in its
        # profile" for a vendor whose `items` lack the row's group
        "rows": [[r.group, r.label, 2 if r.item else int(r.key.startswith("fact:"))] for r in rows],
        "strings": list(strings),
        "vendors": vendors,
    }


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    view = compare_view(comparison, ctx)
    html = ctx.render("pages/compare.html", v=view, data=json_script(view.data, "sb-compare-data"))
    return [Page(URIS["compare"], html)]
