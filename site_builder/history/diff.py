"""What a change to the vendor data does to the comparison: facts, sources, scores, ranks, flags.

Input: two `Snapshot`s (the vendors that validated, the problems of those that did not, and
the comparison scored from them). Output: a frozen `DataDiff`, which `diff_report.py` renders as
Markdown for a pull request comment or as JSON. Pure: no git, no files, no printing (`snapshot.py`).

A vendor whose file is in HEAD but does not validate there is not "removed": HEAD is scored with
its last validated record (`hold_back`), so its flags, scores and the others' ranks do not churn,
and the report lists it as not validated, with its problems, until the file validates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from site_builder.comparison import Comparison
from site_builder.data.model import PROVENANCE, Source, Sourced, Vendor
from site_builder.data.words import format_value, is_model_list
from site_builder.errors import Report
from site_builder.scoring.criteria import FLAG_SEVERITIES, Criteria
from site_builder.scoring.decision import summary
from site_builder.scoring.robustness import analyse_all
from site_builder.scoring.score import score_vendors

_SKIP = PROVENANCE - {"note"}  # a changed note is a change a reviewer reads


@dataclass(frozen=True)
class Snapshot:
    label: str  # "main", "HEAD", "the working tree", a directory
    comparison: Comparison
    report: (
        Report  # problems of the data (a file that did not validate is not in the comparison, unless held)
    )
    files: dict[str, str]  # file stem (= vendor id) -> file name shown to readers, for every vendor file
    held: tuple[str, ...] = ()  # ids scored with an earlier record: their file here does not validate
    note: str | None = None  # how it was read, when a reader must know (e.g. scored with HEAD's rules)


@dataclass(frozen=True)
class Cited:
    """The source a fact's value cites."""

    id: str
    title: str
    published: str | None  # ISO dates
    retrieved: str

    def __str__(self) -> str:
        when = f"published {self.published}" if self.published else f"retrieved {self.retrieved}"
        return f"{self.title}, {when}"


@dataclass(frozen=True)
class FactChange:
    path: str
    before: str | None  # None: the fact was not recorded (unknown)
    after: str | None
    source: Cited | None = None  # what the new value cites; None for a removed fact or no source


@dataclass(frozen=True)
class NotValidated:
    """A vendor file of HEAD that does not validate: its changes are not scored until it does."""

    id: str  # the file's stem (a vendor id)
    name: str  # its name in the last record that validated, else the file name
    file: str
    held: bool  # True: HEAD is scored with its last validated record; False: there is none (a new file)
    problems: tuple[str, ...]  # its problems, one line each


@dataclass(frozen=True)
class SourceChange:
    id: str
    change: str  # "added", "removed", "changed"
    title: str
    details: str  # what changed, for "changed"


@dataclass(frozen=True)
class ContradictionChange:
    change: str  # "added" or "removed"
    field: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class VendorChange:
    id: str
    name: str
    file: str
    facts: tuple[FactChange, ...]
    sources: tuple[SourceChange, ...]
    contradictions: tuple[ContradictionChange, ...] = ()


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
    decision_before: str | None = (
        None  # the decision in one line, when it changed (`compare(decisions=True)`)
    )
    decision_after: str | None = None


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
    problems: tuple[str, ...]  # every validation problem in HEAD (errors and warnings), one line each
    not_validated: tuple[NotValidated, ...] = ()
    revalidated: tuple[tuple[str, str], ...] = ()  # (id, name): validates in HEAD, its file did not in BASE
    rules: tuple[str, ...] = ()  # what changed in scoring.yaml, one line each
    rule_effects: tuple[PersonaDiff, ...] = ()  # BASE's data under BASE's rules -> under HEAD's rules
    notes: tuple[str, ...] = ()  # how the snapshots were read (e.g. a BASE without scoring.yaml)

    @property
    def unchanged(self) -> bool:
        return not (
            self.rules
            or self.added
            or self.removed
            or self.vendors
            or self.personas
            or self.flags
            or self.problems
            or self.not_validated
            or self.revalidated
        )


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
    return (
        f"{text} {unit}" if unit and isinstance(value, (int, float)) and not isinstance(value, bool) else text
    )


