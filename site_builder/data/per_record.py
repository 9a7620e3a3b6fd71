"""Results worked out from one validated record, kept for as long as that record lives.

A record is immutable, and `serve` keeps each unchanged vendor file's record from one edit to the
next (`read.ReadCache`): whatever is derived from the record alone (its open questions, its metrics
under given settings) is then worked out once per record, not once per page or per edit. Entries
are keyed by the record's identity, never by value (hashing a whole profile costs more than most of
what it would save), and leave when the record is freed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class PerRecord(Generic[V]):
    """`get(record, compute)`: compute() the first time for this record (and `key`), the kept value after."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, Hashable], tuple[weakref.ref, V]] = {}

    def get(self, record: Any, compute: Callable[[], V], key: Hashable = None) -> V:
        slot = (id(record), key)
        held = self._kept.get(slot)
        if held is not None and held[0]() is record:
            return held[1]
        value = compute()
        kept = self._kept

        def forget(_: weakref.ref) -> None:
            kept.pop(slot, None)

        kept[slot] = (weakref.ref(record, forget), value)
        return value

    def __len__(self) -> int:
        return len(self._kept)
