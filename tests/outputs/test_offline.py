"""Nothing the built site loads comes from another host: no fonts, CDN scripts, styles or images.

A static scan of every HTML, CSS and JS file of the built fixture site for asset references
(`src=`, `srcset=`, `<link href=>`, CSS `url(` and `@import`, `src=`/`href=` assignments in
scripts) that point off-site. Links people follow (`<a href>`, e.g. to a vendor's sources)
are allowed. The browser tests check the same at run time by aborting off-site requests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"

OFFSITE = r"(?:https?:)?//[^\s'\"`)<>]+"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(" + OFFSITE + ")", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+['\"]\s*(" + OFFSITE + ")", re.IGNORECASE)
_JS_ASSIGN = re.compile(r"\b(?:src|href)\s*=\s*['\"`]\s*(" + OFFSITE + ")", re.IGNORECASE)
_IS_OFFSITE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)

# Attributes that make the browser fetch something, whatever the element.
_FETCHING_ATTRIBUTES = {"src", "srcset", "imagesrcset", "poster", "data", "background"}
# <link rel=...> values that do not load anything.
_NON_FETCHING_RELS = {"canonical", "alternate", "author", "help", "license", "me", "next", "prev", "search"}


def offsite_in_css(text: str) -> list[str]:
    return _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)


def offsite_in_js(text: str) -> list[str]:
    return _JS_ASSIGN.findall(text) + offsite_in_css(text)


class _AssetScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name in _FETCHING_ATTRIBUTES:
                urls = [value]
                if name.endswith("srcset"):  # "a.png 1x, b.png 2x"
                    urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
                self.found += [f"<{tag} {name}={url}>" for url in urls if _IS_OFFSITE.match(url)]
            elif name == "style":
                self.found += [f"<{tag} style> {url}" for url in offsite_in_css(value)]
        if tag == "link" and _IS_OFFSITE.match(attributes.get("href", "")):
            rels = set(attributes.get("rel", "").lower().split())
            if not rels or not rels <= _NON_FETCHING_RELS:
                self.found.append(f"<link rel={attributes.get('rel', '')} href={attributes['href']}>")
        if tag in {"image", "use", "feimage"}:  # SVG
            for name in ("href", "xlink:href"):
                if _IS_OFFSITE.match(attributes.get(name, "")):
                    self.found.append(f"<{tag} {name}={attributes[name]}>")
        self._in = tag if tag in {"style", "script"} else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.found += [f"<style> {url}" for url in offsite_in_css(data)]
        elif self._in == "script":
            self.found += [f"<script> {url}" for url in offsite_in_js(data)]


def offsite_in_html(text: str) -> list[str]:
    scanner = _AssetScanner()
    scanner.feed(text)
    scanner.close()
    return scanner.found


SCANNERS = {".html": offsite_in_html, ".css": offsite_in_css, ".js": offsite_in_js}


def test_scanner_finds_offsite_assets_and_allows_links():
    html = """
    <link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
    <link rel="stylesheet" href="//cdn.example.com/x.css">
    <link rel="canonical" href="https://vendor.example.com/page/">
    <script src="https://unpkg.com/iframe-worker/shim"></script>
    <img src="https://vendor.example.com/a.png" srcset="local.png 1x, https://vendor.example.com/b.png 2x">
    <div style="background: url('https://vendor.example.com/c.png')"></div>
    <style>@import "https://fonts.googleapis.com/css"; .x { background: url(data:image/svg+xml;a) }</style>
    <svg><image href="https://vendor.example.com/d.svg"/></svg>
    <a href="https://vendor.example.com/sla">the SLA</a>
    <script src="assets/javascripts/bundle.js"></script><img src="assets/images/favicon.png">
    """
    assert offsite_in_html(html) == [
        "<link rel=preconnect href=https://fonts.gstatic.com>",
        "<link rel=stylesheet href=//cdn.example.com/x.css>",
        "<script src=https://unpkg.com/iframe-worker/shim>",
        "<img src=https://vendor.example.com/a.png>",
        "<img srcset=https://vendor.example.com/b.png>",
        "<div style> https://vendor.example.com/c.png",
        "<style> https://fonts.googleapis.com/css",
        "<image href=https://vendor.example.com/d.svg>",
    ]
    css = """@font-face { src: url("https://fonts.gstatic.com/r.woff2") }
             .icon { mask-image: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>") }"""
    assert offsite_in_css(css) == ["https://fonts.gstatic.com/r.woff2"]
    js = 'a.src="https://cdn.example.com/m.js"; b.href = `//cdn.example.com/s.css`; c="https://x.example/"'
    assert offsite_in_js(js) == ["https://cdn.example.com/m.js", "//cdn.example.com/s.css"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("offline") / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", f"{ROOT}/"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    subprocess.run(build, cwd=project, env=env, check=True)
    return project / "site"


@pytest.mark.slow
def test_built_site_loads_nothing_from_other_hosts(built_site):
    scanned = [p for p in sorted(built_site.rglob("*")) if p.suffix in SCANNERS]
    assert {p.suffix for p in scanned} == set(SCANNERS)
    found = {
        str(path.relative_to(built_site)): hits
        for path in scanned
        if (hits := SCANNERS[path.suffix](path.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}


@pytest.mark.slow
def test_built_pages_still_link_to_vendor_sources(built_site):
    """The scan does not pass by finding nothing: vendor source links are in the pages."""
    alpha = (built_site / "vendors" / "alpha" / "index.html").read_text()
    assert 'href="https://alpha.example.com/sla"' in alpha
    assert offsite_in_html(alpha) == []


@pytest.mark.parametrize("config", ["mkdocs.yml", "tests/fixtures/site/mkdocs.yml"])
def test_theme_fonts_are_off(config):
    """Material loads Google Fonts unless `theme.font` is false."""
    assert yaml.safe_load((ROOT / config).read_text())["theme"]["font"] is False
