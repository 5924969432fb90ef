"""Tables of storage kinds: PersistentVolumes, PersistentVolumeClaims and StorageClasses."""

from __future__ import annotations

from datetime import datetime

from stead.api.quantity import parse_or_none
from stead.apiserver.tables.access import (
    Object,
    annotation,
    dig,
    is_deleting,
    mapping,
    name_of,
    strings,
    text,
)
from stead.apiserver.tables.columns import AGE, NAME, Cell, Column, Doc, Printer, age

_PV_SPEC = "io.k8s.api.core.v1.PersistentVolumeSpec"
_PV_STATUS = "io.k8s.api.core.v1.PersistentVolumeStatus"
_PVC_SPEC = "io.k8s.api.core.v1.PersistentVolumeClaimSpec"
_PVC_STATUS = "io.k8s.api.core.v1.PersistentVolumeClaimStatus"
_STORAGE_CLASS = "io.k8s.api.storage.v1.StorageClass"
_BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
_DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
_ACCESS_MODES = (
    ("ReadWriteOnce", "RWO"),
    ("ReadOnlyMany", "ROX"),
    ("ReadWriteMany", "RWX"),
    ("ReadWriteOncePod", "RWOP"),
)


def access_modes(modes: object) -> str:
    """Upstream `GetAccessModesAsString`: abbreviations in a fixed order, duplicates dropped."""
    present = set(strings(modes))
    return ",".join(short for mode, short in _ACCESS_MODES if mode in present)


def _phase(obj: Object) -> str:
    return "Terminating" if is_deleting(obj) else text(dig(obj, "status", "phase"))


def _unset(value: object) -> str:
    """A string pointer field: its value, `<unset>` when nil."""
    return value if isinstance(value, str) else "<unset>"


def _storage_class(obj: Object) -> str:
    """The class a volume or claim asks for; the legacy beta annotation wins over the field."""
    legacy = annotation(obj, _BETA_CLASS_ANNOTATION)
    return legacy if legacy is not None else text(dig(obj, "spec", "storageClassName"))


def _claim_ref(pv: Object) -> str:
    ref = dig(pv, "spec", "claimRef")
    if ref is None:
        return ""
    return f"{text(dig(ref, 'namespace'))}/{text(dig(ref, 'name'))}"


def _volume_cells(pv: Object, now: datetime) -> list[Cell]:
    spec = mapping(pv.get("spec"))
    return [
        name_of(pv),
        canonical(dig(spec, "capacity", "storage")),
        access_modes(spec.get("accessModes")),
        text(spec.get("persistentVolumeReclaimPolicy")),
        _phase(pv),
        _claim_ref(pv),
        _storage_class(pv),
        _unset(spec.get("volumeAttributesClassName")),
        text(dig(pv, "status", "reason")),
        age(pv, now),
        _unset(spec.get("volumeMode")),
    ]


PERSISTENT_VOLUME = Printer(
    columns=(
        NAME,
        Column("Capacity", Doc(_PV_SPEC, "capacity")),
        Column("Access Modes", Doc(_PV_SPEC, "accessModes")),
        Column("Reclaim Policy", Doc(_PV_SPEC, "persistentVolumeReclaimPolicy")),
        Column("Status", Doc(_PV_STATUS, "phase")),
        Column("Claim", Doc(_PV_SPEC, "claimRef")),
        Column("StorageClass", "StorageClass of the pv"),
        Column("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        Column("Reason", Doc(_PV_STATUS, "reason")),
        AGE,
        Column("VolumeMode", Doc(_PV_SPEC, "volumeMode"), priority=1),
    ),
    cells=_volume_cells,
)


def _claim_cells(pvc: Object, now: datetime) -> list[Cell]:
    spec = mapping(pvc.get("spec"))
    volume = text(spec.get("volumeName"))
    # Capacity and access modes describe the bound volume, so they stay blank until binding.
    capacity = canonical(dig(pvc, "status", "capacity", "storage")) if volume else ""
    modes = access_modes(dig(pvc, "status", "accessModes")) if volume else ""
    return [
        name_of(pvc),
        _phase(pvc),
        volume,
        capacity,
        modes,
        _storage_class(pvc),
        _unset(spec.get("volumeAttributesClassName")),
        age(pvc, now),
        _unset(spec.get("volumeMode")),
    ]


PERSISTENT_VOLUME_CLAIM = Printer(
    columns=(
        NAME,
        Column("Status", Doc(_PVC_STATUS, "phase")),
        Column("Volume", Doc(_PVC_SPEC, "volumeName")),
        Column("Capacity", Doc(_PVC_STATUS, "capacity")),
        Column("Access Modes", Doc(_PVC_STATUS, "accessModes")),
        Column("StorageClass", "StorageClass of the pvc"),
        Column("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        AGE,
        Column("VolumeMode", Doc(_PVC_SPEC, "volumeMode"), priority=1),
    ),
    cells=_claim_cells,
)


def _storage_class_cells(sc: Object, now: datetime) -> list[Cell]:
    name = name_of(sc)
    if any(annotation(sc, key) == "true" for key in _DEFAULT_CLASS_ANNOTATIONS):
        name += " (default)"
    return [
        name,
        text(sc.get("provisioner")),
        text(sc.get("reclaimPolicy")) or "Delete",
        text(sc.get("volumeBindingMode")) or "Immediate",
        sc.get("allowVolumeExpansion") is True,
        age(sc, now),
    ]


STORAGE_CLASS = Printer(
    columns=(
        NAME,
        Column("Provisioner", Doc(_STORAGE_CLASS, "provisioner")),
        Column("ReclaimPolicy", Doc(_STORAGE_CLASS, "reclaimPolicy")),
        Column("VolumeBindingMode", Doc(_STORAGE_CLASS, "volumeBindingMode")),
        Column("AllowVolumeExpansion", Doc(_STORAGE_CLASS, "allowVolumeExpansion")),
        AGE,
    ),
    cells=_storage_class_cells,
)


def canonical(value: object) -> str:
    """A quantity cell: canonical text, `0` when unset, the input itself when unreadable."""
    if value is None or isinstance(value, bool):
        return "0"
    quantity = parse_or_none(value.strip() if isinstance(value, str) else value)
    if quantity is None:
        return value if isinstance(value, str) else "0"
    return quantity.canonical()
