"""Field paths and sets of them, and their `FieldsV1` encoding in `metadata.managedFields`.

A path names one node of an object: a struct field or map key (`f:<name>`), a list item by its
key fields (`k:{"name":"nginx"}`), a set item by its value (`v:"x"`) or a list item by
position (`i:0`). A `FieldSet` is a trie of paths; a path is a member when the set contains
that node itself, and a node can be a member and have members below it (FieldsV1 writes the
node itself as `".": {}` then).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from stead.api.errors import go_quote


class PathElement(NamedTuple):
    """One step of a path: `kind` is f, k, v or i; `text` the name, canonical JSON, or index."""

    kind: str
    text: str

    def __str__(self) -> str:
        if self.kind == "f":
            return "." + self.text
        if self.kind == "k":
            fields = json.loads(self.text)
            return "[" + ",".join(f"{name}={_go_string(fields[name])}" for name in fields) + "]"
        if self.kind == "v":
            return f"[={_go_string(json.loads(self.text))}]"
        return f"[{self.text}]"


Path = tuple[PathElement, ...]


def field(name: str) -> PathElement:
    return PathElement("f", name)


def key(fields: dict[str, Any]) -> PathElement:
    if all(isinstance(item, str | int | float | None) for item in fields.values()):
        return _scalar_key(tuple((name, type(item), item) for name, item in sorted(fields.items())))
    return PathElement("k", canonical_json(dict(sorted(fields.items()))))


@functools.lru_cache(maxsize=4096)
def _scalar_key(fields: tuple[tuple[str, type, Any], ...]) -> PathElement:
    """Keys of scalars, memoized (the type is part of the cache key: `1` is not `true`)."""
    return PathElement("k", canonical_json({name: item for name, _, item in fields}))


def value(item: Any) -> PathElement:
    return PathElement("v", canonical_json(item))


def index(position: int) -> PathElement:
    return PathElement("i", str(position))


def path_string(path: Path) -> str:
    """Upstream's rendering of a path in conflict messages: `.spec.containers[name="x"].image`."""
    return "".join(str(element) for element in path)


def canonical_json(item: Any) -> str:
    """Compact JSON with sorted keys and Go's HTML-safe escapes, as upstream serializes keys."""
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def path_order(path: Path) -> tuple[tuple[Any, ...], ...]:
    """Sort key putting paths in upstream's order."""
    return tuple(_order(element) for element in path)


def _go_string(item: Any) -> str:
    """A key or set value as upstream prints it in paths (strings quoted, the rest as JSON)."""
    if isinstance(item, str):
        return go_quote(item)
    return canonical_json(item)


@functools.lru_cache(maxsize=8192)
def _order(element: PathElement) -> tuple[Any, ...]:
    """Upstream's order of path elements: fields, then keys, then values, then indexes."""
    if element.kind == "f":
        return (0, element.text)
    if element.kind == "k":
        fields = json.loads(element.text)
        return (1, tuple((name, _value_order(fields[name])) for name in sorted(fields)))
    if element.kind == "v":
        return (2, _value_order(json.loads(element.text)))
    return (3, int(element.text))


def _value_order(item: Any) -> tuple[Any, ...]:
    if isinstance(item, bool):
        return (2, item)
    if isinstance(item, int | float):
        return (0, float(item))
    if isinstance(item, str):
        return (1, item)
    if isinstance(item, list):
        return (3, tuple(_value_order(part) for part in item))
    if isinstance(item, dict):
        return (4, tuple((name, _value_order(item[name])) for name in sorted(item)))
    return (5, 0)


