"""Synthetic vendor files and projects for benchmarks: copies of the shipped sample profiles under new ids.

Real profiles give realistic size, depth and variety (sources, nested SLA tiers, notes), which
random toy data would not. Deterministic: file i is sample profile i mod len(samples).
`write_project` puts such vendors next to copies of the real site's configuration, docs and
templates, so a benchmark builds the real site at another size without touching the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

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


def commit_history(project: Path, commits: int) -> None:
    """Make `project` a git repository (local only) whose vendor data has `commits` commits after the
    first, each renaming one vendor (file k mod n), as a maintainer's small edits would."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@localhost",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@localhost",
    }

    def git(*args: str, day: int = 0) -> None:
        stamp = {"GIT_AUTHOR_DATE": f"2026-01-01T00:{day // 60:02d}:{day % 60:02d}Z"}
        stamp["GIT_COMMITTER_DATE"] = stamp["GIT_AUTHOR_DATE"]
        subprocess.run(
            ["git", "-C", str(project), *args], check=True, capture_output=True, env={**env, **stamp}
        )

    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "vendor data")
    files = sorted((project / "vendors").glob("*.yaml"))
    for k in range(commits):
        rename_vendor(files[k % len(files)], f"Renamed In Commit {k + 1}")
        git("commit", "-q", "-a", "-m", f"rename {files[k % len(files)].stem}", day=k + 1)


BASELINE_TABLE_ROWS = 40
BASELINE_NAV = 20  # pages listed in the baseline's nav; the rest are reached by link, as our vendor pages


def baseline_page(i: int) -> str:
    """A hand-written page of about 4 kB: a title, two paragraphs, a 40-row Markdown table, a list."""
    rows = "\n".join(
        f"| Fact {r + 1} of page {i} | {99 + r / 100:.2f}% | Source {r % 7 + 1}, 2026-{r % 12 + 1:02d}-01 "
        "| checked against the public terms |"
        for r in range(BASELINE_TABLE_ROWS)
    )
    return (
        f"# Page {i}\n\n"
        f"Page {i} is a hand-written page of the baseline: prose, a table and a list, as a person "
        "would write in Markdown for MkDocs. It has about the size of a short vendor profile.\n\n"
        "## Facts\n\n| Fact | Value | Source | Note |\n|---|---|---|---|\n"
        f"{rows}\n\n## Notes\n\n- The table above has forty rows.\n- Nothing here is generated at build time.\n"
    )


def write_baseline(target: Path, pages: int) -> Path:
    """The baseline the issue asks for: plain MkDocs + Material + search building `pages` hand-written
    Markdown pages (`baseline_page`), with our theme features and Markdown extensions but no plugin,
    no hooks and no overrides. The nav lists the first BASELINE_NAV pages (ours lists its ~20
    hand-written and overview pages, not the vendor pages). Returns target/mkdocs.yml."""
    declared = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = target / "docs"
    (docs / "pages").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(baseline_page(0), encoding="utf-8")
    for i in range(1, pages):
        (docs / "pages" / f"page-{i:04d}.md").write_text(baseline_page(i), encoding="utf-8")
    config = {
        "site_name": "Baseline",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {k: v for k, v in declared["theme"].items() if k != "custom_dir"},
        "plugins": ["search"],
        "nav": ["index.md"] + [f"pages/page-{i:04d}.md" for i in range(1, min(pages, BASELINE_NAV))],
        "validation": declared.get("validation", {}),
        "markdown_extensions": declared["markdown_extensions"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target / "mkdocs.yml"


def retitle_baseline(config_file: Path, page: int, title: str) -> None:
    """Change the title of one baseline page (what an edit under `mkdocs serve` does)."""
    path = config_file.parent / "docs" / "pages" / f"page-{page:04d}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"# {title}\n" + text.split("\n", 1)[1], encoding="utf-8")


def rename_vendor(path: Path, name: str) -> None:
    """Give the vendor file at `path` a new display name (its top-level `name:`), nothing else."""
    text, count = _NAME.subn(f"name: {name}", path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        raise ValueError(f"{path}: no top-level 'name:' line")
    path.write_text(text, encoding="utf-8")
