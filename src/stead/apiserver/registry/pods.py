"""Pods: defaults (including what upstream's default admission plugins add), create, update
and status validation, the `binding` subresource's body, and the QoS class.

A pod's spec is immutable but for container images, a shrinking activeDeadlineSeconds, added
tolerations, removed scheduling gates and a negative grace period raised to 1; any other change
is refused with upstream's long Forbidden message and a diff.
"""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, forbidden, invalid, not_supported, required
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.containers import image_whitespace_errors
from stead.apiserver.registry.diffs import spec_diff
from stead.apiserver.registry.fields import (
    as_list,
    child,
    clone,
    ensure,
    integer,
    is_unset,
    items,
    semantic_equal,
    string_map,
    text,
)
from stead.apiserver.registry.formats import MAX_INT32
from stead.apiserver.registry.objectmeta import core_object_meta_update_errors
from stead.apiserver.registry.poddefaults import default_pod_spec
from stead.apiserver.registry.podspec import pod_spec_errors
from stead.apiserver.registry.podstatus import qos_class, status_errors
from stead.apiserver.registry.tolerations import only_added_errors

Object = dict[str, Any]

UPDATABLE_FIELDS = (
    "`spec.containers[*].image`",
    "`spec.initContainers[*].image`",
    "`spec.activeDeadlineSeconds`",
    "`spec.tolerations` (only additions to existing tolerations)",
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
)
_NOT_READY = "node.kubernetes.io/not-ready"
_UNREACHABLE = "node.kubernetes.io/unreachable"
_DEFAULT_TOLERATION_SECONDS = 300
_SYSTEM_PRIORITIES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
_GATED_CONDITION = {
    "type": "PodScheduled",
    "status": "False",
    "reason": "SchedulingGated",
    "message": "Scheduling is blocked due to non-empty scheduling gates",
}


class PodStrategy(BaseStrategy):
    tracks_generation = True

    def prepare_for_create(self, obj: Object) -> None:
        super().prepare_for_create(obj)
        self.default(obj)
        spec = ensure(obj, "spec")
        admit(spec)
        status: Object = {"phase": "Pending", "qosClass": qos_class(spec)}
        if items(spec, "schedulingGates"):
            status["conditions"] = [dict(_GATED_CONDITION)]
        obj["status"] = status

    def default(self, obj: Object) -> None:
        spec = ensure(obj, "spec")
        default_pod_spec(spec)
        default_pod_only(spec)

    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = _metadata_and_spec_errors(self, obj)
        spec = child(obj, "spec")
        if spec.get("ephemeralContainers"):
            errors.append(forbidden("spec.ephemeralContainers", "cannot be set on create"))
        if text(spec, "nodeName") and items(spec, "schedulingGates"):
            detail = "cannot be set until all schedulingGates have been cleared"
            errors.append(forbidden("spec.nodeName", detail))
        return errors

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        errors.extend(_metadata_and_spec_errors(self, new))
        return errors + spec_update_errors(child(new, "spec"), child(old, "spec"))

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        return core_object_meta_update_errors(new, old) + status_errors(new, old)


def _metadata_and_spec_errors(strategy: PodStrategy, obj: Object) -> list[FieldError]:
    """`validatePodMetadataAndSpec`."""
    spec = child(obj, "spec")
    errors = strategy.meta_errors(obj)
    errors.extend(pod_spec_errors(spec, "spec"))
    errors.extend(_image_volume_errors(spec))
    errors.extend(image_whitespace_errors(spec.get("containers"), "spec.containers"))
    errors.extend(image_whitespace_errors(spec.get("initContainers"), "spec.initContainers"))
    return errors


def _image_volume_errors(spec: Object) -> list[FieldError]:
    return [
        required(f"spec.volumes[{index}].image.reference")
        for index, volume in enumerate(items(spec, "volumes"))
        if isinstance(volume.get("image"), dict) and not text(volume["image"], "reference")
    ]


def default_pod_only(spec: Object) -> None:
    """`SetDefaults_Pod`: what a Pod gets that a pod template does not."""
    for container in [*items(spec, "containers"), *items(spec, "initContainers")]:
        resources = child(container, "resources")
        if isinstance(resources.get("limits"), dict):
            requests = ensure(resources, "requests")
            for name, value in resources["limits"].items():
                requests.setdefault(name, value)
    if spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    if spec.get("hostNetwork") is True:
        for container in [*items(spec, "containers"), *items(spec, "initContainers")]:
            for port in items(container, "ports"):
                if not port.get("hostPort"):
                    port["hostPort"] = port.get("containerPort", 0)


def admit(spec: Object) -> None:
    """What upstream's default admission plugins add to a new pod: the service account, the
    priority, and five minutes of tolerance for an unready or unreachable node."""
    if is_unset(spec, "serviceAccountName"):
        spec["serviceAccountName"] = spec["serviceAccount"] = "default"
    if spec.get("priority") is None:
        spec["priority"] = _SYSTEM_PRIORITIES.get(text(spec, "priorityClassName"), 0)
    if spec.get("preemptionPolicy") is None:
        spec["preemptionPolicy"] = "PreemptLowerPriority"
    tolerations = [t for t in as_list(spec.get("tolerations")) if isinstance(t, dict)]
    added = [
        {"key": key, "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": _DEFAULT_TOLERATION_SECONDS}
        for key in (_NOT_READY, _UNREACHABLE)
        if not any(_tolerates(t, key) for t in tolerations)
    ]  # fmt: skip
    if added:
        spec["tolerations"] = [*as_list(spec.get("tolerations")), *added]


