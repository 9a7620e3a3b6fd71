"""A filled RFP questionnaire merged into the vendor's profile.

Input: the filled XLSX and the profile's text and data. Output: the profile's text with the new
answers added in place (every other byte as it was, see `yaml_edit.py`) and what happened to each
answer. Each answer is read by its field's type, so "yes", "7 days" and "99.9%" are the values
true, 7d and 99.9. Import never overwrites a known fact: a different answer is recorded (once) as
a contradiction between the two sources. It validates the merged profile and raises typed errors
that place every problem at a questionnaire cell or a line of the profile as it is; it never
writes files or prints.
"""

from __future__ import annotations

import copy
import io
import re
import types
import typing
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from site_builder.data.load import RawDocument, load_bytes
from site_builder.data.model import SECTIONS, Part, Vendor
from site_builder.data.validate import validate_vendors
from site_builder.data.values import DURATION_UNITS, Duration
from site_builder.data.words import format_value, is_model_list, label
from site_builder.data.yaml_edit import insert_additions, yaml_text
from site_builder.errors import Problem
from site_builder.outputs.rfp import ANSWER_COLUMN, KEY_COLUMN

ITEM_KEY = re.compile(r"^(?P<list>[a-z_]+)\[(?P<key>[a-z]+)=(?P<value>.*)\]$")  # "tiers[name=Gold]"


@dataclass(frozen=True)
class Answer:
    key: str  # the question key of the row, or ANSWERED_ON for the About sheet's date
    cell: str  # where the vendor wrote it: "Questions!F12"
    value: Any  # str, int, float, bool or datetime, as the spreadsheet holds it


@dataclass(frozen=True)
class Filled:
    """A filled questionnaire: whose it is, when it was answered and every non-empty answer."""

    vendor_id: str
    answered_on: Answer | None
    answers: tuple[Answer, ...]  # in sheet order


@dataclass(frozen=True)
class BadAnswer:
    cell: str
    key: str
    message: str


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str  # "added", "same", "conflict" (recorded as a contradiction), "recorded" (already on record)
    message: str


@dataclass(frozen=True)
class Imported:
    text: str  # the profile with the answers added; the original text when nothing changed
    outcomes: tuple[Outcome, ...]
    changed: bool


class NotAQuestionnaire(Exception):
    """The file is not a questionnaire written by `site-builder rfp`."""


class ImportFailed(Exception):
    """Nothing may be written: answers that cannot be read (by cell), or problems of the merged
    profile placed in the unchanged profile file."""

    def __init__(self, bad: tuple[BadAnswer, ...], problems: tuple[Problem, ...] = ()):
        lines = [f"{b.cell}: {b.key}: {b.message}" for b in bad] + [str(p) for p in problems]
        super().__init__("\n".join(lines))
        self.bad = bad
        self.problems = problems


ANSWERED_ON = "answered on"


