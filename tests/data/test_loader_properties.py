"""Property tests: whatever bytes or structures arrive, the loader and validator answer with
problems, never with an exception, and every problem is one positioned line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.data.load import load_bytes
from site_builder.data.validate import validate_vendors

VALID = (Path(__file__).resolve().parents[1] / "fixtures" / "site" / "vendors" / "alpha.yaml").read_bytes()
TODAY = date(2026, 11, 22)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(raw: bytes) -> None:
    doc, problems = load_bytes(raw, "fuzz.yaml")
    if doc is None:
        assert problems, "an unreadable document must say why"
    else:
        _, report = validate_vendors([doc], today=TODAY)
        problems = problems + report.problems
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1
        assert "\n" not in str(problem)
        assert problem.severity in ("error", "warning")


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    check(raw)


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#?,% \n\t0123456789.@`~")), max_size=200))
def test_yaml_punctuation_soup(text):
    check(text.encode("utf-8"))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2026-01-01", "99.99", "yes", "no", "30d", "https://x.example.com"]),
)
keys = st.sampled_from(
    ["id", "name", "sources", "sla", "tiers", "credits", "source", "below_pct", "x", "notes"]
)
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@FAST
@given(st.dictionaries(keys, structures, max_size=6))
def test_random_structures(data):
    check(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FAST
@given(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=8))
def test_mutations_of_a_valid_file(position, insert):
    check(VALID[:position] + insert + VALID[position:])


@FAST
@given(st.integers(0, len(VALID) - 1), st.integers(1, 40))
def test_truncations_and_deletions(position, length):
    check(VALID[:position])
    check(VALID[:position] + VALID[position + length :])
