"""Live data in hand-written pages: `<!-- vendors:KIND ... -->` markers replaced by generated HTML.

Input: a page's Markdown and the `Comparison`. Output: the Markdown with every marker line
replaced by a block of escaped HTML, or the marker's problems placed at `page:line:col`.
A marker is an HTML comment alone on its line, so an unprocessed page (a Markdown preview)
simply hides it. Markers inside fenced code blocks are left alone, so the syntax can be shown.

    <!-- vendors:table planned_downtime_quarter_h downtime.notice sort=planned_downtime_quarter_h -->
    <!-- vendors:list availability_pct at_least=99.99 -->
    <!-- vendors:criteria planned-downtime -->
    <!-- vendors:questions -->

`table` shows metrics per vendor, `list` names the vendors meeting a condition (the tests of
scoring.yaml's must-haves: above, at_least, below, at_most, equals, one_of, includes_any),
`criteria` lists the criteria, must-haves and red flags that a guide section explains, and
`questions` lists the buyer's question for every profile field. Metric ids are those of
scoring.yaml (see the metrics reference page). This module does not import MkDocs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .criteria import TESTS, Condition, condition_findings
from .errors import Problem, Report
from .metrics import METRIC_SPECS
from .render import URIS, Comparison, RenderContext, vendor_uri

_MARKER = re.compile(r"<!--\s*vendors:(?P<body>.*?)-->")
_FENCE = re.compile(r"^\s*(```|~~~)")
_OPTIONS = {
    "table": {"sort", "order"},
    "list": set(TESTS),
    "criteria": set(),
    "questions": {"section"},
}
_NUMBER_TESTS = ("above", "at_least", "below", "at_most")
_ARGS = {"table": (1, 8), "list": (1, 1), "criteria": (1, 1), "questions": (0, 0)}  # (min, max) positional


@dataclass(frozen=True)
class Marker:
    line: int  # 1-based
    col: int
    kind: str
    args: tuple[str, ...]
    options: tuple[tuple[str, str], ...]

    def option(self, name: str, default: str | None = None) -> str | None:
        return dict(self.options).get(name, default)


def find_markers(text: str) -> list[tuple[int, int, str, bool]]:
    """(line, col, body, alone on its line) of every marker outside fenced code."""
    found, fence = [], None
    for number, line in enumerate(text.splitlines(), 1):
        opened = _FENCE.match(line)
        if opened:
            fence = None if fence == opened.group(1) else (fence or opened.group(1))
            continue
        if fence:
            continue
        for m in _MARKER.finditer(line):
            alone = line.strip() == m.group(0)
            found.append((number, m.start() + 1, m.group("body"), alone))
    return found


def _hint(name: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    tail = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}"
    return f"unknown {what} '{name}'; {tail}"


def parse(line: int, col: int, body: str, guide_ids: list[str]) -> tuple[Marker | None, list[str]]:
    """One marker's text -> Marker, or the messages saying what is wrong with it."""
    words = body.split()
    if not words:
        return None, [f"empty marker; expected one of: {', '.join(_OPTIONS)}"]
    kind, rest = words[0], words[1:]
    if kind not in _OPTIONS:
        return None, [_hint(kind, list(_OPTIONS), "marker")]
    args = tuple(w for w in rest if "=" not in w)
    options = tuple(tuple(w.split("=", 1)) for w in rest if "=" in w)
    problems = [_hint(k, sorted(_OPTIONS[kind]), f"option of vendors:{kind}")
                for k, _ in options if k not in _OPTIONS[kind]]  # fmt: skip
    low, high = _ARGS[kind]
    if not low <= len(args) <= high:
        want = {(0, 0): "no arguments", (1, 1): "one argument"}.get((low, high), f"{low} to {high} arguments")
        problems.append(f"vendors:{kind} takes {want} (got {len(args)})")
    marker = Marker(line, col, kind, args, options)
    if problems:
        return None, problems
    return marker, _check(marker, guide_ids)


def _check(m: Marker, guide_ids: list[str]) -> list[str]:
    out = []
    if m.kind in ("table", "list"):
        for metric in list(m.args) + ([m.option("sort")] if m.option("sort") else []):
            if metric not in METRIC_SPECS:
                out.append(_hint(metric, list(METRIC_SPECS), "metric"))
    if m.kind == "table" and m.option("sort") and m.option("sort") not in m.args and not out:
        out.append(f"sort metric '{m.option('sort')}' is not a column of this table")
    if m.kind == "table" and m.option("order", "asc") not in ("asc", "desc"):
        out.append(f"order must be asc or desc (got '{m.option('order')}')")
    if m.kind == "list" and not out:
        test, raw = m.options[0] if len(m.options) == 1 else ("", "")
        if len(m.options) != 1:
            out.append(f"vendors:list needs exactly one test: {', '.join(TESTS)}")
        elif test in _NUMBER_TESTS and not _number(raw):
            out.append(f"{test} needs a number (got '{raw}')")
        else:
            out += [f.message for f in condition_findings(_condition(m), ())]
    if m.kind == "questions" and m.option("section") is not None:
        from .model import SECTIONS

        if m.option("section") not in SECTIONS:
            out.append(_hint(str(m.option("section")), list(SECTIONS), "section"))
    if m.kind == "criteria" and m.args[0] not in guide_ids:
        out.append(_hint(m.args[0], guide_ids, "guide section"))
    return out


