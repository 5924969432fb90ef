from __future__ import annotations

from typing import Any

import pytest

from stead.apiserver.tables import printer_for
from stead.apiserver.tables.storage import access_modes
from tests.unit.apiserver.tables.helpers import ago, cells, resource


def persistent_volume(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {"name": "pvc-1f2e", "creationTimestamp": ago(hours=5)},
        "spec": {
            "capacity": {"storage": "1Gi"},
            "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Delete",
            "storageClassName": "standard",
            "volumeMode": "Filesystem",
            "claimRef": {
                "namespace": "default",
                "name": "www-web-0",
                "kind": "PersistentVolumeClaim",
            },
            **spec,
        },
        "status": {"phase": "Bound"},
    }


def claim(*, bound: bool = True) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": "www-web-0",
            "namespace": "default",
            "creationTimestamp": ago(hours=5),
        },
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": "1Gi"}},
            "storageClassName": "standard",
            "volumeMode": "Filesystem",
        },
        "status": {"phase": "Pending"},
    }
    if bound:
        obj["spec"]["volumeName"] = "pvc-1f2e"
        obj["status"] = {
            "phase": "Bound",
            "accessModes": ["ReadWriteOnce"],
            "capacity": {"storage": "1024Mi"},
        }
    return obj


def test_column_priorities() -> None:
    pv = printer_for(resource("", "PersistentVolume"))
    pvc = printer_for(resource("", "PersistentVolumeClaim"))
    assert [c.name for c in pv.columns if c.priority] == ["VolumeMode"]
    assert [c.name for c in pvc.columns] == [
        "Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass",
        "VolumeAttributesClass", "Age", "VolumeMode",
    ]  # fmt: skip
    assert [c.name for c in pvc.columns if c.priority] == ["VolumeMode"]


def test_persistent_volume_row() -> None:
    assert cells("", "PersistentVolume", persistent_volume()) == [
        "pvc-1f2e", "1Gi", "RWO", "Delete", "Bound", "default/www-web-0", "standard",
        "<unset>", "", "5h", "Filesystem",
    ]  # fmt: skip


def test_released_volume_being_deleted() -> None:
    obj = persistent_volume(volumeAttributesClassName="fast", capacity={"storage": "1.5Gi"})
    obj["status"] = {"phase": "Released", "reason": "Released by claim"}
    obj["metadata"]["deletionTimestamp"] = ago(seconds=1)
    del obj["spec"]["claimRef"], obj["spec"]["volumeMode"]
    row = cells("", "PersistentVolume", obj)
    assert row[1] == "1536Mi"
    assert row[4:9] == ["Terminating", "", "standard", "fast", "Released by claim"]
    assert row[10] == "<unset>"


def test_legacy_class_annotation_wins() -> None:
    obj = persistent_volume()
    obj["metadata"]["annotations"] = {"volume.beta.kubernetes.io/storage-class": "legacy"}
    assert cells("", "PersistentVolume", obj)[6] == "legacy"


def test_bound_claim_row() -> None:
    assert cells("", "PersistentVolumeClaim", claim()) == [
        "www-web-0", "Bound", "pvc-1f2e", "1Gi", "RWO", "standard", "<unset>", "5h", "Filesystem",
    ]  # fmt: skip


def test_pending_claim_hides_capacity_and_modes() -> None:
    assert cells("", "PersistentVolumeClaim", claim(bound=False))[1:5] == ["Pending", "", "", ""]


def test_deleting_claim_is_terminating() -> None:
    obj = claim()
    obj["metadata"]["deletionTimestamp"] = ago(seconds=1)
    assert cells("", "PersistentVolumeClaim", obj)[1] == "Terminating"


@pytest.mark.parametrize(
    ("modes", "expected"),
    [
        (
            ["ReadWriteOncePod", "ReadWriteMany", "ReadOnlyMany", "ReadWriteOnce"],
            "RWO,ROX,RWX,RWOP",
        ),
        (["ReadWriteMany", "ReadWriteMany"], "RWX"),
        (["Unknown"], ""),
        ([], ""),
        (None, ""),
    ],
)
def test_access_mode_abbreviations(modes: object, expected: str) -> None:
    assert access_modes(modes) == expected


def storage_class(**fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "standard", "creationTimestamp": ago(days=10)},
        "provisioner": "stead.io/local-path",
        **fields,
    }


def test_default_storage_class_row() -> None:
    obj = storage_class(
        reclaimPolicy="Retain", volumeBindingMode="WaitForFirstConsumer", allowVolumeExpansion=True
    )
    obj["metadata"]["annotations"] = {"storageclass.kubernetes.io/is-default-class": "true"}
    assert cells("storage.k8s.io", "StorageClass", obj) == [
        "standard (default)", "stead.io/local-path", "Retain", "WaitForFirstConsumer", True, "10d",
    ]  # fmt: skip


def test_storage_class_defaults() -> None:
    beta = storage_class()
    beta["metadata"]["annotations"] = {"storageclass.beta.kubernetes.io/is-default-class": "true"}
    assert cells("storage.k8s.io", "StorageClass", storage_class()) == [
        "standard", "stead.io/local-path", "Delete", "Immediate", False, "10d",
    ]  # fmt: skip
    assert cells("storage.k8s.io", "StorageClass", beta)[0] == "standard (default)"
