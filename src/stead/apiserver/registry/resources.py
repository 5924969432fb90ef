"""Compute resources: names, quantities, and `requests` against `limits` (upstream
`validateResourceRequirements` and friends). Quantities are canonicalized by the defaults, so a
value that still fails to parse here is reported with upstream's decoding message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stead.api import quantity
from stead.api.errors import FieldError, FieldErrorType, duplicate, forbidden, invalid, required
from stead.api.quantity import Quantity, QuantityError
from stead.api.validation import qualified_name_errors
from stead.apiserver.registry.fields import as_dict, items, text
from stead.apiserver.registry.objectmeta import NEGATIVE

_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
_QUOTA_ONLY = ("pods", "services", "replicationcontrollers", "resourcequotas", "secrets",
               "configmaps", "persistentvolumeclaims", "services.nodeports",
               "services.loadbalancers", "storage", "requests.storage", "count/")  # fmt: skip
_STANDARD_RESOURCES = frozenset(
    [*_CONTAINER_RESOURCES, "requests.cpu", "requests.memory", "requests.ephemeral-storage",
     "limits.cpu", "limits.memory", "limits.ephemeral-storage", *_QUOTA_ONLY]
)  # fmt: skip
_INTEGER_RESOURCES = frozenset(
    ["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
     "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"]
)  # fmt: skip
_HUGEPAGES = "hugepages-"
_QOS_RESOURCES = ("cpu", "memory")


def parse_at(path: str, value: object) -> tuple[Quantity | None, list[FieldError]]:
    """The quantity at `path`, or the error upstream's decoder reports for it."""
    try:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return quantity.parse(value), []
        raise QuantityError(quantity.FORMAT_WRONG)
    except QuantityError as error:
        return None, [invalid(path, value, str(error))]


def quantities(values: object) -> dict[str, Quantity]:
    """The parseable entries of a resource list, keyed by name."""
    parsed = {name: quantity.parse_or_none(value) for name, value in as_dict(values).items()}
    return {name: q for name, q in parsed.items() if q is not None}


def canonicalize_list(values: object) -> None:
    """Rewrite each parseable quantity of a resource list in canonical form, in place."""
    if isinstance(values, dict):
        for name, value in values.items():
            values[name] = quantity.canonicalize(value)


