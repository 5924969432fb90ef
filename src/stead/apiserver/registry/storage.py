"""PersistentVolumes and StorageClasses.

A volume names exactly one source, which never changes after creation; its capacity holds only
`storage`. A StorageClass's provisioner, parameters, reclaim policy and binding mode are fixed
at creation.
"""

from __future__ import annotations

import posixpath
from typing import Any

from stead.api.errors import (
    FieldError,
    forbidden,
    invalid,
    not_supported,
    required,
    too_long,
)
from stead.api.validation import (
    dns1123_label_errors,
    dns1123_subdomain_errors,
    qualified_name_errors,
)
from stead.apiserver.registry.affinity import node_selector_errors
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.claims import VOLUME_MODES, access_mode_errors, class_name_errors
from stead.apiserver.registry.diffs import spec_diff
from stead.apiserver.registry.fields import (
    as_dict,
    child,
    clone,
    ensure,
    is_unset,
    semantic_equal,
    string_map,
    strings,
    text,
)
from stead.apiserver.registry.formats import no_backsteps_errors
from stead.apiserver.registry.objectmeta import IMMUTABLE, core_object_meta_update_errors
from stead.apiserver.registry.resources import canonicalize_list, parse_at
from stead.apiserver.registry.volumes import (
    SourceCheck,
    csi_driver_errors,
    host_path_errors,
    nfs_errors,
    source_errors,
    unchecked,
)

Object = dict[str, Any]

RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
CLASS_RECLAIM_POLICIES = ("Delete", "Retain")
BINDING_MODES = ("Immediate", "WaitForFirstConsumer")
_MAX_PARAMETERS = 512
_MAX_PARAMETERS_SIZE = 256 * 1024


def _local_errors(source: Object, path: str) -> list[FieldError]:
    target = text(source, "path")
    if not target:
        return [required(f"{path}.path")]
    return no_backsteps_errors(f"{path}.path", target)


def _csi_errors(source: Object, path: str) -> list[FieldError]:
    errors = csi_driver_errors(text(source, "driver"), f"{path}.driver")
    if not text(source, "volumeHandle"):
        errors.append(required(f"{path}.volumeHandle"))
    for key in ("controllerPublishSecretRef", "controllerExpandSecretRef", "nodePublishSecretRef",
                "nodeExpandSecretRef"):  # fmt: skip
        if isinstance(source.get(key), dict):
            errors.extend(_secret_reference_errors(source[key], f"{path}.{key}"))
    return errors


