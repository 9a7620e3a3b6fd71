"""What site search indexes for the pages whose HTML is mostly tables: readable sentences.

Input: the views a page module already computed (a vendor page's `VendorView` and `Overview`, the
vendor index's rows). Output: one plain text per page, which the engine indexes instead of the
page's HTML, so a search result reads "Availability: 99.99%." rather than table cells run together,
and the index stays small (about 2 kB a vendor). The page itself is unchanged. This module does
not import MkDocs and computes nothing of its own: every figure comes from the views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from site_builder.site.pages.quality import QualityView
    from site_builder.site.pages.vendor import IndexRow, Overview
    from site_builder.site.pages.vendor_facts import Block, VendorView


def sentence(text: str) -> str:
    """'Availability: 99.99%' -> 'Availability: 99.99%.'; a text that ends a sentence stays as it is."""
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _known_facts(block: Block, within: str = "") -> Iterable[str]:
    title = f"{within} {block.title}".strip() if within else block.title
    for row in block.rows:
        if row.known and row.label != "Name":  # a tier or plan is already named in its title
            yield sentence(f"{title}, {row.label}: {row.value}")
    for child in block.children:
        yield from _known_facts(child, block.title)


def vendor_text(view: VendorView, o: Overview) -> str:
    """A vendor page for search: who it is, the headline, scores, red flags, figures, known facts."""
    lede = ", ".join(part for part in (view.products, view.category) if part)
    parts = [sentence(f"{view.name}: {lede}"), sentence(o.headline)]
    if o.caveat:
        parts.append(sentence(o.caveat))
    parts += [
        sentence(f"{p.label}: rank {p.rank}, score {p.total} of 100 (range {p.score_range})")
        for p in o.personas
    ]
    parts += [sentence(f"Red flag, {f.severity}: {f.message}") for f in o.flags]
    parts += [sentence(f"{m.label}: {m.value}") for m in o.metrics]
    unknown = [m.same_reason for m in o.metrics if m.same_reason] + [r.labels for r in o.unknown_metrics]
    if unknown:
        parts.append(sentence("Unknown: " + ", ".join(unknown)))
    for block in view.sections:
        parts += _known_facts(block)
    parts.append(
        sentence(
            f"{view.known_facts} of {view.total_facts} facts on record, last reviewed {view.last_reviewed}"
        )
    )
    return " ".join(p for p in parts if p)


def index_text(rows: Iterable[IndexRow]) -> str:
    """The vendor index for search: every vendor with its products, one sentence each."""
    return " ".join(sentence(f"{r.name}: {r.products}") for r in rows)


def quality_text(q: QualityView) -> str:
    """The data-quality page for search: what it is for and its summary figures, not its tables of
    vendors (their pages are where search finds a vendor)."""
    return " ".join(
        [
            sentence(
                "Where the research behind the comparison is thin, old or unsupported: the places to "
                "look first when updating vendor profiles"
            ),
            sentence(
                f"Figures as of {q.today}, for {q.vendors} vendors, {q.criteria} criteria and {q.sources} cited sources"
            ),
            sentence(
                f"Coverage by vendor and by criterion: {q.cells_known} of {q.cells} vendor–criterion scores rest on a known fact"
            ),
            sentence(f"Oldest evidence; stale scores: {len(q.stale)}"),
            sentence(f"Known facts without a source: {len(q.unsourced)}"),
            sentence(f"Sources never cited: {len(q.uncited)}"),
            sentence(f"Facts disputed by the vendor: {len(q.disputed)}"),
            sentence(f"Recorded contradictions: {len(q.contradictions)}"),
            sentence(
                f"Profiles due for review (not reviewed for over {q.review_after} days): {len(q.review_due)}"
            ),
        ]
    )
