"""Turn loaded documents into validated records, or into precise problems.

Input: `RawDocument`s from `load.py`. Output: frozen model instances plus a `Report`.
Field errors come from pydantic and are mapped onto the positions the loader recorded;
cross-field rules live in `checks.py`. This module never prints and never mutates its input.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, SchemaValidator

from site_builder.data.checks import MAX_AGE_DAYS, Finding, currency_findings, inner_model, vendor_findings
from site_builder.data.load import RawDocument, one_line
from site_builder.data.model import UNION_TAGS, Vendor
from site_builder.data.schema_cache import vendor_validator
from site_builder.errors import Problem, Report

M = TypeVar("M", bound=BaseModel)

_SILENT_INPUT = {"missing", "extra_forbidden", "fraction"}
_TYPE_MESSAGES = {
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "dict_type": "expected a mapping",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "finite_number": "must be a finite number",
    "string_too_short": "must not be empty",
}


def check_document(
    doc: RawDocument, model: type[M], validator: SchemaValidator | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate one document against `model` (with `validator`, when given: `model`'s validator
    from the schema cache); problems carry the document's positions."""
    try:
        return (validator.validate_python(doc.data) if validator else model.model_validate(doc.data)), []
    except ValidationError as exc:
        # A tagged union's tag is not a place in the document: drop it from the path.
        errors: list[ErrorDetails] = [
            {**e, "loc": tuple(x for x in e["loc"] if x not in UNION_TAGS)} for e in exc.errors()
        ]
        # pydantic counts only the items that validated, so a list whose items failed also
        # reports "too short"; that second error is noise.
        failed = {
            tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"])) if isinstance(e["loc"][i], int)
        }
        errors = [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in failed)]
        return None, [_problem_from_error(doc, model, err) for err in errors]


def problem_at(doc: RawDocument, finding: Finding) -> Problem:
    """Place a finding (a path and a message) in its document."""
    line, col = doc.position(finding.loc, key=finding.at_key)
    path = one_line(display_path(doc.data, finding.loc))
    return Problem(doc.file, line, col, finding.severity, path, one_line(finding.message))


def check_vendor(
    doc: RawDocument, *, today: date, max_age_days: int | None, currencies: tuple[str, ...]
) -> tuple[Vendor | None, list[Problem]]:
    """One vendor document on its own: its fields, then its cross-field rules."""
    vendor, problems = check_document(doc, Vendor, vendor_validator())
    if vendor is None:
        return None, problems + _partial_findings(doc, problems, today=today, max_age_days=max_age_days)
    findings = vendor_findings(vendor, stem=doc.stem, today=today, max_age_days=max_age_days)
    findings += currency_findings(vendor, currencies)
    return vendor, problems + [problem_at(doc, f) for f in findings]


def validate_vendors(
    docs: Iterable[RawDocument],
    *,
    today: date,
    max_age_days: int | None = MAX_AGE_DAYS,
    currencies: tuple[str, ...] = (),
    check: Callable[..., tuple[Vendor | None, list[Problem]]] = check_vendor,
) -> tuple[tuple[Vendor, ...], Report]:
    """Validate vendor documents: fields, cross-field rules, then ids across files. Freshness is
    judged by the library's one policy (`checks.MAX_AGE_DAYS`) unless `max_age_days` says otherwise
    (None: not judged). `currencies` (the scoring declaration's reporting currency, then those it has
    rates for) reports a price no rate converts; empty: not checked. `check` checks one document
    (`check_vendor`, or a cache of its results)."""
    vendors: list[Vendor] = []
    problems: list[Problem] = []
    seen: dict[str, RawDocument] = {}
    for doc in docs:
        vendor, found = check(doc, today=today, max_age_days=max_age_days, currencies=currencies)
        problems += found
        if vendor is None:
            continue
        if vendor.id in seen:
            first = seen[vendor.id]
            line, col = doc.position(("id",))
            problems.append(
                Problem(
                    doc.file,
                    line,
                    col,
                    "error",
                    "id",
                    f"duplicate vendor id '{vendor.id}' (also in {first.file})",
                )
            )
            continue
        seen[vendor.id] = doc
        vendors.append(vendor)
    return tuple(sorted(vendors, key=lambda v: v.id)), Report(tuple(sorted(problems)))


