"""A PodSpec, in a Pod or a template (upstream `ValidatePodSpec`, in upstream's order).

Two entry points: `pod_spec_errors` for Pods, `template_spec_errors` for specs embedded in
other kinds; they differ in one rule (a template on the host network may leave hostPort 0).
"""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, duplicate, invalid, not_supported, required
from stead.api.validation import (
    dns1123_label_errors,
    dns1123_subdomain_errors,
    qualified_name_errors,
    validate_labels,
)
from stead.apiserver.registry.affinity import affinity_errors, topology_spread_errors
from stead.apiserver.registry.containerchecks import pod_security_context_errors
from stead.apiserver.registry.containers import (
    PodContext,
    containers_errors,
    init_containers_errors,
)
from stead.apiserver.registry.fields import (
    child,
    enumerate_items,
    integer,
    items,
    objects,
    strings,
    text,
)
from stead.apiserver.registry.formats import MAX_INT32, ip_errors
from stead.apiserver.registry.tolerations import tolerations_errors
from stead.apiserver.registry.volumes import volumes_errors

Object = dict[str, Any]

RESTART_POLICIES = ("Always", "OnFailure", "Never")
DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
_PREEMPTION_POLICIES = ("PreemptLowerPriority", "Never")
_OPERATING_SYSTEMS = ("linux", "windows")


def pod_spec_errors(spec: Object, path: str) -> list[FieldError]:
    """The spec of a Pod: on the host network, hostPort must equal containerPort."""
    errors = _workload_errors(spec, path)
    errors.extend(_host_network_errors(spec, path, zero_allowed=False))
    return errors + _settings_errors(spec, path)


def template_spec_errors(spec: Object, path: str) -> list[FieldError]:
    """The spec of a pod template: hostPort may be left 0 (it is defaulted in the Pod)."""
    errors = _workload_errors(spec, path)
    errors.extend(_host_network_errors(spec, path, zero_allowed=True))
    return errors + _settings_errors(spec, path)


def _pod_context(spec: Object, volumes: dict[str, Object]) -> PodContext:
    return PodContext(
        volumes=volumes,
        grace_period=integer(spec, "terminationGracePeriodSeconds"),
        restart_policy=text(spec, "restartPolicy"),
        claim_names={text(claim, "name") for claim in items(spec, "resourceClaims")},
        host_users=spec.get("hostUsers") is not False,
    )