def _tolerates(toleration: Object, key: str) -> bool:
    return text(toleration, "key") in (key, "") and text(toleration, "effect") in ("NoExecute", "")


def spec_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    """`ValidatePodUpdate`'s rules on the spec."""
    errors: list[FieldError] = []
    for key in ("containers", "initContainers"):
        container_errors, stop = _container_update_errors(spec, old_spec, key=key)
        errors.extend(container_errors)
        if stop:
            return errors
    deadline_errors, stop = _deadline_update_errors(spec, old_spec)
    errors.extend(deadline_errors)
    if stop:
        return errors
    errors.extend(
        only_added_errors(
            spec.get("tolerations"), old_spec.get("tolerations"), path="spec.tolerations"
        )
    )
    errors.extend(_gate_update_errors(spec, old_spec))
    if semantic_equal(spec, old_spec):
        return errors
    munged, munge_errors = _munge(spec, old_spec)
    errors.extend(munge_errors)
    if not semantic_equal(munged, old_spec):
        fields = ",".join(UPDATABLE_FIELDS)
        diff = spec_diff(old_spec, munged)
        errors.append(
            forbidden("spec", f"pod updates may not change fields other than {fields}\n{diff}")
        )
    return errors


def _container_update_errors(
    spec: Object, old_spec: Object, *, key: str
) -> tuple[list[FieldError], bool]:
    containers, old_containers = items(spec, key), items(old_spec, key)
    if len(containers) != len(old_containers):
        return [forbidden(f"spec.{key}", "pod updates may not add or remove containers")], True
    errors = [
        required(f"spec.{key}[{index}].image")
        for index, container in enumerate(containers)
        if not text(container, "image")
    ]
    return errors + image_whitespace_errors(spec.get(key), f"spec.{key}"), False


def _deadline_update_errors(spec: Object, old_spec: Object) -> tuple[list[FieldError], bool]:
    path = "spec.activeDeadlineSeconds"
    deadline, old_deadline = (
        integer(spec, "activeDeadlineSeconds"),
        integer(old_spec, "activeDeadlineSeconds"),
    )
    if deadline is not None:
        if not 0 <= deadline <= MAX_INT32:
            return [invalid(path, deadline, f"must be between 0 and {MAX_INT32}, inclusive")], True
        if old_deadline is not None and old_deadline < deadline:
            return [invalid(path, deadline, "must be less than or equal to previous value")], True
        return [], False
    if old_deadline is not None:
        return [invalid(path, None, "must not update from a positive integer to nil value")], False
    return [], False


def _gate_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    old_names = {text(gate, "name") for gate in items(old_spec, "schedulingGates")}
    added: dict[str, int] = {}
    for index, gate in enumerate(items(spec, "schedulingGates")):
        added[text(gate, "name")] = index
    return [
        forbidden(
            f"spec.schedulingGates[{index}].name",
            f"only deletion is allowed, but found new scheduling gate '{name}'",
        )
        for name, index in added.items()
        if name not in old_names
    ]


def _munge(spec: Object, old_spec: Object) -> tuple[Object, list[FieldError]]:
    """The new spec with every field an update may change reset to its stored value."""
    munged = clone(spec)
    for key in ("containers", "initContainers"):
        for container, old in zip(items(munged, key), items(old_spec, key), strict=False):
            container["image"] = old.get("image")
    for key in ("activeDeadlineSeconds", "schedulingGates", "tolerations"):
        _copy_field(munged, old_spec, key=key)
    old_grace = integer(old_spec, "terminationGracePeriodSeconds")
    if (
        old_grace is not None
        and old_grace < 0
        and integer(munged, "terminationGracePeriodSeconds") == 1
    ):
        munged["terminationGracePeriodSeconds"] = old_grace
    errors: list[FieldError] = []
    if items(old_spec, "schedulingGates"):
        errors.extend(_node_selector_additions(munged, old_spec))
    return munged, errors


def _copy_field(target: Object, source: Object, *, key: str) -> None:
    if key in source:
        target[key] = clone(source[key])
    else:
        target.pop(key, None)


def _node_selector_additions(munged: Object, old_spec: Object) -> list[FieldError]:
    selector, old_selector = (
        string_map(munged.get("nodeSelector")),
        string_map(old_spec.get("nodeSelector")),
    )
    if selector == old_selector:
        return []
    _copy_field(munged, old_spec, key="nodeSelector")
    if all(selector.get(key) == value for key, value in old_selector.items()):
        return []
    detail = "only additions to spec.nodeSelector are allowed (no mutations or deletions)"
    return [invalid("spec.nodeSelector", selector, detail)]


def validate_binding(binding: Object) -> list[FieldError]:
    """Upstream `ValidatePodBinding`: the target is a Node, named."""
    target = child(binding, "target")
    errors: list[FieldError] = []
    kind = text(target, "kind")
    if kind and kind != "Node":
        errors.append(not_supported("target.kind", kind, ["Node", "<empty>"]))
    if not text(target, "name"):
        errors.append(required("target.name"))
    return errors
