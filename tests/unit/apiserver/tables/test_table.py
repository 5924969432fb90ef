from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stead.api.errors import BadRequest
from stead.api.kinds import RESOURCES, ResourceType
from stead.apiserver.tables import printer_for, table
from stead.apiserver.tables.columns import DEFAULT, Doc
from tests.unit.apiserver.tables.helpers import NOW, ago, resource

PODS = resource("", "Pod")
COLUMN_KEYS = ["name", "type", "format", "description", "priority"]


def a_pod(name: str, *, phase: str = "Running", version: str = "7") -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": "default",
            "resourceVersion": version,
            "creationTimestamp": ago(minutes=5),
            "labels": {"app": "nginx"},
        },
        "spec": {"containers": [{"name": "nginx", "image": "nginx"}], "nodeName": "node-1"},
        "status": {"phase": phase},
    }


def test_list_table_shape() -> None:
    result = table(
        PODS,
        [a_pod("web-0"), a_pod("web-1", phase="Succeeded")],
        now=NOW,
        include_object="Metadata",
        list_meta={"resourceVersion": "42", "continue": ""},
    )
    assert list(result) == ["kind", "apiVersion", "metadata", "columnDefinitions", "rows"]
    assert result["kind"] == "Table"
    assert result["apiVersion"] == "meta.k8s.io/v1"
    assert result["metadata"] == {"resourceVersion": "42"}
    assert [list(c) for c in result["columnDefinitions"]] == [COLUMN_KEYS] * 9
    assert result["columnDefinitions"][0] == {
        "name": "Name",
        "type": "string",
        "format": "name",
        "description": result["columnDefinitions"][0]["description"],
        "priority": 0,
    }
    assert result["columnDefinitions"][0]["description"].startswith("Name must be unique")
    first, second = result["rows"]
    assert list(first) == ["cells", "object"]
    assert first["cells"][:5] == ["web-0", "0/1", "Running", "0", "5m"]
    assert first["object"] == {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": a_pod("web-0")["metadata"],
    }
    assert list(second) == ["cells", "conditions", "object"]
    assert second["conditions"][0]["type"] == "Completed"
    orjson.dumps(result)


def test_include_object_modes() -> None:
    pod = a_pod("web-0")
    bare = {key: value for key, value in pod.items() if key not in ("kind", "apiVersion")}

    def embedded(mode: str, obj: dict[str, Any]) -> object:
        return table(PODS, [obj], now=NOW, include_object=mode, list_meta=None)["rows"][0]["object"]

    assert embedded("Object", pod) == pod
    assert embedded("Object", bare) == pod
    assert embedded("None", pod) is None
    assert embedded("", pod) == embedded("Metadata", pod)
    assert embedded("Metadata", {"kind": "Pod"}) == {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {},
    }


def test_unknown_include_object_is_a_bad_request() -> None:
    with pytest.raises(BadRequest) as raised:
        table(PODS, [], now=NOW, include_object="Everything", list_meta=None)
    status = raised.value.to_status()
    assert status["code"] == 400
    assert status["reason"] == "BadRequest"
    assert status["message"] == 'unrecognized includeObject value: "Everything"'


def test_watch_event_tables_after_the_first_have_no_column_definitions() -> None:
    result = table(
        PODS,
        [a_pod("web-0", version="9")],
        now=NOW,
        include_object="Metadata",
        list_meta=None,
        with_column_definitions=False,
    )
    assert result["columnDefinitions"] == []
    assert result["metadata"] == {"resourceVersion": "9"}
    assert len(result["rows"]) == 1


@pytest.mark.parametrize(
    ("list_meta", "expected"),
    [
        ({}, {}),
        ({"resourceVersion": "", "continue": ""}, {}),
        (
            {"resourceVersion": "5", "continue": "token", "remainingItemCount": 3},
            {"resourceVersion": "5", "continue": "token", "remainingItemCount": 3},
        ),
        (
            {"resourceVersion": "5", "remainingItemCount": 0},
            {"resourceVersion": "5", "remainingItemCount": 0},
        ),
    ],
)
def test_list_metadata_follows_omitempty(
    list_meta: dict[str, Any], expected: dict[str, Any]
) -> None:
    result = table(PODS, [], now=NOW, include_object="None", list_meta=list_meta)
    assert result["metadata"] == expected
    assert result["rows"] == []


