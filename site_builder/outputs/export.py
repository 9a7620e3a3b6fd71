"""The comparison as data for other tools: CSV, JSON and a real spreadsheet (XLSX).

Input: a `Comparison`. Output: bytes of each format. Every export carries the same content:
one row per vendor with its facts and derived metrics (unit in the column header), criterion
scores, per-persona totals, ranges, ranks and place in the decision (settled pick, shortlisted),
coverage and red flags; and per persona the decision itself: the pick, the shortlist and the
questions that decide it, most valuable first (`scoring/decision.py`). Unknown is written as
the word `unknown` (JSON: null with `"known": false`), never as an empty cell or a zero.
Deterministic: the same comparison gives byte-identical files (XLSX dates fixed to the build date).

Safe to open: a text cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab
or a carriage return) is written with a leading apostrophe in CSV (OWASP's advice on CSV
injection) and as a plain string cell in XLSX; numbers are rounded to 10 significant digits, which
keeps every figure a source gives and drops binary float noise (4.3829100000022425 -> 4.38291).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from site_builder.comparison import Comparison
from site_builder.data.values import bound_of
from site_builder.scoring.decision import Decision, effect, summary
from site_builder.scoring.metrics import METRICS

EXPORT_VERSION = 1
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Column:
    key: str  # stable id, e.g. "metric:availability_pct", "persona:regulated:total"
    header: str  # for people, with the unit
    number_format: str | None = None  # for the spreadsheet


def _plain(value: Any) -> Any:
    """A metric value as a spreadsheet cell: numbers stay numbers, sets become 'a, b'."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none"
    if bound_of(value):  # a bound stays one in the spreadsheet: 'at least 5', never the bare 5
        return value.text
    return value


def columns(c: Comparison) -> list[Column]:
    """The export's columns, derived from scoring.yaml and the metrics (never a hand-kept list)."""
    cols = [
        Column("id", "Vendor id"),
        Column("name", "Vendor"),
        Column("last_reviewed", "Last reviewed", DATE),
        Column("coverage", COVERAGE_UNWEIGHTED, "0%"),
    ]
    for p in c.criteria.personas:
        cols += [
            Column(f"persona:{p.id}:rank", f"{p.label}: rank", "0"),
            Column(f"persona:{p.id}:decision", f"{p.label}: decision"),
            Column(f"persona:{p.id}:coverage", f"{p.label}: {COVERAGE_WEIGHTED}", "0%"),
            Column(f"persona:{p.id}:total", f"{p.label}: score (0-100)", "0.0"),
            Column(f"persona:{p.id}:low", f"{p.label}: score if unknowns are worst", "0.0"),
            Column(f"persona:{p.id}:high", f"{p.label}: score if unknowns are best", "0.0"),
            Column(f"persona:{p.id}:must_haves", f"{p.label}: must-haves"),
        ]
    cols.append(Column("red_flags", "Red flags"))
    for k in c.criteria.criteria:
        cols.append(Column(f"criterion:{k.id}", f"Score: {k.label} (0-100)", "0.0"))
    units = _units(c)
    for m in METRICS:
        unit = units.get(m.id, "")
        cols.append(
            Column(f"metric:{m.id}", f"{m.label} ({unit})" if unit else m.label, _number_format(unit))
        )
    return cols


# Two coverage figures, named so they cannot be confused: the site's "data coverage" weighs each
# criterion by the persona's weight; the other counts criteria, all alike.
COVERAGE_WEIGHTED = "data coverage (share of the persona's weight resting on known facts, as on the site)"
COVERAGE_UNWEIGHTED = "Criteria known, unweighted (share of all criteria with a known fact)"
# A text cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SIGNIFICANT_DIGITS = 10

DATE = "yyyy-mm-dd"  # a real date in the spreadsheet; ISO text in CSV and JSON
# The unit is in the column header; the format only says how many decimals a reader needs.
_UNIT_FORMATS = {"%": "0.0##", "h": "#,##0.0#", "min": "#,##0.0#", "days": "0", "months": "0.0#"}


