"""validate.py: field errors mapped onto file:line:col, display paths, all problems at once.

The corpus (the one invalid-file corpus; tests/fixtures/invalid/ was merged into it, keeping one
case per fault): every tests/fixtures/vendors/invalid/<case>.yaml is loaded and validated the way
`site-builder validate` does it, and the report must equal <case>.expected line for line. The
file name in the report is the path from the repository root, as the CLI prints it there.
After an intended message change, regenerate with `UPDATE_EXPECTED=1 pytest tests/test_validate.py`
and read the diff: every line is a promise to users.
"""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from site_builder.data.load import MAX_BYTES, load_bytes, load_file
from site_builder.data.model import Vendor
from site_builder.data.validate import check_document, display_path, show_value, validate_vendors
from site_builder.errors import Report

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "tests" / "fixtures" / "vendors" / "invalid"
VALID = ROOT / "tests" / "fixtures" / "vendors" / "valid"
CASES = sorted(p.stem for p in INVALID.glob("*.yaml"))
TODAY = date(2026, 11, 22)
MAX_AGE_DAYS = 365

HEADER = """\
id: acme
name: Acme Contact
products: [Acme CX]
website: https://acme.example.com
last_reviewed: 2026-10-01
sources:
  - id: terms
    title: Acme service terms
    kind: public_terms
    retrieved: 2026-10-01
"""


def display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def report_for(path: Path) -> str:
    """What `site-builder validate <path>` prints, run from the repository root."""
    doc, load_problems = load_file(path, display(path))
    _, report = validate_vendors([doc] if doc else [], today=TODAY, max_age_days=MAX_AGE_DAYS)
    return str(report + Report(load_problems))


def lines_for(text: str, name: str = "acme.yaml") -> list[str]:
    doc, problems = load_bytes(text.encode("utf-8"), name)
    assert doc is not None, problems
    _, report = validate_vendors([doc], today=TODAY)
    return [str(p) for p in report.problems]


# --- the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_invalid_file_report(case):
    expected_path = INVALID / f"{case}.expected"
    actual = report_for(INVALID / f"{case}.yaml") + "\n"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_expected_lines_have_the_documented_shape(case):
    prefix = f"tests/fixtures/vendors/invalid/{case}.yaml:"
    lines = (INVALID / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    assert lines, "a case must report something"
    for line in lines:
        assert line.startswith(prefix)
        line_no, col, rest = line.removeprefix(prefix).split(":", 2)
        assert int(line_no) >= 1 and int(col) >= 1
        assert rest.startswith((" error: ", " warning: "))
    assert any(" error: " in line for line in lines) or case in WARNING_ONLY


WARNING_ONLY = {"stale-review", "uncited-source", "placeholders"}


def test_corpus_is_complete():
    assert sorted(p.stem for p in INVALID.glob("*.expected")) == CASES
    assert len(CASES) >= 30
    assert not {p.suffix for p in INVALID.iterdir()} - {".yaml", ".expected"}


def test_the_issue_example_is_reported_verbatim():
    assert report_for(INVALID / "out-of-range.yaml") == (
        "tests/fixtures/vendors/invalid/out-of-range.yaml:23:23: error: "
        "sla.tiers[name=Enterprise].credits[1].credit_pct: must be between 0 and 100 (got 150)"
    )


def test_many_errors_are_all_reported_at_once_in_line_order():
    lines = report_for(INVALID / "many-errors.yaml").splitlines()
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)
    families = [
        "website: expected an http",  # identity field
        "availability_pct: must be between",
        "measurement_period: expected one of",
        "credit_pct: must be between",
        "taxes_included: expected true or false",
        "early_termination_fee_pct: must be between",
        "unknown key 'curency'",
        "notice: expected a duration",
        "id 'acme' must equal the file name",  # cross-field, despite the field errors above
        "duplicate source id 'terms'",
        "unknown source 'cisa'",
        "is before Log4Shell was disclosed",
        "duplicate level '1'",
        "'breach_notice' is not a fact of this section",
    ]
    for family in families:
        assert sum(family in line for line in lines) == 1, family
    assert len(lines) == len(families)


