"""Live data in hand-written pages: `<!-- vendors:KIND ... -->` markers replaced by generated HTML.

Input: a page's Markdown and the `Comparison`. Output: the Markdown with every marker line
replaced by a block of escaped HTML, or the marker's problems placed at `page:line:col`.
A marker is an HTML comment alone on one line, so an unprocessed page (a Markdown preview)
simply hides it. Markers inside fenced code blocks or inline code are left alone, so the syntax
can be shown. What looks like a marker but would be skipped is an error too: a marker that is
not closed (it would hide the rest of the page), one split over lines, and near-miss prefixes
such as `vendor:table` or `Vendors:list`.

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
import hashlib
import re
from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.errors import Problem, Report
from site_builder.scoring.conditions import (
    TESTS,
    Condition,
    condition_findings,
    condition_met,
    describe_condition,
    parse_condition,
)
from site_builder.scoring.criteria import RedFlagRule
from site_builder.scoring.metrics import METRIC_SPECS, Metric
from site_builder.site.render import URIS, RenderContext, vendor_uri

_COMMENT = re.compile(r"<!--(?P<inner>.*?)(?P<end>-->|\Z)", re.S)
_PREFIX = re.compile(r"\s*(?P<prefix>[A-Za-z][\w-]*)(?P<sep>\s*:|\s+)(?P<body>.*)", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_NESTED = re.compile(r"<!--\s*vendors\s*:(?P<body>[^\n]*?)(?=-->|\n|$)")
_UNCLOSED = "marker is not closed: '-->' is missing, so the rest of the page would be hidden"
_OPTIONS = {
    "table": {"sort", "order"},
    "list": set(TESTS),
    "criteria": set(),
    "questions": {"section"},
}
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


@dataclass(frozen=True)
class Found:
    """A marker as written on a page, or something that was meant to be one (`problem` says why not)."""

    line: int  # 1-based, of the opening `<!--`
    col: int
    body: str  # the text after `vendors:`
    alone: bool  # nothing else on its line
    where: str  # 'vendors:table', or the near-miss as written ('vendor:table')
    problem: str | None = None


def _masked(text: str) -> str:
    """The page with fenced code and inline code blanked out, lines and columns kept."""
    out, fence = [], None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if opened:
            fence = None if fence == opened.group(1) else (fence or opened.group(1))
            out.append(" " * len(line))
        elif fence:
            out.append(" " * len(line))
        else:
            out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    return "\n".join(out)


def _near(word: str, known: list[str], cutoff: float) -> str | None:
    close = difflib.get_close_matches(word.lower(), known, n=1, cutoff=cutoff)
    return close[0] if close else None


def _near_miss(prefix: str, sep: str, first: str, body: str) -> tuple[str, str] | None:
    """(where, problem) for a comment that looks meant as a marker ('vendor:table', 'Vendors:list',
    'vendors table availability_pct'); None for an ordinary comment ('TODO: ...', 'vendor: notes
    for reviewers', 'vendor questions go to procurement')."""
    if _near(prefix, ["vendors"], 0.8) is None or _near(first, list(_OPTIONS), 0.6) is None:
        return None
    if ":" not in sep:
        # Without the colon only a comment that reads as a whole marker was meant as one.
        if not _reads_as_marker(body):
            return None
        return f"{prefix} {first}", f"missing ':' after '{prefix}'; did you mean 'vendors:{first}'?"
    return f"{prefix}{sep}{first}", f"unknown marker prefix '{prefix}{sep}'; did you mean 'vendors:'?"


def _reads_as_marker(body: str) -> bool:
    """Whether `body` parses as a marker's text: a kind, its options, and metric ids as columns."""
    marker, _ = parse(0, 0, body, [])
    if marker is None:
        return False
    return marker.kind not in ("table", "list") or all(a in METRIC_SPECS for a in marker.args)


def find_markers(text: str) -> list[Found]:
    """Every marker outside code, and every comment that looks meant as one, in page order."""
    found, masked = [], _masked(text)
    lines = text.split("\n")
    for m in _COMMENT.finditer(masked):
        found += _hidden_markers(masked, m)
        head = _PREFIX.match(m.group("inner"))
        if not head:
            continue
        prefix, sep, body = head.group("prefix"), head.group("sep"), head.group("body")
        first = (body.split() or [""])[0]
        where, problem = f"vendors:{first}", None
        if not (prefix == "vendors" and sep == ":"):
            miss = _near_miss(prefix, sep, first, body)
            if miss is None:
                continue
            where, problem = miss
        line = masked.count("\n", 0, m.start()) + 1
        col = m.start() - masked.rfind("\n", 0, m.start())
        if not m.group("end"):
            problem = problem or _UNCLOSED
        elif "\n" in m.group("inner"):
            end = masked.count("\n", 0, m.end()) + 1
            problem = problem or f"a marker must be on one line; this one is closed on line {end}"
        alone = lines[line - 1].strip() == text[m.start() : m.end()]
        found.append(Found(line, col, body, alone, where, problem))
    return found


def _hidden_markers(masked: str, comment: re.Match) -> list[Found]:
    """Markers inside another comment: an earlier `<!--` was never closed, so they would be hidden."""
    out = []
    opened = masked.count("\n", 0, comment.start()) + 1
    for inner in _NESTED.finditer(comment.group("inner")):
        at = comment.start("inner") + inner.start()
        line = masked.count("\n", 0, at) + 1
        col = at - masked.rfind("\n", 0, at)
        first = (inner.group("body").split() or [""])[0]
        out.append(
            Found(
                line,
                col,
                inner.group("body"),
                False,
                f"vendors:{first}",
                f"the comment opened on line {opened} is not closed before this marker, so the marker "
                "would be hidden",
            )
        )
    return out


def _repeated(words: list[str]) -> list[str]:
    """Words written more than once, each named once, in order."""
    return [w for i, w in enumerate(words) if w in words[:i] and w not in words[i + 1 :]]


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
    options = tuple((name, value) for name, _, value in (w.partition("=") for w in rest if "=" in w))
    problems = [
        _hint(k, sorted(_OPTIONS[kind]), f"option of vendors:{kind}")
        for k, _ in options
        if k not in _OPTIONS[kind]
    ]
    keys = [k for k, _ in options]
    problems += [f"option '{k}' is given twice" for k in _repeated(keys)]
    problems += [f"'{a}' is a column twice" for a in _repeated(list(args))]
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
        sort = m.option("sort")
        for metric in [*m.args, *([sort] if sort else [])]:
            if metric not in METRIC_SPECS:
                out.append(_hint(metric, list(METRIC_SPECS), "metric"))
    if m.kind == "table" and m.option("sort") and m.option("sort") not in m.args and not out:
        out.append(f"sort metric '{m.option('sort')}' is not a column of this table")
    if m.kind == "table" and m.option("order", "asc") not in ("asc", "desc"):
        out.append(f"order must be asc or desc (got '{m.option('order')}')")
    if m.kind == "list" and not out:
        if len(m.options) != 1:
            out.append(f"vendors:list needs exactly one test: {', '.join(TESTS)}")
        else:
            try:
                out += [f.message for f in condition_findings(_condition(m), ())]
            except ValueError as exc:
                out.append(str(exc))
    if m.kind == "questions" and m.option("section") is not None:
        from site_builder.data.model import SECTIONS

        if m.option("section") not in SECTIONS:
            out.append(_hint(str(m.option("section")), list(SECTIONS), "section"))
    if m.kind == "criteria" and m.args[0] not in guide_ids:
        out.append(_hint(m.args[0], guide_ids, "guide section"))
    return out


def _condition(m: Marker) -> Condition:
    """The list marker's test as a scoring.yaml condition; ValueError when its value is not one."""
    test, raw = m.options[0]
    return parse_condition(m.args[0], test, raw)


def _sort_value(metric: Metric) -> float | str | tuple[str, ...]:
    """A known metric's value, as a table sorts by it."""
    if metric.value is None:  # cannot happen: unknown values are listed after the sorted rows
        raise ValueError(f"{metric.id} is unknown; it has no place in the sort order")
    return metric.value


def check_page(text: str, display: str, guide_ids: list[str]) -> tuple[list[Marker], list[Problem]]:
    """Every marker of a page, and a placed problem for each bad one."""
    markers, problems = [], []
    for f in find_markers(text):
        if f.problem or not f.alone:
            message = f.problem or "a marker must be alone on its line"
            problems.append(Problem(display, f.line, f.col, "error", f.where, message))
            continue
        marker, messages = parse(f.line, f.col, f.body, guide_ids)
        problems += [Problem(display, f.line, f.col, "error", f.where, msg) for msg in messages]
        if marker is not None and not messages:
            markers.append(marker)
    return markers, problems


def check_pages(pages: list[tuple[str, str]], guide_ids: list[str]) -> Report:
    """Problems of every marker in (display path, Markdown) pages, collected before anything is built."""
    return Report(
        tuple(sorted(p for display, text in pages for p in check_page(text, display, guide_ids)[1]))
    )


def _flag_words(rule: RedFlagRule, c: Comparison) -> str:
    """A red flag as a guide reader should see it: its message, or, when the message needs a
    vendor's value ('within {value} of the outage'), the rule in the methodology page's words."""
    from site_builder.site.pages.methodology import condition_words

    if "{value}" in rule.message:
        return condition_words(rule, c.criteria)
    return rule.message.format(label=METRIC_SPECS[rule.metric].label)


# Markers whose HTML search indexes: prose of a fixed size. Tables and lists of vendors grow with
# the data and repeat what the vendor pages say, so search skips them.
SEARCHED = frozenset({"criteria", "questions"})


@dataclass(frozen=True)
class Block:
    """One expanded marker: its placeholder in the Markdown and its HTML."""

    placeholder: str
    html: str
    searched: bool  # whether site search indexes it (see SEARCHED)


@dataclass(frozen=True)
class Expanded:
    """A page's Markdown with placeholders, and the HTML blocks that replace them."""

    markdown: str
    blocks: tuple[Block, ...]

    def inline(self) -> str:
        """The Markdown with the HTML in place of the placeholders (for a Markdown engine to parse)."""
        return self.fill(self.markdown)

    def fill(self, html: str, *, search: bool = False) -> str:
        """Converted HTML with each placeholder replaced by its block; `search`: by the blocks search
        indexes only (the others leave nothing)."""
        for b in self.blocks:
            html = html.replace(b.placeholder, b.html if b.searched or not search else "")
        return html


@dataclass(frozen=True)
class Expander:
    """Expands the markers of one page."""

    comparison: Comparison
    ctx: RenderContext

    def expand(self, text: str, page_uri: str) -> str:
        """The page's Markdown with each marker replaced by its HTML."""
        return self.expand_blocks(text, page_uri).inline()

    def expand_blocks(self, text: str, page_uri: str) -> Expanded:
        """The page's Markdown with each marker replaced by a placeholder comment, and the HTML of
        each: an engine converts the Markdown, then puts the HTML in (`Expanded.fill`), so the
        generated HTML (a table of every vendor) is never parsed as Markdown."""
        lines = text.split("\n")  # as find_markers counts lines
        markers, problems = check_page(
            text, page_uri, [g.id for g in self.comparison.criteria.guide_sections]
        )
        if problems:  # checked before the build; a page changed since is reported, not half-expanded
            raise ValueError("\n".join(map(str, problems)))
        # A placeholder the page cannot contain already: it names a digest of the page's own text.
        token = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        blocks = []
        for i, m in enumerate(markers):
            placeholder = f"<!--vendors-block-{token}-{i}-->"
            blocks.append(Block(placeholder, self.render(m, page_uri).strip(), m.kind in SEARCHED))
            lines[m.line - 1] = "\n" + placeholder + "\n"
        return Expanded("\n".join(lines), tuple(blocks))

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
            known.sort(
                key=lambda r: _sort_value(r[2]), reverse=m.option("order") == "desc"
            )  # stable: names stay A-Z
            unknown = sorted((r for r in rows if not r[2].known), key=lambda r: r[0].name.lower())
            return self.ctx.render(
                "partials/marker_table.html",
                columns=columns,
                rows=known + unknown,
                link=link,
                today=c.today.isoformat(),
                count=len(rows),
            )
        if m.kind == "list":
            cond = _condition(m)
            spec = METRIC_SPECS[m.args[0]]
            meets, unknown_vendors = [], []
            for v in sorted(board.vendors, key=lambda v: v.name.lower()):
                metric = v.metric(spec.id)
                if not metric.known:
                    unknown_vendors.append(v)
                elif condition_met(cond, metric.value):
                    meets.append((v, metric.display))
            unit = board.vendors[0].metric(spec.id).unit if board.vendors else spec.unit
            return self.ctx.render(
                "partials/marker_list.html",
                label=spec.label,
                condition=describe_condition(cond, unit),
                meets=meets,
                unknown=unknown_vendors,
                link=link,
                count=len(board.vendors),
            )
        if m.kind == "criteria":
            gid = m.args[0]
            method = self.ctx.href(page_uri, URIS["methodology"])
            items = [
                ("Criterion", f"criterion-{k.id}", k.label) for k in c.criteria.criteria if k.guide == gid
            ]
            items += [
                ("Must-have", f"must-have-{k.id}", k.label) for k in c.criteria.must_haves if k.guide == gid
            ]
            items += [
                ("Red flag", f"red-flag-{k.id}", _flag_words(k, c))
                for k in c.criteria.red_flags
                if k.guide == gid
            ]
            return self.ctx.render("partials/marker_criteria.html", items=items, method=method)
        from site_builder.data.questions import all_questions
        from site_builder.data.words import label

        wanted = m.option("section")
        groups: dict[str, list] = {}
        for q in all_questions():
            if wanted in (None, q.section):
                groups.setdefault(label(q.section), []).append(q)
        return self.ctx.render("partials/marker_questions.html", groups=list(groups.items()))