def read_answers(xlsx: bytes) -> Filled:
    """The vendor id, the answer date and every non-empty answer of a filled questionnaire."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True, data_only=True)
        about, sheet = book["About"], book["Questions"]
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise NotAQuestionnaire(str(exc).strip("'\"")) from None
    labels = {
        str(r[0].value): (r[1].value, f"{about.title}!B{n}")
        for n, r in enumerate(about.iter_rows(min_row=1, max_row=5, max_col=2), 1)
        if len(r) == 2
    }
    when, cell = labels.get("Answered on (YYYY-MM-DD)", (None, ""))
    answered_on = Answer(ANSWERED_ON, cell, _clean(when)) if _clean(when) not in (None, "") else None
    answers = []
    for n, row in enumerate(sheet.iter_rows(min_row=2, max_col=ANSWER_COLUMN), 2):
        if len(row) < ANSWER_COLUMN or not row[KEY_COLUMN - 1].value:
            continue
        value = _clean(row[ANSWER_COLUMN - 1].value)
        percent = "%" in (row[ANSWER_COLUMN - 1].number_format or "")
        if percent and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = round(value * 100, 10)  # the spreadsheet stores a typed "99.9%" as 0.999 and "100%" as 1
        if value not in (None, ""):
            answers.append(Answer(str(row[KEY_COLUMN - 1].value), f"{sheet.title}!{_COLUMN}{n}", value))
    return Filled(str(labels.get("Vendor id", ("",))[0] or "").strip(), answered_on, tuple(answers))


_COLUMN = "ABCDEFGHIJ"[ANSWER_COLUMN - 1]


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def import_answers(doc: RawDocument, text: str, filled: Filled, *, today: date) -> Imported:
    """The profile `text` (loaded as `doc`) with every new answer added in place, cited to a
    questionnaire source; only added lines differ. A known fact is kept and a different answer
    becomes a contradiction. Raises `ImportFailed` (nothing may be written) and `CannotEditInPlace`."""
    _, report = validate_vendors([doc], today=today)
    if report.failed():  # the profile as it is: its own problems, at its own lines
        raise ImportFailed((), report.errors)
    when, bad = _answered_on(filled.answered_on, today)
    source_id = f"rfp-{when.isoformat()}"
    parsed: dict[str, tuple[Answer, Any, Any]] = {}
    for answer in filled.answers:
        try:
            parsed[answer.key] = (answer, *parse_answer(answer.key, answer.value))
        except BadValue as exc:
            bad.append(BadAnswer(answer.cell, answer.key, f"{exc} (got {_shown(answer.value)})"))
    data, outcomes, missing = merge(doc.data, parsed, source_id)
    bad += [BadAnswer(parsed[key][0].cell, key, message) for key, message in missing]
    if bad:
        order = {a.cell: i for i, a in enumerate(filled.answers)}
        raise ImportFailed(tuple(sorted(bad, key=lambda b: order.get(b.cell, -1))))
    if data == doc.data:
        return Imported(text, tuple(outcomes), False)
    if all(s.get("id") != source_id for s in data["sources"]):  # the profile is valid: a list of mappings
        data["sources"].append(source_entry(source_id, str(data.get("name", filled.vendor_id)), when))
    # Validated with the original positions: a problem in an added line points at the nearest
    # enclosing value that is in the file as it is, and an answer's problem at its cell.
    _, report = validate_vendors([RawDocument(doc.file, data, doc.values, doc.keys)], today=today)
    if report.failed():
        cells = {key: answer.cell for key, (answer, _, _) in parsed.items()}
        at_cell = [
            (p, next((k for k in cells if re.match(rf"{re.escape(k)}($|[.\[])", p.path)), None))
            for p in report.errors
        ]
        raise ImportFailed(
            tuple(BadAnswer(cells[k], k, p.message) for p, k in at_cell if k),
            tuple(p for p, k in at_cell if not k),
        )
    return Imported(insert_additions(text, doc.data, data), tuple(outcomes), True)


def _answered_on(answer: Answer | None, today: date) -> tuple[date, list[BadAnswer]]:
    if answer is None:
        return today, []
    try:
        when = date.fromisoformat(_scalar(date, answer.value, False))
    except BadValue as exc:
        return today, [BadAnswer(answer.cell, ANSWERED_ON, f"{exc} (got {_shown(answer.value)})")]
    if when > today:
        return today, [BadAnswer(answer.cell, ANSWERED_ON, f"{when} is in the future (today is {today})")]
    return when, []


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else repr(format_value(value))


# --- reading an answer by the field's type ---------------------------------------------------


class BadValue(ValueError):
    """An answer that is not a value of its field; the message says what was expected."""


def field_of(key: str) -> FieldInfo:
    """The model field a question key asks about: `sla.change_notice`, `sla.tiers[name=X].scope`."""
    parts = key.split(".")
    model: type[BaseModel] | None = None
    if parts[0] in SECTIONS and len(parts) in (2, 3):
        model = _section(parts[0])
        if len(parts) == 3:
            info = model.model_fields.get(_item_key(parts[0], parts[1]).group("list"))
            model = _model(info.annotation) if info else None
    info = model.model_fields.get(parts[-1]) if model else None
    if info is None or parts[-1] in Part.model_fields:
        raise BadValue("not a question of the questionnaire (was the hidden Key column changed?)")
    return info


def _section(name: str) -> type[BaseModel]:
    """The model of the profile section `name` (one of SECTIONS)."""
    model = _model(Vendor.model_fields[name].annotation)
    if model is None:  # cannot happen: SECTIONS names the Vendor fields that hold a Section model
        raise BadValue(f"the profile has no section {name}")
    return model


def _item_key(section: str, part: str) -> re.Match[str]:
    """The parts of an item key such as `tiers[name=Gold]` (list, key, value)."""
    m = ITEM_KEY.match(part)
    if m is None:
        raise BadValue(f"the profile lists no {section}.{part}; add the item to the profile first")
    return m


def parse_answer(key: str, value: Any) -> tuple[Any, Any]:
    """(the value to write to YAML, the same value as the model reads it) for an answer."""
    info = field_of(key)
    plain = _read(info, value)
    try:
        return plain, TypeAdapter(_annotation(info)).validate_python(plain)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in err["loc"]).lstrip(".")
        raise BadValue(f"{where}: {err['msg']}" if where else err["msg"]) from None


def _annotation(info: FieldInfo) -> Any:
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _read(info: FieldInfo, value: Any) -> Any:
    kind = _bare(_annotation(info))
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    percent = extra.get("x-unit") == "%"
    model = _model(kind)
    one = typing.get_origin(kind) is not tuple
    if model and one and isinstance(value, str) and not value.startswith("{"):
        return _record(model, value)
    if model:
        return _yaml(value, kind, model)
    if typing.get_origin(kind) is tuple:
        item = _bare(typing.get_args(kind)[0])
        if isinstance(value, str) and value.casefold() == "none":
            return []
        words = [w.strip() for w in value.split(",")] if isinstance(value, str) else [value]
        return [_scalar(item, w, percent) for w in words if w != ""]
    return _scalar(kind, value, percent)


def _record(model: type[BaseModel], text: str) -> dict[str, Any]:
    """A record written as the questionnaire shows it: "Within: 30 days; Starts: month end"."""
    fields = [n for n in model.model_fields if n not in Part.model_fields]
    names = {form: n for n in fields for form in (n, label(n).casefold())}
    out = {}
    for part in text.split(";"):
        name, colon, value = part.partition(":")
        field = names.get(name.strip().casefold())
        if not colon or field is None:
            shown = "; ".join(f"{label(n)}: ..." for n in fields)
            raise BadValue(f"expected {shown} (or a YAML mapping)")
        out[field] = _read(model.model_fields[field], value.strip())
    return out


_UNIT_WORDS = {
    w: code for code, (name, _) in DURATION_UNITS.items() for w in (code, name, name.removesuffix("s"))
}  # "7d", "7 days", "1 day"
_DURATION_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+(?: [a-z]+)?)")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def _scalar(kind: Any, value: Any, percent: bool) -> Any:
    """One answer value as YAML writes it: true, 7d, 2026-12-01, 99.9, best_effort or text."""
    text = format_value(value) if not isinstance(value, str) else value
    if kind is bool:
        if isinstance(value, bool) or text.casefold() in ("yes", "true", "no", "false"):
            return value if isinstance(value, bool) else text.casefold() in ("yes", "true")
        raise BadValue("expected yes or no")
    if kind is Duration:
        m = _DURATION_TEXT.fullmatch(text.casefold())
        if not m or m.group(2) not in _UNIT_WORDS:
            raise BadValue("expected a duration such as 30d or 72h")
        return str(Duration(float(m.group(1)), _UNIT_WORDS[m.group(2)]))
    if kind is date:
        if isinstance(value, date):  # a date cell (datetime included)
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise BadValue("expected a date written YYYY-MM-DD")
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise BadValue("expected a real calendar date written YYYY-MM-DD") from None
    if kind in (int, float):
        return _number(kind, value, text.removesuffix("%").rstrip() if percent else text, percent)
    if typing.get_origin(kind) is Literal:
        word = " ".join(text.replace("_", " ").split()).casefold()
        for option in typing.get_args(kind):
            if word in (option.replace("_", " ").casefold(), format_value(option).casefold()):
                return option
        raise BadValue("expected one of: " + ", ".join(format_value(o) for o in typing.get_args(kind)))
    return text


def _number(kind: type, value: Any, text: str, percent: bool) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    elif _NUMBER.fullmatch(text):
        number = float(text) if "." in text else int(text)
    else:
        number = None
    if kind is int and (number is None or not float(number).is_integer()):
        raise BadValue("expected a whole number such as 10")
    if number is None:
        raise BadValue(
            "expected a percentage such as 99.95 or 99.95%" if percent else "expected a number such as 12.5"
        )
    return int(number) if kind is int else number


def _yaml(value: Any, kind: Any, model: type[BaseModel]) -> Any:
    """A record answer (support hours, claim window, credit table) of `model`, written as YAML flow."""
    doc, _ = load_bytes(f"value: {value}\n".encode(), "answer") if isinstance(value, str) else (None, ())
    plain = doc.data["value"] if doc is not None else None
    if not isinstance(plain, list if typing.get_origin(kind) is tuple else dict):
        fields = ", ".join(n for n in model.model_fields if n not in Part.model_fields)
        shape = "a YAML list of mappings" if typing.get_origin(kind) is tuple else "a YAML mapping"
        raise BadValue(f"expected {shape} with the fields {fields}")
    return plain


def _bare(annotation: Any) -> Any:
    """The type inside `X | None` and `Annotated[X, ...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            # a name or a record (a certification): an answer gives the name
            names = [a for a in members if typing.get_origin(_bare(a)) is Literal]
            annotation = names[0] if names else members[0]
        else:
            return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    kind = _bare(annotation)
    if typing.get_origin(kind) is tuple:
        kind = _bare(typing.get_args(kind)[0])
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def same(recorded: Any, answer: Any) -> bool:
    """Whether two model values are the same fact: 7d and 1w are; 2bd and 2d are not; lists in any order."""
    if isinstance(recorded, Duration) and isinstance(answer, Duration):
        return recorded.hours == answer.hours and (recorded.unit == "bd") == (answer.unit == "bd")
    if isinstance(recorded, BaseModel) and type(recorded) is type(answer):
        return all(same(getattr(recorded, n), getattr(answer, n)) for n in type(recorded).model_fields)
    if isinstance(recorded, str) and isinstance(answer, str):
        return " ".join(recorded.split()).casefold() == " ".join(answer.split()).casefold()
    if isinstance(recorded, tuple) and isinstance(answer, tuple) and not is_model_list(recorded):
        return (
            len(recorded) == len(answer)
            and all(any(same(r, a) for a in answer) for r in recorded)
            and all(any(same(r, a) for r in recorded) for a in answer)
        )
    return recorded == answer


# --- merging into the profile data --------------------------------------------------------------


def merge(
    data: dict[str, Any], parsed: dict[str, tuple[Answer, Any, Any]], source_id: str
) -> tuple[dict[str, Any], list[Outcome], list[tuple[str, str]]]:
    """The profile data with every new answer added (cited to `source_id`), what happened to each
    answer (in key order), and the answers about items the profile does not list."""
    data = copy.deepcopy(data)
    outcomes, missing = [], []
    for key, (answer, plain, typed) in sorted(parsed.items()):
        parts = key.split(".")
        section = data.get(parts[0])
        holder, field = section, parts[-1]
        if len(parts) == 3:
            m = _item_key(parts[0], parts[1])  # never raises here: parse_answer read the same key
            items = (section or {}).get(m.group("list")) or []
            holder = next((i for i in items if str(i.get(m.group("key"))) == m.group("value")), None)
            if holder is None:
                missing.append(
                    (
                        key,
                        f"the profile has no item {m.group('key')}={m.group('value')} in "
                        f"{parts[0]}.{m.group('list')}; add it to the profile first",
                    )
                )
                continue
        if holder is None:  # a section the profile lacks: created with its first answer, if it can be
            needed = [
                n for n, f in _section(parts[0]).model_fields.items() if f.is_required() and n != "source"
            ]
            if needed:
                missing.append(
                    (
                        key,
                        f"the profile has no {parts[0]} section, and a new one needs "
                        f"{', '.join(needed)}; add the section to the profile first",
                    )
                )
                continue
            holder = data[parts[0]] = {"source": source_id}
        if holder.get(field) is None:
            holder[field] = plain
            if holder.get("source") != source_id:
                holder.setdefault("fact_sources", {})[field] = source_id
            outcomes.append(Outcome(key, "added", f"{field}: {yaml_text(plain)}"))
            continue
        recorded = _typed(key, holder[field])
        if same(recorded, typed):
            outcomes.append(Outcome(key, "same", "confirms what is on record"))
            continue
        said = answer.value if isinstance(answer.value, str) else format_value(answer.value)
        was = format_value(recorded)
        summary = f"The profile says {was}; the questionnaire answer says {said}."
        known = data.get("contradictions") or []
        if any(c.get("field") == key and c.get("summary") == summary for c in known):
            message = f"kept {was}; the answer {said} is already recorded as a contradiction"
            outcomes.append(Outcome(key, "recorded", message))
            continue
        cited = (
            (holder.get("fact_sources") or {}).get(field)
            or holder.get("source")
            or (section or {}).get("source")
        )
        sources = [s for s in (cited, source_id) if s]
        data["contradictions"] = [*known, {"field": key, "summary": summary, "sources": sources}]
        outcomes.append(
            Outcome(key, "conflict", f"kept {was}, recorded the answer {said} as a contradiction")
        )
    return data, outcomes, missing


def _typed(key: str, plain: Any) -> Any:
    try:
        return TypeAdapter(_annotation(field_of(key))).validate_python(plain)
    except ValidationError:
        return plain  # the profile itself is invalid there; validation reports it


def source_entry(source_id: str, vendor_name: str, when: date) -> dict[str, Any]:
    return {
        "id": source_id,
        "title": f"{vendor_name}'s answers to our RFP questionnaire",
        "kind": "questionnaire",
        "retrieved": when.isoformat(),
    }
