"""Schema-checked decoding of request bodies: what upstream's typed JSON decoding does.

Before a strategy sees an object, `check_object` walks it against its kind's schema, in place:

* unknown fields are removed and reported with upstream's strict-decoding paths
  (`spec.template.spec.containers[0].bogus`); map keys are never unknown;
* a value of the wrong JSON type is reported with Go's unmarshal message
  (`json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type
  int32`); so are bad timestamps, quantities and base64 bytes;
* `null` behaves as in Go: an object field set to null is dropped (as if absent), a null list
  item or map value becomes its type's zero value (`{}`, `""`, `0`, `false`);
* integral floats in integer fields become ints, and a quantity sent as a JSON number becomes
  its canonical string (1.5 → "1500m"), as upstream writes them back.

So after a clean report, strategies can trust every known field's type. Which report problems
fail the request is the caller's choice (fieldValidation): `decode_error` and
`unknown_field_warnings` build upstream's answers.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stead.api.errors import BadRequest, go_quote
from stead.api.schema import JsonSchema, Schema
from stead.apiserver import decoding_scalars as scalars
from stead.apiserver.openapi_schemas import INT_OR_STRING, QUANTITY, ref_name

_META = "io.k8s.apimachinery.pkg.apis.meta.v1."
_TIME_LAYOUTS = {_META + "Time": scalars.RFC3339, _META + "MicroTime": scalars.RFC3339_MICRO}
_MAX_STRICT_ERRORS = 100
"""Upstream stops collecting unknown fields after this many."""


@dataclass
class DecodeReport:
    """What `check_object` found; empty lists mean the body decodes cleanly."""

    unknown_fields: list[str] = field(default_factory=list)
    """Paths of the removed unknown fields, in document order, without repeats."""
    type_errors: list[str] = field(default_factory=list)
    """Decoding errors; the first is the one upstream reports."""


class _Kind(enum.Enum):
    STRUCT = enum.auto()
    MAP = enum.auto()
    ARRAY = enum.auto()
    STRING = enum.auto()
    BYTES = enum.auto()
    TIME = enum.auto()
    INT = enum.auto()
    NUMBER = enum.auto()
    BOOL = enum.auto()
    INT_OR_STRING = enum.auto()
    QUANTITY = enum.auto()
    OPEN = enum.auto()
    """Any JSON (RawExtension, FieldsV1, untyped nodes)."""


_ZERO: dict[_Kind, Callable[[], Any]] = {
    _Kind.STRUCT: dict,
    _Kind.STRING: str,
    _Kind.INT: int,
    _Kind.NUMBER: int,
    _Kind.BOOL: bool,
    _Kind.INT_OR_STRING: int,
    _Kind.QUANTITY: lambda: "0",
}
"""Go's zero value, as JSON, of the kinds that marshal one; the others marshal null."""


@dataclass(eq=False)
class _Node:
    """A schema node compiled for walking: its kind, Go type name and children."""

    kind: _Kind
    go_type: str
    struct: str = ""
    """Go struct name (STRUCT only): names the struct in type-error messages."""
    fields: dict[str, _Node] = field(default_factory=dict)
    element: _Node | None = None
    """Item (ARRAY) or value (MAP) node."""
    low: int = 0
    high: int = 0
    """Inclusive bounds (INT and INT_OR_STRING only)."""
    layout: str = ""
    """Go time layout (TIME only)."""

    def __post_init__(self) -> None:
        self.check = _CHECKS[self.kind]
        self.plain: type | None = _PLAIN.get(self.kind)


_INT32 = (-(2**31), 2**31 - 1, "int32")
_INT = (-(2**63), 2**63 - 1, "int")
_INT_FORMATS = {"int32": _INT32, "int64": (_INT[0], _INT[1], "int64")}
_SCALARS = {
    "number": (_Kind.NUMBER, "float64"),
    "boolean": (_Kind.BOOL, "bool"),
    "string": (_Kind.STRING, "string"),
}


def _go_name(definition: str) -> str:
    """`v1.PodSpec` for `io.k8s.api.core.v1.PodSpec`: the Go package and type names."""
    parts = definition.split(".")
    return ".".join(parts[-2:])


