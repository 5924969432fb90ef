"""Scheduling constraints of a PodSpec: node and pod (anti-)affinity, topology spread, and
the node selectors a PersistentVolume's node affinity shares (upstream `validateAffinity`,
`ValidateNodeSelector`, `validateTopologySpreadConstraints`)."""

from __future__ import annotations

from typing import Any

from stead.api.errors import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from stead.api.validation import (
    dns1123_label_errors,
    dns1123_subdomain_errors,
    label_value_errors,
    validate_label_name,
    validate_label_selector,
)
from stead.apiserver.registry.fields import child, enumerate_items, integer, objects, strings, text

Object = dict[str, Any]

_WHEN_UNSATISFIABLE = ("DoNotSchedule", "ScheduleAnyway")
_INCLUSION_POLICIES = ("Honor", "Ignore")
_WEIGHT = "must be in the range 1-100"


def node_selector_errors(selector: Object, path: str, *, strict_values: bool) -> list[FieldError]:
    """`ValidateNodeSelector`: at least one term, each requirement well formed."""
    terms = objects(selector.get("nodeSelectorTerms"))
    where = f"{path}.nodeSelectorTerms"
    if not terms:
        return [required(where, "must have at least one node selector term")]
    errors: list[FieldError] = []
    for index, term in enumerate(terms):
        errors.extend(_term_errors(term, f"{where}[{index}]", strict_values=strict_values))
    return errors


