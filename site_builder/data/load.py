"""Read YAML files into plain values, remembering where every key and value was written.

Input: a path (or bytes). Output: a `RawDocument` (data + positions) and load problems.
It must not validate fields, and it must never raise on bad input: every failure becomes a
one-line `Problem` with file:line:col.

Values are built from libyaml's event stream, not from a composed node tree: the stream is
flat (no recursion, so no crash on deeply nested input), lets us stop early on hostile input,
and gives the position of every key for the validator. Scalars follow the YAML 1.2 core
schema: `yes`/`no`/`on`/`off` stay strings and dates stay strings (the model parses them), so
nothing is coerced behind the author's back. Only plain data is accepted: any tag other than
`!!str` (e.g. `!!python/object`) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import Problem

MAX_BYTES = 512 * 1024
MAX_DEPTH = 64
MAX_VALUES = 100_000

PathKey = tuple[Any, ...]
Position = tuple[int, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAGS = (None, "tag:yaml.org,2002:map")
_SEQ_TAGS = (None, "tag:yaml.org,2002:seq")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


@dataclass(frozen=True)
class RawDocument:
    """A parsed file: its data and the 1-based position of every value and key."""

    file: str
    data: Any
    values: Mapping[PathKey, Position] = field(repr=False)
    keys: Mapping[PathKey, Position] = field(repr=False)

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Where `path` was written; the nearest enclosing value when it was not."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class _Stop(Exception):
    def __init__(self, position: Position, message: str):
        self.position = position
        self.message = message


def load_file(path: Path, display: str | None = None) -> tuple[RawDocument | None, tuple[Problem, ...]]:
    """Load one YAML file. Returns the document (None when unreadable) and its problems."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, (_problem(name, (1, 1), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}"),)
        raw = path.read_bytes()
    except OSError as exc:
        return None, (_problem(name, (1, 1), f"cannot read file: {exc.strerror or exc}"),)
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> tuple[RawDocument | None, tuple[Problem, ...]]:
    """Load YAML from bytes; `name` is the file name used in problems."""
    if len(raw) > MAX_BYTES:
        return None, (_problem(name, (1, 1), f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}"),)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, (
            _problem(
                name, (line, col), f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
            ),
        )
    text = text.removeprefix("\ufeff")
    try:
        data, values, keys = _build(text)
    except _Stop as stop:
        return None, (_problem(name, stop.position, stop.message),)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        return None, (_problem(name, position, f"YAML syntax error: {message}"),)
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        position = _offset_position(text, getattr(exc, "position", 0))
        reason = getattr(exc, "reason", None) or "unreadable YAML"
        return None, (_problem(name, position, f"YAML syntax error: {reason}"),)
    return RawDocument(name, data, values, keys), ()


def _problem(name: str, position: Position, message: str) -> Problem:
    return Problem(name, position[0], position[1], "error", "", one_line(message))


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped (`\\n`), so a problem
    quoting the user's keys or names stays one line of output."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    if mark is None:  # the parser marks every event it emits; only hand-made events lack one
        return 1, 1
    return mark.line + 1, mark.column + 1


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag, value = event.tag, event.value
    if tag not in (None, "!", _STR_TAG):
        raise _Stop(
            _pos(event), f"unsupported YAML tag '{_tag_name(tag)}'; vendor files hold plain values only"
        )
    if tag is not None or not event.implicit[0]:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if len(value) <= 40 and _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if len(value) <= 40 and _FLOAT.fullmatch(value):
        low = value.lower()
        return float(low.replace(".inf", "inf").replace(".nan", "nan"))
    return value


class _Frame:
    __slots__ = ("anchor", "container", "key", "path", "seen", "start_count")

    def __init__(self, container: Any, path: PathKey, anchor: str | None, start_count: int):
        self.container = container
        self.path = path
        self.key: Any = None
        self.seen: dict[str, Position] = {}
        self.anchor = anchor
        self.start_count = start_count


def _build(text: str) -> tuple[Any, dict[PathKey, Position], dict[PathKey, Position]]:
    values: dict[PathKey, Position] = {}
    keys: dict[PathKey, Position] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    root: list[Any] = []
    count = 0
    documents = 0

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Stop(_pos(event), "expected one YAML document, found a second one ('---')")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            frame = stack.pop()
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.container, count - frame.start_count)
                open_anchors.discard(frame.anchor)
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent)):
            continue  # stream and document boundaries

        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent.container, dict) and parent.key is None:
            if not isinstance(event, yaml.ScalarEvent):
                raise _Stop(_pos(event), "mapping keys must be plain strings")
            key = _scalar(event)
            key = event.value if not isinstance(key, str) else key
            if key in parent.seen:
                line = parent.seen[key][0]
                raise _Stop(_pos(event), f"duplicate key '{key}' (first defined on line {line})")
            parent.seen[key] = keys[(*parent.path, key)] = _pos(event)
            parent.key = key
            continue

        if parent is None:
            path: PathKey = ()
        elif isinstance(parent.container, dict):
            path = (*parent.path, parent.key)
        else:
            path = (*parent.path, len(parent.container))
        values[path] = _pos(event)

        if isinstance(event, yaml.AliasEvent):
            name = event.anchor or ""  # never empty: the parser refuses an alias without a name
            if name in open_anchors:
                raise _Stop(_pos(event), f"alias '*{name}' refers to a collection that contains it")
            if name not in anchors:
                raise _Stop(_pos(event), f"alias '*{name}' has no anchor '&{name}' before it")
            value, size = anchors[name]
            count += size
        elif isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            count += 1
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        else:
            is_map = isinstance(event, yaml.MappingStartEvent)
            if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                raise _Stop(
                    _pos(event),
                    f"unsupported YAML tag '{_tag_name(event.tag)}'; vendor files hold plain values only",
                )
            if len(stack) >= MAX_DEPTH:
                raise _Stop(_pos(event), f"nested more than {MAX_DEPTH} levels deep")
            value = {} if is_map else []
            count += 1
            if event.anchor is not None:
                open_anchors.add(event.anchor)
        if count > MAX_VALUES:
            raise _Stop(_pos(event), f"document expands to more than {MAX_VALUES:,} values (nested aliases?)")

        if parent is None:
            root.append(value)
        elif isinstance(parent.container, dict):
            parent.container[parent.key] = value
            parent.key = None
        else:
            parent.container.append(value)
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append(_Frame(value, path, event.anchor, count - 1))

    if not root or root[0] is None:
        raise _Stop((1, 1), "file is empty; expected a mapping of fields")
    data = root[0]
    if not isinstance(data, dict):
        got = "a list" if isinstance(data, list) else f"the value {data!r}"
        raise _Stop(values.get((), (1, 1)), f"expected a mapping of fields at the top level (got {got})")
    return data, values, keys


def discover(paths: list[Path]) -> tuple[list[Path], tuple[Problem, ...]]:
    """Expand directories to their *.yaml/*.yml files (sorted); report paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                problems.append(_problem(str(path), (1, 1), "no vendor files (*.yaml) in this directory"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(_problem(str(path), (1, 1), "no such file or directory"))
    return files, tuple(problems)


def display_name(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
