"""The Cost calculator page (being built: see issue 4).

Input: a `Comparison`. Output: its `Page`.
"""

from __future__ import annotations

from .render import URIS, Comparison, Page, RenderContext


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    return [Page(URIS["calculator"], ctx.render("pages/calculator.html", vendors=len(comparison.vendors)))]
