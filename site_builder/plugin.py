"""The MkDocs adapter (also loaded by ProperDocs): the only module that imports mkdocs.

It runs the same load -> validate -> score -> render pipeline as the CLI, adds the generated
pages and our own assets (templates/assets: the pages' CSS and scripts, which each page names in
its front matter) to the site, fails the
build with the validator's file:line messages, and watches the data files under `mkdocs serve`.
All real work happens in `build.py` and the `page_*` modules.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any, TypedDict

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from site_builder.build import downloads_beside, markdown_page, render_site
from site_builder.comparison import Comparison, ScoreMemo, prepare_comparison
from site_builder.data.read import ReadCache, build_date
from site_builder.errors import BuildFailed
from site_builder.history.log import History, read_head, read_history
from site_builder.site.finish import Heading, anchor_ids
from site_builder.site.markers import Expanded, Expander, check_pages
from site_builder.site.render import DOWNLOADS, Memo, Page, RenderContext, compiled_templates, make_env

log = get_plugin_logger(__name__)
FAILURE_PREFIX = "vendor data has problems:"


class VendorsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it."""
    vendors_dir = c.Type(str, default="vendors")
    """Directory of vendor YAML files, relative to mkdocs.yml."""
    scoring_file = c.Type(str, default="scoring.yaml")
    """The scoring declaration (criteria, personas, red flags), relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """Directory of our Jinja templates and assets, relative to mkdocs.yml."""
    strict = c.Type(bool, default=False)
    """Fail the build on data warnings (e.g. stale profiles), not only on errors."""
    history_limit = c.Type(int, default=20)
    """How many commits of the vendor data the "What changed" page reads from git (0: none)."""
    offline = c.Type(bool, default=False)
    """Build for opening from disk (file://): .html links, the search index as a script, and our
    own worker shim so search runs without a server. `site-builder bundle` turns it on."""


OFFLINE_SHIM = (
    "offline/iframe-worker.js"  # Material skips its CDN shim when a polyfill URL names iframe-worker
)


@dataclass(frozen=True)
class Prepared:
    """What the data gives the site: the comparison, every generated page (by source path), the
    downloads (path -> bytes; made when first asked for, which `serve` does once the pages an edit
    changed are shown) and the figures the theme shows (`config.extra['vendor_data']`)."""

    comparison: Comparison
    pages: dict[str, Page]
    exports: Callable[[], list[tuple[str, bytes]]] = field(repr=False, compare=False)
    vendor_data: dict[str, Any]

    @cached_property
    def downloads(self) -> dict[str, bytes]:
        return dict(self.exports())


class _Download(File):
    """A download (see build.DOWNLOADS) while another process makes it: listed among the site's files,
    so a page's link to it checks out, but written by `on_post_build` once the pages are, so MkDocs
    does not wait for it before writing them (the downloads are a third of a 500-vendor build's work)."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing yet: `on_post_build` writes the bytes."""


class _FinishedPage(MkDocsPage):
    """A generated HTML page: its front matter comes from its record, and its HTML from
    `on_page_content`, as build.py finished them; MkDocs parses neither (no YAML, no Markdown)."""

    def __init__(self, title: str | None, file: File, config, plugin: VendorsPlugin) -> None:
        super().__init__(title, file, config)
        self._plugin = plugin

    def read_source(self, config) -> None:
        page = self._plugin.generated[self.file.src_uri]
        self.markdown, self.meta = "", dict(page.meta or {})

    def render(self, config, files) -> None:
        self.content, self.links_to_anchors = "", {}  # on_page_content hands over the HTML


class Warm:
    """What a long-running process (`serve`) keeps from one build to the next, so a rebuild redoes
    only what its input changed: each vendor file's validated record (by its bytes), each vendor's
    page views and rendered pages (by their inputs), each unchanged vendor's scores, the Jinja
    environment. None in a one-off build."""

    def __init__(self) -> None:
        self.read = ReadCache()
        self.memo = Memo()
        self.scores = ScoreMemo()


class VendorsPlugin(BasePlugin[VendorsConfig]):
    def __init__(self) -> None:
        self.failure: BuildFailed | None = None
        self.expander: Expander | None = None
        self.generated: dict[str, Page] = {}  # the generated pages (finished HTML), by source path
        self._expanded: dict[str, Expanded] = {}  # hand-written pages' markers, until their HTML is in
        self._searched: dict[str, str] = {}  # what search indexes of a page, when not its HTML
        self._shown: str | None = None  # a page's HTML while search indexes its search text
        self._history_cache: tuple[tuple | None, History | None] = (None, None)
        self.extra_pages: dict[
            str, str
        ] = {}  # uri -> Markdown, handed over by the CLI (build_site), finished here
        self.warm: Warm | None = None  # set by `serve`
        self.prepared: Prepared | None = None  # the last build's pages
        # hand-written pages with markers: source path -> (Markdown as read, its expansion)
        self.expanded: dict[str, tuple[str, Expanded]] = {}
        self.files: Files | None = None  # the last build's files, navigation and theme environment,
        self.nav: Any = None  # which `serve` updates in place after an edit
        self.theme_env: Any = None
        self._frozen = False  # gc.freeze() is in force until this build ends (see on_files)

    def on_startup(self, *, command, dirty) -> None:
        """Defined so MkDocs keeps this instance across `serve` rebuilds (it re-creates plugins
        that lack it): the git history cache then survives until HEAD moves."""

    def _path(self, config, option: str) -> Path:
        return Path(config.config_file_path).parent / getattr(self.config, option)

    def _assets(self, config) -> list[str]:
        root = self._path(config, "templates_dir")
        return sorted(p.relative_to(root).as_posix() for p in (root / "assets").rglob("*") if p.is_file())

    def on_config(self, config):
        # Instances survive `mkdocs serve` rebuilds: reset per-build state here.
        self.failure = None
        self.expander = None
        self.generated, self._shown = {}, None
        self._expanded, self._searched = {}, {}
        self.prepared, self.expanded = None, {}
        if self.config.enabled and self.config.offline:
            config.use_directory_urls = False
            polyfills = config.extra.setdefault("polyfills", [])
            if OFFLINE_SHIM not in polyfills:
                polyfills.append(OFFLINE_SHIM)
        # Our assets are copied into the site (on_files) but not added to extra_css/extra_javascript:
        # each page names its own in its front matter (templates/overrides/main.html loads them).
        return config

    def prepare(self, config, files: Files) -> Prepared:
        """Load, validate and score the data and render every generated page (raise PluginError,
        with `self.failure` set, when the data has problems). Sets the expander for marked pages."""
        warm = self.warm
        self.failure = None
        try:
            comparison = prepare_comparison(
                [self._path(config, "vendors_dir")],
                self._path(config, "scoring_file"),
                today=build_date(),
                # `build --strict`, `mkdocs build --strict` and the plugin's own option alike: data
                # warnings (a stale profile under the one freshness policy) then fail the build.
                strict=self.config.strict or bool(config.get("strict")),
                cache=warm.read if warm else None,
                scores=warm.scores if warm else None,
            )
            markers = check_pages(
                self._hand_written(files, config), [g.id for g in comparison.criteria.guide_sections]
            )
            if markers.failed():
                raise BuildFailed(markers)
        except BuildFailed as failure:
            self.failure = failure
            raise PluginError(FAILURE_PREFIX + "\n" + str(failure.report)) from None

        self._freeze()  # the data
        exports = downloads_beside(comparison)  # made while the pages render
        templates = self._path(config, "templates_dir")
        history = self._history(config)
        memo = warm.memo if warm else None
        env = memo.env(templates, make_env) if memo else make_env(templates)
        self.expander = Expander(comparison, RenderContext(env, config.use_directory_urls, history, memo))
        pages = render_site(
            comparison,
            templates,
            directory_urls=config.use_directory_urls,
            history=history,
            memo=memo,
            apart=warm is None,  # a one-off build renders part of the pages on the other core
        )
        pages += [markdown_page(uri, text) for uri, text in sorted(self.extra_pages.items())]
        if memo:
            memo.done()
        newest = max((v.last_reviewed for v in comparison.vendors), default=None)
        vendor_data = {
            "reviewed": newest.isoformat() if newest else None,
            "vendors": len(comparison.vendors),
            "built": comparison.today.isoformat(),
        }
        return Prepared(comparison, {p.uri: p for p in pages}, exports, vendor_data)

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        # Reading, scoring and rendering make objects that live until the build ends, hundreds of
        # thousands at 500 vendors: collecting garbage among them while they grow walks them again
        # and again (the cost grows with the square of the vendor count). A one-off build pauses
        # the collector for that stretch and then leaves it all out of later passes (_freeze).
        paused = self.warm is None and gc.isenabled()
        if paused:
            gc.disable()
        try:
            prepared = self.prepared = self.prepare(config, files)
        finally:
            if paused:
                gc.enable()
        self.generated = dict(prepared.pages)
        titles = _nav_titles(config.nav)
        for page in prepared.pages.values():
            file = File.generated(config, page.uri, content=page.content)
            self._replace(files, file)
            self.new_page(file, config, titles.get(page.uri))  # in the nav, with its title there
        for uri in DOWNLOADS.values():
            if self.warm is None:  # made in another process meanwhile: written when the build ends
                self._replace(files, _Download.generated(config, uri, content=b""))
            else:
                self._replace(files, File.generated(config, uri, content=prepared.downloads[uri]))
        templates = self._path(config, "templates_dir")
        for asset in self._assets(config) + ([OFFLINE_SHIM] if self.config.offline else []):
            self._replace(files, File.generated(config, asset, abs_src_path=str(templates / asset)))
        config.extra["vendor_data"] = prepared.vendor_data
        self._freeze()  # and the pages
        log.info(f"generated pages for {len(prepared.comparison.vendors)} vendors")
        self.files = files
        return files

    def new_page(self, file: File, config, title: str | None = None) -> MkDocsPage:
        """A page for `file`, also `file.page` from now on: for a generated HTML page, one MkDocs
        builds without parsing its front matter or HTML (see _FinishedPage)."""
        if file.src_uri in self.generated:
            return _FinishedPage(title, file, config, self)
        return MkDocsPage(title, file, config)

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        self.theme_env = env
        if env.bytecode_cache is None:  # the theme's templates too (see render.compiled_templates)
            env.bytecode_cache = compiled_templates()
        return env

    def _history(self, config) -> History | None:
        if self.config.history_limit <= 0:
            return None
        root = Path(config.config_file_path).parent
        vendors, scoring = Path(self.config.vendors_dir), Path(self.config.scoring_file)
        head = read_head(root)
        key = (str(root), head, self.config.history_limit, str(vendors), str(scoring))
        # Committed history never changes, so `serve` rebuilds reuse it until HEAD moves.
        if head is None or self._history_cache[0] != key:
            history = read_history(
                root, vendors=vendors, scoring=scoring, today=build_date(), limit=self.config.history_limit
            )
            self._history_cache = (key if head else None, history)
        return self._history_cache[1]

    def _hand_written(self, files: Files, config) -> list[tuple[str, str]]:
        """(path as the user writes it, Markdown) of every page in docs/, for the marker check."""
        root = Path(config.config_file_path).parent
        out = []
        for file in files.documentation_pages():
            if file.abs_src_path and not file.generated_by:
                path = Path(file.abs_src_path)
                shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                out.append((shown, path.read_text(encoding="utf-8")))
        return out

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if page.file.src_uri in self.generated:
            return ""  # finished HTML (build.py): on_page_content hands it over, with nothing to parse
        if self.expander is None or page.file.generated_by:
            return markdown
        expanded = self.expander.expand_blocks(markdown, page.file.src_uri)
        if expanded.blocks:
            self._expanded[page.file.src_uri] = expanded
            self.expanded[page.file.src_uri] = (markdown, expanded)
        return expanded.markdown  # the markers' HTML goes in after Markdown (on_page_content)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        expanded = self._expanded.pop(page.file.src_uri, None)
        if expanded is not None:
            page.present_anchor_ids = (page.present_anchor_ids or set()) | {
                i for b in expanded.blocks for i in anchor_ids(b.html)
            }
            self._searched[page.file.src_uri] = expanded.fill(html, search=True)
            return expanded.fill(html)
        generated = self.generated.get(page.file.src_uri)
        if generated is None or generated.finished is None:
            return html
        done = generated.finished
        page.toc = get_toc(_toc_tokens(done.toc))
        page.present_anchor_ids = set(done.anchors)
        if done.title and "title" not in vars(page) and "title" not in page.meta:
            page.title = done.title  # as MkDocs takes it from a Markdown page's first heading
        return done.html

    # Search indexes what page.content holds when its on_page_context runs (priority 0): a page
    # with a search text shows search that text, then gets its HTML back before the theme renders.
    @event_priority(50)
    def _search_text_in(self, context, *, page, config, nav):
        generated = self.generated.get(page.file.src_uri)
        searched = self._searched.pop(page.file.src_uri, None)
        if generated is not None and generated.search is not None:
            self._shown = page.content
            top = next(iter(page.toc), None)
            heading = f'<h1 id="{top.id}">{escape(page.title or "")}</h1>' if top else ""
            page.content = f"{heading}<p>{escape(generated.search)}</p>"
        elif searched is not None:  # a hand-written page without its tables of vendors
            self._shown, page.content = page.content, searched
        return context

    @event_priority(-50)
    def _search_text_out(self, context, *, page, config, nav):
        if self._shown is not None:
            page.content, self._shown = self._shown, None
        return context

    on_page_context = CombinedEvent(_search_text_in, _search_text_out)

    @staticmethod
    def _replace(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def _freeze(self) -> None:
        """Leave what exists now (the data, then the pages) out of the garbage collector's passes
        until the build ends: it all lives that long, and collections that walk it again and again
        cost a sixth of a 500-vendor build's CPU time. Not under `serve` (warm), whose old builds
        must be freed; undone when the build ends (`_thaw`)."""
        if self.warm is None:
            gc.freeze()
            self._frozen = True

    def _thaw(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def on_build_error(self, *, error) -> None:
        self._thaw()
        if self.prepared is not None:
            _ = self.prepared.downloads  # the process making them ends, not left waiting to send

    def on_post_build(self, *, config) -> None:
        self._thaw()
        if self.config.enabled and self.warm is None and self.prepared is not None:
            for uri, data in self.prepared.downloads.items():  # see _Download
                target = Path(config.site_dir) / uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if not (self.config.enabled and self.config.offline):
            return
        # file:// pages cannot fetch JSON; Material loads the index from a script there instead.
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            text = index.read_text(encoding="utf-8")
            index.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")

    def on_serve(self, server, *, config, builder):
        for option in ("vendors_dir", "scoring_file", "templates_dir"):
            server.watch(str(self._path(config, option)))
        return server


def build_site(
    config_file: Path,
    *,
    strict: bool = False,
    site_dir: Path | None = None,
    offline: bool = False,
    extra_pages: dict[str, str] | None = None,
) -> dict:
    """Build the site as `mkdocs build` would; raise BuildFailed on bad vendor data. `offline`
    builds for file:// (see VendorsConfig.offline). Returns what the plugin learned of the data
    (vendor count, newest review, build date), where the vendor files are and the site folder.
    `extra_pages` (uri -> Markdown) are added to the site, as the CLI does with its command reference.

    Atomic: MkDocs builds into a new folder beside the site folder, which replaces the old one only
    once the build has succeeded; a failed build leaves the previous site as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    config = load_config(config_file=str(config_file), strict=strict, **overrides)
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    config.site_dir = tempfile.mkdtemp(prefix=f".{site.name}-building-", dir=site.parent)
    plugin = config.plugins.get("vendors")
    if offline:
        if not isinstance(plugin, VendorsPlugin):
            raise ValueError(f"{config_file} does not use the vendors plugin, so it cannot build offline")
        plugin.config.offline = True
    if isinstance(plugin, VendorsPlugin):
        plugin.extra_pages = dict(extra_pages or {})
    # The CLI prints the report itself, one line per problem; drop MkDocs' copy of it.
    quiet = logging.getLogger("mkdocs.commands.build")
    drop = _DropMessage(FAILURE_PREFIX)
    quiet.addFilter(drop)
    try:
        build(config)
    except Abort:
        shutil.rmtree(config.site_dir, ignore_errors=True)
        if isinstance(plugin, VendorsPlugin) and plugin.failure is not None:
            raise plugin.failure from None
        raise
    except BaseException:
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise
    finally:
        quiet.removeFilter(drop)
    swap(Path(config.site_dir), site)
    data = dict(config.extra.get("vendor_data") or {})
    search = config.plugins.get("search") or config.plugins.get("material/search")
    langs = getattr(getattr(search, "config", None), "lang", None) or [config.theme.get("language", "en")]
    data["search_langs"] = sorted(langs) if isinstance(langs, list) else [str(langs)]
    if isinstance(plugin, VendorsPlugin):
        data["vendors_dir"] = str(plugin._path(config, "vendors_dir"))
        data["scoring_file"] = str(plugin._path(config, "scoring_file"))
    data["site_dir"] = str(site)
    return data


def swap(built: Path, site: Path) -> None:
    """Put the freshly built folder in the site's place; the old site goes only after that.
    Used by `build_site` and by `serve` (site_builder/serve.py)."""
    old = site.with_name(f".{site.name}-old-{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(built, site)
    site.chmod(0o755)  # mkdtemp made it private; a site folder is served to others
    shutil.rmtree(old, ignore_errors=True)


class _TocToken(TypedDict):
    """A heading as Markdown's toc extension gives it (MkDocs' get_toc reads the same keys)."""

    level: int
    id: str
    name: str
    children: list[_TocToken]


def _nav_titles(nav: Any) -> dict[str, str]:
    """Path -> title of every page mkdocs.yml's `nav` names with a title."""
    out: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else ():
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    out[value] = title
                else:
                    out |= _nav_titles(value)
    return out


def _toc_tokens(headings: tuple[Heading, ...]) -> list[_TocToken]:
    """Flat headings -> the nested tokens of Markdown's toc extension, which MkDocs' get_toc reads."""
    root: list[_TocToken] = []
    stack: list[_TocToken] = []
    for h in headings:
        token: _TocToken = {"level": h.level, "id": h.id, "name": h.name, "children": []}
        while stack and stack[-1]["level"] >= h.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


class _DropMessage(logging.Filter):
    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)
