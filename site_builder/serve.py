"""`site-builder serve`: live preview on MkDocs' live-reload server (the second engine adapter, beside plugin.py).

Input: the MkDocs configuration. Output: a server on `dev_addr` that rebuilds when the docs, vendor
files, scoring.yaml or templates change. It differs from `mkdocs serve` where a preview must never
leave its reader waiting: it prints its address and one line per rebuild with its time; a rebuild
that fails prints the validator's `file:line:col` lines and every page then shows them (HTTP 500,
with a link to the last good version of the page, which stays served), until a rebuild succeeds and
the browser reloads by itself. No request waits for a failed build: the server's build loop never
sees an exception (with `mkdocs serve`, every request hangs until the files are fixed). Each build
goes into a new folder that replaces the served one only once it succeeded.

An edit of vendor files or scoring.yaml does not rebuild the site: the process keeps the last build
(MkDocs' files, navigation and theme environment, each vendor file's validated record with its
scores and open questions, each page's views and HTML), renders the generated pages again from what
is kept, and passes only the pages whose input changed (and the hand-written pages whose live
figures changed) through MkDocs' page steps, the theme and search, so the files it rewrites are the
ones a full build would write, byte for byte. A browser reloads only when its own page changed, as
soon as that page is written: the edited vendor's page is written first, the downloads after every
page. A change to docs, templates or mkdocs.yml, a vendor added or removed, or a figure every page
shows (the newest review date) still rebuilds the whole site.
"""

from __future__ import annotations

import itertools
import logging
import posixpath
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer
from mkdocs.structure.files import File, InclusionLevel

from site_builder.plugin import FAILURE_PREFIX, VendorsPlugin, Warm, swap
from site_builder.site.render import Memo, vendor_uri

