"""Additions written into a YAML file as it is: keys added to mappings, values given to keys that
were null, items appended to lists, in the file's own indentation and line endings.

Input: the file's text, the data it loads as and the data with additions. Output: the new text,
checked to load back as exactly the new data. Every other byte stays: comments, folded
scalars, quoting, key order. It must not change or remove anything; it raises
`CannotEditInPlace` instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.data.load import load_bytes

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CannotEditInPlace(Exception):
    """The additions cannot be written without changing lines they do not concern."""


def yaml_text(value: Any) -> str:
    """`value` as one line of YAML (flow style), as the editor writes it."""
    return _flow(value)


@dataclass(frozen=True)
class _Style:
    """How the file indents: nested keys by `indent`; list items with the dash `dash` and the
    item `item` columns right of their key; whether top-level keys are set apart by a blank line."""

    indent: int = 2
    dash: int = 2
    item: int = 4
    blank_lines: bool = False


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    depth: int  # at one offset, additions to an inner mapping go before the outer mapping's
    order: int


def insert_additions(text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """`text` (which loads as `old`) with what `new` adds to it: keys added to mappings, values
    given to keys that were null, items appended to lists, in the file's own indentation. Every
    other byte stays as it is. Raises `CannotEditInPlace` when `new` changes anything else, or
    when the edited text would not load as `new`."""
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text if text.endswith("\n") else text + newline
    root = yaml.compose(text, Loader=_Loader)
    if root is None:  # cannot happen: `text` loads as the mapping `old`, so it holds a document
        raise CannotEditInPlace("the file holds no YAML document")
    style = _style(text, root)
    edits = [
        _edit(text, _node(root, path), key, value, style, len(path), i)
        for i, (path, key, value) in enumerate(_additions(old, new, ()))
    ]
    out, at = [], 0
    for e in sorted(edits, key=lambda e: (e.start, -e.depth, e.order)):
        out += [text[at : e.start], e.text.replace("\n", newline)]
        at = e.end
    result = "".join(out) + text[at:]
    doc, _ = load_bytes(result.encode("utf-8"), "edited")
    if doc is None or doc.data != new:
        raise CannotEditInPlace("the edited file would not read back as the merged profile")
    return result


def _additions(old: Any, new: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """(path of a mapping or list in `old`, key or index, value) for everything `new` adds."""
    if isinstance(old, dict) and isinstance(new, dict) and all(k in new for k in old):
        for k, v in new.items():
            if k not in old or (old[k] is None and v is not None):
                yield path, k, v
            else:
                yield from _additions(old[k], v, (*path, k))
    elif isinstance(old, list) and isinstance(new, list) and len(new) >= len(old):
        for i, item in enumerate(old):
            yield from _additions(item, new[i], (*path, i))
        for i in range(len(old), len(new)):
            yield path, i, new[i]
    elif old != new or type(old) is not type(new):
        raise CannotEditInPlace(f"{'.'.join(map(str, path))} would change, not only grow")


def _node(root: yaml.Node, path: tuple[Any, ...]) -> yaml.CollectionNode:
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == step)
        else:
            node = node.value[step]
    if not isinstance(node, yaml.CollectionNode):  # cannot happen: additions go to mappings and lists
        raise CannotEditInPlace(f"{'.'.join(map(str, path))} is not a mapping or a list")
    return node


def _edit(
    text: str, node: yaml.CollectionNode, key: Any, value: Any, style: _Style, depth: int, order: int
) -> _Edit:
    if isinstance(node, yaml.MappingNode):
        held = next((v for k, v in node.value if k.value == key), None)
        if held is not None:  # `key:` or `key: null`: the value replaces the null on that line
            start, end = held.start_mark.index, held.end_mark.index
            return _Edit(start, end, (" " if start == end else "") + _flow(value), depth, order)
        entry = f"{_flow(key)}: {_flow(value, True)}"
    else:
        entry = _flow(value, True)
    if node.flow_style:  # `{a: 1}` / `[a, b]`: the entry goes before the closing bracket
        close = node.end_mark.index - 1
        at = len(text[:close].rstrip())
        return _Edit(at, at, (", " if node.value else "") + entry, depth, order)
    at = _after(text, node)
    if isinstance(node, yaml.MappingNode):
        col = node.value[0][0].start_mark.column
        blank = "\n" if col == 0 and style.blank_lines else ""
        return _Edit(at, at, blank + _block(key, value, col, style), depth, order)
    first = node.value[0].start_mark
    line = text.rfind("\n", 0, first.index) + 1
    dash = text.rfind("-", line, first.index) - line
    return _Edit(at, at, _item(value, dash, first.column, style), depth, order)


def _after(text: str, node: yaml.Node) -> int:
    """The start of the line after the last line of a block collection's content."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        if isinstance(node, yaml.MappingNode) and last[1].start_mark.index < last[0].start_mark.index:
            node = last[0]  # `key: *alias`: the composed value is the anchored node, written earlier
        else:
            node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = len(text[: node.end_mark.index].rstrip())  # a block scalar's end takes in blank lines
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _block(key: Any, value: Any, col: int, style: _Style) -> str:
    pad = " " * col
    if isinstance(value, dict) and value:
        inner = col + style.indent
        return f"{pad}{_flow(key)}:\n" + "".join(_block(k, v, inner, style) for k, v in value.items())
    if isinstance(value, list) and value and all(isinstance(v, dict) and v for v in value):
        dash, item = col + style.dash, col + style.item
        return f"{pad}{_flow(key)}:\n" + "".join(_item(v, dash, item, style) for v in value)
    return f"{pad}{_flow(key)}: {_flow(value, True)}\n"


def _item(value: Any, dash: int, col: int, style: _Style) -> str:
    col = max(col, dash + 2)
    if isinstance(value, dict) and value:
        entries = [_block(k, v, col, style) for k, v in value.items()]
        return " " * dash + "-" + " " * (col - dash - 1) + entries[0][col:] + "".join(entries[1:])
    return " " * dash + "- " + _flow(value) + "\n"


def _style(text: str, root: yaml.Node) -> _Style:
    indent, dash, item = 2, 2, 4
    for _key, value in root.value:
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            indent = value.value[0][0].start_mark.column
            break
    for _key, value in root.value:
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            first = value.value[0].start_mark
            line = text.rfind("\n", 0, first.index) + 1
            dash, item = text.rfind("-", line, first.index) - line, first.column
            break
    lines = text.splitlines()
    blank = any(k.start_mark.line > 0 and not lines[k.start_mark.line - 1].strip() for k, _ in root.value[1:])
    return _Style(indent, dash, item, blank)


def _flow(value: Any, block: bool = False) -> str:
    """A value as YAML that the loader reads back as the same value: true, 7d, 2026-12-01, [a, b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = str(value)
    return text if _plain(text, block) else json.dumps(text, ensure_ascii=False)


def _plain(text: str, block: bool) -> bool:
    """Whether `text` reads back as itself unquoted, in a block mapping or inside [...]."""
    if not text or text != text.strip() or not text.isprintable():
        return False
    doc, _ = load_bytes((f"v: {text}\n" if block else f"v: [{text}]\n").encode("utf-8"), "value")
    return doc is not None and doc.data == {"v": text if block else [text]}
