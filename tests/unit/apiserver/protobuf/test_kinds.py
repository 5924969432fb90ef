"""Each decodable kind, with every field its table knows, encoded by the test encoder."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from stead.apiserver.protobuf import KINDS, decode_object
from stead.apiserver.protobuf.core import CONFIG_MAP, SERVICE_PORT
from stead.apiserver.protobuf.model import Message
from stead.apiserver.protobuf.wire import FIXED32, FIXED64
from tests.unit.apiserver.protobuf.encoder import (
    encode_message,
    encode_object,
    envelope,
    key,
    length_delimited,
    varint_field,
)

FULL_META: dict[str, Any] = {
    "name": "web",
    "generateName": "web-",
    "namespace": "default",
    "selfLink": "/api/v1/namespaces/default/configmaps/web",
    "uid": "5f2a",
    "resourceVersion": "42",
    "generation": 3,
    "creationTimestamp": "2024-05-01T10:00:00Z",
    "deletionTimestamp": "0001-01-01T00:00:01Z",
    "deletionGracePeriodSeconds": 0,
    "labels": {"app": "web", "empty": ""},
    "annotations": {"note": "x"},
    "ownerReferences": [
        {
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "name": "web",
            "uid": "9c1b",
            "controller": True,
            "blockOwnerDeletion": False,
        }
    ],
    "finalizers": ["example.com/keep"],
    "managedFields": [
        {
            "manager": "kubectl",
            "operation": "Apply",
            "apiVersion": "v1",
            "time": "9999-12-31T23:59:59Z",
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:data": {"f:a": {}}},
            "subresource": "status",
        }
    ],
}

CONDITION = {
    "type": "Ready",
    "status": "True",
    "observedGeneration": 2,
    "lastTransitionTime": "2024-05-01T10:00:00Z",
    "reason": "Done",
    "message": "all good",
}

OBJECTS: list[dict[str, Any]] = [
    {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": FULL_META,
        "spec": {"finalizers": ["kubernetes"]},
        "status": {
            "phase": "Terminating",
            "conditions": [
                {
                    "type": "NamespaceDeletionContentFailure",
                    "status": "False",
                    "lastTransitionTime": "2024-05-01T10:00:00Z",
                    "reason": "R",
                    "message": "M",
                }
            ],
        },
    },
    {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": FULL_META,
        "immutable": False,
        "data": {"a": "b", "unicode": "h\u00e9llo \u2603"},
        "binaryData": {"bin": base64.b64encode(b"\xff\x00").decode()},
    },
    {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "immutable": True,
        "data": {"k": "dg==", "empty": ""},
        "stringData": {"plain": "text"},
        "type": "Opaque",
    },
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "svc", "namespace": "default"},
        "spec": {
            "ports": [
                {
                    "name": "http",
                    "protocol": "TCP",
                    "appProtocol": "kubernetes.io/h2c",
                    "port": 80,
                    "targetPort": "web",
                    "nodePort": 30080,
                },
                {"port": 443, "targetPort": 8443},
            ],
            "selector": {"app": "web"},
            "clusterIP": "10.0.0.1",
            "clusterIPs": ["10.0.0.1", "fd00::1"],
            "type": "LoadBalancer",
            "externalIPs": ["192.0.2.1"],
            "sessionAffinity": "ClientIP",
            "loadBalancerIP": "192.0.2.2",
            "loadBalancerSourceRanges": ["192.0.2.0/24"],
            "externalName": "db.example.com",
            "externalTrafficPolicy": "Local",
            "healthCheckNodePort": -1,
            "publishNotReadyAddresses": True,
            "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
            "ipFamilies": ["IPv4", "IPv6"],
            "ipFamilyPolicy": "PreferDualStack",
            "allocateLoadBalancerNodePorts": False,
            "loadBalancerClass": "example.com/lb",
            "internalTrafficPolicy": "Cluster",
            "trafficDistribution": "PreferClose",
        },
        "status": {
            "loadBalancer": {
                "ingress": [
                    {
                        "ip": "192.0.2.3",
                        "hostname": "lb.example.com",
                        "ipMode": "VIP",
                        "ports": [{"port": 80, "protocol": "TCP", "error": "Pending"}],
                    }
                ]
            },
            "conditions": [CONDITION],
        },
    },
    {
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "metadata": {"name": "web-0", "namespace": "default"},
        "deleteOptions": {
            "gracePeriodSeconds": 0,
            "preconditions": {"uid": "5f2a", "resourceVersion": ""},
            "orphanDependents": False,
            "propagationPolicy": "Foreground",
            "dryRun": ["All"],
            "ignoreStoreReadErrorWithClusterBreakingPotential": False,
        },
    },
    {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectAccessReview",
        "metadata": {},
        "spec": {
            "resourceAttributes": {
                "namespace": "default",
                "verb": "list",
                "group": "apps",
                "version": "v1",
                "resource": "statefulsets",
                "subresource": "scale",
                "name": "web",
                "fieldSelector": {
                    "rawSelector": "metadata.name=web",
                    "requirements": [
                        {"key": "metadata.name", "operator": "In", "values": ["web"]},
                    ],
                },
                "labelSelector": {"requirements": [{"key": "app", "operator": "Exists"}]},
            },
            "nonResourceAttributes": {"path": "/healthz", "verb": "get"},
        },
        "status": {"allowed": True, "denied": True, "reason": "r", "evaluationError": "e"},
    },
    {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectRulesReview",
        "metadata": {},
        "spec": {"namespace": "default"},
        "status": {
            "resourceRules": [
                {
                    "verbs": ["get"],
                    "apiGroups": [""],
                    "resources": ["pods"],
                    "resourceNames": ["web-0"],
                }
            ],
            "nonResourceRules": [{"verbs": ["get"], "nonResourceURLs": ["/healthz"]}],
            "incomplete": True,
            "evaluationError": "e",
        },
    },
    {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {},
        "status": {
            "userInfo": {
                "username": "admin",
                "uid": "1",
                "groups": ["system:masters"],
                "extra": {"scopes": ["a", "b"], "none": []},
            }
        },
    },
]


def _table(obj: dict[str, Any]) -> Message:
    return KINDS[(obj["apiVersion"], obj["kind"])]


@pytest.mark.parametrize("obj", OBJECTS, ids=[o["kind"] for o in OBJECTS])
def test_every_field_round_trips(obj: dict[str, Any]) -> None:
    assert decode_object(encode_object(obj, _table(obj))) == obj


def test_every_decodable_kind_is_covered() -> None:
    assert {(o["apiVersion"], o["kind"]) for o in OBJECTS} == set(KINDS)


def _decode_port(port: dict[str, Any]) -> Any:
    service = {"spec": {"ports": [port]}}
    raw = encode_message(KINDS[("v1", "Service")], service)
    return decode_object(envelope("v1", "Service", raw))["spec"]["ports"][0]


def test_zero_values_follow_go_json_tags() -> None:
    # omitempty fields sent as zero vanish, pointer fields stay, untagged ones are always there.
    port = {"name": "", "protocol": "", "appProtocol": "", "nodePort": 0}

    assert _decode_port(port) == {"appProtocol": "", "port": 0, "targetPort": 0}


def test_empty_body_object_is_the_zero_object() -> None:
    assert decode_object(envelope("v1", "Namespace", b"")) == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {},
        "spec": {},
        "status": {},
    }


def test_unknown_fields_are_skipped() -> None:
    fixed = key(98, FIXED32) + b"\x00" * 4 + key(97, FIXED64) + b"\x00" * 8
    unknown = varint_field(99, 1) + length_delimited(100, b"\xff\xff") + fixed
    raw = unknown + length_delimited(1, unknown + length_delimited(1, b"c") + unknown)

    assert decode_object(envelope("v1", "ConfigMap", raw))["metadata"] == {"name": "c"}


def test_repeated_message_field_merges_and_scalars_keep_the_last() -> None:
    first = encode_message(CONFIG_MAP, {"metadata": {"name": "a", "labels": {"x": "1"}}})
    second = encode_message(CONFIG_MAP, {"metadata": {"name": "b", "labels": {"x": "2"}}})

    decoded = decode_object(envelope("v1", "ConfigMap", first + second))

    assert decoded["metadata"] == {"name": "b", "labels": {"x": "2"}}


def test_map_entry_without_key_or_value_uses_empty_strings() -> None:
    raw = length_delimited(2, b"") + length_delimited(2, length_delimited(1, b"k"))

    assert decode_object(envelope("v1", "ConfigMap", raw))["data"] == {"": "", "k": ""}


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        (b"", {}),
        (varint_field(1, 0) + varint_field(2, 999), {"creationTimestamp": "1970-01-01T00:00:00Z"}),
        (varint_field(1, -62135596800), {}),
        (varint_field(1, -1), {"creationTimestamp": "1969-12-31T23:59:59Z"}),
    ],
)
def test_time_is_whole_seconds_and_zero_time_is_left_out(
    timestamp: bytes, expected: dict[str, Any]
) -> None:
    raw = length_delimited(1, length_delimited(8, timestamp))

    assert decode_object(envelope("v1", "ConfigMap", raw))["metadata"] == expected


def test_int32_takes_the_low_bits_of_a_wide_varint() -> None:
    port = encode_message(SERVICE_PORT, {"port": (1 << 32) + 80})
    raw = length_delimited(2, length_delimited(1, port))

    decoded = decode_object(envelope("v1", "Service", raw))

    assert decoded["spec"]["ports"] == [{"port": 80, "targetPort": 0}]
