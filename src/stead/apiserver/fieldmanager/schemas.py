"""How field management reads a kind's schema: which nodes are maps, lists or leaves.

Upstream converts the OpenAPI schema into structured-merge-diff types; `Type` answers the same
questions from `stead.api.schema`, once per schema node:

- a struct or map is walked field by field unless `x-kubernetes-map-type: atomic`;
- a list is a map keyed by `x-kubernetes-list-map-keys` (`list-type: map`), a set of values
  (`list-type: set`), or atomic; without a list type, a patch strategy `merge` makes it a map
  keyed by the patch merge key (or a set without one); otherwise it is atomic;
- a node the schema says nothing about (unknown field, open schema such as RawExtension) is
  "deduced", written None: objects are walked key by key, lists and scalars are leaves.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from stead.api import schema as schemas
from stead.api.schema import Schema
from stead.apiserver.fieldmanager import fieldpath
from stead.apiserver.fieldmanager.fieldpath import PathElement

# Upstream's OpenAPI defaults these list-map key fields, so an item that omits one is keyed as
# if it were set: an applied `{containerPort: 80}` is the live `{containerPort: 80, protocol:
# TCP}`. The bundled schemas carry no defaults, hence this table.
_KEY_DEFAULTS: dict[str, dict[str, Any]] = {
    "io.k8s.api.core.v1.ContainerPort": {"protocol": "TCP"},
    "io.k8s.api.core.v1.ServicePort": {"protocol": "TCP"},
}

# Struct fields Kubernetes types never make pointers, so a typed object always has them.
_ALWAYS_PRESENT = frozenset({"metadata", "spec", "status"})

_UNSET: Any = object()


class Type:
    """One schema node as field management sees it. Build with `typed`, which memoizes."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.is_map = schema.is_object and schema.map_type != "atomic"
        self.is_struct = bool(schema.properties)
        self.is_array = schema.is_array
        self.is_object = schema.is_object
        self.keys = _list_keys(schema)
        self.required = frozenset(schema.required)
        self.group_version_kinds = schema.group_version_kinds
        items = schema.items if schema.is_array else None
        self.key_defaults = _KEY_DEFAULTS.get(items.name if items is not None else "", {})
        self._fields: dict[str, Type | None] = {}
        self._item: Type | None = _UNSET

    def declares(self, name: str) -> bool:
        """A named struct field, as opposed to a map key or a field the schema does not know."""
        return name in self.schema.properties

    def field(self, name: str) -> Type | None:
        """The type of field or map value `name` (None: deduced)."""
        if name not in self._fields:
            found = self.schema.field(name)
            self._fields[name] = typed(found if found is not None else self.schema.values)
        return self._fields[name]

    def item(self) -> Type | None:
        if self._item is _UNSET:
            self._item = typed(self.schema.items)
        return self._item

    def always_present(self, name: str) -> bool:
        """Whether typed objects always hold struct field `name`, if only as an empty struct.

        Upstream decodes into Go structs, where required fields and the metadata/spec/status
        structs are values, not pointers.
        """
        if name not in _ALWAYS_PRESENT and name not in self.required:
            return False
        child = self.field(name) if self.declares(name) else None
        return child is not None and child.is_struct


_TYPES: dict[Hashable, tuple[Any, Type]] = {}


def typed(schema: Schema | None) -> Type | None:
    """The `Type` of `schema`, or None where field management must deduce the shape."""
    if schema is None or schema.is_open:
        return None
    if schema.is_object and not schema.properties and schema.values is None:
        return None
    key, anchor = _identity(schema)
    cached = _TYPES.get(key)
    if cached is None or cached[0] is not anchor:
        cached = _TYPES[key] = (anchor, Type(schema))
    return cached[1]


def _identity(schema: Schema) -> tuple[Hashable, Any]:
    """A cache key for a node, and an object that must be the same for the key to hold.

    A named definition is the same type wherever it is referred to with the same hints; an
    inline node is itself, as long as the very same node object is asked about.
    """
    if schema.name:
        hints = tuple(
            (name, repr(value))
            for name, value in sorted(schema.node.items())
            if name.startswith("x-kubernetes-")
        )
        return ("named", schema.name, hints), None
    return ("inline", id(schema.node)), schema.node


def for_object(obj: Any) -> Type | None:
    """The root type of an object's kind, from its apiVersion and kind (None if unknown)."""
    if not isinstance(obj, dict):
        return None
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None
    group, _, version = api_version.rpartition("/")
    return typed(schemas.load().for_kind(group, version, kind))


def _list_keys(schema: Schema) -> tuple[str, ...] | None:
    """The key fields of an associative list, () for a set, None for an atomic list."""
    if not schema.is_array:
        return None
    list_type = schema.list_type
    if list_type == "map":
        return schema.list_map_keys or None
    if list_type == "set":
        return ()
    if list_type == "" and "merge" in schema.patch_strategy:
        return (schema.patch_merge_key,) if schema.patch_merge_key else ()
    return None


def is_map(node: Type | None) -> bool:
    """Walked key by key: a deduced node, or a struct or map that is not atomic."""
    return node is None or node.is_map


def list_keys(node: Type | None) -> tuple[str, ...] | None:
    return node.keys if node is not None else None


def field_type(node: Type | None, name: str) -> Type | None:
    return node.field(name) if node is not None else None


def item_type(node: Type | None) -> Type | None:
    return node.item() if node is not None else None


def is_declared(node: Type | None, name: str) -> bool:
    return node is not None and node.declares(name)


def always_present(node: Type | None, name: str) -> bool:
    return node is not None and node.always_present(name)


def item_element(item: Any, node: Type) -> PathElement | str:
    """The path element of an item of list `node`, or why it cannot be one (upstream's words)."""
    keys = node.keys or ()
    if not keys:
        if isinstance(item, dict):
            return "associative list without keys has an element that's a map type"
        if isinstance(item, list):
            return "not supported: associative list with lists as elements"
        if item is None:
            return "associative list without keys has an element that's an explicit null"
        return fieldpath.value(item)
    if item is None:
        return "associative list with keys may not have a null element"
    if not isinstance(item, dict):
        return "associative list with keys may not have non-map elements"
    defaults = node.key_defaults
    present = {
        name: item[name] if name in item else defaults[name]
        for name in keys
        if name in item or name in defaults
    }
    if not present:
        quoted = "[" + " ".join(f'"{name}"' for name in keys) + "]"
        return (
            f"associative list with keys has an element that omits all key fields {quoted} "
            "(and doesn't have default values for any key fields)"
        )
    return fieldpath.key(present)


def zero_filled(obj: Any, node: Type | None) -> Any:
    """`obj` with the empty structs and nulls a typed upstream object always carries.

    Comparing through the same lens as upstream keeps `.` entries off nodes that were always
    there.
    """
    if node is None or not isinstance(obj, dict) or not node.is_struct:
        return obj
    filled = dict(obj)
    for name in node.schema.properties:
        child = node.field(name)
        if name in filled:
            filled[name] = zero_filled(filled[name], child)
        elif node.always_present(name):
            filled[name] = zero_filled({}, child)
        elif name in node.required:
            filled[name] = None
    return filled
