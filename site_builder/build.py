"""The recipe: a `Comparison` (see `comparison.py`) -> the site's pages and downloads.

Input: the scored comparison, the templates and, for "What changed", the data's git history.
Output: `Page(uri, content)` records and the exports offered for download. Loading, validation and
scoring happen before (`data.read`, `comparison.prepare_comparison`), on the same path the CLI's
`validate` takes, so they can never disagree. This module does not import MkDocs and does not print.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from site_builder.comparison import Comparison
from site_builder.data.values import neutralise
from site_builder.history.log import History
from site_builder.outputs.export import FORMATS
from site_builder.site.pages import calculator, changes, compare, home, matrix, methodology, quality, vendor
from site_builder.site.reference import metrics_markdown, reference_markdown
from site_builder.site.render import DOWNLOADS, Page, RenderContext, make_env

# Each page module turns the comparison into its pages; the order is the order of the site's files.
PAGE_MODULES = (home, matrix, compare, vendor, calculator, methodology, quality, changes)


def render_site(
    comparison: Comparison,
    templates_dir: Path,
    *,
    directory_urls: bool = True,
    history: History | None = None,
) -> list[Page]:
    """Every generated page, from every page module, plus the data-format reference. `history` (see
    `history.log.read_history`) feeds "What changed" and each vendor page's history; None: not read."""
    ctx = RenderContext(make_env(templates_dir), directory_urls, history)
    pages = [page for module in PAGE_MODULES for page in module.pages(comparison, ctx)]
    pages.append(Page("reference/vendor-format.md", reference_markdown(), markdown=True))
    pages.append(Page("reference/metrics.md", metrics_markdown(), markdown=True))
    # The validator refuses control and bidi characters; this keeps any that slip past off the pages.
    return [
        replace(page, content=neutralise(page.content), search=page.search and neutralise(page.search))
        for page in pages
    ]


def downloads(comparison: Comparison) -> list[tuple[str, bytes]]:
    """The exports the site offers for download: (path in the site, bytes)."""
    return [(uri, FORMATS[fmt](comparison)) for fmt, uri in DOWNLOADS.items()]
