"""The benchmarks' synthetic files and projects: valid, so the benchmarks measure the success path, and
a plain-MkDocs twin that really is the same site, so the build benchmark's baseline is honest."""

import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from bench.synthetic import (
    ROOT,
    commit_history,
    rename_vendor,
    write_plain_twin,
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


def html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.slow
def test_plain_twin_builds_the_same_html_without_the_plugin(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from site_builder.plugin import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time())))  # one build date, even across midnight
    config = write_project(tmp_path / "ours", 3)
    twin = write_plain_twin(tmp_path / "ours", tmp_path / "plain")
    declared = yaml.safe_load(twin.read_text(encoding="utf-8"))
    assert all("vendors" not in (p if isinstance(p, dict) else {p: None}) for p in declared["plugins"])
    assert (
        (tmp_path / "plain" / "docs" / "vendors" / "vendor-0002.md")
        .read_text(encoding="utf-8")
        .startswith("# ")
    )
    build_site(config)
    build(load_config(config_file=str(twin), strict=False))
    ours, plain = html(tmp_path / "ours" / "site"), html(tmp_path / "plain" / "site")
    assert "vendors/vendor-0002/index.html" in ours
    assert sorted(ours) == sorted(plain)
    assert [name for name in ours if ours[name] != plain[name]] == []
