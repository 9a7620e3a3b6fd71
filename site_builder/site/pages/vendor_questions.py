"""The questions a vendor page leaves open: its unknown facts by name, each linked to its question.

The questions themselves are the same for every vendor (data/questions.py), so they are written
once, on the vendor index ("Questions to ask, one per fact"), each under its own anchor; a vendor
page names the facts its profile does not state, section by section, and links each to its
question there. At 500 vendors this keeps the 114 questions' wording out of 500 pages (3 kB of
each page zipped in the offline bundle), and a reader scans the open facts as the facts list names
them. Input: a `Vendor` and its `VendorView`. Output: `QuestionGroup`s; the vendor index's list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from site_builder.data.model import Vendor
from site_builder.data.questions import NOT_ASKED, Question, all_questions, unknown_questions
from site_builder.data.words import label
from site_builder.site.pages.vendor_facts import Block, VendorView


@cache
def _numbers() -> dict[str, int]:
    return {q.path: n for n, q in enumerate(all_questions(), 1)}


def question_anchor(path: str) -> str:
    """The id of a question on the vendor index, by its number there: 'q7'. A number, not the path:
    each vendor page links up to 114 of them, and a short link is what keeps the page light."""
    return f"q{_numbers()[path]}"


@dataclass(frozen=True)
class QuestionLink:
    label: str  # "Availability (%)": the fact as the facts list names it
    href: str  # its question on the vendor index: "index.html#q3"


@dataclass(frozen=True)
class QuestionLine:
    """Open facts asked about the same items: a tier's, or the section's own (items empty)."""

    items: str  # "Enterprise, Standard" (list items whose fact is unknown) or ""
    links: tuple[QuestionLink, ...]


@dataclass(frozen=True)
class QuestionGroup:
    key: str  # "sla": the anchor "questions-sla"
    section: str
    missing: bool  # nothing is on record about the section
    lines: tuple[QuestionLine, ...]
    count: int  # its open questions
    also_unknown: str  # unknown facts of the section that have no question of their own


@dataclass(frozen=True)
class QuestionSection:
    """The vendor index's list: a section's questions, each with its anchor."""

    key: str
    title: str
    start: int  # the number of its first question (numbered across the list)
    questions: tuple[tuple[str, Question], ...]  # (anchor, question)


def question_groups(vendor: Vendor, view: VendorView, index_href: str) -> tuple[QuestionGroup, ...]:
    """The vendor's open questions per section; `index_href` links from its page to the vendor index."""
    asked = unknown_questions(vendor)
    paths = {q.path for q in all_questions()}
    groups = []
    for block in view.sections:
        mine = [a for a in asked if a.question.section == block.key]
        unasked = (
            []
            if not block.known
            else [
                r.label
                for b in _walk(block)
                for r in b.rows
                if not r.known
                and r.path not in paths
                and r.path not in NOT_ASKED
                and r.path.rsplit(".", 1)[-1] not in NOT_ASKED
            ]
        )
        if not mine and not unasked:
            continue
        lines: list[QuestionLine] = []
        for a in mine:
            items = ", ".join(a.items)
            link = QuestionLink(a.question.label, f"{index_href}#{question_anchor(a.question.path)}")
            if lines and lines[-1].items == items:
                lines[-1] = QuestionLine(items, (*lines[-1].links, link))
            else:
                lines.append(QuestionLine(items, (link,)))
        groups.append(
            QuestionGroup(
                block.key,
                block.title,
                not block.known,
                tuple(lines),
                len(mine),
                ", ".join(dict.fromkeys(unasked)),
            )
        )
    return tuple(groups)


def question_sections() -> tuple[QuestionSection, ...]:
    """Every question, by section in the profile's order, for the vendor index."""
    out: dict[str, list[tuple[str, Question]]] = {}
    for q in all_questions():
        out.setdefault(q.section, []).append((question_anchor(q.path), q))
    return tuple(
        QuestionSection(key, label(key), _numbers()[qs[0][1].path], tuple(qs)) for key, qs in out.items()
    )


def _walk(block: Block) -> Iterator[Block]:
    yield block
    for child in block.children:
        yield from _walk(child)
