"""Synthetic vendor files and projects for benchmarks: copies of the shipped sample profiles under new ids.

Real profiles give realistic size, depth and variety (sources, nested SLA tiers, notes), which
random toy data would not. Deterministic: file i is sample profile i mod len(samples).
`write_project` puts such vendors next to copies of the real site's configuration, docs and
templates, so a benchmark builds the real site at another size without touching the checkout.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "vendors"
# What mkdocs.yml refers to, besides vendors/ (all paths in it are relative to it).
PROJECT_FILES = ("mkdocs.yml", "scoring.yaml", "docs", "templates")
_NAME = re.compile(r"(?m)^name: .*$")


def write_vendors(directory: Path, n: int) -> list[Path]:
    """Write n valid vendor files into `directory`; returns their paths."""
    templates = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.yaml"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        vendor_id = f"vendor-{i:04d}"
        text = re.sub(r"(?m)^id: .*$", f"id: {vendor_id}", templates[i % len(templates)], count=1)
        path = directory / f"{vendor_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_project(target: Path, n: int, *, source: Path = ROOT) -> Path:
    """Copy the site's mkdocs.yml, scoring.yaml, docs/ and templates/ from `source` into `target`
    and write n synthetic vendors into target/vendors; returns target/mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        origin = source / name
        if origin.is_dir():
            shutil.copytree(origin, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, target / name)
    write_vendors(target / "vendors", n)
    return target / "mkdocs.yml"


def write_plain_twin(project: Path, target: Path) -> Path:
    """The plain-MkDocs equivalent of `project`, for a baseline: the same mkdocs.yml (theme, features,
    search, hooks, nav, extensions) without our plugin, and a docs/ holding as static files the pages
    and assets our plugin adds at build time, made by the same pipeline (hand-written pages with their
    live-data markers expanded, as the plugin expands them). Returns target/mkdocs.yml."""
    import yaml

    from site_builder.build import build_date, prepare_comparison, render_site
    from site_builder.cli import commands_markdown
    from site_builder.markers import Expander
    from site_builder.render import Page, RenderContext, make_env

    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    options: dict = {}
    plugins = []
    for entry in config.get("plugins", []):
        if entry == "vendors" or (isinstance(entry, dict) and "vendors" in entry):
            options = (entry["vendors"] if isinstance(entry, dict) else None) or {}
        else:
            plugins.append(entry)
    config["plugins"] = plugins
    docs = target / config.get("docs_dir", "docs")
    templates = project / options.get("templates_dir", "templates")
    directory_urls = config.get("use_directory_urls", True)

    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:  # overrides and hooks live in templates/; docs are written below
        origin = project / name
        if origin.is_dir() and name != config.get("docs_dir", "docs"):
            shutil.copytree(origin, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    comparison = prepare_comparison(
        [project / options.get("vendors_dir", "vendors")],
        project / options.get("scoring_file", "scoring.yaml"),
        today=build_date(),
    )
    expander = Expander(comparison, RenderContext(make_env(templates), directory_urls))
    shutil.copytree(project / config.get("docs_dir", "docs"), docs)
    for page in sorted(docs.rglob("*.md")):
        uri = page.relative_to(docs).as_posix()
        page.write_text(expander.expand(page.read_text(encoding="utf-8"), uri), encoding="utf-8")
    pages = render_site(comparison, templates, directory_urls=directory_urls)
    for page in [*pages, Page("reference/commands.md", commands_markdown())]:
        (docs / page.uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.uri).write_text(page.content, encoding="utf-8")
    assets = sorted(p.relative_to(templates).as_posix() for p in (templates / "assets").rglob("*") if p.is_file())
    for asset in assets:
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(templates / asset, docs / asset)
        if asset.endswith((".css", ".js")):
            config.setdefault("extra_css" if asset.endswith(".css") else "extra_javascript", []).append(asset)
    newest = max((v.last_reviewed for v in comparison.vendors), default=None)
    config.setdefault("extra", {})["vendor_data"] = {
        "reviewed": newest.isoformat() if newest else None,
        "vendors": len(comparison.vendors),
        "built": comparison.today.isoformat(),
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target / "mkdocs.yml"


def rename_vendor(path: Path, name: str) -> None:
    """Give the vendor file at `path` a new display name (its top-level `name:`), nothing else."""
    text, count = _NAME.subn(f"name: {name}", path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        raise ValueError(f"{path}: no top-level 'name:' line")
    path.write_text(text, encoding="utf-8")
