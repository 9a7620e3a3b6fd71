"""Check that the source URLs cited by vendor profiles still answer. The one module that goes online.

Input: vendor files. Output: a `Report` with one problem per broken, moved or unchecked link,
placed at the URL's file:line:col. Only `site-builder check-links` calls this, never the build or
`validate`. Each distinct URL is requested once (HEAD, then GET when HEAD is refused or answers
404: many servers get HEAD wrong), a few at a time. A 429 or 503 means "not now", so the link is
reported as not checked rather than broken; a redirect that only adds or drops a trailing slash
or upgrades http to https on the same host is not a move worth re-citing.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from site_builder.data.load import discover, display_name, load_file
from site_builder.data.validate import display_path
from site_builder.errors import Problem, Report

USER_AGENT = "ccaas-site-builder check-links (+https://example.invalid/ccaas-site-builder)"
RETRY_WITH_GET = (403, 404, 405, 501)  # servers that refuse or mishandle HEAD
RATE_LIMITED = (429, 503)  # the server asks us to come back later: not an answer about the link
NOT_CHECKED = "rate limited, not checked"
_DEFAULT_PORT = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Link:
    url: str
    file: str
    line: int
    col: int
    path: str  # e.g. sources[id=sla].url


@dataclass(frozen=True)
class Outcome:
    url: str
    status: int | None  # HTTP status, None when no answer
    final_url: str  # after redirects
    error: str | None  # why there was no answer


def collect(paths: Iterable[Path]) -> tuple[list[Link], Report]:
    """Every source URL of the vendor files, with where it is written."""
    files, problems = discover(list(paths))
    links: list[Link] = []
    all_problems = list(problems)
    for path in files:
        doc, load_problems = load_file(path, display_name(path))
        all_problems += load_problems
        if doc is None or not isinstance(doc.data, dict):
            continue
        for i, source in enumerate(doc.data.get("sources") or []):
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                loc = ("sources", i, "url")
                line, col = doc.position(loc)
                links.append(Link(source["url"], doc.file, line, col, display_path(doc.data, loc)))
    return links, Report(tuple(sorted(all_problems)))


def fetch(url: str, timeout: float) -> Outcome:
    """Ask the server about `url`: HEAD first, GET when HEAD answers 403/404/405/501."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Outcome(url, response.status, response.geturl(), None)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in RETRY_WITH_GET:
                continue
            return Outcome(url, exc.code, exc.geturl() or url, None)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return Outcome(url, None, url, str(reason) or type(exc).__name__)
    return Outcome(url, None, url, "no answer")  # not reached: GET always returns above


def check(
    links: list[Link],
    *,
    timeout: float = 10.0,
    workers: int = 8,
    fetcher: Callable[[str, float], Outcome] = fetch,
    progress: Callable[[], None] | None = None,
) -> Report:
    """Request each distinct URL once; a 4xx/5xx or no answer is an error, a move or a 429/503 (not
    checked) is a warning."""
    urls = sorted({link.url for link in links})
    bad_scheme = {u for u in urls if not u.startswith(("http://", "https://"))}
    outcomes: dict[str, Outcome] = {u: Outcome(u, None, u, "not an http(s) URL") for u in bad_scheme}

    def one(url: str) -> Outcome:
        outcome = fetcher(url, timeout)
        if progress:
            progress()
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for outcome in pool.map(one, [u for u in urls if u not in bad_scheme]):
            outcomes[outcome.url] = outcome
    problems = []
    for link in links:
        o = outcomes[link.url]
        if o.error is not None:
            problems.append(
                Problem(link.file, link.line, link.col, "error", link.path, f"no answer: {o.error}")
            )
        elif o.status in RATE_LIMITED:
            message = f"{NOT_CHECKED} (HTTP {o.status}); run check-links again later"
            problems.append(Problem(link.file, link.line, link.col, "warning", link.path, message))
        elif o.status is not None and o.status >= 400:
            problems.append(Problem(link.file, link.line, link.col, "error", link.path, f"HTTP {o.status}"))
        elif moved(link.url, o.final_url):
            message = f"moved to {o.final_url}; cite the new address (and keep the retrieved date honest)"
            problems.append(Problem(link.file, link.line, link.col, "warning", link.path, message))
    return Report(tuple(sorted(problems)))


def moved(url: str, final: str) -> bool:
    """Whether a redirect went somewhere else: not when it only adds or drops a trailing slash, or
    upgrades http to https on the same host (and default port)."""
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(final)
    if (a.scheme, b.scheme) not in (("http", "http"), ("https", "https"), ("http", "https")):
        return True
    ports = (a.port or _DEFAULT_PORT[a.scheme], b.port or _DEFAULT_PORT[b.scheme])
    same_host = a.hostname == b.hostname and (ports[0] == ports[1] or ports == (80, 443))
    return not (same_host and a.path.rstrip("/") == b.path.rstrip("/") and a.query == b.query)


def not_checked(problem: Problem) -> bool:
    """A link the server would not answer about now (429/503), as `check` reports it."""
    return problem.message.startswith(NOT_CHECKED)