def flatten(obj: BaseModel) -> dict[str, str]:
    """Every known fact of a record as 'path -> value with unit'; lists of records keyed by name/id
    (the key itself is then part of the path, not a fact of its own)."""
    return {path: shown for path, (shown, _) in _facts(obj, "", None, None).items()}


def _facts(
    obj: BaseModel, prefix: str, key: str | None, inherited: str | None
) -> dict[str, tuple[str, str | None]]:
    """'path -> (value with unit, id of the source it cites)'; a nested item inherits the source
    its parent gives the field that holds it."""
    out: dict[str, tuple[str, str | None]] = {}
    for name in type(obj).model_fields:
        if name in _SKIP or name == key or (not prefix and name in ("sources", "contradictions")):
            continue
        value = getattr(obj, name)
        path = f"{prefix}.{name}" if prefix else name
        if value is None:
            continue
        # A record with a source of its own (a list price) cites it; else its parent's for this field.
        own = getattr(obj, "source", None)
        sid = obj.source_for(name, inherited) if isinstance(obj, Sourced) else own or inherited
        if isinstance(value, BaseModel):
            out.update(_facts(value, path, None, sid))
        elif is_model_list(value):  # a list of records (not names mixed with records)
            for i, item in enumerate(value):
                label, used = _item_label(item, i)
                out.update(_facts(item, path + label, used, sid))
        elif name == "note" or name == "notes":
            out[path] = ("(text)" if len(value) > 80 else value, sid)
        else:
            out[path] = (_shown(value, _unit(type(obj), name)), sid)
    return out


def _cited(sources: dict[str, Source], sid: str | None) -> Cited | None:
    s = sources.get(sid or "")
    if s is None:
        return None
    return Cited(s.id, s.title, s.published.isoformat() if s.published else None, s.retrieved.isoformat())


def _source_changes(old: Vendor, new: Vendor) -> tuple[SourceChange, ...]:
    before, after = {s.id: s for s in old.sources}, {s.id: s for s in new.sources}
    out = [SourceChange(i, "added", after[i].title, "") for i in after if i not in before]
    out += [SourceChange(i, "removed", before[i].title, "") for i in before if i not in after]
    for i in sorted(set(before) & set(after)):
        old_facts, new_facts = flatten(before[i]), flatten(after[i])
        keys = sorted(set(old_facts) | set(new_facts))
        changed = [
            f"{k} {old_facts.get(k, 'unknown')} → {new_facts.get(k, 'unknown')}"
            for k in keys
            if old_facts.get(k) != new_facts.get(k)
        ]
        if changed:
            out.append(SourceChange(i, "changed", after[i].title, "; ".join(changed)))
    return tuple(sorted(out, key=lambda c: (c.change, c.id)))


def vendor_change(old: Vendor, new: Vendor, file: str) -> VendorChange | None:
    before, after = flatten(old), _facts(new, "", None, None)
    by_id = {s.id: s for s in new.sources}
    facts = []
    for k in sorted(set(before) | set(after)):
        shown, sid = after.get(k, (None, None))
        if before.get(k) != shown:
            cited = _cited(by_id, sid) if shown is not None else None
            facts.append(FactChange(k, before.get(k), shown, cited))
    sources = _source_changes(old, new)
    contradictions = _contradiction_changes(old, new)
    if not facts and not sources and not contradictions:
        return None
    return VendorChange(new.id, new.name, file, tuple(facts), sources, contradictions)


def _contradiction_changes(old: Vendor, new: Vendor) -> tuple[ContradictionChange, ...]:
    def keyed(v: Vendor) -> dict[tuple[str, str, tuple[str, ...]], None]:
        return {(c.field, c.summary, tuple(c.sources)): None for c in v.contradictions or ()}

    before, after = keyed(old), keyed(new)
    out = [ContradictionChange("added", *k) for k in after if k not in before]
    out += [ContradictionChange("removed", *k) for k in before if k not in after]
    return tuple(out)


# --- scoring rules ---------------------------------------------------------------------------


