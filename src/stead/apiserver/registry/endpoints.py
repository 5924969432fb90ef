"""Endpoints (core/v1) and EndpointSlices (discovery.k8s.io/v1).

An EndpointSlice tracks `metadata.generation`, bumped whenever anything but its metadata
changes; its addressType is fixed at creation.
"""

from __future__ import annotations

from typing import Any

from stead.api.errors import (
    FieldError,
    FieldErrorType,
    duplicate,
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
    enumerate_items,
    items,
    number,
    objects,
    strings,
    text,
)
from stead.apiserver.registry.formats import (
    fqdn_errors,
    ip_errors,
    ipv4_errors,
    ipv6_errors,
    non_special_ip_errors,
)
from stead.apiserver.registry.objectmeta import immutable

Object = dict[str, Any]

ADDRESS_TYPES = ("FQDN", "IPv4", "IPv6")
_MAX_ENDPOINTS, _MAX_ADDRESSES, _MAX_PORTS, _MAX_TOPOLOGY = 1000, 100, 100, 16


def _too_many(path: str, count: int, *, limit: int) -> FieldError:
    return FieldError(FieldErrorType.TOO_MANY, path, count, f"must have at most {limit} items")


def _named_port_errors(port: Object, path: str, *, name_required: bool) -> list[FieldError]:
    name = text(port, "name")
    errors: list[FieldError] = []
    if name_required and not name:
        errors.append(required(f"{path}.name"))
    elif name:
        errors.extend(invalid(f"{path}.name", name, m) for m in dns1123_label_errors(name))
    return errors


def _app_protocol_errors(port: Object, path: str) -> list[FieldError]:
    value = port.get("appProtocol")
    if not isinstance(value, str):
        return []
    return [invalid(f"{path}.appProtocol", value, m) for m in qualified_name_errors(value)]


class EndpointsStrategy(BaseStrategy):
    def default(self, obj: Object) -> None:
        for subset in items(obj, "subsets"):
            for port in items(subset, "ports"):
                if not text(port, "protocol"):
                    port["protocol"] = "TCP"

    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = self.meta_errors(obj)
        for index, subset in enumerate_items(obj, "subsets"):
            errors.extend(_subset_errors(subset, f"subsets[{index}]"))
        return errors


