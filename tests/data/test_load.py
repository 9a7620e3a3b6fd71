"""load.py: YAML bytes -> plain values with the 1-based position of every key and value, or one
clear problem; never an exception, never anything but plain data."""

from __future__ import annotations

import math
import os
import socket
from pathlib import Path

import pytest

from site_builder.data.load import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_VALUES,
    discover,
    display_name,
    load_bytes,
    load_file,
)

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "tests" / "fixtures" / "vendors" / "invalid"
VALID = ROOT / "tests" / "fixtures" / "vendors" / "valid"
CASES = sorted(p.stem for p in INVALID.glob("*.yaml"))

# Corpus cases the loader itself refuses; every other case must load and fail later, in validation.
REJECTED_BY_LOADER = {
    "alias-bomb",
    "bad-indentation",
    "comments-only",
    "complex-key",
    "control-character",
    "deep-nesting",
    "duplicate-key",
    "empty",
    "non-utf8",
    "not-a-mapping",
    "recursive-alias",
    "scalar-document",
    "syntax-error",
    "tab-indentation",
    "two-documents",
    "undefined-alias",
    "unknown-tag",
    "unsafe-tag",
    "utf16",
}


def load(text: str | bytes):
    return load_bytes(text.encode("utf-8") if isinstance(text, str) else text, "t.yaml")


def data_of(text: str):
    doc, problems = load(text)
    assert problems == (), problems
    return doc.data


def message_of(text: str | bytes) -> str:
    doc, problems = load(text)
    assert doc is None and len(problems) == 1
    return str(problems[0])


# --- the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_at_the_loader(case):
    path = INVALID / f"{case}.yaml"
    doc, problems = load_file(path, path.relative_to(ROOT).as_posix())
    if case in REJECTED_BY_LOADER:
        expected = (INVALID / f"{case}.expected").read_text(encoding="utf-8")
        assert doc is None
        assert "".join(f"{p}\n" for p in problems) == expected
        assert len(problems) == 1 and problems[0].path == ""
    else:
        assert problems == ()
        assert isinstance(doc.data, dict) and doc.values and doc.keys


def test_rejected_cases_exist():
    assert set(CASES) >= REJECTED_BY_LOADER


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_files_load(path):
    doc, problems = load_file(path)
    assert problems == ()
    assert doc.file == str(path) and doc.stem == path.stem
    assert doc.data["id"] == path.stem


# --- positions ---------------------------------------------------------------------------------


def test_positions_are_one_based_for_keys_and_values():
    doc, _ = load("id: acme\nsla:\n  tiers:\n    - name: A\n      credits: [{below_pct: 99}]\n")
    assert doc.keys[("id",)] == (1, 1)
    assert doc.values[("id",)] == (1, 5)
    assert doc.values[()] == (1, 1)
    assert doc.keys[("sla", "tiers")] == (3, 3)
    assert doc.values[("sla", "tiers", 0)] == (4, 7)  # the item's mapping starts at its first key
    assert doc.keys[("sla", "tiers", 0, "name")] == (4, 7)
    assert doc.values[("sla", "tiers", 0, "name")] == (4, 13)
    assert doc.values[("sla", "tiers", 0, "credits", 0)] == (5, 17)
    assert doc.values[("sla", "tiers", 0, "credits", 0, "below_pct")] == (5, 29)


def test_position_of_an_unwritten_path_is_its_nearest_written_parent():
    doc, _ = load("# header\nsla:\n  tiers:\n    - name: A\n")
    assert doc.position(("sla", "tiers", 0, "claim_window", "within")) == (4, 7)
    assert doc.position(("pricing", "currency")) == (2, 1)  # the document mapping
    assert doc.position(()) == (2, 1)


def test_position_of_a_key_or_of_its_value():
    doc, _ = load("sla:\n  colour:   blue\n")
    assert doc.position(("sla", "colour"), key=True) == (2, 3)
    assert doc.position(("sla", "colour")) == (2, 13)
    assert doc.position(("sla", "size"), key=True) == (2, 3)  # no such key: the mapping


