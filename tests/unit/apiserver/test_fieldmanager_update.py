"""managedFields after creates, updates and non-apply patches; default manager names."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from stead.apiserver import fieldmanager

Object = dict[str, Any]
T1, T2, T3 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"


def pod() -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web-0",
            "namespace": "default",
            "uid": "u-1",
            "resourceVersion": "3",
            "generation": 1,
            "creationTimestamp": T1,
            "labels": {"app": "nginx"},
        },
        "spec": {
            "containers": [
                {
                    "name": "nginx",
                    "image": "nginx:1",
                    "env": [{"name": "A", "value": "1"}],
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                }
            ],
            "nodeName": "node-1",
        },
    }


def record(old: Object | None, new: Object, manager: str, **options: Any) -> Object:
    frozen = copy.deepcopy((old, new))
    options.setdefault("now", T1)
    fields = fieldmanager.record_update(old, new, manager=manager, **options)
    assert (old, new) == frozen, "inputs changed"
    result = copy.deepcopy(new)
    result["metadata"]["managedFields"] = fields
    return result


def fields_of(obj: Object, manager: str) -> Object:
    found = [e for e in obj["metadata"]["managedFields"] if e.get("manager") == manager]
    assert len(found) == 1, obj["metadata"]["managedFields"]
    fields: Object = found[0]["fieldsV1"]
    return fields


def test_create_owns_everything_but_server_fields() -> None:
    created = record(None, pod(), "kubectl-create")
    [entry] = created["metadata"]["managedFields"]
    assert {k: v for k, v in entry.items() if k != "fieldsV1"} == {
        "manager": "kubectl-create",
        "operation": "Update",
        "apiVersion": "v1",
        "time": T1,
        "fieldsType": "FieldsV1",
    }
    assert entry["fieldsV1"] == {
        "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
        "f:spec": {
            "f:containers": {
                'k:{"name":"nginx"}': {
                    ".": {},
                    "f:env": {".": {}, 'k:{"name":"A"}': {".": {}, "f:name": {}, "f:value": {}}},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": {
                        ".": {},
                        'k:{"containerPort":80,"protocol":"TCP"}': {
                            ".": {},
                            "f:containerPort": {},
                            "f:protocol": {},
                        },
                    },
                }
            },
            "f:nodeName": {},
        },
    }


def test_an_update_takes_the_fields_it_changes() -> None:
    created = record(None, pod(), "kubectl-create")
    changed = copy.deepcopy(created)
    changed["spec"]["containers"][0]["image"] = "nginx:2"
    changed["metadata"]["labels"]["tier"] = "web"
    edited = record(created, changed, "kubectl-edit", now=T2)
    container = fields_of(edited, "kubectl-edit")["f:spec"]["f:containers"]['k:{"name":"nginx"}']
    assert container == {"f:image": {}}
    assert fields_of(edited, "kubectl-edit")["f:metadata"] == {"f:labels": {"f:tier": {}}}
    creator = fields_of(edited, "kubectl-create")["f:spec"]["f:containers"]['k:{"name":"nginx"}']
    assert "f:image" not in creator
    assert [e["manager"] for e in edited["metadata"]["managedFields"]] == [
        "kubectl-create",
        "kubectl-edit",
    ]


def test_one_entry_per_manager_merged_over_writes() -> None:
    created = record(None, pod(), "kubectl-create")
    first = copy.deepcopy(created)
    first["spec"]["containers"][0]["image"] = "nginx:2"
    first = record(created, first, "kubectl-edit", now=T2)
    second = copy.deepcopy(first)
    second["metadata"]["labels"]["tier"] = "web"
    second = record(first, second, "kubectl-edit", now=T3)
    edit = [e for e in second["metadata"]["managedFields"] if e["manager"] == "kubectl-edit"]
    assert len(edit) == 1
    assert edit[0]["time"] == T3
    assert "f:labels" in edit[0]["fieldsV1"]["f:metadata"]
    assert "f:containers" in edit[0]["fieldsV1"]["f:spec"]


def test_a_write_that_changes_nothing_changes_no_entry() -> None:
    created = record(None, pod(), "kubectl-create")
    again = record(created, copy.deepcopy(created), "someone", now=T2)
    assert again["metadata"]["managedFields"] == created["metadata"]["managedFields"]


def test_removed_fields_leave_every_set() -> None:
    created = record(None, pod(), "kubectl-create")
    changed = copy.deepcopy(created)
    del changed["metadata"]["labels"]
    changed["spec"]["containers"][0]["env"] = []
    result = record(created, changed, "kubectl-label", now=T2)
    [entry] = result["metadata"]["managedFields"]
    assert entry["manager"] == "kubectl-create"
    assert "f:metadata" not in entry["fieldsV1"]
    # The list itself stays owned (it is still there, empty); its item is gone.
    container = entry["fieldsV1"]["f:spec"]["f:containers"]['k:{"name":"nginx"}']
    assert container["f:env"] == {}


def test_status_writes_are_owned_through_the_subresource() -> None:
    created = record(None, pod(), "kubectl-create")
    running = copy.deepcopy(created)
    running["status"] = {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}
    result = record(created, running, "stead-agent", subresource="status", now=T2)
    [agent] = [e for e in result["metadata"]["managedFields"] if e["manager"] == "stead-agent"]
    assert agent["subresource"] == "status"
    assert agent["fieldsV1"] == {
        "f:status": {
            "f:conditions": {
                ".": {},
                'k:{"type":"Ready"}': {".": {}, "f:status": {}, "f:type": {}},
            },
            "f:phase": {},
        }
    }


def test_reset_fields_are_not_taken() -> None:
    created = record(None, pod(), "kubectl-create")
    changed = copy.deepcopy(created)
    changed["status"] = {"phase": "Running"}
    changed["spec"]["nodeName"] = "node-2"
    result = record(created, changed, "x", now=T2, reset_fields=("status",))
    assert fields_of(result, "x") == {"f:spec": {"f:nodeName": {}}}


@pytest.mark.parametrize("sent", [[], [{}]])
def test_clients_can_clear_managed_fields(sent: list[Any]) -> None:
    created = record(None, pod(), "kubectl-create")
    cleared = copy.deepcopy(created)
    cleared["metadata"]["managedFields"] = sent
    assert fieldmanager.record_update(created, cleared, manager="x", now=T2) == []


def test_clients_can_replace_managed_fields() -> None:
    created = record(None, pod(), "kubectl-create")
    replaced = copy.deepcopy(created)
    replaced["metadata"]["managedFields"][0]["manager"] = "kubectl"
    replaced["metadata"]["managedFields"][0]["operation"] = "Apply"
    fields = fieldmanager.record_update(created, replaced, manager="x", now=T2)
    assert [(e["manager"], e["operation"]) for e in fields] == [("kubectl", "Apply")]


@pytest.mark.parametrize(
    "junk",
    [
        "nope",
        [1],
        [{"operation": "Delete", "apiVersion": "v1", "fieldsType": "FieldsV1"}],
        [{"operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV2"}],
        [{"operation": "Update", "apiVersion": "", "fieldsType": "FieldsV1"}],
        [{"operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": "x"}],
        [
            {
                "operation": "Update",
                "apiVersion": "v1",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"zz": {}},
            }
        ],
        [{"operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1", "time": 3}],
    ],
)
def test_unreadable_managed_fields_from_clients_are_ignored(junk: Any) -> None:
    created = record(None, pod(), "kubectl-create")
    sent = copy.deepcopy(created)
    sent["metadata"]["managedFields"] = junk
    fields = fieldmanager.record_update(created, sent, manager="x", now=T2)
    assert fields == created["metadata"]["managedFields"]


def test_subresource_writes_ignore_managed_fields_from_clients() -> None:
    created = record(None, pod(), "kubectl-create")
    sent = copy.deepcopy(created)
    sent["metadata"]["managedFields"] = []
    sent["status"] = {"phase": "Running"}
    fields = fieldmanager.record_update(
        created, sent, manager="agent", subresource="status", now=T2
    )
    assert [e["manager"] for e in fields] == ["kubectl-create", "agent"]


def test_update_managers_are_capped() -> None:
    obj = record(None, pod(), "creator")
    for number in range(12):
        changed = copy.deepcopy(obj)
        changed["metadata"]["labels"][f"l{number}"] = "x"
        obj = record(obj, changed, f"m{number:02d}", now=f"2026-01-01T00:00:{number + 10}Z")
    managers = [e["manager"] for e in obj["metadata"]["managedFields"]]
    assert len(managers) == 10
    assert managers[0] == "ancient-changes"
    assert "creator" not in managers
    ancient = obj["metadata"]["managedFields"][0]["fieldsV1"]["f:metadata"]["f:labels"]
    assert {"f:app", "f:l0", "f:l1", "f:l2"} <= set(ancient)


def test_empty_manager_is_unknown() -> None:
    [entry] = fieldmanager.record_update(None, pod(), manager="", now=T1)
    assert entry["manager"] == "unknown"


@pytest.mark.parametrize(
    ("agent", "manager"),
    [
        ("kubectl/v1.37.1 (linux/amd64) kubernetes/8adc0f0", "kubectl"),
        ("kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0", "kubectl.1.33"),
        ("OpenAPI-Generator/37.0.2/python", "OpenAPI-Generator"),
        ("", ""),
        ("a\x00b\tc/d", "abc"),
        ("x" * 200, "x" * 128),
        ("é" * 100, "é" * 64),
    ],
)
def test_default_manager(agent: str, manager: str) -> None:
    assert fieldmanager.default_manager(agent) == manager
