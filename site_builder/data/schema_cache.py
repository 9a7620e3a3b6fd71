"""Keep the vendor model's compiled validator between runs, so a quick command does not rebuild it.

pydantic builds `Vendor`'s validator from the model's classes on first use: some 45 ms of Python
on every start of `site-builder validate`. The result is a core schema (plain data plus references
to the model's classes and validator functions, by name) from which pydantic-core builds the Rust
validator in under a millisecond. This module pickles that validator (which pickles as its core
schema and config) into the user's cache directory and loads it on the next run.

Input: the `Vendor` model. Output: a `SchemaValidator` that validates exactly as
`Vendor.__pydantic_validator__` does (it is built from the same core schema). Reads and writes one
file in the cache directory; never prints. Any miss or error means pydantic's own build, as before.

Freshness: the file's name and first line hold a hash of the Python, pydantic and pydantic-core
versions, the environment (`sys.prefix`: virtualenvs do not share a file) and the source bytes of
every module the schema refers to (`MODEL_MODULES`); any change misses. Safety: a pickle runs code
when loaded, so a file is loaded only when no other user can have written it, checked the way
Jinja's `FileSystemBytecodeCache` checks its directory: the directory is ours and mode 0700, the
file is ours, a regular file, and writable by us alone (both checked on the opened descriptors, so
a swapped path is caught). That check is what makes loading safe. The unpickler also accepts only
the model's own names, pydantic-core's `SchemaValidator` and three builtins, so a damaged or
foreign file fails to load; it is no sandbox (`getattr` reaches anything). Off on systems without
POSIX file owners (Windows), and when pydantic plugins are not disabled (a process that loads
plugins gets pydantic's own validator, which runs them; the CLI disables them).

The model's JSON schema (`vendor_json_schema`: some 90 ms of pydantic, which every site build asks
for its format reference) is kept the same way under the same key, as JSON: no pickle, so a file
can at worst give a wrong schema, and the same checks keep others from writing one."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic_core import SchemaError, SchemaValidator

# Every module whose names the core schema refers to; their source is part of the key.
MODEL_MODULES = (
    "site_builder.data.values",
    "site_builder.data.model",
    "site_builder.data.model.base",
    "site_builder.data.model.sla",
    "site_builder.data.model.terms",
    "site_builder.data.model.vendor",
)
_BUILTINS = frozenset({"getattr", "str", "dict"})  # bound methods, a serializer, a default factory
PREFIX = "vendor-validator-"
JSON_PREFIX = "vendor-json-schema-"
KEEP = 8  # files of other keys (other checkouts, older sources) kept before the oldest go
FORMAT = b"1"
# What a damaged, stale or unreadable file can raise while loaded; each means "build as usual".
_LOAD_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    AttributeError,
    ImportError,
    pickle.UnpicklingError,
    SchemaError,
)


@cache
def vendor_validator() -> SchemaValidator:
    """The validator of `Vendor`: the cached one when a fresh, safe copy is there, else pydantic's
    own (then stored for the next run). One per process."""
    directory = cache_dir()
    key = cache_key() if directory else ""
    if directory and (kept := load(directory, key)) is not None:
        return kept
    validator = _built()
    if directory and isinstance(validator, SchemaValidator):
        store(directory, key, validator)
    return validator


def _built() -> SchemaValidator:
    from site_builder.data.model import Vendor

    Vendor.model_rebuild()  # a no-op once built
    return Vendor.__pydantic_validator__  # type: ignore[return-value]


def cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/site-builder` (default `~/.cache/site-builder`); None where the cache is off."""
    if not _supported() or not _plugins_disabled():
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "site-builder"


def _supported() -> bool:
    """File owners, and the calls that reach a file through its checked directory's descriptor
    (`os.replace` uses the same system call as `os.rename`)."""
    at_calls = {os.open, os.unlink, os.rename} <= os.supports_dir_fd and os.scandir in os.supports_fd
    return hasattr(os, "getuid") and at_calls


def _plugins_disabled() -> bool:
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS", "") in ("__all__", "1", "true")


def cache_key() -> str:
    """Hash of everything the compiled schema depends on: interpreter, environment, pydantic, model sources."""
    import pydantic.version

    digest = hashlib.sha256(b"\0".join([FORMAT, sys.version.encode(), os.fsencode(sys.prefix)]))
    digest.update(b"\0" + pydantic.version.VERSION.encode() + b"\0")
    digest.update(pydantic.version.__pydantic_core_version__.encode())
    for name in MODEL_MODULES:
        __import__(name)
        digest.update(b"\0" + name.encode() + b"\0" + Path(sys.modules[name].__file__ or "").read_bytes())
    return digest.hexdigest()