def test_positions_count_characters_not_bytes_and_skip_a_byte_order_mark():
    doc, _ = load("\ufeffname: Société\nnote: ünïcode\n".encode())
    assert doc.data == {"name": "Société", "note": "ünïcode"}
    assert doc.values[("note",)] == (2, 7)


def test_values_in_block_scalars_and_flow_collections():
    doc, _ = load("notes: |\n  two\n  lines\nregions: [us,  eu]\n")
    assert doc.data == {"notes": "two\nlines\n", "regions": ["us", "eu"]}
    assert doc.values[("notes",)] == (1, 8)
    assert doc.values[("regions", 1)] == (4, 16)


# --- scalars: YAML 1.2 core schema, nothing coerced behind the author's back ---------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("~", None),
        ("null", None),
        ("", None),
        ("2026-02-30", "2026-02-30"),  # dates stay text; the model parses them
        ("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
        ("12", 12),
        ("-3", -3),
        ("+7", 7),
        ("0o17", 15),
        ("0x1F", 31),
        ("017", 17),  # YAML 1.2: decimal, not octal
        ("1_000", "1_000"),
        ("99.95", 99.95),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        (".inf", float("inf")),
        ("-.Inf", float("-inf")),
        ("12:30", "12:30"),  # YAML 1.1 would read 750 (base 60)
        ("'12'", "12"),
        ('"true"', "true"),
        ("!!str 12", "12"),
        ("! 12", "12"),
        ("1" * 41, "1" * 41),  # too long to be a number we would believe
    ],
)
def test_scalars(text, value):
    assert data_of(f"v: {text}\n") == {"v": value}


def test_not_a_number_stays_a_float():
    assert math.isnan(data_of("v: .nan\n")["v"])


def test_keys_are_always_text():
    assert data_of("1: a\ntrue: b\nnull: c\n2026-01-01: d\n") == {
        "1": "a",
        "true": "b",
        "null": "c",
        "2026-01-01": "d",
    }


# --- hostile and broken input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/tuple",
        "!!binary",
        "!!timestamp",
        "!!float",
        "!!int",
        "!!map",
        "!custom",
    ],
)
def test_every_tag_but_str_is_refused(tag):
    message = message_of(f"a: {tag} 'x'\n")
    assert message == f"t.yaml:1:4: error: unsupported YAML tag '{tag}'; vendor files hold plain values only"


def test_tags_on_collections_are_refused():
    assert "unsupported YAML tag '!!set'" in message_of("a: !!set {x: null}\n")
    assert "unsupported YAML tag '!!python/tuple'" in message_of("a: !!python/tuple [1, 2]\n")
    assert "unsupported YAML tag '!!omap'" in message_of("a: !!omap [b: 1]\n")


def test_plain_collection_tags_are_accepted():
    assert data_of("a: !!map {b: !!seq [1]}\n") == {"a": {"b": [1]}}


def test_an_unsafe_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"name: !!python/object/apply:os.system ['touch {marker}']\n"
    assert "unsupported YAML tag" in message_of(text)
    assert not marker.exists()


def test_anchors_and_aliases_within_limits_are_plain_copies():
    data = data_of("a: &x {k: [1, 2]}\nb: *x\nc: &s text\nd: *s\n")
    assert data == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": "text", "d": "text"}


def test_alias_bomb_stops_at_the_value_limit():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    message = message_of("\n".join(lines) + "\n")
    assert message.endswith(f"error: document expands to more than {MAX_VALUES:,} values (nested aliases?)")


def test_many_aliases_of_a_small_anchor_are_fine():
    data = data_of("a: &a [1, 2]\nb: [" + ", ".join(["*a"] * 1000) + "]\n")
    assert len(data["b"]) == 1000


def test_alias_inside_its_own_anchor_is_refused():
    assert (
        message_of("a: &a {b: *a}\n")
        == "t.yaml:1:11: error: alias '*a' refers to a collection that contains it"
    )


