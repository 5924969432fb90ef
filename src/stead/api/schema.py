"""Upstream object schemas (Kubernetes 1.37), loaded once from PyPI's `kubernetes-validate`.

They drive strict field validation, strategic-merge-patch merge keys, server-side-apply list
types, and the OpenAPI documents kubectl reads. `Schema` is a read-only view of one node with its
`$ref` resolved; navigation never raises, it answers None where the schema says nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import orjson

KUBERNETES_VERSION = "v1.37.0"
_DEFINITIONS_FILE = f"kubernetes-json-schema/{KUBERNETES_VERSION}-local/_definitions.json"
_REF_PREFIX = "#/$defs/"

JsonSchema = Mapping[str, Any]


@dataclass(frozen=True)
class Schema:
    """One schema node. `name` is the definition name when the node is a named definition."""

    node: JsonSchema
    definitions: Mapping[str, JsonSchema]
    name: str = ""

    @property
    def types(self) -> frozenset[str]:
        """JSON types this node admits, without "null" (int-or-string gives both)."""
        if "oneOf" in self.node:
            return frozenset(t for alt in self.node["oneOf"] for t in _types_of(alt))
        return frozenset(_types_of(self.node))

    @property
    def description(self) -> str:
        return str(self.node.get("description", ""))

    @property
    def format(self) -> str:
        return str(self.node.get("format", ""))

    @property
    def enum(self) -> tuple[str, ...]:
        return tuple(self.node.get("enum", ()))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.node.get("required", ()))

    @property
    def is_object(self) -> bool:
        return "object" in self.types

    @property
    def is_array(self) -> bool:
        return "array" in self.types

    @property
    def is_open(self) -> bool:
        """True when any JSON is allowed below this node (RawExtension, FieldsV1, JSON)."""
        return not self.types and "properties" not in self.node and "oneOf" not in self.node

    @property
    def properties(self) -> Mapping[str, JsonSchema]:
        return self.node.get("properties") or {}

    def field(self, name: str) -> Schema | None:
        """The schema of property `name`, or None when the object has no such field."""
        node = self.properties.get(name)
        return None if node is None else self._child(node)

    def fields(self) -> Iterator[tuple[str, Schema]]:
        for name, node in self.properties.items():
            yield name, self._child(node)

    @property
    def items(self) -> Schema | None:
        """Element schema of an array."""
        node = self.node.get("items")
        return None if node is None else self._child(node)

    @property
    def values(self) -> Schema | None:
        """Value schema of a map (an object with additionalProperties)."""
        node = self.node.get("additionalProperties")
        return None if not isinstance(node, Mapping) else self._child(node)

    @property
    def patch_strategy(self) -> frozenset[str]:
        """Strategic-merge strategies: {"merge"}, {"retainKeys"}, both, or empty (replace)."""
        raw = str(self.node.get("x-kubernetes-patch-strategy", ""))
        return frozenset(part for part in raw.split(",") if part)

    @property
    def patch_merge_key(self) -> str:
        return str(self.node.get("x-kubernetes-patch-merge-key", ""))

    @property
    def list_type(self) -> str:
        """Server-side-apply list type: "atomic", "set", "map", or "" when unspecified."""
        return str(self.node.get("x-kubernetes-list-type", ""))

    @property
    def list_map_keys(self) -> tuple[str, ...]:
        return tuple(self.node.get("x-kubernetes-list-map-keys", ()))

    @property
    def map_type(self) -> str:
        """ "atomic" or "granular" for maps and structs; "" when unspecified."""
        return str(self.node.get("x-kubernetes-map-type", ""))

    @property
    def group_version_kinds(self) -> tuple[tuple[str, str, str], ...]:
        gvks = self.node.get("x-kubernetes-group-version-kind", ())
        return tuple((g["group"], g["version"], g["kind"]) for g in gvks)

    def _child(self, node: JsonSchema) -> Schema:
        return _resolve(node, self.definitions)


def _types_of(node: JsonSchema) -> list[str]:
    raw = node.get("type", [])
    types = [raw] if isinstance(raw, str) else list(raw)
    return [t for t in types if t != "null"]


def _resolve(node: JsonSchema, definitions: Mapping[str, JsonSchema]) -> Schema:
    """Follow `$ref`, keeping the referring node's patch and list hints (they live on the field)."""
    ref = node.get("$ref")
    if ref is None:
        return Schema(node, definitions)
    name = str(ref).removeprefix(_REF_PREFIX)
    target = definitions.get(name, {})
    hints = {k: v for k, v in node.items() if k.startswith("x-kubernetes-")}
    merged = {**target, **hints, "description": node.get("description", target.get("description"))}
    return Schema(merged, definitions, name)


class SchemaSet:
    """All upstream definitions, indexed by definition name and by group/version/kind."""

    def __init__(self, definitions: Mapping[str, JsonSchema]) -> None:
        self.definitions = definitions
        self._by_gvk: dict[tuple[str, str, str], str] = {}
        for name, node in definitions.items():
            for gvk in node.get("x-kubernetes-group-version-kind", ()):
                self._by_gvk[(gvk["group"], gvk["version"], gvk["kind"])] = name

    def definition(self, name: str) -> Schema | None:
        node = self.definitions.get(name)
        return None if node is None else Schema(node, self.definitions, name)

    def definition_name(self, group: str, version: str, kind: str) -> str | None:
        return self._by_gvk.get((group, version, kind))

    def for_kind(self, group: str, version: str, kind: str) -> Schema | None:
        name = self._by_gvk.get((group, version, kind))
        return None if name is None else self.definition(name)


@functools.cache
def load() -> SchemaSet:
    """The upstream schemas for the Kubernetes version stead targets (read once per process)."""
    package = resources.files("kubernetes_validate")
    raw = package.joinpath(_DEFINITIONS_FILE).read_bytes()
    return SchemaSet(orjson.loads(raw)["$defs"])
