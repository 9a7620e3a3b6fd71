"""MkDocs hook: the one mkdocs-material HTML-validity fix a template override cannot make.

Material's base.html (9.8.1) writes its two page toggles with `autocomplete="off"`:

    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">

HTML allows `autocomplete` on text-like inputs only, so the Nu Html Checker reports an error
for each. The inputs sit outside every Jinja block of base.html, so the only template fix
would be a copy of the whole base.html, which names Material's fingerprinted asset files
and would break the site on the next Material release. This hook removes the attribute
from those two inputs and touches nothing else. Registered under `hooks:` in mkdocs.yml;
needs nothing from mkdocs itself.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">'
)


def on_post_page(output: str, **_) -> str:
    return _TOGGLE.sub(r"\1>", output)


def on_post_template(output_content: str, **_) -> str:
    """Static templates such as 404.html do not pass through on_post_page."""
    return _TOGGLE.sub(r"\1>", output_content)
