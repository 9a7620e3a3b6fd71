"""What a change to the vendor data does to the comparison: facts, sources, scores, ranks, flags.

Input: two `Snapshot`s (the vendors that validated, the problems of those that did not, and
the comparison scored from them). Output: a frozen `DataDiff`, rendered as Markdown for a pull
request comment or as JSON for tools. Pure: no git, no files, no printing (see `snapshot.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from .errors import Report
from .model import Vendor
from .render import Comparison, format_value

DIFF_VERSION = 1
_SKIP = {"source", "fact_sources", "disputed_by_vendor"}


@dataclass(frozen=True)
class Snapshot:
    label: str  # "main", "HEAD", "the working tree", a directory
    comparison: Comparison
    report: Report  # problems of the data (files that did not validate are not in the comparison)
    files: dict[str, str]  # vendor id -> file name shown to readers


@dataclass(frozen=True)
class FactChange:
    path: str
    before: str | None  # None: the fact was not recorded (unknown)
    after: str | None


@dataclass(frozen=True)
class SourceChange:
    id: str
    change: str  # "added", "removed", "changed"
    title: str
    details: str  # what changed, for "changed"


@dataclass(frozen=True)
class VendorChange:
    id: str
    name: str
    file: str
    facts: tuple[FactChange, ...]
    sources: tuple[SourceChange, ...]


@dataclass(frozen=True)
class Move:
    vendor: str
    name: str
    score_before: float | None
    score_after: float | None
    rank_before: int | None  # None: excluded by a must-have, or absent
    rank_after: int | None
    note: str  # "added", "removed", "now excluded", ...


@dataclass(frozen=True)
class PersonaDiff:
    persona: str
    label: str
    top_before: tuple[str, ...]  # names of the vendors at rank 1
    top_after: tuple[str, ...]
    confidence_before: float | None  # P(rank 1) of the top pick
    confidence_after: float | None
    moves: tuple[Move, ...]


@dataclass(frozen=True)
class FlagChange:
    vendor: str
    name: str
    severity: str
    message: str
    change: str  # "raised" or "cleared"


@dataclass(frozen=True)
class DataDiff:
    base: str
    head: str
    added: tuple[tuple[str, str], ...]  # (id, name)
    removed: tuple[tuple[str, str], ...]
    vendors: tuple[VendorChange, ...]
    personas: tuple[PersonaDiff, ...]
    flags: tuple[FlagChange, ...]
    problems: tuple[str, ...]  # validation problems in HEAD, one line each

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.vendors or self.personas or self.flags or self.problems)


# --- facts -----------------------------------------------------------------------------------


def _item_label(item: BaseModel, index: int) -> tuple[str, str | None]:
    """'[name=Enterprise]' and the key it used, or '[2]' when the item has no name."""
    for key in ("name", "id", "level", "kind"):
        value = getattr(item, key, None)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return f"[{key}={value}]", key
    return f"[{index}]", None


def _unit(model: type[BaseModel], name: str) -> str:
    extra = model.model_fields[name].json_schema_extra
    return str(extra.get("x-unit", "")) if isinstance(extra, dict) else ""


def _shown(value: Any, unit: str) -> str:
    text = format_value(value)
    if unit == "%" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{text}%"
    return f"{text} {unit}" if unit and isinstance(value, (int, float)) and not isinstance(value, bool) else text


def flatten(obj: BaseModel, prefix: str = "", key: str | None = None) -> dict[str, str]:
    """Every known fact of a record as 'path -> value with unit'; lists of records keyed by name/id
    (the key itself is then part of the path, not a fact of its own)."""
    out: dict[str, str] = {}
    for name in type(obj).model_fields:
        if name in _SKIP or name == key or (not prefix and name in ("sources", "contradictions")):
            continue
        value = getattr(obj, name)
        path = f"{prefix}.{name}" if prefix else name
        if value is None:
            continue
        if isinstance(value, BaseModel):
            out.update(flatten(value, path))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                label, used = _item_label(item, i)
                out.update(flatten(item, path + label, used))
        elif name == "note" or name == "notes":
            out[path] = "(text)" if len(value) > 80 else value
        else:
            out[path] = _shown(value, _unit(type(obj), name))
    return out


def _source_changes(old: Vendor, new: Vendor) -> tuple[SourceChange, ...]:
    before, after = {s.id: s for s in old.sources}, {s.id: s for s in new.sources}
    out = [SourceChange(i, "added", after[i].title, "") for i in after if i not in before]
    out += [SourceChange(i, "removed", before[i].title, "") for i in before if i not in after]
    for i in sorted(set(before) & set(after)):
        old_facts, new_facts = flatten(before[i]), flatten(after[i])
        keys = sorted(set(old_facts) | set(new_facts))
        changed = [f"{k} {old_facts.get(k, 'unknown')} → {new_facts.get(k, 'unknown')}"
                   for k in keys if old_facts.get(k) != new_facts.get(k)]  # fmt: skip
        if changed:
            out.append(SourceChange(i, "changed", after[i].title, "; ".join(changed)))
    return tuple(sorted(out, key=lambda c: (c.change, c.id)))


def vendor_change(old: Vendor, new: Vendor, file: str) -> VendorChange | None:
    before, after = flatten(old), flatten(new)
    facts = tuple(
        FactChange(k, before.get(k), after.get(k))
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    )
    sources = _source_changes(old, new)
    if not facts and not sources:
        return None
    return VendorChange(new.id, new.name, file, facts, sources)


# --- scores, ranks, flags --------------------------------------------------------------------


def _persona_diff(base: Comparison, head: Comparison, pid: str) -> PersonaDiff | None:
    persona = head.criteria.persona(pid)
    old = {v.id: v for v in base.board.vendors}
    new = {v.id: v for v in head.board.vendors}
    names = {**{v.id: v.name for v in base.board.vendors}, **{v.id: v.name for v in head.board.vendors}}
    moves = []
    for vid in sorted(set(old) | set(new)):
        a = old[vid].persona(pid) if vid in old else None
        b = new[vid].persona(pid) if vid in new else None
        sa, sb = (a.total if a else None), (b.total if b else None)
        ra, rb = (a.rank if a else None), (b.rank if b else None)
        note = "added" if a is None else "removed" if b is None else ""
        if a and b and a.excluded != b.excluded:
            note = "now excluded by a must-have" if b.excluded else "no longer excluded"
        elif b and b.excluded:
            note = "excluded by a must-have"
        if _score(sa) != _score(sb) or ra != rb or (note and not (a and b and a.excluded and b.excluded)):
            moves.append(Move(vid, names[vid], sa, sb, ra, rb, note))
    top = lambda c: tuple(v.id for v in c.board.vendors if v.persona(pid).rank == 1)
    tb, ta = top(base), top(head)
    cb = base.robust(pid).p_rank1(tb[0]) if tb else None
    ca = head.robust(pid).p_rank1(ta[0]) if ta else None
    if not moves and tb == ta and (cb is None or ca is None or round(cb, 2) == round(ca, 2)):
        return None
    order = {vid: i for i, vid in enumerate(head.board.ranking(pid).ranked)}
    moves.sort(key=lambda m: (order.get(m.vendor, len(order)), m.name.lower()))
    return PersonaDiff(pid, persona.label, tuple(names[v] for v in tb), tuple(names[v] for v in ta), cb, ca,
                       tuple(moves))  # fmt: skip


def _flag_changes(base: Comparison, head: Comparison) -> tuple[FlagChange, ...]:
    def flags(c: Comparison) -> dict[tuple[str, str], tuple[str, str, str]]:
        return {(v.id, f.id + (":unknown" if f.unknown else "")): (v.name, f.severity, f.message)
                for v in c.board.vendors for f in v.flags}  # fmt: skip

    old, new = flags(base), flags(head)
    out = [FlagChange(k[0], *new[k], "raised") for k in new if k not in old]
    out += [FlagChange(k[0], *old[k], "cleared") for k in old if k not in new]
    order = {"high": 0, "medium": 1, "low": 2}
    return tuple(sorted(out, key=lambda f: (f.change != "raised", order[f.severity], f.name.lower(), f.message)))


def compare(base: Snapshot, head: Snapshot, changed: set[str] | None = None) -> DataDiff:
    """Everything that differs between two snapshots of the data. `changed`, when known (e.g. from
    git blob ids), limits the fact comparison to those vendors; scores are compared for all."""
    old = {v.id: v for v in base.comparison.vendors}
    new = {v.id: v for v in head.comparison.vendors}
    common = sorted((set(old) & set(new)) & (changed if changed is not None else set(new)))
    changes = [vendor_change(old[i], new[i], head.files.get(i, i)) for i in common]
    personas = [_persona_diff(base.comparison, head.comparison, p.id) for p in head.comparison.criteria.personas
                if p.id in {q.id for q in base.comparison.criteria.personas}]  # fmt: skip
    return DataDiff(
        base=base.label,
        head=head.label,
        added=tuple((i, new[i].name) for i in sorted(set(new) - set(old))),
        removed=tuple((i, old[i].name) for i in sorted(set(old) - set(new))),
        vendors=tuple(c for c in changes if c),
        personas=tuple(p for p in personas if p),
        flags=_flag_changes(base.comparison, head.comparison),
        problems=tuple(str(p) for p in head.report.problems),
    )


def vendor_lines(d: DataDiff, vid: str, path_label: Callable[[str], str] = str) -> list[str]:
    """What one change did to one vendor, in plain words (facts, sources, ranks, flags)."""
    lines = []
    if any(i == vid for i, _ in d.added):
        lines.append("profile added")
    if any(i == vid for i, _ in d.removed):
        lines.append("profile removed")
    for v in d.vendors:
        if v.id != vid:
            continue
        for f in v.facts:
            before = "unknown" if f.before is None else f.before
            after = "unknown" if f.after is None else f.after
            lines.append(f"{path_label(f.path)}: {before} → {after}")
        for s in v.sources:
            lines.append(f"source {s.change}: {s.title}")
    for p in d.personas:
        for m in p.moves:
            if m.vendor == vid and m.rank_before != m.rank_after and m.rank_before and m.rank_after:
                lines.append(f"rank for “{p.label}”: {m.rank_before} → {m.rank_after}")
            elif m.vendor == vid and m.note and m.note not in ("added", "removed"):
                lines.append(f"“{p.label}”: {m.note}")
    for f in d.flags:
        if f.vendor == vid:
            lines.append(f"red flag {f.change} ({f.severity}): {f.message}")
    return lines


# --- output ----------------------------------------------------------------------------------


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _rank(value: int | None) -> str:
    return "–" if value is None else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(d: DataDiff) -> str:
    """The report for a pull-request comment."""
    lines = [f"### Vendor data: {d.base} → {d.head}", ""]
    if d.unchanged:
        return "\n".join(lines + ["No changes to the comparison.", ""])
    if d.added or d.removed:
        for what, items in (("Added", d.added), ("Removed", d.removed)):
            if items:
                lines.append(f"**{what}:** " + ", ".join(f"{n} (`{i}`)" for i, n in items))
        lines.append("")
    for p in d.personas:
        lines.append(f"#### {p.label}")
        label = lambda names: ", ".join(names) or "none"
        if p.top_before != p.top_after:
            confidence = ""
            if p.confidence_before is not None and p.confidence_after is not None:
                confidence = f" (rank confidence {p.confidence_before:.0%} → {p.confidence_after:.0%})"
            lines.append(f"- Top pick: {label(p.top_before)} → **{label(p.top_after)}**{confidence}")
        if p.confidence_before is not None and p.confidence_after is not None and p.top_before == p.top_after:
            if round(p.confidence_before, 2) != round(p.confidence_after, 2):
                lines.append(f"- Rank confidence of the top pick: {p.confidence_before:.0%} → {p.confidence_after:.0%}")
        if p.moves:
            lines += ["", "| Vendor | Score | Rank | |", "|---|---|---|---|"]
            for m in p.moves:
                score = _score(m.score_before) if _score(m.score_before) == _score(m.score_after) else \
                    f"{_score(m.score_before)} → {_score(m.score_after)}"
                rank = _rank(m.rank_before) if m.rank_before == m.rank_after else \
                    f"{_rank(m.rank_before)} → **{_rank(m.rank_after)}**"
                lines.append(f"| {_cell(m.name)} | {score} | {rank} | {m.note} |")
        lines.append("")
    if d.flags:
        lines.append("#### Red flags")
        for f in d.flags:
            lines.append(f"- {f.change} ({f.severity}): {_cell(f.name)}: {_cell(f.message)}")
        lines.append("")
    for v in d.vendors:
        lines.append(f"#### {_cell(v.name)} (`{v.file}`)")
        if v.facts:
            lines += ["", "| Fact | Before | After |", "|---|---|---|"]
            for f in v.facts:
                before = "unknown" if f.before is None else _cell(f.before)
                after = "unknown" if f.after is None else _cell(f.after)
                lines.append(f"| `{f.path}` | {before} | {after} |")
        for s in v.sources:
            detail = f": {_cell(s.details)}" if s.details else ""
            lines.append(f"- source {s.change}: `{s.id}` {_cell(s.title)}{detail}")
        lines.append("")
    if d.problems:
        lines += [f"#### Problems in {d.head}", "", "```"] + list(d.problems) + ["```", ""]
    return "\n".join(lines)


def to_json(d: DataDiff) -> str:
    """The same content for tools (version 1). Scores are rounded to 2 decimals, as `score --format json`."""
    data = {"version": DIFF_VERSION, "unchanged": d.unchanged, **asdict(d)}
    for persona in data["personas"]:
        for move in persona["moves"]:
            for key in ("score_before", "score_after"):
                move[key] = None if move[key] is None else round(move[key], 2)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
