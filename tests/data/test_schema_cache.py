"""schema_cache.py: the kept validator reports exactly what pydantic's own does; a file another user
could have written, or one made from other model sources, is never loaded."""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.data import schema_cache, validate
from site_builder.data.load import load_file
from site_builder.data.model import Vendor
from site_builder.data.schema_cache import MODEL_MODULES, PREFIX, cache_key, load, store
from site_builder.data.validate import validate_vendors
from site_builder.errors import Report
from tests.cli.test_startup import BUILT_MODELS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = [*sorted((ROOT / "tests" / "fixtures" / "vendors").glob("*/*.yaml")), ROOT / "vendors" / "8x8.yaml"]


@pytest.fixture
def own():
    """pydantic's own validator of `Vendor`, built as it builds it."""
    Vendor.model_rebuild()
    return Vendor.__pydantic_validator__


@pytest.fixture
def kept(tmp_path, own):
    """The validator as the next run loads it from the cache."""
    key = cache_key()
    assert store(tmp_path / "cache", key, own)
    loaded = load(tmp_path / "cache", key)
    assert loaded is not None and loaded is not own
    return loaded


@pytest.fixture
def stored(tmp_path, own) -> Path:
    """The file `store` writes for `own` under the current key, in tmp_path/cache."""
    assert store(tmp_path / "cache", cache_key(), own)
    (file,) = (tmp_path / "cache").iterdir()
    return file


def report_with(validator, monkeypatch, path: Path) -> str:
    monkeypatch.setattr(validate, "vendor_validator", lambda: validator)
    doc, load_problems = load_file(path, path.relative_to(ROOT).as_posix())
    from datetime import date

    _, report = validate_vendors([doc] if doc else [], today=date(2026, 11, 22))
    return str(report + Report(load_problems))


def test_the_kept_validator_reports_every_file_of_the_corpus_as_pydantics_own(kept, own, monkeypatch):
    differ, reported = [], 0
    for path in CORPUS:
        cached = report_with(kept, monkeypatch, path)
        if cached != report_with(own, monkeypatch, path):
            differ.append(path.name)
        reported += bool(cached)
    assert differ == []
    assert reported == len(list((ROOT / "tests" / "fixtures" / "vendors" / "invalid").glob("*.yaml")))


def test_a_broken_file_reads_the_same_through_the_cache(kept, own, monkeypatch):
    bad = ROOT / "tests" / "fixtures" / "vendors" / "invalid" / "bad-bound.yaml"
    expected = bad.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    assert report_with(kept, monkeypatch, bad) == expected
    assert report_with(own, monkeypatch, bad) == expected


def test_a_fresh_cache_is_written_then_loaded(tmp_path, own):
    folder = tmp_path / "cache"
    assert load(folder, cache_key()) is None  # no directory yet
    assert store(folder, cache_key(), own)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    (file,) = folder.iterdir()
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    assert file.read_bytes().startswith(cache_key().encode() + b"\n")
    assert load(folder, cache_key()) is not None


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_file_others_may_write_is_refused(stored, mode):
    stored.chmod(mode)
    assert load(stored.parent, cache_key()) is None


@pytest.mark.parametrize("mode", [0o750, 0o755, 0o777, 0o500])
def test_a_directory_not_private_is_refused(tmp_path, own, mode):
    folder = tmp_path / "cache"
    store(folder, cache_key(), own)
    folder.chmod(mode)
    try:
        assert load(folder, cache_key()) is None
        assert not store(folder, cache_key(), own)
    finally:
        folder.chmod(0o700)


def test_a_cache_of_another_user_is_refused(tmp_path, own, monkeypatch):
    folder = tmp_path / "cache"
    store(folder, cache_key(), own)
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # the directory and file are now someone else's
    assert load(folder, cache_key()) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_a_file_owned_by_another_user_is_refused(stored):
    os.chown(stored, 65534, -1)
    assert load(stored.parent, cache_key()) is None


def test_a_symlink_in_place_of_the_file_or_the_directory_is_refused(tmp_path, stored):
    real, file = stored.parent, stored
    linked_dir = tmp_path / "linked"
    linked_dir.symlink_to(real)
    assert load(linked_dir, cache_key()) is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / file.name).symlink_to(file)
    assert load(elsewhere, cache_key()) is None


