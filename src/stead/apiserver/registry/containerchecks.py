"""Parts of a container checked one by one: environment, probes and lifecycle handlers, and
the security context (upstream `ValidateEnv`, `validateProbe`, `validateHandler`,
`ValidateSecurityContext`)."""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from stead.api.validation import config_map_key_errors
from stead.apiserver.registry.downward import (
    ENV_FIELDS,
    field_selector_errors,
    resource_selector_errors,
)
from stead.apiserver.registry.fields import (
    as_list,
    child,
    enumerate_items,
    integer,
    number,
    objects,
    strings,
    text,
)
from stead.apiserver.registry.formats import (
    env_var_name_errors,
    http_header_errors,
    id_errors,
    local_descending_path_errors,
    port_num_or_name_errors,
)
from stead.apiserver.registry.names import dns_subdomain_name
from stead.apiserver.registry.objectmeta import nonnegative

Object = dict[str, Any]

_ENV_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_SCHEMES = ("HTTP", "HTTPS")
_SECCOMP_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
_PROC_MOUNTS = ("Default", "Unmasked")


def env_errors(env: object, path: str) -> list[FieldError]:
    """`ValidateEnv` (names checked the relaxed way, GA upstream)."""
    errors: list[FieldError] = []
    for index, var in enumerate(objects(env)):
        where = f"{path}[{index}]"
        name = text(var, "name")
        if not name:
            errors.append(required(f"{where}.name"))
        else:
            errors.extend(invalid(f"{where}.name", name, m) for m in env_var_name_errors(name))
        source = var.get("valueFrom")
        if isinstance(source, dict):
            errors.extend(_value_from_errors(source, text(var, "value"), path=f"{where}.valueFrom"))
    return errors


def _value_from_errors(source: Object, value: str, *, path: str) -> list[FieldError]:
    present = [key for key in _ENV_SOURCES if isinstance(source.get(key), dict)]
    errors: list[FieldError] = []
    for key in present:
        ref, where = child(source, key), f"{path}.{key}"
        if key == "fieldRef":
            errors.extend(field_selector_errors(ref, where, supported=ENV_FIELDS))
        elif key == "resourceFieldRef":
            errors.extend(resource_selector_errors(ref, where, in_volume=False))
        else:
            errors.extend(_key_selector_errors(ref, where))
    if not present:
        detail = (
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
            "`secretKeyRef`"
        )
        errors.append(invalid(path, "", detail))
    elif value:
        errors.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif len(present) > 1:
        errors.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errors


def _key_selector_errors(ref: Object, path: str) -> list[FieldError]:
    name, key = text(ref, "name"), text(ref, "key")
    errors = [invalid(f"{path}.name", name, m) for m in dns_subdomain_name(name, False)]
    if not key:
        errors.append(required(f"{path}.key"))
    else:
        errors.extend(invalid(f"{path}.key", key, m) for m in config_map_key_errors(key))
    return errors