def test_file_over_the_size_limit_is_reported_not_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(HEADER.encode() + b"notes: '" + b"x" * MAX_BYTES + b"'\n")
    size = path.stat().st_size
    assert report_for_tmp(path) == f"big.yaml:1:1: error: file is {size:,} bytes; the limit is {MAX_BYTES:,}"


def report_for_tmp(path: Path) -> str:
    doc, load_problems = load_file(path, path.name)
    _, report = validate_vendors([doc] if doc else [], today=TODAY)
    return str(report + Report(load_problems))


# --- valid files -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_files_have_no_errors(path):
    doc, problems = load_file(path, display(path))
    vendors, report = validate_vendors([doc], today=TODAY, max_age_days=MAX_AGE_DAYS)
    assert problems == () and report.errors == ()
    assert [v.id for v in vendors] == [path.stem]


# --- positions ----------------------------------------------------------------------------------


def test_missing_key_points_at_its_parent_mapping():
    text = (
        HEADER.replace("    title: Acme service terms\n", "")
        + "sla:\n  source: terms\n  tiers:\n    - name: A\n      claim_window: {starts: incident}\n"
    )
    assert lines_for(text) == [
        "acme.yaml:7:5: error: sources[id=terms].title: required field is missing",
        "acme.yaml:14:21: error: sla.tiers[name=A].claim_window.within: required field is missing",
    ]


def test_missing_top_level_key_points_at_the_document_mapping():
    text = "# comment first\n" + HEADER.replace("name: Acme Contact\n", "")
    assert lines_for(text)[0] == "acme.yaml:2:1: error: name: required field is missing"


def test_missing_section_source_points_at_the_section():
    text = HEADER + "pricing:\n  currency: USD\n"
    assert lines_for(text) == ["acme.yaml:12:3: error: pricing.source: required field is missing"]


def test_unknown_key_points_at_the_key_and_suggests_the_closest_field():
    text = HEADER + "sla:\n  source: terms\n  tiers:\n    - name: A\n      sole_remedi: true\n"
    assert lines_for(text) == [
        "acme.yaml:15:7: error: sla.tiers[name=A].sole_remedi: unknown key 'sole_remedi'; did you mean 'sole_remedy'?"
    ]


def test_unknown_key_without_a_close_match_lists_the_fields():
    text = HEADER + "log4j:\n  source: terms\n  colour: blue\n"
    [line] = lines_for(text)
    assert line == (
        "acme.yaml:13:3: error: log4j.colour: unknown key 'colour'; expected one of: fact_sources, "
        "disputed_by_vendor, inferred, note, source, covers, affected, status, status_as_of, first_response, "
        "mitigated, remediated, statement_url"
    )


def test_unknown_key_suggestion_prefers_a_shared_beginning():
    # 'prices' is as close to 'sources' as to 'pricing' by difflib's ratio.
    text = HEADER + "prices:\n  source: terms\n"
    assert lines_for(text) == ["acme.yaml:11:1: error: prices: unknown key 'prices'; did you mean 'pricing'?"]


def test_wrong_value_points_at_the_value():
    text = HEADER + "pricing:\n  source: terms\n  term_months:   twelve\n"
    assert lines_for(text) == [
        "acme.yaml:13:18: error: pricing.term_months: expected a whole number, or a bound such as 'at least 3' or 'at most 10' (got 'twelve')"
    ]


def test_positions_inside_flow_collections():
    text = HEADER + "tenant_isolation: {source: terms, residency_regions: [us, moon]}\n"
    assert lines_for(text) == [
        (
            "acme.yaml:11:59: error: tenant_isolation.residency_regions[1]: expected one of 'us', 'us-gov', "
            "'ca', 'br', 'eu', 'uk', 'ch', 'de', 'fr', 'au', 'nz', 'jp', 'kr', 'in', 'sg', 'za' or 'ae' (got 'moon')"
        )
    ]


def test_value_reached_through_an_alias_points_at_the_alias():
    text = HEADER + (
        "sla:\n  source: terms\n  tiers:\n"
        "    - name: A\n      credits: &steps\n        - {below_pct: 99.9, credit_pct: 500}\n"
        "    - name: B\n      credits: *steps\n"
    )
    assert lines_for(text) == [
        "acme.yaml:16:41: error: sla.tiers[name=A].credits[0].credit_pct: must be between 0 and 100 (got 500)",
        "acme.yaml:18:16: error: sla.tiers[name=B].credits[0].credit_pct: must be between 0 and 100 (got 500)",
    ]


