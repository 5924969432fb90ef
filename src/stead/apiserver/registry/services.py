"""Services: defaults, validation and the update rules for allocated values.

Cluster IP allocation is not the strategy's: the handler's allocator fills `clusterIP` (and
`clusterIPs`) after validation; here a user-given address, or `None` for a headless service,
is checked, and an update that omits the allocated values keeps them.
"""

from __future__ import annotations

import ipaddress
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
    port_num_errors,
    qualified_name_errors,
    validate_labels,
)
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.containers import PROTOCOLS
from stead.apiserver.registry.fields import (
    as_dict,
    child,
    clone,
    ensure,
    enumerate_items,
    integer,
    is_unset,
    items,
    number,
    strings,
    text,
)
from stead.apiserver.registry.formats import (
    ip_errors,
    non_special_ip_errors,
    parse_ip,
    port_num_or_name_errors,
)
from stead.apiserver.registry.names import dns_label_name
from stead.apiserver.registry.objectmeta import core_object_meta_update_errors
from stead.apiserver.registry.serviceexposure import (
    externally_accessible,
    load_balancer_class_update_errors,
    load_balancer_errors,
    needs_health_check,
    node_port_errors,
    source_range_errors,
    traffic_policy_errors,
)
from stead.apiserver.registry.serviceips import cluster_ip_errors, cluster_ip_update_errors

Object = dict[str, Any]

TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
_AFFINITIES = ("ClientIP", "None")
_DEFAULT_AFFINITY_TIMEOUT = 10800
_MAX_AFFINITY_TIMEOUT = 86400


def is_headless(spec: Object) -> bool:
    return strings(spec.get("clusterIPs")) == ["None"]


def default_service_spec(spec: Object) -> None:
    """`SetDefaults_Service`, plus the IP family fields the allocator would otherwise fill."""
    if is_unset(spec, "sessionAffinity"):
        spec["sessionAffinity"] = "None"
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        client = child(child(spec, "sessionAffinityConfig"), "clientIP")
        if client.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {
                "clientIP": {"timeoutSeconds": _DEFAULT_AFFINITY_TIMEOUT}
            }
    if is_unset(spec, "type"):
        spec["type"] = "ClusterIP"
    for port in items(spec, "ports"):
        if is_unset(port, "protocol"):
            port["protocol"] = "TCP"
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port", 0)
    if externally_accessible(spec) and is_unset(spec, "externalTrafficPolicy"):
        spec["externalTrafficPolicy"] = "Cluster"
    if spec.get("internalTrafficPolicy") is None and spec["type"] != "ExternalName":
        spec["internalTrafficPolicy"] = "Cluster"
    if spec["type"] == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        spec["allocateLoadBalancerNodePorts"] = True
    if text(spec, "clusterIP") and not strings(spec.get("clusterIPs")):
        spec["clusterIPs"] = [spec["clusterIP"]]
    _default_ip_families(spec)


def _default_ip_families(spec: Object) -> None:
    if spec["type"] == "ExternalName":
        return
    if spec.get("ipFamilyPolicy") is None:
        headless_without_selector = is_headless(spec) and not as_dict(spec.get("selector"))
        spec["ipFamilyPolicy"] = "RequireDualStack" if headless_without_selector else "SingleStack"
    if not strings(spec.get("ipFamilies")):
        addresses = [parse_ip(ip) for ip in strings(spec.get("clusterIPs")) if ip != "None"]
        families = [
            "IPv6" if isinstance(ip, ipaddress.IPv6Address) else "IPv4"
            for ip in addresses
            if ip is not None
        ]
        spec["ipFamilies"] = families or ["IPv4"]


