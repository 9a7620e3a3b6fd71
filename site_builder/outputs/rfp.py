"""The RFP questionnaire: every buyer question for one vendor, pre-filled where the profile answers
it (value and source) and the unknown ones left to answer, as XLSX and Markdown.

Input: a `Vendor`, and the `Comparison` to order the open questions by what their answers can do
to a persona's pick (value of information, `scoring/decision.py`): the questions that could
change the pick first, then by how far the answer can move the vendor's total. Output: the
questionnaire's bytes and text. Questions come from `questions.py` only. The way back (a filled
questionnaire into the profile) is `rfp_import.py`. No I/O.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from site_builder.comparison import Comparison
from site_builder.data.model import Sourced, Vendor
from site_builder.data.questions import all_questions
from site_builder.data.words import format_value, label
from site_builder.scoring.decision import effect, vendor_questions

KEY_COLUMN, ANSWER_COLUMN = 1, 6  # 1-based: the row key (hidden) and the vendor's answer
HEADERS = (
    "Key",
    "Section",
    "Applies to",
    "Question",
    "What we have on record",
    "Your answer",
    "Source on record",
    "Ask first (1 = most)",
    "Why it matters",
)


@dataclass(frozen=True)
class Priority:
    rank: int  # 1: ask first
    why: str  # what the answer can do, for which persona


@dataclass(frozen=True)
class Line:
    key: str  # "sla.change_notice" or "sla.tiers[name=Gold].availability_pct"
    section: str
    item: str  # "Gold" for an SLA tier, else ""
    question: str
    current: str  # the recorded answer, or "" when unknown
    source: str  # the source of the recorded answer
    path: str = ""  # the question's field ("sla.tiers.availability_pct")
    priority: Priority | None = None  # an open question whose answer can move a persona's ranking


def priorities(c: Comparison, vendor_id: str, persona: str | None = None) -> dict[str, Priority]:
    """Field path -> priority of the vendor's open scored questions, for `persona` or (None) for the
    persona each matters most to: those that can change the pick first (a must-have first among
    them), then by the points the answer can move the vendor's total, then in question order."""
    vendor = c.vendor(vendor_id)
    names = {v.id: v.name for v in c.vendors}
    order = {q.path: i for i, q in enumerate(all_questions())}
    best: dict[str, tuple[tuple[bool, bool, float], str]] = {}
    for p in c.criteria.personas:
        if persona is not None and p.id != persona:
            continue
        top = c.board.ranking(p.id).ranked[0] if c.board.ranking(p.id).ranked else ""
        for q in vendor_questions(c.board, p.id, vendor):
            key = (not q.changes_pick, q.kind != "must-have", -round(q.swing, 9))
            why = f"{p.label}: {effect(q, names, top)}"
            for path in q.paths:
                if path not in best or key < best[path][0]:
                    best[path] = (key, why)
    ranked = sorted(best, key=lambda path: (best[path][0], order.get(path, len(order))))
    return {path: Priority(i, best[path][1]) for i, path in enumerate(ranked, 1)}


def asked_first(rows: list[Line]) -> list[tuple[Line, Priority]]:
    """The open questions with a priority, most valuable first, each with its priority."""
    pairs = [(r, r.priority) for r in rows if not r.current and r.priority is not None]
    return sorted(pairs, key=lambda pair: pair[1].rank)


def ordered(rows: list[Line]) -> list[Line]:
    """The open questions with a priority first, most valuable first; then the rest, in section order."""
    first = [r for r, _ in asked_first(rows)]
    return first + [r for r in rows if r not in first]


def _source_text(vendor: Vendor, sid: str | None) -> str:
    s = next((x for x in vendor.sources if x.id == sid), None)
    return f"{s.title} ({s.kind.replace('_', ' ')}, {(s.published or s.retrieved).isoformat()})" if s else ""


def lines(vendor: Vendor, ranks: dict[str, Priority] | None = None) -> list[Line]:
    """One line per question, and per list item for questions about items (each SLA tier), each open
    one with its priority from `ranks` (see `priorities`)."""
    ranks = ranks or {}
    out = []
    for q in all_questions():
        parts = q.path.split(".")
        section = getattr(vendor, parts[0])
        if len(parts) == 2:
            value = getattr(section, parts[1]) if section is not None else None
            sid = section.source_for(parts[1]) if isinstance(section, Sourced) and value is not None else None
            out.append(
                Line(
                    q.path,
                    label(parts[0]),
                    "",
                    q.text,
                    "" if value is None else format_value(value),
                    _source_text(vendor, sid),
                    q.path,
                    ranks.get(q.path) if value is None else None,
                )
            )
            continue
        items = getattr(section, parts[1]) if section is not None else None
        if not items:  # a question about items the profile does not list yet (no SLA tier)
            out.append(Line(q.path, label(parts[0]), "", q.text, "", "", q.path, ranks.get(q.path)))
            continue
        for item in items:
            key = next(k for k in ("name", "id", "level") if hasattr(item, k))
            value = getattr(item, parts[2])
            sid = item.source_for(parts[2], section.source_for("")) if value is not None else None
            out.append(
                Line(
                    f"{parts[0]}.{parts[1]}[{key}={getattr(item, key)}].{parts[2]}",
                    label(parts[0]),
                    str(getattr(item, key)),
                    q.text,
                    "" if value is None else format_value(value),
                    _source_text(vendor, sid),
                    q.path,
                    ranks.get(q.path) if value is None else None,
                )
            )
    return out


