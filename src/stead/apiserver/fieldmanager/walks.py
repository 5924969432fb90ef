"""Schema-guided walks over objects: the fields a value sets, how two values differ, removal.

Every walk treats a node the schema cannot explain (a list item without its keys, a value of
the wrong JSON type) as a leaf, so none of them fails on odd input; `config_errors` is the
strict check an applied configuration must pass first.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stead.apiserver.fieldmanager import fieldpath, schemas
from stead.apiserver.fieldmanager.fieldpath import FieldSet, Path, PathElement
from stead.apiserver.fieldmanager.schemas import Type
from stead.apiserver.patch.jsonvalue import json_equal

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""Stands for an absent field or list item (as opposed to an explicit null)."""


class Shape(enum.Enum):
    LEAF = "leaf"
    MAP = "map"
    LIST = "list"


def shape(schema: Type | None, *values: Any) -> Shape:
    """How to walk a node holding `values` (MISSING and null count as empty containers)."""
    present = [value for value in values if value is not MISSING and value is not None]
    if schemas.is_map(schema) and all(isinstance(value, dict) for value in present):
        return Shape.MAP if schema is not None or present else Shape.LEAF
    keys = schemas.list_keys(schema)
    if keys is None or schema is None or not all(isinstance(value, list) for value in present):
        return Shape.LEAF
    items = (item for value in present for item in value)
    if any(isinstance(schemas.item_element(item, schema), str) for item in items):
        return Shape.LEAF
    return Shape.LIST


def list_items(items: Any, schema: Type) -> Iterator[tuple[PathElement, Any]]:
    """The (element, item) pairs of a list (`shape` has checked that every item has one)."""
    for item in items if isinstance(items, list) else ():
        element = schemas.item_element(item, schema)
        if not isinstance(element, str):
            yield element, item


def field_set(value: Any, schema: Type | None) -> FieldSet:
    """The fields `value` specifies, as upstream's ToFieldSet (the root itself excluded)."""
    result = FieldSet()
    _collect(value, schema, (), result)
    return result


def _collect(value: Any, schema: Type | None, path: Path, out: FieldSet) -> None:
    node = shape(schema, value)
    if node is Shape.LEAF:
        out.insert(path)
    elif node is Shape.MAP and isinstance(value, dict):
        for name, child in value.items():
            child_path = (*path, fieldpath.field(name))
            _collect(child, schemas.field_type(schema, name), child_path, out)
            empty = child is None or child == {}
            if empty or not schemas.is_declared(schema, name):
                out.insert(child_path)
    elif node is Shape.LIST and schema is not None:
        pairs = list(list_items(value, schema))
        counts: dict[PathElement, int] = {}
        for element, _ in pairs:
            counts[element] = counts.get(element, 0) + 1
        for element, item in pairs:
            if counts[element] == 1:
                _collect(item, schemas.item_type(schema), (*path, element), out)
            out.insert((*path, element))


@dataclass
class Comparison:
    added: FieldSet = field(default_factory=FieldSet)
    modified: FieldSet = field(default_factory=FieldSet)
    removed: FieldSet = field(default_factory=FieldSet)

    def excluding(self, ignored: FieldSet) -> Comparison:
        """Drop every change at or below an ignored path."""
        return Comparison(
            self.added.recursive_difference(ignored),
            self.modified.recursive_difference(ignored),
            self.removed.recursive_difference(ignored),
        )


def compare(old: Any, new: Any, schema: Type | None) -> Comparison:
    """Which fields `new` added, modified and removed relative to `old`, as upstream's Compare."""
    result = Comparison()
    _compare(old, new, schema, (), result)
    return result


def _compare(old: Any, new: Any, schema: Type | None, path: Path, out: Comparison) -> None:
    node = shape(schema, old, new)
    if node is Shape.MAP:
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        if not before and not after:
            node = Shape.LEAF
        for name in {**before, **after}:
            child_schema = schemas.field_type(schema, name)
            child_path = (*path, fieldpath.field(name))
            _compare(
                before.get(name, MISSING), after.get(name, MISSING), child_schema, child_path, out
            )
    elif node is Shape.LIST and schema is not None:
        if not (isinstance(old, list) and old) and not (isinstance(new, list) and new):
            node = Shape.LEAF
        else:
            _compare_items(old, new, schema, path, out)
    if node is Shape.LEAF:
        _compare_leaf(old, new, path, out)
    elif old is MISSING:
        out.added.insert(path)
    elif new is MISSING:
        out.removed.insert(path)