# --- messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_value", "message"),
    [
        ("'99.9'", "expected a number, or a bound such as 'at least 99.9' or 'at most 3' (got '99.9')"),
        ("true", "expected a number (got true)"),
        ("[99]", "expected a number (got a list)"),
        ("{a: 1}", "expected a number (got a mapping)"),
        ("-1", "must be between 0 and 100 (got -1)"),
        ("100.5", "must be between 0 and 100 (got 100.5)"),
        (".nan", "must be a finite number (got nan)"),
    ],
)
def test_number_messages(yaml_value, message):
    text = HEADER + f"pricing:\n  source: terms\n  price_increase_cap_pct: {yaml_value}\n"
    assert lines_for(text) == [f"acme.yaml:13:27: error: pricing.price_increase_cap_pct: {message}"]


def test_an_empty_list_where_items_are_required():
    text = HEADER + "sla:\n  source: terms\n  tiers: []\n"
    assert lines_for(text) == [
        "acme.yaml:13:10: error: sla.tiers: must have at least 1 item (got an empty list)"
    ]


def test_failed_items_do_not_also_report_the_list_as_too_short():
    text = HEADER + "sla:\n  source: terms\n  tiers:\n    - availability_pct: 99\n"
    assert lines_for(text) == ["acme.yaml:14:7: error: sla.tiers[0].name: required field is missing"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (2.5, "2.5"),
        ("x" * 41, "'" + "x" * 37 + "...'"),
        ("a\nb", "'a\\nb'"),
        ({"a": 1}, "a mapping"),
        ([1], "a list"),
        ([], "an empty list"),
        ({}, "an empty mapping"),
    ],
)
def test_show_value(value, shown):
    assert show_value(value) == shown


# --- display paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "shown"),
    [
        ((), ""),
        (("sla",), "sla"),
        (("sla", "tiers", 0, "credits", 1, "credit_pct"), "sla.tiers[name=Enterprise].credits[1].credit_pct"),
        (("sources", 1, "url"), "sources[id=terms].url"),
        (("support", "severities", 0, "response"), "support.severities[level=1].response"),
        (("sla", "tiers", 7, "name"), "sla.tiers[7].name"),  # beyond the list: plain index
        (("notes", 0), "notes[0]"),  # not a list: plain index
        (("pricing", "fact_sources", "currency"), "pricing.fact_sources.currency"),
    ],
)
def test_display_path(loc, shown):
    data = {
        "sla": {"tiers": [{"name": "Enterprise", "credits": [{}, {"credit_pct": 150}]}]},
        "sources": [{"id": 5.5}, {"id": "terms", "name": "ignored, id comes first"}],
        "support": {"severities": [{"level": 1}]},
        "notes": "text",
    }
    assert display_path(data, loc) == shown


def test_display_path_labels_skip_empty_and_non_text_values():
    data = {"tiers": [{"name": "  "}, {"name": True}, {"name": ["x"]}, {"id": "", "name": "B"}]}
    assert [display_path(data, ("tiers", i)) for i in range(4)] == [
        "tiers[0]",
        "tiers[1]",
        "tiers[2]",
        "tiers[name=B]",
    ]


def test_problems_stay_on_one_line_whatever_the_names_contain():
    text = HEADER + (
        "sla:\n  source: terms\n  tiers:\n"
        '    - name: "Enter\\nprise\\u2028"\n      availability_pct: 200\n'
        '    - name: "Enter\\nprise\\u2028"\n'
        '"odd\\rkey\\tname": 1\n'
    )
    lines = lines_for(text)
    line_break = "must fit on one line (a line break at character 6) (got 'Enter\\nprise\\u2028')"
    assert lines == [
        f"acme.yaml:14:13: error: sla.tiers[name=Enter\\nprise\\u2028].name: {line_break}",
        "acme.yaml:15:25: error: sla.tiers[name=Enter\\nprise\\u2028].availability_pct: must be between 0 and 100 (got 200)",
        f"acme.yaml:16:13: error: sla.tiers[name=Enter\\nprise\\u2028].name: {line_break}",
        (
            "acme.yaml:17:1: error: odd\\rkey\\tname: unknown key 'odd\\rkey\\tname'; expected one of: id, name, "
            "products, website, category, last_reviewed, sources, contradictions, notes, sla, support, downtime, "
            "tenant_isolation, log4j, pricing, security, data_protection, recovery, exit, liability, control, "
            "functionality"
        ),
    ]
    for line in lines:
        assert len(line.splitlines()) == 1