def _subset_errors(subset: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not items(subset, "addresses") and not items(subset, "notReadyAddresses"):
        errors.append(required(path, "must specify `addresses` or `notReadyAddresses`"))
    for key in ("addresses", "notReadyAddresses"):
        for index, address in enumerate_items(subset, key):
            errors.extend(_address_errors(address, f"{path}.{key}[{index}]"))
    ports = items(subset, "ports")
    for index, port in enumerate(ports):
        where = f"{path}.ports[{index}]"
        errors.extend(_named_port_errors(port, where, name_required=len(ports) > 1))
        port_number = number(port, "port")
        errors.extend(
            invalid(f"{where}.port", port_number, m) for m in port_num_errors(port_number)
        )
        errors.extend(_protocol_errors(text(port, "protocol"), f"{where}.protocol"))
        errors.extend(_app_protocol_errors(port, where))
    return errors


def _protocol_errors(protocol: str, path: str) -> list[FieldError]:
    if not protocol:
        return [required(path)]
    return [] if protocol in PROTOCOLS else [not_supported(path, protocol, PROTOCOLS)]


def _address_errors(address: Object, path: str) -> list[FieldError]:
    ip = text(address, "ip")
    errors = ip_errors(f"{path}.ip", ip)
    if hostname := text(address, "hostname"):
        where = f"{path}.hostname"
        errors.extend(invalid(where, hostname, m) for m in dns1123_label_errors(hostname))
    node = address.get("nodeName")
    if isinstance(node, str):
        where = f"{path}.nodeName"
        errors.extend(invalid(where, node, m) for m in dns1123_subdomain_errors(node))
    return errors + non_special_ip_errors(f"{path}.ip", ip)


class EndpointSliceStrategy(BaseStrategy):
    tracks_generation = True

    def spec_of(self, obj: Object) -> object:
        return {key: value for key, value in obj.items() if key != "metadata"}

    def default(self, obj: Object) -> None:
        for port in items(obj, "ports"):
            if port.get("name") is None:
                port["name"] = ""
            if port.get("protocol") is None:
                port["protocol"] = "TCP"

    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + _slice_errors(obj, ADDRESS_TYPES)

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = self.meta_errors(new) + _slice_errors(new, (*ADDRESS_TYPES, "IP"))
        return errors + immutable(
            "addressType", text(new, "addressType"), old=text(old, "addressType")
        )


def _slice_errors(obj: Object, address_types: tuple[str, ...]) -> list[FieldError]:
    kind = text(obj, "addressType")
    errors: list[FieldError] = []
    if not kind:
        errors.append(required("addressType"))
    elif kind not in address_types:
        errors.append(not_supported("addressType", kind, sorted(address_types)))
    errors.extend(_slice_endpoint_errors(obj, kind))
    return errors + _slice_port_errors(obj)


def _slice_endpoint_errors(obj: Object, kind: str) -> list[FieldError]:
    endpoints = objects(obj.get("endpoints"))
    if len(endpoints) > _MAX_ENDPOINTS:
        return [_too_many("endpoints", len(endpoints), limit=_MAX_ENDPOINTS)]
    errors: list[FieldError] = []
    for index, endpoint in enumerate(endpoints):
        where = f"endpoints[{index}]"
        addresses = strings(endpoint.get("addresses"))
        if not addresses:
            errors.append(required(f"{where}.addresses", "must contain at least 1 address"))
        elif len(addresses) > _MAX_ADDRESSES:
            errors.append(_too_many(f"{where}.addresses", len(addresses), limit=_MAX_ADDRESSES))
        for address_index, address in enumerate(addresses):
            errors.extend(
                _slice_address_errors(kind, address, path=f"{where}.addresses[{address_index}]")
            )
        topology = as_dict(endpoint.get("deprecatedTopology"))
        if len(topology) > _MAX_TOPOLOGY:
            errors.append(_too_many(f"{where}.topology", len(topology), limit=_MAX_TOPOLOGY))
        if topology:
            errors.extend(validate_labels(topology, f"{where}.topology"))
        hostname = endpoint.get("hostname")
        if isinstance(hostname, str):
            where_host = f"{where}.hostname"
            errors.extend(invalid(where_host, hostname, m) for m in dns1123_label_errors(hostname))
    return errors


def _slice_address_errors(kind: str, address: str, *, path: str) -> list[FieldError]:
    if kind == "IPv4":
        return ipv4_errors(path, address) + non_special_ip_errors(path, address)
    if kind == "IPv6":
        return ipv6_errors(path, address) + non_special_ip_errors(path, address)
    if kind == "FQDN":
        return fqdn_errors(path, address)
    if kind == "IP":
        return ip_errors(path, address)
    return []


def _slice_port_errors(obj: Object) -> list[FieldError]:
    ports = objects(obj.get("ports"))
    if len(ports) > _MAX_PORTS:
        return [_too_many("ports", len(ports), limit=_MAX_PORTS)]
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, port in enumerate(ports):
        where = f"ports[{index}]"
        name = text(port, "name")
        errors.extend(_named_port_errors(port, where, name_required=False))
        if name in names:
            errors.append(duplicate(f"{where}.name", name))
        names.add(name)
        protocol = port.get("protocol")
        if protocol is None:
            errors.append(required(f"{where}.protocol"))
        elif protocol not in PROTOCOLS:
            errors.append(not_supported(f"{where}.protocol", protocol, PROTOCOLS))
        errors.extend(_app_protocol_errors(port, where))
    return errors