def load(directory: Path, key: str) -> SchemaValidator | None:
    """The validator stored under `key`, or None: no file, a stale or damaged one, or one that
    another user could have written (then it is not even read)."""
    body = _read(directory, f"{PREFIX}{key[:32]}.pickle", key)
    if body is None:
        return None
    try:
        validator = _ModelUnpickler(io.BytesIO(body)).load()
    except _LOAD_ERRORS:
        return None
    return validator if isinstance(validator, SchemaValidator) else None


def store(directory: Path, key: str, validator: SchemaValidator) -> bool:
    """Write `validator` under `key` (atomically: a reader sees the old file or the new one).
    False when it could not be written or would not load back through the restricted unpickler
    (a validator that names something outside the model: then it is never cached)."""
    body = pickle.dumps(validator, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _ModelUnpickler(io.BytesIO(body)).load()
    except _LOAD_ERRORS:
        return False
    return _write(directory, f"{PREFIX}{key[:32]}.pickle", key, body, prefix=PREFIX)


@cache
def vendor_json_schema() -> dict[str, Any]:
    """`Vendor.model_json_schema()` (some 90 ms of pydantic), kept as JSON beside the validator under
    the same key: the schema, like the validator, depends only on the model's code. One per process."""
    directory = cache_dir()
    key = cache_key() if directory else ""
    name = f"{JSON_PREFIX}{key[:32]}.json"
    if directory and (body := _read(directory, name, key)) is not None:
        with contextlib.suppress(ValueError):
            kept = json.loads(body)
            if isinstance(kept, dict):
                return kept
    from site_builder.data.model import Vendor

    schema = Vendor.model_json_schema()
    if directory:
        _write(directory, name, key, json.dumps(schema, ensure_ascii=False).encode(), prefix=JSON_PREFIX)
    return schema


def _read(directory: Path, name: str, key: str) -> bytes | None:
    """The body of the file `name` when it holds `key` on its first line and no other user can have
    written it (checked on the opened descriptors, so a swapped path is caught); else None."""
    try:
        folder = _open_private_dir(directory)
    except OSError:
        return None
    if folder is None:
        return None
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
        with open(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not _private(info, stat.S_ISREG):
                return None
            data = file.read()
    except OSError:
        return None
    finally:
        os.close(folder)
    head, _, body = data.partition(b"\n")
    return body if head == key.encode() else None


def _write(directory: Path, name: str, key: str, body: bytes, *, prefix: str) -> bool:
    """Write `key` and `body` as the file `name` (atomically); prune the oldest files of `prefix`."""
    partial = f".{name}.{os.getpid()}.{os.urandom(4).hex()}"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = _open_private_dir(directory)
    except OSError:
        return False
    if folder is None:
        return False
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        with open(fd, "wb") as file:
            file.write(key.encode() + b"\n" + body)
        os.replace(partial, name, src_dir_fd=folder, dst_dir_fd=folder)
        _prune(folder, keep=name, prefix=prefix)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=folder)
        return False
    finally:
        os.close(folder)


def _open_private_dir(directory: Path) -> int | None:
    """A descriptor of `directory` when it is ours with mode 0700 (not a symlink), else None."""
    folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    info = os.fstat(folder)
    if _private(info, stat.S_ISDIR) and stat.S_IMODE(info.st_mode) == 0o700:
        return folder
    os.close(folder)
    return None


def _private(info: os.stat_result, kind: Callable[[int], bool]) -> bool:
    """Of this kind, owned by us, and writable by nobody else."""
    return kind(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _prune(folder: int, keep: str, prefix: str) -> None:
    """Remove the oldest files of `prefix` with other keys beyond `KEEP`."""
    others = []
    for entry in os.scandir(folder):
        if entry.name.startswith(prefix) and entry.name != keep:
            others.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
    for _, name in sorted(others, reverse=True)[KEEP:]:
        os.unlink(name, dir_fd=folder)


class _ModelUnpickler(pickle.Unpickler):
    """Refuses every name but the model's, pydantic-core's `SchemaValidator` and three builtins."""

    def find_class(self, module: str, name: str) -> object:
        allowed = (
            module in MODEL_MODULES
            or (module == "builtins" and name in _BUILTINS)
            or (module == "pydantic_core._pydantic_core" and name == "SchemaValidator")
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of the vendor model")
        return super().find_class(module, name)
