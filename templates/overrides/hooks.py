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
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">'
)
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


def on_post_page(output: str, **_) -> str:
    return squeeze(_TOGGLE.sub(r"\1>", output))


def on_post_template(output_content: str, **_) -> str:
    """Static templates such as 404.html do not pass through on_post_page."""
    return squeeze(_TOGGLE.sub(r"\1>", output_content))