def _number_format(unit: str) -> str | None:
    if len(unit) == 3 and unit.isupper():  # a currency
        return "#,##0"
    return _UNIT_FORMATS.get(unit)


def _units(c: Comparison) -> dict[str, str]:
    """The unit of each metric as the vendors have it (a price's currency may differ by vendor: 'mixed')."""
    out: dict[str, str] = {}
    for m in METRICS:
        seen = sorted({v.metric(m.id).unit for v in c.board.vendors if v.metric(m.id).known})
        out[m.id] = (
            seen[0]
            if len(seen) == 1
            else ("mixed" if seen else m.unit if m.unit not in ("currency", "cost") else "")
        )
    return out


def place(d: Decision, vid: str, excluded: bool) -> str:
    """A vendor's place in a persona's decision, in words."""
    if excluded:
        return "excluded (fails a must-have)"
    if vid in d.tied:
        return "tied first"
    if vid == d.top:
        return "settled pick" if d.settled else "pick, not settled"
    return "shortlisted (could still overtake)" if vid in d.shortlist else "not shortlisted"


def rows(c: Comparison) -> list[dict[str, Any]]:
    """One dict per vendor (by id), keyed like `columns`."""
    out = []
    for v in c.board.vendors:
        vendor = c.vendor(v.id)
        row: dict[str, Any] = {
            "id": v.id,
            "name": v.name,
            "last_reviewed": vendor.last_reviewed.isoformat(),
            "coverage": v.coverage,
        }
        for p in v.personas:
            musts = [f"{m.label}: {m.status}" for m in p.must_haves]
            row |= {
                f"persona:{p.persona}:rank": p.rank if p.rank is not None else "excluded",
                f"persona:{p.persona}:decision": place(c.decision(p.persona), v.id, p.excluded),
                f"persona:{p.persona}:coverage": p.coverage,
                f"persona:{p.persona}:total": p.total,
                f"persona:{p.persona}:low": p.low,
                f"persona:{p.persona}:high": p.high,
                f"persona:{p.persona}:must_haves": "; ".join(musts) or "none",
            }
        row["red_flags"] = "; ".join(f"{f.severity}: {f.message}" for f in v.flags) or "none"
        for s in v.scores:
            row[f"criterion:{s.criterion}"] = s.score if s.known else UNKNOWN
        for m in v.metrics:
            row[f"metric:{m.id}"] = _plain(m.value)
        out.append({key: rounded(value) for key, value in row.items()})
    return out


def rounded(value: Any) -> Any:
    """A float at 10 significant digits (float noise gone, every digit a source gives kept)."""
    if isinstance(value, float):  # (a bound's own digits: its text is written where it is shown)
        return float(f"{float(value):.{SIGNIFICANT_DIGITS}g}")
    return value