def _workload_errors(spec: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if spec.get("terminationGracePeriodSeconds") is None:
        errors.append(required(f"{path}.terminationGracePeriodSeconds"))
    volumes, volume_errors = volumes_errors(spec.get("volumes"), f"{path}.volumes")
    errors.extend(volume_errors)
    errors.extend(_resource_claim_errors(spec, f"{path}.resourceClaims"))
    context = _pod_context(spec, volumes)
    errors.extend(containers_errors(spec.get("containers"), f"{path}.containers", pod=context))
    errors.extend(
        init_containers_errors(
            spec.get("initContainers"),
            spec.get("containers"),
            path=f"{path}.initContainers",
            pod=context,
        )
    )
    return errors


def _resource_claim_errors(spec: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, claim in enumerate_items(spec, "resourceClaims"):
        where, name = f"{path}[{index}]", text(claim, "name")
        if not name:
            errors.append(required(f"{where}.name"))
        elif name in names:
            errors.append(duplicate(f"{where}.name", name))
        else:
            errors.extend(invalid(f"{where}.name", name, m) for m in dns1123_label_errors(name))
            names.add(name)
        sources = [
            key for key in ("resourceClaimName", "resourceClaimTemplateName") if key in claim
        ]
        if len(sources) > 1:
            detail = (
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"
            )
            errors.append(invalid(where, claim, detail))
        elif not sources:
            detail = "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
            errors.append(invalid(where, claim, detail))
    return errors


def _host_network_errors(spec: Object, path: str, *, zero_allowed: bool) -> list[FieldError]:
    if spec.get("hostNetwork") is not True:
        return []
    errors: list[FieldError] = []
    for index, container in enumerate_items(spec, "containers"):
        for port_index, port in enumerate_items(container, "ports"):
            host_port, container_port = port.get("hostPort") or 0, port.get("containerPort") or 0
            if (not zero_allowed or host_port != 0) and host_port != container_port:
                where = f"{path}.containers[{index}].ports[{port_index}].hostPort"
                detail = "must match `containerPort` when `hostNetwork` is true"
                errors.append(invalid(where, host_port, detail))
    return errors


def _settings_errors(spec: Object, path: str) -> list[FieldError]:
    errors = _policy_errors(spec, "restartPolicy", path=path, choices=RESTART_POLICIES)
    errors.extend(_policy_errors(spec, "dnsPolicy", path=path, choices=DNS_POLICIES))
    if spec.get("nodeSelector") is not None:
        errors.extend(validate_labels(spec["nodeSelector"], f"{path}.nodeSelector"))
    errors.extend(
        pod_security_context_errors(child(spec, "securityContext"), f"{path}.securityContext")
    )
    errors.extend(affinity_errors(child(spec, "affinity"), f"{path}.affinity"))
    errors.extend(_dns_config_errors(spec, f"{path}.dnsConfig"))
    for index, gate in enumerate_items(spec, "readinessGates"):
        kind, where = text(gate, "conditionType"), f"{path}.readinessGates[{index}].conditionType"
        errors.extend(invalid(where, kind, msg) for msg in qualified_name_errors(kind))
    errors.extend(_scheduling_gate_errors(spec, f"{path}.schedulingGates"))
    errors.extend(topology_spread_errors(spec.get("topologySpreadConstraints"), path))
    errors.extend(_name_field_errors(spec, path))
    errors.extend(_deadline_errors(spec, path))
    for key in ("hostname", "subdomain"):
        if value := text(spec, key):
            errors.extend(invalid(f"{path}.{key}", value, m) for m in dns1123_label_errors(value))
    errors.extend(tolerations_errors(spec.get("tolerations"), f"{path}.tolerations"))
    errors.extend(_host_alias_errors(spec, f"{path}.hostAliases"))
    errors.extend(_late_name_errors(spec, path))
    preemption = spec.get("preemptionPolicy")
    if isinstance(preemption, str):
        errors.extend(
            _policy_errors(spec, "preemptionPolicy", path=path, choices=_PREEMPTION_POLICIES)
        )
    return errors + _os_errors(spec, f"{path}.os")


def _policy_errors(
    spec: Object, key: str, *, path: str, choices: tuple[str, ...]
) -> list[FieldError]:
    value = text(spec, key)
    if not value:
        return [required(f"{path}.{key}")]
    if value not in choices:
        return [not_supported(f"{path}.{key}", value, choices)]
    return []


def _dns_config_errors(spec: Object, path: str) -> list[FieldError]:
    config = spec.get("dnsConfig")
    if text(spec, "dnsPolicy") == "None":
        if not isinstance(config, dict):
            return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")]
        if not strings(config.get("nameservers")):
            detail = "must provide at least one DNS nameserver when `dnsPolicy` is None"
            return [required(f"{path}.nameservers", detail)]
    if not isinstance(config, dict):
        return []
    errors: list[FieldError] = []
    servers, searches = strings(config.get("nameservers")), strings(config.get("searches"))
    if len(servers) > 3:
        detail = "must not have more than 3 nameservers"
        errors.append(invalid(f"{path}.nameservers", servers, detail))
    for index, server in enumerate(servers):
        errors.extend(ip_errors(f"{path}.nameservers[{index}]", server))
    if len(searches) > 32:
        errors.append(
            invalid(f"{path}.searches", searches, "must not have more than 32 search paths")
        )
    if len(" ".join(searches)) > 2048:
        detail = "must not have more than 2048 characters (including spaces) in the search list"
        errors.append(invalid(f"{path}.searches", searches, detail))
    for index, search in enumerate(searches):
        if search == ".":
            continue
        domain = search.removesuffix(".")
        errors.extend(
            invalid(f"{path}.searches[{index}]", domain, m)
            for m in dns1123_subdomain_errors(domain.replace("_", "a"))
        )
    for index, option in enumerate(objects(config.get("options"))):
        if not text(option, "name"):
            errors.append(required(f"{path}.options[{index}]", "must not be empty"))
    return errors


def _scheduling_gate_errors(spec: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, gate in enumerate_items(spec, "schedulingGates"):
        name, where = text(gate, "name"), f"{path}[{index}]"
        errors.extend(invalid(where, name, msg) for msg in qualified_name_errors(name))
        if name in seen:
            errors.append(duplicate(where, name))
        seen.add(name)
    return errors


def _subdomain_field_errors(spec: Object, key: str, *, path: str) -> list[FieldError]:
    value = text(spec, key)
    if not value:
        return []
    return [invalid(f"{path}.{key}", value, msg) for msg in dns1123_subdomain_errors(value)]


def _name_field_errors(spec: Object, path: str) -> list[FieldError]:
    return _subdomain_field_errors(spec, "serviceAccountName", path=path) + _subdomain_field_errors(
        spec, "nodeName", path=path
    )


def _late_name_errors(spec: Object, path: str) -> list[FieldError]:
    errors = _subdomain_field_errors(spec, "priorityClassName", path=path)
    runtime_class = spec.get("runtimeClassName")
    if isinstance(runtime_class, str):
        errors.extend(
            invalid(f"{path}.runtimeClassName", runtime_class, msg)
            for msg in dns1123_subdomain_errors(runtime_class)
        )
    return errors


def _deadline_errors(spec: Object, path: str) -> list[FieldError]:
    deadline = integer(spec, "activeDeadlineSeconds")
    if deadline is None or 1 <= deadline <= MAX_INT32:
        return []
    detail = f"must be between 1 and {MAX_INT32}, inclusive"
    return [invalid(f"{path}.activeDeadlineSeconds", deadline, detail)]


def _host_alias_errors(spec: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, alias in enumerate_items(spec, "hostAliases"):
        errors.extend(ip_errors(f"{path}[{index}].ip", text(alias, "ip")))
        for host_index, host in enumerate(strings(alias.get("hostnames"))):
            where = f"{path}[{index}].hostnames[{host_index}]"
            errors.extend(invalid(where, host, msg) for msg in dns1123_subdomain_errors(host))
    return errors


def _os_errors(spec: Object, path: str) -> list[FieldError]:
    os = spec.get("os")
    if not isinstance(os, dict):
        return []
    name = text(os, "name")
    if not name:
        return [required(f"{path}.name", "cannot be empty")]
    if name not in _OPERATING_SYSTEMS:
        return [not_supported(path, name, _OPERATING_SYSTEMS)]
    return []