def to_markdown(
    vendor: Vendor, today: date, ranks: dict[str, Priority] | None = None, focus: str = ""
) -> str:
    """The questionnaire as Markdown: the open questions that matter most first (with `ranks`; `focus`
    names for whom, "the regulated buyer"), then every question by section."""
    rows = lines(vendor, ranks)
    open_ = sum(1 for r in rows if not r.current)
    out = [
        f"# Questionnaire for {vendor.name}",
        "",
        f"Prepared {today.isoformat()}. {len(rows)} questions; {open_} are open, the others show what we have "
        "on record and its source: please confirm or correct them.",
        "",
    ]
    first = asked_first(rows)
    if first:
        out += [
            "## Ask first",
            "",
            f"The open questions whose answers can change the ranking{f' for {focus}' if focus else ''}, "
            "most decisive first. Each is asked again in its section below.",
            "",
        ]
        for r, priority in first:
            item = f" ({r.item})" if r.item else ""
            out.append(f"{priority.rank}. **{r.question}**{item}  ")
            out.append(f"   {priority.why}")
        out.append("")
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            out += [f"## {section}", ""]
        item = f" ({r.item})" if r.item else ""
        out.append(f"- **{r.question}**{item}  ")
        out.append(f"  On record: {r.current} ({r.source})" if r.current else "  On record: unknown. Answer:")
    return "\n".join(out) + "\n"


def to_xlsx(vendor: Vendor, today: date, ranks: dict[str, Priority] | None = None) -> bytes:
    """The questionnaire as a workbook: the open questions that matter most first (with `ranks`),
    each with its priority and why; then the rest in section order."""
    from datetime import datetime, time

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    book.set_properties(
        {"title": f"Questionnaire for {vendor.name}", "created": datetime.combine(today, time())}
    )
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    # Text cells: Excel keeps "99.9%", "7d" and "2026-12-01" as typed instead of turning them into 0.999,
    # a date serial or a number (import reads either way).
    answer = book.add_format(
        {"text_wrap": True, "valign": "top", "bg_color": "#FFF6D6", "locked": False, "num_format": "@"}
    )
    about = book.add_worksheet("About")
    about.write_column(
        0, 0, ["Vendor id", "Vendor", "Prepared", "Answered on (YYYY-MM-DD)", "Answered by"], bold
    )
    about.write_column(0, 1, [vendor.id, vendor.name, today.isoformat()], wrap)
    about.write_string(3, 1, "", answer)
    about.write_string(4, 1, "", answer)
    about.write_string(
        6,
        0,
        "Write each answer in the yellow column of the Questions sheet, as the column "
        "'What we have on record' shows values: numbers (99.95 or 99.95%), durations with a "
        "unit (30 days, 4h), yes or no, dates as YYYY-MM-DD, lists separated by commas; "
        "a table of several records (credit steps, prices) as YAML, for example "
        "[{below_pct: 99.9, credit_pct: 10}, {below_pct: 99, credit_pct: 25}].",
        wrap,
    )
    about.set_column(0, 0, 26)
    about.set_column(1, 1, 50)
    sheet = book.add_worksheet("Questions")
    sheet.write_row(0, 0, HEADERS, bold)
    for i, r in enumerate(ordered(lines(vendor, ranks)), 1):
        sheet.write_row(i, 0, [r.key, r.section, r.item, r.question, r.current or "unknown"], wrap)
        sheet.write_string(i, ANSWER_COLUMN - 1, "", answer)
        sheet.write_string(i, 6, r.source, wrap)
        if r.priority and not r.current:
            sheet.write_number(i, 7, r.priority.rank)
            sheet.write_string(i, 8, r.priority.why, wrap)
    for col, width in enumerate((10, 16, 14, 60, 28, 30, 30, 10, 50)):
        sheet.set_column(col, col, width, None, {"hidden": col == 0})
    sheet.freeze_panes(1, 4)
    book.close()
    return buffer.getvalue()
