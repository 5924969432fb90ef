"""PersistentVolumeClaims, PersistentVolumes, StorageClasses."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.unit.apiserver.registry.objects import (
    claim,
    create_errors,
    created,
    rendered,
    stored,
    strategy,
    update_errors,
    volume,
)

Object = dict[str, Any]
ACCESS_MODES = '"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'


def _claim_spec(**spec: Any) -> Object:
    obj = claim()
    obj["spec"].update(spec)
    return obj


def test_claim_defaults() -> None:
    obj = created(
        "", "PersistentVolumeClaim", _claim_spec(resources={"requests": {"storage": "0.5Gi"}})
    )
    assert obj["spec"] == {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "512Mi"}},
        "volumeMode": "Filesystem",
    }
    assert obj["status"] == {"phase": "Pending"}


CLAIM_CASES: list[tuple[str, Object, list[str] | None]] = [
    ("valid", {}, []),
    ("access modes required", {"accessModes": []},
     ["spec.accessModes: Required value: at least 1 access mode is required"]),
    ("unknown access mode", {"accessModes": ["ReadWriteSometimes"]},
     ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: '
      f"{ACCESS_MODES}"]),
    ("ReadWriteOncePod alone", {"accessModes": ["ReadWriteOncePod", "ReadWriteOnce"]},
     ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]),
    ("storage required", {"resources": {"requests": {}}},
     ["spec.resources[storage]: Required value"]),
    ("storage positive", {"resources": {"requests": {"storage": "0"}}},
     ['spec.resources[storage]: Invalid value: "0": must be greater than zero']),
    ("storage a quantity", {"resources": {"requests": {"storage": "1 GB"}}},
     ['spec.resources[storage]: Invalid value: "1 GB": quantities must match the regular '
      "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]),
    ("volume mode", {"volumeMode": "Raw"},
     ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']),
    ("class name", {"storageClassName": "Fast_SSD"}, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected"), [pytest.param(s, e, id=n) for n, s, e in CLAIM_CASES]
)
def test_claim_rule(spec: Object, expected: list[str] | None) -> None:
    """`None` stands for "the subdomain errors of the class name", owned by the name rules."""
    errors = create_errors("", "PersistentVolumeClaim", _claim_spec(**spec))
    if expected is None:
        assert errors
        assert all(e.startswith('spec.storageClassName: Invalid value: "Fast_SSD"') for e in errors)
    else:
        assert errors == expected


IMMUTABLE_CLAIM = (
    "spec: Forbidden: spec is immutable after creation except resources.requests and "
    "volumeAttributesClassName for bound claims\n"
)


def _claim_update(mutate_new: Any, *, bound: bool = False) -> list[str]:
    old = stored("", "PersistentVolumeClaim", claim())
    if bound:
        old["spec"]["volumeName"] = "pv-1"
        old["status"] = {"phase": "Bound", "capacity": {"storage": "1Gi"}}
    new = copy.deepcopy(old)
    mutate_new(new)
    return update_errors("", "PersistentVolumeClaim", new, old)


def _storage(size: str) -> Any:
    def mutate(obj: Object) -> None:
        obj["spec"]["resources"]["requests"]["storage"] = size

    return mutate


def test_a_bound_claim_may_grow() -> None:
    assert _claim_update(_storage("2Gi"), bound=True) == []


def test_a_pending_claim_may_not_change_its_size() -> None:
    errors = _claim_update(_storage("2Gi"))
    assert len(errors) == 1
    assert errors[0].startswith(IMMUTABLE_CLAIM)
    assert '-   "storage": "1Gi"' in errors[0]
    assert '+   "storage": "2Gi"' in errors[0]


def test_a_claim_may_not_shrink_below_its_capacity() -> None:
    assert _claim_update(_storage("512Mi"), bound=True) == [
        "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"
    ]


def test_volume_name_may_be_set_once() -> None:
    def bind(obj: Object) -> None:
        obj["spec"]["volumeName"] = "pv-1"

    assert _claim_update(bind) == []

    def rebind(obj: Object) -> None:
        obj["spec"]["volumeName"] = "pv-2"

    errors = _claim_update(rebind, bound=True)
    assert len(errors) == 1
    assert errors[0].startswith(IMMUTABLE_CLAIM)


def test_access_modes_are_immutable() -> None:
    def widen(obj: Object) -> None:
        obj["spec"]["accessModes"] = ["ReadWriteMany"]

    errors = _claim_update(widen, bound=True)
    assert len(errors) == 1
    assert errors[0].startswith(IMMUTABLE_CLAIM)


def test_volume_defaults() -> None:
    obj = created("", "PersistentVolume", volume())
    assert obj["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
    assert obj["spec"]["volumeMode"] == "Filesystem"
    assert obj["spec"]["hostPath"] == {"path": "/var/lib/stead/pv-1", "type": ""}
    assert obj["status"] == {"phase": "Pending"}


def _volume_spec(**spec: Any) -> Object:
    obj = volume()
    obj["spec"].update(spec)
    return obj


VOLUME_CASES: list[tuple[str, Object, list[str]]] = [
    ("valid", {}, []),
    ("Recycle is a reclaim policy", {"persistentVolumeReclaimPolicy": "Recycle"}, []),
    ("reclaim policy", {"persistentVolumeReclaimPolicy": "Keep"},
     ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: '
      '"Delete", "Recycle", "Retain"']),
    ("capacity required", {"capacity": {}},
     ["spec.capacity: Required value",
      'spec.capacity: Unsupported value: {}: supported values: "storage"']),
    ("capacity only storage", {"capacity": {"storage": "1Gi", "cpu": "1"}},
     ['spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: '
      '"storage"']),
    ("access modes", {"accessModes": []}, ["spec.accessModes: Required value"]),
    ("one source", {"nfs": {"server": "nas", "path": "/export"}},
     ["spec.nfs: Forbidden: may not specify more than 1 volume type"]),
    ("a source", {"hostPath": None}, ["spec: Required value: must specify a volume type"]),
    ("local needs node affinity", {"hostPath": None, "local": {"path": "/mnt/disk"}},
     ["spec.nodeAffinity: Required value: Local volume requires node affinity"]),
    ("recycling root", {"hostPath": {"path": "/"}, "persistentVolumeReclaimPolicy": "Recycle"},
     ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount "
      "of '/'"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected"), [pytest.param(s, e, id=n) for n, s, e in VOLUME_CASES]
)
def test_volume_rule(spec: Object, expected: list[str]) -> None:
    obj = _volume_spec(**spec)
    obj["spec"] = {k: v for k, v in obj["spec"].items() if v is not None}
    assert create_errors("", "PersistentVolume", obj) == expected


def test_a_volume_source_is_immutable() -> None:
    old = stored("", "PersistentVolume", volume())
    new = copy.deepcopy(old)
    new["spec"]["hostPath"]["path"] = "/elsewhere"
    errors = update_errors("", "PersistentVolume", new, old)
    assert len(errors) == 1
    assert errors[0].startswith(
        "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after "
        "creation\n"
    )
    bound = copy.deepcopy(old)
    bound["spec"]["claimRef"] = {"namespace": "default", "name": "www-web-0"}
    assert update_errors("", "PersistentVolume", bound, old) == []


def test_volume_status_writes() -> None:
    rules = strategy("", "PersistentVolume")
    old = stored("", "PersistentVolume", volume())
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Bound"}
    rules.prepare_for_status_update(new, old)
    assert rendered(rules.validate_status_update(new, old)) == []
    assert new["spec"] == old["spec"]


def _class(**fields: Any) -> Object:
    return {"metadata": {"name": "standard"}, "provisioner": "stead.dev/local-path", **fields}


def test_storage_class_defaults_and_rules() -> None:
    obj = created("storage.k8s.io", "StorageClass", _class())
    assert obj["reclaimPolicy"] == "Delete"
    assert obj["volumeBindingMode"] == "Immediate"
    assert create_errors("storage.k8s.io", "StorageClass", _class(provisioner="")) == [
        "provisioner: Required value"
    ]
    assert create_errors("storage.k8s.io", "StorageClass", _class(reclaimPolicy="Recycle")) == [
        'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'
    ]
    assert create_errors("storage.k8s.io", "StorageClass", _class(volumeBindingMode="Later")) == [
        'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", '
        '"WaitForFirstConsumer"'
    ]


def test_storage_class_is_fixed_after_creation() -> None:
    old = stored("storage.k8s.io", "StorageClass", _class(parameters={"a": "1"}))
    new = copy.deepcopy(old)
    new["parameters"] = {"a": "2"}
    new["provisioner"] = "other.dev/p"
    new["reclaimPolicy"] = "Retain"
    new["volumeBindingMode"] = "WaitForFirstConsumer"
    assert update_errors("storage.k8s.io", "StorageClass", new, old) == [
        "parameters: Forbidden: updates to parameters are forbidden.",
        "provisioner: Forbidden: updates to provisioner are forbidden.",
        "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
        'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]
    relabelled = copy.deepcopy(old)
    relabelled["metadata"]["labels"] = {"default": "yes"}
    assert update_errors("storage.k8s.io", "StorageClass", relabelled, old) == []