def _term_errors(term: Object, path: str, *, strict_values: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, requirement in enumerate_items(term, "matchExpressions"):
        where = f"{path}.matchExpressions[{index}]"
        errors.extend(_requirement_errors(requirement, where, strict_values=strict_values))
    for index, requirement in enumerate_items(term, "matchFields"):
        errors.extend(_field_requirement_errors(requirement, f"{path}.matchFields[{index}]"))
    return errors


def _requirement_errors(requirement: Object, path: str, *, strict_values: bool) -> list[FieldError]:
    operator, values = text(requirement, "operator"), strings(requirement.get("values"))
    errors: list[FieldError] = []
    if operator in ("In", "NotIn"):
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            errors.append(required(f"{path}.values", detail))
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            errors.append(forbidden(f"{path}.values", detail))
    elif operator in ("Gt", "Lt"):
        if len(values) != 1:
            detail = "must be specified single value when `operator` is 'Lt' or 'Gt'"
            errors.append(required(f"{path}.values", detail))
    else:
        errors.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    errors.extend(validate_label_name(text(requirement, "key"), f"{path}.key"))
    if strict_values:
        for index, value in enumerate(values):
            where = f"{path}.values[{index}]"
            errors.extend(invalid(where, value, msg) for msg in label_value_errors(value))
    return errors


def _field_requirement_errors(requirement: Object, path: str) -> list[FieldError]:
    operator, values = text(requirement, "operator"), strings(requirement.get("values"))
    errors: list[FieldError] = []
    if operator in ("In", "NotIn"):
        if len(values) != 1:
            detail = (
                "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
            )
            errors.append(required(f"{path}.values", detail))
    else:
        errors.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    key = text(requirement, "key")
    if key != "metadata.name":
        errors.append(invalid(f"{path}.key", key, "not a valid field selector key"))
        return errors
    for index, value in enumerate(values):
        where = f"{path}.values[{index}]"
        errors.extend(invalid(where, value, msg) for msg in dns1123_subdomain_errors(value))
    return errors


def affinity_errors(affinity: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    node = affinity.get("nodeAffinity")
    if isinstance(node, dict):
        errors.extend(_node_affinity_errors(node, f"{path}.nodeAffinity"))
    for key in ("podAffinity", "podAntiAffinity"):
        pod = affinity.get(key)
        if isinstance(pod, dict):
            errors.extend(_pod_affinity_errors(pod, f"{path}.{key}"))
    return errors


def _node_affinity_errors(affinity: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    required_terms = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if isinstance(required_terms, dict):
        where = f"{path}.requiredDuringSchedulingIgnoredDuringExecution"
        errors.extend(node_selector_errors(required_terms, where, strict_values=True))
    where = f"{path}.preferredDuringSchedulingIgnoredDuringExecution"
    for index, term in enumerate_items(affinity, "preferredDuringSchedulingIgnoredDuringExecution"):
        weight = integer(term, "weight") or 0
        if not 0 < weight <= 100:
            errors.append(invalid(f"{where}[{index}].weight", weight, _WEIGHT))
        preference = child(term, "preference")
        errors.extend(_term_errors(preference, f"{where}[{index}].preference", strict_values=False))
    return errors


def _pod_affinity_errors(affinity: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    key = "requiredDuringSchedulingIgnoredDuringExecution"
    for index, term in enumerate_items(affinity, key):
        errors.extend(_pod_term_errors(term, f"{path}.{key}[{index}]"))
    key = "preferredDuringSchedulingIgnoredDuringExecution"
    for index, weighted in enumerate_items(affinity, key):
        where = f"{path}.{key}[{index}]"
        weight = integer(weighted, "weight") or 0
        if not 0 < weight <= 100:
            errors.append(invalid(f"{where}.weight", weight, _WEIGHT))
        errors.extend(
            _pod_term_errors(child(weighted, "podAffinityTerm"), f"{where}.podAffinityTerm")
        )
    return errors


def _pod_term_errors(term: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for key in ("labelSelector", "namespaceSelector"):
        if term.get(key) is not None:
            errors.extend(validate_label_selector(term[key], f"{path}.{key}"))
    for namespace in strings(term.get("namespaces")):
        errors.extend(
            invalid(f"{path}.namespace", namespace, m) for m in dns1123_label_errors(namespace)
        )
    topology_key = text(term, "topologyKey")
    if not topology_key:
        errors.append(required(f"{path}.topologyKey", "can not be empty"))
    return errors + validate_label_name(topology_key, f"{path}.topologyKey")


def topology_spread_errors(constraints: object, path: str) -> list[FieldError]:
    """`validateTopologySpreadConstraints`."""
    listed = objects(constraints)
    errors: list[FieldError] = []
    for index, constraint in enumerate(listed):
        where = f"{path}.topologySpreadConstraints[{index}]"
        skew = integer(constraint, "maxSkew") or 0
        if skew <= 0:
            errors.append(invalid(f"{where}.maxSkew", skew, "must be greater than zero"))
        key, action = text(constraint, "topologyKey"), text(constraint, "whenUnsatisfiable")
        if not key:
            errors.append(required(f"{where}.topologyKey", "can not be empty"))
        if action not in _WHEN_UNSATISFIABLE:
            errors.append(not_supported(f"{where}.whenUnsatisfiable", action, _WHEN_UNSATISFIABLE))
        if any(
            text(other, "topologyKey") == key and text(other, "whenUnsatisfiable") == action
            for other in listed[index + 1 :]
        ):
            errors.append(
                duplicate(f"{where}.{{topologyKey, whenUnsatisfiable}}", f"{{{key}, {action}}}")
            )
        errors.extend(_min_domains_errors(constraint, where, action=action))
        for policy_key in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            policy = constraint.get(policy_key)
            if isinstance(policy, str) and policy not in _INCLUSION_POLICIES:
                errors.append(not_supported(f"{where}.{policy_key}", policy, _INCLUSION_POLICIES))
        if constraint.get("labelSelector") is not None:
            selector_path = f"{where}.labelSelector"
            errors.extend(validate_label_selector(constraint["labelSelector"], selector_path))
    return errors


def _min_domains_errors(constraint: Object, path: str, *, action: str) -> list[FieldError]:
    domains = integer(constraint, "minDomains")
    if domains is None:
        return []
    errors: list[FieldError] = []
    if domains <= 0:
        errors.append(invalid(f"{path}.minDomains", domains, "must be greater than zero"))
    if action != "DoNotSchedule":
        detail = f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
        errors.append(invalid(f"{path}.minDomains", domains, detail))
    return errors