def rule_changes(old: Criteria, new: Criteria) -> tuple[str, ...]:
    """What changed in scoring.yaml, one line each: items of its lists by id (added, removed, or
    each changed key old -> new), and the keys of its settings blocks."""
    out: list[str] = []
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    for key in b:
        if a.get(key) == b[key]:
            continue
        if isinstance(b[key], list) and all(isinstance(i, dict) and "id" in i for i in [*a[key], *b[key]]):
            before, after = {i["id"]: i for i in a[key]}, {i["id"]: i for i in b[key]}
            out += [f"{key}: `{i}` added" for i in after if i not in before]
            out += [f"{key}: `{i}` removed" for i in before if i not in after]
            for i in (i for i in after if i in before and before[i] != after[i]):
                out += [f"{key}: `{i}` {line}" for line in _changed_keys(before[i], after[i])]
        elif isinstance(b[key], dict) and isinstance(a.get(key), dict):
            out += [f"{key}: {line}" for line in _changed_keys(a[key], b[key])]
        else:
            out.append(f"{key}: {_short(a.get(key))} → {_short(b[key])}")
    return tuple(out)


def _changed_keys(a: dict[str, Any], b: dict[str, Any], prefix: str = "") -> list[str]:
    """'key: old → new' for each key that differs; inside a mapping (weights, a scale), per inner key."""
    out = []
    for k in sorted({*a, *b}, key=str):
        old, new = a.get(k), b.get(k)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            out += _changed_keys(old, new, f"{prefix}{k}.")
        else:
            out.append(f"{prefix}{k}: {_short(old)} → {_short(new)}")
    return out


def _short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "none" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."


def _rule_effects(base: Comparison, head: Comparison) -> tuple[PersonaDiff, ...]:
    """BASE's vendors scored under BASE's rules, then under HEAD's: what the rules alone moved."""
    board = score_vendors(base.vendors, head.criteria, today=base.today)
    samples = base.robustness[0].samples if base.robustness else None
    under_new = replace(
        base, criteria=head.criteria, board=board, robustness=analyse_all(board, samples=samples)
    )
    old_ids = {p.id for p in base.criteria.personas}
    diffs = [_persona_diff(base, under_new, p.id) for p in head.criteria.personas if p.id in old_ids]
    return tuple(d for d in diffs if d)


# --- scores, ranks, flags --------------------------------------------------------------------


def score_text(value: float | None) -> str:
    """A total as the report shows it; a change too small to show is no move."""
    return "–" if value is None else f"{value:.1f}"


def _decisions(base: Comparison, head: Comparison, pid: str) -> tuple[str | None, str | None]:
    """The persona's decision before and after, in one line each, when it settled, unsettled, or its
    shortlist changed; (None, None) otherwise (a new pick alone is the 'Top pick' line)."""
    b, h = base.decision(pid), head.decision(pid)
    if (b.settled, set(b.shortlist), bool(b.tied)) == (h.settled, set(h.shortlist), bool(h.tied)):
        return None, None
    return (
        summary(b, {v.id: v.name for v in base.vendors}),
        summary(h, {v.id: v.name for v in head.vendors}),
    )


def _persona_diff(
    base: Comparison, head: Comparison, pid: str, decisions: bool = False
) -> PersonaDiff | None:
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
        if (
            score_text(sa) != score_text(sb)
            or ra != rb
            or (note and not (a and b and a.excluded and b.excluded))
        ):
            moves.append(Move(vid, names[vid], sa, sb, ra, rb, note))

    def top(c):
        return tuple(v.id for v in c.board.vendors if v.persona(pid).rank == 1)

    tb, ta = top(base), top(head)
    cb = base.robust(pid).p_rank1(tb[0]) if tb else None
    ca = head.robust(pid).p_rank1(ta[0]) if ta else None
    db, da = _decisions(base, head, pid) if decisions else (None, None)
    if not moves and tb == ta and db is None and (cb is None or ca is None or round(cb, 2) == round(ca, 2)):
        return None
    order = {vid: i for i, vid in enumerate(head.board.ranking(pid).ranked)}
    moves.sort(key=lambda m: (order.get(m.vendor, len(order)), m.name.lower()))
    return PersonaDiff(
        pid,
        persona.label,
        tuple(names[v] for v in tb),
        tuple(names[v] for v in ta),
        cb,
        ca,
        tuple(moves),
        db,
        da,
    )