class ServiceStrategy(BaseStrategy):
    name_fn = dns_label_name

    def prepare_for_create(self, obj: Object) -> None:
        super().prepare_for_create(obj)
        obj["status"] = {"loadBalancer": {}}

    def prepare_for_update(self, new: Object, old: Object) -> None:
        keep_allocated(ensure(new, "spec"), child(old, "spec"))
        super().prepare_for_update(new, old)

    def default(self, obj: Object) -> None:
        default_service_spec(ensure(obj, "spec"))

    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + service_spec_errors(obj)

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        spec, old_spec = child(new, "spec"), child(old, "spec")
        errors = core_object_meta_update_errors(new, old)
        errors.extend(cluster_ip_update_errors(spec, old_spec))
        errors.extend(load_balancer_class_update_errors(spec, old_spec))
        if (
            needs_health_check(old_spec)
            and needs_health_check(spec)
            and spec.get("healthCheckNodePort") != old_spec.get("healthCheckNodePort")
        ):
            errors.append(forbidden("spec.healthCheckNodePort", "field is immutable"))
        return errors + self.validate_object(new)

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        ingress = items(child(child(new, "status"), "loadBalancer"), "ingress")
        path = "status.loadBalancer.ingress"
        if ingress and text(child(new, "spec"), "type") != "LoadBalancer":
            return [*errors, forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")]
        for index, entry in enumerate(ingress):
            if ip := text(entry, "ip"):
                errors.extend(ip_errors(f"{path}[{index}].ip", ip))
        return errors


def keep_allocated(spec: Object, old_spec: Object) -> None:
    """An update that omits what the server allocated keeps it (upstream
    `patchAllocatedValues` and `NormalizeClusterIPs`)."""
    # Defaults have not run yet: an absent type is ClusterIP.
    if "ExternalName" not in (text(spec, "type") or "ClusterIP", text(old_spec, "type")):
        if not text(spec, "clusterIP"):
            spec["clusterIP"] = old_spec.get("clusterIP", "")
        if not strings(spec.get("clusterIPs")) and strings(old_spec.get("clusterIPs")):
            spec["clusterIPs"] = clone(old_spec["clusterIPs"])
        for key in ("ipFamilies", "ipFamilyPolicy"):
            if spec.get(key) in (None, []) and key in old_spec:
                spec[key] = clone(old_spec[key])
    if text(spec, "clusterIP") != text(old_spec, "clusterIP") and strings(
        spec.get("clusterIPs")
    ) == strings(old_spec.get("clusterIPs")):
        spec["clusterIPs"] = [spec["clusterIP"]] if text(spec, "clusterIP") else []
    old_ports = {
        (text(p, "protocol") or "TCP", number(p, "port")): p for p in items(old_spec, "ports")
    }
    for port in items(spec, "ports"):
        old = old_ports.get((text(port, "protocol") or "TCP", number(port, "port")))
        if old is not None and not port.get("nodePort") and old.get("nodePort"):
            port["nodePort"] = old["nodePort"]
    if (
        needs_health_check(spec)
        and not spec.get("healthCheckNodePort")
        and old_spec.get("healthCheckNodePort")
    ):
        spec["healthCheckNodePort"] = old_spec["healthCheckNodePort"]


def service_spec_errors(obj: Object) -> list[FieldError]:
    """`ValidateService` after the metadata."""
    spec = child(obj, "spec")
    kind = text(spec, "type")
    errors: list[FieldError] = []
    if not items(spec, "ports") and not is_headless(spec) and kind != "ExternalName":
        errors.append(required("spec.ports"))
    errors.extend(_type_specific_errors(spec, kind))
    errors.extend(_ports_errors(spec))
    if spec.get("selector") is not None:
        errors.extend(validate_labels(spec["selector"], "spec.selector"))
    errors.extend(_affinity_errors(spec))
    errors.extend(cluster_ip_errors(spec))
    for index, ip in enumerate(strings(spec.get("externalIPs"))):
        where = f"spec.externalIPs[{index}]"
        errors.extend(ip_errors(where, ip) or non_special_ip_errors(where, ip))
    if not kind:
        errors.append(required("spec.type"))
    elif kind not in TYPES:
        errors.append(not_supported("spec.type", kind, TYPES))
    errors.extend(node_port_errors(spec, kind))
    errors.extend(_duplicate_port_errors(spec))
    errors.extend(source_range_errors(obj, spec, kind=kind))
    errors.extend(load_balancer_errors(spec, kind))
    errors.extend(traffic_policy_errors(spec, kind))
    return errors


def _type_specific_errors(spec: Object, kind: str) -> list[FieldError]:
    if kind in ("LoadBalancer", "NodePort") and is_headless(spec):
        detail = f"may not be set to 'None' for {kind} services"
        return [invalid("spec.clusterIPs[0]", "None", detail)]
    if kind != "ExternalName":
        return []
    errors: list[FieldError] = []
    for key in ("clusterIPs", "ipFamilies"):
        if strings(spec.get(key)):
            errors.append(forbidden(f"spec.{key}", "may not be set for ExternalName services"))
    if spec.get("ipFamilyPolicy") is not None:
        errors.append(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
    cname = text(spec, "externalName").removesuffix(".")
    if not cname:
        return [*errors, required("spec.externalName")]
    return errors + [
        invalid("spec.externalName", cname, m) for m in dns1123_subdomain_errors(cname)
    ]


def _ports_errors(spec: Object) -> list[FieldError]:
    ports = items(spec, "ports")
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, port in enumerate(ports):
        where = f"spec.ports[{index}]"
        name = text(port, "name")
        if len(ports) > 1 and not name:
            errors.append(required(f"{where}.name"))
        elif name:
            errors.extend(invalid(f"{where}.name", name, m) for m in dns1123_label_errors(name))
            if name in names:
                errors.append(duplicate(f"{where}.name", name))
            names.add(name)
        port_number = number(port, "port")
        errors.extend(
            invalid(f"{where}.port", port_number, m) for m in port_num_errors(port_number)
        )
        protocol = text(port, "protocol")
        if not protocol:
            errors.append(required(f"{where}.protocol"))
        elif protocol not in PROTOCOLS:
            errors.append(not_supported(f"{where}.protocol", protocol, PROTOCOLS))
        errors.extend(port_num_or_name_errors(f"{where}.targetPort", port.get("targetPort")))
        app_protocol = port.get("appProtocol")
        if isinstance(app_protocol, str):
            where_app = f"{where}.appProtocol"
            errors.extend(
                invalid(where_app, app_protocol, m) for m in qualified_name_errors(app_protocol)
            )
    return errors


def _affinity_errors(spec: Object) -> list[FieldError]:
    affinity = text(spec, "sessionAffinity")
    if not affinity:
        return [required("spec.sessionAffinity")]
    if affinity not in _AFFINITIES:
        return [not_supported("spec.sessionAffinity", affinity, _AFFINITIES)]
    config = spec.get("sessionAffinityConfig")
    path = "spec.sessionAffinityConfig"
    if affinity == "None":
        if config is not None:
            return [forbidden(path, "must not be set when session affinity is None")]
        return []
    reason = "when session affinity type is ClientIP"
    if not isinstance(config, dict):
        return [required(path, reason)]
    client = config.get("clientIP")
    if not isinstance(client, dict):
        return [required(f"{path}.clientIP", reason)]
    timeout = integer(client, "timeoutSeconds")
    if timeout is None:
        return [required(f"{path}.clientIP.timeoutSeconds", reason)]
    if not 0 < timeout <= _MAX_AFFINITY_TIMEOUT:
        detail = f"must be greater than 0 and less than {_MAX_AFFINITY_TIMEOUT}"
        return [invalid(f"{path}.clientIP.timeoutSeconds", timeout, detail)]
    return []


def _duplicate_port_errors(spec: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[tuple[str, int]] = set()
    for index, port in enumerate_items(spec, "ports"):
        key = (text(port, "protocol"), number(port, "port"))
        if key in seen:
            shown = {"Name": "", "Protocol": key[0], "AppProtocol": None, "Port": key[1],
                     "TargetPort": 0, "NodePort": 0}  # fmt: skip
            errors.append(duplicate(f"spec.ports[{index}]", shown))
        seen.add(key)
    return errors
