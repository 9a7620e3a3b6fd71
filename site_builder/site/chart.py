"""Inline SVG charts for the vendor pages: no chart library, no script, readable without colour.

Input: precomputed bar figures. Output: SVG markup (every label escaped). Each bar is solid up to
the worst the score can be (unknown facts at their worst), hatched from there up to the best it
could become once the unknowns are answered, with a tick at the score as it stands when the
unknown policy puts it in between; the figures are written next to each bar as well.

Horizontal positions are percentages of the chart's width, so the bars stretch with the page
while the text keeps the page's font size on a phone and on a desktop alike. Every number is
written with one fixed format, so the same figures give byte-identical markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

ROW = 46  # px per bar: a line of text, then the bar
BAR_Y, BAR_H = 20, 16  # the bar's offset in its row and its height
TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    score: float  # 0-100, unknowns as the unknown policy scores them
    worst: float  # 0-100, every unknown at its worst
    best: float  # 0-100, every unknown at its best
    known: int  # criteria with a known fact
    total: int

    @property
    def words(self) -> str:
        """The figures of the bar in words, as drawn: '29, up to 86 (3 of 7 criteria known)'."""
        text = f"{self.score:.0f}"
        if self.best > self.score:
            text += f", up to {self.best:.0f}"
        return f"{text} ({self.known} of {self.total} criteria known)"


def pct(x: float) -> str:
    """A share of the chart's width, 0-100, with at most one decimal: 40 -> '40%', 12.25 -> '12.2%'."""
    return f"{x:.1f}".removesuffix(".0") + "%"


def _clamp(x: float) -> float:
    return min(100.0, max(0.0, x))


def bar_chart(
    bars: list[Bar], title: str, uid: str = "sb-chart", mark: float | None = None, mark_words: str = ""
) -> Markup:
    """A bar per category: solid to the worst case, hatched to the best case, figures beside it.

    `title` names the chart (its accessible name); the figures of every bar form its description.
    `uid` prefixes the element ids, unique on the page. `mark` draws a dashed line across every bar
    at that score (the range chart marks the pick's worst case), `mark_words` says what it is.
    """
    height = TOP + ROW * len(bars)
    desc = "; ".join(f"{b.label}: {b.words}" for b in bars) + "."
    if mark is not None:
        desc += f" {mark_words}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" width="100%" height="{height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" stroke-width="2.5"/></pattern></defs>',
    ]
    for i, b in enumerate(bars):
        y = TOP + i * ROW
        bar_y = y + BAR_Y
        worst, best, score = _clamp(b.worst), _clamp(max(b.best, b.worst)), _clamp(b.score)
        parts.append('<g class="sb-chart-row">')
        parts.append(f'<text x="0" y="{y + 14}" class="sb-chart-label">{escape(b.label)}</text>')
        figures = f"{b.score:.0f}" + (f", up to {b.best:.0f}" if b.best > b.score else "")
        parts.append(f'<text x="100%" y="{y + 14}" text-anchor="end" class="sb-chart-value">{figures}</text>')
        parts.append(
            f'<rect x="0" y="{bar_y}" width="100%" height="{BAR_H}" class="sb-chart-track" '
            'fill="#f0f0f0" stroke="#9e9e9e"/>'
        )
        if worst > 0:
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{pct(worst)}" height="{BAR_H}" class="sb-chart-known" '
                'fill="#3949ab"/>'
            )
        if best > worst:
            parts.append(
                f'<rect x="{pct(worst)}" y="{bar_y}" width="{pct(best - worst)}" height="{BAR_H}" '
                f'class="sb-chart-open" fill="url(#{uid}-hatch)" stroke="#6b6b6b"/>'
            )
        if worst < score < best:
            parts.append(
                f'<rect x="{pct(score)}" y="{bar_y - 3}" width="3" height="{BAR_H + 6}" '
                'class="sb-chart-score" fill="#000000"/>'
            )
        parts.append("</g>")
    if mark is not None:
        parts.append(
            f'<line x1="{pct(_clamp(mark))}" y1="{TOP + BAR_Y - 4}" x2="{pct(_clamp(mark))}" y2="{height}" '
            'class="sb-chart-mark" stroke="#b3261e" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
