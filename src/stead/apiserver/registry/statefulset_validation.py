"""StatefulSet validation: create (spec §2.2, rules in order), update (§2.3) and status (§2.4).

The pod template is validated as a pod would be, with a volume per claim template so that
mounts of claim volumes resolve; claim templates are validated as claims. Both, and a non-empty
serviceName, are ratcheted on update: a stored object that already broke the rule may keep
breaking it while other fields change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stead.api.errors import (
    ApiError,
    FieldError,
    forbidden,
    invalid,
    not_supported,
    required,
)
from stead.api.selectors import from_object
from stead.api.validation import (
    dns1123_label_errors,
    percent_errors,
    validate_annotations,
    validate_label_selector,
    validate_labels,
)
from stead.apiserver.registry.claims import claim_spec_errors
from stead.apiserver.registry.fields import (
    as_dict,
    child,
    clone,
    integer,
    items,
    semantic_equal,
    text,
)
from stead.apiserver.registry.objectmeta import (
    NEGATIVE,
    core_object_meta_update_errors,
    nonnegative,
)
from stead.apiserver.registry.podspec import template_spec_errors

Object = dict[str, Any]

IMMUTABLE_SPEC = (
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
    "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
    "'minReadySeconds' are forbidden"
)
MUTABLE_FIELDS = ("replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                  "persistentVolumeClaimRetentionPolicy", "minReadySeconds")  # fmt: skip
_POLICIES = ("OrderedReady", "Parallel")
_RETENTION = ("Retain", "Delete")
_GO_ATOI = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Ratchet:
    """Rules an update skips because the stored object already broke them."""

    invalid_service_name: bool = False
    invalid_template: bool = False
    invalid_claims: bool = False
    recreate_strategy: bool = False


def spec_errors(spec: Object, ratchet: Ratchet = Ratchet()) -> list[FieldError]:
    """`ValidateStatefulSetSpec` at path `spec`."""
    errors = _policy_errors(spec)
    errors.extend(_strategy_errors(child(spec, "updateStrategy"), ratchet))
    errors.extend(_retention_errors(spec))
    errors.extend(nonnegative("spec.replicas", integer(spec, "replicas")))
    errors.extend(nonnegative("spec.minReadySeconds", integer(spec, "minReadySeconds")))
    if isinstance(spec.get("ordinals"), dict):
        errors.extend(nonnegative("spec.ordinals.start", integer(spec["ordinals"], "start")))
    service = text(spec, "serviceName")
    if service and not ratchet.invalid_service_name:
        errors.extend(
            invalid("spec.serviceName", service, m) for m in dns1123_label_errors(service)
        )
    errors.extend(_selector_errors(spec))
    template_spec = child(child(spec, "template"), "spec")
    if text(template_spec, "restartPolicy") != "Always":
        where = "spec.template.spec.restartPolicy"
        errors.append(not_supported(where, text(template_spec, "restartPolicy"), ["Always"]))
    if template_spec.get("activeDeadlineSeconds") is not None:
        detail = "activeDeadlineSeconds in StatefulSet is not Supported"
        errors.append(forbidden("spec.template.spec.activeDeadlineSeconds", detail))
    if not ratchet.invalid_template:
        errors.extend(template_errors(spec))
    if not ratchet.invalid_claims:
        errors.extend(claim_template_errors(spec))
    return errors


def _policy_errors(spec: Object) -> list[FieldError]:
    policy = text(spec, "podManagementPolicy")
    if not policy:
        return [required("spec.podManagementPolicy")]
    if policy not in _POLICIES:
        detail = "must be 'OrderedReady' or 'Parallel'"
        return [invalid("spec.podManagementPolicy", policy, detail)]
    return []


def _strategy_errors(strategy: Object, ratchet: Ratchet) -> list[FieldError]:
    kind, rolling = text(strategy, "type"), strategy.get("rollingUpdate")
    if not kind:
        return [required("spec.updateStrategy")]
    if kind == "OnDelete":
        if rolling is None:
            return []
        detail = "only allowed for updateStrategy 'RollingUpdate'"
        return [invalid("spec.updateStrategy.rollingUpdate", rolling, detail)]
    if kind == "RollingUpdate":
        return _rolling_update_errors(rolling) if isinstance(rolling, dict) else []
    if kind == "Recreate" and ratchet.recreate_strategy:
        return []
    return [invalid("spec.updateStrategy", strategy, "must be 'RollingUpdate' or 'OnDelete'")]


def _rolling_update_errors(rolling: Object) -> list[FieldError]:
    path = "spec.updateStrategy.rollingUpdate"
    errors = nonnegative(f"{path}.partition", integer(rolling, "partition"))
    value = rolling.get("maxUnavailable")
    if value is None:
        return errors
    where = f"{path}.maxUnavailable"
    if isinstance(value, str):
        errors.extend(invalid(where, value, msg) for msg in percent_errors(value))
    elif isinstance(value, int) and value < 0:
        errors.append(invalid(where, value, NEGATIVE))
    amount, is_percent = _int_or_percent(value)
    if amount == 0:
        errors.append(invalid(where, value, "cannot be 0"))
    if is_percent and amount > 100:
        errors.append(invalid(where, value, "must not be greater than 100%"))
    return errors


def _int_or_percent(value: object) -> tuple[int, bool]:
    """Upstream `getIntOrPercentValue`: a bad string reads as Go's `Atoi` would (0 on error)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 0, False
    if isinstance(value, int):
        return value, False
    if not percent_errors(value):
        return int(value[:-1]), True
    return (int(value), False) if _GO_ATOI.fullmatch(value) else (0, False)


