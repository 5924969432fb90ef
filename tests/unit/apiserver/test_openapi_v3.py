"""The `/openapi/v3` index and per-group-version documents kubectl reads."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from stead.api import kinds
from stead.apiserver import openapi

COMPONENTS = "#/components/schemas/"
SERVED = sorted(
    {f"apis/{r.group}/{r.version}" if r.group else f"api/{r.version}" for r in kinds.RESOURCES}
)


def _document(path: str) -> dict[str, Any]:
    body = openapi.openapi_v3_document(path)
    assert body is not None
    return dict(orjson.loads(body))


def _nodes(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


def _object_path(resource: kinds.ResourceType) -> str:
    root = f"/apis/{resource.group}" if resource.group else "/api"
    scope = "/namespaces/{namespace}" if resource.namespaced else ""
    return f"{root}/{resource.version}{scope}/{resource.plural}/{{name}}"


def _gv_path(resource: kinds.ResourceType) -> str:
    return f"apis/{resource.group}/{resource.version}" if resource.group else "api/v1"


def test_index_lists_every_served_group_version_with_the_hash_of_its_bytes() -> None:
    index = orjson.loads(openapi.openapi_v3_index())
    assert sorted(index["paths"]) == SERVED
    for path, entry in index["paths"].items():
        body = openapi.openapi_v3_document(path)
        assert body is not None
        digest = hashlib.sha512(body).hexdigest().upper()
        assert entry["serverRelativeURL"] == f"/openapi/v3/{path}?hash={digest}"
        assert openapi.openapi_v3_hash(path) == digest


def test_unknown_group_versions_have_no_document() -> None:
    assert openapi.openapi_v3_document("apis/batch/v1") is None
    assert openapi.openapi_v3_hash("apis/apps/v2") is None
    assert openapi.openapi_v3_document("/api/v1/") == openapi.openapi_v3_document("api/v1")


@pytest.mark.parametrize("path", SERVED)
def test_every_reference_resolves(path: str) -> None:
    document = _document(path)
    schemas = document["components"]["schemas"]
    refs = {node["$ref"] for node in _nodes(document) if isinstance(node.get("$ref"), str)}
    assert refs
    for ref in refs:
        assert ref.startswith(COMPONENTS)
        assert ref.removeprefix(COMPONENTS) in schemas, ref


@pytest.mark.parametrize("path", SERVED)
def test_schemas_use_plain_openapi_types(path: str) -> None:
    for node in _nodes(_document(path)["components"]):
        assert not isinstance(node.get("type"), list), node
        assert "$defs" not in str(node.get("$ref", ""))


@pytest.mark.parametrize("resource", kinds.RESOURCES, ids=lambda r: f"{r.group}/{r.kind}")
def test_each_kind_schema_carries_its_group_version_kind(resource: kinds.ResourceType) -> None:
    gvk = {"group": resource.group, "version": resource.version, "kind": resource.kind}
    schemas = _document(_gv_path(resource))["components"]["schemas"]
    owners = [s for s in schemas.values() if gvk in s.get("x-kubernetes-group-version-kind", [])]
    assert len(owners) == 1
    assert "enum" not in owners[0]["properties"]["kind"]
    assert "enum" not in owners[0]["properties"]["apiVersion"]


@pytest.mark.parametrize(
    "resource", [r for r in kinds.RESOURCES if "patch" in r.verbs], ids=lambda r: r.kind
)
def test_patch_operations_advertise_field_validation(resource: kinds.ResourceType) -> None:
    item = _document(_gv_path(resource))["paths"][_object_path(resource)]
    patch = item["patch"]
    gvk = {"group": resource.group, "version": resource.version, "kind": resource.kind}
    assert patch["x-kubernetes-group-version-kind"] == gvk
    assert patch["x-kubernetes-action"] == "patch"
    names = {p["name"] for p in patch["parameters"]}
    assert {"fieldValidation", "dryRun", "fieldManager", "force"} <= names
    assert "application/strategic-merge-patch+json" in patch["requestBody"]["content"]
    assert {p["name"] for p in item["parameters"]} >= {"name"}


def test_statefulset_paths_cover_the_verbs_and_subresources() -> None:
    paths = _document("apis/apps/v1")["paths"]
    collection = paths["/apis/apps/v1/namespaces/{namespace}/statefulsets"]
    assert {m: op["x-kubernetes-action"] for m, op in collection.items() if m != "parameters"} == {
        "get": "list",
        "post": "post",
        "delete": "deletecollection",
    }
    assert "fieldValidation" in {p["name"] for p in collection["post"]["parameters"]}
    body = collection["post"]["requestBody"]["content"]["*/*"]["schema"]
    assert body == {"$ref": COMPONENTS + "io.k8s.api.apps.v1.StatefulSet"}
    item = paths["/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}"]
    assert set(item) == {"get", "put", "patch", "delete", "parameters"}
    scale = paths["/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale"]["patch"]
    assert scale["x-kubernetes-group-version-kind"]["group"] == "autoscaling"
    every = paths["/apis/apps/v1/statefulsets"]["get"]
    assert every["x-kubernetes-action"] == "list"


def test_create_only_kinds_have_only_a_post() -> None:
    paths = _document("apis/authorization.k8s.io/v1")["paths"]
    review = paths["/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"]
    assert set(review) == {"post"}
    assert not any(p.endswith("{name}") for p in paths)


def test_described_references_are_wrapped_in_all_of_like_upstream() -> None:
    schemas = _document("apis/apps/v1")["components"]["schemas"]
    spec = schemas["io.k8s.api.apps.v1.StatefulSetSpec"]
    strategy = spec["properties"]["updateStrategy"]
    assert strategy["allOf"] == [
        {"$ref": COMPONENTS + "io.k8s.api.apps.v1.StatefulSetUpdateStrategy"}
    ]
    assert strategy["description"].startswith("updateStrategy indicates")
    assert spec["required"] == ["selector", "template"]
    containers = schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["items"] == {"$ref": COMPONENTS + "io.k8s.api.core.v1.Container"}
    assert containers["x-kubernetes-patch-merge-key"] == "name"
    assert containers["x-kubernetes-list-type"] == "map"


def test_scalar_unions_take_upstreams_v3_form() -> None:
    schemas = _document("api/v1")["components"]["schemas"]
    int_or_string = schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]
    assert int_or_string["format"] == "int-or-string"
    assert int_or_string["oneOf"] == [{"type": "integer"}, {"type": "string"}]
    quantity = schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]
    assert quantity["oneOf"] == [{"type": "string"}, {"type": "number"}]
    assert "type" not in int_or_string
    assert "type" not in quantity


def test_pod_binding_is_a_create_on_the_subresource() -> None:
    paths = _document("api/v1")["paths"]
    binding = paths["/api/v1/namespaces/{namespace}/pods/{name}/binding"]
    assert set(binding) == {"post", "parameters"}
    assert binding["post"]["x-kubernetes-group-version-kind"]["kind"] == "Binding"