def test_single_object_without_version_has_empty_metadata() -> None:
    pod = a_pod("web-0")
    del pod["metadata"]["resourceVersion"]
    assert table(PODS, [pod], now=NOW, include_object="None", list_meta=None)["metadata"] == {}


def test_kinds_without_a_printer_get_name_and_creation_time() -> None:
    review = resource("authorization.k8s.io", "SelfSubjectAccessReview")
    custom = ResourceType("example.com", "v1", "Widget", "widgets", "widget", True)
    assert printer_for(review) is DEFAULT
    result = table(
        custom,
        [{"metadata": {"name": "w", "creationTimestamp": "2025-01-02T03:04:05Z"}}],
        now=NOW,
        include_object="None",
        list_meta={},
    )
    names_types = [(c["name"], c["type"], c["format"]) for c in result["columnDefinitions"]]
    assert names_types == [("Name", "string", "name"), ("Created At", "date", "")]
    assert result["rows"] == [{"cells": ["w", "2025-01-02T03:04:05Z"], "object": None}]


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda r: f"{r.group or 'core'}/{r.kind}")
def test_every_column_is_described_and_only_wide_ones_have_priority(kind: ResourceType) -> None:
    printer = printer_for(kind)
    definitions = table(kind, [], now=NOW, include_object="None", list_meta={})["columnDefinitions"]
    assert all(d["description"] for d in definitions)
    assert {d["priority"] for d in definitions} <= {0, 1}
    assert [d["format"] for d in definitions].count("name") == 1
    assert any(isinstance(c.description, Doc) for c in printer.columns)


def test_column_definitions_are_fresh_copies() -> None:
    first = table(PODS, [], now=NOW, include_object="None", list_meta={})
    first["columnDefinitions"][0]["name"] = "changed"
    second = table(PODS, [], now=NOW, include_object="None", list_meta={})
    assert second["columnDefinitions"][0]["name"] == "Name"


_KEYS = st.sampled_from(
    [
        "metadata", "spec", "status", "name", "namespace", "creationTimestamp",
        "deletionTimestamp", "labels", "annotations", "ownerReferences", "controller", "kind",
        "apiVersion", "containers", "initContainers", "restartPolicy", "containerStatuses",
        "initContainerStatuses", "state", "lastState", "waiting", "running", "terminated",
        "reason", "exitCode", "signal", "finishedAt", "ready", "started", "restartCount",
        "conditions", "type", "phase", "podIP", "podIPs", "ip", "readinessGates", "conditionType",
        "replicas", "readyReplicas", "template", "image", "revision", "capacity", "storage",
        "accessModes", "claimRef", "volumeName", "volumeMode", "ports", "port", "nodePort",
        "protocol", "clusterIP", "clusterIPs", "externalIPs", "selector", "loadBalancer",
        "ingress", "hostname", "subsets", "addresses", "endpoints", "addressType", "nodeInfo",
        "address", "unschedulable", "holderIdentity", "data", "binaryData", "involvedObject",
        "regarding", "note", "series", "count", "lastObservedTime", "eventTime", "source",
        "firstTimestamp", "lastTimestamp", "provisioner", "reclaimPolicy",
    ]
)  # fmt: skip
_TIMES = st.sampled_from(
    [
        "2025-06-01T11:00:00Z",
        "2025-06-01T11:59:59.5Z",
        "2030-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "x",
    ]
)
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-3, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=6)
    | _TIMES
)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=120, deadline=None)
@given(kind=st.sampled_from(RESOURCES), obj=st.dictionaries(_KEYS, _JSON, max_size=6))
def test_odd_objects_never_break_a_table(kind: ResourceType, obj: dict[str, Any]) -> None:
    result = table(kind, [obj], now=NOW, include_object="Object", list_meta=None)
    (row,) = result["rows"]
    assert len(row["cells"]) == len(result["columnDefinitions"])
    assert all(isinstance(cell, str | int) for cell in row["cells"])
    orjson.dumps(result, option=orjson.OPT_NON_STR_KEYS)
