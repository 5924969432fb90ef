"""ObjectMeta validation on create and update (upstream `ValidateObjectMeta[Update]`).

Two layers exist upstream and both are reproduced: apimachinery's generic checks, and the core
API's extra rule that an unqualified finalizer must be one of the standard ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from stead.api.errors import FieldError, forbidden, invalid, required
from stead.api.meta import parse_time
from stead.api.validation import (
    dns1123_label_errors,
    qualified_name_errors,
    validate_annotations,
    validate_labels,
)
from stead.apiserver.registry.fields import (
    as_dict,
    as_list,
    integer,
    semantic_equal,
    strings,
    text,
)
from stead.apiserver.registry.names import NameFn

Object = dict[str, Any]

IMMUTABLE = "field is immutable"
NEGATIVE = "must be greater than or equal to 0"
STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")
_BANNED_OWNERS = {("", "v1", "Event")}
# ObjectMeta fields in Go declaration order (the order "cannot be set" errors come in).
_META_FIELDS = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                "generation", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
                "finalizers", "managedFields")  # fmt: skip


def nonnegative(path: str, value: int | None) -> list[FieldError]:
    """Upstream `ValidateNonnegativeField` (an absent value is Go's 0)."""
    return [invalid(path, value, NEGATIVE)] if value is not None and value < 0 else []


def immutable(path: str, new: object, *, old: object) -> list[FieldError]:
    """Upstream `ValidateImmutableField`."""
    return [] if semantic_equal(new, old) else [invalid(path, new, IMMUTABLE)]


def object_meta_errors(
    obj: Object, *, namespaced: bool, name_fn: NameFn, path: str = "metadata"
) -> list[FieldError]:
    """apimachinery `ValidateObjectMetaAccessor`: runs after `generateName` became a name."""
    meta = as_dict(obj.get("metadata"))
    errors: list[FieldError] = []
    if generate_name := text(meta, "generateName"):
        errors.extend(
            invalid(f"{path}.generateName", generate_name, msg)
            for msg in name_fn(generate_name, True)
        )
    if name := text(meta, "name"):
        errors.extend(invalid(f"{path}.name", name, msg) for msg in name_fn(name, False))
    else:
        errors.append(required(f"{path}.name", "name or generateName is required"))
    errors.extend(_namespace_errors(meta, namespaced=namespaced, path=path))
    errors.extend(nonnegative(f"{path}.generation", integer(meta, "generation")))
    errors.extend(_labels_and_annotations(meta, path))
    errors.extend(owner_reference_errors(meta.get("ownerReferences"), f"{path}.ownerReferences"))
    errors.extend(finalizer_errors(strings(meta.get("finalizers")), f"{path}.finalizers"))
    return errors


def core_object_meta_errors(
    obj: Object, *, namespaced: bool, name_fn: NameFn, path: str = "metadata"
) -> list[FieldError]:
    """The core API's `ValidateObjectMeta`: the generic checks plus standard finalizer names."""
    errors = object_meta_errors(obj, namespaced=namespaced, name_fn=name_fn, path=path)
    return errors + _kube_finalizer_errors(obj, path)


def _namespace_errors(meta: Object, *, namespaced: bool, path: str) -> list[FieldError]:
    namespace = text(meta, "namespace")
    if not namespaced:
        return [forbidden(f"{path}.namespace", "not allowed on this type")] if namespace else []
    if not namespace:
        return [required(f"{path}.namespace")]
    return [invalid(f"{path}.namespace", namespace, m) for m in dns1123_label_errors(namespace)]


def _labels_and_annotations(meta: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if meta.get("labels") is not None:
        errors.extend(validate_labels(meta["labels"], f"{path}.labels"))
    if meta.get("annotations") is not None:
        errors.extend(validate_annotations(meta["annotations"], f"{path}.annotations"))
    return errors


def owner_reference_errors(refs: object, path: str) -> list[FieldError]:
    """apimachinery `ValidateOwnerReferences`; note the paths carry no index, as upstream's."""
    errors: list[FieldError] = []
    first_controller = ""
    references = as_list(refs)
    for raw in references:
        ref = as_dict(raw)
        errors.extend(_owner_reference_errors(ref, path))
        if ref.get("controller") is True:
            current = f"{text(ref, 'kind')}/{text(ref, 'name')}"
            if first_controller:
                detail = (
                    'Only one reference can have Controller set to true. Found "true" in '
                    f"references for {first_controller} and {current}"
                )
                errors.append(invalid(path, references, detail))
            else:
                first_controller = current
    return errors


def _owner_reference_errors(ref: Object, path: str) -> list[FieldError]:
    api_version, kind = text(ref, "apiVersion"), text(ref, "kind")
    group, version = _parse_group_version(api_version)
    errors: list[FieldError] = []
    if not version:
        errors.append(invalid(f"{path}.apiVersion", api_version, "version must not be empty"))
    if not kind:
        errors.append(invalid(f"{path}.kind", kind, "must not be empty"))
    for key in ("name", "uid"):
        if not text(ref, key):
            errors.append(invalid(f"{path}.{key}", text(ref, key), "must not be empty"))
    if (group, version, kind) in _BANNED_OWNERS:
        detail = f"{group}/{version}, Kind={kind} is disallowed from being an owner"
        errors.append(invalid(path, ref, detail))
    return errors


def _parse_group_version(api_version: str) -> tuple[str, str]:
    if api_version in ("", "/"):
        return "", ""
    slashes = api_version.count("/")
    if slashes == 0:
        return "", api_version
    if slashes == 1:
        group, _, version = api_version.partition("/")
        return group, version
    return "", ""


def finalizer_errors(finalizers: Sequence[str], path: str) -> list[FieldError]:
    """apimachinery `ValidateFinalizers` (errors at the list's path, without an index)."""
    errors = [invalid(path, f, msg) for f in finalizers for msg in qualified_name_errors(f)]
    if "orphan" in finalizers and "foregroundDeletion" in finalizers:
        detail = "finalizer orphan and foregroundDeletion cannot be both set"
        errors.append(invalid(path, list(finalizers), detail))
    return errors


def kube_finalizer_name_errors(finalizer: str, path: str) -> list[FieldError]:
    """The core API's `validateKubeFinalizerName`."""
    if "/" in finalizer or finalizer in STANDARD_FINALIZERS:
        return []
    detail = "name is neither a standard finalizer name nor is it fully qualified"
    return [invalid(path, finalizer, detail)]


def _kube_finalizer_errors(obj: Object, path: str) -> list[FieldError]:
    finalizers = strings(as_dict(obj.get("metadata")).get("finalizers"))
    return [
        error
        for index, finalizer in enumerate(finalizers)
        for error in kube_finalizer_name_errors(finalizer, f"{path}.finalizers[{index}]")
    ]


def object_meta_update_errors(
    new: Object, old: Object, *, path: str = "metadata"
) -> list[FieldError]:
    """apimachinery `ValidateObjectMetaAccessorUpdate`."""
    meta, old_meta = as_dict(new.get("metadata")), as_dict(old.get("metadata"))
    errors: list[FieldError] = []
    if old_meta.get("deletionTimestamp"):
        errors.extend(_no_new_finalizers(meta, old_meta, path=f"{path}.finalizers"))
    if not text(meta, "resourceVersion"):
        detail = "must be specified for an update"
        errors.append(invalid(f"{path}.resourceVersion", text(meta, "resourceVersion"), detail))
    generation, old_generation = integer(meta, "generation") or 0, integer(old_meta, "generation")
    if generation < (old_generation or 0):
        errors.append(invalid(f"{path}.generation", generation, "must not be decremented"))
    for key in ("name", "namespace", "uid"):
        errors.extend(immutable(f"{path}.{key}", text(meta, key), old=text(old_meta, key)))
    for key in ("creationTimestamp", "deletionTimestamp"):
        if meta.get(key) != old_meta.get(key):
            errors.append(invalid(f"{path}.{key}", _go_time(meta.get(key)), IMMUTABLE))
    grace = "deletionGracePeriodSeconds"
    errors.extend(immutable(f"{path}.{grace}", meta.get(grace), old=old_meta.get(grace)))
    errors.extend(_labels_and_annotations(meta, path))
    errors.extend(owner_reference_errors(meta.get("ownerReferences"), f"{path}.ownerReferences"))
    return errors


def core_object_meta_update_errors(new: Object, old: Object) -> list[FieldError]:
    """The core API's `ValidateObjectMetaUpdate`."""
    return object_meta_update_errors(new, old) + _kube_finalizer_errors(new, "metadata")


def _no_new_finalizers(meta: Object, old_meta: Object, *, path: str) -> list[FieldError]:
    added = sorted(set(strings(meta.get("finalizers"))) - set(strings(old_meta.get("finalizers"))))
    if not added:
        return []
    listed = ", ".join(f'"{name}"' for name in added)
    detail = (
        "no new finalizers can be added if the object is being deleted, found new finalizers "
        f"[]string{{{listed}}}"
    )
    return [forbidden(path, detail)]


def _go_time(value: object) -> object:
    """A timestamp as Go prints a `metav1.Time` (`2006-01-02 15:04:05 +0000 UTC`)."""
    if not isinstance(value, str):
        return None
    moment = parse_time(value)
    if moment is None:
        return value
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def template_meta_errors(meta: object, path: str) -> list[FieldError]:
    """Upstream `ValidateTemplateObjectMeta`: only labels and annotations may be set."""
    meta = as_dict(meta)
    errors = _labels_and_annotations(meta, path)
    errors.extend(
        forbidden(f"{path}.{key}", "cannot be set")
        for key in _META_FIELDS
        if key not in ("labels", "annotations") and meta.get(key) not in (None, "", 0, [], {})
    )
    return errors
