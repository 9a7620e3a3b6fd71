"""The offline bundle: a site built for file:// packed into a zip a reader opens from disk.

Input: a directory holding a site built in offline mode (see the plugin's `offline` option),
the vendor files and scoring.yaml it came from. Output: a deterministic zip (entries sorted,
fixed timestamps and permissions) with `manifest.json` (data hash and commit, dates, vendor
count, tool version, every file's checksum) and a README.txt. No MkDocs here: the CLI builds.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

MANIFEST_VERSION = 1
# What a reader opening files from disk cannot use: the sitemap, the not-found page, and the JSON index (file://
# pages load its copy as a script, search/search_index.js).
SKIP = {
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
    "404.html",
}  # 404.html links from the server root

README = """\
Cloud contact-center vendor comparison, {vendors} vendors, data reviewed up to {data_date}.

Open index.html in a web browser (double-click it). Everything works without a network
connection: navigation, search, the scoring matrix with its weight sliders, the compare page,
the vendor pages, the buying guide and the downloads. Nothing is loaded from the internet.

manifest.json lists every file with its SHA-256 checksum, the data's hash and git commit,
and the tool version that built it.
"""


@dataclass(frozen=True)
class BundleInfo:
    data_date: date  # newest last_reviewed
    built: date
    vendors: int


def data_hash(files: list[Path]) -> str:
    """SHA-256 over the data files' names and bytes, in name order: the same data, the same hash."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def data_commit(directory: Path) -> str | None:
    """The git commit of the data directory, when it is a clean git checkout; None otherwise."""
    try:
        head = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
        dirty = subprocess.run(
            ["git", "-C", str(directory), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if head.returncode != 0 or dirty.returncode != 0 or dirty.stdout.strip():
        return None
    return head.stdout.strip()


def tool_version() -> str:
    try:
        return version("ccaas-site-builder")
    except PackageNotFoundError:
        return "unknown"


def bundle_name(info: BundleInfo) -> str:
    return f"vendor-comparison-{info.data_date.isoformat()}"


def site_files(site: Path, english_only: bool = True) -> list[Path]:
    """The files a reader needs: no source maps (1.3 MB of Material's), and no lunr language
    packs (0.9 MB) when the search index is English only."""
    out = []
    for p in site.rglob("*"):
        rel = p.relative_to(site).as_posix()
        if not p.is_file() or rel in SKIP or rel.endswith(".map"):
            continue
        if english_only and rel.startswith("assets/javascripts/lunr/"):
            continue
        out.append(p)
    return sorted(out)


def manifest(
    site: Path, info: BundleInfo, data_files: list[Path], commit: str | None, english_only: bool = True
) -> dict:
    files = {}
    for path in site_files(site, english_only):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
    return {
        "version": MANIFEST_VERSION,
        "tool": {"name": "ccaas-site-builder", "version": tool_version()},
        "built": info.built.isoformat(),
        "data_date": info.data_date.isoformat(),
        "vendors": info.vendors,
        "data": {"sha256": data_hash(data_files), "git_commit": commit},
        "files": files,
    }


def write_zip(
    site: Path,
    target: Path,
    info: BundleInfo,
    data_files: list[Path],
    commit: str | None,
    timestamp: datetime,
    english_only: bool = True,
) -> int:
    """Pack the site into `target`; returns its size. Same inputs and timestamp, same bytes."""
    root = bundle_name(info)
    stamp = (
        max(timestamp.year, 1980),
        timestamp.month,
        timestamp.day,
        timestamp.hour,
        timestamp.minute,
        timestamp.second - timestamp.second % 2,
    )
    entries = [(p.relative_to(site).as_posix(), p.read_bytes()) for p in site_files(site, english_only)]
    entries.append(
        (
            "manifest.json",
            (
                json.dumps(manifest(site, info, data_files, commit, english_only), indent=2, sort_keys=True)
                + "\n"
            ).encode("utf-8"),
        )
    )
    entries.append(
        ("README.txt", README.format(vendors=info.vendors, data_date=info.data_date).encode("utf-8"))
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in sorted(entries):
            entry = zipfile.ZipInfo(f"{root}/{name}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(entry, data, compresslevel=9)
    return target.stat().st_size