def test_a_pickle_naming_anything_but_the_model_is_never_unpickled(tmp_path, stored):
    witness = tmp_path / "ran"
    evil = pickle.dumps(_Touch(str(witness)))
    stored.write_bytes(cache_key().encode() + b"\n" + evil)
    assert load(stored.parent, cache_key()) is None
    assert not witness.exists()


class _Touch:
    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_a_changed_model_source_misses_the_cache(tmp_path, own, monkeypatch):
    folder = tmp_path / "cache"
    before = cache_key()
    store(folder, before, own)
    module = sys.modules["site_builder.data.model.sla"]
    edited = tmp_path / "sla.py"
    edited.write_bytes(Path(module.__file__).read_bytes() + b"\n# an edit\n")
    monkeypatch.setattr(module, "__file__", str(edited))
    after = cache_key()
    assert after != before
    assert load(folder, after) is None
    assert load(folder, before) is not None


def test_another_environment_or_pydantic_misses_the_cache(monkeypatch):
    import pydantic.version

    before = cache_key()
    monkeypatch.setattr(sys, "prefix", "/another/venv")
    assert cache_key() != before
    monkeypatch.undo()
    monkeypatch.setattr(pydantic.version, "VERSION", "2.99.0")
    assert cache_key() != before


def test_a_file_stored_under_another_key_is_not_taken_for_this_one(stored):
    other = "0" * 64
    stored.rename(stored.parent / f"{PREFIX}{other[:32]}.pickle")
    assert load(stored.parent, other) is None


def test_files_of_other_keys_are_pruned_beyond_a_few(tmp_path, own):
    folder = tmp_path / "cache"
    for n in range(schema_cache.KEEP + 3):
        store(folder, f"{n:02d}" + "0" * 62, own)
    store(folder, cache_key(), own)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == schema_cache.KEEP + 1
    assert f"{PREFIX}{cache_key()[:32]}.pickle" in names


def test_the_key_covers_every_module_the_model_imports():
    # A validator the schema names in a module outside MODEL_MODULES would not change the key.
    for name in MODEL_MODULES:
        tree = ast.parse(Path(sys.modules[name].__file__).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        ours = {m for m in imported if m.startswith("site_builder")}
        assert ours <= set(MODEL_MODULES), name


def test_off_unless_pydantic_plugins_are_disabled_and_the_system_has_owners_and_openat(monkeypatch):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert schema_cache.cache_dir() is None
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert schema_cache.cache_dir() == Path("/somewhere/site-builder")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", "/home/x")
    assert schema_cache.cache_dir() == Path("/home/x/.cache/site-builder")
    monkeypatch.setattr(os, "supports_dir_fd", set())  # no openat(): the checks could be raced
    assert schema_cache.cache_dir() is None


def test_the_second_run_builds_no_model_class(tmp_path):
    # The first run builds Vendor's validator and keeps it; the next one builds nothing.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", BUILT_MODELS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        for _ in range(2)
    ]
    assert [r.stdout.strip().splitlines()[-1] for r in runs] == ["['Vendor']", "[]"]


def test_the_json_schema_is_kept_beside_the_validator_and_read_back_the_same(tmp_path, monkeypatch):
    """`vendor_json_schema` (the schema file, the format reference, the scaffold) is pydantic's own
    schema; the next run reads it from the cache instead of asking pydantic, unless the file is not
    ours alone or holds another key."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    fresh = Vendor.model_json_schema()
    asked = []
    real = Vendor.model_json_schema

    def counted(*args, **kwargs):
        asked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(Vendor, "model_json_schema", counted)

    def run():
        schema_cache.vendor_json_schema.cache_clear()
        return schema_cache.vendor_json_schema()

    assert run() == fresh and len(asked) == 1
    (file,) = (tmp_path / "site-builder").glob(f"{schema_cache.JSON_PREFIX}*.json")
    assert file.read_bytes().startswith(cache_key().encode() + b"\n")
    assert list(run().items()) == list(fresh.items()) and len(asked) == 1  # read back, same order
    file.chmod(0o666)
    assert run() == fresh and len(asked) == 2  # refused: pydantic's again (and stored afresh)
    file.write_bytes(b"another key\n{}")
    assert run() == fresh and len(asked) == 3
    schema_cache.vendor_json_schema.cache_clear()
