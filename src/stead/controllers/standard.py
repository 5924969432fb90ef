"""The controllers `stead up` runs, connected to the API server like any other client."""

from __future__ import annotations

from stead.client.config import ClientConfig
from stead.client.rest import RestClient
from stead.controllers.garbagecollector import GarbageCollector
from stead.controllers.manager import Manager
from stead.controllers.namespace import NamespaceController

USER_AGENT = "stead-controller-manager"


def standard_manager(client: RestClient) -> Manager:
    """A manager holding every standard controller, not yet running."""
    manager = Manager(client)
    manager.add(GarbageCollector(client, manager.informers).controller)
    manager.add(NamespaceController(client, manager.informers).controller)
    return manager


async def run_controllers(config: ClientConfig) -> None:
    """Run the standard controllers against the API server of `config` until cancelled."""
    async with RestClient(config) as client:
        await standard_manager(client).run()