def env_from_errors(sources: object, path: str) -> list[FieldError]:
    """`ValidateEnvFrom`."""
    errors: list[FieldError] = []
    for index, source in enumerate(objects(sources)):
        where = f"{path}[{index}]"
        if prefix := text(source, "prefix"):
            errors.extend(
                invalid(f"{where}.prefix", prefix, m) for m in env_var_name_errors(prefix)
            )
        present = [
            key for key in ("configMapRef", "secretRef") if isinstance(source.get(key), dict)
        ]
        for key in present:
            name = text(child(source, key), "name")
            if not name:
                errors.append(required(f"{where}.{key}.name"))
            else:
                errors.extend(
                    invalid(f"{where}.{key}.name", name, m) for m in dns_subdomain_name(name, True)
                )
        if not present:
            errors.append(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif len(present) > 1:
            detail = "may not have more than one field specified at a time"
            errors.append(invalid(path, "", detail))
    return errors


def probe_errors(probe: Object, path: str, *, grace: int | None, kind: str) -> list[FieldError]:
    """`validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe`."""
    errors = _handler_errors(probe, path, grace=grace, kinds=_PROBE_HANDLERS)
    for key in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold"):  # fmt: skip
        errors.extend(nonnegative(f"{path}.{key}", integer(probe, key)))
    probe_grace = integer(probe, "terminationGracePeriodSeconds")
    if probe_grace is not None and probe_grace <= 0:
        detail = "must be greater than 0"
        errors.append(invalid(f"{path}.terminationGracePeriodSeconds", probe_grace, detail))
    if kind == "readinessProbe":
        if probe_grace is not None:
            detail = "must not be set for readinessProbes"
            errors.append(invalid(f"{path}.terminationGracePeriodSeconds", probe_grace, detail))
    elif number(probe, "successThreshold") != 1:
        where = f"{path}.successThreshold"
        errors.append(invalid(where, number(probe, "successThreshold"), "must be 1"))
    return errors


def lifecycle_errors(lifecycle: Object, path: str, *, grace: int | None) -> list[FieldError]:
    errors: list[FieldError] = []
    for key in ("postStart", "preStop"):
        handler = lifecycle.get(key)
        if isinstance(handler, dict):
            errors.extend(
                _handler_errors(handler, f"{path}.{key}", grace=grace, kinds=_LIFECYCLE_HANDLERS)
            )
    return errors


def _handler_errors(
    handler: Object, path: str, *, grace: int | None, kinds: tuple[str, ...]
) -> list[FieldError]:
    """`validateHandler`: exactly one handler type."""
    errors: list[FieldError] = []
    found = False
    for kind in kinds:
        action = handler.get(kind)
        if not isinstance(action, dict):
            continue
        if found:
            errors.append(forbidden(f"{path}.{kind}", "may not specify more than 1 handler type"))
            continue
        found = True
        errors.extend(_action_errors(kind, action, path=f"{path}.{kind}", grace=grace))
    if not found:
        errors.append(required(path, "must specify a handler type"))
    return errors


def _action_errors(kind: str, action: Object, *, path: str, grace: int | None) -> list[FieldError]:
    if kind == "exec":
        return [] if strings(action.get("command")) else [required(f"{path}.command")]
    if kind == "httpGet":
        return _http_get_errors(action, path)
    if kind == "tcpSocket":
        return port_num_or_name_errors(f"{path}.port", action.get("port"))
    if kind == "grpc":
        return port_num_or_name_errors(f"{path}.port", number(action, "port"))
    seconds = number(action, "seconds")
    if grace is not None and not 0 <= seconds <= grace:
        detail = f"must be non-negative and less than terminationGracePeriodSeconds ({grace})"
        return [invalid(path, seconds, detail)]
    return []


def _http_get_errors(action: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not text(action, "path"):
        errors.append(required(f"{path}.path"))
    errors.extend(port_num_or_name_errors(f"{path}.port", action.get("port")))
    scheme = text(action, "scheme")
    if scheme not in _SCHEMES:
        errors.append(not_supported(f"{path}.scheme", scheme, _SCHEMES))
    for header in objects(action.get("httpHeaders")):
        name = text(header, "name")
        errors.extend(invalid(f"{path}.httpHeaders", name, m) for m in http_header_errors(name))
    return errors


def seccomp_profile_errors(profile: object, path: str) -> list[FieldError]:
    """`validateSeccompProfileField`."""
    if not isinstance(profile, dict):
        return []
    kind = text(profile, "type")
    errors: list[FieldError] = []
    if not kind:
        errors.append(required(f"{path}.type", "type is required when seccompProfile is set"))
    elif kind not in _SECCOMP_TYPES:
        errors.append(not_supported(f"{path}.type", kind, _SECCOMP_TYPES))
    local = profile.get("localhostProfile")
    if kind == "Localhost":
        if not isinstance(local, str):
            detail = "must be set when seccomp type is Localhost"
            errors.append(required(f"{path}.localhostProfile", detail))
        else:
            errors.extend(local_descending_path_errors(f"{path}.localhostProfile", local))
    elif local is not None:
        detail = "can only be set when seccomp type is Localhost"
        errors.append(invalid(f"{path}.localhostProfile", profile, detail))
    return errors


def security_context_errors(context: Object, path: str, *, host_users: bool) -> list[FieldError]:
    """`ValidateSecurityContext` for a container."""
    errors = id_errors(f"{path}.runAsUser", integer(context, "runAsUser"))
    errors.extend(id_errors(f"{path}.runAsGroup", integer(context, "runAsGroup")))
    proc_mount = context.get("procMount")
    if isinstance(proc_mount, str):
        if proc_mount not in _PROC_MOUNTS:
            errors.append(not_supported(f"{path}.procMount", proc_mount, _PROC_MOUNTS))
        if host_users and proc_mount == "Unmasked":
            detail = "`hostUsers` must be false to use `Unmasked`"
            errors.append(invalid(f"{path}.procMount", proc_mount, detail))
    errors.extend(seccomp_profile_errors(context.get("seccompProfile"), f"{path}.seccompProfile"))
    if context.get("allowPrivilegeEscalation") is False:
        if context.get("privileged") is True:
            detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
            errors.append(invalid(path, context, detail))
        if "CAP_SYS_ADMIN" in strings(child(context, "capabilities").get("add")):
            detail = (
                "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` "
                "CAP_SYS_ADMIN"
            )
            errors.append(invalid(path, context, detail))
    return errors


def pod_security_context_errors(context: Object, path: str) -> list[FieldError]:
    """`validatePodSpecSecurityContext` (the parts that apply on Linux)."""
    errors = id_errors(f"{path}.fsGroup", integer(context, "fsGroup"))
    errors.extend(id_errors(f"{path}.runAsUser", integer(context, "runAsUser")))
    errors.extend(id_errors(f"{path}.runAsGroup", integer(context, "runAsGroup")))
    for index, group in enumerate(as_list(context.get("supplementalGroups"))):
        if isinstance(group, int):
            errors.extend(id_errors(f"{path}.supplementalGroups[{index}]", group))
    errors.extend(_sysctl_errors(context, f"{path}.sysctls"))
    policy = context.get("fsGroupChangePolicy")
    if isinstance(policy, str) and policy not in ("Always", "OnRootMismatch"):
        where = f"{path}.fsGroupChangePolicy"
        errors.append(not_supported(where, policy, ("Always", "OnRootMismatch")))
    errors.extend(seccomp_profile_errors(context.get("seccompProfile"), f"{path}.seccompProfile"))
    return errors


def _sysctl_errors(context: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, sysctl in enumerate_items(context, "sysctls"):
        name, where = text(sysctl, "name"), f"{path}[{index}].name"
        if not name:
            errors.append(required(where))
        elif name in seen:
            errors.append(duplicate(where, name))
        seen.add(name)
    return errors
