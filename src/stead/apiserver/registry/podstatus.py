"""A pod's status: the QoS class computed at creation, and what `/status` writes may do
(upstream `ComputePodQOS`, `ValidatePodStatusUpdate`)."""

from __future__ import annotations

import ipaddress
from typing import Any

from stead.api.errors import FieldError, duplicate, forbidden, invalid
from stead.api.quantity import Quantity
from stead.api.validation import dns1123_subdomain_errors, qualified_name_errors
from stead.apiserver.registry.fields import child, enumerate_items, items, objects, text
from stead.apiserver.registry.formats import ip_errors, parse_ip
from stead.apiserver.registry.objectmeta import immutable
from stead.apiserver.registry.resources import quantities

Object = dict[str, Any]

_QOS_RESOURCES = ("cpu", "memory")
_SYSTEM_CONDITIONS = ("PodScheduled", "Ready", "Initialized")


def qos_class(spec: Object) -> str:
    """`ComputePodQOS`: BestEffort without cpu/memory requests or limits; Guaranteed when every
    container limits cpu and memory and requests equal limits; else Burstable."""
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    guaranteed = True
    for container in [*items(spec, "initContainers"), *items(spec, "containers")]:
        resources = child(container, "resources")
        _accumulate(requests, quantities(resources.get("requests")))
        container_limits = quantities(resources.get("limits"))
        _accumulate(limits, container_limits)
        if not all(name in container_limits for name in _QOS_RESOURCES):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    matching = all(
        name in limits and limits[name].cmp(value) == 0 for name, value in requests.items()
    )
    if guaranteed and matching and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def _accumulate(total: dict[str, Quantity], values: dict[str, Quantity]) -> None:
    for name, value in values.items():
        if name in _QOS_RESOURCES and value.sign() > 0:
            total[name] = total[name] + value if name in total else value


def status_errors(new: Object, old: Object) -> list[FieldError]:
    """`ValidatePodStatusUpdate` (after the metadata checks)."""
    status, old_status = child(new, "status"), child(old, "status")
    errors = _condition_errors(status)
    if text(child(new, "spec"), "nodeName") != text(child(old, "spec"), "nodeName"):
        errors.append(forbidden("status.nodeName", "may not be changed directly"))
    nominated = text(status, "nominatedNodeName")
    if nominated and nominated != text(old_status, "nominatedNodeName"):
        errors.extend(
            invalid("status.nominatedNodeName", nominated, msg)
            for msg in dns1123_subdomain_errors(nominated)
        )
    errors.extend(
        immutable("status.qosClass", text(status, "qosClass"), old=text(old_status, "qosClass"))
    )
    restart_policy = text(child(old, "spec"), "restartPolicy")
    errors.extend(_state_transition_errors(status, old_status, policy=restart_policy))
    errors.extend(_ip_list_errors(status, "podIPs"))
    errors.extend(_host_ip_errors(status))
    return errors


def _condition_errors(status: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, condition in enumerate_items(status, "conditions"):
        kind = text(condition, "type")
        if kind in _SYSTEM_CONDITIONS:
            continue
        # Upstream reports these under `metadata`, a slip kept for identical messages.
        where = f"metadata.conditions[{index}].Type"
        errors.extend(invalid(where, kind, msg) for msg in qualified_name_errors(kind))
    return errors


def _state_transition_errors(
    status: Object, old_status: Object, *, policy: str
) -> list[FieldError]:
    if policy == "Always":
        return []
    errors: list[FieldError] = []
    new_states = {text(s, "name"): child(s, "state") for s in items(status, "containerStatuses")}
    for index, old in enumerate_items(old_status, "containerStatuses"):
        terminated = child(child(old, "state"), "terminated")
        if not child(old, "state").get("terminated"):
            continue
        if policy == "OnFailure" and terminated.get("exitCode", 0) != 0:
            continue
        state = new_states.get(text(old, "name"))
        if state is not None and not state.get("terminated"):
            where = f"status.containerStatuses[{index}].state"
            errors.append(forbidden(where, "may not be transitioned to non-terminated state"))
    return errors


def _ip_list_errors(status: Object, key: str) -> list[FieldError]:
    path = f"status.{key}"
    entries = objects(status.get(key))
    errors: list[FieldError] = []
    for index, entry in enumerate(entries):
        errors.extend(ip_errors(f"{path}[{index}]", text(entry, "ip")))
    if len(entries) <= 1 or errors:
        return errors
    families = [isinstance(parse_ip(text(e, "ip")), ipaddress.IPv6Address) for e in entries]
    if len(entries) > 2 or families[0] == families[1]:
        detail = "may specify no more than one IP for each IP family"
        errors.append(invalid(path, status.get(key), detail))
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if text(entry, "ip") in seen:
            errors.append(duplicate(f"{path}[{index}]", entry))
        seen.add(text(entry, "ip"))
    return errors


def _host_ip_errors(status: Object) -> list[FieldError]:
    entries = objects(status.get("hostIPs"))
    if not entries:
        return []
    errors: list[FieldError] = []
    first = text(entries[0], "ip")
    if text(status, "hostIP") != first:
        errors.append(invalid("status.hostIPs[0].ip", first, "must be equal to `hostIP`"))
    return errors + _ip_list_errors(status, "hostIPs")