def _partial_findings(
    doc: RawDocument, field_problems: list[Problem], *, today: date, max_age_days: int | None
) -> list[Problem]:
    """Cross-field problems of the sections that did validate, so one run reports everything.

    Sections with field errors are set aside and the rest is checked again. A broken identity
    field that no rule reads is replaced by a neutral stand-in, so a bad website does not hide
    a dangling source; a broken `sources` list still stops the checks (references need it).
    Warnings about uncited sources are dropped: a set-aside section may be the one citing them."""
    broken = {p.path.split(".")[0].split("[")[0] for p in field_problems}
    if not isinstance(doc.data, dict) or "" in broken or "sources" in broken:
        return []
    stand_ins = {"id": doc.stem, "name": "-", "products": ["-"], "website": "https://example.invalid/"}
    stand_ins["last_reviewed"] = today.isoformat()
    rest = {k: v for k, v in doc.data.items() if k not in broken}
    rest.update({k: v for k, v in stand_ins.items() if k in broken})
    try:
        vendor = vendor_validator().validate_python(rest)
    except ValidationError:
        return []
    findings = vendor_findings(vendor, stem=doc.stem, today=today, max_age_days=max_age_days)
    return [problem_at(doc, f) for f in findings if not f.message.endswith("is not cited by any section")]


def display_path(data: Any, loc: tuple[Any, ...]) -> str:
    """`sla.tiers[name=Enterprise].credits[1].credit_pct`: list items by id or name when they have one."""
    parts: list[str] = []
    node = data
    for element in loc:
        if isinstance(element, int):
            item = node[element] if isinstance(node, list) and 0 <= element < len(node) else None
            parts.append(_item_label(item) or f"[{element}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(element))
            node = node.get(element) if isinstance(node, dict) else None
    return "".join(parts)


def _item_label(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "name", "level"):
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return f"[{key}={value}]"
    return None


def _problem_from_error(doc: RawDocument, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "missing":
        position = doc.position(loc[:-1])
        message = "required field is missing"
    elif kind == "extra_forbidden":
        position = doc.position(loc, key=True)
        message = _unknown_key_message(str(loc[-1]), _field_names(model, loc[:-1]))
    else:
        position = doc.position(loc)
        message = _TYPE_MESSAGES.get(kind) or _plain(err)
        if kind not in _SILENT_INPUT:
            message += f" (got {show_value(err.get('input'))})"
    path = one_line(display_path(doc.data, loc))
    return Problem(doc.file, position[0], position[1], "error", path, one_line(message))


def _plain(err: Any) -> str:
    kind, msg, ctx = err["type"], err["msg"], err.get("ctx") or {}
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"must have at least {n} item{'s' if n != 1 else ''}"
    msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _unknown_key_message(key: str, allowed: list[str]) -> str:
    close = _closest(key, allowed)
    if close:
        return f"unknown key '{key}'; did you mean '{close}'?"
    if allowed:
        return f"unknown key '{key}'; expected one of: {', '.join(allowed)}"
    return f"unknown key '{key}'"


def _closest(word: str, options: list[str]) -> str | None:
    """The option most like `word`; on a tie, the one sharing the longest beginning ('prices' ->
    'pricing', not 'sources'), then the first declared."""
    matcher = difflib.SequenceMatcher(b=word)
    best: tuple[float, int, int] | None = None
    choice = None
    for i, option in enumerate(options):
        matcher.set_seq1(option)
        ratio = matcher.ratio()
        if ratio < 0.6:
            continue
        shared = next(
            (k for k, (a, b) in enumerate(zip(word, option, strict=False)) if a != b),
            min(len(word), len(option)),
        )
        if best is None or (ratio, shared, -i) > best:
            best, choice = (ratio, shared, -i), option
    return choice


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    cls: type[BaseModel] | None = model
    for element in loc:
        if cls is None:
            return []
        if isinstance(element, int):
            continue
        info = cls.model_fields.get(element)
        cls = inner_model(info.annotation) if info else None
    return list(cls.model_fields) if cls else []


def show_value(value: Any) -> str:
    """A short, YAML-flavoured rendering of a user's value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, (list, tuple)):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return "'" + text.replace("\n", "\\n") + "'"
    return str(value)
