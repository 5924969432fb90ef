"""Random patch bodies of every patch type, aimed at one existing object."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from stead.api.kinds import ResourceType
from tests.fuzz import mutations
from tests.fuzz.garbage import json_values

Object = dict[str, Any]

_OPS = ["add", "remove", "replace", "move", "copy", "test", "bogus", "", "ADD"]
_BAD_POINTERS = [
    "", "/", "no-slash", "/metadata/~2", "/metadata/~", "/spec/containers/-", "/spec/containers/99",
    "/spec/containers/-1", "/spec/containers/01", "/metadata/labels/a~1b", "/a/b/c/d", "/metadata/",
    "//", "/spec/containers/1e3", "/metadata/name/x", "/status", "/kind", "/apiVersion",
    "/metadata/resourceVersion", "/metadata/managedFields/0/fieldsV1",
]  # fmt: skip
_DIRECTIVES: list[Any] = ["delete", "replace", "merge", "bogus", 1, None, ["delete"]]
_LIST_FIELDS = ["containers", "finalizers", "ports", "volumes", "env", "ownerReferences", "x"]


def pointer(path: tuple[str | int, ...]) -> str:
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in path)


def json_patch(data: st.DataObject, obj: Object, resource: ResourceType) -> list[Any]:
    """A list of operations, most on real paths of `obj`, some malformed."""
    real = [pointer(path) for path in mutations.paths(obj)] or ["/metadata"]
    pointers = st.one_of(st.sampled_from(real), st.sampled_from(_BAD_POINTERS))
    count = data.draw(st.integers(0, 4), label="operations")
    ops: list[Any] = []
    for _ in range(count):
        op: dict[str, Any] = {
            "op": data.draw(st.sampled_from(_OPS)),
            "path": data.draw(pointers),
            "value": data.draw(json_values(max_leaves=3)),
            "from": data.draw(pointers),
        }
        for field in data.draw(st.lists(st.sampled_from(list(op)), max_size=2, unique=True)):
            op[field] = data.draw(st.one_of(st.none(), st.integers(), st.lists(st.none())))
        ops.append(op if data.draw(st.integers(0, 9)) else data.draw(json_values(max_leaves=2)))
    return ops


def merge_patch(data: st.DataObject, obj: Object, resource: ResourceType) -> Any:
    """A partial object drawn from the schema, with nulls and the odd wrong type."""
    root = mutations.root_schema(resource)
    patch: Any = mutations.draw_object(data, root, 1) if root else {}
    mutations.metadata(patch) if data.draw(st.booleans()) else None
    twist = data.draw(st.sampled_from(["none", "meta-string", "nulls", "type", "kind"]))
    if twist == "meta-string":
        patch["metadata"] = data.draw(st.sampled_from(["string", 1, [], None, True]))
    elif twist == "nulls":
        for path in data.draw(st.lists(st.sampled_from(mutations.paths(obj)), max_size=3)):
            patch = _graft(patch, path, None)
    elif twist == "type":
        path = data.draw(st.sampled_from(mutations.paths(obj)))
        patch = _graft(patch, path, data.draw(json_values(max_leaves=2)))
    elif twist == "kind":
        patch[data.draw(st.sampled_from(["kind", "apiVersion"]))] = data.draw(
            st.sampled_from(["Pod", "v9", "", None, 3])
        )
    return patch


def strategic_patch(data: st.DataObject, obj: Object, resource: ResourceType) -> Any:
    """A merge patch with strategic directives and list elements sprinkled over it."""
    patch = merge_patch(data, obj, resource)
    holders = [()] + [p for p in mutations.paths(patch) if isinstance(_at(patch, p), dict)]
    for _ in range(data.draw(st.integers(1, 3))):
        if not isinstance(patch, dict):
            break
        where = _at(patch, data.draw(st.sampled_from(holders)))
        if not isinstance(where, dict):
            continue
        field = data.draw(st.sampled_from(_LIST_FIELDS))
        kind = data.draw(st.sampled_from(["patch", "retain", "order", "delete-from", "elements"]))
        if kind == "patch":
            where["$patch"] = data.draw(st.sampled_from(_DIRECTIVES))
        elif kind == "retain":
            where["$retainKeys"] = data.draw(
                st.one_of(st.lists(st.text(max_size=6)), json_values())
            )
        elif kind == "order":
            where[f"$setElementOrder/{field}"] = data.draw(_elements())
        elif kind == "delete-from":
            where[f"$deleteFromPrimitiveList/{field}"] = data.draw(_elements())
        else:
            where[field] = data.draw(_elements())
    return patch


def _elements() -> st.SearchStrategy[Any]:
    """List elements with and without merge keys, directives, and non-maps."""
    element = st.one_of(
        st.fixed_dictionaries({}, optional={"name": st.sampled_from(["app", "x", ""]),
                                            "image": st.just("x"), "$patch": st.sampled_from(
                                                _DIRECTIVES), "port": st.integers(0, 3),
                                            "uid": st.just("u1")}),
        st.text(max_size=4), st.integers(), st.none(), st.lists(st.integers(), max_size=2),
    )  # fmt: skip
    return st.one_of(st.lists(element, max_size=3), element)


def apply_config(data: st.DataObject, obj: Object, resource: ResourceType) -> Any:
    """A configuration for server-side apply: the seed, mutated."""
    return mutations.mutated(data, obj, resource)


def _graft(patch: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """`patch` with `value` at `path`, creating maps on the way (list steps become keys)."""
    if not isinstance(patch, dict):
        patch = {}
    node = patch
    for step in path[:-1]:
        child = node.get(str(step))
        if not isinstance(child, dict):
            child = node[str(step)] = {}
        node = child
    node[str(path[-1])] = value
    return patch


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        value = value[step]
    return value
