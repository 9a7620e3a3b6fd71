"""The buyer's questions: one per profile field, read from the model (`x-question`), never retyped.

Input: the `Vendor` model (for the full list) or one vendor (for its unknown facts). Output:
frozen `Question`s. The vendor pages ("questions to ask this vendor"), the buying guide's full
list (the `vendors:questions` marker) and the RFP questionnaire all read this module.

Every fact field of a section has a question, on itself or on the record that holds it (a question
on `support.hours` covers its days and times); the few that are not asked are listed in
`NOT_ASKED` with the reason, and `unasked()` names any other (a test keeps it empty).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from site_builder.data.model import SECTIONS, Vendor
from site_builder.data.per_record import PerRecord
from site_builder.data.words import label


@dataclass(frozen=True)
class Question:
    """The buyer's question about one fact, or about a group of facts (a field holding a record,
    such as `support.hours` or `sla.tiers.claim_window`)."""

    path: str  # "sla.tiers.availability_pct": section, then field names (list items unnumbered)
    section: str  # "sla"
    field: str  # "availability_pct"
    label: str  # "Availability (%)": the field as readers see it
    text: str


@dataclass(frozen=True)
class Asked:
    """A question for one vendor, with the list items it applies to (e.g. SLA tiers)."""

    question: Question
    items: tuple[str, ...]  # names of the items whose fact is unknown; empty for a top-level fact


def _models(annotation: Any) -> list[type[BaseModel]]:
    """Models inside an annotation: X | None, tuple[X, ...], Annotated[...]."""
    found = []
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
        else:
            found += [a for a in _models(arg) if a not in found] if typing.get_args(arg) else []
    return found


def _walk(model: type[BaseModel], section: str, prefix: str) -> list[Question]:
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if "x-question" in extra:
            out.append(Question(f"{prefix}{name}", section, name, label(name), str(extra["x-question"])))
        for sub in _models(info.annotation):
            out += _walk(sub, section, f"{prefix}{name}.")
    return out


# Fact fields no buyer question is written for, and why: a field name (any section) or a path.
NOT_ASKED: dict[str, str] = {
    "note": "our own remarks on the profile, not a fact about the vendor",
    "source": "which of our sources backs the facts: provenance, not a fact",
    "log4j.status": "copied from published status lists (CISA); the buyer asks `affected` and `remediated`",
    "log4j.status_as_of": "the date of that published status: bookkeeping",
    "credits_partial": "whether our copy of a credit table is complete: bookkeeping; `credits` asks for the table",
    "covers": "which products the facts are about: provenance, not a fact",
    "sla.claim_window": "the deadline an SLA sets for every tier; asked per tier (`sla.tiers.claim_window`)",
    "sla.claim_channel": "the claim channel an SLA sets for every tier; asked per tier",
    "sla.replaces": "what an earlier version of the SLA said: read from the documents, not asked",
}


def _fact_fields(model: type[BaseModel], prefix: str, asked: bool) -> list[tuple[str, bool]]:
    """(path, has a question on itself or an enclosing record) for every fact field under `model`.

    A fact field is optional with no value by default (declared with `model.fact`); required fields
    name a list item (a tier's `name`) and are never unknown, so they need no question."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        covered = asked or "x-question" in extra
        if not info.is_required() and info.default is None:
            out.append((f"{prefix}{name}", covered))
        for sub in _models(info.annotation):
            out += _fact_fields(sub, f"{prefix}{name}.", covered)
    return out


def _section_models() -> list[tuple[str, type[BaseModel]]]:
    return [(s, m) for s in SECTIONS for m in _models(Vendor.model_fields[s].annotation)]


def unasked(sections: list[tuple[str, type[BaseModel]]] | None = None) -> tuple[str, ...]:
    """Paths of the fact fields that have no question and are not listed in `NOT_ASKED`, for the
    profile's sections (or the given (section, model) pairs)."""
    out = []
    for section, model in _section_models() if sections is None else sections:
        for path, covered in _fact_fields(model, f"{section}.", False):
            if not covered and path not in NOT_ASKED and path.rsplit(".", 1)[-1] not in NOT_ASKED:
                out.append(path)
    return tuple(out)


@cache
def all_questions() -> tuple[Question, ...]:
    """Every question, in the model's order (section by section)."""
    out: list[Question] = []
    for section, model in _section_models():
        out += _walk(model, section, f"{section}.")
    return tuple(out)


def _item_name(item: BaseModel, index: int) -> str:
    for key in ("name", "id", "level"):
        value = getattr(item, key, None)
        if value is not None:
            return str(value)
    return f"#{index + 1}"


def _unknown_in(obj: BaseModel | None, parts: list[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether the fact at `parts` under `obj` is unknown, and for which list items."""
    if obj is None:
        return True, ()
    value = getattr(obj, parts[0])
    if len(parts) == 1:
        return value is None, ()
    if value is None or (isinstance(value, tuple) and not value):
        return True, ()
    if isinstance(value, tuple):
        items = tuple(_item_name(item, i) for i, item in enumerate(value) if _unknown_in(item, parts[1:])[0])
        return bool(items), items
    return _unknown_in(value, parts[1:])


# Questions a known fact makes moot: when did you fix Log4Shell, to a vendor it did not affect; a
# tier's claim deadline, when the SLA sets one for every tier.
MOOT: tuple[tuple[str, typing.Callable[[Any], bool], tuple[str, ...]], ...] = (
    (
        "log4j",
        lambda lj: lj is not None and lj.not_affected,
        ("log4j.first_response", "log4j.mitigated", "log4j.remediated"),
    ),
    ("sla", lambda sla: sla is not None and sla.claim_window is not None, ("sla.tiers.claim_window",)),
    ("sla", lambda sla: sla is not None and sla.claim_channel is not None, ("sla.tiers.claim_channel",)),
)


_UNKNOWN: PerRecord[tuple[Asked, ...]] = PerRecord()


def unknown_questions(vendor: Vendor) -> tuple[Asked, ...]:
    """The questions whose fact this vendor's profile does not answer, in the model's order (so
    grouped by section); a section the profile lacks asks every question of that section. A
    question that a known fact makes moot (`MOOT`) is not asked. Facts about another product than
    the compared one answer nothing (`Vendor.compared_view`). Worked out once per record."""
    return _UNKNOWN.get(vendor, lambda: _unknown_questions(vendor))


def _unknown_questions(vendor: Vendor) -> tuple[Asked, ...]:
    vendor = vendor.compared_view()
    moot = {path for section, applies, paths in MOOT if applies(getattr(vendor, section)) for path in paths}
    out = []
    for q in all_questions():
        if q.path in moot:
            continue
        parts = q.path.split(".")
        unknown, items = _unknown_in(getattr(vendor, parts[0]), parts[1:])
        if unknown:
            out.append(Asked(q, items))
    return tuple(out)
