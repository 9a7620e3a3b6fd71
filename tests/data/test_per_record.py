"""`PerRecord`: a result derived from one immutable record, worked out once while the record lives."""

from __future__ import annotations

import gc

from site_builder.data.per_record import PerRecord


class Record:  # any object that takes weak references, as every model record does
    def __init__(self, value: int) -> None:
        self.value = value


def test_a_record_is_worked_out_once_per_key_and_forgotten_when_freed():
    kept: PerRecord[int] = PerRecord()
    calls: list[tuple[int, str]] = []

    def doubled(record: Record, key: str) -> int:
        calls.append((record.value, key))
        return record.value * 2

    def ask(record: Record, key: str) -> int:
        return kept.get(record, lambda: doubled(record, key), key)

    a, equal = Record(3), Record(3)  # equal in value, another record: worked out on its own
    assert (ask(a, "x"), ask(a, "x"), ask(a, "y"), ask(equal, "x")) == (6, 6, 6, 6)
    assert calls == [(3, "x"), (3, "y"), (3, "x")]
    assert len(kept) == 3
    del a
    gc.collect()
    assert len(kept) == 1  # the freed record's entries are gone; its id may now name another record
    assert ask(Record(5), "x") == 10