def _secret_reference_errors(ref: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    name, namespace = text(ref, "name"), text(ref, "namespace")
    if not name:
        errors.append(required(f"{path}.name"))
    else:
        errors.extend(invalid(f"{path}.name", name, m) for m in dns1123_subdomain_errors(name))
    if not namespace:
        errors.append(required(f"{path}.namespace"))
    else:
        errors.extend(
            invalid(f"{path}.namespace", namespace, m) for m in dns1123_label_errors(namespace)
        )
    return errors


PV_SOURCES: tuple[tuple[str, str, SourceCheck], ...] = (
    ("hostPath", "hostPath", host_path_errors),
    ("gcePersistentDisk", "gcePersistentDisk", unchecked),
    ("awsElasticBlockStore", "awsElasticBlockStore", unchecked),
    ("glusterfs", "glusterfs", unchecked),
    ("flocker", "flocker", unchecked),
    ("nfs", "nfs", nfs_errors),
    ("rbd", "rbd", unchecked),
    ("quobyte", "quobyte", unchecked),
    ("cephfs", "cephFS", unchecked),
    ("iscsi", "iscsi", unchecked),
    ("cinder", "cinder", unchecked),
    ("fc", "fc", unchecked),
    ("flexVolume", "flexVolume", unchecked),
    ("azureFile", "azureFile", unchecked),
    ("vsphereVolume", "vsphereVolume", unchecked),
    ("photonPersistentDisk", "photonPersistentDisk", unchecked),
    ("portworxVolume", "portworxVolume", unchecked),
    ("azureDisk", "azureDisk", unchecked),
    ("scaleIO", "scaleIO", unchecked),
    ("local", "local", _local_errors),
    ("storageos", "storageos", unchecked),
    ("csi", "csi", _csi_errors),
)
_SOURCE_KEYS = tuple(key for key, _, _ in PV_SOURCES)


def volume_spec_errors(spec: Object) -> list[FieldError]:
    """Upstream `ValidatePersistentVolumeSpec` for a PersistentVolume object."""
    modes = spec.get("accessModes")
    errors = [] if strings(modes) else [required("spec.accessModes")]
    errors.extend(access_mode_errors(modes, "spec.accessModes"))
    errors.extend(_capacity_errors(spec))
    policy = text(spec, "persistentVolumeReclaimPolicy")
    if policy and policy not in RECLAIM_POLICIES:
        errors.append(not_supported("spec.persistentVolumeReclaimPolicy", policy, RECLAIM_POLICIES))
    affinity = spec.get("nodeAffinity")
    if isinstance(affinity, dict):
        if isinstance(affinity.get("required"), dict):
            errors.extend(
                node_selector_errors(
                    affinity["required"], "spec.nodeAffinity.required", strict_values=True
                )
            )
        else:
            detail = "must specify required node constraints"
            errors.append(required("spec.nodeAffinity.required", detail))
    count, problems = source_errors(spec, "spec", sources=PV_SOURCES)
    errors.extend(problems)
    if isinstance(spec.get("local"), dict) and count and not isinstance(affinity, dict):
        errors.append(required("spec.nodeAffinity", "Local volume requires node affinity"))
    if count == 0:
        errors.append(required("spec", "must specify a volume type"))
    host_path = text(child(spec, "hostPath"), "path")
    if host_path and posixpath.normpath(host_path) == "/" and policy == "Recycle":
        detail = "may not be 'recycle' for a hostPath mount of '/'"
        errors.append(forbidden("spec.persistentVolumeReclaimPolicy", detail))
    if class_name := text(spec, "storageClassName"):
        errors.extend(class_name_errors(class_name, "spec.storageClassName"))
    mode = spec.get("volumeMode")
    if isinstance(mode, str) and mode not in VOLUME_MODES:
        errors.append(not_supported("spec.volumeMode", mode, VOLUME_MODES))
    return errors + _attributes_class_errors(spec)


def _capacity_errors(spec: Object) -> list[FieldError]:
    capacity = as_dict(spec.get("capacity"))
    errors: list[FieldError] = []
    if not capacity:
        errors.append(required("spec.capacity"))
    if "storage" not in capacity or len(capacity) > 1:
        errors.append(not_supported("spec.capacity", capacity, ["storage"]))
    for name, raw in sorted(capacity.items()):
        where = f"spec.capacity[{name}]"
        value, parse_errors = parse_at(where, raw)
        if value is None:
            errors.extend(parse_errors)
            continue
        if value.value() < 0:
            errors.append(invalid(where, value.value(), "must be a valid resource quantity"))
        if value.sign() <= 0:
            errors.append(invalid(where, value.canonical(), "must be greater than zero"))
    return errors


def _attributes_class_errors(spec: Object) -> list[FieldError]:
    name = spec.get("volumeAttributesClassName")
    if not isinstance(name, str):
        return []
    path = "spec.volumeAttributesClassName"
    errors = [required(path, "an empty string is disallowed")] if not name else []
    errors.extend(class_name_errors(name, path) if name else [])
    if not isinstance(spec.get("csi"), dict):
        errors.append(
            required("spec.csi", "has to be specified when using volumeAttributesClassName")
        )
    return errors


class PersistentVolumeStrategy(BaseStrategy):
    def default(self, obj: Object) -> None:
        spec = ensure(obj, "spec")
        if is_unset(spec, "persistentVolumeReclaimPolicy"):
            spec["persistentVolumeReclaimPolicy"] = "Retain"
        if spec.get("volumeMode") is None:
            spec["volumeMode"] = "Filesystem"
        host_path = spec.get("hostPath")
        if isinstance(host_path, dict) and host_path.get("type") is None:
            host_path["type"] = ""
        canonicalize_list(spec.get("capacity"))
        status = ensure(obj, "status")
        if is_unset(status, "phase"):
            status["phase"] = "Pending"

    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + volume_spec_errors(child(obj, "spec"))

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        spec, old_spec = child(new, "spec"), child(old, "spec")
        errors = self.validate_object(new)
        sources, old_sources = _sources(spec), _sources(old_spec)
        csi, old_csi = child(sources, "csi"), child(old_sources, "csi")
        if csi and old_csi and old_csi.get("controllerExpandSecretRef") is None:
            csi.pop("controllerExpandSecretRef", None)
        if not semantic_equal(sources, old_sources):
            diff = spec_diff(old_sources, sources)
            detail = f"spec.persistentvolumesource is immutable after creation\n{diff}"
            errors.append(forbidden("spec.persistentvolumesource", detail))
        if spec.get("volumeMode") != old_spec.get("volumeMode"):
            errors.append(invalid("volumeMode", spec.get("volumeMode"), IMMUTABLE))
        affinity, old_affinity = spec.get("nodeAffinity"), old_spec.get("nodeAffinity")
        if old_affinity is not None and not semantic_equal(affinity, old_affinity):
            detail = "field is immutable, except for updating from beta label to GA"
            errors.append(invalid("nodeAffinity", affinity, detail))
        key = "volumeAttributesClassName"
        if old_spec.get(key) is not None and spec.get(key) is None:
            detail = "update from non-nil value to nil is forbidden"
            errors.append(forbidden(f"spec.{key}", detail))
        return errors

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        if not text(child(new, "metadata"), "resourceVersion"):
            errors.append(required("resourceVersion"))
        return errors


def _sources(spec: Object) -> Object:
    return {key: clone(spec[key]) for key in _SOURCE_KEYS if spec.get(key) is not None}


class StorageClassStrategy(BaseStrategy):
    def default(self, obj: Object) -> None:
        if is_unset(obj, "reclaimPolicy"):
            obj["reclaimPolicy"] = "Delete"
        if is_unset(obj, "volumeBindingMode"):
            obj["volumeBindingMode"] = "Immediate"

    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = self.meta_errors(obj)
        provisioner = text(obj, "provisioner")
        if not provisioner:
            errors.append(required("provisioner"))
        else:
            lowered = provisioner.lower()
            errors.extend(
                invalid("provisioner", lowered, m) for m in qualified_name_errors(lowered)
            )
        errors.extend(_parameter_errors(obj.get("parameters")))
        policy = text(obj, "reclaimPolicy")
        if policy and policy not in CLASS_RECLAIM_POLICIES:
            errors.append(not_supported("reclaimPolicy", policy, CLASS_RECLAIM_POLICIES))
        mode = text(obj, "volumeBindingMode")
        if not mode:
            errors.append(required("volumeBindingMode"))
        elif mode not in BINDING_MODES:
            errors.append(not_supported("volumeBindingMode", mode, BINDING_MODES))
        return errors

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        if not semantic_equal(new.get("parameters"), old.get("parameters")):
            errors.append(forbidden("parameters", "updates to parameters are forbidden."))
        if text(new, "provisioner") != text(old, "provisioner"):
            errors.append(forbidden("provisioner", "updates to provisioner are forbidden."))
        if text(new, "reclaimPolicy") != text(old, "reclaimPolicy"):
            errors.append(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."))
        if text(new, "volumeBindingMode") != text(old, "volumeBindingMode"):
            errors.append(invalid("volumeBindingMode", text(new, "volumeBindingMode"), IMMUTABLE))
        return errors


def _parameter_errors(parameters: object) -> list[FieldError]:
    values = string_map(parameters)
    if len(values) > _MAX_PARAMETERS:
        return [too_long("parameters", _MAX_PARAMETERS)]
    errors = [invalid("parameters", key, "field can not be empty.") for key in values if not key]
    if sum(len(k) + len(v) for k, v in values.items()) > _MAX_PARAMETERS_SIZE:
        errors.append(too_long("parameters", _MAX_PARAMETERS_SIZE))
    return errors
