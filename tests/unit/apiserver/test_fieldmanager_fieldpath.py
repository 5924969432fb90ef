"""Field sets: what a value specifies, FieldsV1 encoding, path rendering, set algebra."""

from __future__ import annotations

from typing import Any

import pytest

from stead.api import schema
from stead.apiserver.fieldmanager import FieldSet, field_set, from_fields_v1, path_string
from stead.apiserver.fieldmanager import fieldpath as fp

SVC = schema.load().for_kind("", "v1", "Service")
NODE = schema.load().for_kind("", "v1", "Node")


def test_field_set_of_a_service() -> None:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "nginx", "labels": {"app": "nginx"}, "finalizers": ["a", "b"]},
        "spec": {
            "selector": {"app": "nginx"},
            "ports": [{"port": 80, "name": "web"}, {"port": 53, "protocol": "UDP"}],
            "clusterIPs": ["None"],
            "sessionAffinityConfig": {},
            "extra": {"x": [1]},
        },
    }
    assert field_set(service, SVC).to_fields_v1() == {
        "f:apiVersion": {},
        "f:kind": {},
        "f:metadata": {
            "f:finalizers": {'v:"a"': {}, 'v:"b"': {}},
            "f:labels": {"f:app": {}},
            "f:name": {},
        },
        "f:spec": {
            "f:clusterIPs": {},
            "f:extra": {".": {}, "f:x": {}},
            "f:ports": {
                'k:{"port":53,"protocol":"UDP"}': {".": {}, "f:port": {}, "f:protocol": {}},
                'k:{"port":80,"protocol":"TCP"}': {".": {}, "f:name": {}, "f:port": {}},
            },
            "f:selector": {},
            "f:sessionAffinityConfig": {},
        },
    }


def test_fields_v1_round_trip_and_member_dots() -> None:
    encoded: dict[str, Any] = {
        "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
        "f:spec": {
            "f:list": {"i:0": {}, "i:10": {}, "i:2": {}},
            "f:set": {"v:1": {}, 'v:"a"': {}},
        },
    }
    decoded = from_fields_v1(encoded)
    assert decoded.has((fp.field("metadata"), fp.field("labels")))
    assert not decoded.has((fp.field("metadata"),))
    assert decoded.to_fields_v1() == encoded
    assert list(decoded.to_fields_v1()["f:spec"]["f:list"]) == ["i:0", "i:2", "i:10"]


def test_unknown_element_kinds_are_dropped() -> None:
    assert from_fields_v1({"f:a": {"x:y": {}}, "q:z": {}}).to_fields_v1() == {"f:a": {}}


@pytest.mark.parametrize(
    "bad", ["x", {"zz": {}}, {"f:a": 1}, {"k:{": {}}, {"k:[1]": {}}, {"i:x": {}}]
)
def test_malformed_fields_v1(bad: Any) -> None:
    with pytest.raises(ValueError, match="fieldsV1"):
        from_fields_v1(bad)


def test_path_strings() -> None:
    path = (
        fp.field("spec"),
        fp.field("containers"),
        fp.key({"name": "nginx"}),
        fp.field("ports"),
        fp.key({"protocol": "TCP", "containerPort": 80}),
    )
    assert (
        path_string(path) == '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]'
    )
    assert path_string((fp.field("finalizers"), fp.value("a"))) == '.finalizers[="a"]'
    assert path_string((fp.field("x"), fp.index(3))) == ".x[3]"


def test_keys_escape_like_go() -> None:
    assert fp.key({"name": "<a&b>"}).text == '{"name":"\\u003ca\\u0026b\\u003e"}'


def test_set_algebra() -> None:
    a = FieldSet.of(
        [(fp.field("a"),), (fp.field("b"), fp.field("c")), (fp.field("b"), fp.field("d"))]
    )
    b = FieldSet.of([(fp.field("b"),), (fp.field("b"), fp.field("c"))])
    assert a.union(b) == FieldSet.of([*a.paths(), (fp.field("b"),)])
    assert a.intersection(b) == FieldSet.of([(fp.field("b"), fp.field("c"))])
    assert a.difference(b) == FieldSet.of([(fp.field("a"),), (fp.field("b"), fp.field("d"))])
    assert a.recursive_difference(b) == FieldSet.of([(fp.field("a"),)])
    assert FieldSet().empty()
    assert not a.has(())


def test_node_taints_are_atomic_and_pod_cidrs_a_set() -> None:
    node = {"spec": {"taints": [{"key": "a", "effect": "NoSchedule"}], "podCIDRs": ["10.0.0.0/24"]}}
    assert field_set(node, NODE).to_fields_v1() == {
        "f:spec": {"f:podCIDRs": {'v:"10.0.0.0/24"': {}}, "f:taints": {}}
    }
