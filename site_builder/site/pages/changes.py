"""The "What changed" page: the history of the vendor data in plain words, newest first.

Input: a `Comparison` whose `history` was read from git (`history.read_history`). Output: the
`changes.md` page. Without a history (a tarball, a shallow clone) the page says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.comparison import Comparison
from site_builder.data.words import fact_path
from site_builder.history.diff_report import vendor_lines
from site_builder.site.render import URIS, Page, RenderContext, vendor_uri


@dataclass(frozen=True)
class VendorEntry:
    name: str
    href: str | None  # None when the vendor is no longer in the comparison
    lines: tuple[str, ...]


TITLE_CHARS = 80  # a commit subject longer than this is cut for its heading


@dataclass(frozen=True)
class ChangeView:
    commit: str
    date: str
    subject: str
    top_picks: tuple[str, ...]  # "Regulated buyer: UJET → Five9"
    vendors: tuple[VendorEntry, ...]
    problems: int

    @property
    def title(self) -> str:
        """The subject as a heading: cut at a word before TITLE_CHARS, the whole subject shown below it."""
        if len(self.subject) <= TITLE_CHARS:
            return self.subject
        return self.subject[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:(-") + "…"


@dataclass(frozen=True)
class ChangesView:
    changes: tuple[ChangeView, ...]
    unavailable: str | None
    truncated: bool


def changes_view(comparison: Comparison, ctx: RenderContext) -> ChangesView:
    history = ctx.history
    if history is None:
        return ChangesView((), "the history was not read for this build", False)
    here = URIS["changes"]
    current = {v.id for v in comparison.vendors}
    views = []
    for change in history.changes:
        d = change.diff
        names = dict(d.added) | dict(d.removed) | dict(d.revalidated) | {v.id: v.name for v in d.vendors}
        names |= {n.id: n.name for n in d.not_validated}
        for p in d.personas:
            names |= {m.vendor: m.name for m in p.moves}
        names |= {f.vendor: f.name for f in d.flags}
        entries = []
        for vid in sorted(names, key=lambda i: names[i].lower()):
            lines = vendor_lines(d, vid, fact_path)
            if lines:
                href = ctx.href(here, vendor_uri(vid)) if vid in current else None
                entries.append(VendorEntry(names[vid], href, tuple(lines)))
        tops = tuple(
            f"{p.label}: {', '.join(p.top_before) or 'none'} → {', '.join(p.top_after) or 'none'}"
            for p in d.personas
            if p.top_before != p.top_after
        )
        views.append(
            ChangeView(
                change.commit, change.date.isoformat(), change.subject, tops, tuple(entries), len(d.problems)
            )
        )
    return ChangesView(tuple(views), history.unavailable, history.truncated)


def pages(comparison: Comparison, ctx: RenderContext) -> list[Page]:
    return [Page(URIS["changes"], ctx.render("pages/changes.html", view=changes_view(comparison, ctx)))]
