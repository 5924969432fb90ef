from __future__ import annotations

from typing import Any

from stead.apiserver.tables import printer_for
from tests.unit.apiserver.tables.helpers import ago, cells, resource


def statefulset(**status: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default", "creationTimestamp": ago(days=3)},
        "spec": {
            "replicas": 3,
            "serviceName": "nginx",
            "template": {
                "spec": {
                    "containers": [
                        {"name": "nginx", "image": "nginx:1.27"},
                        {"name": "exporter", "image": "exporter:0.1"},
                    ]
                }
            },
        },
        "status": status,
    }


def test_statefulset_columns() -> None:
    printer = printer_for(resource("apps", "StatefulSet"))
    assert [(c.name, c.priority) for c in printer.columns] == [
        ("Name", 0), ("Ready", 0), ("Age", 0), ("Containers", 1), ("Images", 1),
    ]  # fmt: skip


def test_statefulset_row() -> None:
    assert cells("apps", "StatefulSet", statefulset(replicas=3, readyReplicas=2)) == [
        "web", "2/3", "3d", "nginx,exporter", "nginx:1.27,exporter:0.1",
    ]  # fmt: skip


def test_new_statefulset_without_status() -> None:
    obj = statefulset()
    del obj["status"]
    assert cells("apps", "StatefulSet", obj)[1] == "0/3"


def test_controller_revision_row() -> None:
    revision = {
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": {
            "name": "web-7d4b9c8f5",
            "creationTimestamp": ago(minutes=4, seconds=5),
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "Pod", "name": "not-me", "uid": "1"},
                {
                    "apiVersion": "apps/v1",
                    "kind": "StatefulSet",
                    "name": "web",
                    "uid": "2",
                    "controller": True,
                },
            ],
        },
        "revision": 2,
    }
    assert cells("apps", "ControllerRevision", revision) == [
        "web-7d4b9c8f5",
        "statefulset.apps/web",
        2,
        "4m5s",
    ]


def test_controller_revision_controller_placeholders() -> None:
    orphan = {"metadata": {"name": "r"}, "revision": 1}
    core_owner = {
        "metadata": {
            "name": "r",
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "Pod", "name": "p", "controller": True}
            ],
        }
    }
    assert cells("apps", "ControllerRevision", orphan)[1:3] == ["<none>", 1]
    assert cells("apps", "ControllerRevision", core_owner)[1:3] == ["pod/p", 0]