def test_duplicate_tier_names_with_odd_characters_stay_on_one_line():
    text = HEADER + 'sla:\n  source: terms\n  tiers:\n    - name: "a\\\\b"\n    - name: "a\\\\b"\n'
    assert lines_for(text) == ["acme.yaml:15:13: error: sla.tiers[name=a\\b].name: duplicate name 'a\\b'"]


# --- across files ------------------------------------------------------------------------------


def test_duplicate_vendor_ids_across_files():
    first, _ = load_bytes(HEADER.encode(), "vendors/acme.yaml")
    second, _ = load_bytes(HEADER.encode(), "vendors/acme-copy.yaml")
    vendors, report = validate_vendors([first, second], today=TODAY)
    assert [str(p) for p in report.errors] == [
        "vendors/acme-copy.yaml:1:5: error: id: duplicate vendor id 'acme' (also in vendors/acme.yaml)",
        "vendors/acme-copy.yaml:1:5: error: id: id 'acme' must equal the file name 'acme-copy'",
    ]
    assert [v.id for v in vendors] == ["acme"]


def test_vendors_come_back_sorted_by_id_and_problems_sorted_by_file_and_line():
    docs = []
    for vendor_id in ("zeta", "alpha", "mid"):
        text = HEADER.replace("acme", vendor_id) + UNCITED_SECOND_SOURCE
        doc, _ = load_bytes(text.encode(), f"vendors/{vendor_id}.yaml")
        docs.append(doc)
    vendors, report = validate_vendors(docs, today=TODAY)
    assert [v.id for v in vendors] == ["alpha", "mid", "zeta"]
    assert [p.file for p in report.problems] == [
        "vendors/alpha.yaml",
        "vendors/mid.yaml",
        "vendors/zeta.yaml",
    ]
    assert {p.severity for p in report.problems} == {"warning"}  # each second source is uncited


UNCITED_SECOND_SOURCE = """\
  - id: extra
    title: Extra
    kind: marketing
    retrieved: 2026-10-01
log4j:
  source: terms
"""


def test_a_profile_without_sections_has_no_uncited_sources():
    """A fresh profile cites nothing yet: its sources are not reported until a section exists."""
    assert lines_for(HEADER) == []
    assert lines_for(HEADER + UNCITED_SECOND_SOURCE) == [
        "acme.yaml:11:9: warning: sources[id=extra].id: source 'extra' is not cited by any section"
    ]


def test_no_documents_no_vendors_no_problems():
    assert validate_vendors([], today=TODAY) == ((), Report())


def test_validation_does_not_mutate_the_document():
    doc, _ = load_file(VALID / "rich.yaml", "rich.yaml")
    before = copy.deepcopy(doc.data)
    validate_vendors([doc], today=TODAY)
    check_document(doc, Vendor)
    assert doc.data == before


def test_records_are_frozen_tuples():
    doc, _ = load_file(VALID / "rich.yaml", "rich.yaml")
    vendor, problems = check_document(doc, Vendor)
    assert problems == []
    assert isinstance(vendor.sources, tuple) and isinstance(vendor.sla.tiers[1].credits, tuple)
    with pytest.raises(ValidationError, match="frozen"):
        vendor.name = "changed"


def test_every_text_field_of_the_model_declares_its_limits():
    """Every free text in the JSON schema has a length limit (Name, Title or Text in model.py), so a new
    field cannot let a 100 kB name or a control character through; ids, dates, URLs, durations and
    vocabularies are checked by their own patterns."""
    from site_builder.site.reference import vendor_schema

    unlimited = []

    def visit(node, where):
        if isinstance(node, dict):
            plain = node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node)
            if plain and "maxLength" not in node:
                unlimited.append(where)
            for key, value in node.items():
                visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{where}[{i}]")

    visit(vendor_schema(), "schema")
    assert unlimited == []
