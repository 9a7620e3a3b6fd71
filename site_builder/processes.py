"""Work on the second core: a forked process that does part of a build's work while this one does
the rest. Used by the read stage (`data.read`) and the recipe (`build`); under `serve` (threads)
and on one core nothing forks and the work is done here. This module imports nothing of ours.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(work: Callable[[], T], *, nice: int = 0) -> Callable[[], T]:
    """`work()` done in a forked process (the caller checks `may_fork`), `nice` steps below this
    one's priority; the returned function waits for its result. A child that fails, or whose result
    cannot be sent, leaves the work to this process: the result is the same either way, and an
    error in `work` is raised here."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            if nice:
                _lower_priority(nice)
            send.send(work())
        finally:
            send.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()

    def wait() -> T:
        try:
            made = receive.recv()
        except EOFError:  # the child failed: its error, if any, comes again from here
            made = None
        finally:
            receive.close()
            process.join()
        return made if made is not None else work()

    return wait


def _lower_priority(steps: int) -> None:
    """This process `steps` nice steps below its parent; under a real-time policy (which ignores
    nice values), back to the normal one first."""
    if hasattr(os, "sched_setscheduler") and os.sched_getscheduler(0) != os.SCHED_OTHER:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    os.nice(steps)


def may_fork() -> bool:
    """Whether forking is safe and of use: fork exists, there is a second core, and no other thread
    runs (a fork copies only the calling thread: a lock another one held would stay held)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


class Share:
    """Indices 0 to n-1 that two processes take turns at, one from the front, the other from the
    back, until they meet (in memory both share after a fork)."""

    def __init__(self, n: int) -> None:
        self._ends = multiprocessing.get_context("fork").Array("i", [0, n])

    def take(self, *, last: bool) -> int | None:
        with self._ends.get_lock():
            front, back = self._ends[0], self._ends[1]
            if front >= back:
                return None
            if last:
                self._ends[1] = back - 1
                return back - 1
            self._ends[0] = front + 1
            return front
