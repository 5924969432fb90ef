"""The ownership graph, read straight from the shared informers' caches.

Every collectable resource has a shared informer whose cache indexes objects by uid and by the
uids they name as owners, so "which object has uid U" and "who names U as an owner" are index
lookups. The graph keeps no state of its own: it cannot drift from the caches, and a restart
rebuilds it by listing.

A dependent's edge exists as long as the dependent names the owner, whether or not the owner is
in any cache: that is how dependents of an owner that is already gone are found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stead.api.kinds import ResourceType
from stead.client.informer import Informer
from stead.client.objects import (
    Object,
    OwnerReference,
    finalizers_of,
    is_being_deleted,
    name_of,
    namespace_of,
    owner_references,
    resource_version_of,
    uid_of,
)
from stead.client.resources import stored_resources


def collectable_resources() -> list[ResourceType]:
    """Every resource the collector watches: stored, listable, watchable and deletable."""
    return stored_resources(verbs=("delete", "list", "watch"))


@dataclass(frozen=True)
class Node:
    """One object of the graph; `obj` is the cached object itself: never mutate it."""

    resource: ResourceType
    obj: Object

    @property
    def uid(self) -> str:
        return uid_of(self.obj)

    @property
    def name(self) -> str:
        return name_of(self.obj)

    @property
    def namespace(self) -> str:
        return namespace_of(self.obj)

    @property
    def resource_version(self) -> str:
        return resource_version_of(self.obj)

    @property
    def owners(self) -> list[OwnerReference]:
        return owner_references(self.obj)

    @property
    def being_deleted(self) -> bool:
        return is_being_deleted(self.obj)

    @property
    def finalizers(self) -> tuple[str, ...]:
        return finalizers_of(self.obj)

    def reference_to(self, owner_uid: str) -> OwnerReference | None:
        return next((ref for ref in self.owners if ref.uid == owner_uid), None)

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.resource.qualified_name} {where}{self.name}"


class Graph:
    def __init__(self, informers: Mapping[ResourceType, Informer]) -> None:
        self._informers = dict(informers)

    @property
    def informers(self) -> Iterable[Informer]:
        return self._informers.values()

    def find(self, uid: str) -> Node | None:
        """The cached object with this uid (absence here is no proof it does not exist)."""
        for resource, informer in self._informers.items():
            obj = informer.cache.by_uid(uid)
            if obj is not None:
                return Node(resource, obj)
        return None

    def dependents(self, owner_uid: str) -> list[Node]:
        """Cached objects naming `owner_uid` in their owner references."""
        return [
            Node(resource, obj)
            for resource, informer in self._informers.items()
            for obj in informer.cache.owned_by(owner_uid)
        ]