def test_alias_without_anchor_is_refused():
    assert (
        message_of("a: *nowhere\n")
        == "t.yaml:1:4: error: alias '*nowhere' has no anchor '&nowhere' before it"
    )


@pytest.mark.parametrize("flow", [False, True])
def test_nesting_up_to_the_limit_is_fine_and_beyond_it_is_refused(flow):
    def nested(depth: int) -> str:
        if flow:
            return "[" * depth + "]" * depth + "\n"
        return "".join(f"{'  ' * i}k:\n" for i in range(depth)) + "  " * depth + "k: 1\n"

    inside_root = MAX_DEPTH - 1  # the document mapping is the first level
    doc, problems = load(nested(inside_root) if not flow else "a: " + nested(inside_root))
    assert problems == () and doc is not None
    text = nested(MAX_DEPTH) if not flow else "a: " + nested(MAX_DEPTH)
    assert message_of(text).endswith(f"error: nested more than {MAX_DEPTH} levels deep")


def test_very_deep_nesting_does_not_recurse():
    # PyYAML 6.0.4's bundled libyaml refuses more than 1,000 open flow collections in its
    # scanner, before our event loop sees the 65th; older ones hand us the events. Either
    # way the file is refused with one line at line 1, not a crash.
    message = message_of(b"a: " + b"[" * 100_000)
    assert message.startswith("t.yaml:1:")
    assert message.endswith(
        ("error: nested more than 64 levels deep", "error: YAML syntax error: exceeded maximum nesting depth")
    )


def test_duplicate_keys_are_refused_at_any_depth():
    assert (
        message_of("a:\n  b: 1\n  c: 2\n  b: 3\n")
        == "t.yaml:4:3: error: duplicate key 'b' (first defined on line 2)"
    )
    assert message_of("{a: 1, 'a': 2}\n") == "t.yaml:1:8: error: duplicate key 'a' (first defined on line 1)"


def test_same_key_in_sibling_mappings_is_fine():
    assert data_of("x: {a: 1}\ny: {a: 2}\n") == {"x": {"a": 1}, "y": {"a": 2}}


def test_duplicate_key_with_a_line_break_stays_one_line():
    assert (
        message_of('"a\\nb": 1\n"a\\nb": 2\n')
        == "t.yaml:2:1: error: duplicate key 'a\\nb' (first defined on line 1)"
    )


def test_complex_keys_are_refused():
    assert message_of("? {a: 1}\n: x\n") == "t.yaml:1:3: error: mapping keys must be plain strings"
    assert message_of("&k a: 1\n*k : 2\n") == "t.yaml:2:1: error: mapping keys must be plain strings"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "t.yaml:1:1: error: file is empty; expected a mapping of fields"),
        ("# only a comment\n", "t.yaml:1:1: error: file is empty; expected a mapping of fields"),
        ("~\n", "t.yaml:1:1: error: file is empty; expected a mapping of fields"),
        ("---\n...\n", "t.yaml:1:1: error: file is empty; expected a mapping of fields"),
        ("[a, b]\n", "t.yaml:1:1: error: expected a mapping of fields at the top level (got a list)"),
        ("\n\n42\n", "t.yaml:3:1: error: expected a mapping of fields at the top level (got the value 42)"),
        ("a: 1\n---\nb: 2\n", "t.yaml:2:1: error: expected one YAML document, found a second one ('---')"),
        ("---\na: 1\n---\n", "t.yaml:3:1: error: expected one YAML document, found a second one ('---')"),
        ("a: [1, 2\n", "t.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']'"),
        ("a: 'open\n", "t.yaml:2:1: error: YAML syntax error: found unexpected end of stream"),
        (
            "a: 1\n b: 2\n",
            "t.yaml:2:3: error: YAML syntax error: mapping values are not allowed in this context",
        ),
        ("a: b\x00\n", "t.yaml:1:5: error: YAML syntax error: control characters are not allowed"),
        ("a:\n\tb: 1\n", "t.yaml:2:1: error: YAML syntax error: found character that cannot start any token"),
    ],
)
def test_broken_documents(text, message):
    assert message_of(text) == message


