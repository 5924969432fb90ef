"""Objects a careless or hostile user may send: valid seeds with one thing wrong, and objects
drawn from the upstream schema with plausible but random values.

Drawing is imperative (`st.DataObject`): a schema node decides what to draw next.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from stead.api import schema
from stead.api.kinds import RESOURCES, ResourceType
from tests.fuzz.garbage import json_values

Object = dict[str, Any]
Path = tuple[str | int, ...]

WORDS = [
    "", "a", "web", "Web_1", "None", "Always", "Never", "OnDelete", "RollingUpdate", "Parallel",
    "OrderedReady", "TCP", "UDP", "SCTP", "HTTP", "ClusterIP", "NodePort", "LoadBalancer",
    "ExternalName", "Exists", "Equal", "In", "NotIn", "DoesNotExist", "Gt", "NoExecute",
    "NoSchedule", "Retain", "Delete", "Recycle", "Filesystem", "Block", "ReadWriteOnce",
    "ReadWriteOncePod", "ReadOnlyMany", "Immediate", "WaitForFirstConsumer", "1Gi", "0", "-1",
    "1.5e3", "1e400", "0.000000001", "lots", "10%", "101%", "-5%", "10.0.0.1", "fd00::1",
    "256.1.1.1", "127.0.0.1", "a.b", "x/y", "a/b/c", "/abs", "..", "kubernetes", "orphan",
    "foregroundDeletion", "v1", "apps/v1", "IPv4", "IPv6", "FQDN", "Normal", "Warning", "Bound",
    "Pending", "Running", "True", "localhost:5000/img", "2026-01-01T00:00:00Z",
    "2026-13-45T99:99:99Z", "2026-01-01T00:00:00.123456Z", "not-a-time", "Apply", "Update",
    "FieldsV1", "f:metadata", "k:{\"name\":\"a\"}", "\u00e9t\u00e9", "\x00", " ", "a" * 64,
    "a" * 254, "A" * 300, "\u00b2", "\u0661", "10.0.0.0/\u00b2", "10.0.0.0/\u0661", "1\u00b2%",
    "\u0661\u0660%", "\u0661.\u0661.\u0661.\u0661", "1\u00b2Gi", "2026-01-01T00:00:0\u00b2Z",
    "10.0.0.0/8", "fd00::/64", "a=b", "0x10", "1_000", "a\u2028b", "a\x85b", "a\rb",
]  # fmt: skip
INTS = [0, 1, -1, 2, 80, 65535, 65536, 2**31 - 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1,
        2**63, 2**64, -(2**63) - 1, 10**30]  # fmt: skip
FLOATS = [0.5, -0.5, 1.0, 1e300, -1e300, 3.0e9, 5e-324]

BAD_NAMES = [
    "", "UPPER", "a" * 254, "a" * 64, "a.b", "a..b", ".a", "a.", "-a", "a-", "a_b", "a b", "a/b",
    "..", ".", "\u00e9", "a\x00b", "a:b", "1" * 63, "%2F",
]  # fmt: skip
BAD_LABEL_KEYS = [
    "", "-a", "a-", "a b", "a" * 64, "A/b", "a/b/c", "/a", "a/", "kubernetes.io/" + "x" * 64,
    ("x" * 254) + "/a", "a_b.c-d/e", "\u00e9", "a\nb",
]  # fmt: skip
BAD_LABEL_VALUES: list[Any] = ["-a", "a-", "a b", "a" * 64, "\u00e9", 1, None, True, [], {}, "a/b"]
_SKIPPED_FIELDS = frozenset({"ownerReferences"})
"""Never generated at random: a dependent whose owner does not exist is deleted by the garbage
collector, a write of its own that would race the tests' revision checks."""
_MAX_DEPTH = 6


def strings() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.text(max_size=10))


def numbers() -> st.SearchStrategy[int | float]:
    return st.one_of(st.sampled_from(INTS), st.sampled_from(FLOATS), st.integers(-3, 3))


def root_schema(resource: ResourceType) -> schema.Schema | None:
    return schema.load().for_kind(resource.group, resource.version, resource.kind)


def draw_value(data: st.DataObject, node: schema.Schema | None, depth: int = 0) -> Any:
    """A value of the type `node` asks for (mostly), with a random shape below it."""
    if node is None or node.is_open or depth > _MAX_DEPTH:
        return data.draw(json_values(max_leaves=4))
    types = sorted(node.types)
    if not types:
        return data.draw(json_values(max_leaves=4))
    kind = data.draw(st.sampled_from(types))
    if kind == "object":
        return draw_object(data, node, depth)
    if kind == "array":
        count = data.draw(st.integers(0, 2))
        return [draw_value(data, node.items, depth + 1) for _ in range(count)]
    if kind == "string":
        return data.draw(st.one_of(st.sampled_from(node.enum or WORDS), strings()))
    if kind in ("integer", "number"):
        return data.draw(numbers())
    return data.draw(st.booleans())


def draw_object(data: st.DataObject, node: schema.Schema, depth: int) -> Object:
    if node.values is not None:
        keys = data.draw(st.lists(strings(), max_size=2, unique=True))
        return {key: draw_value(data, node.values, depth + 1) for key in keys}
    names = [name for name, _ in node.fields() if name not in _SKIPPED_FIELDS]
    if not names:
        return {}
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True))
    return {name: draw_value(data, node.field(name), depth + 1) for name in chosen}


