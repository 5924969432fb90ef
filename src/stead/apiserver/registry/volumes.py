"""Pod volumes (`ValidateVolumes`) and the volume sources a PersistentVolume shares with them.

Every source upstream knows is counted (a volume names exactly one), and the sources stead can
serve or that are common in manifests are checked in depth: emptyDir, hostPath, secret,
configMap, persistentVolumeClaim, downwardAPI, projected, nfs, csi, ephemeral, image.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stead.api import quantity
from stead.api.errors import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
    too_long,
)
from stead.api.validation import dns1123_label_errors, dns1123_subdomain_errors
from stead.apiserver.registry.claims import claim_spec_errors
from stead.apiserver.registry.downward import (
    VOLUME_FIELDS,
    field_selector_errors,
    resource_selector_errors,
)
from stead.apiserver.registry.fields import (
    as_dict,
    child,
    enumerate_items,
    integer,
    items,
    objects,
    text,
)
from stead.apiserver.registry.formats import local_non_reserved_path_errors, no_backsteps_errors
from stead.apiserver.registry.objectmeta import template_meta_errors

Object = dict[str, Any]
SourceCheck = Callable[[Object, str], list[FieldError]]

_FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive"
_ONE_TYPE = "may not specify more than 1 volume type"
HOST_PATH_TYPES = ("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
                   "FileOrCreate", "Socket")  # fmt: skip
PULL_POLICIES = ("Always", "IfNotPresent", "Never")


def host_path_errors(source: Object, path: str) -> list[FieldError]:
    target = text(source, "path")
    if not target:
        return [required(f"{path}.path")]
    errors = no_backsteps_errors(f"{path}.path", target)
    kind = source.get("type")
    if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
        errors.append(not_supported(f"{path}.type", kind, HOST_PATH_TYPES))
    return errors


def nfs_errors(source: Object, path: str) -> list[FieldError]:
    errors = [required(f"{path}.{key}") for key in ("server", "path") if not text(source, key)]
    if not text(source, "path").startswith("/"):
        errors.append(invalid(f"{path}.path", text(source, "path"), "must be an absolute path"))
    return errors


def csi_driver_errors(driver: str, path: str) -> list[FieldError]:
    """`ValidateCSIDriverName`."""
    errors: list[FieldError] = []
    if not driver:
        errors.append(required(path))
    if len(driver) > 63:
        errors.append(too_long(path, 63))
    errors.extend(invalid(path, driver, msg) for msg in dns1123_subdomain_errors(driver.lower()))
    return errors


def _mode_errors(source: Object, key: str, *, path: str) -> list[FieldError]:
    mode = integer(source, key)
    if mode is not None and not 0 <= mode <= 0o777:
        return [invalid(f"{path}.{key}", mode, _FILE_MODE)]
    return []


def _key_to_path_errors(item: Object, path: str) -> list[FieldError]:
    errors = [required(f"{path}.{key}") for key in ("key", "path") if not text(item, key)]
    errors.extend(local_non_reserved_path_errors(f"{path}.path", text(item, "path")))
    return errors + _mode_errors(item, "mode", path=path)


def _items_errors(source: Object, path: str) -> list[FieldError]:
    return [
        error
        for index, item in enumerate_items(source, "items")
        for error in _key_to_path_errors(item, f"{path}.items[{index}]")
    ]


def _empty_dir_errors(source: Object, path: str) -> list[FieldError]:
    limit = quantity.parse_or_none(source.get("sizeLimit"))
    if limit is not None and limit.sign() < 0:
        detail = "SizeLimit field must be a valid resource quantity"
        return [forbidden(f"{path}.sizeLimit", detail)]
    return []


def _secret_errors(source: Object, path: str) -> list[FieldError]:
    errors = [] if text(source, "secretName") else [required(f"{path}.secretName")]
    return errors + _mode_errors(source, "defaultMode", path=path) + _items_errors(source, path)


def _config_map_errors(source: Object, path: str) -> list[FieldError]:
    errors = [] if text(source, "name") else [required(f"{path}.name")]
    return errors + _mode_errors(source, "defaultMode", path=path) + _items_errors(source, path)


def _claim_errors(source: Object, path: str) -> list[FieldError]:
    return [] if text(source, "claimName") else [required(f"{path}.claimName")]


def _downward_file_errors(item: Object, path: str) -> list[FieldError]:
    errors = [] if text(item, "path") else [required(f"{path}.path")]
    errors.extend(local_non_reserved_path_errors(f"{path}.path", text(item, "path")))
    field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
    if isinstance(field_ref, dict):
        errors.extend(field_selector_errors(field_ref, f"{path}.fieldRef", supported=VOLUME_FIELDS))
        if isinstance(resource_ref, dict):
            detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
            errors.append(invalid(path, "resource", detail))
    elif isinstance(resource_ref, dict):
        where = f"{path}.resourceFieldRef"
        errors.extend(resource_selector_errors(resource_ref, where, in_volume=True))
    else:
        errors.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    return errors + _mode_errors(item, "mode", path=path)


def _downward_api_errors(source: Object, path: str) -> list[FieldError]:
    errors = _mode_errors(source, "defaultMode", path=path)
    for item in items(source, "items"):
        errors.extend(_downward_file_errors(item, path))
    return errors


def _projected_errors(source: Object, path: str) -> list[FieldError]:
    errors = _mode_errors(source, "defaultMode", path=path)
    seen: set[str] = set()
    for index, projection in enumerate_items(source, "sources"):
        where = f"{path}.sources[{index}]"
        present = [key for key, value in projection.items() if isinstance(value, dict)]
        for key in present:
            errors.extend(
                _projection_errors(key, child(projection, key), where=where, path=path, seen=seen)
            )
        if len(present) > 1:
            errors.append(forbidden(where, "may not specify more than 1 volume type per source"))
    return errors


def _projection_errors(
    key: str, source: Object, *, where: str, path: str, seen: set[str]
) -> list[FieldError]:
    errors: list[FieldError] = []
    files: list[tuple[str, str]] = []
    if key in ("secret", "configMap"):
        if not text(source, "name"):
            errors.append(required(f"{where}.{key}.name"))
        for index, item in enumerate_items(source, "items"):
            errors.extend(_key_to_path_errors(item, f"{where}.{key}.items[{index}]"))
            files.append((text(item, "path"), text(source, "name")))
    elif key == "downwardAPI":
        for item in items(source, "items"):
            errors.extend(_downward_file_errors(item, f"{where}.{key}"))
            files.append((text(item, "path"), text(item, "path")))
    elif key == "serviceAccountToken":
        errors.extend(_token_errors(source, f"{where}.{key}", path=path))
    for file_path, shown in files:
        if file_path and file_path in seen:
            errors.append(invalid(path, shown, "conflicting duplicate paths"))
        seen.add(file_path)
    return errors


def _token_errors(source: Object, where: str, *, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    seconds = integer(source, "expirationSeconds") or 0
    if seconds < 600:
        detail = "may not specify a duration less than 10 minutes"
        errors.append(invalid(f"{where}.expirationSeconds", seconds, detail))
    if seconds > 1 << 32:
        detail = "may not specify a duration larger than 2^32 seconds"
        errors.append(invalid(f"{where}.expirationSeconds", seconds, detail))
    token_path = text(source, "path")
    if not token_path:
        errors.append(required(f"{path}.path"))
    else:
        errors.extend(local_non_reserved_path_errors(f"{path}.path", token_path))
    return errors


def _csi_volume_errors(source: Object, path: str) -> list[FieldError]:
    errors = csi_driver_errors(text(source, "driver"), f"{path}.driver")
    secret = source.get("nodePublishSecretRef")
    if isinstance(secret, dict):
        name = text(secret, "name")
        if not name:
            errors.append(required(f"{path}.nodePublishSecretRef.name"))
        errors.extend(
            invalid(f"{path}.name", name, msg) for msg in dns1123_subdomain_errors(name) if name
        )
    return errors


def _ephemeral_errors(source: Object, path: str) -> list[FieldError]:
    template = source.get("volumeClaimTemplate")
    if not isinstance(template, dict):
        return [required(f"{path}.volumeClaimTemplate")]
    where = f"{path}.volumeClaimTemplate"
    errors = template_meta_errors(template.get("metadata"), f"{where}.metadata")
    return errors + claim_spec_errors(child(template, "spec"), f"{where}.spec")


def _image_errors(source: Object, path: str) -> list[FieldError]:
    policy = text(source, "pullPolicy")
    if not policy:
        return [required(f"{path}.pullPolicy")]
    if policy not in PULL_POLICIES:
        return [not_supported(f"{path}.pullPolicy", policy, PULL_POLICIES)]
    return []


def unchecked(source: Object, path: str) -> list[FieldError]:
    """For sources stead counts but does not inspect (cloud and network block devices)."""
    return []


# (JSON key, the name upstream's "more than 1 volume type" error uses, deeper checks); in
# upstream's order, which decides which of two sources is reported as the extra one.
POD_VOLUME_SOURCES: tuple[tuple[str, str, SourceCheck], ...] = (
    ("emptyDir", "emptyDir", _empty_dir_errors),
    ("hostPath", "hostPath", host_path_errors),
    ("gitRepo", "gitRepo", unchecked),
    ("gcePersistentDisk", "gcePersistentDisk", unchecked),
    ("awsElasticBlockStore", "awsElasticBlockStore", unchecked),
    ("secret", "secret", _secret_errors),
    ("nfs", "nfs", nfs_errors),
    ("iscsi", "iscsi", unchecked),
    ("glusterfs", "glusterfs", unchecked),
    ("flocker", "flocker", unchecked),
    ("persistentVolumeClaim", "persistentVolumeClaim", _claim_errors),
    ("rbd", "rbd", unchecked),
    ("cinder", "cinder", unchecked),
    ("cephfs", "cephFS", unchecked),
    ("quobyte", "quobyte", unchecked),
    ("downwardAPI", "downwarAPI", _downward_api_errors),
    ("fc", "fc", unchecked),
    ("flexVolume", "flexVolume", unchecked),
    ("configMap", "configMap", _config_map_errors),
    ("azureFile", "azureFile", unchecked),
    ("vsphereVolume", "vsphereVolume", unchecked),
    ("photonPersistentDisk", "photonPersistentDisk", unchecked),
    ("portworxVolume", "portworxVolume", unchecked),
    ("azureDisk", "azureDisk", unchecked),
    ("storageos", "storageos", unchecked),
    ("projected", "projected", _projected_errors),
    ("scaleIO", "scaleIO", unchecked),
    ("csi", "csi", _csi_volume_errors),
    ("ephemeral", "ephemeral", _ephemeral_errors),
    ("image", "image", _image_errors),
)


def source_errors(
    holder: Object, path: str, *, sources: tuple[tuple[str, str, SourceCheck], ...]
) -> tuple[int, list[FieldError]]:
    """Count the sources set on `holder` and check the first one (`validateVolumeSource`)."""
    count = 0
    errors: list[FieldError] = []
    for key, reported_as, check in sources:
        source = holder.get(key)
        if not isinstance(source, dict):
            continue
        if count:
            errors.append(forbidden(f"{path}.{reported_as}", _ONE_TYPE))
            continue
        count += 1
        errors.extend(check(source, f"{path}.{key}"))
    return count, errors


def volumes_errors(volumes: object, path: str) -> tuple[dict[str, Object], list[FieldError]]:
    """Upstream `ValidateVolumes`: the valid volumes by name, and the errors."""
    valid: dict[str, Object] = {}
    errors: list[FieldError] = []
    for index, volume in enumerate(objects(volumes)):
        where = f"{path}[{index}]"
        count, problems = source_errors(volume, where, sources=POD_VOLUME_SOURCES)
        if count == 0:
            problems.append(required(where, "must specify a volume type"))
        name = text(volume, "name")
        if not name:
            problems.append(required(f"{where}.name"))
        else:
            problems.extend(invalid(f"{where}.name", name, m) for m in dns1123_label_errors(name))
        if name in valid:
            problems.append(duplicate(f"{where}.name", name))
        if problems:
            errors.extend(problems)
        else:
            valid[name] = volume
    return valid, errors


def claim_backed(volume: Object) -> bool:
    return isinstance(volume.get("persistentVolumeClaim"), dict) or isinstance(
        volume.get("ephemeral"), dict
    )


def image_source(volume: Object) -> bool:
    return isinstance(as_dict(volume).get("image"), dict)
