"""A `DataDiff` for people and tools: Markdown fit for one pull-request comment, JSON, and the plain-words
lines "What changed" and the vendor pages show for one vendor.

Input: a `DataDiff` (diff.py). Output: a string. Pure formatting; the CLI decides where it goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

from site_builder.history.diff import DataDiff, PersonaDiff, score_text

DIFF_VERSION = 1  # of the JSON: new keys may be added; existing ones keep their meaning


def _rank(value: int | None) -> str:
    return "–" if value is None else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(d: DataDiff) -> str:
    """The report for a pull-request comment."""
    what = "Scoring rules and vendor data" if d.rules else "Vendor data"
    lines = [f"### {what}: {d.base} → {d.head}", ""]
    lines += [f"> {_cell(note)}" for note in d.notes] + ([""] if d.notes else [])
    if d.unchanged:
        return "\n".join([*lines, "No changes to the comparison.", ""])
    if d.rules:
        lines += ["#### Scoring rules (`scoring.yaml`)", "", *(f"- {_cell(r)}" for r in d.rules), ""]
        if d.rule_effects:
            lines += [f"What the new rules alone do to the ranking, on the data of {d.base}:", ""]
            for p in d.rule_effects:
                lines += _persona_lines(p, "#####")
        else:
            lines += ["The new rules alone move no vendor's score or rank.", ""]
        if d.personas:
            lines += ["#### Ranking after every change (rules and data)", ""]
    if d.not_validated:
        lines += [f"#### Not validated in {d.head}", ""]
    for n in d.not_validated:
        if n.held:
            lines.append(
                f"**{_cell(n.name)}** (`{n.file}`) does not validate, so its changes are not scored "
                "until the file validates: the scores, ranks and red flags below use its last version "
                "that validated."
            )
        else:
            lines.append(f"`{n.file}` does not validate, so it is not in the comparison until it does.")
        lines += ["", "```", *n.problems, "```", ""] if n.problems else [""]
    if d.added or d.removed or d.revalidated:
        for what, items in (("Added", d.added), ("Removed", d.removed), ("Validates again", d.revalidated)):
            if items:
                lines.append(f"**{what}:** " + ", ".join(f"{n} (`{i}`)" for i, n in items))
        lines.append("")
    for p in d.personas:
        lines += _persona_lines(p, "####")
    if d.flags:
        lines.append("#### Red flags")
        for f in d.flags:
            lines.append(f"- {f.change} ({f.severity}): {_cell(f.name)}: {_cell(f.message)}")
        lines.append("")
    for v in d.vendors:
        lines.append(f"#### {_cell(v.name)} (`{v.file}`)")
        if v.facts:
            lines += ["", "| Fact | Before | After | Source of the new value |", "|---|---|---|---|"]
            for fact in v.facts:
                before = "unknown" if fact.before is None else _cell(fact.before)
                after = "unknown" if fact.after is None else _cell(fact.after)
                source = _cell(str(fact.source)) if fact.source is not None and fact.after is not None else ""
                lines.append(f"| `{fact.path}` | {before} | {after} | {source} |")
        for s in v.sources:
            detail = f": {_cell(s.details)}" if s.details else ""
            lines.append(f"- source {s.change}: `{s.id}` {_cell(s.title)}{detail}")
        for c in v.contradictions:
            cited = ", ".join(f"`{s}`" for s in c.sources)
            lines.append(
                f"- contradiction {c.change}: `{_cell(c.field)}`: {_cell(c.summary)} (sources: {cited})"
            )
        lines.append("")
    listed = {line for n in d.not_validated for line in n.problems}
    rest = [p for p in d.problems if p not in listed]
    if rest:
        title = f"{'Other problems' if listed else 'Problems'} in {d.head}"
        lines += [f"#### {title}", "", "```", *rest, "```", ""]
    return "\n".join(lines)


def _persona_lines(p: PersonaDiff, heading: str) -> list[str]:
    """One persona's top pick, rank confidence and moves (a table with a 'Change' column only when
    some move has a note to put in it)."""
    lines = [f"{heading} {p.label}"]

    def label(names: tuple[str, ...]) -> str:
        return ", ".join(names) or "none"

    if p.decision_before is not None and p.decision_after is not None:
        lines.append(f"- Decision: {_cell(p.decision_before)} → **{_cell(p.decision_after)}**")
    if p.top_before != p.top_after:
        confidence = ""
        if p.confidence_before is not None and p.confidence_after is not None:
            confidence = f" (rank confidence {p.confidence_before:.0%} → {p.confidence_after:.0%})"
        lines.append(f"- Top pick: {label(p.top_before)} → **{label(p.top_after)}**{confidence}")
    if (
        p.confidence_before is not None
        and p.confidence_after is not None
        and p.top_before == p.top_after
        and round(p.confidence_before, 2) != round(p.confidence_after, 2)
    ):
        lines.append(
            f"- Rank confidence of the top pick: {p.confidence_before:.0%} → {p.confidence_after:.0%}"
        )
    if p.moves:
        noted = any(m.note for m in p.moves)
        lines += (
            ["", "| Vendor | Score | Rank | Change |", "|---|---|---|---|"]
            if noted
            else ["", "| Vendor | Score | Rank |", "|---|---|---|"]
        )
        for m in p.moves:
            score = (
                score_text(m.score_before)
                if score_text(m.score_before) == score_text(m.score_after)
                else f"{score_text(m.score_before)} → {score_text(m.score_after)}"
            )
            rank = (
                _rank(m.rank_before)
                if m.rank_before == m.rank_after
                else f"{_rank(m.rank_before)} → **{_rank(m.rank_after)}**"
            )
            lines.append(f"| {_cell(m.name)} | {score} | {rank} |" + (f" {m.note} |" if noted else ""))
    lines.append("")
    return lines


def to_json(d: DataDiff) -> str:
    """The same content for tools (version 1). Scores are rounded to 2 decimals, as `score --format json`."""
    data = {"version": DIFF_VERSION, "unchanged": d.unchanged, **asdict(d)}
    for persona in [*data["personas"], *data["rule_effects"]]:
        for move in persona["moves"]:
            for key in ("score_before", "score_after"):
                move[key] = None if move[key] is None else round(move[key], 2)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def vendor_lines(d: DataDiff, vid: str, path_label: Callable[[str], str] = str) -> list[str]:
    """What one change did to one vendor, in plain words (facts, sources, ranks, flags)."""
    lines = []
    if any(i == vid for i, _ in d.added):
        lines.append("profile added")
    if any(i == vid for i, _ in d.removed):
        lines.append("profile removed")
    if any(i == vid for i, _ in d.revalidated):
        lines.append("profile validates again")
    for n in d.not_validated:
        if n.id == vid:
            count = f"{len(n.problems)} problem{'s' if len(n.problems) != 1 else ''}"
            lines.append(
                f"profile not validated in this version ({count}): its changes are not scored "
                "until the file validates"
            )
    for v in d.vendors:
        if v.id != vid:
            continue
        for f in v.facts:
            before = "unknown" if f.before is None else f.before
            after = "unknown" if f.after is None else f.after
            cited = f" (source: {f.source})" if f.source else ""
            lines.append(f"{path_label(f.path)}: {before} → {after}{cited}")
        for s in v.sources:
            lines.append(f"source {s.change}: {s.title}")
        for c in v.contradictions:
            lines.append(f"contradiction {c.change} about {path_label(c.field)}: {c.summary}")
    for p in d.personas:
        for m in p.moves:
            if m.vendor == vid and m.rank_before != m.rank_after and m.rank_before and m.rank_after:
                lines.append(f"rank for “{p.label}”: {m.rank_before} → {m.rank_after}")
            elif m.vendor == vid and m.note and m.note not in ("added", "removed"):
                lines.append(f"“{p.label}”: {m.note}")
    for flag in d.flags:
        if flag.vendor == vid:
            lines.append(f"red flag {flag.change} ({flag.severity}): {flag.message}")
    return lines
