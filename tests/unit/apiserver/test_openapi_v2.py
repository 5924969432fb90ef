"""`/openapi/v2` as gnostic protobuf, read back with a tiny wire-format walker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from stead.api import kinds
from stead.apiserver import openapi

Fields = list[tuple[int, bytes | int]]


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return value, at


def fields(data: bytes) -> Fields:
    """Every (field number, value) of one message: bytes for wire type 2, ints for 0."""
    out: Fields = []
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
            out.append((number, value))
        else:
            assert wire == 2, f"unexpected wire type {wire}"
            length, at = _varint(data, at)
            out.append((number, data[at : at + length]))
            at += length
    assert at == len(data)
    return out


def messages(data: bytes, number: int) -> list[bytes]:
    return [v for n, v in fields(data) if n == number and isinstance(v, bytes)]


def one(data: bytes, number: int) -> bytes:
    found = messages(data, number)
    assert len(found) == 1, f"field {number}: {len(found)} values"
    return found[0]


def text(data: bytes, number: int) -> str:
    return one(data, number).decode()


def named(data: bytes, number: int) -> Iterator[tuple[str, bytes]]:
    """The (name, value) pairs of a repeated Named* field."""
    for entry in messages(data, number):
        yield text(entry, 1), one(entry, 2)


def extensions(data: bytes, number: int) -> dict[str, object]:
    return {name: yaml.safe_load(text(value, 2)) for name, value in named(data, number)}


DOCUMENT = openapi.openapi_v2_protobuf()
PATHS = dict(named(one(DOCUMENT, 8), 2))
DEFINITIONS = dict(named(one(DOCUMENT, 9), 1))


def _object_path(resource: kinds.ResourceType) -> str:
    root = f"/apis/{resource.group}" if resource.group else "/api"
    scope = "/namespaces/{namespace}" if resource.namespaced else ""
    return f"{root}/{resource.version}{scope}/{resource.plural}/{{name}}"


def _query_names(operation: bytes) -> set[str]:
    names = set()
    for item in messages(operation, 8):
        parameter = one(item, 1)
        for non_body in messages(parameter, 2):
            for query in messages(non_body, 3):
                names.add(text(query, 4))
    return names


def test_document_header() -> None:
    assert text(DOCUMENT, 1) == "2.0"
    info = one(DOCUMENT, 2)
    assert text(info, 1) == "Kubernetes"


@pytest.mark.parametrize(
    "resource", [r for r in kinds.RESOURCES if "patch" in r.verbs], ids=lambda r: r.kind
)
def test_patch_of_every_kind_takes_field_validation(resource: kinds.ResourceType) -> None:
    patch = one(PATHS[_object_path(resource)], 8)
    assert "fieldValidation" in _query_names(patch)
    gvk = extensions(patch, 13)["x-kubernetes-group-version-kind"]
    assert gvk == {"group": resource.group, "version": resource.version, "kind": resource.kind}


def test_every_served_collection_has_a_path() -> None:
    for resource in kinds.RESOURCES:
        root = f"/apis/{resource.group}" if resource.group else "/api"
        scope = "/namespaces/{namespace}" if resource.namespaced else ""
        assert f"{root}/{resource.version}{scope}/{resource.plural}" in PATHS


@pytest.mark.parametrize("resource", kinds.RESOURCES, ids=lambda r: f"{r.group}/{r.kind}")
def test_definitions_carry_each_kind_with_its_gvk(resource: kinds.ResourceType) -> None:
    gvk = {"group": resource.group, "version": resource.version, "kind": resource.kind}
    owners = []
    for name, schema in DEFINITIONS.items():
        declared = extensions(schema, 31).get("x-kubernetes-group-version-kind")
        if isinstance(declared, list) and gvk in declared:
            owners.append(name)
    assert len(owners) == 1


def _references(schema: bytes) -> Iterator[str]:
    for number, value in fields(schema):
        if number == 1 and isinstance(value, bytes):
            yield value.decode()
        elif number in (21, 23) and isinstance(value, bytes):
            for inner in messages(value, 1):
                yield from _references(inner)
        elif number == 25 and isinstance(value, bytes):
            for _, child in named(value, 1):
                yield from _references(child)


def test_every_definition_reference_resolves() -> None:
    refs = {ref for schema in DEFINITIONS.values() for ref in _references(schema)}
    assert refs
    for ref in refs:
        assert ref.startswith("#/definitions/")
        assert ref.removeprefix("#/definitions/") in DEFINITIONS, ref


def test_container_list_keeps_its_patch_metadata() -> None:
    pod_spec = DEFINITIONS["io.k8s.api.core.v1.PodSpec"]
    properties = dict(named(one(pod_spec, 25), 1))
    containers = properties["containers"]
    assert text(one(containers, 22), 1) == "array"
    hints = extensions(containers, 31)
    assert hints["x-kubernetes-patch-merge-key"] == "name"
    assert hints["x-kubernetes-patch-strategy"] == "merge"
    item = one(one(containers, 23), 1)
    assert text(item, 1) == "#/definitions/io.k8s.api.core.v1.Container"


def test_references_keep_their_descriptions_beside_them() -> None:
    spec = DEFINITIONS["io.k8s.api.apps.v1.StatefulSetSpec"]
    strategy = dict(named(one(spec, 25), 1))["updateStrategy"]
    assert text(strategy, 1) == "#/definitions/io.k8s.api.apps.v1.StatefulSetUpdateStrategy"
    assert text(strategy, 4).startswith("updateStrategy indicates")
    assert not messages(strategy, 22)
    assert [v.decode() for n, v in fields(spec) if n == 19 and isinstance(v, bytes)] == [
        "selector",
        "template",
    ]


def test_int_or_string_is_a_string_with_a_format() -> None:
    node = DEFINITIONS["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]
    assert text(one(node, 22), 1) == "string"
    assert text(node, 2) == "int-or-string"
