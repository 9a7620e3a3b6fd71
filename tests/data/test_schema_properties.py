"""Property tests at the schema level: a valid profile with one field given a random value, of its
own type or of another, validates cleanly or answers with positioned problems, never an exception;
and a profile that validates builds every page."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import render_site
from site_builder.data.load import load_bytes, load_file
from site_builder.data.validate import validate_vendors

ROOT = Path(__file__).resolve().parents[2]
RICH = ROOT / "tests" / "fixtures" / "vendors" / "valid" / "rich.yaml"
TEMPLATES = ROOT / "templates"
TODAY = date(2026, 11, 22)
BASE: Any = load_file(RICH, "rich.yaml")[0].data  # type: ignore[union-attr]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field and list item of the profile (containers too, so a whole section can be replaced)."""
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


PATHS = _paths(BASE)


def _get(path: tuple[Any, ...]) -> Any:
    node = BASE
    for key in path:
        node = node[key]
    return node


def _with(path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(BASE)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            "   ",
            "0.9999",
            "99.99",
            "30d",
            "2026-01-01",
            "2099-01-01",
            "https://x.test",
            "TODO",
            "\u202e",
            "\x1b",
        ]
    ),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.sampled_from(["name", "source", "x", "id"]), st.text(max_size=10), max_size=2),
)


def same_kind(original: Any) -> st.SearchStrategy[Any]:
    """A value of the original's type: what a careless but well-meaning edit produces."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, int):
        return st.integers(-5, 10**6)
    if isinstance(original, float):
        return st.floats(-1, 200, allow_nan=False)
    if isinstance(original, str):
        return st.text(max_size=90)
    return st.nothing()


@st.composite
def edits(draw: st.DrawFn) -> tuple[tuple[Any, ...], Any]:
    path = draw(st.sampled_from(PATHS))
    return path, draw(st.one_of(same_kind(_get(path)), ANY))


def validate(data: Any):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc, problems = load_bytes(text.encode("utf-8"), "rich.yaml")
    assert doc is not None, problems
    vendors, report = validate_vendors([doc], today=TODAY)
    return vendors, (*problems, *report.problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_any_value_in_any_field_validates_or_gives_positioned_problems(edit):
    vendors, problems = validate(_with(*edit))
    for problem in problems:
        assert problem.file == "rich.yaml" and problem.line >= 1 and problem.col >= 1
        assert problem.severity in ("error", "warning") and problem.message
        assert "\n" not in str(problem)
    if not [p for p in problems if p.severity == "error"]:
        assert len(vendors) == 1  # no error: the profile is a record, none is dropped silently


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edits())
def test_what_validates_builds(comparison_of, edit):
    vendors, _ = validate(_with(*edit))
    if vendors:
        pages = render_site(comparison_of(vendors), TEMPLATES)
        assert any(page.uri == f"vendors/{vendors[0].id}.md" for page in pages)  # an edited id renames it
