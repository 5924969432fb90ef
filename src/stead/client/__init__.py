"""The client side of the Kubernetes API: REST client, informers, caches and work queues.

Components (controllers, agents, DNS) talk to the API server only through this package, so each
could run in its own process. It imports nothing from `stead.apiserver` or `stead.store`.
"""

from stead.client.cache import Cache
from stead.client.clock import Clock, LoopClock, ManualClock
from stead.client.config import ClientConfig, ConfigError, from_kubeconfig
from stead.client.errors import ApiUnreachable
from stead.client.informer import EventHandler, Handlers, Informer, Tombstone, last_state
from stead.client.rest import (
    DeleteOptions,
    ObjectList,
    PatchType,
    Propagation,
    RestClient,
    WatchEvent,
    WatchEventType,
)
from stead.client.shared import SharedInformers
from stead.client.workqueue import ShutDown, WorkQueue

__all__ = [
    "ApiUnreachable",
    "Cache",
    "ClientConfig",
    "Clock",
    "ConfigError",
    "DeleteOptions",
    "EventHandler",
    "Handlers",
    "Informer",
    "LoopClock",
    "ManualClock",
    "ObjectList",
    "PatchType",
    "Propagation",
    "RestClient",
    "SharedInformers",
    "ShutDown",
    "Tombstone",
    "WatchEvent",
    "WatchEventType",
    "WorkQueue",
    "from_kubeconfig",
    "last_state",
]
