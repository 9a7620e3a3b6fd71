"""The benchmarks' synthetic files and projects: valid, so the benchmarks measure the success path, and
the baseline the issue names: plain MkDocs on hand-written pages of about 4 kB with a 40-row table."""

import subprocess
from datetime import date

import pytest
import yaml

from bench.synthetic import (
    BASELINE_TABLE_ROWS,
    ROOT,
    commit_history,
    rename_vendor,
    retitle_baseline,
    write_baseline,
    write_project,
    write_vendors,
)
from site_builder.data.read import read_vendors


def test_synthetic_vendors_validate(tmp_path):
    paths = write_vendors(tmp_path, 30)
    vendors, report, files = read_vendors([tmp_path], today=date(2026, 11, 22))
    assert str(report) == ""
    assert files == len(vendors) == len(paths) == 30
    assert vendors[0].id == "vendor-0000" and vendors[-1].id == "vendor-0029"


def test_write_project_copies_the_site_and_writes_n_vendors(tmp_path):
    config = write_project(tmp_path / "p", 4)
    assert config == tmp_path / "p" / "mkdocs.yml"
    assert config.read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    assert (tmp_path / "p" / "scoring.yaml").read_bytes() == (ROOT / "scoring.yaml").read_bytes()
    for tree in ("docs", "templates"):
        ours = sorted(
            p.relative_to(ROOT / tree) for p in (ROOT / tree).rglob("*.*") if "__pycache__" not in p.parts
        )
        copied = sorted(p.relative_to(tmp_path / "p" / tree) for p in (tmp_path / "p" / tree).rglob("*.*"))
        assert copied == ours
    assert sorted(p.name for p in (tmp_path / "p" / "vendors").iterdir()) == [
        "vendor-0000.yaml",
        "vendor-0001.yaml",
        "vendor-0002.yaml",
        "vendor-0003.yaml",
    ]


def test_rename_vendor_changes_the_name_line_only(tmp_path):
    path = write_vendors(tmp_path, 2)[1]
    before = path.read_text(encoding="utf-8").splitlines()
    rename_vendor(path, "Renamed Vendor 7")
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [(next(line for line in before if line.startswith("name: ")), "name: Renamed Vendor 7")]
    vendors, report, _ = read_vendors([tmp_path], today=date(2026, 11, 22))
    assert str(report) == ""
    assert [v.name for v in vendors][1] == "Renamed Vendor 7"


def test_rename_vendor_refuses_a_file_without_a_name_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: x\n  name: nested\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no top-level 'name:' line"):
        rename_vendor(path, "Y")


def test_commit_history_commits_one_rename_per_commit(tmp_path):
    project = tmp_path / "p"
    write_project(project, 2)
    commit_history(project, 3)

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(project), *args], capture_output=True, text=True, check=True
        ).stdout

    assert git("log", "--format=%s").splitlines() == [
        "rename vendor-0000",
        "rename vendor-0001",
        "rename vendor-0000",
        "vendor data",
    ]
    assert git("status", "--porcelain") == ""
    assert git("show", "HEAD:vendors/vendor-0000.yaml").count("name: Renamed In Commit 3\n") == 1
    assert git("show", "HEAD:vendors/vendor-0001.yaml").count("name: Renamed In Commit 2\n") == 1
    assert git("diff", "--name-only", "HEAD~1", "HEAD").splitlines() == ["vendors/vendor-0000.yaml"]


@pytest.mark.slow
def test_the_baseline_is_plain_mkdocs_on_hand_written_pages_of_4_kb_with_a_40_row_table(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = write_baseline(tmp_path / "plain", 5)
    declared = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert declared["plugins"] == ["search"] and declared["theme"]["name"] == "material"
    assert "hooks" not in declared and "custom_dir" not in declared["theme"]
    pages = sorted((tmp_path / "plain" / "docs").rglob("*.md"))
    assert len(pages) == 5
    text = pages[-1].read_text(encoding="utf-8")
    assert 3_500 <= len(text.encode()) <= 4_500
    assert text.count("| checked against the public terms |") == BASELINE_TABLE_ROWS == 40
    retitle_baseline(config, 4, "Renamed Page")
    build(load_config(config_file=str(config), strict=True))
    site = tmp_path / "plain" / "site"
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert built == ["index.html"] + [f"pages/page-{i:04d}/index.html" for i in range(1, 5)]
    page = (site / "pages" / "page-0004" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 41 and '<h1 id="renamed-page">Renamed Page' in page
    assert (site / "search" / "search_index.json").is_file()
