"""The Data quality page (being built: see issue 4).

Input: a `Comparison`. Output: its `Page`.
"""

from __future__ import annotations

from .render import URIS, Comparison, Page, RenderContext


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    return [Page(URIS["quality"], ctx.render("pages/quality.html", vendors=len(comparison.vendors)))]