LAST_GOOD = "last-good"  # ?last-good shows the last good site while the build is broken
# MkDocs polls the watched files every 0.5 s and waits 0.1 s for more changes: up to 0.6 s of an
# edit's wait. Polling a few hundred files' modification times every 0.1 s costs next to nothing.
POLL_SECONDS, SETTLE_SECONDS = 0.1, 0.05

ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
pre{{background:#fff4f4;border-left:4px solid #b00020;padding:1rem;overflow-x:auto;white-space:pre-wrap}}</style>
</head><body><main>
<h1>The site could not be rebuilt</h1>
<p>{summary} This page reloads by itself once the files are fixed.</p>
<pre>{problems}</pre>
<p><a href="{last_good}">Open the last good version of this page</a></p>
</main></body></html>
"""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that shows the current build error instead of the pages, and
    reloads a browser only when the page it shows changed."""

    problems: str | None = None  # the failed build's report; None while the site is good
    failure_id: int = 0  # which failure the ?last-good cookie was given for
    on_listening: Callable[[], None] | None = None  # called once the address takes connections

    def server_activate(self) -> None:
        super().server_activate()
        if self.on_listening is not None:
            self.on_listening()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.everything_changed = 0  # epoch of the last rebuild that changed every page
        self.page_changed: dict[str, int] = {}  # output file -> epoch of the rebuild that changed it
        self._pollers: dict[int, str] = {}  # a served page's poll id -> its output file
        self._poll_ids = itertools.count(1)
        self._request = threading.local()

    def changed(self, paths: list[str] | None) -> None:
        """Called by the builder: which output files the rebuild now running changes (None: all)."""
        if paths is None:
            self.everything_changed = self._wanted_epoch
        for path in paths or ():
            self.page_changed[path] = self._wanted_epoch

    def publish(self, paths: list[str]) -> None:
        """Called by the builder while it runs: `paths` are written, and browsers showing them reload
        now instead of when the whole rebuild ends (not while the pages show a failure: the
        rebuild's end does that)."""
        if self.problems is not None:
            return
        with self._epoch_cond:
            self.changed(paths)
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _changed_since(self, path: str, epoch: int) -> bool:
        latest = max(self.everything_changed, self.page_changed.get(path, 0))
        return min(latest, self._visible_epoch) > epoch

    def _inject_js_into_html(self, content, epoch):
        path = getattr(self._request, "path", None)
        if path is None:
            return super()._inject_js_into_html(content, epoch)
        poll_id = next(self._poll_ids)
        self._pollers[poll_id] = path
        if len(self._pollers) > 1000:  # forget the oldest tabs' ids; they then reload on any change
            del self._pollers[next(iter(self._pollers))]
        script = _SCRIPT_TEMPLATE.substitute(epoch=epoch, request_id=poll_id)
        body_end = content.rfind(b"</body>")
        body_end = len(content) if body_end < 0 else body_end
        return b"%b<script>%b</script>%b" % (content[:body_end], script.encode(), content[body_end:])

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        parts = path.split("/")
        if len(parts) == 4 and parts[1] == "livereload" and parts[2].isdigit() and parts[3].isdigit():
            watched = self._pollers.get(int(parts[3]))
            if watched is not None:  # answer once this page changed (or after a minute)
                epoch = int(parts[2])
                start_response("200 OK", [("Content-Type", "text/plain")])
                with self._epoch_cond:
                    self._epoch_cond.wait_for(
                        lambda: self._changed_since(watched, epoch), timeout=self.poll_response_timeout
                    )
                    return [b"%d" % self._visible_epoch if self._changed_since(watched, epoch) else b"0"]
        self._request.path = _output_file(path, self.mount_path)
        try:
            return self._serve_page(environ, start_response, path)
        finally:
            self._request.path = None

    def _serve_page(self, environ, start_response, path: str):
        if self.problems is None or path.startswith("/livereload/") or not path.endswith(("/", ".html")):
            return super()._serve_request(environ, start_response)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        passed = cookie.get("sb-last-good")
        if LAST_GOOD in query or (passed is not None and passed.value == str(self.failure_id)):
            cookie_header = f"sb-last-good={self.failure_id}; Path=/; SameSite=Strict"
            return super()._serve_request(
                environ, _with_header(start_response, ("Set-Cookie", cookie_header))
            )
        count = self.problems.count("\n") + 1
        page = ERROR_PAGE.format(
            summary=f"The last rebuild failed with {count} problem{'s' if count != 1 else ''}.",
            problems=escape(self.problems),
            last_good=escape(f"{path}?{LAST_GOOD}"),
        ).encode("utf-8")
        with self._epoch_cond:
            page = self._inject_js_into_html(page, self._visible_epoch)
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]


def _output_file(path: str, mount_path: str) -> str | None:
    """The output file a request for an HTML page reads ('/vendors/x/' -> 'vendors/x/index.html')."""
    if not path.endswith(("/", ".html")) or not (path + "/").startswith(mount_path):
        return None
    rel = path[len(mount_path) :] + ("index.html" if path.endswith("/") else "")
    return posixpath.normpath("/" + rel).lstrip("/")


def _with_header(start_response, header: tuple[str, str]):
    def start(status, headers, *args):
        return start_response(status, [*headers, header], *args)

    return start


def _not_a_request(record: logging.LogRecord) -> bool:
    """MkDocs logs each request answered with 4xx/5xx as a warning, and a strict build that is running
    meanwhile counts it as its own and fails: a reader on the error page would keep the build broken."""
    return " code " not in record.getMessage()


class _Warnings(logging.Handler):
    """MkDocs' warnings of one build (a strict build fails on them): printed, and kept for the error page."""

    def __init__(self, echo: Callable[[str], None]):
        super().__init__(logging.WARNING)
        self.echo = echo
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(FAILURE_PREFIX):
            return  # our own report, which the builder prints itself
        line = f"{record.levelname}: {record.getMessage()}"
        self.lines.append(line)
        self.echo(line)


class _Session:
    """The last good full build, which edits of the data update in place (see the module's docstring)."""

    def __init__(self, config, served: Path, inputs: tuple) -> None:
        self.config = config
        self.plugin: VendorsPlugin = config.plugins["vendors"]
        self.inputs = inputs  # what an edit may not touch for an update (docs, templates, mkdocs.yml)
        self.config.site_dir = str(served)
        assert self.plugin.files is not None
        for file in self.plugin.files:  # the build wrote to a staging folder, now served
            file.dest_dir = str(served)
            vars(file).pop("abs_dest_path", None)

    def update(self, publish: Callable[[list[str]], None] = lambda paths: None) -> list[str] | None:
        """Rewrite the output files an edit of the data changes; returns them, or None when the edit
        needs a full build. Raises PluginError (the plugin's `failure` set) when the data has problems.
        Pages go first, the page of an edited vendor before all, each handed to `publish` once
        written; the downloads (a fifth of the work) are made after the pages."""
        config, plugin = self.config, self.plugin
        files, nav, env, old = plugin.files, plugin.nav, plugin.theme_env, plugin.prepared
        assert files is not None and old is not None
        new = plugin.prepare(config, files)
        if (new.vendor_data, new.pages.keys()) != (old.vendor_data, old.pages.keys()):
            return None  # a page more or less, or a figure in every page's footer
        # An unchanged file keeps its validated record (ReadCache): a new record is an edited vendor.
        unchanged = {id(v) for v in old.comparison.vendors}
        edited = {vendor_uri(v.id) for v in new.comparison.vendors if id(v) not in unchanged}
        changed: list[File] = []
        for uri, generated in sorted(new.pages.items(), key=lambda item: item[0] not in edited):
            if generated != old.pages[uri]:
                file = files.get_file_from_path(uri)
                assert file is not None
                file.content_string = generated.content
                changed.append(file)
        assert plugin.expander is not None
        for uri, (source, expanded) in list(plugin.expanded.items()):
            if plugin.expander.expand_blocks(source, uri) != expanded:
                changed.append(files.get_file_from_path(uri))  # type: ignore[arg-type]
        plugin.prepared = new
        plugin.generated = dict(new.pages)
        written = []

        search = config.plugins.get("search") or config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        kept = _entries_by_page(index.entries) if index is not None else {}
        if index is not None:
            index.entries = []
        in_nav = {id(page) for page in nav.pages}
        pages = []
        for file in changed:
            page = file.page
            if page is None or id(page) not in in_nav:
                page = plugin.new_page(file, config)  # outside the nav: its title from its content
            _populate_page(page, config, files)
            pages.append(page)
        doc_pages = [
            f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve) if f.page
        ]
        for page in pages:
            _build_page(page, config, [p.file for p in doc_pages], nav, env)
            written.append(page.file.dest_uri)
            publish([page.file.dest_uri])
        for page in doc_pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if index is not None:
            kept.update({page.url: [] for page in pages})
            kept.update(_entries_by_page(index.entries))
            index.entries = [entry for page in doc_pages for entry in kept.get(page.url, ())]
        config.plugins.on_post_build(config=config)
        for uri, data in new.downloads.items():
            if data != old.downloads[uri]:
                file = files.get_file_from_path(uri)
                assert file is not None
                file.content_bytes = data
                file.copy_file()
                written.append(file.dest_uri)
        return written


