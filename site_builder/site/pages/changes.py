"""The "What changed" page: the history of the vendor data in plain words, newest first.

Input: a `Comparison` whose `history` was read from git (`history.read_history`). Output: the
`changes.md` page. Each change is headed by what it changed for a buyer ("Alpha Contact:
availability 99.99% → 99.9%; rank 1 → 2 for the regulated buyer"); the commit (hash, author, date,
subject) is a detail under that heading. Without a history (a tarball, a shallow clone) the page
says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.data.words import fact_path
from site_builder.history.diff import DataDiff, FactChange
from site_builder.history.diff_report import vendor_lines
from site_builder.site.render import URIS, Page, RenderContext, vendor_uri


@dataclass(frozen=True)
class VendorEntry:
    name: str
    href: str | None  # None when the vendor is no longer in the comparison
    lines: tuple[str, ...]


HEADLINE_VENDORS = 2  # vendors named in a change's heading; the others are counted


@dataclass(frozen=True)
class ChangeView:
    headline: str  # what changed for a buyer: "Alpha Contact: availability 99.99% → 99.9%; …"
    commit: str
    author: str
    date: str
    subject: str
    top_picks: tuple[str, ...]  # "Regulated buyer: UJET → Five9"
    vendors: tuple[VendorEntry, ...]
    problems: int


@dataclass(frozen=True)
class ChangesView:
    changes: tuple[ChangeView, ...]
    unavailable: str | None
    truncated: bool


def changes_view(comparison: Comparison, ctx: RenderContext) -> ChangesView:
    history = ctx.history
    if history is None:
        return ChangesView((), "the history was not read for this build", False)
    here = URIS["changes"]
    current = {v.id for v in comparison.vendors}
    views = []
    for change in history.changes:
        d = change.diff
        names = dict(d.added) | dict(d.removed) | dict(d.revalidated) | {v.id: v.name for v in d.vendors}
        names |= {n.id: n.name for n in d.not_validated}
        for p in d.personas:
            names |= {m.vendor: m.name for m in p.moves}
        names |= {f.vendor: f.name for f in d.flags}
        entries = []
        for vid in sorted(names, key=lambda i: names[i].lower()):
            lines = vendor_lines(d, vid, fact_path)
            if lines:
                href = ctx.href(here, vendor_uri(vid)) if vid in current else None
                entries.append(VendorEntry(names[vid], href, tuple(lines)))
        tops = tuple(
            f"{p.label}: {', '.join(p.top_before) or 'none'} → {', '.join(p.top_after) or 'none'}"
            for p in d.personas
            if p.top_before != p.top_after
        )
        views.append(
            ChangeView(
                headline(d, names) or change.subject,
                change.commit,
                change.author,
                change.date.isoformat(),
                change.subject,
                tops,
                tuple(entries),
                len(d.problems),
            )
        )
    return ChangesView(tuple(views), history.unavailable, history.truncated)


def _fact_words(f: FactChange) -> str:
    """'availability 99.99% → 99.9%': the fact's own name (its unit is in the values), then the change."""
    *parents, name = fact_path(f.path).split(" › ")
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    if " " not in name and parents and not re.search(r"“|\d$", parents[-1]):
        name = f"{parents[-1]} {name[:1].lower() + name[1:]}"  # "Starts" -> "Claim window starts"
    if name[1:2].islower():
        name = name[:1].lower() + name[1:]  # "Availability" -> "availability"; "SLA" stays
    before = "unknown" if f.before is None else f.before
    after = "unknown" if f.after is None else f.after
    return f"{name} {before} → {after}"


def _persona_words(label: str) -> str:
    """'Regulated buyer (healthcare, finance)' -> 'the regulated buyer'."""
    short = label.split(" (")[0]
    return "the " + (short[:1].lower() + short[1:] if short[1:2].islower() else short)


def _rank_moves(d: DataDiff) -> dict[str, tuple[str, int, int]]:
    """Each vendor's largest rank move over the personas, in words, with (1 if it moved to or from
    first place, how many places): 'rank 3 → 1 for the regulated buyer', 'now excluded for …'."""
    best: dict[str, tuple[str, int, int]] = {}
    for p in d.personas:
        who = _persona_words(p.label)
        for m in p.moves:
            before, after = m.rank_before, m.rank_after
            if before and after and before != after:
                move = (f"rank {before} → {after} for {who}", int(1 in (before, after)), abs(before - after))
            elif m.note.startswith("now excluded") and before:
                move = (f"now excluded for {who} (fails a must-have)", int(before == 1), before)
            elif m.note == "no longer excluded" and after:
                move = (f"no longer excluded for {who}", int(after == 1), after)
            else:
                continue
            if m.vendor not in best or move[1:] > best[m.vendor][1:]:
                best[m.vendor] = move
    return best


def headline(d: DataDiff, names: dict[str, str]) -> str:
    """What one change did for a buyer, in one line: per vendor its first changed fact and its
    largest rank move (a move to or from first place before any other), the vendors with a move
    to or from first place first; HEADLINE_VENDORS vendors named, the rest counted. Empty when
    the change touched no vendor (then the commit's subject heads it)."""
    parts: dict[str, list[str]] = {}
    weight: dict[str, tuple[int, int]] = {}  # (moved to/from first place, size of the largest move)
    for vid, _name in d.added:
        parts.setdefault(vid, []).append("added")
    for vid, _name in d.removed:
        parts.setdefault(vid, []).append("removed")
    for n in d.not_validated:
        parts.setdefault(n.id, []).append("profile does not validate")
    for vid, _name in d.revalidated:
        parts.setdefault(vid, []).append("profile validates again")
    for v in d.vendors:
        if v.facts:
            more = len(v.facts) - 1
            parts.setdefault(v.id, []).append(
                _fact_words(v.facts[0]) + (f" and {more} more fact{'s' if more != 1 else ''}" if more else "")
            )
        elif v.sources or v.contradictions:
            parts.setdefault(v.id, []).append("sources updated")
    for vid, (rank_words, top, size) in _rank_moves(d).items():
        parts.setdefault(vid, []).append(rank_words)
        weight[vid] = (top, size)
    for vid in dict.fromkeys(f.vendor for f in d.flags):
        for change in ("raised", "cleared"):
            mine = [f for f in d.flags if f.vendor == vid and f.change == change]
            if len(mine) == 1:
                parts.setdefault(vid, []).append(f"red flag {change} ({mine[0].severity})")
            elif mine:
                parts.setdefault(vid, []).append(f"{len(mine)} red flags {change}")

    def key(vid: str) -> tuple[int, int, str]:
        top, size = weight.get(vid, (0, 0))
        return (-top, -size, names.get(vid, vid).lower())

    order = sorted(parts, key=key)
    shown = [
        f"{names.get(vid, vid)}: {'; '.join(dict.fromkeys(parts[vid]))}" for vid in order[:HEADLINE_VENDORS]
    ]
    rest = len(order) - len(shown)
    if rest:
        shown.append(f"{rest} more vendor{'s' if rest != 1 else ''}")
    if d.rules:
        shown.insert(0, f"scoring rules: {len(d.rules)} change{'s' if len(d.rules) != 1 else ''}")
    return " · ".join(shown)


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    return [Page(URIS["changes"], ctx.render("pages/changes.html", view=changes_view(comparison, ctx)))]
