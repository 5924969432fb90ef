"""The controller manager: the shared informers and the controllers of one process.

`run()` starts every informer, waits until all caches are synced (so no controller decides from
an empty cache), then starts every controller, all in one TaskGroup; cancelling `run()` stops
them all. Leader election will sit between "caches synced" and "controllers started": only the
leader starts controllers, while every replica keeps its caches warm.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from stead.client.rest import RestClient
from stead.client.shared import SharedInformers

log = logging.getLogger(__name__)


class Runnable(Protocol):
    name: str

    async def run(self) -> None: ...


class Manager:
    def __init__(self, client: RestClient, *, informers: SharedInformers | None = None) -> None:
        self.client = client
        self.informers = informers or SharedInformers(client)
        self._controllers: list[Runnable] = []

    def add(self, controller: Runnable) -> None:
        """Run `controller` once the caches are synced (add every controller before `run`)."""
        self._controllers.append(controller)

    async def run(self) -> None:
        """Run informers and controllers until cancelled."""
        async with asyncio.TaskGroup() as group:
            group.create_task(self.informers.run(), name="informers")
            await self.informers.wait_synced()
            log.info("caches synced (%d resources)", len(self.informers.informers))
            self._start_controllers(group)

    def _start_controllers(self, group: asyncio.TaskGroup) -> None:
        for controller in self._controllers:
            log.info("starting controller %s", controller.name)
            group.create_task(controller.run(), name=controller.name)
