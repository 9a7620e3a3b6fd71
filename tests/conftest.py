"""Shared test set-up. Keep this file to generic fixtures; stage-specific helpers live in their test module."""

from __future__ import annotations

import ipaddress
import socket

import pytest

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkBlocked(RuntimeError):
    """A test tried to reach another host. Tests run offline: serve what they need on 127.0.0.1."""


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").split("%")[0]  # "[::1]", "fe80::1%eth0"
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check(address: object) -> None:
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local(host):
        raise NetworkBlocked(f"tests may only connect to localhost, not {address!r}")


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """The user cache (`data/schema_cache.py`) in a temporary directory, for this process and the
    commands it starts: no test reads or writes the real ~/.cache."""
    import os

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Block connections to anything but loopback (check-jsonschema style), so no test reaches the internet.

    Unix sockets and listening sockets are untouched; `create_connection` is refused before its DNS lookup."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create_connection = socket.create_connection

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return real_connect_ex(self, address)

    def create_connection(address: tuple, *args: object, **kwargs: object) -> socket.socket:
        _check(address)
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture
def comparison_of():
    """`comparison_of(vendors, today=...)` -> the `Comparison` the pages read, scored with the real
    scoring.yaml (robustness with 500 samples, enough for tests and quick)."""
    from datetime import date
    from pathlib import Path

    from site_builder.comparison import Comparison
    from site_builder.scoring.criteria import load_criteria
    from site_builder.scoring.robustness import analyse_all
    from site_builder.scoring.score import score_vendors

    criteria = load_criteria(Path(__file__).resolve().parent.parent / "scoring.yaml")

    def make(vendors, today=date(2026, 11, 1)):
        board = score_vendors(tuple(vendors), criteria, today=today)
        return Comparison(
            tuple(board_sorted(vendors)), criteria, board, analyse_all(board, samples=500), today
        )

    def board_sorted(vendors):
        return sorted(vendors, key=lambda v: v.id)

    return make


@pytest.fixture
def may_fork(monkeypatch):
    """Forking allowed as on a quiet two-core machine (site_builder/processes.py): pytest-xdist runs
    threads, which would otherwise keep a build in one process; skipped where there is no fork."""
    from site_builder import processes

    if "fork" not in processes.multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(processes.threading, "active_count", lambda: 1)
    monkeypatch.setattr(processes.os, "cpu_count", lambda: 2)