def inert(text: str) -> str:
    """A text cell no spreadsheet runs: a leading apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(c: Comparison) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cols = columns(c)
    writer.writerow([inert(col.header) for col in cols])
    for row in rows(c):
        writer.writerow([_csv_cell(row[col.key]) for col in cols])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return inert(value)
    return repr(value) if isinstance(value, float) else value  # shortest text that reads back equal


def to_json(c: Comparison) -> bytes:
    """Version 1 (see docs/exports.md): new keys may be added; existing ones keep their meaning."""
    vendors = []
    for v in c.board.vendors:
        vendors.append(
            {
                "id": v.id,
                "name": v.name,
                "last_reviewed": c.vendor(v.id).last_reviewed.isoformat(),
                "coverage": v.coverage,
                "personas": {
                    p.persona: {
                        "rank": p.rank,
                        "decision": place(c.decision(p.persona), v.id, p.excluded),
                        "excluded": p.excluded,
                        "total": p.total,
                        "low": p.low,
                        "high": p.high,
                        "coverage": p.coverage,
                        "confidence": p.confidence,
                        "p_rank1": c.robust(p.persona).p_rank1(v.id) if p.rank else None,
                        "must_haves": {m.id: m.status for m in p.must_haves},
                    }
                    for p in v.personas
                },
                "criteria": {
                    s.criterion: {
                        "known": s.known,
                        "score": s.score,
                        "worst": s.worst,
                        "best": s.best,
                        "value": s.display,
                        "stale": s.stale,
                        "confidence": s.confidence,
                    }
                    for s in v.scores
                },
                "metrics": {
                    m.id: {
                        "known": m.known,
                        "value": rounded(_json_value(m.value)),
                        "unit": m.unit,
                        "display": m.display,
                        "sources": list(m.sources),
                        "inferred": m.inferred,
                    }
                    for m in v.metrics
                },
                "red_flags": [
                    {"id": f.id, "severity": f.severity, "message": f.message, "unknown_fact": f.unknown}
                    for f in v.flags
                ],
            }
        )
    names = {v.id: v.name for v in c.vendors}
    data = {
        "version": EXPORT_VERSION,
        "built": c.today.isoformat(),
        "personas": [
            {
                "id": p.id,
                "label": p.label,
                "weights": dict(p.weights),
                "must_haves": list(p.must_haves),
                "ranked": list(c.board.ranking(p.id).ranked),
                "rank_text": {v: c.board.rank_text(v, p.id) for v in c.board.ranking(p.id).ranked},
                "top_pick_inferred": _inferred_json(c, p.id),
                "decision": decision_data(c.decision(p.id), names),
            }
            for p in c.criteria.personas
        ],
        "criteria": [
            {"id": k.id, "label": k.label, "category": k.category, "metric": k.metric}
            for k in c.criteria.criteria
        ],
        "vendors": vendors,
    }
    # One line per vendor would be nicer to read, but indent= makes json 5x slower on 500 vendors.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _inferred_json(c: Comparison, pid: str) -> dict[str, Any] | None:
    pick = c.board.inferred_pick(pid)
    if pick is None:
        return None
    return {
        "facts": [{"criterion": label, "value": shown, "reasoning": why} for label, shown, why in pick.facts],
        "total_without": pick.total_without,
        "leader_without": pick.leader_without,
    }


def decision_data(d: Decision, names: dict[str, str]) -> dict[str, Any]:
    """A persona's decision as JSON (docs/exports.md): also what `site-builder score` prints."""
    return {
        "settled": d.settled,
        "top": d.top,
        "shortlist": list(d.shortlist),
        "tied": list(d.tied),
        "summary": summary(d, names),
        "questions": [
            {
                "vendor": q.vendor,
                "kind": q.kind,
                "subject": q.subject,
                "label": q.label,
                "fields": list(q.paths or (q.path,)),
                "question": q.question,
                "changes_pick": q.changes_pick,
                "answer": q.answer,
                "new_top": q.new_top,
                "swing": rounded(q.swing),
                "effect": effect(q, names, d.top or ""),
            }
            for q in d.questions
        ],
    }


