"""What every kind shares: ObjectMeta rules, generation, status handling."""

from __future__ import annotations

import copy
from typing import Any

from stead.api.kinds import RESOURCES
from stead.api.validation import dns1123_subdomain_errors
from stead.apiserver.registry import strategy_for
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

LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)


def config_map(**meta: Any) -> Object:
    return {"metadata": {"name": "settings", "namespace": "default", **meta}, "data": {"a": "1"}}


def _meta_errors(**meta: Any) -> list[str]:
    return create_errors("", "ConfigMap", config_map(**meta))


def test_every_stored_resource_has_a_strategy() -> None:
    for resource in RESOURCES:
        if resource.stored:
            assert strategy_for(resource).resource == resource


def test_name_is_required() -> None:
    obj = config_map()
    del obj["metadata"]["name"]
    assert create_errors("", "ConfigMap", obj) == [
        "metadata.name: Required value: name or generateName is required"
    ]


def test_names_follow_the_kind() -> None:
    bad = "Bad.Name"
    assert _meta_errors(name=bad) == [
        f'metadata.name: Invalid value: "{bad}": {msg}' for msg in dns1123_subdomain_errors(bad)
    ]
    namespace = {"metadata": {"name": "Team_A"}}
    assert create_errors("", "Namespace", namespace) == [
        f'metadata.name: Invalid value: "Team_A": {LABEL}'
    ]
    assert create_errors("", "Namespace", {"metadata": {"name": "a.b"}}) == [
        'metadata.name: Invalid value: "a.b": must not contain dots'
    ]


def test_generate_name_may_end_in_a_dash() -> None:
    assert _meta_errors(generateName="settings-") == []
    assert _meta_errors(generateName="Settings-") == [
        f'metadata.generateName: Invalid value: "Settings-": {msg}'
        for msg in dns1123_subdomain_errors("Settinga")
    ]


def test_namespace_present_exactly_for_namespaced_kinds() -> None:
    obj = config_map()
    del obj["metadata"]["namespace"]
    assert create_errors("", "ConfigMap", obj) == ["metadata.namespace: Required value"]
    pv = {
        "metadata": {"name": "pv", "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                 "hostPath": {"path": "/tmp/pv"}},
    }  # fmt: skip
    assert create_errors("", "PersistentVolume", pv) == [
        "metadata.namespace: Forbidden: not allowed on this type"
    ]


def test_owner_references() -> None:
    assert _meta_errors(ownerReferences=[{"apiVersion": "apps/v1", "kind": "StatefulSet"}]) == [
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]
    assert _meta_errors(ownerReferences=[{"kind": "X", "name": "x", "uid": "1"}]) == [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty'
    ]
    owner = {"apiVersion": "apps/v1", "kind": "StatefulSet", "controller": True}
    refs = [{**owner, "name": "a", "uid": "1"}, {**owner, "name": "b", "uid": "2"}]
    errors = _meta_errors(ownerReferences=refs)
    assert len(errors) == 1
    assert errors[0].startswith("metadata.ownerReferences: Invalid value: [")
    assert errors[0].endswith(
        ': Only one reference can have Controller set to true. Found "true" in references for '
        "StatefulSet/a and StatefulSet/b"
    )
    event_owner = {"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "1"}
    assert _meta_errors(ownerReferences=[event_owner]) == [
        'metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e",'
        '"uid":"1"}: /v1, Kind=Event is disallowed from being an owner'
    ]


def test_finalizers() -> None:
    assert _meta_errors(finalizers=["kubernetes", "example.com/cleanup"]) == []
    assert _meta_errors(finalizers=["cleanup"]) == [
        'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer '
        "name nor is it fully qualified"
    ]
    assert _meta_errors(finalizers=["orphan", "foregroundDeletion"]) == [
        'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan '
        "and foregroundDeletion cannot be both set"
    ]


def test_negative_generation_is_reset_by_the_server() -> None:
    assert _meta_errors(generation=-3) == []


def test_labels_and_annotations_are_checked() -> None:
    errors = _meta_errors(labels={"app": "a b"}, annotations={"ok": "x"})
    assert errors
    assert all(e.startswith('metadata.labels: Invalid value: "a b"') for e in errors)
    big = {"a": "x" * (256 * 1024)}
    assert _meta_errors(annotations=big) == [
        "metadata.annotations: Too long: may not be more than 262144 bytes"
    ]


def test_immutable_metadata_on_update() -> None:
    old = stored("", "ConfigMap", config_map())
    new = copy.deepcopy(old)
    new["metadata"]["uid"] = "u-2"
    assert update_errors("", "ConfigMap", new, old) == [
        'metadata.uid: Invalid value: "u-2": field is immutable'
    ]


def test_no_new_finalizers_while_deleting() -> None:
    old = stored("", "ConfigMap", config_map(finalizers=["kubernetes"]))
    old["metadata"]["deletionTimestamp"] = "2026-11-23T18:40:00Z"
    new = copy.deepcopy(old)
    new["metadata"]["finalizers"] = ["kubernetes", "example.com/b", "example.com/a"]
    assert update_errors("", "ConfigMap", new, old) == [
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
        'deleted, found new finalizers []string{"example.com/a", "example.com/b"}'
    ]
    new["metadata"]["finalizers"] = []
    assert update_errors("", "ConfigMap", new, old) == []


def test_kinds_without_generation_never_get_one() -> None:
    obj = created("", "ConfigMap", config_map(generation=5))
    assert "generation" not in obj["metadata"]
    old = stored("", "ConfigMap", config_map())
    new = copy.deepcopy(old)
    new["data"] = {"a": "2"}
    new["metadata"]["generation"] = 9
    assert "generation" not in updated("", "ConfigMap", new, old)["metadata"]


def test_generation_cannot_be_set_by_the_client() -> None:
    sts = stored("apps", "StatefulSet", {
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"a": "b"}},
                 "template": {"metadata": {"labels": {"a": "b"}},
                              "spec": {"containers": [{"name": "c", "image": "i"}]}}},
    })  # fmt: skip
    new = copy.deepcopy(sts)
    new["metadata"]["generation"] = 99
    assert updated("apps", "StatefulSet", new, sts)["metadata"]["generation"] == 1


def test_status_update_of_a_kind_keeps_everything_else() -> None:
    rules = strategy("", "PersistentVolumeClaim")
    old = stored("", "PersistentVolumeClaim", {
        "metadata": {"name": "c", "namespace": "default", "annotations": {"a": "1"}},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
    })  # fmt: skip
    new = copy.deepcopy(old)
    new["spec"]["volumeName"] = "pv-1"
    new["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "Pod", "name": "p",
                                           "uid": "1"}]  # fmt: skip
    new["metadata"]["annotations"] = {"b": "2"}
    new["status"] = {"phase": "Bound"}
    rules.prepare_for_status_update(new, old)
    assert new["spec"] == old["spec"]
    assert "ownerReferences" not in new["metadata"]
    assert new["metadata"]["annotations"] == {"b": "2"}
    assert new["status"] == {"phase": "Bound"}
    assert rendered(rules.validate_status_update(new, old)) == []
