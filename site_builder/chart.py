"""Inline SVG charts for the vendor pages: no chart library, no script, readable without colour.

Input: precomputed bar figures. Output: SVG markup (escaped). Each bar shows the score as it
stands (unknown facts at their worst) and, hatched, how far it could rise once the unknowns are
answered; the figures are also written next to each bar. Coordinates are rounded to one decimal
so the output is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, LABEL, BAR, ROW = 720, 210, 300, 28


@dataclass(frozen=True)
class Bar:
    label: str
    score: float  # 0-100, unknowns at the unknown policy's score
    best: float  # 0-100, unknowns at their best
    known: int
    total: int


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(bars: list[Bar], title: str) -> Markup:
    """A horizontal bar per category: solid to the score, hatched up to the best case."""
    height = ROW * len(bars) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="sb-chart-title">',
        f'<title id="sb-chart-title">{escape(title)}</title>',
        '<defs><pattern id="sb-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#7a7a7a" stroke-width="2"/></pattern></defs>',
    ]
    for i, b in enumerate(bars):
        y = 8 + i * ROW
        solid, extra = BAR * b.score / 100, BAR * max(0.0, b.best - b.score) / 100
        parts += [
            f'<text x="0" y="{y + 14}" class="sb-chart-label">{escape(b.label)}</text>',
            f'<rect x="{LABEL}" y="{y}" width="{BAR}" height="18" fill="#f2f2f2" stroke="#bdbdbd"/>',
            f'<rect x="{LABEL}" y="{y}" width="{_n(solid)}" height="18" fill="#3f51b5"/>',
            f'<rect x="{_n(LABEL + solid)}" y="{y}" width="{_n(extra)}" height="18" fill="url(#sb-hatch)" '
            f'stroke="#7a7a7a"/>' if extra > 0 else "",
            f'<text x="{LABEL + BAR + 8}" y="{y + 14}" class="sb-chart-value">{b.score:.0f}'
            f'{f" (up to {b.best:.0f})" if b.best > b.score else ""}, {b.known}/{b.total} known</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(p for p in parts if p))
