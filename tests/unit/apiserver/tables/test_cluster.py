from __future__ import annotations

from typing import Any

from stead.apiserver.tables import printer_for
from tests.unit.apiserver.tables.helpers import ago, cells, resource


def test_namespace_rows() -> None:
    active = {
        "metadata": {"name": "default", "creationTimestamp": ago(days=30)},
        "status": {"phase": "Active"},
    }
    leaving = {
        "metadata": {"name": "old", "creationTimestamp": ago(hours=1)},
        "status": {"phase": "Terminating"},
    }
    assert cells("", "Namespace", active) == ["default", "Active", "30d"]
    assert cells("", "Namespace", leaving) == ["old", "Terminating", "60m"]


def node(*, ready: str | None = "True", **labels: str) -> dict[str, Any]:
    conditions = [{"type": "MemoryPressure", "status": "False"}]
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready})
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "node-1", "creationTimestamp": ago(days=1, hours=2), "labels": labels},
        "spec": {},
        "status": {
            "conditions": conditions,
            "addresses": [
                {"type": "Hostname", "address": "node-1"},
                {"type": "InternalIP", "address": "192.168.1.10"},
            ],
            "nodeInfo": {
                "kubeletVersion": "v1.37.1",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "kernelVersion": "6.1.0-18-amd64",
                "containerRuntimeVersion": "stead://0.1.0",
            },
        },
    }


def test_node_columns() -> None:
    printer = printer_for(resource("", "Node"))
    assert [(c.name, c.priority) for c in printer.columns] == [
        ("Name", 0), ("Status", 0), ("Roles", 0), ("Age", 0), ("Version", 0),
        ("Internal-IP", 1), ("External-IP", 1), ("OS-Image", 1), ("Kernel-Version", 1),
        ("Container-Runtime", 1),
    ]  # fmt: skip


def test_ready_node_row() -> None:
    assert cells("", "Node", node()) == [
        "node-1", "Ready", "<none>", "26h", "v1.37.1", "192.168.1.10", "<none>",
        "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "stead://0.1.0",
    ]  # fmt: skip


def test_node_status_variants() -> None:
    cordoned = node()
    cordoned["spec"]["unschedulable"] = True
    assert cells("", "Node", cordoned)[1] == "Ready,SchedulingDisabled"
    assert cells("", "Node", node(ready="Unknown"))[1] == "NotReady"
    assert cells("", "Node", node(ready=None))[1] == "Unknown"


def test_node_roles_from_labels() -> None:
    labelled = node(
        **{
            "node-role.kubernetes.io/control-plane": "",
            "node-role.kubernetes.io/worker": "",
            "node-role.kubernetes.io/": "",
            "kubernetes.io/role": "edge",
        }
    )
    assert cells("", "Node", labelled)[2] == "control-plane,edge,worker"


def test_bare_node_placeholders() -> None:
    assert cells("", "Node", {}) == [
        "", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>",
        "<unknown>",
    ]  # fmt: skip


def test_lease_rows() -> None:
    held = {
        "metadata": {"name": "stead-controller", "creationTimestamp": ago(minutes=3)},
        "spec": {"holderIdentity": "host-a_1234"},
    }
    free = {"metadata": {"name": "node-1", "creationTimestamp": ago(minutes=3)}, "spec": {}}
    assert cells("coordination.k8s.io", "Lease", held) == ["stead-controller", "host-a_1234", "3m"]
    assert cells("coordination.k8s.io", "Lease", free)[1] == ""


def test_config_map_counts_text_and_binary_keys() -> None:
    obj = {
        "metadata": {"name": "settings", "creationTimestamp": ago(seconds=5)},
        "data": {"a": "1", "b": "2"},
        "binaryData": {"c": "AAE="},
    }
    assert cells("", "ConfigMap", obj) == ["settings", 3, "5s"]
    assert cells("", "ConfigMap", {"metadata": {"name": "empty"}})[1] == 0


def test_secret_row() -> None:
    obj = {
        "metadata": {"name": "db", "creationTimestamp": ago(days=9)},
        "type": "kubernetes.io/basic-auth",
        "data": {"username": "YQ==", "password": "Yg=="},
    }
    assert cells("", "Secret", obj) == ["db", "kubernetes.io/basic-auth", 2, "9d"]