class FieldSet:
    """A set of paths stored as a trie. Operations answer new sets; `insert` builds in place."""

    __slots__ = ("children", "members")

    def __init__(self) -> None:
        self.members: set[PathElement] = set()
        self.children: dict[PathElement, FieldSet] = {}

    @classmethod
    def of(cls, paths: Iterable[Path]) -> FieldSet:
        result = cls()
        for path in paths:
            result.insert(path)
        return result

    def insert(self, path: Path) -> None:
        if not path:
            return
        node = self
        for element in path[:-1]:
            node = node.children.setdefault(element, FieldSet())
        node.members.add(path[-1])

    def has(self, path: Path) -> bool:
        node: FieldSet | None = self
        for element in path[:-1]:
            node = node.children.get(element) if node is not None else None
        return node is not None and bool(path) and path[-1] in node.members

    def child(self, element: PathElement) -> FieldSet:
        """The paths below `element`, relative to it (empty when there are none)."""
        return self.children.get(element) or FieldSet()

    def empty(self) -> bool:
        return not self.members and all(child.empty() for child in self.children.values())

    def paths(self, prefix: Path = ()) -> Iterator[Path]:
        """Every member path, in upstream's order."""
        for element in sorted(self.members | self.children.keys(), key=_order):
            if element in self.members:
                yield (*prefix, element)
            if element in self.children:
                yield from self.children[element].paths((*prefix, element))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldSet) and set(self.paths()) == set(other.paths())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "FieldSet(" + ", ".join(path_string(path) for path in self.paths()) + ")"

    def union(self, other: FieldSet) -> FieldSet:
        result = _build(self.members | other.members)
        for element in self.children.keys() | other.children.keys():
            result._adopt(element, self.child(element).union(other.child(element)))
        return result

    def intersection(self, other: FieldSet) -> FieldSet:
        result = _build(self.members & other.members)
        for element in self.children.keys() & other.children.keys():
            result._adopt(element, self.children[element].intersection(other.children[element]))
        return result

    def difference(self, other: FieldSet) -> FieldSet:
        """The member paths of self that are not member paths of other."""
        result = _build(self.members - other.members)
        for element, child in self.children.items():
            result._adopt(element, child.difference(other.child(element)))
        return result

    def recursive_difference(self, other: FieldSet) -> FieldSet:
        """Self without every path that is, or lies below, a member of other."""
        result = _build(self.members - other.members)
        for element, child in self.children.items():
            if element not in other.members:
                result._adopt(element, child.recursive_difference(other.child(element)))
        return result

    def _adopt(self, element: PathElement, child: FieldSet) -> None:
        if not child.empty():
            self.children[element] = child

    def to_fields_v1(self) -> dict[str, Any]:
        """The FieldsV1 JSON object of this set."""
        return self._encode(include_self=False)

    def _encode(self, *, include_self: bool) -> dict[str, Any]:
        encoded: dict[str, Any] = {".": {}} if include_self else {}
        for element in sorted(self.members | self.children.keys(), key=_order):
            name = element.kind + ":" + element.text
            child = self.children.get(element)
            if child is None:
                encoded[name] = {}
            else:
                encoded[name] = child._encode(include_self=element in self.members)
        return encoded


def _build(members: set[PathElement]) -> FieldSet:
    result = FieldSet()
    result.members = members
    return result


def from_fields_v1(encoded: Any) -> FieldSet:
    """Parse a FieldsV1 object; `ValueError` when it is malformed. Unknown kinds are skipped."""
    if not isinstance(encoded, dict):
        raise ValueError("fieldsV1 must be a JSON object")
    result = FieldSet()
    for name, nested in encoded.items():
        if name == ".":
            continue
        element = _parse_element(name)
        if element is None:
            continue
        if not isinstance(nested, dict):
            raise ValueError(f"fieldsV1 entry {name!r} must map to a JSON object")
        child = from_fields_v1(nested)
        if "." in nested or child.empty():
            result.members.add(element)
        if not child.empty():
            result.children[element] = child
    return result


def _parse_element(name: str) -> PathElement | None:
    if len(name) < 2 or name[1] != ":":
        raise ValueError(f"invalid fieldsV1 key {name!r}")
    kind, text = name[0], name[2:]
    if kind == "f":
        return field(text)
    if kind == "i":
        if not text.isdigit():
            raise ValueError(f"invalid fieldsV1 index {name!r}")
        return index(int(text))
    if kind not in "kv":
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError(f"invalid fieldsV1 key {name!r}") from None
    if kind == "v":
        return value(parsed)
    if not isinstance(parsed, dict):
        raise ValueError(f"invalid fieldsV1 key {name!r}")
    return key(parsed)
