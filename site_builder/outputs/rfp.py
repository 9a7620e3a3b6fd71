"""The RFP questionnaire: every buyer question for one vendor, pre-filled where the profile answers
it (value and source) and the unknown ones left to answer, as XLSX and Markdown.

Input: a `Vendor`. Output: the questionnaire's bytes and text. Questions come from `questions.py`
only. The way back (a filled questionnaire into the profile) is `rfp_import.py`. No I/O.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from site_builder.data.model import Sourced, Vendor
from site_builder.data.questions import all_questions
from site_builder.data.words import format_value, label

KEY_COLUMN, ANSWER_COLUMN = 1, 6  # 1-based: the row key (hidden) and the vendor's answer
HEADERS = (
    "Key",
    "Section",
    "Applies to",
    "Question",
    "What we have on record",
    "Your answer",
    "Source on record",
)


@dataclass(frozen=True)
class Line:
    key: str  # "sla.change_notice" or "sla.tiers[name=Gold].availability_pct"
    section: str
    item: str  # "Gold" for an SLA tier, else ""
    question: str
    current: str  # the recorded answer, or "" when unknown
    source: str  # the source of the recorded answer


def _source_text(vendor: Vendor, sid: str | None) -> str:
    s = next((x for x in vendor.sources if x.id == sid), None)
    return f"{s.title} ({s.kind.replace('_', ' ')}, {(s.published or s.retrieved).isoformat()})" if s else ""


def lines(vendor: Vendor) -> list[Line]:
    """One line per question, and per list item for questions about items (each SLA tier)."""
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
                )
            )
            continue
        items = getattr(section, parts[1]) if section is not None else None
        if not items:  # a question about items the profile does not list yet (no SLA tier)
            out.append(Line(q.path, label(parts[0]), "", q.text, "", ""))
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
                )
            )
    return out


def to_markdown(vendor: Vendor, today: date) -> str:
    rows = lines(vendor)
    open_ = sum(1 for r in rows if not r.current)
    out = [
        f"# Questionnaire for {vendor.name}",
        "",
        f"Prepared {today.isoformat()}. {len(rows)} questions; {open_} are open, the others show what we have "
        "on record and its source: please confirm or correct them.",
        "",
    ]
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            out += [f"## {section}", ""]
        item = f" ({r.item})" if r.item else ""
        out.append(f"- **{r.question}**{item}  ")
        out.append(f"  On record: {r.current} ({r.source})" if r.current else "  On record: unknown. Answer:")
    return "\n".join(out) + "\n"


def to_xlsx(vendor: Vendor, today: date) -> bytes:
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
    for i, r in enumerate(lines(vendor), 1):
        sheet.write_row(i, 0, [r.key, r.section, r.item, r.question, r.current or "unknown"], wrap)
        sheet.write_string(i, ANSWER_COLUMN - 1, "", answer)
        sheet.write_string(i, 6, r.source, wrap)
    for col, width in enumerate((10, 16, 14, 60, 28, 30, 30)):
        sheet.set_column(col, col, width, None, {"hidden": col == 0})
    sheet.freeze_panes(1, 4)
    book.close()
    return buffer.getvalue()
