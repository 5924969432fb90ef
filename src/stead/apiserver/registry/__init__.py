"""The per-kind rules: one `Strategy` for every stored resource of `stead.api.kinds`.

Handlers call `strategy_for(resource)`; the other exports serve subresources and the storage
shared by the two Event APIs.
"""

from __future__ import annotations

from stead.api.kinds import RESOURCES, ResourceType
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.claims import PersistentVolumeClaimStrategy
from stead.apiserver.registry.cluster import NamespaceStrategy, NodeStrategy
from stead.apiserver.registry.configs import ConfigMapStrategy, SecretStrategy
from stead.apiserver.registry.endpoints import EndpointSliceStrategy, EndpointsStrategy
from stead.apiserver.registry.events import (
    CoreEventStrategy,
    EventsV1Strategy,
    core_event_to_events_v1,
    events_v1_to_core_event,
)
from stead.apiserver.registry.leases import LeaseStrategy
from stead.apiserver.registry.pods import PodStrategy, validate_binding
from stead.apiserver.registry.revisions import ControllerRevisionStrategy
from stead.apiserver.registry.services import ServiceStrategy
from stead.apiserver.registry.statefulsets import (
    StatefulSetStrategy,
    scale_from_statefulset,
    validate_scale,
)
from stead.apiserver.registry.storage import PersistentVolumeStrategy, StorageClassStrategy
from stead.apiserver.registry.strategy import Strategy

_BY_KIND: dict[tuple[str, str], type[BaseStrategy]] = {
    ("", "Namespace"): NamespaceStrategy,
    ("", "Node"): NodeStrategy,
    ("", "Pod"): PodStrategy,
    ("", "Service"): ServiceStrategy,
    ("", "Endpoints"): EndpointsStrategy,
    ("", "PersistentVolume"): PersistentVolumeStrategy,
    ("", "PersistentVolumeClaim"): PersistentVolumeClaimStrategy,
    ("", "ConfigMap"): ConfigMapStrategy,
    ("", "Secret"): SecretStrategy,
    ("", "Event"): CoreEventStrategy,
    ("apps", "StatefulSet"): StatefulSetStrategy,
    ("apps", "ControllerRevision"): ControllerRevisionStrategy,
    ("discovery.k8s.io", "EndpointSlice"): EndpointSliceStrategy,
    ("storage.k8s.io", "StorageClass"): StorageClassStrategy,
    ("events.k8s.io", "Event"): EventsV1Strategy,
    ("coordination.k8s.io", "Lease"): LeaseStrategy,
}

_STRATEGIES: dict[ResourceType, Strategy] = {
    resource: _BY_KIND.get((resource.group, resource.kind), BaseStrategy)(resource)
    for resource in RESOURCES
    if resource.stored
}


def strategy_for(resource: ResourceType) -> Strategy:
    """The strategy of a stored resource; a kind without rules of its own gets the generic
    ones (metadata validation, status and generation handling)."""
    strategy = _STRATEGIES.get(resource)
    return strategy if strategy is not None else BaseStrategy(resource)


__all__ = [
    "Strategy",
    "core_event_to_events_v1",
    "events_v1_to_core_event",
    "scale_from_statefulset",
    "strategy_for",
    "validate_binding",
    "validate_scale",
]
