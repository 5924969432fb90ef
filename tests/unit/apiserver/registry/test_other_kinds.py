"""Namespaces, Nodes, ConfigMaps, Secrets, Events, Leases, Endpoints, EndpointSlices,
ControllerRevisions."""

from __future__ import annotations

import base64
import copy
from typing import Any

from stead.apiserver.registry import core_event_to_events_v1, events_v1_to_core_event
from tests.unit.apiserver.registry.objects import (
    create_errors,
    created,
    rendered,
    stored,
    strategy,
    update_errors,
    updated,
)

Object = dict[str, Any]


# --- namespaces -------------------------------------------------------------------------------


def test_a_namespace_gets_its_name_label_finalizer_and_phase() -> None:
    obj = created("", "Namespace", {"metadata": {"name": "team-a", "labels": {"x": "y"}}})
    assert obj["metadata"]["labels"] == {"x": "y", "kubernetes.io/metadata.name": "team-a"}
    assert obj["spec"] == {"finalizers": ["kubernetes"]}
    assert obj["status"] == {"phase": "Active"}


def test_the_name_label_cannot_be_changed_and_finalizers_only_by_finalize() -> None:
    old = stored("", "Namespace", {"metadata": {"name": "team-a"}})
    new = copy.deepcopy(old)
    new["metadata"]["labels"]["kubernetes.io/metadata.name"] = "other"
    new["spec"]["finalizers"] = []
    after = updated("", "Namespace", new, old)
    assert after["metadata"]["labels"]["kubernetes.io/metadata.name"] == "team-a"
    assert after["spec"]["finalizers"] == ["kubernetes"]
    assert update_errors("", "Namespace", new, old) == []


def test_namespace_phase_follows_deletion() -> None:
    rules = strategy("", "Namespace")
    old = stored("", "Namespace", {"metadata": {"name": "team-a"}})
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Terminating"}
    rules.prepare_for_status_update(new, old)
    assert rendered(rules.validate_status_update(new, old)) == [
        "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` "
        "is empty"
    ]


def test_namespace_finalizer_names() -> None:
    assert create_errors("", "Namespace", {"metadata": {"name": "a"},
                                           "spec": {"finalizers": ["cleanup"]}}) == [
        'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor '
        "is it fully qualified"
    ]  # fmt: skip


# --- nodes ------------------------------------------------------------------------------------


def _node() -> Object:
    return {
        "metadata": {"name": "node-1"},
        "spec": {"podCIDR": "10.244.1.0/24"},
        "status": {"capacity": {"cpu": "4", "memory": "8Gi"}, "addresses": []},
    }


def test_a_node_keeps_its_status_on_create_and_defaults_allocatable() -> None:
    obj = created("", "Node", _node())
    assert obj["status"]["allocatable"] == {"cpu": "4", "memory": "8Gi"}
    assert obj["spec"]["podCIDRs"] == ["10.244.1.0/24"]
    assert rendered(strategy("", "Node").validate(obj)) == []


def test_node_rules() -> None:
    bad = _node()
    bad["spec"]["taints"] = [{"key": "k", "effect": "Sometimes"}]
    assert create_errors("", "Node", bad) == [
        'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: '
        '"NoSchedule", "PreferNoSchedule", "NoExecute"'
    ]
    old = stored("", "Node", _node())
    new = copy.deepcopy(old)
    new["spec"]["podCIDRs"] = ["10.244.2.0/24"]
    new["spec"]["podCIDR"] = "10.244.2.0/24"
    assert update_errors("", "Node", new, old) == [
        'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'
    ]


# --- config maps and secrets ------------------------------------------------------------------


def _config_map(**fields: Any) -> Object:
    return {"metadata": {"name": "settings", "namespace": "default"}, **fields}


def test_config_map_keys_and_size() -> None:
    assert create_errors("", "ConfigMap", _config_map(data={"a/b": "1"})) == [
        'data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric '
        "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex "
        "used for validation is '[-._a-zA-Z0-9]+')"
    ]
    both = _config_map(data={"k": "1"}, binaryData={"k": "MQ=="})
    assert create_errors("", "ConfigMap", both) == [
        'data[k]: Invalid value: "k": duplicate of key present in binaryData'
    ]
    huge = _config_map(data={"k": "x" * (1024 * 1024 + 1)})
    assert create_errors("", "ConfigMap", huge) == [
        ": Too long: may not be more than 1048576 bytes"
    ]