def _compare_leaf(old: Any, new: Any, path: Path, out: Comparison) -> None:
    if old is MISSING:
        out.added.insert(path)
    elif new is MISSING:
        out.removed.insert(path)
    elif not json_equal(old, new):
        out.modified.insert(path)


def _compare_items(old: Any, new: Any, schema: Type, path: Path, out: Comparison) -> None:
    before = _group(old, schema)
    after = _group(new, schema)
    item_schema = schemas.item_type(schema)
    for element in {**before, **after}:
        olds, news = before.get(element, []), after.get(element, [])
        here = (*path, element)
        if len(olds) <= 1 and len(news) <= 1:
            _compare(
                olds[0] if olds else MISSING, news[0] if news else MISSING, item_schema, here, out
            )
        elif len(olds) >= 2 and len(news) >= 2:
            if not json_equal(olds, news):
                out.modified.insert(here)
        elif len(olds) >= 2:
            if news:
                _compare(MISSING, news[0], item_schema, here, out)
            out.removed.insert(here)
        else:
            if olds:
                _compare(olds[0], MISSING, item_schema, here, out)
            out.added.insert(here)


def _group(items: Any, schema: Type) -> dict[PathElement, list[Any]]:
    grouped: dict[PathElement, list[Any]] = {}
    for element, item in list_items(items, schema):
        grouped.setdefault(element, []).append(item)
    return grouped


def remove(value: Any, doomed: FieldSet, schema: Type | None) -> Any:
    """`value` without the paths in `doomed` (and everything below them); MISSING if emptied."""
    node = shape(schema, value)
    if node is Shape.MAP and isinstance(value, dict) and value:
        kept = {}
        for name, child in value.items():
            left = _remaining(
                child, fieldpath.field(name), doomed, schemas.field_type(schema, name)
            )
            if left is MISSING and _stays(child, name, doomed, schema):
                left = None
            if left is not MISSING:
                kept[name] = left
        return kept or MISSING
    if node is Shape.LIST and schema is not None and value:
        item_schema = schemas.item_type(schema)
        items = [
            left
            for element, item in list_items(value, schema)
            if (left := _remaining(item, element, doomed, item_schema)) is not MISSING
        ]
        return items or MISSING
    return value


def _remaining(value: Any, element: PathElement, doomed: FieldSet, schema: Type | None) -> Any:
    if element in doomed.members:
        return MISSING
    if element in doomed.children:
        return remove(value, doomed.children[element], schema)
    return value


def _stays(child: Any, name: str, doomed: FieldSet, schema: Type | None) -> bool:
    """Whether an object emptied by removal (rather than removed itself) stays, as null.

    Upstream leaves such a key as null; a typed field then decodes to nothing, but an object
    the schema knows nothing of keeps the null.
    """
    if not isinstance(child, dict) or fieldpath.field(name) in doomed.members:
        return False
    return schemas.field_type(schema, name) is None


def with_named_fields(fields: FieldSet, schema: Type | None) -> FieldSet:
    """`fields` where every declared struct field with members below is a member itself."""
    result = FieldSet()
    result.members = set(fields.members)
    for element, child in fields.children.items():
        child_schema: Type | None = None
        if element.kind == "f":
            if schemas.is_declared(schema, element.text):
                result.members.add(element)
            child_schema = schemas.field_type(schema, element.text)
        elif element.kind == "k":
            child_schema = schemas.item_type(schema)
        result.children[element] = with_named_fields(child, child_schema)
    return result


def config_errors(value: Any, schema: Type | None, path: Path = ()) -> list[str]:
    """What keeps an applied configuration from being typed: bad or duplicate list keys."""
    if isinstance(value, dict) and schemas.is_map(schema):
        return [
            problem
            for name, child in value.items()
            for problem in config_errors(
                child, schemas.field_type(schema, name), (*path, fieldpath.field(name))
            )
        ]
    keys = schemas.list_keys(schema)
    if schema is None or keys is None or not isinstance(value, list):
        return []
    problems: list[str] = []
    seen: set[PathElement] = set()
    for position, item in enumerate(value):
        element = schemas.item_element(item, schema)
        where = fieldpath.path_string(path)
        if isinstance(element, str):
            problems.append(f"{where}: element {position}: {element}")
        elif element in seen:
            problems.append(f"{where}: duplicate entries for key {element}")
        else:
            seen.add(element)
            problems += config_errors(item, schemas.item_type(schema), (*path, element))
    return problems