def is_native(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def is_hugepages(name: str) -> bool:
    return name.startswith(_HUGEPAGES)


def overcommit_allowed(name: str) -> bool:
    return is_native(name) and not is_hugepages(name)


def _is_standard(name: str) -> bool:
    return (
        name in _STANDARD_RESOURCES
        or is_hugepages(name)
        or name.startswith(("requests.hugepages-", "limits.hugepages-", "count/"))
    )


def resource_name_errors(name: str, path: str) -> list[FieldError]:
    """`validateResourceName`."""
    errors = [invalid(path, name, msg) for msg in qualified_name_errors(name)]
    if errors:
        return errors
    if "/" not in name and not _is_standard(name):
        return [invalid(path, name, "must be a standard resource type or fully qualified")]
    return []


def container_resource_name_errors(name: str, path: str) -> list[FieldError]:
    """`validateContainerResourceName`."""
    errors = resource_name_errors(name, path)
    if "/" not in name:
        if name not in _CONTAINER_RESOURCES and not is_hugepages(name):
            errors.append(invalid(path, name, "must be a standard resource for containers"))
    elif not is_native(name) and not _is_extended(name):
        errors.append(invalid(path, name, "doesn't follow extended resource name standard"))
    return errors


def _is_extended(name: str) -> bool:
    return not name.startswith("requests.") and not qualified_name_errors("requests." + name)


def quantity_value_errors(name: str, value: Quantity, *, path: str) -> list[FieldError]:
    """`ValidateResourceQuantityValue`: not negative, whole for integer resources."""
    errors = []
    if value.sign() < 0:
        errors.append(invalid(path, value.canonical(), NEGATIVE))
    integer_resource = name in _INTEGER_RESOURCES or (not is_native(name) and _is_extended(name))
    if integer_resource and value.milli_value() % 1000 != 0:
        errors.append(invalid(path, value.canonical(), "must be an integer"))
    return errors


def _hugepage_errors(name: str, value: Quantity, *, path: str) -> list[FieldError]:
    size = quantity.parse_or_none(name.removeprefix(_HUGEPAGES))
    if size is None or size.sign() <= 0:
        return []
    if value.sign() >= 0 and (value.amount / size.amount).denominator == 1:
        return []
    detail = f"{value.canonical()} is not positive integer multiple of {name}"
    return [invalid(path, value.canonical(), detail)]


def _entry_errors(name: str, raw: object, *, path: str) -> tuple[Quantity | None, list[FieldError]]:
    errors = container_resource_name_errors(name, path)
    value, parse_errors = parse_at(path, raw)
    if value is None:
        return None, errors + parse_errors
    errors.extend(quantity_value_errors(name, value, path=path))
    if is_hugepages(name):
        errors.extend(_hugepage_errors(name, value, path=path))
    return value, errors


def requirements_errors(
    resources: object, path: str, *, claim_names: Iterable[str] = ()
) -> list[FieldError]:
    """`ValidateContainerResourceRequirements` for a container's `resources`."""
    resources = as_dict(resources)
    limits_path, requests_path = f"{path}.limits", f"{path}.requests"
    errors: list[FieldError] = []
    limits: dict[str, Quantity] = {}
    for name, raw in sorted(as_dict(resources.get("limits")).items()):
        value, entry_errors = _entry_errors(name, raw, path=f"{limits_path}[{name}]")
        errors.extend(entry_errors)
        if value is not None:
            limits[name] = value
    requests: dict[str, Quantity] = {}
    for name, raw in sorted(as_dict(resources.get("requests")).items()):
        value, entry_errors = _entry_errors(name, raw, path=f"{requests_path}[{name}]")
        errors.extend(entry_errors)
        if value is None:
            continue
        requests[name] = value
        errors.extend(
            _request_within_limit(
                name, value, limits=limits, requests_path=requests_path, limits_path=limits_path
            )
        )
    if _hugepages_without_cpu_or_memory(set(limits) | set(requests)):
        errors.append(forbidden(path, "HugePages require cpu or memory"))
    errors.extend(_claim_errors(resources, f"{path}.claims", pod_claims=set(claim_names)))
    return errors


def _request_within_limit(
    name: str,
    value: Quantity,
    *,
    limits: dict[str, Quantity],
    requests_path: str,
    limits_path: str,
) -> list[FieldError]:
    limit = limits.get(name)
    if limit is None:
        if overcommit_allowed(name):
            return []
        return [required(limits_path, "Limit must be set for non overcommitable resources")]
    shown = value.canonical()
    if value.cmp(limit) != 0 and not overcommit_allowed(name):
        detail = f"must be equal to {name} limit of {limit.canonical()}"
        return [invalid(requests_path, shown, detail)]
    if value.cmp(limit) > 0:
        detail = f"must be less than or equal to {name} limit of {limit.canonical()}"
        return [invalid(requests_path, shown, detail)]
    return []


def _hugepages_without_cpu_or_memory(names: set[str]) -> bool:
    return any(is_hugepages(n) for n in names) and not any(n in _QOS_RESOURCES for n in names)


def _claim_errors(
    resources: dict[str, Any], path: str, *, pod_claims: set[str]
) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, claim in enumerate(items(resources, "claims")):
        name, where = text(claim, "name"), f"{path}[{index}]"
        if not name:
            errors.append(required(where))
            continue
        key = f"{name}/{text(claim, 'request')}" if text(claim, "request") else name
        if key in seen or (not text(claim, "request") and name in seen):
            errors.append(duplicate(where, key))
        seen.add(key)
        if name not in pod_claims:
            listed = ", ".join(sorted(pod_claims))
            suffix = f": {listed}" if listed else " which is empty"
            detail = "must be one of the names in pod.spec.resourceClaims" + suffix
            errors.append(FieldError(FieldErrorType.NOT_FOUND, where, name, detail))
    return errors
