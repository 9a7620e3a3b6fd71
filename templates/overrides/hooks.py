"""MkDocs hook: the one mkdocs-material HTML-validity fix a template override cannot make, and
the indentation of Material's templates squeezed out of every page.

Material's base.html (9.8.1) writes its two page toggles with `autocomplete="off"`:

    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">

HTML allows `autocomplete` on text-like inputs only, so the Nu Html Checker reports an error
for each. The inputs sit outside every Jinja block of base.html, so the only template fix
would be a copy of the whole base.html, which names Material's fingerprinted asset files
and would break the site on the next Material release. This hook removes the attribute
from those two inputs and touches nothing else. Registered under `hooks:` in mkdocs.yml;
needs nothing from mkdocs itself.

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
"""

from __future__ import annotations

import re

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
