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
