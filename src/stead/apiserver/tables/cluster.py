"""Tables of cluster plumbing: Namespaces, Nodes, Leases, ConfigMaps and Secrets."""

from __future__ import annotations

from datetime import datetime

from stead.apiserver.tables.access import (
    Object,
    dig,
    is_true,
    mapping,
    mappings,
    name_of,
    text,
)
from stead.apiserver.tables.columns import AGE, NAME, Cell, Column, Doc, Printer, age

_NODE_STATUS = "io.k8s.api.core.v1.NodeStatus"
_NODE_INFO = "io.k8s.api.core.v1.NodeSystemInfo"
_ROLE_PREFIX = "node-role.kubernetes.io/"
_ROLE_LABEL = "kubernetes.io/role"


def _namespace_cells(namespace: Object, now: datetime) -> list[Cell]:
    return [name_of(namespace), text(dig(namespace, "status", "phase")), age(namespace, now)]


NAMESPACE = Printer(
    columns=(NAME, Column("Status", "The status of the namespace"), AGE),
    cells=_namespace_cells,
)


def _node_status(node: Object) -> str:
    """`Ready`/`NotReady` from the Ready condition (else `Unknown`), then `SchedulingDisabled`."""
    ready = None
    for condition in mappings(dig(node, "status", "conditions")):
        if condition.get("type") == "Ready":
            ready = condition
    states = [
        "Unknown" if ready is None else "Ready" if ready.get("status") == "True" else "NotReady"
    ]
    if is_true(dig(node, "spec", "unschedulable")):
        states.append("SchedulingDisabled")
    return ",".join(states)


def _node_roles(node: Object) -> str:
    """Roles from `node-role.kubernetes.io/<role>` keys and the legacy `kubernetes.io/role`."""
    roles = set()
    for key, value in mapping(dig(node, "metadata", "labels")).items():
        if key.startswith(_ROLE_PREFIX) and key != _ROLE_PREFIX:
            roles.add(key.removeprefix(_ROLE_PREFIX))
        elif key == _ROLE_LABEL and text(value):
            roles.add(text(value))
    return ",".join(sorted(roles)) or "<none>"


def _node_address(node: Object, address_type: str) -> str:
    for address in mappings(dig(node, "status", "addresses")):
        if address.get("type") == address_type:
            return text(address.get("address"))
    return "<none>"


def _node_cells(node: Object, now: datetime) -> list[Cell]:
    info = mapping(dig(node, "status", "nodeInfo"))
    return [
        name_of(node),
        _node_status(node),
        _node_roles(node),
        age(node, now),
        text(info.get("kubeletVersion")),
        _node_address(node, "InternalIP"),
        _node_address(node, "ExternalIP"),
        text(info.get("osImage")) or "<unknown>",
        text(info.get("kernelVersion")) or "<unknown>",
        text(info.get("containerRuntimeVersion")) or "<unknown>",
    ]


NODE = Printer(
    columns=(
        NAME,
        Column("Status", "The status of the node"),
        Column("Roles", "The roles of the node"),
        AGE,
        Column("Version", Doc(_NODE_INFO, "kubeletVersion")),
        Column("Internal-IP", Doc(_NODE_STATUS, "addresses"), priority=1),
        Column("External-IP", Doc(_NODE_STATUS, "addresses"), priority=1),
        Column("OS-Image", Doc(_NODE_INFO, "osImage"), priority=1),
        Column("Kernel-Version", Doc(_NODE_INFO, "kernelVersion"), priority=1),
        Column("Container-Runtime", Doc(_NODE_INFO, "containerRuntimeVersion"), priority=1),
    ),
    cells=_node_cells,
)


def _lease_cells(lease: Object, now: datetime) -> list[Cell]:
    return [name_of(lease), text(dig(lease, "spec", "holderIdentity")), age(lease, now)]


LEASE = Printer(
    columns=(
        NAME,
        Column("Holder", Doc("io.k8s.api.coordination.v1.LeaseSpec", "holderIdentity")),
        AGE,
    ),
    cells=_lease_cells,
)


def _config_map_cells(config_map: Object, now: datetime) -> list[Cell]:
    entries = len(mapping(config_map.get("data"))) + len(mapping(config_map.get("binaryData")))
    return [name_of(config_map), entries, age(config_map, now)]


CONFIG_MAP = Printer(
    columns=(NAME, Column("Data", Doc("io.k8s.api.core.v1.ConfigMap", "data")), AGE),
    cells=_config_map_cells,
)


def _secret_cells(secret: Object, now: datetime) -> list[Cell]:
    entries = len(mapping(secret.get("data")))
    return [name_of(secret), text(secret.get("type")), entries, age(secret, now)]


SECRET = Printer(
    columns=(
        NAME,
        Column("Type", Doc("io.k8s.api.core.v1.Secret", "type")),
        Column("Data", Doc("io.k8s.api.core.v1.Secret", "data")),
        AGE,
    ),
    cells=_secret_cells,
)
