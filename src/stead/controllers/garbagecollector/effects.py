"""The garbage collector's writes, each guarded so a stale cache cannot do harm.

* Reference and finalizer edits are JSON patches that first `test` the uid and the exact list
  read from the cache: if the object changed meanwhile the patch fails (422) and the key is
  retried once the cache has caught up, instead of overwriting someone's change.
* Deletes carry uid and resourceVersion preconditions: a dependent that gained an owner since we
  looked is not deleted (409, retried).
* An object already gone counts as done.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from stead.api import errors
from stead.client.objects import metadata_of
from stead.client.rest import DeleteOptions, PatchType, Propagation, RestClient
from stead.controllers.garbagecollector.graph import Node

log = logging.getLogger(__name__)


async def remove_references(client: RestClient, node: Node, owner_uids: frozenset[str]) -> None:
    """Drop `node`'s owner references to any of `owner_uids`."""
    listed = _listed(node, "ownerReferences")
    kept = [ref for ref in listed if not (isinstance(ref, dict) and ref.get("uid") in owner_uids)]
    if len(kept) == len(listed):
        return
    log.info("removing owner references %s from %s", sorted(owner_uids), node)
    await _replace_list(client, node, "ownerReferences", listed, kept)


async def unblock_references(client: RestClient, node: Node) -> bool:
    """Set `blockOwnerDeletion: false` on every reference of `node` that has it true.

    Returns whether anything had to change (and so was patched).
    """
    listed = _listed(node, "ownerReferences")
    unblocked = [_unblocked(ref) for ref in listed]
    if unblocked == listed:
        return False
    log.info("making the owner references of %s non-blocking", node)
    await _replace_list(client, node, "ownerReferences", listed, unblocked)
    return True


def _unblocked(ref: Any) -> Any:
    if isinstance(ref, dict) and ref.get("blockOwnerDeletion") is True:
        return {**ref, "blockOwnerDeletion": False}
    return ref


async def remove_finalizer(client: RestClient, node: Node, finalizer: str) -> None:
    listed = _listed(node, "finalizers")
    if finalizer not in listed:
        return
    log.info("removing finalizer %s from %s", finalizer, node)
    kept = [entry for entry in listed if entry != finalizer]
    await _replace_list(client, node, "finalizers", listed, kept)


async def delete(client: RestClient, node: Node, propagation: Propagation) -> None:
    log.info("deleting %s (propagation %s)", node, propagation)
    options = DeleteOptions(
        propagation=propagation, uid=node.uid, resource_version=node.resource_version
    )
    with contextlib.suppress(errors.NotFound):
        await client.delete(node.resource, node.name, namespace=node.namespace, options=options)


def _listed(node: Node, field: str) -> list[Any]:
    value = metadata_of(node.obj).get(field)
    return list(value) if isinstance(value, list) else []


async def _replace_list(
    client: RestClient, node: Node, field: str, listed: list[Any], new: list[Any]
) -> None:
    path = f"/metadata/{field}"
    operations: list[dict[str, Any]] = [
        {"op": "test", "path": "/metadata/uid", "value": node.uid},
        {"op": "test", "path": path, "value": listed},
        {"op": "replace", "path": path, "value": new} if new else {"op": "remove", "path": path},
    ]
    with contextlib.suppress(errors.NotFound):
        await client.patch(
            node.resource,
            node.name,
            operations,
            patch_type=PatchType.JSON,
            namespace=node.namespace,
        )