def test_immutable_config_maps_and_secrets() -> None:
    old = stored("", "ConfigMap", _config_map(data={"k": "1"}, immutable=True))
    new = copy.deepcopy(old)
    new["data"] = {"k": "2"}
    del new["immutable"]
    assert update_errors("", "ConfigMap", new, old) == [
        "immutable: Forbidden: field is immutable when `immutable` is set",
        "data: Forbidden: field is immutable when `immutable` is set",
    ]
    relabelled = copy.deepcopy(old)
    relabelled["metadata"]["labels"] = {"a": "b"}
    assert update_errors("", "ConfigMap", relabelled, old) == []


def test_secrets_fold_string_data_and_default_their_type() -> None:
    obj = created("", "Secret", _config_map(stringData={"password": "hunter2"}))
    assert obj["type"] == "Opaque"
    assert "stringData" not in obj
    assert obj["data"] == {"password": base64.b64encode(b"hunter2").decode()}


def test_secret_rules() -> None:
    assert create_errors("", "Secret", _config_map(data={"k": "not base64!"})) == [
        'data[k]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3'
    ]
    tls = _config_map(type="kubernetes.io/tls", data={"tls.crt": "YQ=="})
    assert create_errors("", "Secret", tls) == ["data[tls.key]: Required value"]
    old = stored("", "Secret", _config_map(data={"k": "YQ=="}))
    new = copy.deepcopy(old)
    new["type"] = "kubernetes.io/basic-auth"
    new["data"] = {"username": "YQ=="}
    assert update_errors("", "Secret", new, old) == [
        'type: Invalid value: "kubernetes.io/basic-auth": field is immutable'
    ]


# --- events -----------------------------------------------------------------------------------


def _core_event(**fields: Any) -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "web-0.17a", "namespace": "default"},
        "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web-0"},
        "reason": "Scheduled",
        "message": "Successfully assigned default/web-0 to node-1",
        "source": {"component": "default-scheduler"},
        "firstTimestamp": "2026-11-23T18:39:01Z",
        "lastTimestamp": "2026-11-23T18:39:01Z",
        "count": 1,
        "type": "Normal",
        **fields,
    }


def test_events_convert_both_ways() -> None:
    core = _core_event(reportingComponent="default-scheduler", reportingInstance="sched-1")
    served = core_event_to_events_v1(core)
    assert served == {
        "kind": "Event",
        "apiVersion": "events.k8s.io/v1",
        "metadata": core["metadata"],
        "reason": "Scheduled",
        "type": "Normal",
        "reportingInstance": "sched-1",
        "regarding": core["involvedObject"],
        "note": core["message"],
        "deprecatedSource": {"component": "default-scheduler"},
        "deprecatedFirstTimestamp": "2026-11-23T18:39:01Z",
        "deprecatedLastTimestamp": "2026-11-23T18:39:01Z",
        "deprecatedCount": 1,
        "reportingController": "default-scheduler",
    }
    assert events_v1_to_core_event(served) == core


def test_core_events_get_the_lenient_checks() -> None:
    assert create_errors("", "Event", _core_event()) == []
    elsewhere = _core_event()
    elsewhere["involvedObject"]["namespace"] = "kube-system"
    assert create_errors("", "Event", elsewhere) == [
        'involvedObject.namespace: Invalid value: "kube-system": does not match event.namespace'
    ]


def _new_event(**fields: Any) -> Object:
    return {
        "apiVersion": "events.k8s.io/v1",
        "kind": "Event",
        "metadata": {"name": "web.1", "namespace": "default"},
        "eventTime": "2026-11-23T18:39:01.000000Z",
        "reportingController": "stead.dev/statefulset-controller",
        "reportingInstance": "controller-1",
        "action": "Create",
        "reason": "SuccessfulCreate",
        "regarding": {"kind": "StatefulSet", "namespace": "default", "name": "web"},
        "note": "create Pod web-0 in StatefulSet web successful",
        "type": "Normal",
        **fields,
    }


