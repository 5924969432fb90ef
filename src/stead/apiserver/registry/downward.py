"""The downward API's selectors, shared by env vars and downwardAPI volumes (upstream
`validateObjectFieldSelector`, `validateContainerResourceFieldSelector`)."""

from __future__ import annotations

from typing import Any

from stead.api import quantity
from stead.api.errors import FieldError, invalid, not_supported, required
from stead.api.validation import qualified_name_errors
from stead.apiserver.registry.fields import text

Object = dict[str, Any]

ENV_FIELDS = ("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
              "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
              "status.podIPs")  # fmt: skip
VOLUME_FIELDS = ("metadata.annotations", "metadata.labels", "metadata.name",
                 "metadata.namespace", "metadata.uid")  # fmt: skip
_CONVERTIBLE = frozenset(
    [*ENV_FIELDS, "metadata.annotations", "metadata.labels", "spec.restartPolicy",
     "spec.schedulerName", "status.phase"]
)  # fmt: skip
RESOURCE_FIELDS = ("limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu",
                   "requests.ephemeral-storage", "requests.memory")  # fmt: skip
_HUGEPAGES_PREFIXES = ("limits.hugepages-", "requests.hugepages-")
_BYTE_DIVISORS = frozenset(["1", "1k", "1M", "1G", "1T", "1P", "1E",
                            "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"])  # fmt: skip
_BYTE_DIVISOR_LIST = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"


def _split_subscript(field_path: str) -> tuple[str, str] | None:
    """`metadata.labels['app']` -> (`metadata.labels`, `app`)."""
    if not field_path.endswith("']"):
        return None
    head, sep, subscript = field_path.removesuffix("']").partition("['")
    return (head, subscript) if sep and head else None


def field_selector_errors(
    ref: Object, path: str, *, supported: tuple[str, ...]
) -> list[FieldError]:
    """A `fieldRef`: apiVersion v1, a field the pod exposes (`supported`)."""
    api_version, field_path = text(ref, "apiVersion"), text(ref, "fieldPath")
    if not api_version:
        return [required(f"{path}.apiVersion")]
    if not field_path:
        return [required(f"{path}.fieldPath")]
    problem = _conversion_problem(api_version, field_path)
    if problem:
        detail = f"error converting fieldPath: {problem}"
        return [invalid(f"{path}.fieldPath", field_path, detail)]
    split = _split_subscript(field_path)
    if split is not None:
        head, subscript = split
        key = subscript.lower() if head == "metadata.annotations" else subscript
        return [invalid(path, key, msg) for msg in qualified_name_errors(key)]
    if field_path not in supported:
        return [not_supported(f"{path}.fieldPath", field_path, sorted(supported))]
    return []


def _conversion_problem(api_version: str, field_path: str) -> str:
    if api_version != "v1":
        return f"unsupported pod version: {api_version}"
    split = _split_subscript(field_path)
    if split is not None:
        if split[0] in ("metadata.annotations", "metadata.labels"):
            return ""
        return f"field label does not support subscript: {field_path}"
    if field_path in _CONVERTIBLE or field_path == "spec.host":
        return ""
    return f"field label not supported: {field_path}"


def resource_selector_errors(ref: Object, path: str, *, in_volume: bool) -> list[FieldError]:
    """A `resourceFieldRef` (a volume's must name its container)."""
    resource = text(ref, "resource")
    errors: list[FieldError] = []
    if in_volume and not text(ref, "containerName"):
        errors.append(required(f"{path}.containerName"))
    elif not resource:
        errors.append(required(f"{path}.resource"))
    elif resource not in RESOURCE_FIELDS and not resource.startswith(_HUGEPAGES_PREFIXES):
        errors.append(not_supported(f"{path}.resource", resource, RESOURCE_FIELDS))
    return errors + _divisor_errors(resource, ref.get("divisor"), path=path)


def _divisor_errors(resource: str, raw: object, *, path: str) -> list[FieldError]:
    divisor = quantity.parse_or_none(raw)
    if divisor is None or divisor.sign() == 0:
        return []
    shown = divisor.canonical()
    if resource in ("limits.cpu", "requests.cpu"):
        if shown not in ("1m", "1"):
            detail = "only divisor's values 1m and 1 are supported with the cpu resource"
            return [invalid(f"{path}.divisor", resource, detail)]
        return []
    kinds = {"limits.memory": "memory", "requests.memory": "memory",
             "limits.ephemeral-storage": "local ephemeral storage",
             "requests.ephemeral-storage": "local ephemeral storage"}  # fmt: skip
    kind = kinds.get(resource) or ("hugepages" if resource.startswith(_HUGEPAGES_PREFIXES) else "")
    if kind and shown not in _BYTE_DIVISORS:
        detail = (
            f"only divisor's values {_BYTE_DIVISOR_LIST} are supported with the {kind} resource"
        )
        return [invalid(f"{path}.divisor", resource, detail)]
    return []