class _Compiler:
    """Turns schema nodes into `_Node`s, one per definition (recursion-safe)."""

    def __init__(self, definitions: Mapping[str, JsonSchema]) -> None:
        self.definitions = definitions
        self.named: dict[str, _Node] = {}

    def node(self, raw: JsonSchema) -> _Node:
        name = ref_name(raw)
        return self._build(raw, "") if name is None else self.definition(name)

    def definition(self, name: str) -> _Node:
        if name not in self.named:
            self._build(self.definitions.get(name, {}), name)
        return self.named[name]

    def _build(self, raw: JsonSchema, name: str) -> _Node:
        node = self._shape(raw, name)
        if name:
            self.named[name] = node
        if node.kind is _Kind.STRUCT:
            node.fields = {key: self.node(child) for key, child in raw["properties"].items()}
        return node

    def _shape(self, raw: JsonSchema, name: str) -> _Node:
        special = self._special(name)
        if special is not None:
            return special
        kind = _type(raw)
        if kind == "object":
            return self._object(raw, name)
        if kind == "array" and isinstance(raw.get("items"), Mapping):
            element = self.node(raw["items"])
            return _Node(_Kind.ARRAY, "[]" + element.go_type, element=element)
        if kind == "integer":
            low, high, go_type = _INT_FORMATS.get(str(raw.get("format")), _INT)
            return _Node(_Kind.INT, go_type, low=low, high=high)
        if kind == "string" and raw.get("format") == "byte":
            return _Node(_Kind.BYTES, "[]uint8")
        if kind in _SCALARS:
            return _Node(*_SCALARS[kind])
        return _Node(_Kind.OPEN, "interface {}")

    def _special(self, name: str) -> _Node | None:
        if name == INT_OR_STRING:
            return _Node(_Kind.INT_OR_STRING, "int32", low=_INT32[0], high=_INT32[1])
        if name == QUANTITY:
            return _Node(_Kind.QUANTITY, "resource.Quantity")
        if name in _TIME_LAYOUTS:
            return _Node(_Kind.TIME, "string", layout=_TIME_LAYOUTS[name])
        return None

    def _object(self, raw: JsonSchema, name: str) -> _Node:
        if raw.get("properties"):
            go_type = _go_name(name) if name else "struct {}"
            return _Node(_Kind.STRUCT, go_type, struct=go_type.rpartition(".")[2] if name else "")
        values = raw.get("additionalProperties")
        if isinstance(values, Mapping):
            element = self.node(values)
            return _Node(_Kind.MAP, "map[string]" + element.go_type, element=element)
        return _Node(_Kind.OPEN, _go_name(name) if name else "interface {}")


def _type(raw: JsonSchema) -> str:
    declared = raw.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or ())
    return next((t for t in types if t != "null"), "")


