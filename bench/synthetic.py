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
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

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


def write_plain_twin(project: Path, target: Path) -> Path:
    """The plain-MkDocs equivalent of `project`, for a baseline: the same mkdocs.yml (theme, features,
    search, hooks, nav, extensions) without our plugin, and a docs/ holding as static files exactly
    what our plugin hands MkDocs. To get that, `project` is built once with our plugin and a recorder
    that runs after it: every generated file (pages, downloads, assets), every hand-written page as
    MkDocs receives it (live-data markers expanded), and the configuration the plugin completes
    (extra_css, extra_javascript, extra, use_directory_urls). Returns target/mkdocs.yml."""
    declared = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    docs_dir = declared.get("docs_dir", "docs")
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:  # overrides and hooks live in templates/
        if (project / name).is_dir():
            shutil.copytree(project / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=False)
    recorder = _Recorder(target / docs_dir)
    config.plugins["bench-recorder"] = recorder
    build(config)
    declared["plugins"] = [
        p
        for p in declared.get("plugins", [])
        if p != "vendors" and not (isinstance(p, dict) and "vendors" in p)
    ]
    declared.update(recorder.settings)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    return target / "mkdocs.yml"


def _script(value: object) -> object:
    """An extra_javascript entry as mkdocs.yml spells it (MkDocs parses them into objects)."""
    if isinstance(value, str) or not hasattr(value, "path"):
        return str(value)
    entry = {"path": value.path}
    entry.update(
        {k: v for k, v in (("type", value.type), ("defer", value.defer), ("async", value.async_)) if v}
    )
    return entry if len(entry) > 1 else value.path


class _Recorder(BasePlugin):
    """Writes what MkDocs is given to build, after every other plugin (priority -100) has had its say."""

    def __init__(self, docs: Path):
        self.docs = docs
        self.settings: dict = {}

    def _write(self, uri: str, data: bytes) -> None:
        path = self.docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    @event_priority(-100)  # after our plugin added its files and completed the configuration
    def on_files(self, files, *, config):
        for file in files:
            if file.generated_by or not file.is_documentation_page():
                self._write(file.src_uri, file.content_bytes)
        self.settings = {
            "use_directory_urls": config.use_directory_urls,
            "extra_css": [str(x) for x in config.extra_css],
            "extra_javascript": [_script(x) for x in config.extra_javascript],
            "extra": dict(config.extra),
        }
        return files

    @event_priority(-100)  # after our plugin expanded the live-data markers
    def on_page_markdown(self, markdown, *, page, config, files):
        if not page.file.generated_by:
            self._write(page.file.src_uri, markdown.encode("utf-8"))
        return markdown


def rename_vendor(path: Path, name: str) -> None:
    """Give the vendor file at `path` a new display name (its top-level `name:`), nothing else."""
    text, count = _NAME.subn(f"name: {name}", path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        raise ValueError(f"{path}: no top-level 'name:' line")
    path.write_text(text, encoding="utf-8")