def test_one_document_with_explicit_markers_is_fine():
    assert data_of("%YAML 1.2\n---\na: 1\n...\n") == {"a": 1}


@pytest.mark.parametrize(
    ("raw", "where", "byte"),
    [
        (b"a: caf\xe9\n", "1:7", "0xe9"),
        (b"a: 1\nb: \xc3\xa9\xff\n", "2:5", "0xff"),
        (b"\xff\xfea\x00:\x00", "1:1", "0xff"),  # UTF-16
        (b"a: \xc3\n", "1:4", "0xc3"),  # truncated sequence
    ],
)
def test_bytes_that_are_not_utf8(raw, where, byte):
    assert message_of(raw) == f"t.yaml:{where}: error: not valid UTF-8 (byte {byte}); save the file as UTF-8"


# --- files ----------------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"notes: '" + b"x" * MAX_BYTES + b"'\n")
    size = MAX_BYTES + 10
    doc, problems = load_file(path, "big.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [
        f"big.yaml:1:1: error: file is {size:,} bytes; the limit is {MAX_BYTES:,}"
    ]


def test_bytes_over_the_size_limit_are_refused():
    doc, problems = load_bytes(b"a: 1\n" + b" " * MAX_BYTES, "b.yaml")
    assert doc is None
    assert problems[0].message == f"file is {MAX_BYTES + 5:,} bytes; the limit is {MAX_BYTES:,}"


def test_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "limit.yaml"
    body = b"notes: '"
    path.write_bytes(body + b"x" * (MAX_BYTES - len(body) - 2) + b"'\n")
    assert path.stat().st_size == MAX_BYTES
    doc, problems = load_file(path)
    assert problems == () and len(doc.data["notes"]) == MAX_BYTES - len(body) - 2


def test_unreadable_paths_are_problems(tmp_path):
    _, problems = load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert [str(p) for p in problems] == [
        "missing.yaml:1:1: error: cannot read file: No such file or directory"
    ]
    _, problems = load_file(tmp_path, "dir.yaml")
    assert [str(p) for p in problems] == ["dir.yaml:1:1: error: cannot read file: Is a directory"]


def test_the_display_name_is_used_in_problems_and_for_the_stem(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text("id: acme\n", encoding="utf-8")
    doc, _ = load_file(path, "vendors/acme.yaml")
    assert doc.file == "vendors/acme.yaml" and doc.stem == "acme"


def test_discover_expands_directories_in_sorted_order(tmp_path):
    for name in ("b.yaml", "a.yml", "c.txt", "d.yaml"):
        (tmp_path / name).write_text("id: x\n", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    single = tmp_path / "d.yaml"
    files, problems = discover([tmp_path, single, tmp_path / "nope", tmp_path / "sub.yaml"])
    assert [p.name for p in files] == ["a.yml", "b.yaml", "d.yaml", "d.yaml"]
    assert [p.message for p in problems] == [
        "no such file or directory",
        "no vendor files (*.yaml) in this directory",
    ]


def test_display_name_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendors").mkdir()
    assert display_name(tmp_path / "vendors" / "a.yaml") == os.path.join("vendors", "a.yaml")
    assert display_name(Path("/elsewhere/b.yaml")) == "/elsewhere/b.yaml"


# --- the test suite itself is offline (tests/conftest.py) -------------------------------------------


def test_connections_to_other_hosts_are_refused():
    with pytest.raises(RuntimeError, match="only connect to localhost"):
        socket.create_connection(("example.com", 443), timeout=1)
    with socket.socket() as sock, pytest.raises(RuntimeError, match="only connect to localhost"):
        sock.connect(("192.0.2.1", 80))


def test_connections_to_localhost_are_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(("localhost", server.getsockname()[1]), timeout=5):
            pass