def _describe(value: object) -> str:
    """How Go's decoder names the JSON type of `value` in its messages."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


_Where = tuple[Any, ...]
"""Where the walk is, as a chain `(parent, step, struct)` built only when descending: `step`
is a field name, or a one-tuple holding a list index or map key; `struct` is the Go struct
holding the innermost field. Paths are spelled out only when something is reported."""


def _spell(where: _Where | None) -> tuple[str, str, str]:
    """(strict-decoding path with indices, Go field path of names only, Go struct name)."""
    steps: list[object] = []
    struct = "" if where is None else str(where[2])
    while where is not None:
        where, step = where[0], where[1]
        steps.append(step)
    path, names = "", []
    for step in reversed(steps):
        if isinstance(step, tuple):
            path += f"[{step[0]}]"
        else:
            path = f"{path}.{step}" if path else str(step)
            names.append(str(step))
    return path, ".".join(names), struct


class _Walk:
    """One pass over one object; collects what upstream's decoder would complain about."""

    def __init__(self) -> None:
        self.unknown: dict[str, None] = {}
        self.fatal: str | None = None
        """The first error that stops Go's decoder at once (it wins over saved ones)."""
        self.saved: list[str] = []

    def report(self) -> DecodeReport:
        errors = [self.fatal, *self.saved] if self.fatal else self.saved
        return DecodeReport(list(self.unknown), errors)

    def _fail(self, message: str, *, stops: bool) -> None:
        if not stops:
            self.saved.append(message)
        elif self.fatal is None:
            self.fatal = message

    def _mismatch(self, what: str, node: _Node, at: _Where | None, *, stops: bool = False) -> None:
        _, go_path, struct = _spell(at)
        where = f"Go struct field {struct}.{go_path}" if go_path else "Go value"
        message = f"json: cannot unmarshal {what} into {where} of type {node.go_type}"
        self._fail(message, stops=stops)

    def struct(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if not isinstance(value, dict):
            self._mismatch(_describe(value), node, at)
            return value
        fields = node.fields
        for key in list(value):
            child, item = fields.get(key), value[key]
            if child is None:
                if len(self.unknown) < _MAX_STRICT_ERRORS:
                    self.unknown[_spell((at, key, ""))[0]] = None
                del value[key]
            elif item is None:
                del value[key]
            elif type(item) is not child.plain:
                value[key] = child.check(self, item, child, (at, key, node.struct))
        return value

    def collection(self, value: Any, node: _Node, at: _Where | None) -> Any:
        keys: Iterable[Any]
        if node.kind is _Kind.ARRAY and isinstance(value, list):
            keys = range(len(value))
        elif node.kind is _Kind.MAP and isinstance(value, dict):
            keys = list(value)
        else:
            self._mismatch(_describe(value), node, at)
            return value
        element = node.element
        assert element is not None
        zero, struct = _ZERO.get(element.kind), "" if at is None else at[2]
        for key in keys:
            item = value[key]
            if item is None:
                value[key] = None if zero is None else zero()
            elif type(item) is not element.plain:
                value[key] = element.check(self, item, element, (at, (key,), struct))
        return value

    def string(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if not isinstance(value, str):
            self._mismatch(_describe(value), node, at)
        elif node.kind is _Kind.BYTES:
            problem = scalars.base64_error(value)
            if problem is not None:
                self._fail(problem, stops=False)
        return value

    def time(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if not isinstance(value, str):
            self._mismatch(_describe(value), node, at, stops=True)
            return value
        problem = scalars.time_error(value, node.layout)
        if problem is not None:
            self._fail(problem, stops=True)
        return value

    def integer(self, value: Any, node: _Node, at: _Where | None) -> Any:
        stops = node.kind is _Kind.INT_OR_STRING
        if stops and isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._mismatch(_describe(value), node, at, stops=stops)
            return value
        whole = isinstance(value, int) or value.is_integer()
        if not whole or not node.low <= value <= node.high:
            self._mismatch(f"number {value}", node, at, stops=stops)
            return value
        return int(value)

    def number(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._mismatch(_describe(value), node, at)
        return value

    def boolean(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if not isinstance(value, bool):
            self._mismatch(_describe(value), node, at)
        return value

    def quantity(self, value: Any, node: _Node, at: _Where | None) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return scalars.number_quantity(value)
        problem = scalars.quantity_error(value) if isinstance(value, str) else None
        if not isinstance(value, str):
            problem = scalars.QUANTITY_FORMAT
        if problem is not None:
            self._fail(problem, stops=True)
        return value

    def anything(self, value: Any, node: _Node, at: _Where | None) -> Any:
        return value


_CHECKS: dict[_Kind, Callable[[_Walk, Any, _Node, _Where | None], Any]] = {
    _Kind.STRUCT: _Walk.struct,
    _Kind.MAP: _Walk.collection,
    _Kind.ARRAY: _Walk.collection,
    _Kind.STRING: _Walk.string,
    _Kind.BYTES: _Walk.string,
    _Kind.TIME: _Walk.time,
    _Kind.INT: _Walk.integer,
    _Kind.INT_OR_STRING: _Walk.integer,
    _Kind.NUMBER: _Walk.number,
    _Kind.BOOL: _Walk.boolean,
    _Kind.QUANTITY: _Walk.quantity,
    _Kind.OPEN: _Walk.anything,
}
_PLAIN: dict[_Kind, type] = {_Kind.STRING: str, _Kind.BOOL: bool}
"""Kinds whose values need no check when of this exact Python type."""


_COMPILERS: dict[int, _Compiler] = {}
_COMPILING = threading.Lock()
"""A struct node is registered before its fields are filled in (recursion needs that), so no
other thread may look at a compiler while it compiles."""


def _compiled(schema: Schema) -> _Node:
    with _COMPILING:
        compiler = _COMPILERS.get(id(schema.definitions))
        if compiler is None or compiler.definitions is not schema.definitions:
            compiler = _COMPILERS[id(schema.definitions)] = _Compiler(schema.definitions)
        if schema.name:
            return compiler.definition(schema.name)
        return compiler.node(schema.node)


def check_object(obj: dict[str, Any], schema: Schema) -> DecodeReport:
    """Check `obj` against `schema` in place (see the module doc) and report what was wrong.

    Never raises on odd input: any JSON value yields a report.
    """
    walk, root = _Walk(), _compiled(schema)
    root.check(walk, obj, root, None)
    return walk.report()


def decode_error(kind: str, version: str, report: DecodeReport) -> BadRequest:
    """Upstream's 400 for a body that does not decode: the first type error if there is one,
    else every unknown field (what fieldValidation=Strict refuses)."""
    if report.type_errors:
        detail = report.type_errors[0]
    else:
        unknown = ", ".join(f"unknown field {go_quote(path)}" for path in report.unknown_fields)
        detail = f"strict decoding error: {unknown}"
    return BadRequest(f'{kind} in version "{version}" cannot be handled as a {kind}: {detail}')


def unknown_field_warnings(report: DecodeReport) -> list[str]:
    """The warnings fieldValidation=Warn sends: one `unknown field "<path>"` per field."""
    return [f"unknown field {go_quote(path)}" for path in report.unknown_fields]
