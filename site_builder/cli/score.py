"""`site-builder score`: rank the vendors for each persona, in the terminal or for tools.

Input: a vendors directory and scoring.yaml. Output: a table (rich, on a terminal), JSON or CSV
on stdout. Data problems print as FILE:LINE:COL lines and exit 1, like `validate`.

JSON (version 1, stable; new keys may be added, existing ones keep their meaning):

    {"version": 1, "today": "YYYY-MM-DD",
     "robustness": {"samples": int, "seed": int, "concentration": float},
     "personas": {"<persona id>": {
         "label": str, "top_pick": vendor id | null, "tied_top": [vendor ids sharing rank 1, when tied],
         "smallest_change": {"criterion": id, "from": weight, "to": weight, "new_top": vendor id} | null,
         "decision": the settled pick or the shortlist and the questions that decide it, most
                     valuable first (the export's "decision", docs/exports.md),
         "vendors": [  # ranked, best first
             {"id", "name", "rank": int, "total": 0-100, "range": [low, high], "coverage": 0-1,
              "confidence": 0-1, "p_rank1": 0-1, "rank_probabilities": [P(rank 1), P(rank 2), ...],
              "flags": [{"id", "severity", "message", "guide"}],
              "unconfirmed": [{"id", "reason"}], "exclusions": []}],
         "excluded": [  # failed a must-have: shown with the reason, never ranked
             {"id", "name", "total", "range", "coverage", "flags", "exclusions": [{"id", "reason"}]}]}}}

Totals are rounded to 2 decimals, shares and probabilities to 4.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from site_builder.cli.options import personas_chosen, scoring_file, vendors_dir
from site_builder.cli.reporter import Command

if TYPE_CHECKING:  # imported by the command itself, so `site-builder --help` stays fast
    from site_builder.scoring.robustness import Robustness
    from site_builder.scoring.score import Flag, Scoreboard, ScoredVendor

FORMATS = ("table", "json", "csv")
ASK_FIRST = 3  # deciding questions the table shows per persona (the JSON has every one)


def _flag(f: Flag) -> dict[str, Any]:
    return {"id": f.id, "severity": f.severity, "message": f.message, "guide": f.guide}


def _entry(v: ScoredVendor, pid: str, rob: Robustness | None) -> dict[str, Any]:
    p = v.persona(pid)
    out: dict[str, Any] = {"id": v.id, "name": v.name}
    if not p.excluded:
        out["rank"] = p.rank
    out |= {
        "total": round(p.total, 2),
        "range": [round(p.low, 2), round(p.high, 2)],
        "coverage": round(p.coverage, 4),
        "confidence": round(p.confidence, 4),
    }
    if not p.excluded and rob is not None:
        out["p_rank1"] = round(rob.p_rank1(v.id), 4)
        out["rank_probabilities"] = [round(x, 4) for x in rob.ranks(v.id)]
    out["flags"] = [_flag(f) for f in v.flags]
    if not p.excluded:
        out["unconfirmed"] = [
            {"id": m.id, "reason": m.reason} for m in p.must_haves if m.status == "unconfirmed"
        ]
    out["exclusions"] = [{"id": m.id, "reason": m.reason} for m in p.must_haves if m.status == "fail"]
    return out


def report_data(board: Scoreboard, robustness: dict[str, Robustness], today: date) -> dict[str, Any]:
    """The JSON document described in this module's docstring."""
    personas = {}
    for ranking in board.rankings:
        rob = robustness.get(ranking.persona)
        change = rob.smallest_change if rob else None
        personas[ranking.persona] = {
            "label": board.criteria.persona(ranking.persona).label,
            "top_pick": ranking.ranked[0] if ranking.ranked else None,
            "tied_top": list(rob.tied_top) if rob else [],
            "smallest_change": change
            and {
                "criterion": change.criterion,
                "from": change.weight_from,
                "to": round(change.weight_to, 4),
                "new_top": change.new_top,
            },
            "vendors": [_entry(board.vendor(v), ranking.persona, rob) for v in ranking.ranked],
            "excluded": [_entry(board.vendor(v), ranking.persona, rob) for v in ranking.excluded],
        }
    r = board.criteria.robustness
    return {
        "version": 1,
        "today": today.isoformat(),
        "robustness": {"samples": r.samples, "seed": r.seed, "concentration": r.concentration},
        "personas": personas,
    }


CSV_COLUMNS = (
    "persona",
    "rank",
    "vendor",
    "name",
    "total",
    "low",
    "high",
    "coverage",
    "confidence",
    "p_rank1",
    "flags",
    "unconfirmed",
    "excluded_by",
)


