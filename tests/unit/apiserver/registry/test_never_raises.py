"""Property: whatever schema-shaped object a user sends, every strategy answers with errors (or
nothing), never with an exception; defaults are idempotent."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stead.api import schema
from stead.api.kinds import RESOURCES, ResourceType
from stead.apiserver.registry import strategy_for

Object = dict[str, Any]

# Values that drive the rules' branches: enum members, quantities, names good and bad.
_WORDS = [
    "",
    "a",
    "web",
    "Web_1",
    "None",
    "Always",
    "Never",
    "OnDelete",
    "RollingUpdate",
    "Parallel",
    "TCP",
    "HTTP",
    "ClusterIP",
    "NodePort",
    "LoadBalancer",
    "ExternalName",
    "Exists",
    "Equal",
    "In",
    "NotIn",
    "NoExecute",
    "Retain",
    "Delete",
    "Recycle",
    "Filesystem",
    "Block",
    "ReadWriteOnce",
    "ReadWriteOncePod",
    "1Gi",
    "0",
    "-1",
    "1.5e3",
    "lots",
    "10%",
    "101%",
    "10.0.0.1",
    "fd00::1",
    "127.0.0.1",
    "a.b",
    "x/y",
    "/abs",
    "..",
    "kubernetes",
    "orphan",
    "v1",
    "IPv4",
    "FQDN",
    "Normal",
    "Bound",
    "localhost:5000/img",
]
_INTS = st.one_of(st.sampled_from([0, 1, -1, 80, 65536, 2**31]), st.integers(-5, 5))
_MAX_DEPTH = 7


def _strings() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_WORDS), st.text(max_size=8))


def _from_schema(node: schema.Schema | None, depth: int) -> st.SearchStrategy[Any]:
    if node is None or node.is_open or depth > _MAX_DEPTH:
        return st.one_of(st.none(), _strings(), _INTS)
    types = node.types
    choices: list[st.SearchStrategy[Any]] = [st.none()]
    if "object" in types:
        choices.append(_object(node, depth))
    if "array" in types:
        choices.append(st.lists(_from_schema(node.items, depth + 1), max_size=2))
    if "string" in types:
        choices.append(_strings())
    if "integer" in types or "number" in types:
        choices.append(_INTS)
    if "boolean" in types:
        choices.append(st.booleans())
    return st.one_of(choices)


def _object(node: schema.Schema, depth: int) -> st.SearchStrategy[Any]:
    if node.values is not None:
        return st.dictionaries(_strings(), _from_schema(node.values, depth + 1), max_size=2)
    fields = {name: _from_schema(child, depth + 1) for name, child in node.fields()}
    return st.fixed_dictionaries({}, optional=fields)


def _objects(resource: ResourceType) -> st.SearchStrategy[Object]:
    root = schema.load().for_kind(resource.group, resource.version, resource.kind)
    assert root is not None
    return _object(root, 0)


_STORED = [r for r in RESOURCES if r.stored]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_strategy_raises(data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(_STORED))
    rules = strategy_for(resource)
    first = data.draw(_objects(resource))
    second = data.draw(_objects(resource))

    created = copy.deepcopy(first)
    rules.prepare_for_create(created)
    rules.default(created)
    rules.validate(created)
    rules.warnings(created, None)
    again = copy.deepcopy(created)
    rules.default(again)
    assert again == created

    updated = copy.deepcopy(second)
    rules.prepare_for_update(updated, created)
    rules.default(updated)
    rules.validate_update(updated, created)
    rules.warnings(updated, created)

    status = copy.deepcopy(second)
    rules.prepare_for_status_update(status, created)
    rules.validate_status_update(status, created)
