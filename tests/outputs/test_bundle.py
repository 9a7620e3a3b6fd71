"""The offline bundle: a deterministic zip with a manifest that matches its files."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", target, ignore=shutil.ignore_patterns("site"))
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", f"{ROOT}/"))
    monkeypatch.chdir(target)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    return target


def bundle(out: str = "dist") -> Path:
    result = CliRunner().invoke(cli, ["bundle", "-o", out])
    assert result.exit_code == 0, result.output
    (zip_path,) = Path(out).glob("*.zip")
    return zip_path


def test_two_bundles_are_byte_identical_with_sorted_entries_and_fixed_times(project):
    first = bundle("one")
    second = bundle("two")
    assert first.name == "vendor-comparison-2026-10-01.zip"  # the newest last_reviewed of the fixture
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in archive.infolist()} == {0o644}
        assert all(n.startswith("vendor-comparison-2026-10-01/") for n in names)
        root = "vendor-comparison-2026-10-01/"
        assert {
            root + "index.html",
            root + "manifest.json",
            root + "README.txt",
            root + "search/search_index.js",
            root + "offline/iframe-worker.js",
        } <= set(names)
        assert root + "sitemap.xml" not in names and root + "search/search_index.json" not in names
        assert not [
            n for n in names if n.endswith(".map") or "/assets/javascripts/lunr/" in n
        ]  # English search


def test_manifest_checksums_match_the_files(project):
    with zipfile.ZipFile(bundle()) as archive:
        root = archive.namelist()[0].split("/")[0] + "/"
        manifest = json.loads(archive.read(root + "manifest.json"))
        assert manifest["version"] == 1 and manifest["vendors"] == 2
        assert (manifest["built"], manifest["data_date"]) == ("2026-11-22", "2026-10-01")
        assert manifest["tool"]["name"] == "ccaas-site-builder"
        for name, entry in manifest["files"].items():
            data = archive.read(root + name)
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry["sha256"], entry["size"])
        assert set(manifest["files"]) == {n[len(root) :] for n in archive.namelist()} - {
            "manifest.json",
            "README.txt",
        }
        html = archive.read(root + "vendors/alpha.html").decode()
        assert "Vendor data: 2 profiles, last reviewed 2026-10-01. Site built 2026-11-22." in html
        assert 'href="../index.html"' in html  # .html links for file://, not directory URLs
        assert "https://unpkg.com" not in archive.read(root + "index.html").decode()


def test_the_data_hash_follows_the_data(project):
    def data_hash() -> str:
        with zipfile.ZipFile(bundle(f"out-{len(list(Path().glob('out-*')))}")) as archive:
            root = archive.namelist()[0].split("/")[0] + "/"
            return json.loads(archive.read(root + "manifest.json"))["data"]["sha256"]

    before = data_hash()
    beta = project / "vendors" / "beta.yaml"
    beta.write_text(beta.read_text().replace("taxes_included: false", "taxes_included: true"))
    assert data_hash() != before


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_one_build_gives_the_site_and_the_bundle_with_the_same_pages(project):
    """What `make site` runs: `build --bundle dist`, one MkDocs build for both."""
    result = CliRunner().invoke(cli, ["build", "--bundle", "dist"])
    assert result.exit_code == 0, result.output
    assert "wrote dist/vendor-comparison-2026-10-01.zip (" in result.output
    site = tree(project / "site")
    root = "vendor-comparison-2026-10-01/"
    with zipfile.ZipFile(project / "dist" / "vendor-comparison-2026-10-01.zip") as archive:
        packed = {n.removeprefix(root): archive.read(n) for n in archive.namelist()}
    pages = sorted(n for n in site if n.endswith(".html") and n != "404.html")
    assert "vendors/alpha.html" in pages and "methodology.html" in pages  # built for file:// and http
    assert sorted(n for n in packed if n.endswith(".html")) == pages
    assert [n for n in pages if packed[n] != site[n]] == []  # byte for byte
    assert set(packed) - set(site) == {"manifest.json", "README.txt"}


def test_a_failed_build_leaves_the_previous_site_and_bundle_as_they_were(project):
    assert CliRunner().invoke(cli, ["build", "--bundle", "dist"]).exit_code == 0
    before, zips = tree(project / "site"), tree(project / "dist")
    vendor = project / "vendors" / "alpha.yaml"
    vendor.write_text(
        vendor.read_text().replace("last_reviewed:", "last_reviewed: not-a-date #"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", "--bundle", "dist"])
    assert result.exit_code == 1
    assert "vendors/alpha.yaml:" in result.output and ": error: last_reviewed: " in result.output
    assert tree(project / "site") == before and tree(project / "dist") == zips
    assert (
        sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []
    )  # no half-built folder left
