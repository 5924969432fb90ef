"""PersistentVolumeClaims: the claim spec (shared with StatefulSet claim templates and
ephemeral volumes) and the PVC strategy. A claim's spec is immutable once created, except that
a bound claim may grow (`resources.requests`) and the binder may set `volumeName` once."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from stead.api.errors import FieldError, forbidden, invalid, not_supported, required
from stead.api.quantity import Quantity
from stead.api.validation import (
    dns1123_label_errors,
    dns1123_subdomain_errors,
    label_selector_has_invalid_value,
    qualified_name_errors,
    validate_label_selector,
    validate_label_selector_allowing_invalid_values,
)
from stead.apiserver.registry.base import BaseStrategy
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
from stead.apiserver.registry.objectmeta import IMMUTABLE, core_object_meta_update_errors
from stead.apiserver.registry.resources import (
    canonicalize_list,
    is_native,
    parse_at,
    quantities,
    quantity_value_errors,
)

Object = dict[str, Any]

ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")
_BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
_RESIZE_STATUSES = (
    "ControllerResizeInProgress",
    "ControllerResizeInfeasible",
    "NodeResizeInProgress",
    "NodeResizeInfeasible",
    "NodeResizePending",
)
_IMMUTABLE_SPEC = (
    "spec is immutable after creation except resources.requests and volumeAttributesClassName "
    "for bound claims"
)


def default_claim_spec(spec: Object) -> None:
    """`SetDefaults_PersistentVolumeClaimSpec`, with quantities canonicalized."""
    if spec.get("volumeMode") is None:
        spec["volumeMode"] = "Filesystem"
    resources = child(spec, "resources")
    canonicalize_list(resources.get("requests"))
    canonicalize_list(resources.get("limits"))
    _sync_data_sources(spec)


def _sync_data_sources(spec: Object) -> None:
    # Upstream keeps the legacy `dataSource` and `dataSourceRef` mirrors of each other.
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    if isinstance(source, dict) and ref is None:
        spec["dataSourceRef"] = clone(source)
    elif isinstance(ref, dict) and source is None and not text(ref, "namespace"):
        spec["dataSource"] = {k: v for k, v in ref.items() if k in ("apiGroup", "kind", "name")}


def access_mode_errors(modes: object, path: str) -> list[FieldError]:
    """Each access mode is known, and `ReadWriteOncePod` stands alone (presence is checked by
    the callers, whose messages differ)."""
    listed = strings(modes)
    errors = [not_supported(path, m, ACCESS_MODES) for m in listed if m not in ACCESS_MODES]
    if "ReadWriteOncePod" in listed and any(
        m in ACCESS_MODES and m != "ReadWriteOncePod" for m in listed
    ):
        errors.append(forbidden(path, "may not use ReadWriteOncePod with other access modes"))
    return errors


def claim_spec_errors(
    spec: Object, path: str, *, allow_invalid_selector_values: bool = False
) -> list[FieldError]:
    """Upstream `ValidatePersistentVolumeClaimSpec`."""
    modes = spec.get("accessModes")
    errors: list[FieldError] = []
    if not strings(modes):
        errors.append(required(f"{path}.accessModes", "at least 1 access mode is required"))
    if spec.get("selector") is not None:
        check = (
            validate_label_selector_allowing_invalid_values
            if allow_invalid_selector_values
            else validate_label_selector
        )
        errors.extend(check(spec["selector"], f"{path}.selector"))
    errors.extend(access_mode_errors(modes, f"{path}.accessModes"))
    errors.extend(_storage_request_errors(spec, path))
    class_name = spec.get("storageClassName")
    if isinstance(class_name, str) and class_name:
        errors.extend(class_name_errors(class_name, f"{path}.storageClassName"))
    mode = spec.get("volumeMode")
    if isinstance(mode, str) and mode not in VOLUME_MODES:
        errors.append(not_supported(f"{path}.volumeMode", mode, VOLUME_MODES))
    errors.extend(_data_source_errors(spec, path))
    attributes_class = spec.get("volumeAttributesClassName")
    if isinstance(attributes_class, str) and attributes_class:
        errors.extend(class_name_errors(attributes_class, f"{path}.volumeAttributesClassName"))
    return errors


def class_name_errors(name: str, path: str) -> list[FieldError]:
    return [invalid(path, name, msg) for msg in dns1123_subdomain_errors(name)]


def _storage_request_errors(spec: Object, path: str) -> list[FieldError]:
    where = f"{path}.resources[storage]"
    requests = child(child(spec, "resources"), "requests")
    if "storage" not in requests:
        return [required(where)]
    value, errors = parse_at(where, requests["storage"])
    if value is None:
        return errors
    if value.sign() <= 0:
        return [invalid(where, value.canonical(), "must be greater than zero")]
    return quantity_value_errors("storage", value, path=where)


def _data_source_errors(spec: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    if isinstance(source, dict):
        errors.extend(_typed_reference_errors(source, f"{path}.dataSource"))
    if isinstance(ref, dict):
        errors.extend(_typed_reference_errors(ref, f"{path}.dataSourceRef"))
        if namespace := text(ref, "namespace"):
            errors.extend(
                invalid(f"{path}.dataSourceRef.namespace", namespace, msg)
                for msg in dns1123_label_errors(namespace)
            )
    if isinstance(ref, dict) and text(ref, "namespace"):
        if isinstance(source, dict):
            detail = "may not be specified when dataSourceRef.namespace is specified"
            errors.append(invalid(path, f"{path}.dataSource", detail))
    elif (
        isinstance(source, dict)
        and isinstance(ref, dict)
        and any(source.get(k) != ref.get(k) for k in ("apiGroup", "kind", "name"))
    ):
        errors.append(invalid(path, f"{path}.dataSource", "must match dataSourceRef"))
    return errors


def _typed_reference_errors(ref: Object, path: str) -> list[FieldError]:
    errors = [required(f"{path}.{key}") for key in ("name", "kind") if not text(ref, key)]
    group, kind = text(ref, "apiGroup"), text(ref, "kind")
    if not group and kind != "PersistentVolumeClaim":
        detail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        errors.append(invalid(path, kind, detail))
    if group:
        errors.extend(
            invalid(f"{path}.apiGroup", group, m) for m in dns1123_subdomain_errors(group)
        )
    return errors


class PersistentVolumeClaimStrategy(BaseStrategy):
    def default(self, obj: Object) -> None:
        default_claim_spec(ensure(obj, "spec"))
        status = ensure(obj, "status")
        if is_unset(status, "phase"):
            status["phase"] = "Pending"

    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + claim_spec_errors(child(obj, "spec"), "spec")

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        spec, old_spec = child(new, "spec"), child(old, "spec")
        errors = core_object_meta_update_errors(new, old)
        errors.extend(self.meta_errors(new))
        errors.extend(
            claim_spec_errors(
                spec,
                "spec",
                allow_invalid_selector_values=label_selector_has_invalid_value(
                    old_spec.get("selector")
                ),
            )
        )
        errors.extend(_immutability_errors(new, old))
        errors.extend(_shrink_errors(new, old))
        errors.extend(_immutable_volume_mode(spec, old_spec))
        errors.extend(_attributes_class_errors(spec, old_spec))
        return errors

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        if not text(child(new, "metadata"), "resourceVersion"):
            errors.append(required("resourceVersion"))
        if not strings(child(new, "spec").get("accessModes")):
            errors.append(required("Spec.accessModes"))
        status = child(new, "status")
        for name, value in sorted(quantities(status.get("capacity")).items()):
            if value.value() < 0:
                where = f"status.capacity[{name}]"
                errors.append(invalid(where, value.value(), "must be a valid resource quantity"))
        errors.extend(_allocation_errors(status))
        return errors


def _immutability_errors(new: Object, old: Object) -> list[FieldError]:
    """The spec may differ from the stored one only where upstream allows it."""
    spec, old_spec = clone(child(new, "spec")), clone(child(old, "spec"))
    errors: list[FieldError] = []
    if not text(old_spec, "volumeName"):
        old_spec["volumeName"] = spec.get("volumeName")
    if _upgrades_class_from_annotation(new, old):
        spec.pop("storageClassName", None)
    else:
        new_value = _class_annotations(new).get(_BETA_CLASS_ANNOTATION, "")
        if new_value != _class_annotations(old).get(_BETA_CLASS_ANNOTATION, ""):
            where = f"metadata.annotations.{_BETA_CLASS_ANNOTATION}"
            errors.append(invalid(where, new_value, IMMUTABLE))
        if _sets_class_from_nil(new, old):
            spec.pop("storageClassName", None)
    if text(child(new, "status"), "phase") == "Bound":
        requests = child(child(spec, "resources"), "requests")
        if requests:
            old_storage = child(child(old_spec, "resources"), "requests").get("storage")
            requests["storage"] = old_storage
        if spec.get("volumeAttributesClassName") is not None:
            spec["volumeAttributesClassName"] = old_spec.get("volumeAttributesClassName")
    if not semantic_equal(spec, old_spec):
        diff = spec_diff(child(old, "spec"), spec)
        errors.append(forbidden("spec", f"{_IMMUTABLE_SPEC}\n{diff}"))
    return errors


def _class_annotations(obj: Object) -> dict[str, str]:
    return string_map(child(obj, "metadata").get("annotations"))


def _upgrades_class_from_annotation(new: Object, old: Object) -> bool:
    """The one change allowed to storageClassName: from the beta annotation to the field."""
    old_annotations = _class_annotations(old)
    old_class = old_annotations.get(_BETA_CLASS_ANNOTATION)
    if old_class is None or child(old, "spec").get("storageClassName") is not None:
        return False
    if child(new, "spec").get("storageClassName") != old_class:
        return False
    return _class_annotations(new).get(_BETA_CLASS_ANNOTATION, old_class) == old_class


def _sets_class_from_nil(new: Object, old: Object) -> bool:
    """The other: from unset to the class the beta annotation (if any) named."""
    new_class = child(new, "spec").get("storageClassName")
    if not isinstance(new_class, str) or child(old, "spec").get("storageClassName") is not None:
        return False
    return _class_annotations(old).get(_BETA_CLASS_ANNOTATION, new_class) == new_class


def _storage(obj: Object, *keys: str) -> Quantity:
    """The `storage` quantity under `obj[keys...]`; zero when absent (Go's zero Quantity)."""
    holder = obj
    for key in keys:
        holder = child(holder, key)
    return quantities(holder).get("storage") or Quantity(Fraction(0))


def _shrink_errors(new: Object, old: Object) -> list[FieldError]:
    """A request may go down (to recover from a failed expansion), but not to the capacity."""
    size = _storage(new, "spec", "resources", "requests")
    if size.cmp(_storage(old, "spec", "resources", "requests")) >= 0:
        return []
    if size.cmp(_storage(old, "status", "capacity")) <= 0:
        detail = "field can not be less than status.capacity"
        return [forbidden("spec.resources.requests.storage", detail)]
    return []


def _immutable_volume_mode(spec: Object, old_spec: Object) -> list[FieldError]:
    if spec.get("volumeMode") == old_spec.get("volumeMode"):
        return []
    return [invalid("volumeMode", spec.get("volumeMode"), IMMUTABLE)]


def _attributes_class_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    key = "volumeAttributesClassName"
    new_value, old_value = spec.get(key), old_spec.get(key)
    if new_value == old_value or old_value is None:
        return []
    if new_value is None:
        return [forbidden(f"spec.{key}", "update from non-nil value to nil is forbidden")]
    if new_value == "":
        return [
            forbidden(f"spec.{key}", "update from non-nil value to an empty string is forbidden")
        ]
    return []


def _allocation_errors(status: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    statuses_path = "status.allocatedResourceStatus"
    for name, value in sorted(as_dict(status.get("allocatedResourceStatuses")).items()):
        errors.extend(_claim_resource_key_errors(name, statuses_path))
        if value not in _RESIZE_STATUSES:
            errors.append(not_supported(statuses_path, name, _RESIZE_STATUSES))
    for name, raw in sorted(as_dict(status.get("allocatedResources")).items()):
        key_errors = _claim_resource_key_errors(name, "status.allocatedResources")
        if key_errors:
            errors.extend(key_errors)
            continue
        where = f"status.allocatedResources[{name}]"
        value, parse_errors = parse_at(where, raw)
        if value is None:
            errors.extend(parse_errors)
        elif value.value() < 0:
            errors.append(invalid(where, value.value(), "must be a valid resource quantity"))
        else:
            errors.extend(quantity_value_errors("storage", value, path=where))
    return errors


def _claim_resource_key_errors(name: str, path: str) -> list[FieldError]:
    """`validatePersistentVolumeClaimResourceKey`: a qualified name; natively only storage."""
    errors = [invalid(path, name, msg) for msg in qualified_name_errors(name)]
    if not errors and is_native(name) and name != "storage":
        errors.append(not_supported(path, name, ["storage"]))
    return errors
