"""How a resource is served versus how it is stored, for resources sharing one storage.

`events.k8s.io/v1` Events are stored as core `v1` Events (as upstream does), so both APIs see
the same objects; every other resource is stored exactly as served.
"""

from __future__ import annotations

import copy
from typing import Any

from stead.api.kinds import ResourceType
from stead.apiserver.registry import core_event_to_events_v1, events_v1_to_core_event

Object = dict[str, Any]


def _is_events_v1(resource: ResourceType) -> bool:
    return resource.group == "events.k8s.io"


def to_served(resource: ResourceType, stored: Object) -> Object:
    return core_event_to_events_v1(stored) if _is_events_v1(resource) else stored


def to_stored(resource: ResourceType, served: Object) -> Object:
    return events_v1_to_core_event(served) if _is_events_v1(resource) else served


def private_copy(obj: Object) -> Object:
    """A deep copy to mutate: objects from the store may be shared with other readers."""
    return copy.deepcopy(obj)
