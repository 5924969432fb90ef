"""Tables of service networking: Services, Endpoints and EndpointSlices."""

from __future__ import annotations

from datetime import datetime

from stead.apiserver.tables.access import (
    Object,
    dig,
    format_labels,
    integer,
    mapping,
    mappings,
    name_of,
    strings,
    text,
)
from stead.apiserver.tables.columns import AGE, NAME, Cell, Column, Doc, Printer, age

_SERVICE_SPEC = "io.k8s.api.core.v1.ServiceSpec"
_ENDPOINT_SLICE = "io.k8s.api.discovery.v1.EndpointSlice"
_SHOWN = 3
"""Endpoint lists show this many entries, then ` + N more...`."""


def _cluster_ip(spec: Object) -> str:
    # Upstream reads the internal clusterIPs, which the v1 `clusterIP` overrides when they differ.
    first = next(iter(strings(spec.get("clusterIPs"))), "")
    return text(spec.get("clusterIP")) or first or "<none>"


def _load_balancer_addresses(service: Object) -> list[str]:
    addresses = set()
    for ingress in mappings(dig(service, "status", "loadBalancer", "ingress")):
        address = text(ingress.get("ip")) or text(ingress.get("hostname"))
        if address:
            addresses.add(address)
    return sorted(addresses)


def _external_ip(service: Object) -> str:
    spec = mapping(service.get("spec"))
    external = strings(spec.get("externalIPs"))
    kind = spec.get("type")
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        return ",".join(_load_balancer_addresses(service) + external) or "<pending>"
    if kind == "ExternalName":
        return text(spec.get("externalName"))
    return "<unknown>"


def _ports(spec: Object) -> str:
    pieces = []
    for port in mappings(spec.get("ports")):
        number, protocol = integer(port.get("port")), text(port.get("protocol"))
        node_port = integer(port.get("nodePort"))
        if node_port > 0:
            pieces.append(f"{number}:{node_port}/{protocol}")
        else:
            pieces.append(f"{number}/{protocol}")
    return ",".join(pieces) or "<none>"


def _service_cells(service: Object, now: datetime) -> list[Cell]:
    spec = mapping(service.get("spec"))
    return [
        name_of(service),
        text(spec.get("type")),
        _cluster_ip(spec),
        _external_ip(service),
        _ports(spec),
        age(service, now),
        format_labels(spec.get("selector")),
    ]


SERVICE = Printer(
    columns=(
        NAME,
        Column("Type", Doc(_SERVICE_SPEC, "type")),
        Column("Cluster-IP", Doc(_SERVICE_SPEC, "clusterIP")),
        Column("External-IP", Doc(_SERVICE_SPEC, "externalIPs")),
        Column("Port(s)", Doc(_SERVICE_SPEC, "ports")),
        AGE,
        Column("Selector", Doc(_SERVICE_SPEC, "selector"), priority=1),
    ),
    cells=_service_cells,
)


def _host_port(ip: str, port: int) -> str:
    """Go's `net.JoinHostPort`: IPv6 hosts are bracketed."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def _listed(entries: list[str], total: int) -> str:
    shown = ",".join(entries[:_SHOWN])
    return f"{shown} + {total - _SHOWN} more..." if total > _SHOWN else shown


def _endpoints(endpoints: Object) -> str:
    """Upstream `formatEndpoints`: `ip:port` per address and port (bare `ip` without ports)."""
    subsets = mappings(endpoints.get("subsets"))
    if not subsets:
        return "<none>"
    entries: list[str] = []
    for subset in subsets:
        ips = [text(address.get("ip")) for address in mappings(subset.get("addresses"))]
        ports = mappings(subset.get("ports"))
        if not ports:
            entries.extend(ips)
            continue
        for port in ports:
            entries.extend(_host_port(ip, integer(port.get("port"))) for ip in ips)
    return _listed(entries, len(entries))


def _endpoints_cells(endpoints: Object, now: datetime) -> list[Cell]:
    return [name_of(endpoints), _endpoints(endpoints), age(endpoints, now)]


ENDPOINTS = Printer(
    columns=(NAME, Column("Endpoints", Doc("io.k8s.api.core.v1.Endpoints", "subsets")), AGE),
    cells=_endpoints_cells,
)


def _slice_port(port: Object) -> str:
    number, name = port.get("port"), port.get("name")
    if number is not None:
        return str(integer(number))
    return name if isinstance(name, str) else "*"


def _or_unset(entries: list[str]) -> str:
    return _listed(entries, len(entries)) or "<unset>"


def _endpoint_slice_cells(endpoint_slice: Object, now: datetime) -> list[Cell]:
    ports = [_slice_port(port) for port in mappings(endpoint_slice.get("ports"))]
    addresses = [
        address
        for endpoint in mappings(endpoint_slice.get("endpoints"))
        for address in strings(endpoint.get("addresses"))
    ]
    return [
        name_of(endpoint_slice),
        text(endpoint_slice.get("addressType")),
        _or_unset(ports),
        _or_unset(addresses),
        age(endpoint_slice, now),
    ]


ENDPOINT_SLICE = Printer(
    columns=(
        NAME,
        Column("AddressType", Doc(_ENDPOINT_SLICE, "addressType")),
        Column("Ports", Doc(_ENDPOINT_SLICE, "ports")),
        Column("Endpoints", Doc(_ENDPOINT_SLICE, "endpoints")),
        AGE,
    ),
    cells=_endpoint_slice_cells,
)
