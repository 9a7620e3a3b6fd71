"""`site-builder check-links` against a local HTTP server (tests never reach the internet)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli
from site_builder.outputs.links import Link, Outcome, check, not_checked

VENDOR = """\
id: acme
name: Acme
products: [Acme CX]
website: https://acme.example.com
last_reviewed: 2026-10-01
sources:
  - id: ok
    title: Terms
    kind: public_terms
    retrieved: 2026-10-01
    url: {base}/ok
  - id: gone
    title: Old SLA
    kind: public_terms
    retrieved: 2026-10-01
    url: {base}/gone
  - id: moved
    title: Moved page
    kind: marketing
    retrieved: 2026-10-01
    url: {base}/moved
  - id: nohead
    title: A server that refuses HEAD
    kind: marketing
    retrieved: 2026-10-01
    url: {base}/nohead
  - id: again
    title: The same terms, cited twice
    kind: public_terms
    retrieved: 2026-10-01
    url: {base}/ok
sla: {{source: ok}}
support: {{source: gone}}
downtime: {{source: moved}}
pricing: {{source: nohead}}
security: {{source: again}}
"""


class Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def _answer(self) -> None:
        Handler.requests.append((self.command, self.path))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/nohead":
            self.send_response(405 if self.command == "HEAD" else 200)
        elif self.path in ("/head404", "/head403"):  # servers that get HEAD wrong
            self.send_response(int(self.path[-3:]) if self.command == "HEAD" else 200)
        elif self.path in ("/limited", "/busy"):
            self.send_response(429 if self.path == "/limited" else 503)
            self.send_header("Retry-After", "120")
        elif self.path in ("/dir", "/page/"):  # only a trailing slash added or dropped
            self.send_response(301)
            self.send_header("Location", "/dir/" if self.path == "/dir" else "/page")
        elif self.path in ("/dir/", "/page"):
            self.send_response(200)
        elif self.path == "/elsewhere":  # same path, another host
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/ok")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, format, *args):
        pass


@pytest.fixture
def base_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_broken_and_moved_links_are_placed_at_their_url(tmp_path: Path, base_url, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendors").mkdir()
    (tmp_path / "vendors" / "acme.yaml").write_text(VENDOR.format(base=base_url))
    result = CliRunner().invoke(cli, ["check-links"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "vendors/acme.yaml:16:10: error: sources[id=gone].url: HTTP 404",
        f"vendors/acme.yaml:21:10: warning: sources[id=moved].url: moved to {base_url}/ok; "
        "cite the new address (and keep the retrieved date honest)",
    ]
    assert "1 broken, 1 moved, 5 links checked" in result.stderr
    # Each distinct URL once (the twice-cited one too); GET only after a refused HEAD or a 404 to
    # HEAD, and for the redirect's target (urllib follows a redirect with GET).
    assert sorted(Handler.requests) == sorted(
        [
            ("HEAD", "/ok"),
            ("HEAD", "/gone"),
            ("GET", "/gone"),
            ("HEAD", "/moved"),
            ("GET", "/ok"),
            ("HEAD", "/nohead"),
            ("GET", "/nohead"),
        ]
    )


SOURCES = """\
id: acme
name: Acme
sources:
""" + "".join(
    f"""\
  - id: {name}
    title: {name}
    kind: marketing
    retrieved: 2026-10-01
    url: {{base}}/{name}
"""
    for name in ("head404", "head403", "limited", "busy", "dir", "page/", "elsewhere")
)


def test_head_errors_are_retried_with_get_rate_limits_are_not_checked_and_slashes_are_no_move(
    tmp_path: Path, base_url, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme.yaml").write_text(SOURCES.format(base=base_url))
    result = CliRunner().invoke(cli, ["check-links", "acme.yaml"])
    port = base_url.rsplit(":", 1)[1]
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "acme.yaml:18:10: warning: sources[id=limited].url: rate limited, not checked (HTTP 429); "
        "run check-links again later",
        "acme.yaml:23:10: warning: sources[id=busy].url: rate limited, not checked (HTTP 503); "
        "run check-links again later",
        f"acme.yaml:38:10: warning: sources[id=elsewhere].url: moved to http://localhost:{port}/ok; "
        "cite the new address (and keep the retrieved date honest)",
    ]
    assert (
        result.stderr.splitlines()[-1] == "0 broken, 1 moved, 2 not checked (rate limited), 7 links checked"
    )
    # A rate-limited server is not asked again at once; a 404 or 403 to HEAD is asked with GET.
    assert sorted(Handler.requests) == sorted(
        [
            ("HEAD", "/head404"),
            ("GET", "/head404"),
            ("HEAD", "/head403"),
            ("GET", "/head403"),
            ("HEAD", "/limited"),
            ("HEAD", "/busy"),
            ("HEAD", "/dir"),
            ("GET", "/dir/"),
            ("HEAD", "/page/"),
            ("GET", "/page"),
            ("HEAD", "/elsewhere"),
            ("GET", "/ok"),
        ]
    )
    assert CliRunner().invoke(cli, ["check-links", "acme.yaml", "--strict"]).exit_code == 1  # for the move
    (tmp_path / "acme.yaml").write_text(SOURCES.format(base=base_url).split("  - id: dir")[0])
    limited = CliRunner().invoke(cli, ["check-links", "acme.yaml", "--strict"])
    assert limited.exit_code == 0  # a rate limit says nothing about the link, even under --strict
    assert (
        limited.stderr.splitlines()[-1] == "0 broken, 0 moved, 2 not checked (rate limited), 4 links checked"
    )


def test_an_https_upgrade_on_the_same_host_is_no_move():
    """http -> https on the same host is no move; to another host, or https -> http, it is (a local
    server cannot answer https, so the outcomes are given)."""
    links = [
        Link(f"http://{host}/terms", "v.yaml", n, 10, f"sources[{n}].url")
        for n, host in enumerate(("a.example", "b.example", "c.example"))
    ]
    links.append(Link("https://d.example/terms", "v.yaml", 3, 10, "sources[3].url"))
    finals = {
        "http://a.example/terms": "https://a.example/terms/",
        "http://b.example/terms": "https://www.b.example/terms",
        "http://c.example/terms": "http://c.example/terms",
        "https://d.example/terms": "http://d.example/terms",
    }
    report = check(links, fetcher=lambda url, _: Outcome(url, 200, finals[url], None))
    assert [f"{p.line}: {p.message.split(';')[0]}" for p in report.problems] == [
        "1: moved to https://www.b.example/terms",
        "3: moved to http://d.example/terms",
    ]
    limited = check(links[:1], fetcher=lambda url, _: Outcome(url, 503, url, None))
    assert [(p.severity, not_checked(p)) for p in limited.problems] == [("warning", True)]


def test_no_answer_and_non_http_urls_are_errors(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendors").mkdir()
    text = VENDOR.format(base="http://127.0.0.1:9").replace(
        "http://127.0.0.1:9/ok", "ftp://files.example.com/x"
    )
    (tmp_path / "vendors" / "acme.yaml").write_text(text)
    result = CliRunner().invoke(cli, ["check-links", "--timeout", "2"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "vendors/acme.yaml:11:10: error: sources[id=ok].url: no answer: not an http(s) URL"
    assert lines[1].startswith("vendors/acme.yaml:16:10: error: sources[id=gone].url: no answer: ")
