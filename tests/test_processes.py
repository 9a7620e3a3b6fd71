"""Work on the second core (site_builder/processes.py)."""

from __future__ import annotations

import os

from site_builder import processes


def test_work_beside_runs_in_another_process_at_the_priority_asked(may_fork):
    here = os.nice(0)
    assert processes.beside(lambda: (os.getpid(), os.nice(0)))() != (os.getpid(), here)
    pid, niceness = processes.beside(lambda: (os.getpid(), os.nice(0)), nice=5)()
    assert pid != os.getpid() and niceness == min(here + 5, 19)
    assert processes.beside(lambda: os.nice(0))() == here  # without `nice`, the same as this one


def test_the_share_meets_in_the_middle_with_every_index_taken_once():
    share = processes.Share(5)
    taken = [share.take(last=True), share.take(last=False), share.take(last=True), share.take(last=False)]
    assert taken == [4, 0, 3, 1]
    assert share.take(last=False) == 2
    assert share.take(last=True) is None and share.take(last=False) is None
    assert processes.Share(0).take(last=False) is None