def _json_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def to_xlsx(c: Comparison) -> bytes:
    """One sheet per persona (ranked), a Facts sheet (every metric per vendor) and a Criteria sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    built = datetime.combine(c.today, time())
    book.set_properties(
        {"title": "Vendor comparison", "created": built, "comments": f"export version {EXPORT_VERSION}"}
    )
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    unknown = book.add_format({"italic": True, "font_color": "#595959"})
    formats = {
        f: book.add_format({"num_format": f})
        for f in sorted({"0", "0.0", "0%", DATE, "#,##0", *_UNIT_FORMATS.values()})
    }
    cols, data = columns(c), rows(c)
    by_key = {col.key: col for col in cols}
    _decision_sheet(book, c, bold)
    for p in c.criteria.personas:
        keys = [
            "id",
            "name",
            f"persona:{p.id}:rank",
            f"persona:{p.id}:decision",
            f"persona:{p.id}:total",
            f"persona:{p.id}:low",
            f"persona:{p.id}:high",
            f"persona:{p.id}:coverage",
            "coverage",
            f"persona:{p.id}:must_haves",
            "red_flags",
        ]
        keys += [f"criterion:{k.id}" for k in c.criteria.criteria if p.weights.get(k.id)]
        ranking = c.board.ranking(p.id)
        order = {vid: i for i, vid in enumerate(ranking.ranked + ranking.excluded)}
        ranked = sorted(data, key=lambda r: order[r["id"]])
        _sheet(book, p.id[:31], [by_key[k] for k in keys], ranked, bold, unknown, formats)
    _sheet(
        book,
        "Facts",
        [by_key[k] for k in ["id", "name", "last_reviewed"]]
        + [col for col in cols if col.key.startswith("metric:")],
        data,
        bold,
        unknown,
        formats,
    )
    sheet = book.add_worksheet("Criteria")
    header = ["Criterion id", "Criterion", "Category", "Metric", "Rationale"] + [
        p.label for p in c.criteria.personas
    ]
    for j, text in enumerate(header):
        sheet.write_string(0, j, text, bold)
    for i, k in enumerate(c.criteria.criteria, 1):
        for j, text in enumerate([k.id, k.label, k.category, k.metric, k.rationale]):
            sheet.write_string(i, j, text)  # never write(): it reads a text starting with '=' as a formula
        sheet.write_row(i, 5, [p.weights.get(k.id, 0) for p in c.criteria.personas])
    sheet.freeze_panes(1, 2)
    book.close()
    return buffer.getvalue()


DECISION_HEADERS = (
    "Persona",
    "Ask first (1 = most)",
    "Vendor to ask",
    "Question",
    "What its answer can do",
    "Can change the pick",
    "Moves the vendor's total by up to (points)",
)


def _decision_sheet(book, c: Comparison, bold) -> None:
    """Per persona: the decision in one line, then the questions that decide it, most valuable first."""
    names = {v.id: v.name for v in c.vendors}
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    points = book.add_format({"num_format": "0.0", "valign": "top"})
    sheet = book.add_worksheet("Decision")
    sheet.write_row(0, 0, ("Persona", "Decision"), bold)
    for i, p in enumerate(c.criteria.personas, 1):
        sheet.write_string(i, 0, p.label, wrap)
        sheet.write_string(i, 1, summary(c.decision(p.id), names), wrap)
    top = len(c.criteria.personas) + 2
    sheet.write_row(top, 0, DECISION_HEADERS, bold)
    row = top
    for p in c.criteria.personas:
        d = c.decision(p.id)
        for n, q in enumerate(d.questions, 1):
            row += 1
            sheet.write_string(row, 0, p.label, wrap)
            sheet.write_number(row, 1, n)
            sheet.write_string(row, 2, names[q.vendor], wrap)
            sheet.write_string(row, 3, q.question or q.label, wrap)
            sheet.write_string(row, 4, effect(q, names, d.top or ""), wrap)
            sheet.write_string(row, 5, "yes" if q.changes_pick else "no")
            sheet.write_number(row, 6, rounded(q.swing), points)
    for col, width in enumerate((28, 10, 20, 50, 60, 12, 14)):
        sheet.set_column(col, col, width)
    sheet.autofilter(top, 0, max(row, top), len(DECISION_HEADERS) - 1)


def _sheet(book, name, cols, data, bold, unknown, formats) -> None:
    sheet = book.add_worksheet(name)
    for j, col in enumerate(cols):
        sheet.write_string(0, j, col.header, bold)
    sheet.set_row(0, 45)
    for j, col in enumerate(cols):
        sheet.set_column(j, j, 28 if col.key == "name" else 16)
    for i, row in enumerate(data, 1):
        for j, col in enumerate(cols):
            value = row[col.key]
            if value == UNKNOWN:
                sheet.write_string(i, j, value, unknown)
            elif col.number_format == DATE:
                sheet.write_datetime(i, j, datetime.fromisoformat(value), formats[DATE])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(i, j, value, formats.get(col.number_format or ""))
            else:
                sheet.write_string(i, j, str(value))
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(data), len(cols) - 1)


FORMATS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}