def test_events_v1_get_the_strict_checks() -> None:
    assert create_errors("events.k8s.io", "Event", _new_event()) == []
    assert create_errors("events.k8s.io", "Event", _new_event(type="Info", deprecatedCount=2)) == [
        'type: Invalid value: "": has invalid value: Info',
        'count: Invalid value: "": needs to be unset',
    ]
    assert create_errors("events.k8s.io", "Event", _new_event(eventTime=None)) == [
        "eventTime: Required value"
    ]
    assert create_errors("events.k8s.io", "Event", _new_event(action="")) == [
        "action: Required value"
    ]


def test_events_v1_updates_keep_what_happened() -> None:
    old = stored("events.k8s.io", "Event", _new_event())
    new = copy.deepcopy(old)
    new["note"] = "changed"
    new["series"] = {"count": 2, "lastObservedTime": "2026-11-23T18:40:01.000000Z"}
    assert update_errors("events.k8s.io", "Event", new, old) == [
        'message: Invalid value: "changed": field is immutable'
    ]


# --- leases, endpoints, slices, revisions -------------------------------------------------------


def test_lease_rules() -> None:
    lease = {"metadata": {"name": "node-1", "namespace": "kube-node-lease"},
             "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 0}}  # fmt: skip
    assert create_errors("coordination.k8s.io", "Lease", lease) == [
        "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"
    ]


def test_endpoints_rules() -> None:
    endpoints = {
        "metadata": {"name": "nginx", "namespace": "default"},
        "subsets": [{"addresses": [{"ip": "10.0.0.5"}], "ports": [{"port": 80}]}],
    }
    obj = created("", "Endpoints", endpoints)
    assert obj["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    assert rendered(strategy("", "Endpoints").validate(obj)) == []
    endpoints["subsets"] = [{"addresses": [{"ip": "127.0.0.1"}]}, {"ports": [{"port": 80}]}]
    assert create_errors("", "Endpoints", endpoints) == [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range '
        "(127.0.0.0/8, ::1/128)",
        "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`",
    ]


def _slice(**fields: Any) -> Object:
    return {
        "metadata": {"name": "nginx-abcde", "namespace": "default"},
        "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.5"], "conditions": {"ready": True}}],
        "ports": [{"port": 80}],
        **fields,
    }


def test_endpoint_slice_rules_and_generation() -> None:
    obj = created("discovery.k8s.io", "EndpointSlice", _slice())
    assert obj["ports"] == [{"port": 80, "name": "", "protocol": "TCP"}]
    assert obj["metadata"]["generation"] == 1
    assert create_errors("discovery.k8s.io", "EndpointSlice", _slice(addressType="IPv5")) == [
        'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"'
    ]
    assert create_errors(
        "discovery.k8s.io", "EndpointSlice", _slice(endpoints=[{"addresses": []}])
    ) == ["endpoints[0].addresses: Required value: must contain at least 1 address"]
    old = stored("discovery.k8s.io", "EndpointSlice", _slice())
    new = copy.deepcopy(old)
    new["endpoints"][0]["conditions"]["ready"] = False
    assert updated("discovery.k8s.io", "EndpointSlice", new, old)["metadata"]["generation"] == 2
    new["addressType"] = "IPv6"
    new["endpoints"][0]["addresses"] = ["fd00::5"]
    assert update_errors("discovery.k8s.io", "EndpointSlice", new, old) == [
        'addressType: Invalid value: "IPv6": field is immutable'
    ]


def test_controller_revisions_keep_their_data() -> None:
    revision = {"metadata": {"name": "web-6c5f7b6d7b", "namespace": "default"},
                "data": {"spec": {"template": {}}}, "revision": 1}  # fmt: skip
    assert create_errors("apps", "ControllerRevision", revision) == []
    assert create_errors("apps", "ControllerRevision", {**revision, "data": None}) == [
        "data: Required value: data is mandatory"
    ]
    old = stored("apps", "ControllerRevision", revision)
    new = copy.deepcopy(old)
    new["revision"] = 3
    assert update_errors("apps", "ControllerRevision", new, old) == []
    new["data"] = {"spec": {}}
    assert update_errors("apps", "ControllerRevision", new, old) == [
        'data: Invalid value: {"spec":{}}: field is immutable'
    ]
