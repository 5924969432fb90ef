"""Upstream definitions rewritten into the two dialects of the OpenAPI documents kubectl reads.

The source (`stead.api.schema`) is JSON-Schema flavoured: `#/$defs/` references, nullable type
arrays, and `oneOf` for the two scalar unions. Upstream publishes OpenAPI 3.0 with
`#/components/schemas/` references wrapped in a one-element `allOf` whenever the referring node
carries its own description (kubectl's `explain` prints both descriptions because of that
wrapping), and Swagger 2.0 with `#/definitions/` references next to their siblings and both
unions flattened to strings. Everything else (descriptions, required, format, every
`x-kubernetes-*` extension) is carried over unchanged; the only enums in the source are the
ones `kubernetes-validate` adds to `apiVersion` and `kind`, which upstream does not publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stead.api.schema import JsonSchema

SOURCE_REF = "#/$defs/"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_TYPE_META = ("apiVersion", "kind")

_INT_OR_STRING_TEXT = (
    "IntOrString holds either an int32 or a string. JSON and YAML carry whichever of the two "
    "it holds, so one field can take a port number or a port name."
)
_QUANTITY_TEXT = (
    "Quantity is a decimal amount with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), "
    "decimal (n, u, m, k, M, G, T, P, E) or an exponent (e3, E-2). It is always written back "
    "as a string in canonical form, e.g. 1.5 becomes 1500m and 1000 becomes 1k."
)

Schema = dict[str, Any]


def _wrap_in_all_of(target: str, siblings: Schema) -> Schema:
    if not siblings:
        return {"$ref": target}
    return {"allOf": [{"$ref": target}], **siblings}


def _beside(target: str, siblings: Schema) -> Schema:
    return {"$ref": target, **siblings}


@dataclass(frozen=True)
class Dialect:
    """How one OpenAPI flavour spells references and the two scalar unions."""

    ref_prefix: str
    place_ref: Callable[[str, Schema], Schema]
    """Builds the node for a reference (full target, converted sibling keys)."""
    special: Mapping[str, Schema]
    """Definitions replaced outright, by name."""


V3 = Dialect(
    ref_prefix="#/components/schemas/",
    place_ref=_wrap_in_all_of,
    special={
        INT_OR_STRING: {
            "description": _INT_OR_STRING_TEXT,
            "format": "int-or-string",
            "oneOf": [{"type": "integer"}, {"type": "string"}],
        },
        QUANTITY: {
            "description": _QUANTITY_TEXT,
            "oneOf": [{"type": "string"}, {"type": "number"}],
        },
    },
)

V2 = Dialect(
    ref_prefix="#/definitions/",
    place_ref=_beside,
    special={
        INT_OR_STRING: {
            "description": _INT_OR_STRING_TEXT,
            "format": "int-or-string",
            "type": "string",
        },
        QUANTITY: {"description": _QUANTITY_TEXT, "type": "string"},
    },
)


def ref_name(node: JsonSchema) -> str | None:
    """The definition a source node refers to, or None."""
    ref = node.get("$ref")
    return str(ref).removeprefix(SOURCE_REF) if isinstance(ref, str) else None


def _children(node: JsonSchema) -> Iterable[JsonSchema]:
    yield from (node.get("properties") or {}).values()
    for key in ("items", "additionalProperties"):
        child = node.get(key)
        if isinstance(child, Mapping):
            yield child
    for key in ("oneOf", "allOf", "anyOf"):
        yield from node.get(key) or ()


def _referenced(node: JsonSchema) -> Iterable[str]:
    name = ref_name(node)
    if name is not None:
        yield name
    for child in _children(node):
        yield from _referenced(child)


def closure(roots: Iterable[str], definitions: Mapping[str, JsonSchema]) -> list[str]:
    """Every definition reachable from `roots` (themselves included), sorted by name.

    Names missing from `definitions` are left out, so the result never holds a dangling name.
    """
    seen: set[str] = set()
    pending = [name for name in roots if name in definitions]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending.extend(r for r in _referenced(definitions[name]) if r in definitions)
    return sorted(seen)


def _single_type(raw: object) -> str | None:
    if isinstance(raw, str):
        return None if raw == "null" else raw
    if isinstance(raw, list):
        return next((t for t in raw if t != "null"), None)
    return None


def convert(node: JsonSchema, dialect: Dialect) -> Schema:
    """One source node in `dialect`'s spelling (children converted recursively)."""
    name = ref_name(node)
    if name is not None:
        siblings = convert({k: v for k, v in node.items() if k != "$ref"}, dialect)
        return dialect.place_ref(dialect.ref_prefix + name, siblings)
    out: Schema = {}
    for key, value in node.items():
        if key == "type":
            single = _single_type(value)
            if single is not None:
                out["type"] = single
        elif key == "properties":
            out[key] = {field: convert(child, dialect) for field, child in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, Mapping):
            out[key] = convert(value, dialect)
        elif key in ("oneOf", "allOf", "anyOf"):
            out[key] = [convert(alternative, dialect) for alternative in value]
        else:
            out[key] = value
    return out


def _without_type_meta_enums(definition: Schema) -> Schema:
    """Drop the one-value enums `kubernetes-validate` puts on `apiVersion` and `kind`.

    Upstream publishes no enum there, and kubectl `explain` would print one.
    """
    properties = definition.get("properties", {})
    for name in _TYPE_META:
        if name in properties:
            properties[name] = {k: v for k, v in properties[name].items() if k != "enum"}
    return definition


def definitions_in(
    names: Iterable[str], definitions: Mapping[str, JsonSchema], dialect: Dialect
) -> dict[str, Schema]:
    """The named definitions in `dialect`'s spelling, keyed by name."""
    return {
        name: dict(dialect.special[name])
        if name in dialect.special
        else _without_type_meta_enums(convert(definitions[name], dialect))
        for name in names
    }
