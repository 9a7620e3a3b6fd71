"""MkDocs hook: the one mkdocs-material HTML-validity fix a template override cannot make, and
the indentation of Material's templates squeezed out of every page.

Material's base.html (9.8.1) writes its two page toggles with `autocomplete="off"`:

    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">

HTML allows `autocomplete` on text-like inputs only, so the Nu Html Checker reports an error
for each. The inputs sit outside every Jinja block of base.html, so the only template fix
would be a copy of the whole base.html, which names Material's fingerprinted asset files
and would break the site on the next Material release. This hook removes the attribute
from those two inputs and touches nothing else. Registered under `hooks:` in mkdocs.yml.

Material's templates indent every line of their markup and leave the blank lines of their Jinja
tags: about 6 kB of whitespace on each page (8% of a vendor page), which zip compresses each page
on its own and so pays again on every page of the offline bundle (0.4 kB zipped each). A run of
whitespace that starts with a line break becomes one line break: a browser lays the page out
exactly as before (a line break is a space, as the run was), except inside <pre> and <textarea>,
which keep their whitespace.

Material also writes into every page a script that restores the colour palette a reader picked
with its palette toggle. A site without `theme.palette` has no toggle, so nothing is ever stored
for that script to restore; it is left out of such a site's pages (0.2 kB zipped on each page of
the offline bundle).

The sidebars (Material's navigation and the page's table of contents) are the dearest part of a
page's frame: a third of the time the theme takes per page. A page the navigation does not list
(every vendor page) has no active entry, so its sidebars depend only on the navigation's titles and
links as written on that page (relative to where it sits), its headings and its `hide`/`sidebar`
front matter: `site_nav_key` says so, and
templates/overrides/main.html renders the sidebars once per key and reuses them (`site_nav_memo`,
new for every build). The pages are byte-identical to those rendered one by one.
"""

from __future__ import annotations

import re

from jinja2 import pass_context

_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">'
)
_PALETTE = '<script>var palette=__md_get("__palette");'
_PALETTE_SCRIPT = re.compile(re.escape(_PALETTE) + r"[^<]*</script>\n?")
_INDENT = re.compile(r"\n\s+")
_KEEP = re.compile(r"(<(pre|textarea)[\s>].*?</\2>)", re.S)


def squeeze(html: str) -> str:
    """Every run of whitespace that starts with a line break becomes that line break, outside <pre> and <textarea>."""
    if "<pre" not in html and "<textarea" not in html:
        return _INDENT.sub("\n", html)
    parts = _KEEP.split(html)  # text, kept element, its tag name, text, ...
    return "".join(
        _INDENT.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else "" for i, part in enumerate(parts)
    )


def without_palette_script(html: str, theme) -> str:
    """The page without Material's palette-restoring script, when the theme has no palette to pick."""
    if theme is None or theme.get("palette") or _PALETTE not in html:
        return html
    return _PALETTE_SCRIPT.sub("", html, count=1)


def _finish(html: str, config) -> str:
    theme = config["theme"] if config is not None else None
    return squeeze(without_palette_script(_TOGGLE.sub(r"\1>", html), theme))


def on_post_page(output: str, *, config=None, **_) -> str:
    return _finish(output, config)


def on_post_template(output_content: str, *, config=None, **_) -> str:
    """Static templates such as 404.html do not pass through on_post_page."""
    return _finish(output_content, config)


def _toc_key(items) -> tuple:
    """A table of contents as plain data: what partials/toc.html renders from it."""
    return tuple((i.title, i.id, i.level, _toc_key(i.children)) for i in items)


def _nav_shape(items, page, base) -> tuple:
    """The navigation as it shows on `page`: each entry's title and link, as the `url` filter writes
    it there, and its children."""
    from mkdocs.utils import normalize_url  # what the `url` filter calls

    return tuple(
        (
            item.title,
            normalize_url(item.url, page=page, base=base) if getattr(item, "url", None) is not None else None,
            _nav_shape(item.children, page, base) if getattr(item, "children", None) else (),
        )
        for item in items
    )


@pass_context
def site_nav_key(context) -> tuple | None:
    """What the sidebars of a page the navigation does not list depend on; None for a listed page
    (it has an active entry, and the navigation shows its table of contents there)."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or any(item.active for item in nav.items):
        return None
    meta = page.meta or {}
    return (
        _nav_shape(nav.items, page, context.get("base_url", "")),
        repr(meta.get("hide")),
        repr(meta.get("sidebar")),
        _toc_key(page.toc),
    )


def on_env(env, *, config, files):
    """A fresh memo for each build (`serve` rebuilds with a new navigation)."""
    env.globals["site_nav_key"] = site_nav_key
    env.globals["site_nav_memo"] = {}
    return env
