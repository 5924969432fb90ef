"""Objects and a running controller manager for controller tests against a real API server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from stead.api import errors
from stead.api.kinds import ResourceType
from stead.client.objects import Object, OwnerReference, name_of, namespace_of, uid_of
from stead.client.resources import resource
from stead.client.rest import RestClient
from stead.controllers.manager import Manager
from stead.controllers.standard import standard_manager

CONFIGMAPS = resource("v1", "configmaps")
SECRETS = resource("v1", "secrets")
PODS = resource("v1", "pods")
NAMESPACES = resource("v1", "namespaces")


@contextlib.asynccontextmanager
async def controllers(client: RestClient) -> AsyncIterator[Manager]:
    """The standard controllers running (caches synced) for the duration of the block."""
    manager = standard_manager(client)
    task = asyncio.create_task(manager.run())
    try:
        await manager.informers.wait_synced()
        yield manager
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def ref(owner: Object, *, block: bool = True) -> OwnerReference:
    return OwnerReference(
        api_version=str(owner["apiVersion"]),
        kind=str(owner["kind"]),
        name=name_of(owner),
        uid=uid_of(owner),
        controller=False,
        block_owner_deletion=block,
    )


def configmap(name: str, *owners: OwnerReference, namespace: str = "default") -> Object:
    meta = {"name": name, "namespace": namespace,
            "ownerReferences": [owner.to_json() for owner in owners]}  # fmt: skip
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta}


def secret(name: str, *owners: OwnerReference, namespace: str = "default") -> Object:
    return {**configmap(name, *owners, namespace=namespace), "kind": "Secret"}


def pod(name: str, *, namespace: str = "default") -> Object:
    """An unscheduled pod (no node): deleting it removes it at once."""
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
            "spec": {"containers": [{"name": "c", "image": "busybox"}]}}  # fmt: skip


async def exists(client: RestClient, kind: ResourceType, obj: Object) -> bool:
    try:
        await client.get(kind, name_of(obj), namespace=namespace_of(obj))
    except errors.NotFound:
        return False
    return True


async def gone(client: RestClient, kind: ResourceType, obj: Object) -> bool:
    return not await exists(client, kind, obj)