def paths(value: Any, prefix: Path = ()) -> list[Path]:
    """Every path into `value` (the root excluded), parents before children."""
    found: list[Path] = []
    items: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        found.append((*prefix, key))
        found.extend(paths(child, (*prefix, key)))
    return found


def schema_at(root: schema.Schema | None, path: Path) -> schema.Schema | None:
    node = root
    for step in path:
        if node is None:
            return None
        node = node.items if isinstance(step, int) else node.field(step) or node.values
    return node


def set_path(obj: Object, path: Path, value: Any) -> None:
    target: Any = obj
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


Mutation = Callable[[st.DataObject, Object, ResourceType], None]


def metadata(obj: Object) -> Object:
    """The object's metadata, made a fresh map if an earlier mutation broke it."""
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        meta = obj["metadata"] = {}
    return meta


def wrong_type(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    path = data.draw(st.sampled_from(paths(obj) or [("metadata",)]), label="path")
    set_path(obj, path, data.draw(json_values(), label="value"))


def random_subtree(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    """A schema-shaped value somewhere: reaches the semantic rules with plausible types."""
    root = root_schema(resource)
    names = [name for name, _ in root.fields()] if root else list(obj)
    top = [(name,) for name in names if name not in ("apiVersion", "kind")]
    path = data.draw(st.sampled_from(top + paths(obj)), label="path")
    value = draw_value(data, schema_at(root, path))
    if path == ("metadata",) and isinstance(value, dict):
        value.setdefault("name", metadata(obj).get("name", "fuzz"))
    set_path(obj, path, value)


def unknown_field(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    holders = [()] + [p for p in paths(obj) if isinstance(_at(obj, p), dict)]
    path = data.draw(st.sampled_from(holders), label="under")
    name = data.draw(st.sampled_from(["bogus", "Spec", "metadata2", "$patch", ""]), label="field")
    _at(obj, path)[name] = data.draw(json_values(max_leaves=2), label="value")


def out_of_range(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    root = root_schema(resource)
    numeric = [p for p in paths(obj) if _is_numeric(schema_at(root, p))]
    path = data.draw(st.sampled_from(numeric or paths(obj) or [("spec",)]), label="path")
    set_path(obj, path, data.draw(numbers(), label="value"))


def huge_number(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    """A number past 64 bits, somewhere or under `data` (free-form in ControllerRevisions)."""
    number = data.draw(st.sampled_from([10**23, 2**64, -(2**63) - 1, 10**400]), label="number")
    path = data.draw(st.sampled_from([("data",), *paths(obj)]), label="path")
    set_path(obj, path, {"n": number} if path == ("data",) else number)


def _is_numeric(node: schema.Schema | None) -> bool:
    return node is not None and bool(node.types & {"integer", "number"})


def bad_name(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    field = data.draw(st.sampled_from(["name", "generateName", "namespace"]), label="field")
    metadata(obj)[field] = data.draw(st.sampled_from(BAD_NAMES), label="value")


def bad_labels(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    field = data.draw(st.sampled_from(["labels", "annotations"]), label="field")
    key = data.draw(st.one_of(st.sampled_from(BAD_LABEL_KEYS), strings()), label="key")
    value: Any = data.draw(st.sampled_from(BAD_LABEL_VALUES), label="value")
    if data.draw(st.booleans(), label="huge"):
        value = "x" * 300_000
    holder = data.draw(st.sampled_from([{key: value}, [key], key, None, 7]), label="holder")
    metadata(obj)[field] = holder


def bad_type_meta(data: st.DataObject, obj: Object, resource: ResourceType) -> None:
    """Another kind's apiVersion/kind, a made-up one, or none at all."""
    other = data.draw(st.sampled_from(RESOURCES), label="other")
    choice = data.draw(
        st.sampled_from(["other", "kind", "version", "missing-kind", "missing-both", "types"])
    )
    if choice == "other":
        obj["apiVersion"], obj["kind"] = other.api_version, other.kind
    elif choice == "kind":
        obj["kind"] = data.draw(st.sampled_from([other.kind, other.list_kind, "Bogus", "pod"]))
    elif choice == "version":
        obj["apiVersion"] = data.draw(st.sampled_from([other.api_version, "v2", "apps/v9", "/"]))
    elif choice == "missing-kind":
        obj.pop("kind", None)
    elif choice == "missing-both":
        obj.pop("kind", None)
        obj.pop("apiVersion", None)
    else:
        obj["kind"] = data.draw(json_values(max_leaves=2))


MUTATIONS: list[Mutation] = [
    wrong_type, random_subtree, unknown_field, out_of_range, huge_number, bad_name, bad_labels,
    bad_type_meta,
]  # fmt: skip


def mutated(data: st.DataObject, seed: Object, resource: ResourceType) -> Object:
    """`seed` with one to three mutations."""
    obj = copy.deepcopy(seed)
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutation(data, obj, resource)
    return obj


def _at(obj: Any, path: Path) -> Any:
    for step in path:
        obj = obj[step]
    return obj