def _condition(m: Marker) -> Condition:
    """The list marker's test as a scoring.yaml condition (checked by `_check` first)."""
    test, raw = m.options[0]
    spec = METRIC_SPECS[m.args[0]]
    value: object = raw
    if test in ("one_of", "includes_any"):
        value = tuple(v for v in raw.split(",") if v)
    elif test in _NUMBER_TESTS:
        value = float(raw)
    elif raw in ("true", "false") and spec.kind != "choice":
        value = raw == "true"
    return Condition(metric=m.args[0], **{test: value})


def _number(raw: str) -> bool:
    try:
        float(raw)
    except ValueError:
        return False
    return True


def check_page(text: str, display: str, guide_ids: list[str]) -> tuple[list[Marker], list[Problem]]:
    """Every marker of a page, and a placed problem for each bad one."""
    markers, problems = [], []
    for line, col, body, alone in find_markers(text):
        where = f"vendors:{body.split()[0]}" if body.split() else "vendors:"
        if not alone:
            problems.append(Problem(display, line, col, "error", where, "a marker must be alone on its line"))
            continue
        marker, messages = parse(line, col, body, guide_ids)
        problems += [Problem(display, line, col, "error", where, msg) for msg in messages]
        if marker is not None and not messages:
            markers.append(marker)
    return markers, problems


def check_pages(pages: list[tuple[str, str]], guide_ids: list[str]) -> Report:
    """Problems of every marker in (display path, Markdown) pages, collected before anything is built."""
    return Report(tuple(sorted(p for display, text in pages for p in check_page(text, display, guide_ids)[1])))


@dataclass(frozen=True)
class Expander:
    """Expands the markers of one page."""

    comparison: Comparison
    ctx: RenderContext

    def expand(self, text: str, page_uri: str) -> str:
        lines = text.splitlines(keepends=True)
        markers, problems = check_page(text, page_uri, [g.id for g in self.comparison.criteria.guide_sections])
        if problems:  # checked before the build; a page changed since is reported, not half-expanded
            raise ValueError("\n".join(map(str, problems)))
        for m in markers:
            html = self.render(m, page_uri)
            lines[m.line - 1] = "\n" + html.strip() + "\n\n"
        return "".join(lines)

    def render(self, m: Marker, page_uri: str) -> str:
        c, board = self.comparison, self.comparison.board
        link = {v.id: self.ctx.href(page_uri, vendor_uri(v.id)) for v in board.vendors}
        if m.kind == "table":
            columns = [METRIC_SPECS[a] for a in m.args]
            sort = m.option("sort") or m.args[0]
            rows = []
            for v in board.vendors:
                metrics = [v.metric(a) for a in m.args]
                rows.append((v, metrics, v.metric(sort)))
            known = sorted((r for r in rows if r[2].known), key=lambda r: r[0].name.lower())
            known.sort(key=lambda r: r[2].value, reverse=m.option("order") == "desc")  # stable: names stay A-Z
            unknown = sorted((r for r in rows if not r[2].known), key=lambda r: r[0].name.lower())
            return self.ctx.render("partials/marker_table.html", columns=columns, rows=known + unknown,
                                   link=link, today=c.today.isoformat(), count=len(rows))  # fmt: skip
        if m.kind == "list":
            from .score import condition_met, describe_condition

            cond = _condition(m)
            spec = METRIC_SPECS[m.args[0]]
            meets, unknown = [], []
            for v in sorted(board.vendors, key=lambda v: v.name.lower()):
                metric = v.metric(spec.id)
                if not metric.known:
                    unknown.append(v)
                elif condition_met(cond, metric.value):
                    meets.append((v, metric.display))
            unit = board.vendors[0].metric(spec.id).unit if board.vendors else spec.unit
            return self.ctx.render("partials/marker_list.html", label=spec.label,
                                   condition=describe_condition(cond, unit), meets=meets, unknown=unknown,
                                   link=link, count=len(board.vendors))  # fmt: skip
        if m.kind == "criteria":
            gid = m.args[0]
            method = self.ctx.href(page_uri, URIS["methodology"])
            items = [("Criterion", f"criterion-{k.id}", k.label) for k in c.criteria.criteria if k.guide == gid]
            items += [("Must-have", f"must-have-{k.id}", k.label) for k in c.criteria.must_haves if k.guide == gid]
            items += [("Red flag", f"red-flag-{k.id}", k.message.format(value="…", label="…"))
                      for k in c.criteria.red_flags if k.guide == gid]  # fmt: skip
            return self.ctx.render("partials/marker_criteria.html", items=items, method=method)
        from .questions import all_questions
        from .render import label

        wanted = m.option("section")
        groups: dict[str, list] = {}
        for q in all_questions():
            if wanted in (None, q.section):
                groups.setdefault(label(q.section), []).append(q)
        return self.ctx.render("partials/marker_questions.html", groups=list(groups.items()))

