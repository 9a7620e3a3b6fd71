"""Benchmark: how long after saving a vendor file `site-builder serve` shows the change, with 50
vendors, next to plain `mkdocs serve` after saving one page of the baseline (bench/synthetic.py's
`write_baseline`: as many hand-written ~4 kB pages). Target: 1 s (median of EDITS edits).

Each server runs as a subprocess on a free 127.0.0.1 port, on a project in a temporary directory.
Once it serves, the bench renames one vendor (its `name:` line; for the baseline, the `# Title` line of
one page outside the nav) and polls the page over HTTP until the new name appears, as a reload in a
browser would see it. For our server it also gives the time of the update itself and how many
pages it rewrote, from the line it prints per update. MkDocs' watcher polls the disk every 0.5 s and waits 0.1 s for more changes
before it rebuilds, so both figures include up to 0.6 s of that. A third row serves the same project
as a git checkout with HISTORY_COMMITS commits of vendor data (the edit itself stays uncommitted).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.synthetic import commit_history, rename_vendor, retitle_baseline, write_baseline, write_project

VENDORS = 50
EDITS = 5
TARGET = 1.0
VENDOR = "vendor-0007"
PLAIN_PAGE = 30  # a baseline page outside its nav, as our vendor pages are
STARTUP_TIMEOUT = 300.0
EDIT_TIMEOUT = 60.0
HISTORY_COMMITS = 20  # a checkout with history: the "What changed" page reads it
SETTLE = 1.0  # after a change shows, let the rest of the rebuild finish before the next edit
UPDATED = re.compile(r"^updated (\d+) pages in ([\d.]+) s", re.M)  # serve's line per update


def free_port() -> int:
    # `mkdocs serve` does not accept port 0; a port the OS just handed out is free in practice.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@contextlib.contextmanager
def serving(command: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen]:
    """Run a server; on exit stop it with Ctrl-C (so MkDocs removes its temporary site), then kill."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_for(url: str, done: Callable[[str], bool], timeout: float, process: subprocess.Popen) -> float:
    """Poll `url` until `done(body)`; returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        body = fetch(url)
        if body is not None and done(body):
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError(f"{url}: no change after {timeout:.0f} s")


def edit_times(
    command: list[str], cwd: Path, page: str, edit: Callable[[str], None], log: Path
) -> list[float]:
    """Seconds from saving each edit to the page at `page` showing it, EDITS times."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving([*command, "-a", f"127.0.0.1:{port}"], cwd, log) as process:
        try:
            wait_for(base + page, lambda body: True, STARTUP_TIMEOUT, process)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{error}; server log:\n{log.read_text(errors='replace')[-3000:]}") from None
        time.sleep(SETTLE)  # the watcher takes its first snapshot of the files after the first build
        times = []
        for i in range(EDITS):
            name = f"Renamed Vendor {i} {time.monotonic_ns()}"
            start = time.perf_counter()
            edit(name)
            wait_for(base + page, lambda body, name=name: name in body, EDIT_TIMEOUT, process)
            times.append(time.perf_counter() - start)
            time.sleep(SETTLE + times[-1])
    return times


def main() -> None:
    python = sys.executable
    ours_cmd = [python, "-c", "from site_builder.cli.main import main; main()", "serve", "-f", "mkdocs.yml"]
    plain_cmd = [python, "-m", "mkdocs", "serve", "-f", "mkdocs.yml"]
    page = f"/vendors/{VENDOR}/"
    load = os.getloadavg()[0]  # other work on the machine moves these figures
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = Path(tmp)
        ours, plain, in_git = root / "ours", root / "plain", root / "ours-git"
        write_project(ours, VENDORS)
        plain_config = write_baseline(plain, VENDORS + 24)
        write_project(in_git, VENDORS)
        commit_history(in_git, HISTORY_COMMITS)

        def retitle(name: str) -> None:
            retitle_baseline(plain_config, PLAIN_PAGE, name)

        rows = [
            (
                "plain mkdocs serve, edit one page",
                edit_times(plain_cmd, plain, f"/pages/page-{PLAIN_PAGE:04d}/", retitle, root / "plain.log"),
            ),
            (
                "site-builder serve, edit one vendor",
                edit_times(
                    ours_cmd,
                    ours,
                    page,
                    lambda name: rename_vendor(ours / "vendors" / f"{VENDOR}.yaml", name),
                    root / "ours.log",
                ),
            ),
            (
                f"  the same in git ({HISTORY_COMMITS} data commits)",
                edit_times(
                    ours_cmd,
                    in_git,
                    page,
                    lambda name: rename_vendor(in_git / "vendors" / f"{VENDOR}.yaml", name),
                    root / "git.log",
                ),
            ),
        ]
        logs = [(root / name).read_text(errors="replace") for name in ("ours.log", "git.log")]
    print(
        f"{VENDORS} vendors; seconds from saving the file to the vendor page showing the change, {EDITS} edits "
        f"({os.cpu_count()} CPUs, load average {load:.2f} at start)"
    )
    print(
        f"{'server':40} {'best':>6} {'median':>7} {'worst':>6} {'x plain':>8}  target <= {TARGET:.0f} s (median)"
    )
    base = statistics.median(rows[0][1])
    for i, (label, times) in enumerate(rows):
        median = statistics.median(times)
        verdict = "" if i == 0 else ("OK" if median <= TARGET else "MISSED")
        print(f"{label:40} {min(times):6.2f} {median:7.2f} {max(times):6.2f} {median / base:8.2f}  {verdict}")
    for label, log in (("site-builder serve", logs[0]), ("  the same in git", logs[1])):
        updates = [(float(m[2]), int(m[1])) for m in UPDATED.finditer(log)]
        if updates:
            seconds, pages = (
                statistics.median(s for s, _ in updates),
                statistics.median(p for _, p in updates),
            )
            print(
                f"{label}: the server's own update took {seconds:.2f} s (median), rewriting {pages:.0f} pages"
            )


if __name__ == "__main__":
    main()
