"""The recipe: a `Comparison` (see `comparison.py`) -> the site's pages and downloads.

Input: the scored comparison, the templates and, for "What changed", the data's git history.
Output: `Page(uri, content)` records and the exports offered for download. Loading, validation and
scoring happen before (`data.read`, `comparison.prepare_comparison`), on the same path the CLI's
`validate` takes, so they can never disagree. This module does not import MkDocs and does not print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from site_builder.comparison import Comparison
from site_builder.data.values import neutralise
from site_builder.history.log import History
from site_builder.outputs.export import FORMATS
from site_builder.processes import Share, beside, may_fork
from site_builder.site.finish import finish, finish_markdown, front_matter
from site_builder.site.pages import calculator, changes, compare, home, matrix, methodology, quality, vendor
from site_builder.site.reference import metrics_markdown, reference_markdown
from site_builder.site.render import DOWNLOADS, Memo, Page, RenderContext, make_env

# Each page module turns the comparison into its pages; the order is the order of the site's files.
PAGE_MODULES = (home, matrix, compare, vendor, calculator, methodology, quality, changes)
# Pages that need nothing of the others (the vendor pages' views serve data quality too): a one-off
# build on two cores renders them, and the reference pages, in a forked process while this one
# renders the rest; the two then share out the vendor pages (see render_site).
APART = (home, matrix, compare, calculator, methodology)


def render_site(
    comparison: Comparison,
    templates_dir: Path,
    *,
    directory_urls: bool = True,
    history: History | None = None,
    memo: Memo | None = None,
    apart: bool = False,
) -> list[Page]:
    """Every generated page, from every page module, plus the data-format reference. `history` (see
    `history.log.read_history`) feeds "What changed" and each vendor page's history; None: not read.
    `memo` (kept by `serve` between rebuilds) reuses what an edit did not change. `apart`: render
    on two cores where forking is of use (`may_fork`): a forked process renders the APART modules'
    pages and then vendor pages from the last one back, while this one renders the vendor pages
    from the first one on, until they meet. The pages are the same, in the same order, either way."""
    env = memo.env(templates_dir, make_env) if memo else make_env(templates_dir)
    ctx = RenderContext(env, directory_urls, history, memo)
    if not (apart and memo is None and may_fork()):
        pages = [page for m in PAGE_MODULES for page in _finished(m.pages(comparison, ctx))]
        return pages + _reference_pages()

    _ = comparison.decisions  # worked out once, before the fork: pages on both sides read them
    vendors = comparison.vendors
    share = Share(len(vendors))

    def vendor_pages(*, last: bool) -> dict[int, Page]:
        taken = {}
        while (i := share.take(last=last)) is not None:
            taken[i] = _finish(vendor.vendor_page(comparison, ctx, vendors[i]))
        return taken

    def elsewhere() -> tuple[list[list[Page]], list[Page], dict[int, Page], dict[int, tuple[int, int]]]:
        made = [_finished(m.pages(comparison, ctx)) for m in APART]
        reference = _reference_pages()
        theirs = vendor_pages(last=True)
        return made, reference, theirs, {i: vendor.fact_counts(ctx, vendors[i]) for i in theirs}

    wait = beside(elsewhere)
    index = _finish(vendor.index_page(comparison, ctx))
    mine = vendor_pages(last=False)
    made, reference, theirs, counts = wait()
    for i, known_and_total in counts.items():  # the data-quality page's counts, without their views
        ctx.seed("fact_counts", vendors[i], known_and_total)
    done = mine | theirs
    for i in range(len(vendors)):  # what a failed child left undone falls to this process (see beside)
        if i not in done:
            done[i] = _finish(vendor.vendor_page(comparison, ctx, vendors[i]))
    here: dict[ModuleType, list[Page]] = dict(zip(APART, made, strict=True))
    here[vendor] = [index] + [done[i] for i in range(len(vendors))]
    for m in PAGE_MODULES:
        if m not in here:
            here[m] = _finished(m.pages(comparison, ctx))
    return [page for module in PAGE_MODULES for page in here[module]] + reference


def _finished(pages: list[Page]) -> list[Page]:
    return [_finish(page) for page in pages]


def _finish(page: Page) -> Page:
    """The page as an engine takes it, worked out in the process that rendered it: an HTML page
    split into front matter and finished body (`site.finish`), so the engine parses neither."""
    # The validator refuses control and bidi characters; this keeps any that slip past off the pages.
    content = neutralise(page.content)
    search = page.search and neutralise(page.search)
    meta, body = front_matter(content)
    return replace(page, content=content, search=search, meta=meta, finished=finish(body))


def _reference_pages() -> list[Page]:
    """The data-format and metrics reference: from the model and the metrics' declarations."""
    return [
        markdown_page("reference/vendor-format.md", reference_markdown()),
        markdown_page("reference/metrics.md", metrics_markdown()),
    ]


def markdown_page(uri: str, text: str) -> Page:
    """A page we write in Markdown (the reference pages, the CLI's command reference), finished as
    MkDocs would convert it (`site.finish.finish_markdown`): the engine parses none of it."""
    finished = finish_markdown(neutralise(text))
    return Page(uri, finished.html, meta={}, finished=finished)


def downloads(comparison: Comparison) -> list[tuple[str, bytes]]:
    """The exports the site offers for download: (path in the site, bytes)."""
    return [(uri, FORMATS[fmt](comparison)) for fmt, uri in DOWNLOADS.items()]


def downloads_beside(comparison: Comparison) -> Callable[[], list[tuple[str, bytes]]]:
    """`downloads(comparison)` worked out in a forked process while this one renders the pages; the
    returned function waits for them. The exports are a fifth of a build's work and need nothing of
    the pages, so on two cores they cost no wall time. Where forking is not safe or of no use (no
    fork, one core, other threads running, as under `serve`), they are made when asked for instead;
    a child that fails leaves the work to this process, so the result is the same either way."""
    if not may_fork():
        return lambda: downloads(comparison)
    _ = comparison.decisions  # worked out once, before the fork: the pages read them too
    # At a lower priority: the pages, which the build waits for first, take the cores they need,
    # and the downloads use what MkDocs leaves idle while it builds the pages on one core.
    return beside(lambda: downloads(comparison), nice=10)