def _flag_changes(base: Comparison, head: Comparison) -> tuple[FlagChange, ...]:
    def flags(c: Comparison) -> dict[tuple[str, str], tuple[str, str, str]]:
        return {
            (v.id, f.id + (":unknown" if f.unknown else "")): (v.name, f.severity, f.message)
            for v in c.board.vendors
            for f in v.flags
        }

    old, new = flags(base), flags(head)
    out = [FlagChange(k[0], *new[k], "raised") for k in new if k not in old]
    out += [FlagChange(k[0], *old[k], "cleared") for k in old if k not in new]
    return tuple(
        sorted(
            out,
            key=lambda f: (
                f.change != "raised",
                FLAG_SEVERITIES.index(f.severity),
                f.name.lower(),
                f.message,
            ),
        )
    )


def hold_back(head: Snapshot, earlier: Iterable[Vendor]) -> Snapshot:
    """`head` scored with the `earlier` record of each vendor whose file is in `head` but does not
    validate there, so its flags, its scores and the others' ranks stay as they were."""
    valid = {v.id for v in head.comparison.vendors}
    kept = [v for v in earlier if v.id in head.files and v.id not in valid]
    if not kept:
        return head
    c = head.comparison
    vendors = tuple(sorted((*c.vendors, *kept), key=lambda v: v.id))
    board = score_vendors(vendors, c.criteria, today=c.today)
    samples = c.robustness[0].samples if c.robustness else None
    comparison = replace(c, vendors=vendors, board=board, robustness=analyse_all(board, samples=samples))
    return replace(head, comparison=comparison, held=tuple(sorted({*head.held, *(v.id for v in kept)})))


def _file_problems(report: Report, file: str) -> tuple[str, ...]:
    """The problems of one vendor file ('vendors/a.yaml (at main)' belongs to 'vendors/a.yaml')."""
    out = []
    for p in report.problems:
        shown = p.file.split(" (at ", 1)[0]
        if shown == file or shown.endswith("/" + file):
            out.append(str(p))
    return tuple(out)


def _not_validated(head: Snapshot) -> tuple[NotValidated, ...]:
    valid = {v.id for v in head.comparison.vendors} - set(head.held)
    names = {v.id: v.name for v in head.comparison.vendors}
    return tuple(
        NotValidated(stem, names.get(stem, file), file, stem in head.held, _file_problems(head.report, file))
        for stem, file in sorted(head.files.items())
        if stem not in valid
    )


def compare(
    base: Snapshot, head: Snapshot, changed: set[str] | None = None, *, decisions: bool = False
) -> DataDiff:
    """Everything that differs between two snapshots of the data. `changed`, when known (e.g. from
    git blob ids), limits the fact comparison to those vendors; scores are compared for all.
    A vendor file of HEAD that does not validate keeps BASE's record in HEAD's scores.
    `decisions`: also say when a persona's decision changed (a settled pick, the shortlist): it
    weighs every unknown fact of both snapshots, so the history page, which compares many
    snapshots, leaves it out."""
    head = hold_back(head, base.comparison.vendors)
    old = {v.id: v for v in base.comparison.vendors}
    new = {v.id: v for v in head.comparison.vendors}
    common = sorted((set(old) & set(new)) & (changed if changed is not None else set(new)))
    changes = [vendor_change(old[i], new[i], head.files.get(i, i)) for i in common]
    personas = [
        _persona_diff(base.comparison, head.comparison, p.id, decisions)
        for p in head.comparison.criteria.personas
        if p.id in {q.id for q in base.comparison.criteria.personas}
    ]
    rules = rule_changes(base.comparison.criteria, head.comparison.criteria)
    # Its file was in BASE but did not validate there: not a new vendor.
    again = {i for i in set(new) - set(head.held) if i in base.held or (i not in old and i in base.files)}
    return DataDiff(
        base=base.label,
        head=head.label,
        added=tuple((i, new[i].name) for i in sorted(set(new) - set(old) - again)),
        removed=tuple((i, old[i].name) for i in sorted(set(old) - set(new))),
        vendors=tuple(c for c in changes if c),
        personas=tuple(p for p in personas if p),
        flags=_flag_changes(base.comparison, head.comparison),
        problems=tuple(str(p) for p in head.report.problems),
        not_validated=_not_validated(head),
        revalidated=tuple((i, new[i].name) for i in sorted(again)),
        rules=rules,
        rule_effects=_rule_effects(base.comparison, head.comparison) if rules else (),
        notes=tuple(s.note for s in (base, head) if s.note),
    )