def _csv(data: dict[str, Any]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for pid, persona in data["personas"].items():
        for e in persona["vendors"] + persona["excluded"]:
            writer.writerow(
                [
                    pid,
                    e.get("rank", ""),
                    e["id"],
                    e["name"],
                    e["total"],
                    *e["range"],
                    e["coverage"],
                    e["confidence"],
                    e.get("p_rank1", ""),
                    " ".join(f["id"] for f in e["flags"]),
                    " ".join(m["id"] for m in e.get("unconfirmed", ())),
                    " ".join(m["id"] for m in e["exclusions"]),
                ]
            )


def _table(data: dict[str, Any], board: Scoreboard) -> None:
    """Figures formatted from the engine's exact totals (the JSON's are rounded to 2 decimals, and
    rounding those again to 1 could disagree with the site by 0.1)."""
    from rich.console import Console
    from rich.table import Table

    tty = sys.stdout.isatty()
    console = Console(file=sys.stdout, width=None if tty else 140, no_color=not tty, highlight=False)
    sev = {"high": "red", "medium": "yellow", "low": "cyan"}
    flagged: dict[str, list[dict[str, Any]]] = {}
    for pid, persona in data["personas"].items():
        table = Table(title=f"{persona['label']} ({pid})", title_justify="left")
        columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
            ("Rank", "right"),
            ("Vendor", "left"),
            ("Total", "right"),
            ("Range", "right"),
            ("Coverage", "right"),
            ("P(rank 1)", "right"),
            ("Red flags", "left"),
            ("Must-haves", "left"),
        )
        for name, justify in columns:
            table.add_column(name, justify=justify)
        for e in persona["vendors"] + persona["excluded"]:
            counts = [
                f"{sum(f['severity'] == s for f in e['flags'])} {s}"
                for s in sev
                if any(f["severity"] == s for f in e["flags"])
            ]
            must = (
                "excluded: " + "; ".join(m["reason"] for m in e["exclusions"])
                if e["exclusions"]
                else f"{len(e['unconfirmed'])} unconfirmed"
                if e.get("unconfirmed")
                else "ok"
            )
            p1 = f"{e['p_rank1']:.0%}" if "p_rank1" in e else "-"
            exact = board.vendor(e["id"]).persona(pid)
            table.add_row(
                board.rank_text(e["id"], pid) or "-",
                e["id"],
                f"{exact.total:.1f}",
                f"{exact.low:.1f}-{exact.high:.1f}",
                f"{e['coverage']:.0%}",
                p1,
                ", ".join(counts) or "none",
                must,
            )
            flagged[e["id"]] = e["flags"]
        console.print(table)
        decision = persona.get("decision")
        if decision:
            console.print(f"Decision: {decision['summary']}", soft_wrap=True)
            for n, q in enumerate(decision["questions"][:ASK_FIRST], 1):
                who = board.vendor(q["vendor"]).name
                console.print(f"  {n}. Ask {who}: {q['question']} {q['effect']}", soft_wrap=True)
        change = persona["smallest_change"]
        if persona["tied_top"]:
            console.print(f"The top pick is tied: {', '.join(persona['tied_top'])}.\n")
        elif change:
            console.print(
                f"Smallest change that changes the top pick: weight of {change['criterion']} "
                f"{change['from']:g} -> {change['to']:.3g} ({change['new_top']} ties, then leads).\n"
            )
    console.print("Red flags:")
    for vid in sorted(flagged):
        for f in flagged[vid]:
            colour = sev[f["severity"]]
            console.print(
                f"  {vid}: [{colour}]{f['severity']}[/{colour}] {f['message']} (see {f['guide']})",
                soft_wrap=True,
            )


@click.command(cls=Command)
@click.option("--persona", metavar="ID", help="Show one persona only (default: all).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people, json or csv for tools.",
)
@vendors_dir()
@scoring_file()
def score(persona: str | None, fmt: str, vendors_dir: Path, scoring: Path) -> None:
    """Rank the vendors for each buyer persona, with score ranges, coverage and red flags.

    Scores every vendor against the criteria in scoring.yaml, excludes vendors that fail a
    persona's must-haves (with the reason), says what is decided (a settled pick, or the
    shortlist and the questions to ask first, with what each answer could do to the pick,
    as on the home page), and shows how solid each ranking is: the
    probability of ranking first when the persona's weights are perturbed (seeded, so
    repeatable) and the smallest single-weight change that changes the top pick. Unknown
    facts score worst by default; RANGE shows the total if every unknown were worst or best.

    \b
    Examples:
      site-builder score
      site-builder score --persona regulated
      site-builder score --format json > ranking.json
    """
    from site_builder.data.read import build_date, require_vendors
    from site_builder.outputs.export import decision_data
    from site_builder.scoring.criteria import load_criteria
    from site_builder.scoring.decision import decide
    from site_builder.scoring.robustness import analyse
    from site_builder.scoring.score import score_vendors

    today = build_date()
    criteria = load_criteria(scoring)
    vendors = require_vendors([vendors_dir], today=today)
    chosen = personas_chosen(criteria, persona)
    board = score_vendors(vendors, criteria, today=today)
    robustness = {pid: analyse(board, pid) for pid in chosen}
    data = report_data(board, robustness, today)
    data["personas"] = {pid: v for pid, v in data["personas"].items() if pid in chosen}
    names = {v.id: v.name for v in vendors}
    for pid in chosen:
        data["personas"][pid]["decision"] = decision_data(decide(board, pid, vendors), names)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _csv(data)
    else:
        _table(data, board)
