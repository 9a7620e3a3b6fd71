"""`site-builder serve`: live preview on MkDocs' live-reload server (the second engine adapter, beside plugin.py).

Input: the MkDocs configuration. Output: a server on `dev_addr` that rebuilds when the docs, vendor
files, scoring.yaml or templates change. It differs from `mkdocs serve` where a preview must never
leave its reader waiting: it prints its address and one line per rebuild with its time; a rebuild
that fails prints the validator's `file:line:col` lines and every page then shows them (HTTP 500,
with a link to the last good version of the page, which stays served), until a rebuild succeeds and
the browser reloads by itself. No request waits for a failed build: the server's build loop never
sees an exception (with `mkdocs serve`, every request hangs until the files are fixed). Each build
goes into a new folder that replaces the served one only once it succeeded.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from site_builder.plugin import FAILURE_PREFIX, VendorsPlugin, swap

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
    """MkDocs' live-reload server that shows the current build error instead of the pages."""

    problems: str | None = None  # the failed build's report; None while the site is good
    failure_id: int = 0  # which failure the ?last-good cookie was given for

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
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

    def builder(first=None) -> None:
        start = time.perf_counter()
        staging = Path(tempfile.mkdtemp(prefix="site-builder-serve-next-"))
        cfg = first or get_config(staging)
        cfg.site_dir = str(staging)
        cfg.site_url = url
        warnings.lines = []
        try:
            build(cfg, serve_url=url)
        except Exception as error:  # a preview shows every failure instead of hanging
            shutil.rmtree(staging, ignore_errors=True)
            plugin = cfg.plugins.get("vendors")
            failure = plugin.failure if isinstance(plugin, VendorsPlugin) else None
            if failure is not None:
                problems = str(failure.report)
            elif isinstance(error, Abort):
                problems = "\n".join([*warnings.lines, str(error)])
            else:
                problems = "".join(traceback.format_exception(error)).rstrip()
            server.problems, server.failure_id = problems, server.failure_id + 1
            for line in problems.splitlines()[len(warnings.lines) if isinstance(error, Abort) else 0 :]:
                echo(line)  # (MkDocs' warnings were printed as they came)
            echo(f"build failed after {time.perf_counter() - start:.2f} s; the pages show the error")
            return
        swap(staging, served)
        fixed = server.problems is not None
        server.problems = None
        echo(f"{'fixed: ' if fixed else ''}built in {time.perf_counter() - start:.2f} s")

    server.builder = builder
    try:
        builder(None)
        server.watch(str(Path(config.docs_dir)))
        server.watch(str(config.config_file_path))
        config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        echo(f"serving on {url} (Ctrl-C stops)")
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
