"""Shared informers: one list + watch per resource for every controller in a process.

Controllers ask for the informer of a resource while they are being set up (before `run`), add
their handlers and read its cache; `run` then starts them all in one TaskGroup.
"""

from __future__ import annotations

import asyncio

from stead.api.kinds import ResourceType
from stead.client.informer import WATCH_TIMEOUT, Informer
from stead.client.rest import RestClient


class SharedInformers:
    def __init__(self, client: RestClient, *, watch_timeout: int = WATCH_TIMEOUT) -> None:
        self.client = client
        self.watch_timeout = watch_timeout
        self._informers: dict[ResourceType, Informer] = {}
        self._started = False

    def informer(self, resource: ResourceType) -> Informer:
        """The cluster-wide informer of `resource`, created on first request (before `run`)."""
        found = self._informers.get(resource)
        if found is not None:
            return found
        if self._started:
            raise RuntimeError(f"informer for {resource.qualified_name} requested after start")
        created = Informer(self.client, resource, watch_timeout=self.watch_timeout)
        self._informers[resource] = created
        return created

    @property
    def informers(self) -> list[Informer]:
        return list(self._informers.values())

    @property
    def has_synced(self) -> bool:
        return all(informer.has_synced for informer in self._informers.values())

    async def wait_synced(self) -> None:
        for informer in list(self._informers.values()):
            await informer.wait_synced()

    async def run(self) -> None:
        """Run every informer until cancelled."""
        self._started = True
        async with asyncio.TaskGroup() as group:
            for informer in self._informers.values():
                group.create_task(informer.run(), name=f"informer {informer.name}")