def _retention_errors(spec: Object) -> list[FieldError]:
    policy = spec.get("persistentVolumeClaimRetentionPolicy")
    if not isinstance(policy, dict):
        return []
    path = "spec.persistentVolumeClaimRetentionPolicy"
    return [
        not_supported(f"{path}.{key}", text(policy, key), _RETENTION)
        for key in ("whenDeleted", "whenScaled")
        if text(policy, key) not in _RETENTION
    ]


def _selector_errors(spec: Object) -> list[FieldError]:
    selector = spec.get("selector")
    errors: list[FieldError] = []
    if selector is None:
        errors.append(required("spec.selector"))
    else:
        errors.extend(validate_label_selector(selector, "spec.selector"))
        if not as_dict(selector).get("matchLabels") and not as_dict(selector).get(
            "matchExpressions"
        ):
            detail = "empty selector is invalid for statefulset"
            errors.append(invalid("spec.selector", selector, detail))
    try:
        converted = from_object(selector if selector is None else as_dict(selector))
    except ApiError:
        return [*errors, invalid("spec.selector", selector, "")]
    template_meta = child(child(spec, "template"), "metadata")
    labels = template_meta.get("labels")
    if not converted.empty and not converted.matches(as_dict(labels)):
        detail = "`selector` does not match template `labels`"
        errors.append(invalid("spec.template.metadata.labels", labels, detail))
    if labels is not None:
        errors.extend(validate_labels(labels, "spec.template.labels"))
    if template_meta.get("annotations") is not None:
        errors.extend(
            validate_annotations(template_meta["annotations"], "spec.template.annotations")
        )
    return errors


def template_errors(spec: Object) -> list[FieldError]:
    """The pod template validated as a pod would be, claim volumes included."""
    template_spec = clone(child(child(spec, "template"), "spec"))
    volumes = [v for v in template_spec.get("volumes") or [] if isinstance(v, dict)]
    taken = {text(volume, "name") for volume in volumes}
    for claim in items(spec, "volumeClaimTemplates"):
        name = text(child(claim, "metadata"), "name")
        if name and name not in taken and not dns1123_label_errors(name):
            volumes.append({"name": name, "persistentVolumeClaim": {"claimName": name}})
            taken.add(name)
    template_spec["volumes"] = volumes
    errors = template_spec_errors(template_spec, "spec.template.spec")
    if template_spec.get("ephemeralContainers"):
        detail = "ephemeral containers not allowed in pod template"
        errors.append(forbidden("spec.template.spec.ephemeralContainers", detail))
    return errors


def claim_template_errors(spec: Object) -> list[FieldError]:
    return [
        error
        for index, claim in enumerate(items(spec, "volumeClaimTemplates"))
        for error in claim_spec_errors(
            child(claim, "spec"), f"spec.volumeClaimTemplates[{index}].spec"
        )
    ]


def update_errors(new: Object, old: Object) -> list[FieldError]:
    """`ValidateStatefulSetUpdate`: the name is not checked again; only the mutable fields
    may differ from the stored spec."""
    spec, old_spec = child(new, "spec"), child(old, "spec")
    errors = core_object_meta_update_errors(new, old)
    errors.extend(spec_errors(spec, _ratchet(old_spec)))
    unchanged = clone(spec)
    for key in MUTABLE_FIELDS:
        if key in old_spec:
            unchanged[key] = clone(old_spec[key])
        else:
            unchanged.pop(key, None)
    if not semantic_equal(unchanged, old_spec):
        errors.append(forbidden("spec", IMMUTABLE_SPEC))
    return errors


def _ratchet(old_spec: Object) -> Ratchet:
    service = text(old_spec, "serviceName")
    return Ratchet(
        invalid_service_name=bool(service and dns1123_label_errors(service)),
        invalid_template=bool(template_errors(old_spec)),
        invalid_claims=bool(claim_template_errors(old_spec)),
        recreate_strategy=text(child(old_spec, "updateStrategy"), "type") == "Recreate",
    )


def status_errors(new: Object, old: Object) -> list[FieldError]:
    """`ValidateStatefulSetStatusUpdate`."""
    status = child(new, "status")
    counts = {key: integer(status, key) or 0 for key in ("replicas", "readyReplicas",
              "currentReplicas", "updatedReplicas", "availableReplicas")}  # fmt: skip
    errors: list[FieldError] = []
    for key, value in counts.items():
        errors.extend(nonnegative(f"status.{key}", value))
    for key in ("observedGeneration", "collisionCount"):
        errors.extend(nonnegative(f"status.{key}", integer(status, key)))
    for key in ("readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"):
        if counts[key] > counts["replicas"]:
            detail = "cannot be greater than status.replicas"
            errors.append(invalid(f"status.{key}", counts[key], detail))
    if counts["availableReplicas"] > counts["readyReplicas"]:
        detail = "cannot be greater than status.readyReplicas"
        errors.append(invalid("status.availableReplicas", counts["availableReplicas"], detail))
    errors.extend(core_object_meta_update_errors(new, old))
    collisions = integer(status, "collisionCount")
    old_collisions = integer(child(old, "status"), "collisionCount")
    if old_collisions is not None and (collisions is None or collisions < old_collisions):
        detail = "cannot be decremented"
        errors.append(invalid("status.collisionCount", collisions or 0, detail))
    return errors
