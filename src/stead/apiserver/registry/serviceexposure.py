"""How a Service is exposed beyond its cluster IP: node ports, load balancers, external IPs
and traffic policies (the corresponding parts of upstream `ValidateService`)."""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from stead.api.validation import port_num_errors, qualified_name_errors
from stead.apiserver.registry.fields import as_dict, child, enumerate_items, number, strings, text
from stead.apiserver.registry.formats import cidr_errors

Object = dict[str, Any]

_TRAFFIC_POLICIES = ("Cluster", "Local")
_DISTRIBUTIONS = ("PreferClose", "PreferSameZone", "PreferSameNode")


def externally_accessible(spec: Object) -> bool:
    kind = text(spec, "type")
    return kind in ("LoadBalancer", "NodePort") or (
        kind == "ClusterIP" and bool(strings(spec.get("externalIPs")))
    )


def needs_health_check(spec: Object) -> bool:
    return text(spec, "type") == "LoadBalancer" and text(spec, "externalTrafficPolicy") == "Local"


def node_port_errors(spec: Object, kind: str) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[tuple[str, int]] = set()
    for index, port in enumerate_items(spec, "ports"):
        node_port = number(port, "nodePort")
        if kind == "ClusterIP" and node_port:
            detail = "may not be used when `type` is 'ClusterIP'"
            errors.append(forbidden(f"spec.ports[{index}].nodePort", detail))
    for index, port in enumerate_items(spec, "ports"):
        node_port = number(port, "nodePort")
        if not node_port:
            continue
        key = (text(port, "protocol"), node_port)
        if key in seen:
            errors.append(duplicate(f"spec.ports[{index}].nodePort", node_port))
        seen.add(key)
    return errors


def source_range_errors(obj: Object, spec: Object, *, kind: str) -> list[FieldError]:
    ranges = strings(spec.get("loadBalancerSourceRanges"))
    only_lb = "may only be used when `type` is 'LoadBalancer'"
    if ranges:
        path = "spec.LoadBalancerSourceRanges"
        errors = [] if kind == "LoadBalancer" else [forbidden(path, only_lb)]
        for index, value in enumerate(ranges):
            errors.extend(cidr_errors(f"{path}[{index}]", value.strip()))
        return errors
    key = "service.beta.kubernetes.io/load-balancer-source-ranges"
    annotation = as_dict(child(obj, "metadata").get("annotations")).get(key)
    if not isinstance(annotation, str):
        return []
    path = f"metadata.annotations[{key}]"
    errors = [] if kind == "LoadBalancer" else [forbidden(path, only_lb)]
    if annotation.strip():
        for value in annotation.strip().split(","):
            errors.extend(cidr_errors(path, value.strip()))
    return errors


def load_balancer_errors(spec: Object, kind: str) -> list[FieldError]:
    errors: list[FieldError] = []
    allocate = spec.get("allocateLoadBalancerNodePorts")
    if allocate is not None and kind != "LoadBalancer":
        detail = "may only be used when `type` is 'LoadBalancer'"
        errors.append(forbidden("spec.allocateLoadBalancerNodePorts", detail))
    if kind == "LoadBalancer" and allocate is None:
        errors.append(required("allocateLoadBalancerNodePorts"))
    lb_class = spec.get("loadBalancerClass")
    if isinstance(lb_class, str):
        if kind == "LoadBalancer":
            where = "spec.loadBalancerClass"
            errors.extend(invalid(where, lb_class, m) for m in qualified_name_errors(lb_class))
        else:
            detail = "may only be used when `type` is 'LoadBalancer'"
            errors.append(forbidden("spec.loadBalancerClass", detail))
    return errors


def load_balancer_class_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    both = text(spec, "type") == text(old_spec, "type") == "LoadBalancer"
    if both and spec.get("loadBalancerClass") != old_spec.get("loadBalancerClass"):
        return [
            invalid(
                "spec.loadBalancerClass", spec.get("loadBalancerClass"), "may not change once set"
            )
        ]
    return []


def traffic_policy_errors(spec: Object, kind: str) -> list[FieldError]:
    errors: list[FieldError] = []
    external = text(spec, "externalTrafficPolicy")
    if not externally_accessible(spec):
        if external:
            detail = "may only be set for externally-accessible services"
            errors.append(invalid("spec.externalTrafficPolicy", external, detail))
    elif not external:
        errors.append(required("spec.externalTrafficPolicy"))
    elif external not in _TRAFFIC_POLICIES:
        errors.append(not_supported("spec.externalTrafficPolicy", external, _TRAFFIC_POLICIES))
    health = number(spec, "healthCheckNodePort")
    if not needs_health_check(spec):
        if health:
            detail = (
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is "
                "'Local'"
            )
            errors.append(invalid("spec.healthCheckNodePort", health, detail))
    elif not health:
        errors.append(required("spec.healthCheckNodePort"))
    else:
        where = "spec.healthCheckNodePort"
        errors.extend(invalid(where, health, m) for m in port_num_errors(health))
    internal = spec.get("internalTrafficPolicy")
    if internal is None and kind in ("NodePort", "LoadBalancer", "ClusterIP"):
        errors.append(required("spec.internalTrafficPolicy"))
    if isinstance(internal, str) and internal not in _TRAFFIC_POLICIES:
        errors.append(not_supported("spec.internalTrafficPolicy", internal, _TRAFFIC_POLICIES))
    distribution = spec.get("trafficDistribution")
    if isinstance(distribution, str) and distribution not in _DISTRIBUTIONS:
        errors.append(not_supported("spec.trafficDistribution", distribution, _DISTRIBUTIONS))
    return errors
