"""`site-builder check-links` against a local HTTP server (tests never reach the internet)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli

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
    requests: list[tuple[str, str]] = []

    def _answer(self) -> None:
        Handler.requests.append((self.command, self.path))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/nohead":
            self.send_response(405 if self.command == "HEAD" else 200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, format, *args):  # noqa: A002
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
    # Each distinct URL once (the twice-cited one too); GET only after a refused HEAD, and for the
    # redirect's target (urllib follows a redirect with GET).
    assert sorted(Handler.requests) == sorted([
        ("HEAD", "/ok"), ("HEAD", "/gone"), ("HEAD", "/moved"), ("GET", "/ok"), ("HEAD", "/nohead"), ("GET", "/nohead"),
    ])  # fmt: skip


def test_no_answer_and_non_http_urls_are_errors(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendors").mkdir()
    text = VENDOR.format(base="http://127.0.0.1:9").replace("http://127.0.0.1:9/ok", "ftp://files.example.com/x")
    (tmp_path / "vendors" / "acme.yaml").write_text(text)
    result = CliRunner().invoke(cli, ["check-links", "--timeout", "2"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "vendors/acme.yaml:11:10: error: sources[id=ok].url: no answer: not an http(s) URL"
    assert lines[1].startswith("vendors/acme.yaml:16:10: error: sources[id=gone].url: no answer: ")