def _entries_by_page(entries: list[dict]) -> dict[str, list[dict]]:
    """Search entries grouped by their page's URL, in order (a page's entries are its sections)."""
    out: dict[str, list[dict]] = {}
    for entry in entries:
        out.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return out


def _inputs(paths: list[Path]) -> tuple:
    """Name, size and modification time of every file under `paths`: what a full build depends on
    beyond the data."""
    out = []
    for path in paths:
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for p in found:
            stat = p.stat()
            out.append((str(p), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def serve_site(config_file: Path, dev_addr: str, *, echo: Callable[[str], None] = print) -> None:
    """Serve the site at `dev_addr` ('127.0.0.1:8000') with live reload until Ctrl-C."""
    served = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
    warnings = _Warnings(echo)
    logging.getLogger("mkdocs").addHandler(warnings)
    logging.getLogger("mkdocs.livereload").addFilter(_not_a_request)

    def get_config(site_dir: Path):
        return load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)

    config = get_config(served)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.plugins.on_startup(command="serve", dirty=False)
    server = PreviewServer(
        builder=lambda: None,
        host=host,
        port=port,
        root=str(served),
        mount_path=mount_path,
        polling_interval=POLL_SECONDS,
    )
    server.build_delay = SETTLE_SECONDS
    url = server.url
    vendors = config.plugins.get("vendors")
    full_build_inputs = [Path(config.config_file_path), Path(config.docs_dir)]
    if isinstance(vendors, VendorsPlugin):
        full_build_inputs.append(vendors._path(config, "templates_dir"))
    warm = Warm()
    session: _Session | None = None
    attempt = config  # the configuration of the build being tried (its plugin holds a data failure)

    def full_build(first) -> None:
        nonlocal session, attempt
        inputs = _inputs(full_build_inputs)
        if session is not None and session.inputs != inputs:
            warm.memo = Memo()  # templates may have changed: render them afresh
        session = None
        staging = Path(tempfile.mkdtemp(prefix="site-builder-serve-next-"))
        cfg = attempt = first or get_config(staging)
        cfg.site_dir = str(staging)
        cfg.site_url = url
        plugin = cfg.plugins.get("vendors")
        if isinstance(plugin, VendorsPlugin):
            plugin.warm = warm
        try:
            build(cfg, serve_url=url)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap(staging, served)
        if isinstance(plugin, VendorsPlugin) and plugin.files is not None:
            session = _Session(cfg, served, inputs)

    def update() -> list[str] | None:
        nonlocal attempt
        if session is None or session.inputs != _inputs(full_build_inputs):
            full_build(None)
            return None
        attempt = session.config
        try:
            written = session.update(server.publish)
        except Exception as error:
            if session.plugin.failure is not None:
                raise
            echo(f"updating the pages failed ({error}); building the whole site")
            written = None
        if written is None or warnings.lines:  # (a warning fails a strict build: build it whole)
            warnings.lines = []
            full_build(None)
            return None
        return written

    def builder(first=None) -> None:
        start = time.perf_counter()
        warnings.lines = []
        try:
            if first is not None:
                full_build(first)
            written = None if first is not None else update()  # None: every page
        except Exception as error:  # a preview shows every failure instead of hanging
            plugin = attempt.plugins.get("vendors")
            failure = plugin.failure if isinstance(plugin, VendorsPlugin) else None
            if failure is not None:
                problems = str(failure.report)
            elif isinstance(error, Abort):
                problems = "\n".join([*warnings.lines, str(error)])
            else:
                problems = "".join(traceback.format_exception(error)).rstrip()
            server.problems, server.failure_id = problems, server.failure_id + 1
            server.changed(None)
            for line in problems.splitlines()[len(warnings.lines) if isinstance(error, Abort) else 0 :]:
                echo(line)  # (MkDocs' warnings were printed as they came)
            echo(f"build failed after {time.perf_counter() - start:.2f} s; the pages show the error")
            return
        fixed = server.problems is not None
        server.problems = None
        seconds = f"{time.perf_counter() - start:.2f} s"
        server.changed(None if fixed or written is None else written)
        if written is None:
            echo(f"{'fixed: ' if fixed else ''}built in {seconds}")
        else:
            pages = sorted(p.removesuffix("index.html") or "/" for p in written if p.endswith(".html"))
            shown = ", ".join(pages[:20]) + (f" and {len(pages) - 20} more" if len(pages) > 20 else "")
            echo(f"{'fixed: ' if fixed else ''}updated {len(pages)} pages in {seconds}: {shown or 'none'}")

    server.builder = builder
    try:
        builder(config)
        server.watch(str(Path(config.docs_dir)))
        server.watch(str(config.config_file_path))
        config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        server.on_listening = lambda: echo(f"serving on {url} (Ctrl-C stops)")  # (not before)
        try:
            server.serve()
        except KeyboardInterrupt:
            echo("stopped")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs").removeHandler(warnings)
        logging.getLogger("mkdocs.livereload").removeFilter(_not_a_request)
        shutil.rmtree(served, ignore_errors=True)
